#!/usr/bin/env bash
# Policy overhead (issue 8): wrk at 32 connections (non-streaming chat completion) through
# `srooter serve` in front of `srooter mock-upstream`, first with no organisation or policy, then
# with roles, an allowlist, a reasoning/output cap, generous rate limits and a budget at team and
# user scope (every request reserves and settles). Target: policy adds under 0.2 ms at p50.
# Usage: bench/policy.sh BIN
set -euo pipefail
bin="$(realpath "${1:-.build-release/release/srooter}")"
here="$(cd "$(dirname "$0")" && pwd)"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d /tmp/srooter-policy-bench-XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
DURATION="${DURATION:-10s}"
mock_port=31110; gw_port=31100

wait_port() { for _ in $(seq 1 500); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.01; done; return 1; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
run_wrk() { # connections -> "rps p50 p99"
  threads=$([ "$1" -ge 2 ] && echo 2 || echo 1)
  out=$(BENCH_STREAM=0 BENCH_MODEL=mock-gpt wrk -t"$threads" -c"$1" -d"$DURATION" --latency -s "$here/gateway.lua" "http://127.0.0.1:$gw_port/v1/chat/completions" 2>&1)
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  [ -z "$errors" ] || echo "bench: c=$1: $errors" >&2
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')") $(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")"
}
serve() { # config
  SROOTER_LOG_LEVEL=warning "$bin" serve --config "$1" --allow-unverified >"$work/serve.log" 2>&1 & gw=$!; pids+=($gw)
  wait_port $gw_port
  sleep 0.5
}
stop() { kill -TERM "$gw"; wait "$gw" 2>/dev/null || true; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

"$bin" mock-upstream --port $mock_port >"$work/mock.log" 2>&1 & pids+=($!)
wait_port $mock_port
# Two databases: "off" has no organisation or policy, "on" has roles, an allowlist, caps, rate limits
# and budgets at two scopes. Runs alternate off/on ROUNDS times (which one goes first alternates too);
# the cost is the median of each round's on - off difference (paired, so a change in the machine's
# load between rounds does not read as policy cost), with the difference of the medians beside it.
for mode in off on; do
  cat >"$work/$mode.yaml" <<YAML
listen: {host: 127.0.0.1, port: $gw_port}
database: $work/$mode/srooter.db
providers:
  upstream: {kind: mock, base_url: "http://127.0.0.1:$mock_port"}
models:
  mock-gpt: {provider: upstream, upstream: mock-gpt-1, price: {input: 1.25, output: 10, cache_read: 0.125}}
YAML
done
cli() { "$bin" "$@" --config "$work/on.yaml" >/dev/null; }
key_off=$("$bin" access create --config "$work/off.yaml" --user bench --team platform 2>/dev/null)
key_on=$("$bin" access create --config "$work/on.yaml" --user bench --team platform 2>/dev/null)
cli org create acme
cli team create platform --org acme
cli user create bench --org acme --team platform
cli user grant bench member --team platform
cli policy set team:platform '{"models":["mock-*"],"max_output_tokens":4096,"requests_per_minute":10000000,"tokens_per_minute":10000000000,"budget_usd":{"month":1000000}}'
cli policy set user:bench '{"max_effort":"high","budget_usd":{"day":1000000}}'

ROUNDS="${ROUNDS:-7}"
for round in $(seq 1 "$ROUNDS"); do
  order="off on"; [ $((round % 2)) = 0 ] && order="on off"  # alternate which goes first
  for mode in $order; do
    serve "$work/$mode.yaml"
    if [ $mode = off ]; then export BENCH_KEY=$key_off; else export BENCH_KEY=$key_on; fi
    run_wrk 32 >>"$work/$mode.32"
    run_wrk 1 >>"$work/$mode.1"
    stop
  done
done
col() { awk -v i="$2" '{print $i}' "$work/$1" | median; }
paired() { paste -d' ' <(awk -v i="$2" '{print $i}' "$work/on.$1") <(awk -v i="$2" '{print $i}' "$work/off.$1") | awk '{printf "%.3f\n", $1 - $2}' | median; }
off_rps=$(col off.32 1); off_p50=$(col off.32 2); off_p99=$(col off.32 3); off1_p50=$(col off.1 2)
on_rps=$(col on.32 1); on_p50=$(col on.32 2); on_p99=$(col on.32 3); on1_p50=$(col on.1 2)

echo "per round (requests/s, p50 ms, p99 ms at 32 connections): off | on"
paste -d'|' "$work/off.32" "$work/on.32" | sed 's/^/  /'
printf "\n| median of %s alternating runs | no policy | allowlist + caps + rate limits + budgets (team and user) | policy adds (paired) | difference of medians |\n|---|---|---|---|---|\n" "$ROUNDS"
printf "| requests/s at 32 connections | %s | %s | %s | |\n" "$off_rps" "$on_rps" "$(paired 32 1)"
printf "| p50 at 32 connections (ms) | %s | %s | **%s** | %s |\n" "$off_p50" "$on_p50" "$(paired 32 2)" "$(awk -v a="$on_p50" -v b="$off_p50" 'BEGIN { printf "%.3f", a - b }')"
printf "| p99 at 32 connections (ms) | %s | %s | %s | |\n" "$off_p99" "$on_p99" "$(paired 32 3)"
printf "| p50 at 1 connection (ms) | %s | %s | %s | %s |\n" "$off1_p50" "$on1_p50" "$(paired 1 2)" "$(awk -v a="$on1_p50" -v b="$off1_p50" 'BEGIN { printf "%.3f", a - b }')"
echo "target: policy adds under 0.2 ms at p50 (32 connections)"
