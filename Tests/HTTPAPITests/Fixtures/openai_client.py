#!/usr/bin/env python3
"""Talks to a running rag-server with the real `openai` Python client and prints what it saw as JSON.

Usage: openai_client.py BASE_URL API_KEY
Exit status 3 when the openai module is missing (the Swift test then says to run `make setup`).
The Swift test (Tests/HTTPAPITests/OpenAIClientTests.swift) makes the assertions; this script only records
observations, so a failure shows exactly what the client received.
"""
import json
import sys

try:
    import openai
except ImportError as error:  # pragma: no cover - reported by the Swift test
    print(f"the openai module is not installed: {error}", file=sys.stderr)
    sys.exit(3)

base_url, api_key = sys.argv[1], sys.argv[2]
client = openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=300)
question = "What is the mass of the J/ψ meson?"
report = {"openai_version": openai.__version__}

# Non-streaming chat completion: OpenAI's shape plus HepChain's extra `citations` field.
completion = client.chat.completions.create(model="hepchain", messages=[{"role": "user", "content": question}])
extra = completion.model_extra or {}
report["chat"] = {
    "object": completion.object,
    "model": completion.model,
    "content": completion.choices[0].message.content,
    "role": completion.choices[0].message.role,
    "finish_reason": completion.choices[0].finish_reason,
    "citations": extra.get("citations"),
    "total_tokens": completion.usage.total_tokens if completion.usage else None,
}

# Streaming: content deltas, finish_reason on the last choice, citations in a chunk's extra field.
pieces, finish_reasons, stream_citations, objects = [], [], None, set()
stream = client.chat.completions.create(
    model="hepchain", messages=[{"role": "user", "content": question}], stream=True)
for chunk in stream:
    objects.add(chunk.object)
    for choice in chunk.choices:
        if choice.delta.content:
            pieces.append(choice.delta.content)
        if choice.finish_reason:
            finish_reasons.append(choice.finish_reason)
    chunk_extra = chunk.model_extra or {}
    if chunk_extra.get("citations"):
        stream_citations = chunk_extra["citations"]
report["stream"] = {
    "content": "".join(pieces),
    "pieces": len(pieces),
    "finish_reasons": finish_reasons,
    "citations": stream_citations,
    "objects": sorted(objects),
}

# Embeddings: floats, the client's default (base64, decoded by the client) and raw base64.
floats = client.embeddings.create(model="all-MiniLM-L6-v2", input=["J/psi", "charmonium"], encoding_format="float")
default = client.embeddings.create(model="all-MiniLM-L6-v2", input="J/psi")
raw = client.embeddings.create(model="all-MiniLM-L6-v2", input="J/psi", encoding_format="base64")
raw_embedding = raw.data[0].embedding
report["embeddings"] = {
    "count": len(floats.data),
    "float_dimensions": [len(item.embedding) for item in floats.data],
    "default_dimension": len(default.data[0].embedding),
    "default_first": float(default.data[0].embedding[0]),
    "float_first": float(floats.data[0].embedding[0]),
    "base64_type": type(raw_embedding).__name__,
    "base64_bytes": len(__import__("base64").b64decode(raw_embedding)) if isinstance(raw_embedding, str) else None,
    "model": floats.model,
}

# Models.
report["models"] = [model.id for model in client.models.list()]

# An unknown model is an error the client raises with the server's message.
try:
    client.chat.completions.create(model="gpt-9", messages=[{"role": "user", "content": "hi"}])
    report["unknown_model"] = None
except openai.NotFoundError as error:
    report["unknown_model"] = {"status": error.status_code, "message": str(error)}

print(json.dumps(report))
