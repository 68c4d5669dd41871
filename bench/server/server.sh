#!/usr/bin/env bash
# Server benchmark (issue #8): wrk against POST /v1/search (hybrid, k = 10, rotating through the ~90 real
# HEP questions of eval/*.jsonl) at several concurrencies, on a release rag-server over an existing data
# folder. Prints requests/s and latency p50/p99 as a Markdown table.
#
# Usage: make bench-server [DATA=bench/out/kb-100k] [DURATION=30] [CONCURRENCY="1 8 64"] [COLLECTION=default]
#        [PORT=18080] [WARMUP=5]
# DATA must already hold an index: bench/kb/kb-100k.sh builds the 100,000-chunk one; for a quick trial,
# `.build/release/hepchain index --data /tmp/kb-trial corpora` and DATA=/tmp/kb-trial.
set -euo pipefail
cd "$(dirname "$0")/../.."

DATA=${DATA:-bench/out/kb-100k}
DURATION=${DURATION:-30}
DURATION=${DURATION%s}
CONCURRENCY=${CONCURRENCY:-"1 8 64"}
COLLECTION=${COLLECTION:-default}
PORT=${PORT:-18080}
WARMUP=${WARMUP:-5}
SERVER=.build/release/rag-server
OUT=bench/out
mkdir -p "$OUT"

if [ ! -d "$DATA" ] || [ -z "$(ls -A "$DATA" 2>/dev/null)" ]; then
    echo "bench-server: the data folder '$DATA' is missing or empty." >&2
    echo "  Build the 100,000-chunk store first:   bench/kb/kb-100k.sh        (writes bench/out/kb-100k)" >&2
    echo "  or index something small for a trial:  .build/release/hepchain index --data /tmp/kb-trial corpora" >&2
    echo "                                         make bench-server DATA=/tmp/kb-trial" >&2
    exit 1
fi
if [ ! -x "$SERVER" ]; then
    echo "bench-server: $SERVER is missing; run 'make release' (make bench-server does it for you)." >&2
    exit 1
fi
if ! command -v wrk >/dev/null 2>&1; then
    echo "bench-server: installing wrk (Debian package)"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
PYTHON=${PYTHON:-python3}

# One JSON body per line: the evaluation questions, hybrid search, k = 10.
BODIES="$OUT/server-bodies.jsonl"
"$PYTHON" - "$COLLECTION" eval/corpus.jsonl eval/shared-corpora.jsonl >"$BODIES" <<'PY'
import json, sys
collection, files = sys.argv[1], sys.argv[2:]
seen = []
for name in files:
    with open(name, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("{"):  # skip blank lines and // comments
                question = json.loads(line)["question"]
                if question not in seen:
                    seen.append(question)
for question in seen:
    print(json.dumps({"query": question, "k": 10, "mode": "hybrid", "collection": collection}, ensure_ascii=False))
PY
QUESTIONS=$(wc -l <"$BODIES")
: >"$OUT/server-wrk.txt"

LOG="$OUT/server-bench.log"
echo "bench-server: starting $SERVER on port $PORT over $DATA (log: $LOG)"
"$SERVER" --data "$DATA" --port "$PORT" --log-level warning >"$LOG" 2>&1 &
SERVER_PID=$!
cleanup() {
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

HEALTH=""
for _ in $(seq 1 600); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "bench-server: the server exited during startup:" >&2
        cat "$LOG" >&2
        exit 1
    fi
    HEALTH=$(curl -fsS "http://127.0.0.1:$PORT/healthz" 2>/dev/null || true)
    [ -n "$HEALTH" ] && break
    sleep 0.5
done
[ -n "$HEALTH" ] || { echo "bench-server: the server did not answer /healthz within 300 s" >&2; exit 1; }
CHUNKS=$(echo "$HEALTH" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin).get("chunks"))')
BLAS=$(echo "$HEALTH" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin).get("blasCore"))')

# A request that fails here would make every number meaningless.
CHECK=$(head -n 1 "$BODIES" | curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$PORT/v1/search")
if [ "$CHECK" != "200" ]; then
    echo "bench-server: POST /v1/search answered $CHECK; is collection '$COLLECTION' in $DATA? (set COLLECTION=…)" >&2
    exit 1
fi

export HEPCHAIN_BENCH_BODIES="$PWD/$BODIES"
URL="http://127.0.0.1:$PORT"
if [ "$WARMUP" -gt 0 ]; then
    wrk -t 2 -c 8 -d "${WARMUP}s" -s bench/server/server_search.lua "$URL" >/dev/null
fi

ROWS=()
for connections in $CONCURRENCY; do
    threads=$(( connections < 2 ? 1 : 2 ))
    echo "bench-server: concurrency $connections for ${DURATION}s"
    RESULT=$(wrk -t "$threads" -c "$connections" -d "${DURATION}s" --timeout 30s --latency -s bench/server/server_search.lua "$URL" | tee -a "$OUT/server-wrk.txt" | grep '^RESULT')
    value() { echo "$RESULT" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
    ROWS+=("| $connections | $(value rps) | $(value p50) | $(value p90) | $(value p99) | $(value max) | $(value requests) | $(value errors) |")
done

echo
echo "POST /v1/search, hybrid, k = 10, $QUESTIONS rotating questions; $CHUNKS chunks in '$DATA'; ${DURATION} s per row;"
echo "$(nproc) cores, BLAS core $BLAS, $(date -u +%Y-%m-%d)."
echo
echo "| concurrency | requests/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
