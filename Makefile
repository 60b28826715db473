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
	$(BIN) pins check --scratch-path $(SCRATCH)

release: deps
	@echo "make release: signed release packing is not built yet (issue 4)." >&2; exit 2

# The SBOM of the release binary when there is one, else of the debug binary. SOURCE_DATE_EPOCH
# defaults to the last commit's time, so the same tree gives the same bytes.
sbom: build
	@binary=$(SCRATCH)/release/srooter; [ -x "$$binary" ] || binary=$(BIN); \
	epoch=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || true)}; \
	if [ -n "$$epoch" ]; then export SOURCE_DATE_EPOCH=$$epoch; fi; \
	$(BIN) sbom generate --scratch-path $(SCRATCH) --binary "$$binary" --output sbom/srooter.cdx.json && \
	$(BIN) sbom validate sbom/srooter.cdx.json

bench: deps
	swift build $(SWIFT_FLAGS) -c release
	bench/sbom.sh $(SCRATCH)/release/srooter $(SCRATCH)
	bench/sign-verify.sh $(SCRATCH)/release/srooter

clean:
	rm -rf $(SCRATCH) .build dist
