# srooter: `make run` starts it, `make test` builds and passes every test.
# SCRATCH picks SwiftPM's build folder (CI keeps one outside the clone to build faster).
SCRATCH ?= .build
SWIFT_FLAGS := --scratch-path $(SCRATCH)
BIN := $(SCRATCH)/debug/srooter
VENV := $(CURDIR)/.build/venv
# Release builds (make release, make bench) link the Swift runtime statically, as shipped.
RELEASE_SCRATCH ?= .build-release
RELEASE_BIN := $(RELEASE_SCRATCH)/release/srooter

.PHONY: all deps build release-build run test release sbom scan bench clean

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


# Scans this project's own SBOM against every OSV folder or zip export under scan-db/ (git-ignored).
SCAN_SBOM := sbom/srooter.cdx.json
scan: build
	@if [ ! -f $(SCAN_SBOM) ]; then \
	  echo "make scan: $(SCAN_SBOM) does not exist; run 'make sbom' first." >&2; exit 2; fi
	@dbs=$$(find scan-db -mindepth 1 -maxdepth 1 \( -type d -o -name '*.zip' -o -name '*.json' \) 2>/dev/null | sort); \
	if [ -z "$$dbs" ]; then \
	  echo "make scan: scan-db/ holds no advisory database. On a connected machine, download the OSV" >&2; \
	  echo "per-ecosystem all.zip exports for SwiftURL and Debian (see the OSV docs, 'Data dumps':" >&2; \
	  echo "https://google.github.io/osv.dev/data/), copy them here as scan-db/SwiftURL.zip and" >&2; \
	  echo "scan-db/Debian.zip (or any folder of OSV JSON files), then run 'make scan' again." >&2; exit 2; fi; \
	args=""; for db in $$dbs; do args="$$args --db $$db"; done; \
	$(BIN) scan --sbom $(SCAN_SBOM) $$args

bench: release-build
	bench/sign-verify.sh $(RELEASE_BIN)
	bench/scan.sh $(RELEASE_BIN)

clean:
	rm -rf $(SCRATCH) $(RELEASE_SCRATCH) .build dist
