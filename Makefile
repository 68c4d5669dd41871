# HepChain: the two front-door commands are `make demo` and `make test`.
SHELL := /bin/bash
MODEL := $(CURDIR)/models/all-MiniLM-L6-v2
DEMO_DATA := $(CURDIR)/data-demo
export HEPCHAIN_MODEL ?= $(MODEL)

.PHONY: setup build release demo test bench bench-embed bench-index bench-ingest bench-kb bench-server bench-langchain fixtures clean

setup:
	@scripts/setup.sh

build: setup
	swift build

release: setup
	swift build -c release

demo: release
	@scripts/demo.sh

test: setup
	scripts/check-unsafe.sh
	scripts/run-tests.sh
	scripts/browser-tests.sh
	scripts/tsan-index.sh
	scripts/check-release-embeddings.sh

bench: bench-embed bench-index bench-ingest bench-langchain

bench-embed: release
	@bench/embed.sh

bench-index: release
	@bench/index.sh

bench-ingest: release
	@bench/ingest.sh

bench-kb: release
	@bench/kb-100k.sh

bench-server: release
	@bench/server.sh

# End to end against LangChain + Chroma on the same corpus files (installs its Python stack in a venv).
bench-langchain: release
	@bench/langchain.sh

clean:
	rm -rf .build $(DEMO_DATA)
