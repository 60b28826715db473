#!/usr/bin/env bash
# Routing decision time (issue 20: under 20 µs at p99 for trivial and learned): `srooter router bench` times
# ITERATIONS decisions by the router `serve` runs (features measured from the parsed body, the strategy's
# decision, the learned model's probability), each alone, for a trivial and a learned route, on a small
# one-turn body and on a 40-turn agent body with tools and code fences. Nothing is sent upstream.
# Usage: bench/router-decision.sh BIN. Environment: ITERATIONS (default 200000).
set -euo pipefail
bin="$(realpath "${1:-.build-release/release/srooter}")"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work=$(mktemp -d /tmp/srooter-router-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
ITERATIONS="${ITERATIONS:-200000}"
cat > "$work/srooter.yaml" <<YAML
listen: {host: 127.0.0.1, port: 31090}
database: $work/srooter.db
providers:
  mock: {kind: mock}
models:
  dear: {provider: mock, upstream: mock-gpt-1, price: {input: 3, output: 15}}
  cheap: {provider: mock, upstream: mock-gpt-mini, price: {input: 1, output: 5}}
routes:
  auto: {strategy: trivial, candidates: [dear, cheap]}
  smart:
    strategy: learned
    candidates: [dear, cheap]
    learned: {weights: $work/weights.json, threshold: 0.7}
YAML
"$bin" router train --samples "$root/routing/synthetic-labelled.jsonl" --config "$work/srooter.yaml" --output "$work/weights.json" >/dev/null
printf '%s' '{"model":"auto","max_tokens":100,"messages":[{"role":"user","content":"Give this conversation a 3 word title"}]}' > "$work/small.json"
python3 - "$work/agent.json" <<'PY'
import json, sys
messages = []
for i in range(20):
    messages.append({"role": "user", "content": f"step {i}: fix this\n```swift\nlet value{i} = compute({i})\n```\nand explain"})
    messages.append({"role": "assistant", "content": f"done {i}: ```python\nprint({i})\n```"})
messages.append({"role": "user", "content": "now run the tests"})
tools = [{"type": "function", "function": {"name": f"tool{i}", "parameters": {"type": "object", "properties": {}}}} for i in range(8)]
json.dump({"model": "auto", "max_tokens": 4096, "tools": tools, "messages": messages}, open(sys.argv[1], "w"))
PY
echo "router decision time, $ITERATIONS decisions each ($(uname -m), $(nproc) cores)"
for body in small agent; do
  for route in auto smart; do
    printf '%-6s ' "$body"
    "$bin" router bench --config "$work/srooter.yaml" --model "$route" --body "$work/$body.json" --surface openai-chat --iterations "$ITERATIONS"
  done
done
