#!/usr/bin/env bash
# Store benchmark: writes 100,000 synthetic chunks (1,000 documents x 100, 150 words, 384-d vectors) through
# SQLiteDocumentStore, then times BM25 (k = 10), filtered key lookups and chunk fetches (`hepchain-bench store`,
# release build). Prints one JSON line.
# Usage: bench/kb/kb-store.sh [documents] [chunks per document]
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=$(bench/build.sh)
"$BENCH" store --documents "${1:-1000}" --chunks-per-document "${2:-100}"
