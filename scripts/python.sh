#!/usr/bin/env bash
# The project's Python: $HEPCHAIN_PYTHON, else the venv that scripts/setup.sh makes (.venv/bin/python3), else
# python3 on PATH. Scripts and benchmarks run Python through this so that PEP 668 systems (Debian's Python
# refuses `pip install`) find the packages setup installed.
#
#   scripts/python.sh ARGUMENT…
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -n "${HEPCHAIN_PYTHON:-}" ]; then exec "$HEPCHAIN_PYTHON" "$@"; fi
if [ -x "$root/.venv/bin/python3" ]; then exec "$root/.venv/bin/python3" "$@"; fi
exec python3 "$@"
