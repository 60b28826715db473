# srooter: `make run` starts it, `make test` builds and passes every test.
# SCRATCH picks SwiftPM's build folder (CI keeps one outside the clone to build faster).
SCRATCH ?= .build
SWIFT_FLAGS := --scratch-path $(SCRATCH)
BIN := $(SCRATCH)/debug/srooter
VENV := $(CURDIR)/.build/venv
# Release builds (make release, make bench) link the Swift runtime statically, as shipped.
RELEASE_SCRATCH ?= .build-release
RELEASE_BIN := $(RELEASE_SCRATCH)/release/srooter

.PHONY: all deps build release-build run test release sbom bench clean

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

release-build: deps
	swift build -c release --static-swift-stdlib --scratch-path $(RELEASE_SCRATCH)

bench: release-build
	bench/sign-verify.sh $(RELEASE_BIN)

clean:
	rm -rf $(SCRATCH) $(RELEASE_SCRATCH) .build dist
