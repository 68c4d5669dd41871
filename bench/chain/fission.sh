#!/usr/bin/env bash
# Seed fission speed: wall and CPU time of `hepchain fission SEED --count N` over a data folder, offline (the
# extractive roles), with the run's time by role (retrieve, newcomer, embed-questions, expert) from its report.
# Usage: bench/chain/fission.sh DATA [COUNT] [SEED...]
#   DATA: a data folder with an index, e.g. `hepchain index ../shared/corpora/pdf ../shared/corpora/html --data D`.
#   COUNT: pairs per seed (default 200). SEEDs default to "Higgs boson mass", "dark matter", 高能物理.
#   HEPCHAIN: the binary (default .build/release/hepchain, built if missing). DEPTH, BREADTH: tree shape
#   (defaults 12 and 3). Pairs and reports go to bench/out/fission/.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:?usage: bench/chain/fission.sh DATA [COUNT] [SEED...]}
COUNT=${2:-200}
shift $(( $# >= 2 ? 2 : 1 ))
[ $# -gt 0 ] || set -- "Higgs boson mass" "dark matter" "高能物理"
HEPCHAIN=${HEPCHAIN:-.build/release/hepchain}
if [ ! -x "$HEPCHAIN" ]; then swift build -c release --product hepchain >/dev/null; fi
out=bench/out/fission
mkdir -p "$out"
echo "# bench/chain/fission.sh — $(date -u +%Y-%m-%dT%H:%MZ) — commit $(git rev-parse --short HEAD) — $HEPCHAIN"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
for seed in "$@"; do
    i=$((i + 1))
    name=seed$i-$(printf '%s' "$seed" | LC_ALL=C tr -cd 'A-Za-z0-9' | cut -c1-30)
    /usr/bin/time -f "%e %U" -o "$out/$name.time" "$HEPCHAIN" fission "$seed" --count "$COUNT" --depth "${DEPTH:-12}" \
        --breadth "${BREADTH:-3}" --data "$DATA" --output "$out/$name.jsonl" --report "$out/$name.report.json" 2>"$out/$name.log" >/dev/null
    read -r wall user <"$out/$name.time"
    pairs=$(wc -l <"$out/$name.jsonl")
    echo "## $seed: $pairs pairs in $wall s wall, $user s user"
    grep -E '^(fission|  rejected|  rubric|  time|  largest)' "$out/$name.log" || true
done
