#!/usr/bin/env bash
# The main job on the embedded default: index corpora/ into a fresh data folder, start rag-server on
# 127.0.0.1, ask two questions over HTTP, print the answers with their citations, stop the server.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(swift build -c release --show-bin-path)
DATA=${DEMO_DATA:-$PWD/data-demo}
PORT=${DEMO_PORT:-8765}
export HEPCHAIN_MODEL=${HEPCHAIN_MODEL:-$PWD/models/all-MiniLM-L6-v2}

rm -rf "$DATA"
echo "== Indexing corpora/ into $DATA"
"$BIN/hepchain" index corpora --recursive --data "$DATA"

echo "== Starting rag-server on 127.0.0.1:$PORT"
"$BIN/rag-server" --data "$DATA" --host 127.0.0.1 --port "$PORT" --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/healthz"; echo

ask() {
    echo
    echo "== Q: $1"
    curl -fsS "http://127.0.0.1:$PORT/v1/ask" -H 'Content-Type: application/json' \
        -d "$(python3 -c 'import json,sys; print(json.dumps({"question": sys.argv[1]}))' "$1")" |
        python3 -c '
import json, sys
reply = json.load(sys.stdin)
print("A:", reply["answer"])
for c in reply["citations"]:
    pages = str(c["pageStart"]) if c["pageStart"] == c["pageEnd"] else "%d-%d" % (c["pageStart"], c["pageEnd"])
    print("  [%s] %s, p. %s%s  <%s>" % (c.get("marker"), c.get("title") or c["source"], pages,
          (" (" + c["section"] + ")") if c.get("section") else "", c["source"]))
'
}
ask "How many J/ψ events had BESIII collected by 2019?"
ask "What energy resolution does the BESIII CsI(Tl) calorimeter reach for 1 GeV photons?"
echo
echo "== Done; the server is stopping."
