#!/usr/bin/env bash
# Builds hepchain-bench (this folder's package, over the root package's libraries) in release and prints the
# binary's path. The first build compiles the root package's modules again into bench/.build (minutes);
# later builds are incremental. Build messages go to stderr.
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product hepchain-bench 2>&1 | grep -E "error|warning: unre|Compiling hepchain|Build complete" >&2 || true
BIN="$(swift build -c release --show-bin-path)/hepchain-bench"
[ -x "$BIN" ] || { echo "bench/build.sh: the build failed (run 'swift build -c release' in bench/ for the full log)" >&2; exit 1; }
echo "$BIN"
