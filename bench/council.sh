#!/usr/bin/env bash
# Council wall time: a council route whose three members answer after 200, 300 and 400 ms (the mock's
# --delay-ms, per upstream model) and whose chair is the 200 ms member, against the bound its three stages
# cannot beat: the slowest member's answer, then the slowest member's ranking, then the chair's answer,
# each timed as a direct request through the same `srooter serve`. Members are on two wires (an
# anthropic-kind and an openai-kind provider); the client is Chat Completions, not streaming, then streaming.
# Usage: bench/council.sh BIN. Environment: COUNT (requests per measurement, default 30), DELAYS (default
# "200 300 400", the members' delays in ms; the first member chairs).
set -euo pipefail
bin="$(realpath "${1:-.build-release/release/srooter}")"
command -v curl >/dev/null || { echo "bench: curl is missing" >&2; exit 2; }
work=$(mktemp -d /tmp/srooter-bench-council-XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
COUNT="${COUNT:-30}"
read -r -a delays <<<"${DELAYS:-200 300 400}"
[ "${#delays[@]}" -eq 3 ] || { echo "bench: DELAYS needs three numbers of milliseconds" >&2; exit 2; }
mock_port=31110; gw_port=31100

wait_port() { for _ in $(seq 1 "${2:-1000}"); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.01; done; return 1; }
median_ms() { # model [stream] -> median wall time in ms of COUNT requests (time to the last byte)
  local model=$1 stream=${2:-false}
  for i in $(seq 1 "$COUNT"); do
    curl -s -o "$work/out" -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$gw_port/v1/chat/completions" \
      -H "Authorization: Bearer $key" -H 'content-type: application/json' \
      -d "{\"model\":\"$model\",\"stream\":$stream,\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"question $i: which bees make honey?\"}]}"
  done >"$work/times"
  if awk '$1 != 200 { bad = 1 } END { exit !bad }' "$work/times"; then
    echo "bench: requests to $model failed: $(awk '$1 != 200' "$work/times" | head -3 | tr '\n' ' ')" >&2; exit 1
  fi
  awk '{ print $2 }' "$work/times" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] * 1000 }'
}

"$bin" mock-upstream --port $mock_port --delay-ms "mock-a=${delays[0]}" --delay-ms "mock-b=${delays[1]}" \
  --delay-ms "mock-c=${delays[2]}" >"$work/mock.log" 2>&1 & pids+=($!)
cat >"$work/srooter.yaml" <<YAML
listen: {host: 127.0.0.1, port: $gw_port}
database: $work/srooter.db
providers:
  anth: {kind: anthropic, base_url: "http://127.0.0.1:$mock_port", credential: "env:MOCK_PROVIDER_KEY"}
  oai: {kind: openai, base_url: "http://127.0.0.1:$mock_port/v1", credential: "env:MOCK_PROVIDER_KEY"}
models:
  a: {provider: anth, upstream: mock-a, price: {input: 3, output: 15}}
  b: {provider: oai, upstream: mock-b, price: {input: 1, output: 4}}
  c: {provider: anth, upstream: mock-c, price: {input: 1, output: 5}}
routes:
  council: {strategy: council, candidates: [a, b, c], council: {chair: a, member_timeout_seconds: 30}}
YAML
key=$(MOCK_PROVIDER_KEY=mock "$bin" access create --config "$work/srooter.yaml" --user bench 2>"$work/key.err")
MOCK_PROVIDER_KEY=mock SROOTER_LOG_LEVEL=warning "$bin" serve --config "$work/srooter.yaml" --allow-unverified >"$work/serve.log" 2>&1 & pids+=($!)
wait_port $mock_port && wait_port $gw_port || { echo "bench: servers did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

for model in a b c council; do median_ms "$model" >/dev/null; done  # warm up connections
ta=$(median_ms a); tb=$(median_ms b); tc=$(median_ms c)
whole=$(median_ms council); streamed=$(median_ms council true)
slowest=$(printf '%s\n' "$ta" "$tb" "$tc" | sort -n | tail -1)
bound=$(awk -v s="$slowest" -v c="$ta" 'BEGIN { printf "%.1f", 2 * s + c }')
ratio() { awk -v t="$1" -v b="$bound" 'BEGIN { printf "%+.1f%%", (t / b - 1) * 100 }'; }

echo "council wall time (median of $COUNT requests each, Chat client, members delayed ${delays[*]} ms, chair = first member)"
printf '| %-48s | %10s |\n' "measurement" "ms"
printf '|%s|%s|\n' "--------------------------------------------------" "------------"
printf '| %-48s | %10s |\n' "member a direct (${delays[0]} ms, anthropic wire)" "$ta" "member b direct (${delays[1]} ms, openai wire)" "$tb" \
  "member c direct (${delays[2]} ms, anthropic wire)" "$tc"
printf '| %-48s | %10s |\n' "bound: slowest answer + slowest ranking + chair" "$bound"
printf '| %-48s | %10s |\n' "council, whole ($(ratio "$whole") over the bound)" "$whole" "council, streamed ($(ratio "$streamed") over the bound)" "$streamed"
awk -v t="$whole" -v b="$bound" 'BEGIN { if (t > b * 1.1) { print "target missed: the council takes more than the bound + 10%"; exit 1 } else print "target met: within the bound + 10%" }'
