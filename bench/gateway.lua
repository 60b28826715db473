-- wrk script: POST a realistic ~1 KB chat completion (BENCH_MODEL, BENCH_STREAM, BENCH_KEY from the environment).
local model = os.getenv("BENCH_MODEL") or "mock-gpt"
local stream = os.getenv("BENCH_STREAM") == "1"
local system = "You are a senior software engineer helping with a Swift server codebase. Answer precisely, cite files by path, and keep code changes minimal. Prefer structured concurrency, Sendable types and small files. "
local user = "In Sources/SrooterGateway/Relay/Relay.swift the relay forwards upstream server-sent events frame by frame and captures usage. Explain how a client disconnect propagates to the upstream request, and whether any buffering happens between the provider and the client. Also list which events carry token usage for the Anthropic Messages wire, for Chat Completions and for the Responses API, and what happens when the stream ends early. Keep it short."
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_KEY") or "none")
-- BENCH_WIRE=anthropic: the same conversation as an Anthropic Messages request (for the translated column).
if os.getenv("BENCH_WIRE") == "anthropic" then
  wrk.headers["anthropic-version"] = "2023-06-01"
  wrk.body = '{"model":"' .. model .. '","stream":' .. (stream and "true" or "false") .. ',"max_tokens":512,"temperature":0.2,'
    .. '"system":"' .. system .. '","messages":[{"role":"user","content":"' .. user .. '"}]}'
else
  wrk.body = '{"model":"' .. model .. '","stream":' .. (stream and "true" or "false") .. ',"max_tokens":512,"temperature":0.2,'
    .. '"messages":[{"role":"system","content":"' .. system .. '"},{"role":"user","content":"' .. user .. '"}]}'
end
