#!/usr/bin/env python3
"""Adds all-MiniLM-L6-v2 embeddings to Tests/TestSupport/Fixtures/minilm-embeddings.json.

The Chain tests calibrate the offline generator's abstention on the real model's cosines without loading the
model: every text they embed must be in the fixture. To (re)generate it:

    CHAIN_FIXTURE_MISSING=/tmp/chain-missing.json swift test --disable-xctest --filter ExtractiveGeneratorTests
    python3 scripts/chain-embedding-fixture.py /tmp/chain-missing.json
    # repeat until the first command leaves no /tmp/chain-missing.json (sentence choice can depend on vectors)

The model folder comes from $HEPCHAIN_MODEL, else models/all-MiniLM-L6-v2 (scripts/setup.sh exports it).
Vectors are sentence-transformers' normalised mean-pooled embeddings, stored as base64 little-endian float32.
"""
import base64
import json
import os
import sys

import numpy as np
from sentence_transformers import SentenceTransformer

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fixture = os.path.join(root, "Tests", "TestSupport", "Fixtures", "minilm-embeddings.json")
model_dir = os.environ.get("HEPCHAIN_MODEL", os.path.join(root, "models", "all-MiniLM-L6-v2"))

with open(sys.argv[1], encoding="utf-8") as handle:
    texts = json.load(handle)
existing = {"model": "all-MiniLM-L6-v2", "vectors": {}}
if os.path.exists(fixture):
    with open(fixture, encoding="utf-8") as handle:
        existing = json.load(handle)
todo = [text for text in texts if text not in existing["vectors"]]
model = SentenceTransformer(model_dir, device="cpu")
vectors = model.encode(todo, normalize_embeddings=True, batch_size=32) if todo else []
for text, vector in zip(todo, vectors):
    existing["vectors"][text] = base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")
with open(fixture, "w", encoding="utf-8") as handle:
    json.dump(existing, handle, ensure_ascii=False, sort_keys=True, indent=0)
print(f"added {len(todo)} texts; fixture holds {len(existing['vectors'])}")
