#!/usr/bin/env python3
"""Latency of the whole `qa` chain over HTTP: every question of an answer set by POST /v1/ask (no streaming),
after 5 warm-up questions, one at a time; prints p50/p95 and the per-step p50 from the answers' traces.
Usage: python3 bench/server/qa_latency.py http://127.0.0.1:PORT eval/answers-test.jsonl  (docs/BENCHMARKS.md)."""
import json, statistics, sys, time, urllib.request

base, path = sys.argv[1], sys.argv[2]
questions = [json.loads(line)["question"] for line in open(path, encoding="utf-8") if line.strip()]


def ask(question):
    body = json.dumps({"question": question}).encode()
    request = urllib.request.Request(base + "/v1/ask", data=body, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    return time.perf_counter() - started, answer


for question in questions[:5]:
    ask(question)
seconds, steps = [], {}
for question in questions:
    elapsed, answer = ask(question)
    seconds.append(elapsed)
    for entry in answer.get("trace") or []:
        steps.setdefault(entry["step"], []).append(entry["ms"])
seconds.sort()
p95 = seconds[min(len(seconds) - 1, int(round(0.95 * (len(seconds) - 1))))]
print(f"{len(seconds)} questions: p50 {statistics.median(seconds) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
print("per step p50: " + ", ".join(f"{step} {statistics.median(ms):.1f} ms" for step, ms in steps.items()))
