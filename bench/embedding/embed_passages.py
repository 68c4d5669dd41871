#!/usr/bin/env python3
"""Writes N passages of 150-250 words (JSON lines {"text": ...}) cut from the shared HEP corpus PDFs.

Usage: bench/embedding/embed_passages.py CORPORA_DIR OUT.jsonl [N=1000]
Text comes from `pdftotext` (poppler-utils); zero-width characters are dropped and whitespace collapsed,
then consecutive windows of 150-250 words (lengths from a fixed seed) are cut from each document in turn.
"""
import json
import os
import random
import re
import subprocess
import sys

corpora, out = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
rng = random.Random(1000)
documents = []
pdf_dir = os.path.join(corpora, "pdf")
for name in sorted(os.listdir(pdf_dir)):
    if not name.endswith(".pdf"):
        continue
    text = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", os.path.join(pdf_dir, name), "-"],
                          capture_output=True, text=True).stdout
    text = re.sub("[\u200b\u2060\ufeff]", "", text)
    documents.append(text.split())
passages = []
positions = [0] * len(documents)
while len(passages) < count and any(p < len(d) for p, d in zip(positions, documents)):
    for i, words in enumerate(documents):
        length = rng.randint(150, 250)
        if positions[i] + length <= len(words) and len(passages) < count:
            passages.append(" ".join(words[positions[i]:positions[i] + length]))
        positions[i] += length
if len(passages) < count:
    sys.exit(f"only {len(passages)} passages available, {count} requested")
with open(out, "w", encoding="utf-8") as f:
    for p in passages:
        f.write(json.dumps({"text": p}, ensure_ascii=False) + "\n")
print(f"wrote {len(passages)} passages to {out}", file=sys.stderr)
