#!/usr/bin/env bash
# Store benchmark: writes 100,000 synthetic chunks (1,000 documents x 100, 150 words, 384-d vectors) through
# SQLiteDocumentStore, then times BM25 (k = 10), filtered key lookups and chunk fetches. Release build.
# Usage: bench/kb-store.sh [documents] [chunks per document]
set -euo pipefail
cd "$(dirname "$0")/.."
export HEPCHAIN_BENCH_STORE=1
export HEPCHAIN_BENCH_DOCUMENTS=${1:-1000}
export HEPCHAIN_BENCH_CHUNKS_PER_DOCUMENT=${2:-100}
swift test -c release --disable-xctest --filter StoreBenchmark 2>&1 | grep STORE-BENCHMARK
