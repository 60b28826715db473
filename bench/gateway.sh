#!/usr/bin/env bash
# Gateway overhead: wrk against (a) srooter mock-upstream directly and (b) srooter serve in front of
# it (audit on), non-streaming and streaming (~20 events), in one run. Usage: bench/gateway.sh BIN
set -euo pipefail
bin="$(realpath "${1:-.build-release/release/srooter}")"
here="$(cd "$(dirname "$0")" && pwd)"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d /tmp/srooter-bench-XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
DURATION="${DURATION:-10s}"
mock_port=41010; gw_port=41000

wait_port() { for _ in $(seq 1 500); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.01; done; return 1; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
run_wrk() { # url connections stream -> "rps p50 p99"
  threads=$([ "$2" -ge 2 ] && echo 2 || echo 1)
  out=$(BENCH_STREAM="$3" wrk -t"$threads" -c"$2" -d"$DURATION" --latency -s "$here/gateway.lua" "$1" 2>&1)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')"); p99=$(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  [ -z "$errors" ] || echo "bench: $1 c=$2 stream=$3: $errors" >&2
  echo "$rps $p50 $p99"
}
ttfb() { # url -> median ms to first byte of a stream over 50 requests
  for _ in $(seq 1 50); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' "$1" -H "Authorization: Bearer $BENCH_KEY" -H 'content-type: application/json' \
      -d "{\"model\":\"$BENCH_MODEL\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"
  done | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int(NR/2)+1]*1000}'
}

"$bin" mock-upstream --port $mock_port >"$work/mock.log" 2>&1 & pids+=($!)
wait_port $mock_port
cat >"$work/srooter.yaml" <<YAML
listen: {host: 127.0.0.1, port: $gw_port}
database: $work/srooter.db
providers:
  upstream: {kind: mock, base_url: "http://127.0.0.1:$mock_port"}
models:
  mock-gpt: {provider: upstream, upstream: mock-gpt-1, price: {input: 1.25, output: 10, cache_read: 0.125}}
YAML
export BENCH_KEY=$("$bin" access create --config "$work/srooter.yaml" --user bench 2>/dev/null)
start=$(date +%s%N)
SROOTER_LOG_LEVEL=warning "$bin" serve --config "$work/srooter.yaml" --allow-unverified >"$work/serve.log" 2>&1 & gw=$!; pids+=($gw)
wait_port $gw_port
startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 0.5
rss_idle=$(rss_mb $gw)

direct="http://127.0.0.1:$mock_port/v1/chat/completions"; via="http://127.0.0.1:$gw_port/v1/chat/completions"
declare -A r
for stream in 0 1; do
  BENCH_MODEL=mock-gpt-1; export BENCH_MODEL; r[d1$stream]=$(run_wrk "$direct" 1 $stream); r[d32$stream]=$(run_wrk "$direct" 32 $stream)
  BENCH_MODEL=mock-gpt; export BENCH_MODEL; r[g1$stream]=$(run_wrk "$via" 1 $stream); r[g32$stream]=$(run_wrk "$via" 32 $stream)
done
BENCH_MODEL=mock-gpt-1 ttfb_direct=$(BENCH_MODEL=mock-gpt-1 ttfb "$direct")
ttfb_via=$(BENCH_MODEL=mock-gpt ttfb "$via")
rss_load=$(rss_mb $gw)
kill -TERM $gw; wait $gw || true
records=$(sqlite3 "$work/srooter.db" 'select count(*) from audit_chain' 2>/dev/null || echo "?")

f() { echo "${r[$1]}" | awk -v i="$2" '{print $i}'; }
echo
echo "| | direct mock | through srooter | srooter adds |"
echo "|---|---|---|---|"
for stream in 0 1; do
  label=$([ $stream = 1 ] && echo "stream (~20 events)" || echo "non-streaming")
  echo "| $label: p50 at 1 connection (ms) | $(f d1$stream 2) | $(f g1$stream 2) | $(awk -v a="$(f g1$stream 2)" -v b="$(f d1$stream 2)" 'BEGIN{printf "%.3f", a-b}') |"
  echo "| $label: p99 at 1 connection (ms) | $(f d1$stream 3) | $(f g1$stream 3) | $(awk -v a="$(f g1$stream 3)" -v b="$(f d1$stream 3)" 'BEGIN{printf "%.3f", a-b}') |"
  echo "| $label: requests/s at 32 connections | $(f d32$stream 1) | $(f g32$stream 1) | $(awk -v a="$(f g32$stream 1)" -v b="$(f d32$stream 1)" 'BEGIN{printf "%.0f%% of direct", 100*a/b}') |"
  echo "| $label: p50 / p99 at 32 connections (ms) | $(f d32$stream 2) / $(f d32$stream 3) | $(f g32$stream 2) / $(f g32$stream 3) | |"
done
echo "| stream time to first byte, median of 50 (ms) | $ttfb_direct | $ttfb_via | |"
echo
echo "srooter: start-up to listening ${startup_ms} ms (self-check included); RSS idle ${rss_idle} MB, after load ${rss_load} MB; ${records} audit records written."
