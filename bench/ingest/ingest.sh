#!/usr/bin/env bash
# Ingest benchmark: PDF parsing throughput (pages/s, MB/s) of HepChain's PDFLoader against pdftotext alone,
# in-process poppler-glib, and pypdf (LangChain's PyPDFLoader), on the same files in the same run; wall-clock
# and CPU seconds (user + system, child processes included), and the load average before and after.
#
#   bench/ingest/ingest.sh [PDF folder]     (default: ../shared/corpora/pdf relative to the repository root)
#   ROUNDS=5 bench/ingest/ingest.sh         (rounds per tool; the median is reported)
#
# Writes a Markdown table to stdout and raw JSON lines to bench/out/ingest.jsonl.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CORPUS="${1:-$ROOT/../shared/corpora/pdf}"
ROUNDS="${ROUNDS:-3}"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
mapfile -t PDFS < <(find "$CORPUS" -maxdepth 1 -name '*.pdf' | sort)
[ "${#PDFS[@]}" -gt 0 ] || { echo "no PDFs in $CORPUS" >&2; exit 1; }

echo "building hepchain-bench (release) ..." >&2
RUNNER=$("$ROOT/bench/build.sh")
# PDFLoader's one-pass tool, from the package's release build (`make bench-ingest` builds it first).
ONE_PASS="$ROOT/.build/release/hepchain-pdftext"
[ -x "$ONE_PASS" ] || (cd "$ROOT" && swift build -c release --product hepchain-pdftext 2>&1 | grep -E "error" >&2 || true)
export HEPCHAIN_PDFTEXT="$ONE_PASS"
gcc -O2 -o "$OUT/poppler_glib" "$ROOT/bench/ingest/ingest_poppler_glib.c" $(pkg-config --cflags --libs poppler-glib)
VENV="${PYPDF_VENV:-/tmp/hepchain-pypdf-venv}"
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pypdf; fi

# Each tool prints "files pages bytes seconds cpu_seconds" (CPU = user + system, including child processes).
run_tool() {
  case "$1" in
    pdftotext) "$ROOT/bench/ingest/ingest_pdftotext.sh" "${PDFS[@]}" ;;
    poppler-glib) out=$(/usr/bin/time -f "%U %S" -o "$OUT/cpu.txt" "$OUT/poppler_glib" "${PDFS[@]}" 2>/dev/null | awk '{print $1, $2, $3, $4}')
                  echo "$out $(awk '{print $1 + $2}' "$OUT/cpu.txt")" ;;
    pypdf) "$VENV/bin/python" "$ROOT/bench/ingest/ingest_pypdf.py" "${PDFS[@]}" 2>/dev/null | awk '{print $1, $2, $3, $4, $6}' ;;
    hepchain) "$RUNNER" ingest --json "${PDFS[@]}" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["files"], r["pages"], r["bytes"], r["loadSeconds"], r["loadCPUSeconds"])' ;;
    hepchain-1-child) "$RUNNER" ingest --json --parts 1 "${PDFS[@]}" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["files"], r["pages"], r["bytes"], r["loadSeconds"], r["loadCPUSeconds"])' ;;
    hepchain-two-pdftotext) HEPCHAIN_PDFTEXT= "$RUNNER" ingest --json "${PDFS[@]}" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["files"], r["pages"], r["bytes"], r["loadSeconds"], r["loadCPUSeconds"])' ;;
    hepchain-page1-fonts) "$RUNNER" ingest --json --fonts first "${PDFS[@]}" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["files"], r["pages"], r["bytes"], r["loadSeconds"], r["loadCPUSeconds"])' ;;
    hepchain+chunk) "$RUNNER" ingest --json "${PDFS[@]}" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["files"], r["pages"], r["bytes"], r["loadSeconds"] + r["chunkSeconds"], r["loadCPUSeconds"] + r["chunkCPUSeconds"])' ;;
  esac
}

: > "$OUT/ingest.jsonl"
TOOLS=(pdftotext poppler-glib hepchain hepchain-1-child hepchain-two-pdftotext hepchain-page1-fonts hepchain+chunk pypdf)
declare -A TIMES CPUS PAGES BYTES MEDIAN CPU_MEDIAN
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# Rounds are interleaved (every tool once per round) so load from other processes on a shared machine
# hits all tools alike; the median per tool is reported.
for round in $(seq "$ROUNDS"); do
  for tool in "${TOOLS[@]}"; do
    read -r files pages bytes seconds cpu < <(run_tool "$tool")
    TIMES[$tool]="${TIMES[$tool]:-} $seconds"
    CPUS[$tool]="${CPUS[$tool]:-} $cpu"
    PAGES[$tool]=$pages; BYTES[$tool]=$bytes
    echo "{\"tool\":\"$tool\",\"round\":$round,\"files\":$files,\"pages\":$pages,\"bytes\":$bytes,\"seconds\":$seconds,\"cpuSeconds\":$cpu,\"loadavg\":\"$(cut -d' ' -f1 /proc/loadavg)\"}" >> "$OUT/ingest.jsonl"
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
median() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for tool in "${TOOLS[@]}"; do
  MEDIAN[$tool]=$(median "${TIMES[$tool]}")
  CPU_MEDIAN[$tool]=$(median "${CPUS[$tool]}")
done

echo "| tool | files | pages | MB | median wall s ($ROUNDS rounds) | pages/s | MB/s | vs pdftotext | vs pypdf | median CPU s | CPU vs pdftotext | CPU vs pypdf |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for tool in "${TOOLS[@]}"; do
  python3 - "$tool" "${PAGES[$tool]}" "${BYTES[$tool]}" "${MEDIAN[$tool]}" "${MEDIAN[pdftotext]}" "${MEDIAN[pypdf]}" "${#PDFS[@]}" "${CPU_MEDIAN[$tool]}" "${CPU_MEDIAN[pdftotext]}" "${CPU_MEDIAN[pypdf]}" <<'PY'
import sys
tool, pages, size, seconds, floor, pypdf, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
cpu, cpu_floor, cpu_pypdf = float(sys.argv[8]), float(sys.argv[9]), float(sys.argv[10])
print(f"| {tool} | {files} | {pages} | {size/1e6:.1f} | {seconds:.2f} | {pages/seconds:.1f} | {size/1e6/seconds:.2f} | {floor/seconds:.2f}× | {pypdf/seconds:.2f}× | {cpu:.2f} | {cpu_floor/cpu:.2f}× | {cpu_pypdf/cpu:.2f}× |")
PY
done
echo
echo "load average (1/5/15 min): before $LOAD_BEFORE, after $LOAD_AFTER"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%dT%H:%MZ); commit $(git -C "$ROOT" rev-parse --short HEAD)"
