#!/usr/bin/env bash
# Chain benchmarks (hepchain-bench chain): per-step time of the `qa` chain over a data folder (the configured
# embedder and generator; eval/corpus.jsonl's questions), and the OpenAI-compatible client against a loopback
# server that speaks the protocol. Release builds.
# Usage: bench/chain/chain.sh [DATA] [output-file]
#   DATA: a data folder with an index (default bench/out/chain-data: corpora/ indexed by the release hepchain
#   on first use). Output also goes to the output file (default bench/out/chain.txt).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-bench/out/chain-data}
out=${2:-bench/out/chain.txt}
mkdir -p "$(dirname "$out")"
BENCH=$(bench/build.sh)
if [ ! -f "$DATA/hepchain.sqlite" ]; then
    HEPCHAIN=${HEPCHAIN:-.build/release/hepchain}
    [ -x "$HEPCHAIN" ] || swift build -c release --product hepchain >/dev/null
    "$HEPCHAIN" index --data "$DATA" corpora --recursive >&2
fi
{
  echo "# bench/chain/chain.sh — $(date -u +%Y-%m-%dT%H:%MZ) — commit $(git rev-parse --short HEAD)"
  echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$BENCH" chain steps --data "$DATA" --questions eval/corpus.jsonl --runs 3
  "$BENCH" chain client
} | tee "$out"
