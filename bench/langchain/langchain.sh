#!/usr/bin/env bash
# End to end against the standard Python stack (issue 18): index the same ../shared/corpora PDF and HTML files
# with (a) `hepchain index` and (b) the pipeline most LangChain users write (bench/langchain/langchain_index.py:
# PyPDFLoader, BSHTMLLoader, RecursiveCharacterTextSplitter(1000, 200), HuggingFaceEmbeddings on the same local
# all-MiniLM-L6-v2 folder, Chroma.from_documents), each as a fresh process into an empty store, at the same
# thread count, alternated, RUNS times. Each process is timed whole by GNU time (wall, user + system CPU, peak
# RSS): start-up, model load, parsing, chunking, embedding and storing are all counted.
#
# Usage: bench/langchain/langchain.sh [THREADS="1 2"] [RUNS=3]
# Environment: HEPCHAIN_MODEL (default models/all-MiniLM-L6-v2), CORPORA (default ../shared/corpora),
#              LANGCHAIN_VENV (virtualenv for the Python stack, created on first use; default
#              bench/out/venv-langchain), HEPCHAIN (the binary; default .build/release/hepchain).
# Writes bench/out/langchain/results.jsonl and prints a Markdown table (median of the runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
THREADS=${1:-1 2}
RUNS=${2:-3}
MODEL=${HEPCHAIN_MODEL:-$ROOT/models/all-MiniLM-L6-v2}
CORPORA=${CORPORA:-$ROOT/../shared/corpora}
VENV=${LANGCHAIN_VENV:-$ROOT/bench/out/venv-langchain}
HEPCHAIN=${HEPCHAIN:-$ROOT/.build/release/hepchain}
OUT=$ROOT/bench/out/langchain
mkdir -p "$OUT"

[ -f "$MODEL/model.safetensors" ] || { echo "langchain.sh: no model at $MODEL; run 'make setup'" >&2; exit 1; }
[ -x "$HEPCHAIN" ] || { echo "langchain.sh: no hepchain binary at $HEPCHAIN; run 'make release'" >&2; exit 1; }
if [ ! -x /usr/bin/time ]; then  # GNU time measures each whole process (wall, CPU, peak RSS)
    echo "langchain.sh: installing GNU time (apt)" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi

# The Python stack, in a virtualenv of its own: only this benchmark needs it (PyTorch alone is ~1 GB).
PACKAGES=(langchain-community langchain-huggingface langchain-chroma langchain-text-splitters chromadb pypdf
          beautifulsoup4 lxml sentence-transformers)
if ! "$VENV/bin/python" -c "import langchain_community, langchain_huggingface, langchain_chroma, pypdf, bs4, lxml, sentence_transformers" 2>/dev/null; then
    echo "langchain.sh: installing ${PACKAGES[*]} into $VENV (PyPI)" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PACKAGES[@]}"
fi
VERSIONS=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(", ".join(f"{p} {m.version(p)}" for p in ["langchain-community", "langchain-huggingface", "langchain-chroma", "chromadb", "pypdf", "sentence-transformers", "torch"]))')

# The same files for both: every PDF and HTML file of the corpus, copied into one folder outside the repo.
INPUT=$(mktemp -d /tmp/hepchain-langchain-input.XXXXXX)
STORES=$(mktemp -d /tmp/hepchain-langchain-stores.XXXXXX)
trap 'rm -rf "$INPUT" "$STORES"' EXIT
cp "$CORPORA"/pdf/*.pdf "$CORPORA"/html/*.html "$INPUT"/
PDF_PAGES=0
for pdf in "$INPUT"/*.pdf; do PDF_PAGES=$((PDF_PAGES + $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}'))); done
HTML_FILES=$(ls "$INPUT"/*.html | wc -l)
PAGES=$((PDF_PAGES + HTML_FILES))
echo "langchain.sh: $(ls "$INPUT"/*.pdf | wc -l) PDFs ($PDF_PAGES pages) + $HTML_FILES HTML files = $PAGES pages" >&2

RESULTS=$OUT/results.jsonl
: > "$RESULTS"
measure() {  # engine threads run: one whole process, into an empty store
    local engine=$1 threads=$2 run=$3
    local store=$STORES/$engine-$threads-$run
    rm -rf "$store"
    local command
    if [ "$engine" = hepchain ]; then
        command=(env HEPCHAIN_EMBEDDING_THREADS="$threads" "$HEPCHAIN" index "$INPUT" --data "$store")
    else
        command=("$VENV/bin/python" "$ROOT/bench/langchain/langchain_index.py" "$MODEL" "$INPUT" "$store" "$threads")
    fi
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.txt" "${command[@]}" > "$OUT/stdout.txt" 2> "$OUT/stderr.txt" || {
        echo "langchain.sh: $engine failed:" >&2; tail -20 "$OUT/stderr.txt" >&2; exit 1; }
    read -r wall user system rss < "$OUT/time.txt"
    local chunks
    if [ "$engine" = hepchain ]; then  # "Indexed 19, …; 3,111 chunks in 70.2 s."
        chunks=$(sed -n 's/.*; \([0-9,]*\) chunks in .*/\1/p' "$OUT/stdout.txt" | tr -d , | tail -1)
    else
        chunks=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])["chunks"])' "$OUT/stdout.txt")
    fi
    [ -n "$chunks" ] || { echo "langchain.sh: no chunk count in the output of $engine" >&2; cat "$OUT/stdout.txt" >&2; exit 1; }
    echo "{\"engine\":\"$engine\",\"threads\":$threads,\"run\":$run,\"pages\":$PAGES,\"chunks\":$chunks,\"wallSeconds\":$wall,\"cpuSeconds\":$(python3 -c "print($user + $system)"),\"peakRSSKiB\":$rss}" \
        | tee -a "$RESULTS" >&2
    rm -rf "$store"
}

for run in $(seq 1 "$RUNS"); do
    for threads in $THREADS; do
        # Alternated, and the order flipped every run, so neither side always runs on a warmer machine.
        if [ $((run % 2)) = 1 ]; then order="hepchain langchain"; else order="langchain hepchain"; fi
        for engine in $order; do
            echo "== run $run, $threads thread(s): $engine" >&2
            measure "$engine" "$threads" "$run"
        done
    done
done

CPU=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
python3 bench/langchain/langchain_report.py "$RESULTS" "$CPU" "$VERSIONS" "$($HEPCHAIN --version | head -1)"
