#!/usr/bin/env bash
# HepChain HNSW against hnswlib, on the same .fvecs files in the same run (issue 4).
#
#   bench/index/index.sh                 # 100,000 × 384 synthetic clustered vectors + the real MiniLM set
#   INDEX_BENCH_N=20000 bench/index/index.sh
#
# Writes JSON lines to bench/out/index/results.jsonl and prints a Markdown table. Release builds only.
# Engines: HepChain HNSW (float32, 1 and 2 threads; int8 encoding, 1 thread) and hnswlib (1 and 2 threads).
# Environment: INDEX_BENCH_N (base size), INDEX_BENCH_QUERIES, INDEX_BENCH_EFS, INDEX_BENCH_THREADS ("1 2"),
# HNSWLIB_VENV (throwaway virtualenv for hnswlib; created on first use).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/index}
N=${INDEX_BENCH_N:-100000}
QUERIES=${INDEX_BENCH_QUERIES:-1000}
EFS=${INDEX_BENCH_EFS:-16,32,64,128,256}
THREADS=${INDEX_BENCH_THREADS:-1 2}
VENV=${HNSWLIB_VENV:-/tmp/hepchain-hnswlib-venv}
MINILM=${INDEX_BENCH_MINILM:-$ROOT/../shared/ann-data/minilm-rag-1931}
mkdir -p "$OUT"

echo "== building hepchain-bench (release)" >&2
RUNNER=$(bench/build.sh)

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV with hnswlib" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q hnswlib numpy
fi
HNSWLIB_VERSION=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("hnswlib"))')

SYN=$OUT/synthetic-$N
if [ ! -f "$SYN.gt.ivecs" ]; then
  echo "== generating $N + $QUERIES clustered normalised 384-d vectors and exact ground truth" >&2
  "$RUNNER" vectors synthetic --count "$N" --queries "$QUERIES" --clusters 100 --out "$SYN"
  "$RUNNER" vectors ground-truth --base "$SYN.base.fvecs" --queries "$SYN.query.fvecs" --out "$SYN.gt.ivecs"
fi

RESULTS=$OUT/results.jsonl
: > "$RESULTS"
run() {  # dataset base queries gt
  local name=$1 base=$2 queries=$3 gt=$4
  for threads in $THREADS; do
    echo "== $name: HepChain HNSW, $threads thread(s)" >&2
    "$RUNNER" index --base "$base" --queries "$queries" --gt "$gt" --m 16 --ef-construction 200 --ef "$EFS" \
      --threads "$threads" --json | sed "s/^{/{\"dataset\":\"$name\",\"engine\":\"hepchain\",/" >> "$RESULTS"
    if [ "$threads" = 1 ]; then
      echo "== $name: HepChain HNSW with int8 encoding, $threads thread(s)" >&2
      "$RUNNER" index --base "$base" --queries "$queries" --gt "$gt" --m 16 --ef-construction 200 --ef "$EFS" \
        --threads "$threads" --encoding int8 --json \
        | sed "s/^{/{\"dataset\":\"$name\",\"engine\":\"hepchain int8\",/" >> "$RESULTS"
    fi
    echo "== $name: hnswlib $HNSWLIB_VERSION, $threads thread(s)" >&2
    "$VENV/bin/python" bench/index/index_hnswlib.py --base "$base" --queries "$queries" --gt "$gt" --m 16 \
      --ef-construction 200 --ef "$EFS" --threads "$threads" \
      | sed "s/^{/{\"dataset\":\"$name\",\"engine\":\"hnswlib $HNSWLIB_VERSION\",/" >> "$RESULTS"
  done
}
run "synthetic-$N" "$SYN.base.fvecs" "$SYN.query.fvecs" "$SYN.gt.ivecs"
if [ -f "$MINILM/base.fvecs" ]; then
  run "minilm-rag-1931" "$MINILM/base.fvecs" "$MINILM/query.fvecs" "$MINILM/gt.ivecs"
fi

python3 bench/index/index_table.py "$RESULTS"
echo "(machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD); $(date -u +%FT%TZ))"
