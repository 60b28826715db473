# srooter: `make run` starts it, `make test` builds and passes every test.
# SCRATCH picks SwiftPM's build folder (CI keeps one outside the clone to build faster).
SCRATCH ?= .build
SWIFT_FLAGS := --scratch-path $(SCRATCH)
BIN := $(SCRATCH)/debug/srooter
# PYTHON_ENVS holds the tests' Python environments, venv and aider-venv (CI keeps them outside the clone too).
PYTHON_ENVS ?= $(CURDIR)/.build
# A crash of the test process prints the crashed thread only (CI shows the end of the output, and
# all threads' registers and images left the crashing frames out of it).
TEST_ENV := SROOTER_PYTHON=$(PYTHON_ENVS)/venv/bin/python SROOTER_AIDER=$(PYTHON_ENVS)/aider-venv/bin/aider \
	SWIFT_BACKTRACE=enable=yes,threads=crashed,registers=none,images=none
# Release builds (make release, make bench) link the Swift runtime statically, as shipped.
RELEASE_SCRATCH ?= .build-release
RELEASE_BIN := $(RELEASE_SCRATCH)/release/srooter
# The release binary names no folder of the build machine: the clone maps to /src and a build
# folder outside it (CI's) to /build, for Swift (#filePath, debug info) and C (__FILE__, debug info).
RELEASE_SCRATCH_ABS := $(abspath $(RELEASE_SCRATCH))
PREFIX_MAPS := $(CURDIR)=/src $(if $(filter $(CURDIR)/%,$(RELEASE_SCRATCH_ABS)),,$(RELEASE_SCRATCH_ABS)=/build)
RELEASE_PATH_FLAGS := $(foreach map,$(PREFIX_MAPS),-Xswiftc -file-prefix-map -Xswiftc $(map) -Xcc -ffile-prefix-map=$(map) -Xcxx -ffile-prefix-map=$(map))
# make release: the signing key, and optionally its password file and the version (default: srooter --version).
RELEASE_KEY ?=
RELEASE_PASSWORD_FILE ?=
VERSION ?=
# SOURCE_DATE_EPOCH defaults to the last commit's time, so the same tree gives the same bytes.
EPOCH = $${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)}

.PHONY: all deps build test-build release-build run test release sbom scan bench clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	swift build $(SWIFT_FLAGS)

# srooter and its tests in one SwiftPM build (the test-only packages compile beside srooter's own
# modules, not in a second build after them), while the tests' Python environments install.
test-build:
	@scripts/install-deps.sh --system
	@SROOTER_PYTHON_ENVS=$(PYTHON_ENVS) scripts/install-deps.sh --python & python=$$!; \
	swift build $(SWIFT_FLAGS) --build-tests; built=$$?; \
	wait $$python && exit $$built

# Stripped as shipped (debug symbols would double the binary and the self-check's hashing time).
release-build: deps
	swift build -c release --static-swift-stdlib --scratch-path $(RELEASE_SCRATCH) $(RELEASE_PATH_FLAGS)
	strip $(RELEASE_BIN)

# Starts the gateway with srooter.yaml (made from srooter.example.yaml if missing) and a demo key.
run: build
	@scripts/run-gateway.sh $(BIN)

# Suites that measure deadlines (revocation within 2 s, a per-minute rate, connection and member timeouts, a hang-up
# seen within a bound) or run CPU-heavy programs under a time limit (the real agents) run after the rest, one at a
# time. No test waits for a program on one of Swift's cooperative threads any more
# (Tests/TestSupport/OwnThread.swift), but on a fresh clone's two cores the parallel run still slows the machine
# enough that their clocks measure the load (a fresh-clone run with every suite in parallel failed seven of them).
TIMED_SUITES := ConnectionLimitsTests|LiveGatewayPromiseTests|UpstreamClientTests|GatewayPolicyTests|AuthenticateMiddlewareTests|AgentLoopTests|AgentCrossWireTests|AgentInteropTests|CortexAgentTests|CouncilLiveTests|InteropTimeLimitTests

# The parallel run holds about 830 descriptors at its peak (the budget tests' 700 connections), near
# the common soft limit of 1024: the recipe raises its soft limit to the hard one.
RAISE_FD_LIMIT := ulimit -n "$$(ulimit -Hn)" 2>/dev/null || true;

test: test-build
	$(RAISE_FD_LIMIT) $(TEST_ENV) swift test $(SWIFT_FLAGS) --skip-build --disable-xctest --skip '$(TIMED_SUITES)'
	$(RAISE_FD_LIMIT) $(TEST_ENV) swift test $(SWIFT_FLAGS) --skip-build --disable-xctest --no-parallel --filter '$(TIMED_SUITES)'
	$(BIN) pins check --scratch-path $(SCRATCH)

# Static release build → SBOM of that binary → pins check → signed archive in dist/.
release: release-build
	@[ -n "$(RELEASE_KEY)" ] || { echo "make release: set RELEASE_KEY=path/to/release.key (password: SROOTER_KEY_PASSWORD or RELEASE_PASSWORD_FILE)" >&2; exit 2; }
	export SOURCE_DATE_EPOCH=$(EPOCH); \
	$(RELEASE_BIN) sbom generate --scratch-path $(RELEASE_SCRATCH) --binary $(RELEASE_BIN) --output $(RELEASE_SCRATCH)/srooter.cdx.json && \
	$(RELEASE_BIN) pins check --scratch-path $(RELEASE_SCRATCH) && \
	$(RELEASE_BIN) release pack --version "$${VERSION:-$$($(RELEASE_BIN) --version)}" --key $(RELEASE_KEY) \
	  --binary $(RELEASE_BIN) --sbom $(RELEASE_SCRATCH)/srooter.cdx.json --output-dir dist \
	  $(if $(RELEASE_PASSWORD_FILE),--password-file $(RELEASE_PASSWORD_FILE))

# The SBOM of the release binary when there is one, else of the debug binary.
sbom: build
	@binary=$(RELEASE_BIN); scratch=$(RELEASE_SCRATCH); \
	[ -x "$$binary" ] || { binary=$(BIN); scratch=$(SCRATCH); }; \
	export SOURCE_DATE_EPOCH=$(EPOCH); \
	$(BIN) sbom generate --scratch-path "$$scratch" --binary "$$binary" --output sbom/srooter.cdx.json && \
	$(BIN) sbom validate sbom/srooter.cdx.json

# Scans this project's own SBOM against every OSV folder or zip export under scan-db/ (git-ignored).
SCAN_SBOM := sbom/srooter.cdx.json
scan: build
	@if [ ! -f $(SCAN_SBOM) ]; then \
	  echo "make scan: $(SCAN_SBOM) does not exist; run 'make sbom' first." >&2; exit 2; fi
	@dbs=$$(find scan-db -mindepth 1 -maxdepth 1 \( -type d -o -name '*.zip' -o -name '*.json' \) 2>/dev/null | sort); \
	if [ -z "$$dbs" ]; then \
	  echo "make scan: scan-db/ holds no advisory database. On a connected machine, download the OSV" >&2; \
	  echo "per-ecosystem all.zip exports for SwiftURL and Debian (see the OSV docs, 'Data dumps'), copy" >&2; \
	  echo "them here as scan-db/SwiftURL.zip and scan-db/Debian.zip (or any folder of OSV JSON files)," >&2; \
	  echo "then run 'make scan' again." >&2; exit 2; fi; \
	args=""; for db in $$dbs; do args="$$args --db $$db"; done; \
	$(BIN) scan --sbom $(SCAN_SBOM) $$args

# bench/gateway.sh also makes .build/bench-venv (LiteLLM, via scripts/bench-venv.sh) on its first run.
bench: release-build
	bench/sign-verify.sh $(RELEASE_BIN)
	bench/release-verify.sh $(RELEASE_BIN) compressible
	bench/release-verify.sh $(RELEASE_BIN) random
	bench/sbom.sh $(RELEASE_BIN) $(RELEASE_SCRATCH)
	bench/scan.sh $(RELEASE_BIN)
	bench/gateway.sh $(RELEASE_BIN)
	bench/policy.sh $(RELEASE_BIN)
	bench/audit.sh $(RELEASE_BIN)
	bench/router-decision.sh $(RELEASE_BIN)

clean:
	rm -rf $(SCRATCH) $(RELEASE_SCRATCH) .build dist
