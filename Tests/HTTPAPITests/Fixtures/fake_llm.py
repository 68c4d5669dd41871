#!/usr/bin/env python3
"""A stand-in for a remote LLM server (the one thing that cannot run here), speaking the OpenAI wire format:
GET /v1/models lists one model; POST /v1/chat/completions answers as JSON with `usage`, or as Server-Sent Events
ending, when `stream_options.include_usage` is set, with a chunk that holds only `usage` (as OpenAI and vLLM do).
Prints its port on the first line of stdout. Usage: fake_llm.py
"""
import http.server
import json
import sys

ANSWER = ["The J/ψ meson has a mass of ", "3096.9 MeV [1]."]
USAGE = {"prompt_tokens": 123, "completion_tokens": 9, "total_tokens": 132}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # the connection closes after each response, so streams need no chunking

    def log_message(self, *args):
        pass

    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/v1/models":
            self.send_json(200, {"object": "list", "data": [{"id": "fake-llm", "object": "model", "owned_by": "test"}]})
        else:
            self.send_json(404, {"error": {"message": "no such route"}})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        if self.path != "/v1/chat/completions" or body.get("model") != "fake-llm":
            self.send_json(404, {"error": {"message": f"unknown route or model {body.get('model')!r}"}})
            return
        base = {"id": "chatcmpl-fake", "created": 1_700_000_000, "model": "fake-llm"}
        if not body.get("stream"):
            self.send_json(200, {**base, "object": "chat.completion", "usage": USAGE, "choices": [
                {"index": 0, "message": {"role": "assistant", "content": "".join(ANSWER)}, "finish_reason": "stop"}]})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()

        def event(payload):
            self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
            self.wfile.flush()

        chunk = {**base, "object": "chat.completion.chunk"}
        event({**chunk, "choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}]})
        for piece in ANSWER:
            event({**chunk, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
        event({**chunk, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        if (body.get("stream_options") or {}).get("include_usage"):
            event({**chunk, "choices": [], "usage": USAGE})
        self.wfile.write(b"data: [DONE]\n\n")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
