#!/usr/bin/env bash
# Builds and runs the Swift test suite with a watchdog, so a hung test fails the run in bounded time and says
# which tests never finished (and, when gdb is there, where every thread of the test process was waiting).
#
#   scripts/run-tests.sh [--limit MINUTES] [extra `swift test` arguments]
#
# The log of the last run is kept in .build/test-run.log.
set -uo pipefail
cd "$(dirname "$0")/.."

limit_minutes=${HEPCHAIN_TEST_LIMIT_MINUTES:-40}
if [[ "${1:-}" == "--limit" ]]; then
    limit_minutes=$2
    shift 2
fi

# A real PostgreSQL 18 + pgvector for the PostgreSQL backend's tests (scripts/postgres.sh), started while the tests
# build and stopped on exit. Tests create a database each; the replica test starts a standby of this server.
if [ -z "${HEPCHAIN_TEST_POSTGRES:-}" ]; then
    postgres_dir=$(mktemp -d /tmp/hepchain-test-postgres.XXXXXX)
    trap 'scripts/postgres.sh stop "$postgres_dir"' EXIT
    scripts/postgres.sh start "$postgres_dir" >"$postgres_dir.url" 2>"$postgres_dir.err" &
    postgres_starter=$!
fi

swift build --build-tests || exit $?

if [ -n "${postgres_starter:-}" ]; then
    if ! wait "$postgres_starter"; then
        echo "run-tests: the test PostgreSQL server did not start:" >&2
        cat "$postgres_dir.err" >&2
        exit 1
    fi
    export HEPCHAIN_TEST_POSTGRES=$(cat "$postgres_dir.url")
    export HEPCHAIN_TEST_POSTGRES_DIR=$postgres_dir
    rm -f "$postgres_dir.url" "$postgres_dir.err"
    echo "run-tests: PostgreSQL at $HEPCHAIN_TEST_POSTGRES"
fi

log=.build/test-run.log
mkdir -p .build
# Line-buffered output: if the run is killed, the log still shows everything printed up to then.
stdbuf -oL -eL swift test --skip-build --disable-xctest "$@" > >(tee "$log") 2>&1 &
runner=$!

deadline=$((SECONDS + limit_minutes * 60))
while kill -0 "$runner" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 5
done

if kill -0 "$runner" 2>/dev/null; then
    echo
    echo "run-tests: the test run passed its limit of ${limit_minutes} minutes. Tests that started and never finished:"
    # Swift Testing prints `◇ Test "NAME" started.`, then `✔ Test "NAME" passed after…` (or `failed`, `skipped`,
    # `with N test cases passed…`); parameterised cases print `Test case passing…` lines of their own.
    python3 - "$log" <<'PY'
import re, sys
started, finished = [], set()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    if "Test case passing" in line or "Test run " in line:
        continue
    match = re.search(r'◇ Test (".*"|\S+) started\.$', line.rstrip("\n"))
    if match:
        started.append(match.group(1))
    match = re.search(r'[✔✘➜] Test (".*"|\S+?)( with \d+ test cases?)? (passed|failed|skipped)', line)
    if match:
        finished.add(match.group(1))
for name in started:
    if name not in finished:
        print("  " + name)
PY
    for pid in $(pgrep -f 'PackageTests.xctest|swift-testing' || true); do
        if command -v gdb >/dev/null; then
            echo "run-tests: threads of process $pid:"
            timeout 120 gdb -p "$pid" -batch -ex 'thread apply all bt 25' 2>/dev/null | grep -E '^(Thread|#)' | head -400
        fi
    done
    pkill -KILL -f 'PackageTests.xctest' || true
    kill -KILL "$runner" 2>/dev/null || true
    wait "$runner" 2>/dev/null
    exit 124
fi

wait "$runner"
