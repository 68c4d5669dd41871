#!/usr/bin/env python3
"""Markdown table of bench/langchain/langchain.sh's results (median of the runs of each pipeline and thread count).

Usage: bench/langchain/langchain_report.py RESULTS.jsonl "CPU model" "Python stack versions" "hepchain --version line"
"""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print(f"CPU: {sys.argv[2]}; {sys.argv[4]}; Python stack: {sys.argv[3]}\n")
print("| pipeline | threads | runs | pages | chunks | wall s | pages/s | chunks/s | CPU s | peak RSS MiB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
summary = {}
for engine in ["hepchain", "langchain"]:
    for threads in sorted({r["threads"] for r in rows}):
        runs = [r for r in rows if r["engine"] == engine and r["threads"] == threads]
        if not runs:
            continue
        wall = statistics.median(r["wallSeconds"] for r in runs)
        cpu = statistics.median(r["cpuSeconds"] for r in runs)
        rss = statistics.median(r["peakRSSKiB"] for r in runs) / 1024
        pages, chunks = runs[0]["pages"], runs[0]["chunks"]
        summary[(engine, threads)] = (pages / wall, rss, cpu)
        name = "HepChain `hepchain index`" if engine == "hepchain" else "LangChain + Chroma"
        print(f"| {name} | {threads} | {len(runs)} | {pages} | {chunks} | {wall:.1f} | {pages / wall:.2f} | "
              f"{chunks / wall:.1f} | {cpu:.1f} | {rss:.0f} |")
print()
for threads in sorted({r["threads"] for r in rows}):
    if ("hepchain", threads) in summary and ("langchain", threads) in summary:
        (hp, hr, hc), (lp, lr, lc) = summary[("hepchain", threads)], summary[("langchain", threads)]
        print(f"{threads} thread(s): HepChain {hp / lp:.2f}× the pages/s of LangChain + Chroma "
              f"({lc / hc:.2f}× fewer CPU-seconds), at {hr / lr:.2f}× its peak RSS")
