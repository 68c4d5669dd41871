#!/usr/bin/env bash
# Fails if unsafe code appears outside the audited places listed in STYLE.md, or if a lower module
# depends on a sibling it must not know.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed='^Sources/(LinearAlgebra/|Embedding/Weights/|Ingest/CWrappers/|Store/SQLite/|PostgresStore/SQL/|VectorIndex/ReadWriteLock\.swift)'
status=0
while IFS= read -r hit; do
    file=${hit%%:*}
    if ! [[ $file =~ $allowed ]]; then
        echo "unsafe code outside the audited places: $hit"
        status=1
    fi
done < <(grep -rnE '\bUnsafe|\bunsafe[A-Z ]|@unchecked|nonisolated\(unsafe\)' Sources --include='*.swift' || true)

# @unchecked Sendable must carry a "// Sendable:" comment that states the invariant.
while IFS= read -r hit; do
    file=${hit%%:*}
    line=${hit#*:}; line=${line%%:*}
    start=$((line > 6 ? line - 6 : 1))
    if ! sed -n "${start},$((line + 3))p" "$file" | grep -q '// Sendable:'; then
        echo "@unchecked Sendable without a '// Sendable:' invariant comment: $file:$line"
        status=1
    fi
done < <(grep -rnE '@unchecked Sendable|nonisolated\(unsafe\)' Sources --include='*.swift' || true)

# Ingest, Embedding, VectorIndex, Store and Chain must not import one another.
for module in Ingest Embedding VectorIndex Store Chain; do
    for other in Ingest Embedding VectorIndex Store Chain KnowledgeBase HTTPAPI; do
        [ "$module" = "$other" ] && continue
        if grep -rqE "^(public |package |internal |@testable )?import $other\$" "Sources/$module" 2>/dev/null; then
            echo "Sources/$module imports $other: lower modules must not depend on each other"
            status=1
        fi
    done
done
exit $status
