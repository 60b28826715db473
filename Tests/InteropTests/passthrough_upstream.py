"""A stand-in provider for PassthroughInteropTests.

Answers Anthropic messages and OpenAI chat completions (non-streaming) and appends each request's
path and headers, as one JSON line, to a file, so the test can see exactly what srooter sent upstream.

Usage: passthrough_upstream.py PORT LOG_FILE
"""

import json
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG = int(sys.argv[1]), sys.argv[2]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        with open(LOG, "a", encoding="utf-8") as log:
            headers = [[name.lower(), value] for name, value in self.headers.items()]
            log.write(json.dumps({"path": self.path, "model": body.get("model"), "prompt_cache_key": body.get("prompt_cache_key"), "headers": headers}) + "\n")
        if self.path.endswith("/chat/completions"):
            reply = {
                "id": "chatcmpl-passthrough", "object": "chat.completion", "created": 1, "model": body.get("model"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "pong"}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
            }
        else:
            reply = {
                "id": "msg_passthrough", "type": "message", "role": "assistant", "model": body.get("model"),
                "content": [{"type": "text", "text": "pong"}], "stop_reason": "end_turn", "stop_sequence": None,
                "usage": {"input_tokens": 3, "output_tokens": 1},
            }
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the test runner may hand down an ignored SIGTERM
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
