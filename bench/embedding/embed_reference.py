#!/usr/bin/env python3
"""sentence-transformers side of bench/embedding/embed.sh: same model, passages and thread count as the Swift run.

Usage: bench/embedding/embed_reference.py MODEL_DIR PASSAGES.jsonl THREADS [RUNS=3]
ST_DTYPE=bfloat16 casts the model to torch.bfloat16 (PyTorch's own BF16 CPU kernels) instead of float32.
Prints one JSON line with runSeconds, passagesPerSecond, tokensPerSecond and queryLatencyMilliseconds.
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
model_dir, passages_file, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3

import torch  # noqa: E402

torch.set_num_threads(threads)
torch.set_num_interop_threads(1)
from sentence_transformers import SentenceTransformer  # noqa: E402

passages = [json.loads(line)["text"] for line in open(passages_file, encoding="utf-8")]
model = SentenceTransformer(model_dir, device="cpu")
dtype = os.environ.get("ST_DTYPE", "float32")
if dtype == "bfloat16":
    model = model.to(torch.bfloat16)
elif dtype != "float32":
    sys.exit(f"embed_reference.py: ST_DTYPE must be float32 or bfloat16, got {dtype!r}")
tokens = int(model.tokenize(passages)["attention_mask"].sum())
query = "What is the mass of the Higgs boson?"

with torch.inference_mode():
    model.encode(passages[:64], batch_size=32)  # warm-up
    seconds, cpu_seconds = [], []
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        model.encode(passages, batch_size=32)
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
    latencies = []
    for i in range(220):
        start = time.perf_counter()
        model.encode([query])
        if i >= 20:
            latencies.append((time.perf_counter() - start) * 1000)

median = statistics.median(seconds)
print(json.dumps({
    "implementation": f"sentence-transformers {__import__('sentence_transformers').__version__}, torch {torch.__version__}",
    "dtype": dtype, "threads": threads, "passages": len(passages), "tokens": tokens, "runSeconds": seconds, "runCPUSeconds": cpu_seconds,
    "passagesPerSecond": len(passages) / median, "tokensPerSecond": tokens / median,
    "queryLatencyMilliseconds": statistics.median(latencies),
    "queryTokens": int(model.tokenize([query])["attention_mask"].sum()),
}, sort_keys=True))
