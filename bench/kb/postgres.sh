#!/usr/bin/env bash
# The PostgreSQL backend against the embedded one on bench/kb-100k.sh's corpus (issue 20): loads the SQLite store of
# that run (vectors precomputed) into a throw-away PostgreSQL 18 + pgvector (scripts/postgres.sh), then
# `hepchain-bench postgres`: COPY load chunks/s, search p50/p99 and QPS at concurrency 1 and 8 for dense, BM25 and
# hybrid on both backends (query embedding excluded), and recall@10 of pgvector's HNSW against exact search per
# ef_search.
#
# Usage: bench/kb/postgres.sh [DATA=bench/out/kb-100k]   (run bench/kb/kb-100k.sh first, or pass any data folder)
# Environment: QUESTIONS (default eval/corpus.jsonl), EF (default 16,32,64,100), RUNS (default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-$PWD/bench/out/kb-100k}
[ -f "$DATA/hepchain.sqlite" ] || { echo "postgres.sh: no store in $DATA; run bench/kb/kb-100k.sh first" >&2; exit 1; }
BENCH=$(bench/build.sh)
server=$(mktemp -d /tmp/hepchain-bench-postgres.XXXXXX)
trap 'scripts/postgres.sh stop "$server"' EXIT
url=$(scripts/postgres.sh start "$server")
echo "== PostgreSQL at $url; $(lscpu | grep 'Model name' | sed 's/ \+/ /g'); load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$BENCH" postgres --from "$DATA" --to "$url" --questions "${QUESTIONS:-eval/corpus.jsonl}" \
    --ef "${EF:-16,32,64,100}" --runs "${RUNS:-2}"
