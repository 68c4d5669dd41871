#!/usr/bin/env bash
# Copies a built HepChain into an installation prefix (what `make install` runs after building).
#
#   scripts/install.sh PREFIX BIN_FOLDER
# PREFIX/bin: hepchain, rag-server, hepchain-pdftext and their resource bundles; PREFIX/share/hepchain/models: the
# model and the CC-CEDICT dictionary (from models/);
# PREFIX/share/hepchain/examples/hepchain.json; PREFIX/share/hepchain/deploy: the systemd unit and Dockerfile;
# shell completions for bash, zsh and fish; man pages in PREFIX/share/man/man1. Says what it installs; running it again replaces the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${1:?usage: scripts/install.sh PREFIX BIN_FOLDER}
BIN=${2:?usage: scripts/install.sh PREFIX BIN_FOLDER}
MODEL=models/all-MiniLM-L6-v2

for program in hepchain rag-server hepchain-pdftext; do
    [ -x "$BIN/$program" ] || { echo "install: $BIN/$program is missing; build first (make install builds it)" >&2; exit 1; }
done
[ -f "$MODEL/model.safetensors" ] || { echo "install: $MODEL is missing; run make setup first" >&2; exit 1; }

install -d "$PREFIX/bin" "$PREFIX/share/hepchain/models" "$PREFIX/share/hepchain/examples" "$PREFIX/share/hepchain/deploy" \
    "$PREFIX/share/bash-completion/completions" "$PREFIX/share/zsh/site-functions" "$PREFIX/share/fish/vendor_completions.d" \
    "$PREFIX/share/doc/hepchain"
install -m 755 "$BIN/hepchain" "$BIN/rag-server" "$BIN/hepchain-pdftext" "$PREFIX/bin/"
# Resource bundles (the HEP glossary) are found beside the executable (Bundle.module looks there first).
for bundle in "$BIN"/*.resources; do
    [ -d "$bundle" ] || continue
    rm -rf "$PREFIX/bin/$(basename "$bundle")"
    cp -R "$bundle" "$PREFIX/bin/"
done
echo "install: hepchain, rag-server, hepchain-pdftext and their resource bundles -> $PREFIX/bin"
rm -rf "$PREFIX/share/hepchain/$MODEL"
cp -R "$MODEL" "$PREFIX/share/hepchain/models/"
chmod -R a+rX "$PREFIX/share/hepchain/models"
echo "install: model -> $PREFIX/share/hepchain/$MODEL"
# The CC-CEDICT dictionary is looked up beside the model folder (docs/knowledge-base.md, cross-lingual search).
if [ -f models/cc-cedict/cedict_ts.u8 ]; then
    rm -rf "$PREFIX/share/hepchain/models/cc-cedict"
    cp -R models/cc-cedict "$PREFIX/share/hepchain/models/"
    chmod -R a+rX "$PREFIX/share/hepchain/models/cc-cedict"
    echo "install: CC-CEDICT dictionary -> $PREFIX/share/hepchain/models/cc-cedict"
fi
install -m 644 deploy/hepchain.example.json "$PREFIX/share/hepchain/examples/hepchain.json"
install -m 644 deploy/hepchain.service deploy/Dockerfile "$PREFIX/share/hepchain/deploy/"
install -m 644 README.md docs/CONFIGURATION.md "$PREFIX/share/doc/hepchain/"
"$PREFIX/bin/hepchain" --generate-completion-script bash >"$PREFIX/share/bash-completion/completions/hepchain"
"$PREFIX/bin/hepchain" --generate-completion-script zsh >"$PREFIX/share/zsh/site-functions/_hepchain"
"$PREFIX/bin/hepchain" --generate-completion-script fish >"$PREFIX/share/fish/vendor_completions.d/hepchain.fish"
echo "install: example configuration, systemd unit, documentation and shell completions -> $PREFIX/share"

# Man pages, by swift-argument-parser's own generator (built once into .build/manual-tool from the checkout SwiftPM
# already has; skipped with a note when that checkout is missing).
PARSER=.build/checkouts/swift-argument-parser
MANUAL_TOOL=.build/manual-tool/release/generate-manual
if [ -n "${HEPCHAIN_INSTALL_NO_MAN:-}" ]; then
    MANUAL_TOOL=/nonexistent   # the tests install without man pages
elif [ ! -x "$MANUAL_TOOL" ] && [ -f "$PARSER/Package.swift" ]; then
    echo "install: building the man page generator (swift-argument-parser's generate-manual)"
    swift build -c release --package-path "$PARSER" --scratch-path .build/manual-tool --product generate-manual >/dev/null
fi
if [ -x "$MANUAL_TOOL" ]; then
    install -d "$PREFIX/share/man/man1"
    for program in hepchain rag-server; do
        "$MANUAL_TOOL" "$PREFIX/bin/$program" --output-directory "$PREFIX/share/man/man1"
    done
    echo "install: man pages hepchain(1), rag-server(1) -> $PREFIX/share/man/man1"
else
    echo "install: no man pages (HEPCHAIN_INSTALL_NO_MAN is set, or $PARSER is missing: run swift build first)"
fi
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "install: add $PREFIX/bin to PATH to run hepchain from anywhere" ;; esac
