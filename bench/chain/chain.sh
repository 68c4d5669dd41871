#!/usr/bin/env bash
# Chain benchmarks: offline qa-chain step overhead (MiniLM fixture embeddings, in-memory retriever) and the
# OpenAI-compatible client against the loopback protocol fake. Release build with testability.
# Usage: bench/chain.sh [output-file]   (default bench/out/chain.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/out/chain.txt}
mkdir -p "$(dirname "$out")"
{
  echo "# bench/chain.sh — $(date -u +%Y-%m-%dT%H:%MZ) — commit $(git rev-parse --short HEAD)"
  echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out"
CHAIN_BENCH="$(realpath "$out")" swift test -c release -Xswiftc -enable-testing --disable-xctest --filter ChainBenchmarks 2>&1 | grep -E "✘|error" || true
cat "$out"
