#!/usr/bin/env bash
# Knowledge base end to end at 100,000 chunks (issue 6): real sentences from ../shared/corpora recombined
# into 100,000 distinct passages (bench/kb/kb_corpus.py), indexed by `hepchain index` with the real embedder,
# HNSW and SQLite; then database and index size, and search latency per mode (`hepchain-bench search`,
# query embedding included) over the questions of eval/corpus.jsonl.
#
# Usage: bench/kb/kb-100k.sh [PASSAGES=100000]
# Environment: DATA (default bench/out/kb-100k; bench/server/server.sh serves it), CORPORA (default ../shared/corpora),
#              RUNS (timed passes over the questions per mode, default 3).
# The data folder is kept: a second run re-uses it (unchanged files are skipped) and only re-times searches.
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-100000}
DATA=${DATA:-$PWD/bench/out/kb-100k}
SOURCES=$PWD/bench/out/kb-100k-sources
CORPORA=${CORPORA:-$PWD/../shared/corpora}
RUNS=${RUNS:-3}
HEPCHAIN=$PWD/.build/release/hepchain

[ -x "$HEPCHAIN" ] || { echo "kb-100k.sh: build first: swift build -c release" >&2; exit 1; }
[ -d "$SOURCES" ] || python3 bench/kb/kb_corpus.py "$CORPORA" "$SOURCES" "$COUNT"
mkdir -p "$DATA"
# One passage per chunk: a 64-wordpiece budget holds one passage (12-40 words) but not two.
echo '{"chunkTokens": 64, "chunkOverlap": 0}' > "$DATA/hepchain.json"

echo "== indexing $SOURCES into $DATA ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
/usr/bin/time -f "index: %e s wall, %U s user, %S s system, %M KB max RSS" \
    "$HEPCHAIN" index --data "$DATA" "$SOURCES" --json > "$DATA/index-report.json"
python3 - "$DATA/index-report.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
print("index report:", {k: v for k, v in report.items() if not isinstance(v, (list, dict))})
EOF
echo "== sizes" >&2
du -b "$DATA"/hepchain.sqlite* | awk '{s+=$1} END {printf "database: %.1f MiB\n", s/1048576}'
du -sb "$DATA"/indexes | awk '{printf "indexes: %.1f MiB\n", $1/1048576}'

echo "== search latency, k = 10, $RUNS passes ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"$(bench/build.sh)" search --data "$DATA" --questions eval/corpus.jsonl --runs "$RUNS" -k 10
