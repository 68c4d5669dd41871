#!/usr/bin/env python3
"""Validates /openapi.json as OpenAPI 3.1 and real requests and responses of a running rag-server against it, with
openapi-core from PyPI. Prints a JSON report {"paths": [...], "checked": [...], "failures": [...]}; the Swift test
(OpenAPITests) makes the assertions.

Usage: validate_openapi.py BASE_URL API_KEY
"""
import json
import sys
import urllib.error
import urllib.request

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

base, key = sys.argv[1].rstrip("/"), sys.argv[2]
with urllib.request.urlopen(base + "/openapi.json", timeout=60) as reply:
    spec = json.load(reply)
openapi = OpenAPI.from_dict(spec)  # raises if the document is not valid OpenAPI 3.1

QUESTION = "What is the mass of the J/ψ meson?"
EXCHANGES = [
    ("GET", "/healthz", None),
    ("GET", "/openapi.json", None),
    ("GET", "/v1/collections", None),
    ("GET", "/v1/documents", None),
    ("GET", "/v1/models", None),
    ("GET", "/v1/models/hepchain", None),
    ("GET", "/v1/models/no-such-model", None),
    ("GET", "/v1/jobs/job_missing", None),
    ("POST", "/v1/search", {"query": "J/psi mass", "k": 3}),
    ("POST", "/v1/search", {"query": "x", "mode": "psychic"}),
    ("POST", "/v1/ask", {"question": QUESTION}),
    ("POST", "/v1/chat/completions", {"model": "hepchain", "messages": [{"role": "user", "content": QUESTION}]}),
    ("POST", "/v1/chat/completions", {"messages": [{"role": "user", "content": QUESTION}], "tools": [{"type": "function"}]}),
    ("POST", "/v1/completions", {"model": "hepchain", "prompt": QUESTION}),
    ("POST", "/v1/embeddings", {"input": ["J/psi mass", "Higgs width"], "model": "all-MiniLM-L6-v2"}),
    ("POST", "/v1/embeddings", {"input": [[3923, 374]], "encoding_format": "base64"}),
    ("POST", "/v1/embeddings", {"input": "x", "dimensions": 128}),
]

checked, failures = [], []
for method, path, body in EXCHANGES:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=300) as reply:
            status, payload, content_type = reply.status, reply.read(), reply.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        status, payload, content_type = error.code, error.read(), error.headers.get("Content-Type", "")
    mock_request = MockRequest(base, method, path, data=data, headers={"Authorization": f"Bearer {key}"},
                               content_type="application/json")
    mock_response = MockResponse(payload, status_code=status, content_type=content_type.split(";")[0].strip())
    checked.append(f"{method} {path} {status}")
    try:
        if body is not None and status < 400:
            openapi.validate_request(mock_request)
        openapi.validate_response(mock_request, mock_response)
    except Exception as error:  # noqa: BLE001 - every validation failure is reported with its exchange
        failures.append({"exchange": f"{method} {path} {status}", "error": f"{type(error).__name__}: {error}"[:1500],
                         "body": payload[:300].decode("utf-8", "replace")})

paths = sorted(f"{method.upper()} {path}" for path, methods in spec["paths"].items() for method in methods)
print(json.dumps({"paths": paths, "checked": checked, "failures": failures}))
