"""Drives srooter serve across wires with the official anthropic and openai SDKs: every client wire
on models whose provider speaks another wire (an `anthropic` provider, an `openai` provider reached
in Chat Completions, an `openai-compatible` one), whole and streamed, with and without tools; the
SDKs parse every event with their typed models. Also: provider errors in the client's shape, a
mid-stream failure as the client wire's error event, the srooter-dropped header, count_tokens'
estimate. Expected values come from the mock upstream's fixed reply (25 input, 42 output, 10 cache
read, 5 cache write for Anthropic) and the wire references, not from srooter.
Usage: gateway_translation_check.py SROOTER_URL ACCESS_KEY CANARY MOCK_URL. Exit 0 when every check passes."""
import json
import math
import socket
import sys
import time
import urllib.error
import urllib.request

import anthropic
import openai

srooter, key, canary, mock = sys.argv[1:5]
failures = []
checks = 0


def check(name, condition, detail=""):
    global checks
    checks += 1
    if not condition:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name} {detail}", flush=True)


prompt = f"Please use the search tool to look this up. {canary}"
greeting = "Hello from the srooter mock."
schema = {"type": "object", "properties": {"query": {"type": "string"}}}
tools_a = [{"name": "search", "description": "Search the docs", "input_schema": schema}]
tools_o = [{"type": "function", "function": {"name": "search", "description": "Search", "parameters": schema}}]
tools_r = [{"type": "function", "name": "search", "description": "Search", "parameters": schema}]

A = anthropic.Anthropic(base_url=srooter, api_key=key, max_retries=0, timeout=30)
O = openai.OpenAI(base_url=srooter + "/v1", api_key=key, max_retries=0, timeout=30)

# The mock's usage as each provider wire reports it: Anthropic counts cache writes, OpenAI has none.
PROVIDER = {"claude-t": dict(input=25, output=42, read=10, write=5), "gpt-t": dict(input=25, output=42, read=10, write=0),
            "local-t": dict(input=25, output=42, read=10, write=0)}

# Anthropic client on Chat Completions providers (openai, openai-compatible).
for model in ("gpt-t", "local-t"):
    u = PROVIDER[model]
    for tools in (None, tools_a):
        extra = {"tools": tools} if tools else {}
        tag = f"anthropic->{model} tools={bool(tools)}"
        m = A.messages.create(model=model, max_tokens=100, system="be brief", messages=[{"role": "user", "content": prompt}], **extra)
        check(f"{tag} whole usage", (m.usage.input_tokens, m.usage.output_tokens, m.usage.cache_read_input_tokens) == (u["input"], u["output"], u["read"]), m.usage)
        if tools:
            uses = [b for b in m.content if b.type == "tool_use"]
            check(f"{tag} whole tool_use", m.stop_reason == "tool_use" and len(uses) == 1 and uses[0].name == "search" and isinstance(uses[0].input, dict), m.content)
        else:
            check(f"{tag} whole text", m.stop_reason == "end_turn" and m.content[0].type == "text" and m.content[0].text.startswith(greeting) and canary in m.content[0].text, m.content)
        with A.messages.stream(model=model, max_tokens=100, messages=[{"role": "user", "content": prompt}], **extra) as s:
            events = list(s)
            final = s.get_final_message()
        types = [e.type for e in events]
        start = next(e for e in events if e.type == "message_start")
        check(f"{tag} stream message_start has real input usage (not zero)", start.message.usage.input_tokens > 0, start.message.usage)
        check(f"{tag} stream order", types[0] == "message_start" and types[-1] == "message_stop" and "message_delta" in types, types)
        check(f"{tag} stream final usage", (final.usage.input_tokens, final.usage.output_tokens) == (u["input"], u["output"]), final.usage)
        if tools:
            check(f"{tag} stream tool_use", final.stop_reason == "tool_use" and any(b.type == "tool_use" and b.name == "search" for b in final.content), final.content)
        else:
            check(f"{tag} stream text", final.content[0].text.startswith(greeting), final.content)

# Chat Completions client on an Anthropic provider.
u = PROVIDER["claude-t"]
prompt_total = u["input"] + u["read"] + u["write"]
for tools in (None, tools_o):
    extra = {"tools": tools} if tools else {}
    tag = f"chat->claude-t tools={bool(tools)}"
    c = O.chat.completions.create(model="claude-t", messages=[{"role": "system", "content": "be brief"}, {"role": "user", "content": prompt}], **extra)
    check(f"{tag} whole usage", (c.usage.prompt_tokens, c.usage.completion_tokens, c.usage.prompt_tokens_details.cached_tokens) == (prompt_total, u["output"], u["read"]), c.usage)
    message = c.choices[0].message
    if tools:
        call = (message.tool_calls or [None])[0]
        check(f"{tag} whole tool_calls", c.choices[0].finish_reason == "tool_calls" and call is not None and call.function.name == "search"
              and isinstance(json.loads(call.function.arguments), dict), message)
    else:
        check(f"{tag} whole text", c.choices[0].finish_reason == "stop" and message.content.startswith(greeting), message)
    chunks = list(O.chat.completions.create(model="claude-t", messages=[{"role": "user", "content": prompt}], stream=True, stream_options={"include_usage": True}, **extra))
    check(f"{tag} stream usage chunk", chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == u["output"] and chunks[-1].usage.prompt_tokens == prompt_total, chunks[-1])
    reasons = [ch.choices[0].finish_reason for ch in chunks if ch.choices and ch.choices[0].finish_reason]
    check(f"{tag} stream finish_reason", reasons == (["tool_calls"] if tools else ["stop"]), reasons)
    if tools:
        arguments = "".join(tc.function.arguments or "" for ch in chunks if ch.choices for tc in (ch.choices[0].delta.tool_calls or []))
        names = [tc.function.name for ch in chunks if ch.choices for tc in (ch.choices[0].delta.tool_calls or []) if tc.function and tc.function.name]
        check(f"{tag} stream tool_calls deltas", names == ["search"] and isinstance(json.loads(arguments), dict), (names, arguments))
    else:
        text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
        check(f"{tag} stream text", text.startswith(greeting) and canary in text, text)
    plain = list(O.chat.completions.create(model="claude-t", messages=[{"role": "user", "content": prompt}], stream=True, **extra))
    check(f"{tag} stream without include_usage has no usage chunk", all(ch.choices for ch in plain) and all(ch.usage is None for ch in plain), plain[-1])

# Responses client on an Anthropic provider and on a Chat Completions (openai-compatible) provider.
for model in ("claude-t", "local-t"):
    u = PROVIDER[model]
    total = u["input"] + u["read"] + u["write"]
    for tools in (None, tools_r):
        extra = {"tools": tools} if tools else {}
        tag = f"responses->{model} tools={bool(tools)}"
        r = O.responses.create(model=model, input=prompt, instructions="be brief", **extra)
        check(f"{tag} whole usage", (r.usage.input_tokens, r.usage.output_tokens, r.usage.input_tokens_details.cached_tokens) == (total, u["output"], u["read"]), r.usage)
        calls = [item for item in r.output if item.type == "function_call"]
        if tools:
            check(f"{tag} whole function_call", len(calls) == 1 and calls[0].name == "search" and isinstance(json.loads(calls[0].arguments), dict), r.output)
        else:
            check(f"{tag} whole text", r.status == "completed" and r.output_text.startswith(greeting), r.output)
        events = list(O.responses.create(model=model, input=prompt, stream=True, **extra))
        types = [e.type for e in events]
        check(f"{tag} stream order", types[0] == "response.created" and types[-1] == "response.completed", types)
        done = events[-1].response
        check(f"{tag} stream completed usage", done.usage is not None and (done.usage.input_tokens, done.usage.output_tokens) == (total, u["output"]), done.usage)
        if tools:
            check(f"{tag} stream function call", "response.function_call_arguments.delta" in types or "response.function_call_arguments.done" in types, types)
            check(f"{tag} stream function_call item", any(i.type == "function_call" and i.name == "search" for i in done.output), done.output)
        else:
            text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
            check(f"{tag} stream text", text.startswith(greeting), text)

# Provider errors come back in the client's shape with the provider's status.
for marker, status, a_type in (("mock:429", 429, "rate_limit_error"), ("mock:400", 400, "invalid_request_error"), ("mock:529", 529, "overloaded_error")):
    for name, call in (
        ("anthropic->gpt-t", lambda: A.messages.create(model="gpt-t", max_tokens=10, messages=[{"role": "user", "content": marker}])),
        ("anthropic->local-t stream", lambda: A.messages.create(model="local-t", max_tokens=10, stream=True, messages=[{"role": "user", "content": marker}])),
        ("chat->claude-t", lambda: O.chat.completions.create(model="claude-t", messages=[{"role": "user", "content": marker}])),
        ("responses->claude-t", lambda: O.responses.create(model="claude-t", input=marker)),
        ("responses->local-t stream", lambda: O.responses.create(model="local-t", input=marker, stream=True)),
    ):
        try:
            call()
            got = None
        except (anthropic.APIStatusError, openai.APIStatusError) as error:
            got = (error.status_code, json.loads(error.response.text))
        if name.startswith("anthropic"):
            ok = got is not None and got[0] == status and got[1].get("type") == "error" and got[1]["error"]["type"] == a_type
        else:
            ok = got is not None and got[0] == status and set(got[1]["error"]) >= {"message", "type", "param", "code"}
        check(f"{name} {status} in the client's shape", ok, str(got))


def raw(path, body, headers, timeout=15):
    """POST; returns (status, headers, text)."""
    request = urllib.request.Request(srooter + path, data=json.dumps(body, separators=(",", ":")).encode(), method="POST",
                                     headers={"content-type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()


anth = {"x-api-key": key, "anthropic-version": "2023-06-01"}
auth = {"authorization": "Bearer " + key}

# Mid-stream failure: the client wire's error event, never its completion.
status, _, text = raw("/v1/messages", {"model": "gpt-t", "max_tokens": 10, "stream": True, "messages": [{"role": "user", "content": "mock:midstream-failure"}]}, anth)
check("anthropic<-chat midstream failure -> event: error", status == 200 and "event: error" in text and "message_stop" not in text, text[-300:])
status, _, text = raw("/v1/chat/completions", {"model": "claude-t", "stream": True, "messages": [{"role": "user", "content": "mock:midstream-failure"}]}, auth)
last = [line for line in text.split("\n") if line.startswith("data: ")][-1]
check("chat<-anthropic midstream failure -> error chunk", status == 200 and "error" in json.loads(last[6:]) and "[DONE]" not in text, text[-300:])
status, _, text = raw("/v1/responses", {"model": "claude-t", "stream": True, "input": "mock:midstream-failure"}, auth)
check("responses<-anthropic midstream failure -> error, no completion", status == 200 and "event: error" in text and "response.completed" not in text, text[-300:])

# What cannot be carried is dropped and named: cache_control, a signed thinking block, redacted thinking and a
# server-side tool, to a Chat provider; the rest of the conversation and the custom tool still go.
history = [
    {"role": "user", "content": [{"type": "text", "text": "first", "cache_control": {"type": "ephemeral"}}]},
    {"role": "assistant", "content": [{"type": "thinking", "thinking": "hmm", "signature": "c2lnbmF0dXJl"},
                                      {"type": "redacted_thinking", "data": "ZW5jcnlwdGVk"}, {"type": "text", "text": "ok"}]},
    {"role": "user", "content": "and now?"},
]
server_tools = [{"type": "web_search_20250305", "name": "web_search", "max_uses": 1}] + tools_a
wanted = {"cache_control", "thinking (signed)", "redacted_thinking", "server tool web_search_20250305"}
body = {"model": "local-t", "max_tokens": 50, "messages": history, "tools": server_tools}
status, headers, text = raw("/v1/messages", body, anth)
dropped = [name.strip() for name in headers.get("srooter-dropped", "").split(",")]
check("dropped header names what was dropped", status == 200 and set(dropped) == wanted and json.loads(text)["type"] == "message", (status, headers, text[:200]))
status, headers, text = raw("/v1/messages", dict(body, stream=True), anth)
dropped = [name.strip() for name in headers.get("srooter-dropped", "").split(",")]
check("dropped header on a stream", status == 200 and set(dropped) == wanted and "message_stop" in text, (status, headers))
status, headers, _ = raw("/v1/messages", {"model": "claude-t", "max_tokens": 50, "messages": history}, anth)
check("no dropped header on the same wire", status == 200 and "srooter-dropped" not in headers, headers)

# count_tokens on an OpenAI-wire model: an estimate, said so; 4 bytes a token over system, messages and tools as sent.
count_body = {"model": "gpt-t", "system": "be brief", "messages": [{"role": "user", "content": prompt}], "tools": tools_a}
status, headers, text = raw("/v1/messages/count_tokens", count_body, anth)
sent = sum(len(json.dumps(count_body[name], separators=(",", ":"))) for name in ("system", "messages", "tools"))
check("count_tokens estimate", status == 200 and headers.get("srooter-estimate") == "true" and json.loads(text) == {"input_tokens": math.ceil(sent / 4)},
      (status, headers, text, math.ceil(sent / 4)))
status, headers, text = raw("/v1/messages/count_tokens", dict(count_body, model="claude-t"), anth)
check("count_tokens on an Anthropic model is the provider's", status == 200 and "srooter-estimate" not in headers and json.loads(text) == {"input_tokens": 40}, (status, text))

# A client that hangs up during a translated stream cancels the provider's stream at once.
def cancelled():
    with urllib.request.urlopen(mock + "/_mock/stats", timeout=5) as response:
        return json.loads(response.read())["cancelled"]


before = cancelled()
host, port = srooter.split("//")[1].split(":")
payload = json.dumps({"model": "gpt-t", "max_tokens": 10, "stream": True, "messages": [{"role": "user", "content": "mock:slow"}]}).encode()
conn = socket.create_connection((host, int(port)), timeout=10)
conn.sendall(b"POST /v1/messages HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nx-api-key: " + key.encode()
             + b"\r\ncontent-length: " + str(len(payload)).encode() + b"\r\n\r\n" + payload)
received = b""
deadline = time.time() + 10
while b"content_block_delta" not in received and time.time() < deadline:
    chunk = conn.recv(4096)
    if not chunk:
        break
    received += chunk
conn.close()
deadline = time.time() + 5
while time.time() < deadline and cancelled() <= before:
    time.sleep(0.05)
check("hang-up during a translated stream cancels the provider", b"content_block_delta" in received and cancelled() > before, received[-200:])

print(json.dumps({"checks": checks, "failures": failures}), flush=True)
sys.exit(1 if failures else 0)
