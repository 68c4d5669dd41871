#!/usr/bin/env bash
# pdftotext alone over PDFs, one process per file (the floor PDFLoader is measured against).
# Prints "files pages bytes seconds".
set -euo pipefail
pages=0; bytes=0; files=0
for f in "$@"; do
  n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  pages=$((pages + n)); bytes=$((bytes + $(stat -c %s "$f"))); files=$((files + 1))
done
start=$(date +%s.%N)
for f in "$@"; do pdftotext -q -enc UTF-8 "$f" /tmp/ingest-bench-pdftotext.txt; done
end=$(date +%s.%N)
rm -f /tmp/ingest-bench-pdftotext.txt
echo "$files $pages $bytes $(echo "$end - $start" | bc -l)"
