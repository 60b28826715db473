#!/usr/bin/env bash
# make run: prepares srooter.yaml and ./data/, creates a demo access key, prints how to point
# Claude Code, Codex and aider at the gateway, then starts it. Usage: scripts/run-gateway.sh BIN
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$1"
config="srooter.yaml"

if [ ! -f "$config" ]; then
  cp srooter.example.yaml "$config"
  echo "run: created $config from srooter.example.yaml (the mock provider is on)"
  if [ -n "${ANTHROPIC_API_KEY:-}" ]; then
    sed -i -e '/^  # anthropic:/,/^  #   credential/ s/^  # /  /' -e '/^  # claude-sonnet-4-5:/,/^  #   price/ s/^  # /  /' "$config"
    echo "run: ANTHROPIC_API_KEY is set: enabled the anthropic provider and claude-sonnet-4-5"
  fi
  if [ -n "${OPENAI_API_KEY:-}" ]; then
    sed -i -e '/^  # openai:/,/^  #   credential/ s/^  # /  /' -e '/^  # gpt-5:/,/^  #   price/ s/^  # /  /' "$config"
    echo "run: OPENAI_API_KEY is set: enabled the openai provider and gpt-5"
  fi
fi
mkdir -p -m 700 data  # private, whatever the umask (srooter creates it so too)
"$bin" config check "$config"
port=$(sed -n 's/^  port: *\([0-9]*\).*/\1/p' "$config" | head -1)
base="http://127.0.0.1:${port:-4000}"
key=$("$bin" access create --config "$config" --user demo --team demo 2>/dev/null)

cat <<TEXT

srooter gateway on $base (demo access key, shown once; srooter keeps only its SHA-256):
  $key

Claude Code:
  ANTHROPIC_BASE_URL=$base ANTHROPIC_AUTH_TOKEN=$key ANTHROPIC_MODEL=mock-claude claude

Codex (~/.codex/config.toml), then: SROOTER_KEY=$key codex -c model_provider=srooter -m mock-gpt
  [model_providers.srooter]
  name = "srooter"
  base_url = "$base/v1"
  env_key = "SROOTER_KEY"
  wire_api = "responses"

aider:
  OPENAI_API_BASE=$base/v1 OPENAI_API_KEY=$key aider --model openai/mock-gpt

The mock answers with a canned text and calls a tool only when your last message says
"use the NAME tool" (for example: claude -p "Use the Read tool on README.md").

Try it:
  curl -sN $base/v1/messages -H "x-api-key: $key" -H "anthropic-version: 2023-06-01" \\
    -H "content-type: application/json" \\
    -d '{"model":"mock-claude","max_tokens":200,"stream":true,"messages":[{"role":"user","content":"Hello"}]}'

Audit records: $bin audit export --config $config   (metadata only, hash-chained; Ctrl-C stops the gateway)
TEXT
exec "$bin" serve --config "$config" --allow-unverified
