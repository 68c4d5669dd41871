#!/usr/bin/env python3
"""Markdown table from `hepchain-bench embed --json` and embed_reference.py JSON lines: bench/embedding/embed_report.py SWIFT.json PYTHON.json"""
import json
import platform
import subprocess
import sys
from datetime import datetime, timezone

swift = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
python = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}, {cpu}, {platform.platform()}, "
      f"OpenBLAS {swift['blasKernel']}, vector kernels {swift.get('vectorKernels', '?')}, HepChain bulk products {swift.get('bulkPrecision', 'float32')}, "
      f"sentence-transformers {python.get('dtype', 'float32')}, {swift['threads']} thread(s), {swift['passages']} passages, "
      f"{swift['tokens']} tokens (Swift) / {python['tokens']} (Python)\n")
print("| | Swift BERTEmbedder | sentence-transformers | ratio |")
print("|---|---|---|---|")
def row(name, a, b, fmt="{:.1f}"):
    print(f"| {name} | {fmt.format(a)} | {fmt.format(b)} | {a / b:.2f}× |")
row("passages/s (median of runs, wall)", swift["passagesPerSecond"], python["passagesPerSecond"])
row("tokens/s (median, wall)", swift["tokensPerSecond"], python["tokensPerSecond"], "{:.0f}")
sc, pc = sorted(swift["runCPUSeconds"]), sorted(python["runCPUSeconds"])
row("passages per CPU-second (median run)", swift["passages"] / sc[len(sc) // 2], python["passages"] / pc[len(pc) // 2])
print(f"| runs, wall s | {', '.join(f'{x:.1f}' for x in swift['runSeconds'])} | {', '.join(f'{x:.1f}' for x in python['runSeconds'])} | |")
print(f"| runs, CPU s | {', '.join(f'{x:.1f}' for x in swift['runCPUSeconds'])} | {', '.join(f'{x:.1f}' for x in python['runCPUSeconds'])} | |")
q_ratio = python["queryLatencyMilliseconds"] / swift["queryLatencyMilliseconds"]
print(f"| short query latency, median ms ({swift['queryTokens']} tokens) | {swift['queryLatencyMilliseconds']:.2f} | {python['queryLatencyMilliseconds']:.2f} | {q_ratio:.2f}× faster |")
if swift.get("halfPrecisionQueryLatencyMilliseconds"):
    h = swift["halfPrecisionQueryLatencyMilliseconds"]
    print(f"| short query latency with float16 query weights, median ms (cosine {swift['halfPrecisionQueryCosine']:.6f} to float32) | {h:.2f} | {python['queryLatencyMilliseconds']:.2f} | {python['queryLatencyMilliseconds'] / h:.2f}× faster |")
print(f"| achieved GFLOP/s vs measured sgemm | {swift['achievedGFLOPS']:.1f} of {swift['sgemmGFLOPS']:.1f} ({100 * swift['achievedGFLOPS'] / swift['sgemmGFLOPS']:.0f}%) | | |")
