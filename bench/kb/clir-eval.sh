#!/usr/bin/env bash
# Retrieval quality of Chinese and English questions, separately, with CC-CEDICT on and off (issue 17).
# Usage: bench/kb/clir-eval.sh DATA_FOLDER [EVAL_DIR] — DATA_FOLDER holds an index of ../shared/corpora (pdf, html, atom);
# EVAL_DIR holds answers-dev.jsonl and answers-test.jsonl (default eval/). Needs a built hepchain on PATH
# (or HEPCHAIN=path). Prints one `hepchain eval` table per split × language × dictionary setting.
set -euo pipefail
data=${1:?usage: bench/kb/clir-eval.sh DATA_FOLDER [EVAL_DIR]}
eval_dir=${2:-eval}
hepchain=${HEPCHAIN:-hepchain}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for split in dev test; do
    source="$eval_dir/answers-$split.jsonl"
    [ -f "$source" ] || { echo "clir-eval: $source not found" >&2; exit 1; }
    # Answerable questions of each language (unanswerable ones have no expected page to find).
    python3 - "$source" "$work/$split" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip() and not line.startswith("//")]
for lang in ("zh", "en"):
    with open(f"{sys.argv[2]}-{lang}.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            if row.get("lang") == lang and row.get("expected"):
                out.write(json.dumps({"id": row["id"], "question": row["question"], "expected": row["expected"]}, ensure_ascii=False) + "\n")
PY
    for lang in zh en; do
        for dictionary in on off; do
            flags=()
            [ "$dictionary" = off ] && flags=(--dictionary off)
            echo "== $split $lang, CC-CEDICT $dictionary ($(grep -c . "$work/$split-$lang.jsonl") questions)"
            "$hepchain" eval "$work/$split-$lang.jsonl" --data "$data" "${flags[@]}"
        done
    done
done
