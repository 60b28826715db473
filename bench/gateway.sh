#!/usr/bin/env bash
# Gateway overhead: wrk against (a) srooter mock-upstream directly, (b) srooter serve in front of it (audit on)
# (c) LiteLLM's proxy in front of the same mock and (d) nginx as a bare reverse proxy in front of it (no auth, no
# audit: the most any proxy gets on this machine), non-streaming and streaming (~20 events), in one run.
# Usage: bench/gateway.sh BIN. Environment: DURATION (per wrk run, default 10s), LITELLM_WORKERS (default 1),
# BENCH_LITELLM=0 to leave LiteLLM out, BENCH_NGINX=0 to leave nginx out, BENCH_VENV (default .build/bench-venv,
# made by scripts/bench-venv.sh), BENCH_TRANSLATED=0 and BENCH_FALLBACK=0 to leave out the translated and the
# fallback-route measurements (builds before translation or routes refuse them).
set -euo pipefail
bin="$(realpath "${1:-.build-release/release/srooter}")"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d /tmp/srooter-bench-XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
DURATION="${DURATION:-10s}"
LITELLM_WORKERS="${LITELLM_WORKERS:-1}"
venv="${BENCH_VENV:-$root/.build/bench-venv}"
# Below Linux's ephemeral range (32768-60999): a listener there can find its port taken by one of the
# bench's own client connections, or one still in TIME-WAIT from the run before.
mock_port=31010; gw_port=31000; ll_port=31020; ngx_port=31030

wait_port() { # port tries(10 ms each)
  for _ in $(seq 1 "${2:-500}"); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.01; done; return 1; }
proc_tree() { echo "$1"; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do proc_tree "$c"; done; }
rss_mb() { # process and its descendants (LiteLLM with several workers)
  for p in $(proc_tree "$1"); do cat "/proc/$p/status" 2>/dev/null; done | awk '/VmRSS/ {s+=$2} END {printf "%.1f", s/1024}'; }
to_ms() { awk -v v="$1" 'BEGIN { if (v == "") print "n/a"; else if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /m$/) printf "%.3f", v*60000; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
since_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
run_wrk() { # url connections stream key model [wire] -> "rps p50 p99 errors requests"; errors = socket errors + non-2xx, detail on stderr
  local threads out rps p50 p99 errs detail count
  threads=$([ "$2" -ge 2 ] && echo 2 || echo 1)
  out=$(BENCH_STREAM="$3" BENCH_KEY="$4" BENCH_MODEL="$5" BENCH_WIRE="${6:-chat}" wrk -t"$threads" -c"$2" -d"$DURATION" --timeout 10s --latency \
    -s "$here/gateway.lua" "$1" 2>&1) || true
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')"); p99=$(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")
  errs=$(echo "$out" | awk '/Socket errors/ {gsub(",", ""); s+=$4+$6+$8+$10} /Non-2xx/ {s+=$NF} END {print s+0}')
  detail=$(echo "$out" | awk '/Non-2xx|Socket errors/' | tr '\n' ' ')
  [ -z "$detail" ] || echo "bench: $1 c=$2 stream=$3: $detail" >&2
  [ -n "$rps" ] || { echo "bench: $1 c=$2 stream=$3: wrk gave no result: $out" >&2; rps="n/a"; }
  count=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$rps $p50 $p99 $errs ${count:-0}"
}
clock_ticks=$(getconf CLK_TCK)
cpu_ticks() { # pids -> user + system clock ticks of those processes and their descendants
  for p in "$@"; do for q in $(proc_tree "$p"); do awk '{print $14 + $15}' "/proc/$q/stat" 2>/dev/null; done; done | awk '{s+=$1} END {print s+0}'; }
per_request() { # ticks requests -> CPU microseconds per request
  awk -v t="$1" -v n="$2" -v hz="$clock_ticks" 'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print "n/a" }'; }
ttfb() { # url key model -> median ms to first byte of a stream over 50 requests
  for _ in $(seq 1 50); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' "$1" -H "Authorization: Bearer $2" -H 'content-type: application/json' \
      -d "{\"model\":\"$3\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}" || true
  done | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int(NR/2)+1]*1000}'
}
declare -A r cpu startup idle load errors
measure() { # tag url key model pid [wire]: both wrk modes at 1 and 32 connections, stream TTFB, RSS after load
  for stream in 0 1; do
    r[${1}1$stream]=$(run_wrk "$2" 1 $stream "$3" "$4" "${6:-chat}")
    # CPU the mock and the proxy spent per request at 32 connections (from /proc, whole processes).
    local mock0 proxy0 requests
    mock0=$(cpu_ticks "$mock"); proxy0=$(cpu_ticks "$5")
    r[${1}32$stream]=$(run_wrk "$2" 32 $stream "$3" "$4" "${6:-chat}")
    requests=$(echo "${r[${1}32$stream]}" | awk '{print $5}')
    cpu[${1}m$stream]=$(per_request $(( $(cpu_ticks "$mock") - mock0 )) "$requests")
    cpu[${1}p$stream]=$([ "$5" = "$mock" ] && echo "-" || per_request $(( $(cpu_ticks "$5") - proxy0 )) "$requests")
  done
  [ "${6:-chat}" != chat ] || r[${1}ttfb]=$(ttfb "$2" "$3" "$4")
  load[$1]=$(rss_mb "$5")
  errors[$1]=$(for k in 10 320 11 321; do echo "${r[$1$k]}" | awk '{print $4}'; done | awk '{s+=$1} END {print s+0}')
}

# (a) the mock upstream, measured directly.
start=$(date +%s%N)
"$bin" mock-upstream --port $mock_port >"$work/mock.log" 2>&1 & mock=$!; pids+=($mock)
wait_port $mock_port
startup[d]=$(since_ms "$start"); sleep 0.5; idle[d]=$(rss_mb $mock)
measure d "http://127.0.0.1:$mock_port/v1/chat/completions" none mock-gpt-1 $mock

# (b) srooter serve in front of the mock.
cat >"$work/srooter.yaml" <<YAML
listen: {host: 127.0.0.1, port: $gw_port}
database: $work/srooter.db
providers:
  upstream: {kind: mock, base_url: "http://127.0.0.1:$mock_port"}
  chat: {kind: openai, base_url: "http://127.0.0.1:$mock_port/v1", credential: "env:BENCH_PROVIDER_KEY"}
models:
  mock-gpt: {provider: upstream, upstream: mock-gpt-1, price: {input: 1.25, output: 10, cache_read: 0.125}}
  mock-gpt-chat: {provider: chat, upstream: mock-gpt-1, price: {input: 1.25, output: 10, cache_read: 0.125}}
YAML
# A fallback route whose first candidate always answers: the happy path, where fallback should cost nothing.
[ "${BENCH_FALLBACK:-1}" = 0 ] || cat >>"$work/srooter.yaml" <<YAML
routes:
  bench/fallback:
    strategy: fallback
    candidates: [mock-gpt, mock-gpt-chat]
YAML
srooter_key=$("$bin" access create --config "$work/srooter.yaml" --user bench 2>/dev/null)
start=$(date +%s%N)
BENCH_PROVIDER_KEY=sk-bench SROOTER_LOG_LEVEL=warning "$bin" serve --config "$work/srooter.yaml" --allow-unverified >"$work/serve.log" 2>&1 & gw=$!; pids+=($gw)
wait_port $gw_port
startup[g]=$(since_ms "$start"); sleep 0.5; idle[g]=$(rss_mb $gw)
measure g "http://127.0.0.1:$gw_port/v1/chat/completions" "$srooter_key" mock-gpt $gw
# The same gateway translating: an Anthropic Messages client on a Chat Completions provider (BENCH_TRANSLATED=0 skips).
[ "${BENCH_TRANSLATED:-1}" = 0 ] || measure t "http://127.0.0.1:$gw_port/v1/messages" "$srooter_key" mock-gpt-chat $gw anthropic
# The same gateway through the fallback route (served by mock-gpt, the model measured directly above).
[ "${BENCH_FALLBACK:-1}" = 0 ] || measure fb "http://127.0.0.1:$gw_port/v1/chat/completions" "$srooter_key" bench/fallback $gw
kill -TERM $gw; wait $gw || true
records=$(sqlite3 "$work/srooter.db" 'select count(*) from audit_chain' 2>/dev/null || echo "?")

# (c) LiteLLM's proxy in front of the same mock: no database, local cost map, a throwaway master key, an
# openai-compatible model pointed at the mock, uvicorn's access log off (srooter logs at warning only).
litellm_note=""
if [ "${BENCH_LITELLM:-1}" = 0 ]; then
  litellm_note="LiteLLM left out (BENCH_LITELLM=0)."
elif ! BENCH_VENV="$venv" "$root/scripts/bench-venv.sh"; then
  litellm_note="LiteLLM left out: its virtual environment ($venv) could not be made (see above); run scripts/bench-venv.sh with network access."
else
  ll_key="sk-bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  cat >"$work/litellm.yaml" <<YAML
model_list:
  - model_name: mock-gpt
    litellm_params: {model: openai/mock-gpt-1, api_base: "http://127.0.0.1:$mock_port/v1", api_key: sk-mock}
general_settings: {master_key: "$ll_key"}
YAML
  cat >"$work/litellm-log.json" <<'JSON'
{"version": 1, "disable_existing_loggers": false,
 "handlers": {"err": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}},
 "loggers": {"uvicorn": {"handlers": ["err"], "level": "WARNING"},
             "uvicorn.access": {"handlers": ["err"], "level": "WARNING", "propagate": false}}}
JSON
  start=$(date +%s%N)
  env -u DATABASE_URL LITELLM_LOCAL_MODEL_COST_MAP=True LITELLM_LOG=ERROR \
    "$venv/bin/litellm" --config "$work/litellm.yaml" --host 127.0.0.1 --port $ll_port --num_workers "$LITELLM_WORKERS" \
    --telemetry False --log_config "$work/litellm-log.json" >"$work/litellm.log" 2>&1 & ll=$!; pids+=($ll)
  if wait_port $ll_port 12000; then
    startup[l]=$(since_ms "$start"); sleep 0.5; idle[l]=$(rss_mb $ll)
    measure l "http://127.0.0.1:$ll_port/v1/chat/completions" "$ll_key" mock-gpt $ll
    # Workers are children of $ll; stop them with it.
    for p in $(proc_tree $ll | tac); do kill -TERM "$p" 2>/dev/null || true; done; wait $ll || true
  else
    litellm_note="LiteLLM left out: it did not listen on port $ll_port within 120 s; last lines of its log:"
    tail -n 20 "$work/litellm.log" >&2
  fi
fi

# (d) nginx in front of the same mock: the reference for what forwarding alone costs here. Same wrk runs, upstream
# keep-alive, HTTP/1.1 both sides, no buffering (streams pass event by event), no access log, one worker per core.
nginx_note=""
nginx_bin=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
if [ "${BENCH_NGINX:-1}" = 0 ]; then
  nginx_note="nginx left out (BENCH_NGINX=0)."
elif [ -z "$nginx_bin" ]; then
  nginx_note="nginx left out: it is not installed (apt-get install nginx-light)."
else
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  upstream mock { server 127.0.0.1:$mock_port; keepalive 64; }
  server {
    listen 127.0.0.1:$ngx_port;
    location / { proxy_pass http://mock; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }
  }
}
NGINX
  start=$(date +%s%N)
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx/out.log" 2>&1 & ngx=$!; pids+=($ngx)
  if wait_port $ngx_port; then
    startup[n]=$(since_ms "$start"); sleep 0.5; idle[n]=$(rss_mb $ngx)
    measure n "http://127.0.0.1:$ngx_port/v1/chat/completions" none mock-gpt-1 $ngx
    kill -TERM $ngx; wait $ngx || true
  else
    nginx_note="nginx left out: it did not listen on port $ngx_port; its log:"; cat "$work/nginx/error.log" >&2 || true
  fi
fi

# The table. Missing figures (LiteLLM left out, wrk without result) are n/a.
f() { if [ -n "${r[$1]:-}" ]; then echo "${r[$1]}" | awk -v i="$2" '{print $i}'; else echo "n/a"; fi; }
v() { local x="${r[$1]:-}"; echo "${x:-n/a}"; }
num() { [[ "$1" =~ ^[0-9.]+$ ]]; }
plus() { if num "$1" && num "$2"; then awk -v a="$1" -v b="$2" 'BEGIN{printf "%+.3f ms", a-b}'; else echo "n/a"; fi; }
pct() { if num "$1" && num "$2"; then awk -v a="$1" -v b="$2" 'BEGIN{printf "%.0f%% of direct", 100*a/b}'; else echo "n/a"; fi; }
times() { if num "$1" && num "$2" && [ "$2" != 0 ]; then awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1fx LiteLLM", a/b}'; else echo "n/a"; fi; }
lit() { local x="$1"; echo "${x:-n/a}"; }
c() { echo "${cpu[${1}m$2]:-n/a} / ${cpu[${1}p$2]:-n/a}"; }
echo
echo "| | direct mock | through srooter | through LiteLLM | through nginx (bare proxy) | srooter vs direct | srooter vs LiteLLM |"
echo "|---|---|---|---|---|---|---|"
for stream in 0 1; do
  label=$([ $stream = 1 ] && echo "stream (~20 events)" || echo "non-streaming")
  unit=$([ $stream = 1 ] && echo "streams/s" || echo "requests/s")
  for q in 2:p50 3:p99; do
    i=${q%%:*}; n=${q#*:}
    echo "| $label: $n at 1 connection (ms) | $(f d1$stream $i) | $(f g1$stream $i) | $(f l1$stream $i) | $(f n1$stream $i) | $(plus "$(f g1$stream $i)" "$(f d1$stream $i)") | LiteLLM adds $(plus "$(f l1$stream $i)" "$(f d1$stream $i)") |"
  done
  echo "| $label: $unit at 32 connections | $(f d32$stream 1) | $(f g32$stream 1) | $(f l32$stream 1) | $(f n32$stream 1) | $(pct "$(f g32$stream 1)" "$(f d32$stream 1)") | $(times "$(f g32$stream 1)" "$(f l32$stream 1)") |"
  echo "| $label: CPU per ${unit%s/s} at 32 connections, mock / proxy (µs) | $(c d $stream) | $(c g $stream) | $(c l $stream) | $(c n $stream) | | |"
  echo "| $label: p50 / p99 at 32 connections (ms) | $(f d32$stream 2) / $(f d32$stream 3) | $(f g32$stream 2) / $(f g32$stream 3) | $(f l32$stream 2) / $(f l32$stream 3) | $(f n32$stream 2) / $(f n32$stream 3) | | |"
done
echo "| stream time to first byte, median of 50 (ms) | $(v dttfb) | $(v gttfb) | $(v lttfb) | $(v nttfb) | $(plus "$(v gttfb)" "$(v dttfb)") | LiteLLM adds $(plus "$(v lttfb)" "$(v dttfb)") |"
echo "| failed requests (socket errors + non-2xx, all wrk runs) | $(lit "${errors[d]:-}") | $(lit "${errors[g]:-}") | $(lit "${errors[l]:-}") | $(lit "${errors[n]:-}") | | |"
echo "| RSS idle (MB) | $(lit "${idle[d]:-}") | $(lit "${idle[g]:-}") | $(lit "${idle[l]:-}") | $(lit "${idle[n]:-}") | | |"
echo "| RSS after load (MB) | $(lit "${load[d]:-}") | $(lit "${load[g]:-}") | $(lit "${load[l]:-}") | $(lit "${load[n]:-}") | | |"
echo "| start-up to listening (ms) | $(lit "${startup[d]:-}") | $(lit "${startup[g]:-}") | $(lit "${startup[l]:-}") | $(lit "${startup[n]:-}") | | |"
if [ "${BENCH_TRANSLATED:-1}" != 0 ]; then
  ratio() { if num "$1" && num "$2" && [ "$2" != 0 ]; then awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2fx", a/b}'; else echo "n/a"; fi; }
  echo
  echo "| srooter, same gateway | same wire (Chat client, Chat provider) | translated (Anthropic client, Chat provider) | translation adds |"
  echo "|---|---|---|---|"
  for stream in 0 1; do
    label=$([ $stream = 1 ] && echo "stream (~20 events)" || echo "non-streaming")
    unit=$([ $stream = 1 ] && echo "streams/s" || echo "requests/s")
    echo "| $label: p50 at 1 connection (ms) | $(f g1$stream 2) | $(f t1$stream 2) | $(plus "$(f t1$stream 2)" "$(f g1$stream 2)") |"
    echo "| $label: $unit at 32 connections | $(f g32$stream 1) | $(f t32$stream 1) | |"
    echo "| $label: srooter CPU per ${unit%s/s} at 32 connections (µs) | ${cpu[gp$stream]:-n/a} | ${cpu[tp$stream]:-n/a} | $(ratio "${cpu[tp$stream]:-}" "${cpu[gp$stream]:-}") of same wire |"
  done
  echo "| failed requests | $(lit "${errors[g]:-}") | $(lit "${errors[t]:-}") | |"
fi
if [ "${BENCH_FALLBACK:-1}" != 0 ]; then
  echo
  echo "| srooter, same gateway | direct model (mock-gpt) | fallback route (bench/fallback, first candidate mock-gpt) | fallback vs direct |"
  echo "|---|---|---|---|"
  for stream in 0 1; do
    label=$([ $stream = 1 ] && echo "stream (~20 events)" || echo "non-streaming")
    unit=$([ $stream = 1 ] && echo "streams/s" || echo "requests/s")
    echo "| $label: p50 at 1 connection (ms) | $(f g1$stream 2) | $(f fb1$stream 2) | $(plus "$(f fb1$stream 2)" "$(f g1$stream 2)") |"
    echo "| $label: $unit at 32 connections | $(f g32$stream 1) | $(f fb32$stream 1) | $(if num "$(f fb32$stream 1)" && num "$(f g32$stream 1)"; then awk -v a="$(f fb32$stream 1)" -v b="$(f g32$stream 1)" 'BEGIN{printf "%+.1f%%", 100*(a-b)/b}'; else echo n/a; fi) |"
    echo "| $label: srooter CPU per ${unit%s/s} at 32 connections (µs) | ${cpu[gp$stream]:-n/a} | ${cpu[fbp$stream]:-n/a} | |"
  done
  echo "| failed requests | $(lit "${errors[g]:-}") | $(lit "${errors[fb]:-}") | |"
fi
echo
echo "wrk: $DURATION per run, 1 thread at 1 connection, 2 threads at 32, 10 s timeout. srooter: audit on, self-check in start-up, ${records} audit records written."
if [ -n "$litellm_note" ]; then echo "$litellm_note"
else echo "LiteLLM $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))') proxy: $LITELLM_WORKERS uvicorn worker(s), no database, local cost map, access log off."; fi
if [ -n "$nginx_note" ]; then echo "$nginx_note"
else
  echo "nginx $("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||'): a bare reverse proxy (no auth, no audit, no parsing of bodies), $(nproc) workers, upstream keep-alive, no buffering, no access log."
  for stream in 0 1; do
    unit=$([ $stream = 1 ] && echo "streams/s" || echo "requests/s")
    need=$(f l32$stream 1); have=$(f n32$stream 1)
    if num "$need" && num "$have"; then
      awk -v u="$unit" -v c="$(nproc)" -v l="$need" -v n="$have" -v s="$(f g32$stream 1)" 'BEGIN {
        printf "%s: 100x LiteLLM would be %.0f, %.0f µs of CPU each for wrk, mock and proxy together on %d cores; nginx forwarding alone reached %.0f (%.0f%% of that), srooter %s.\n", u, 100*l, c*1e6/(100*l), c, n, 100*n/(100*l), s }'
    fi
  done
fi
