#!/usr/bin/env bash
# Cortex (issue 21): index >= 10,000 source files (real checkouts from the build folder, topped up with
# generated Swift and Python files), re-index unchanged, then `cortex map` and `cortex search` p99, both
# as CLI runs (process start and graph load included) and over MCP on a running `srooter serve` (graph
# cached per repository, curl's time_total per call).
# Targets: index < 60 s with RSS < 500 MB (2 cores); unchanged re-index < 5 s; map < 20 ms p99 and
# search < 5 ms p99 (the MCP figures are the ones an agent sees).
# Usage: bench/cortex.sh [SROOTER_BINARY] [FILES] [RUNS]. Environment: CLI_RUNS (default RUNS) for the CLI
# figures, each of which loads the whole graph from the database (seconds on a 10,000-file index).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:-.build-release/release/srooter}")"
files=${2:-10000}
runs=${3:-200}
cli_runs=${CLI_RUNS:-$runs}
[ -x "$bin" ] || { echo "bench/cortex.sh: $bin: no such binary; build it first (make release-build)" >&2; exit 2; }
command -v ctags >/dev/null || { echo "bench/cortex.sh: ctags is missing (apt-get install universal-ctags)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/cortex.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d /tmp/srooter-cortex-bench-XXXXXX)
serve_pid=""
cleanup() { [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
db=(--database "$work/data/srooter.db" --config "$work/srooter.yaml")
corpus="$work/corpus"
mkdir -p "$corpus" "$work/data"

# The corpus: every checkout SwiftPM fetched for this project (swift-nio, swift-syntax, swift-crypto's
# BoringSSL C, ...), without their .git, then generated files until there are $files source files.
for checkout in .build/checkouts/*/; do
  target="$corpus/$(basename "$checkout")"
  mkdir -p "$target"
  (cd "$checkout" && git ls-files -z | grep -zE '\.(swift|c|h|cc|cpp|py|js|ts|go|rs|java)$' | xargs -0 -r cp --parents -t "$target")
done
count=$(find "$corpus" -type f | wc -l)
i=0
while [ "$count" -lt "$files" ]; do
  dir="$corpus/generated/Sources/Gen$((i / 100))"
  mkdir -p "$dir"
  cat >"$dir/Type$i.swift" <<SWIFT
import Foundation
/// Generated type $i.
public struct Type$i: Sendable {
    public let value: Int
    public func next() -> Type$((i + 1)) { Type$((i + 1))(value: value + helper$i()) }
}
func helper$i() -> Int { $i }
SWIFT
  count=$((count + 1)); i=$((i + 1))
  if [ "$count" -lt "$files" ] && [ $((i % 3)) -eq 0 ]; then
    printf 'import os\n\nclass Gen%d:\n    def run(self):\n        return gen_helper_%d()\n\ndef gen_helper_%d():\n    return %d\n' "$i" "$i" "$i" "$i" >"$dir/gen_$i.py"
    count=$((count + 1))
  fi
done
echo "corpus: $(find "$corpus" -type f | wc -l) files, $(du -sh "$corpus" | cut -f1)"

# Index, then re-index unchanged.
/usr/bin/time -f '%e %M' -o "$work/time1" "$bin" cortex index "$corpus" --repo bench --quiet "${db[@]}"
read -r index_s index_kb <"$work/time1"
/usr/bin/time -f '%e %M' -o "$work/time2" "$bin" cortex index "$corpus" --repo bench --quiet "${db[@]}"
read -r reindex_s reindex_kb <"$work/time2"
echo "index: ${index_s} s, RSS $((index_kb / 1024)) MB; unchanged re-index: ${reindex_s} s, RSS $((reindex_kb / 1024)) MB"
echo "database: $(du -h "$work/data/srooter.db" | cut -f1)"

focus=$(cd "$corpus" && find . -name 'EventLoop.swift' -path '*NIOCore*' | head -1 | sed 's|^\./||')
focus=${focus:-generated/Sources/Gen0/Type0.swift}
p99() { sort -n | awk '{v[NR]=$1} END {i=int(NR*0.99); if (i<1) i=1; printf "%.2f", v[i]}'; }
cli_ms() { local start; start=$(date +%s%N); "$bin" cortex "$@" "${db[@]}" >/dev/null; echo $(( ($(date +%s%N) - start) / 1000 )) | awk '{printf "%.3f\n", $1/1000}'; }
for _ in $(seq 1 "$cli_runs"); do cli_ms map --repo bench --focus "$focus" --budget 1024; done | p99 >"$work/cli_map"
for _ in $(seq 1 "$cli_runs"); do cli_ms search EventLoop --repo bench; done | p99 >"$work/cli_search"
echo "CLI (process + graph load + query): map p99 $(cat "$work/cli_map") ms, search p99 $(cat "$work/cli_search") ms"

# MCP on a running gateway: a key for a user of the repository's team (no orgs: roles not enforced).
port=31040
cat >"$work/srooter.yaml" <<YAML
listen: {host: 127.0.0.1, port: $port}
database: $work/data/srooter.db
providers:
  mock: {kind: mock}
models:
  mock-claude: {provider: mock, upstream: mock-claude-1}
YAML
"$bin" cortex index "$corpus" --repo bench --team bench --quiet "${db[@]}"
key=$("$bin" access create --user bench --team bench "${db[@]}")
"$bin" serve --config "$work/srooter.yaml" --allow-unverified >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 500); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.01; done
call() { # tool arguments-json
  curl -s -o /dev/null -w '%{time_total}\n' -X POST "http://127.0.0.1:$port/mcp" -H "authorization: Bearer $key" \
    -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"$1\",\"arguments\":$2}}"; }
call cortex_search '{"repo":"bench","name":"EventLoop"}' >/dev/null  # loads the graph into the cache
for _ in $(seq 1 "$runs"); do call cortex_map "{\"repo\":\"bench\",\"focus\":[\"$focus\"],\"budget\":1024}"; done \
  | awk '{printf "%.3f\n", $1*1000}' >"$work/mcp_map_all"
for _ in $(seq 1 "$runs"); do call cortex_search '{"repo":"bench","name":"EventLoop"}'; done | awk '{printf "%.3f\n", $1*1000}' >"$work/mcp_search_all"
# The same round trip with a tool that does no work (tools/list): what HTTP, authentication and the audit record cost.
for _ in $(seq 1 "$runs"); do
  curl -s -o /dev/null -w '%{time_total}\n' -X POST "http://127.0.0.1:$port/mcp" -H "authorization: Bearer $key" \
    -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
done | awk '{printf "%.3f\n", $1*1000}' >"$work/mcp_list_all"
p50() { sort -n | awk '{v[NR]=$1} END {i=int(NR*0.5); if (i<1) i=1; printf "%.2f", v[i]}'; }
p99 <"$work/mcp_map_all" >"$work/mcp_map"; p99 <"$work/mcp_search_all" >"$work/mcp_search"
echo "MCP (warm graph, HTTP round trip): map p99 $(cat "$work/mcp_map") ms (p50 $(p50 <"$work/mcp_map_all")), search p99 $(cat "$work/mcp_search") ms (p50 $(p50 <"$work/mcp_search_all")); tools/list p99 $(p99 <"$work/mcp_list_all") ms (p50 $(p50 <"$work/mcp_list_all"))"
echo "serve RSS with the graph cached: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$serve_pid/status")"

status=0
awk -v v="$index_s" 'BEGIN {exit !(v < 60)}' || { echo "cortex bench: index ${index_s} s is over the 60 s target"; status=1; }
[ $((index_kb / 1024)) -lt 500 ] || { echo "cortex bench: index RSS $((index_kb / 1024)) MB is over 500 MB"; status=1; }
awk -v v="$reindex_s" 'BEGIN {exit !(v < 5)}' || { echo "cortex bench: re-index ${reindex_s} s is over the 5 s target"; status=1; }
awk -v v="$(cat "$work/mcp_map")" 'BEGIN {exit !(v < 20)}' || { echo "cortex bench: MCP map p99 over 20 ms"; status=1; }
awk -v v="$(cat "$work/mcp_search")" 'BEGIN {exit !(v < 5)}' || { echo "cortex bench: MCP search p99 over 5 ms"; status=1; }
exit $status
