#!/usr/bin/env bash
# Cortex's map beside aider's repository map, on the same repository, focus and token budget: time, peak memory,
# and the overlap of the files each ranks first. Offline: aider's model-price download fails at once and is ignored.
# Usage: bench/cortex-vs-aider.sh [BIN] [REPO] [FOCUS] [TOKENS] [TOP]
#   BIN     srooter binary (default .build-release/release/srooter)
#   REPO    a source tree (default .build/checkouts/hummingbird)
#   FOCUS   a file of REPO, relative to it (default Sources/Hummingbird/Router/Router.swift)
#   TOKENS  the map's token budget for both (default 1024); TOP how many first files to compare (default 10)
# aider comes from .build/aider-venv (make deps).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/.." && pwd)"
bin="$(realpath "${1:-$root/.build-release/release/srooter}")"
repo="$(realpath "${2:-$root/.build/checkouts/hummingbird}")"
focus="${3:-Sources/Hummingbird/Router/Router.swift}"
tokens="${4:-1024}"; top="${5:-10}"
aider="$root/.build/aider-venv/bin/aider"
[ -x "$aider" ] || { echo "bench: $aider is missing (make deps)" >&2; exit 2; }
[ -f "$repo/$focus" ] || { echo "bench: $repo/$focus does not exist" >&2; exit 2; }
work=$(mktemp -d /tmp/srooter-cortex-aider-XXXXXX)
trap 'rm -rf "$work"' EXIT
# Both read the same committed copy (aider wants a git repository and writes .gitignore into it).
cp -r "$repo" "$work/repo"; rm -rf "$work/repo/.git"
git -C "$work/repo" init -q && git -C "$work/repo" add -A && git -C "$work/repo" -c user.name=bench -c user.email=bench@localhost commit -qm tree
files=$(git -C "$work/repo" ls-files | wc -l)

measure() { # label command... -> "seconds peak_mb" (GNU time)
  local out="$work/$1"; shift
  /usr/bin/time -f "%e %M" -o "$out.time" "$@" >"$out.out" 2>"$out.err" || { echo "bench: $* failed:" >&2; tail -5 "$out.err" >&2; exit 1; }
  awk '{printf "%.2f %.0f", $1, $2/1024}' "$out.time"
}
# Files in the order each map lists them: a line that is a path followed by a colon, at the start of the line.
listed() { grep -E '^[^ │⋮].*:$' "$work/$1.out" | sed 's/:$//' | awk '!seen[$0]++' | head -n "$top"; }

export SROOTER_LOG_LEVEL=warning
read -r ci_s ci_mb <<<"$(measure cortex-index "$bin" cortex index "$work/repo" --database "$work/s.db" --repo bench --quiet)"
read -r cr_s cr_mb <<<"$(measure cortex-reindex "$bin" cortex index "$work/repo" --database "$work/s.db" --repo bench --quiet)"
read -r cm_s cm_mb <<<"$(measure cortex "$bin" cortex map --database "$work/s.db" --repo bench --focus "$focus" --budget "$tokens")"
mkdir -p "$work/home/.aider/caches"
cat >"$work/aider.sh" <<SH
#!/bin/sh
cd "$work/repo" && exec env -i PATH="$PATH" HOME="$work/home" "$aider" --show-repo-map --map-tokens "$tokens" \
  --model gpt-4o --no-check-update --analytics-disable --no-show-model-warnings --no-gitignore --no-auto-commits "$focus"
SH
chmod +x "$work/aider.sh"
read -r a1_s a1_mb <<<"$(measure aider "$work/aider.sh")"
read -r a2_s a2_mb <<<"$(measure aider2 "$work/aider.sh")"
listed cortex >"$work/c.top"; listed aider >"$work/a.top"
# aider leaves the focus file (it is in the chat) out of its map; so that both lists compare alike, Cortex's is
# taken without it too.
grep -vxF "$focus" "$work/c.top" >"$work/c2.top" || true
common=$(grep -cxFf "$work/a.top" "$work/c2.top" || true)

echo "| $(basename "$repo") ($files files), focus $focus, $tokens tokens | srooter cortex | aider $("$aider" --version 2>/dev/null | awk '{print $2}') |"
echo "|---|---|---|"
echo "| index (first run): seconds / peak MB | $ci_s / $ci_mb | (inside the map's first run) |"
echo "| re-index, unchanged: seconds / peak MB | $cr_s / $cr_mb | (inside the map's second run, from its cache) |"
echo "| map, first run: seconds / peak MB | $cm_s / $cm_mb | $a1_s / $a1_mb |"
echo "| map, second run: seconds / peak MB | | $a2_s / $a2_mb |"
echo "| map size (bytes) | $(wc -c <"$work/cortex.out") | $(wc -c <"$work/aider.out") |"
echo "| source text in the map | none (names, kinds, lines) | lines of code (declarations) |"
echo
echo "First $top files (the focus left out): $common in common."
paste -d'|' <(sed 's/^/| /' "$work/c2.top") <(sed 's/^/ /' "$work/a.top") | sed 's/$/ |/' | { echo "| cortex | aider |"; echo "|---|---|"; cat; }
