#!/usr/bin/env bash
# The vector index's tests (concurrent searches during inserts and deletes included) and LinearAlgebra's (the
# thread team behind two-thread queries) under ThreadSanitizer.
# Builds only VectorIndex and its dependencies (scripts/tsan-index/Package.swift), so it adds minutes, not
# a second full build, to `make test`.
set -euo pipefail
cd "$(dirname "$0")/tsan-index"
swift test --sanitize=thread --disable-xctest
