"""Drives srooter serve with the official anthropic and openai SDKs and compares, event by event,
what the SDK received through srooter with what it receives from the mock upstream directly.
Usage: gateway_sdk_check.py SROOTER_URL MOCK_URL ACCESS_KEY CANARY. Exit 0 when every check passes."""
import json
import socket
import sys
import time
import urllib.error
import urllib.request

import anthropic
import openai

srooter, mock, key, canary = sys.argv[1:5]
failures = []
checks = 0


def check(name, condition, detail=""):
    global checks
    checks += 1
    if not condition:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name} {detail}", flush=True)


def dump(value):
    return json.loads(value.model_dump_json()) if hasattr(value, "model_dump_json") else value


prompt = f"Please use the search tool to look this up. {canary}"
tools_a = [{"name": "search", "description": "Search the docs", "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}}}]
tools_o = [{"type": "function", "function": {"name": "search", "description": "Search", "parameters": {"type": "object", "properties": {"query": {"type": "string"}}}}}]
tools_r = [{"type": "function", "name": "search", "description": "Search", "parameters": {"type": "object", "properties": {"query": {"type": "string"}}}}]

via_a = anthropic.Anthropic(base_url=srooter, api_key=key, max_retries=0, timeout=30)
direct_a = anthropic.Anthropic(base_url=mock, api_key="mock-provider-key", max_retries=0, timeout=30)
via_o = openai.OpenAI(base_url=srooter + "/v1", api_key=key, max_retries=0, timeout=30)
direct_o = openai.OpenAI(base_url=mock + "/v1", api_key="mock-provider-key", max_retries=0, timeout=30)

# Anthropic Messages: whole and streamed, with and without tools.
for tools in (None, tools_a):
    extra = {"tools": tools} if tools else {}
    a = via_a.messages.create(model="claude-test", max_tokens=100, system="be brief", messages=[{"role": "user", "content": prompt}], **extra)
    b = direct_a.messages.create(model="mock-claude-1", max_tokens=100, system="be brief", messages=[{"role": "user", "content": prompt}], **extra)
    check(f"anthropic whole tools={bool(tools)}", dump(a) == dump(b), f"{dump(a)} != {dump(b)}")
    check("anthropic echo has canary", canary in json.dumps(dump(a)))
    with via_a.messages.stream(model="claude-test", max_tokens=100, messages=[{"role": "user", "content": prompt}], **extra) as s:
        ea = [dump(e) for e in s]
    with direct_a.messages.stream(model="mock-claude-1", max_tokens=100, messages=[{"role": "user", "content": prompt}], **extra) as s:
        eb = [dump(e) for e in s]
    check(f"anthropic stream tools={bool(tools)}", ea == eb and len(ea) > 10, f"{len(ea)} vs {len(eb)} events")
    if tools:
        check("anthropic stream has tool_use", any(e.get("content_block", {}).get("type") == "tool_use" for e in ea if isinstance(e, dict)))

# count_tokens, beta path
ct = via_a.messages.count_tokens(model="claude-test", messages=[{"role": "user", "content": prompt}])
check("count_tokens", ct.input_tokens == 40, dump(ct))
beta = via_a.beta.messages.create(model="claude-test", max_tokens=50, messages=[{"role": "user", "content": prompt}], betas=["interleaved-thinking-2025-05-14"])
check("beta messages (?beta=true)", beta.content[0].text.startswith("Hello from the srooter mock"))

# OpenAI Chat Completions
for tools in (None, tools_o):
    extra = {"tools": tools} if tools else {}
    a = via_o.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": prompt}], **extra)
    b = direct_o.chat.completions.create(model="mock-gpt-1", messages=[{"role": "user", "content": prompt}], **extra)
    check(f"chat whole tools={bool(tools)}", dump(a) == dump(b), f"{dump(a)} != {dump(b)}")
    ea = [dump(c) for c in via_o.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": prompt}], stream=True, **extra)]
    eb = [dump(c) for c in direct_o.chat.completions.create(model="mock-gpt-1", messages=[{"role": "user", "content": prompt}], stream=True, **extra)]
    check(f"chat stream tools={bool(tools)} (usage chunk srooter added is dropped)", ea == eb and len(ea) > 3, f"{len(ea)} vs {len(eb)}")
    ea = [dump(c) for c in via_o.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": prompt}], stream=True, stream_options={"include_usage": True}, **extra)]
    eb = [dump(c) for c in direct_o.chat.completions.create(model="mock-gpt-1", messages=[{"role": "user", "content": prompt}], stream=True, stream_options={"include_usage": True}, **extra)]
    check(f"chat stream include_usage tools={bool(tools)}", ea == eb and ea[-1]["usage"]["completion_tokens"] == 42, f"{len(ea)} vs {len(eb)}")

# OpenAI Responses
for tools in (None, tools_r):
    extra = {"tools": tools} if tools else {}
    a = via_o.responses.create(model="gpt-test", input=prompt, instructions="be brief", **extra)
    b = direct_o.responses.create(model="mock-gpt-1", input=prompt, instructions="be brief", **extra)
    check(f"responses whole tools={bool(tools)}", dump(a) == dump(b), f"{dump(a)} != {dump(b)}")
    ea = [dump(e) for e in via_o.responses.create(model="gpt-test", input=prompt, stream=True, **extra)]
    eb = [dump(e) for e in direct_o.responses.create(model="mock-gpt-1", input=prompt, stream=True, **extra)]
    check(f"responses stream tools={bool(tools)}", ea == eb and ea[-1]["type"] == "response.completed", f"{len(ea)} vs {len(eb)}")

# models
models = via_o.models.list()
check("models (openai sdk)", sorted(m.id for m in models.data) == ["claude-test", "gpt-test"], dump(models))
models = via_a.models.list()
check("models (anthropic sdk)", sorted(m.id for m in models.data) == ["claude-test", "gpt-test"])

# Provider errors pass through unchanged, status and body.
for marker, status in (("mock:429", 429), ("mock:400", 400), ("mock:529", 529)):
    for name, via, direct, model_via, model_direct, call in (
        ("anthropic", via_a, direct_a, "claude-test", "mock-claude-1", lambda c, m: c.messages.create(model=m, max_tokens=10, messages=[{"role": "user", "content": marker}])),
        ("chat", via_o, direct_o, "gpt-test", "mock-gpt-1", lambda c, m: c.chat.completions.create(model=m, messages=[{"role": "user", "content": marker}])),
        ("responses", via_o, direct_o, "gpt-test", "mock-gpt-1", lambda c, m: c.responses.create(model=m, input=marker)),
    ):
        got = []
        for client, model in ((via, model_via), (direct, model_direct)):
            try:
                call(client, model)
                got.append(None)
            except (anthropic.APIStatusError, openai.APIStatusError) as error:
                got.append((error.status_code, error.response.text))
        check(f"{name} {status} passthrough", got[0] is not None and got[0] == got[1] and got[0][0] == status, str(got))


def raw(path, body, headers=None, timeout=10):
    request = urllib.request.Request(srooter + path, data=body, method="POST", headers={"content-type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


auth = {"authorization": "Bearer " + key}
anth = {"x-api-key": key, "anthropic-version": "2023-06-01"}
# 401 in each shape, never echoing the key
bad = "sk-srt-0123456789ab_" + "f" * 64
for path, headers, shape in (("/v1/messages", {"x-api-key": bad}, "type"), ("/v1/chat/completions", {"authorization": "Bearer " + bad}, "error")):
    status, text = raw(path, b'{"model":"x"}', headers)
    check(f"401 {path}", status == 401 and bad not in text and shape in json.loads(text), f"{status} {text}")
# 413, 400 malformed, 400 untranslatable for another wire, 404 unknown model
status, text = raw("/v1/chat/completions", b'{"model":"gpt-test","messages":[{"role":"user","content":"' + b"x" * 1_100_000 + b'"}]}', auth)
check("413", status == 413 and json.loads(text)["error"]["code"] == "request_too_large", f"{status} {text[:200]}")
status, text = raw("/v1/messages", b'{"model": "claude-test", "messages": [', anth)
check("400 malformed (anthropic shape)", status == 400 and json.loads(text)["type"] == "error", f"{status} {text}")
status, text = raw("/v1/chat/completions", b'{"model":"claude-test","messages":{}}', auth)
check("400 untranslatable for another wire", status == 400 and "cannot be translated" in json.loads(text)["error"]["message"], f"{status} {text}")
status, text = raw("/v1/chat/completions", b'{"model":"nope","messages":[]}', auth)
check("404 unknown model", status == 404, f"{status} {text}")

# Mid-stream failure and timeouts: an error in the client's wire.
status, text = raw("/v1/messages", json.dumps({"model": "claude-test", "max_tokens": 10, "stream": True, "messages": [{"role": "user", "content": "mock:midstream-failure"}]}).encode(), anth)
check("midstream failure -> error event", status == 200 and "event: error" in text and "message_stop" not in text, text[-300:])
status, text = raw("/v1/chat/completions", json.dumps({"model": "gpt-test", "stream": True, "messages": [{"role": "user", "content": "mock:idle"}]}).encode(), auth)
check("idle timeout -> error chunk", status == 200 and '"code":"timeout"' in text and "[DONE]" not in text, text[-300:])
status, text = raw("/v1/responses", json.dumps({"model": "gpt-test", "input": "mock:hang"}).encode(), auth)
check("upstream hang -> 504", status == 504 and json.loads(text)["error"]["code"] == "timeout", f"{status} {text}")


# Client disconnect cancels upstream.
def stats():
    with urllib.request.urlopen(mock + "/_mock/stats", timeout=5) as response:
        return json.loads(response.read())


before = stats()["cancelled"]
host, port = srooter.split("//")[1].split(":")
body = json.dumps({"model": "claude-test", "max_tokens": 10, "stream": True, "messages": [{"role": "user", "content": "mock:slow"}]}).encode()
conn = socket.create_connection((host, int(port)), timeout=10)
conn.sendall(b"POST /v1/messages HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nx-api-key: " + key.encode()
             + b"\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
first = conn.recv(4096)
conn.close()
deadline = time.time() + 5
while time.time() < deadline and stats()["cancelled"] <= before:
    time.sleep(0.1)
check("client disconnect cancels upstream", b"200 OK" in first and stats()["cancelled"] > before, str(stats()))

def wait_for(condition, seconds=10):
    """Polls `condition` until it holds or `seconds` pass; returns whether it held."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def read_until(conn, predicate, seconds=10):
    """Reads from `conn` until `predicate(bytes so far)` holds, the peer closes, or `seconds` pass."""
    conn.settimeout(seconds)
    data = b""
    deadline = time.time() + seconds
    while not predicate(data) and time.time() < deadline:
        try:
            chunk = conn.recv(4096)
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
    return data


# A client that hangs up while the upstream is still silent (no response head yet) cancels it at once,
# not when the upstream finally answers: non-streaming and streaming.
for path, payload in [
    ("/v1/chat/completions", {"model": "gpt-test", "messages": [{"role": "user", "content": "mock:hang"}]}),
    ("/v1/chat/completions", {"model": "gpt-test", "stream": True, "messages": [{"role": "user", "content": "mock:hang"}]}),
]:
    before = stats()
    body = json.dumps(payload).encode()
    conn = socket.create_connection((host, int(port)), timeout=10)
    conn.sendall(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nauthorization: Bearer "
                 + key.encode() + b"\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    # Hang up once the upstream holds the request (it is then silent for a minute).
    reached = wait_for(lambda: stats()["requests"] > before["requests"])
    conn.close()
    before = before["cancelled"]
    deadline = time.time() + 0.5  # well inside the 1 s idle timeout, which would also cancel it
    while time.time() < deadline and stats()["cancelled"] <= before:
        time.sleep(0.05)
    check(f"disconnect before the head cancels upstream (stream={payload.get('stream', False)})", reached and stats()["cancelled"] > before, str(stats()))

# ...and one that hangs up while a stream has gone silent after its first events.
before = stats()["cancelled"]
body = json.dumps({"model": "gpt-test", "stream": True, "messages": [{"role": "user", "content": "mock:idle"}]}).encode()
conn = socket.create_connection((host, int(port)), timeout=10)
conn.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nauthorization: Bearer "
             + key.encode() + b"\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
# The mock sends three events, then falls silent: hang up once all three arrived.
first = read_until(conn, lambda data: data.count(b"data:") >= 3)
conn.close()
deadline = time.time() + 0.5  # inside the 1 s idle timeout
while time.time() < deadline and stats()["cancelled"] <= before:
    time.sleep(0.05)
check("disconnect during a silent stream cancels upstream", b"200 OK" in first and stats()["cancelled"] > before, str(stats()))

print(json.dumps({"checks": checks, "failures": failures}), flush=True)
sys.exit(1 if failures else 0)
