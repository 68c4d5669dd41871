#!/usr/bin/env bash
# The hostile-client test (Tests/HTTPAPITests/HostileServerTests.swift): a real `hepchain serve` under slow heads,
# 2,000 idle sockets, endless URL bodies and 64 `/v1/ask` clients that leave, asserting peak RSS < 500 MB and
# `/v1/search` p99 < 100 ms, and a job that survives kill -9. Part of `make test`, run on its own after the
# main suite: latency is only meaningful when the rest of the suite is not running on the same two cores.
# About 30 s here; bounded at HEPCHAIN_HOSTILE_TEST_LIMIT_SECONDS (300).
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT=${HEPCHAIN_HOSTILE_TEST_LIMIT_SECONDS:-300}

swift build --build-tests   # quick when run-tests.sh built everything
start=$(date +%s)
set +e
HEPCHAIN_HOSTILE_TESTS=1 timeout --kill-after=10 "$LIMIT" swift test --skip-build --disable-xctest --filter HostileServerTests 2>&1 \
    | tee .build/hostile-tests.log
status=${PIPESTATUS[0]}
set -e
echo "hostile-client tests: $(( $(date +%s) - start )) s (limit $LIMIT s), status $status"
exit "$status"
