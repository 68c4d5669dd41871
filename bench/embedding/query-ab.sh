#!/usr/bin/env bash
# Short-query latency of two or more hepchain-bench builds, alternated: on this shared VM the same binary's median
# drifts by 30-50 % over minutes (other tenants' memory traffic), so builds are compared round by round, never
# run after run. Each round runs every build once (150 queries after 20 warm-up calls, `hepchain-bench embed-query`)
# and records its median; the summary gives the median of those medians and each build's best round.
#
# Usage: bench/embedding/query-ab.sh ROUNDS PRECISION THREADS BUILD...
#   BUILD: a path to a hepchain-bench binary (copy the one bench/build.sh prints aside per version)
# Example: bench/embedding/query-ab.sh 8 float16 2 /tmp/hepchain-bench-before /tmp/hepchain-bench-after
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=$1 PRECISION=$2 THREADS=$3
shift 3
MODEL=${HEPCHAIN_MODEL:-$PWD/models/all-MiniLM-L6-v2}
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT
for _ in $(seq "$ROUNDS"); do
    for build in "$@"; do
        line=$("$build" embed-query --model "$MODEL" --count 150 --threads "$THREADS" --query-precision "$PRECISION")
        echo "$build $(sed -E 's/.*min ([0-9.]+) ms.*median ([0-9.]+).*/\1 \2/' <<< "$line")" >> "$RESULTS"
    done
done
python3 - "$RESULTS" <<'PY'
import collections, statistics, sys
rounds = collections.defaultdict(list)
for line in open(sys.argv[1]):
    build, fastest, median = line.split()
    rounds[build].append((float(fastest), float(median)))
for build, values in rounds.items():
    medians = [m for _, m in values]
    print(f"{build}: median of round medians {statistics.median(medians):.2f} ms, best round {min(medians):.2f}, "
          f"fastest query {min(f for f, _ in values):.2f}  (rounds: {' '.join(f'{m:.2f}' for m in medians)})")
PY
