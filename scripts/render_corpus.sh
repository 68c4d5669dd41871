#!/usr/bin/env bash
# Renders the sample corpus (corpora/) and its question set (eval/corpus.jsonl) from scripts/render_corpus.py.
# Not run by CI: the outputs are committed. Needs apt (fonts, poppler-utils) and PyPI (reportlab) once.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${CORPUS_VENV:-/tmp/hepchain-corpus-venv}
APT_PACKAGES=(fonts-dejavu-core fonts-dejavu-extra poppler-utils python3-venv)

missing=()
for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "render_corpus: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r scripts/requirements-corpus.txt

"$VENV/bin/python" scripts/render_corpus.py
