#!/usr/bin/env python3
"""Time to the first streamed answer token of POST /v1/ask: 5 questions over corpora/ x 3 rounds.
Usage: python3 bench/server/web_first_token.py http://127.0.0.1:8080  (docs/BENCHMARKS.md, "Web page")."""
import json, sys, time, urllib.request, statistics
base = sys.argv[1]
qs = ["What is the energy resolution of the electromagnetic calorimeter?", "What did the Daya Bay reactor experiment measure?",
      "What is the PMNS matrix?", "江门中微子实验距离核电站有多远？", "What is the recipe for sourdough bread?"]
firsts, totals = [], []
for round_ in range(3):
    for q in qs:
        req = urllib.request.Request(base + "/v1/ask", data=json.dumps({"question": q, "stream": True}).encode(),
                                     headers={"Content-Type": "application/json"})
        t0 = time.perf_counter(); first = None
        with urllib.request.urlopen(req) as r:
            for line in r:
                if first is None and line.startswith(b"event: token"):
                    first = time.perf_counter() - t0
        totals.append(time.perf_counter() - t0); firsts.append(first)
print("first token ms: median %.0f, min %.0f, max %.0f" % (statistics.median(firsts)*1000, min(firsts)*1000, max(firsts)*1000))
print("whole answer ms: median %.0f" % (statistics.median(totals)*1000))
