#!/usr/bin/env bash
# Embedding throughput: HepChain's Swift BERTEmbedder vs sentence-transformers (PyTorch, CPU) on the same
# model, the same passages (>= 1,000 of 150-250 words cut from ../shared/corpora PDFs) and the same thread
# count, three runs each, plus the cblas_sgemm rate and short-query latency. Results: bench/out/embed-*.json
# and a Markdown table on stdout (copy it into docs/benchmarks/embedding.md).
#
# Usage: bench/embedding/embed.sh [THREADS=2] [PASSAGES=1000] [RUNS=3]
# Environment: HEPCHAIN_MODEL (default models/all-MiniLM-L6-v2), CORPORA (default ../shared/corpora),
#              PYTHON (default python3, needs sentence-transformers), EMBED_BENCH_ARGS (extra `hepchain-bench embed` flags).
#              ST_DTYPE=bfloat16 runs sentence-transformers in bfloat16; EMBED_BENCH_ARGS="--bulk-precision float32" forces HepChain to float32.
# OPENBLAS_CORETYPE is never set here: the embedder chooses the kernel itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=${1:-2}
COUNT=${2:-1000}
RUNS=${3:-3}
MODEL=${HEPCHAIN_MODEL:-$PWD/models/all-MiniLM-L6-v2}
CORPORA=${CORPORA:-$PWD/../shared/corpora}
PYTHON=${PYTHON:-python3}
OUT=bench/out
mkdir -p "$OUT"

[ -f "$MODEL/model.safetensors" ] || { echo "embed.sh: no model at $MODEL; run 'make setup'" >&2; exit 1; }
PASSAGES="$OUT/passages-$COUNT.jsonl"
[ -s "$PASSAGES" ] || "$PYTHON" bench/embedding/embed_passages.py "$CORPORA" "$PASSAGES" "$COUNT"

echo "embed.sh: building hepchain-bench (release)" >&2
BENCH=$(bench/build.sh)

echo "embed.sh: Swift BERTEmbedder, $THREADS thread(s)" >&2
"$BENCH" embed --model "$MODEL" --passages "$PASSAGES" --threads "$THREADS" \
    --runs "$RUNS" --json ${EMBED_BENCH_ARGS:-} > "$OUT/embed-swift-$THREADS.json"

echo "embed.sh: sentence-transformers, $THREADS thread(s)" >&2
HF_HUB_OFFLINE=1 "$PYTHON" bench/embedding/embed_reference.py "$MODEL" "$PASSAGES" "$THREADS" "$RUNS" \
    > "$OUT/embed-python-$THREADS.json"

"$PYTHON" bench/embedding/embed_report.py "$OUT/embed-swift-$THREADS.json" "$OUT/embed-python-$THREADS.json"
