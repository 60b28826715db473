# srooter: `make run` starts it, `make test` builds and passes every test.
# SCRATCH picks SwiftPM's build folder (CI keeps one outside the clone to build faster).
SCRATCH ?= .build
SWIFT_FLAGS := --scratch-path $(SCRATCH)
BIN := $(SCRATCH)/debug/srooter
VENV := $(CURDIR)/.build/venv

.PHONY: all deps build run test release sbom bench clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	swift build $(SWIFT_FLAGS)

run: build
	@echo "srooter $$($(BIN) --version): the gateway arrives with issue 6; here is the CLI."
	@$(BIN) --help

test: build
	SROOTER_PYTHON=$(VENV)/bin/python swift test $(SWIFT_FLAGS) --disable-xctest

release: deps
	@echo "make release: signed release packing is not built yet (issue 4)." >&2; exit 2

sbom: deps
	@echo "make sbom: SBOM generation is not built yet (issue 3)." >&2; exit 2

bench: deps
	swift build $(SWIFT_FLAGS) -c release
	bench/sign-verify.sh $(SCRATCH)/release/srooter

clean:
	rm -rf $(SCRATCH) .build dist
