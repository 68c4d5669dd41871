#!/usr/bin/env python3
"""Prints bench/index/index.sh results (JSON lines) as Markdown tables: build/memory per engine, recall/QPS per ef."""
import json, sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
for dataset in dict.fromkeys(r["dataset"] for r in rows):
    subset = [r for r in rows if r["dataset"] == dataset]
    first = subset[0]
    print(f"\n### {dataset} ({first['count']:,} × {first['dimension']}, {first['queries']} queries, M = {first['m']}, efConstruction = {first['ef_construction']})\n")
    print("| engine | threads | build s (wall) | build s (CPU) | memory MiB | RSS Δ MiB |")
    print("|---|---|---|---|---|---|")
    for r in subset:
        rss = r.get("rss_delta_bytes", r["memory_bytes"] if r["engine"].startswith("hnswlib") else None)
        mem = r["memory_bytes"] / 2**20
        cpu = r.get("build_cpu_seconds")
        print(f"| {r['engine']} | {r['threads']} | {r['build_seconds']:.1f} | {'' if cpu is None else f'{cpu:.1f}'} | {mem:.1f} | {'' if rss is None else f'{rss / 2**20:.1f}'} |")
    print("\n| engine | ef | recall@10 | QPS (wall) | QPS (thread CPU) | batched call, QPS (thread CPU) |")
    print("|---|---|---|---|---|---|")
    for r in subset:
        if r["threads"] != 1:
            continue
        for res in r["results"]:
            batch = res.get("batch_cpu_qps")
            print(f"| {r['engine']} | {res['ef']} | {res['recall']:.4f} | {res['qps']:.0f} | {res['cpu_qps']:.0f} | {'' if batch is None else f'{batch:.0f}'} |")
