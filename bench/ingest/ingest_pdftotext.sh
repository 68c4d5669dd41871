#!/usr/bin/env bash
# pdftotext alone over PDFs, one process per file (the floor PDFLoader is measured against).
# Prints "files pages bytes seconds cpu_seconds" (CPU: user + system of the pdftotext children).
set -euo pipefail
pages=0; bytes=0; files=0
for f in "$@"; do
  n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  pages=$((pages + n)); bytes=$((bytes + $(stat -c %s "$f"))); files=$((files + 1))
done
# Children's CPU from bash's `times` (second line: children's user and system time), before and after.
# (`times` must run in this shell, not in a command substitution's subshell.)
TIMES_FILE=$(mktemp)
children_cpu() { tail -1 "$TIMES_FILE" | tr -d s | awk '{ split($1, u, "m"); split($2, s, "m"); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }'; }
times > "$TIMES_FILE"; cpu_start=$(children_cpu)
start=$(date +%s.%N)
for f in "$@"; do pdftotext -q -enc UTF-8 "$f" /tmp/ingest-bench-pdftotext.txt; done
end=$(date +%s.%N)
times > "$TIMES_FILE"; cpu_end=$(children_cpu)
rm -f /tmp/ingest-bench-pdftotext.txt "$TIMES_FILE"
echo "$files $pages $bytes $(echo "$end - $start" | bc -l) $(echo "$cpu_end - $cpu_start" | bc -l)"
