# HepChain: the two front-door commands are `make demo` and `make test`.
SHELL := /bin/bash
MODEL := $(CURDIR)/models/all-MiniLM-L6-v2
DEMO_DATA := $(CURDIR)/data-demo
export HEPCHAIN_MODEL ?= $(MODEL)
# Python tools live in a venv (PEP 668: Debian's Python refuses pip installs); scripts/setup.sh makes it.
export HEPCHAIN_PYTHON ?= $(CURDIR)/.venv/bin/python3

PREFIX ?= /usr/local
CONFIG ?= release

.PHONY: install setup build release demo test bench bench-embed bench-index bench-ingest bench-kb bench-store bench-postgres bench-server bench-langchain fixtures clean

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
	scripts/check-modules.py
	scripts/check-docs.py
	scripts/run-tests.sh
	scripts/browser-tests.sh
	scripts/tsan-index.sh
	scripts/check-release-embeddings.sh

# Benchmarks: bench/README.md lists each one, its peer tool and its output. The bench package (bench/Package.swift,
# `hepchain-bench`) is built by bench/build.sh; the end-to-end ones also use the release hepchain and rag-server.
bench: bench-embed bench-index bench-ingest bench-langchain

bench-embed: setup
	@bench/embedding/embed.sh

bench-index: setup
	@bench/index/index.sh

bench-ingest: release
	@bench/ingest/ingest.sh

bench-kb: release
	@bench/kb/kb-100k.sh

bench-store: setup
	@bench/kb/kb-store.sh

# The PostgreSQL backend against SQLite on bench-kb's store (issue 20): COPY load, latency/QPS, recall@10.
bench-postgres: release
	@[ -f bench/out/kb-100k/hepchain.sqlite ] || bench/kb/kb-100k.sh
	@bench/kb/postgres.sh

bench-server: release
	@bench/server/server.sh

# End to end against LangChain + Chroma on the same corpus files (installs its Python stack in a venv).
bench-langchain: release
	@bench/langchain/langchain.sh

clean:
	rm -rf .build bench/.build $(DEMO_DATA)

# Installs for a group or a user: `make install PREFIX=$$HOME/.local` (or /usr/local, the default). The binaries go to
# PREFIX/bin, the model to PREFIX/share/hepchain/models (found there without --model or HEPCHAIN_MODEL), shell
# completions to PREFIX/share/{bash-completion,zsh,fish}, an example configuration to PREFIX/share/hepchain/examples
# and the systemd unit to PREFIX/share/hepchain/deploy. CONFIG=debug installs the debug build; NO_BUILD=1 skips
# building (the Dockerfile builds first); DESTDIR is honoured.
install:
	@[ -n "$(NO_BUILD)" ] || { scripts/setup.sh && swift build -c $(CONFIG) --product hepchain && swift build -c $(CONFIG) --product rag-server && swift build -c $(CONFIG) --product hepchain-pdftext; }
	@scripts/install.sh "$(DESTDIR)$(PREFIX)" "$$(swift build -c $(CONFIG) --show-bin-path)"
