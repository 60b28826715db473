#!/usr/bin/env bash
# Prepares the benchmark's Python environment (.build/bench-venv, or BENCH_VENV) with LiteLLM's proxy from
# bench/requirements-litellm.txt, and does nothing when it is already there. Exits non-zero, saying why, when
# it cannot be made (no network, no venv module); bench/gateway.sh then leaves the LiteLLM column out.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${BENCH_VENV:-.build/bench-venv}"
requirements="bench/requirements-litellm.txt"
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)
[ -x "$venv/bin/litellm" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && exit 0
python3 -c 'import venv, ensurepip' 2>/dev/null || {
  echo "bench-venv: python3 has no venv/ensurepip module (apt-get install python3-venv)" >&2; exit 1; }
echo "bench-venv: installing $(grep -v '^#' "$requirements" | tr '\n' ' ')into $venv (about a minute)" >&2
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv"
log=$(mktemp /tmp/srooter-bench-venv-XXXXXX.log)
if ! "$venv/bin/pip" install --quiet --disable-pip-version-check --retries 2 --timeout 20 -r "$requirements" >"$log" 2>&1; then
  echo "bench-venv: pip install failed (no network to the package index?); last lines of $log:" >&2
  tail -n 5 "$log" >&2
  exit 1
fi
rm -f "$log"
echo "$want" > "$stamp"
