#!/usr/bin/env bash
# The web page's browser tests (Tests/Browser/test_web.py): headless Chromium driven by Selenium against a real
# rag-server on a loopback port over the sample corpus. Part of `make test`; `make setup` installs chromium,
# chromium-driver and selenium. Screenshots of failed tests and the servers' logs go to .build/browser-tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${HEPCHAIN_PYTHON:-$(scripts/python.sh -c "import sys; print(sys.executable)")}
LIMIT=${HEPCHAIN_BROWSER_TEST_LIMIT_SECONDS:-300}

for tool in /usr/bin/chromium /usr/bin/chromedriver; do
    [ -x "$tool" ] || { echo "browser tests: $tool is missing; run 'make setup' (installs chromium and chromium-driver)" >&2; exit 1; }
done
"$PYTHON" -c "import selenium" 2>/dev/null || { echo "browser tests: the selenium Python package is missing; run 'make setup'" >&2; exit 1; }

swift build   # rag-server, hepchain and hepchain-pdftext, up to date (quick when run-tests.sh built them)
mkdir -p .build/browser-tests
start=$(date +%s)
set +e
timeout --kill-after=10 "$LIMIT" "$PYTHON" -u Tests/Browser/test_web.py 2>&1 | tee .build/browser-tests/run.log
status=${PIPESTATUS[0]}
set -e
echo "browser tests: $(( $(date +%s) - start )) s (limit $LIMIT s), status $status"
[ "$status" -eq 124 ] && echo "browser tests: stopped after $LIMIT s; see .build/browser-tests/" >&2
exit "$status"
