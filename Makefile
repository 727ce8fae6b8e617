# Guichet: `make demo` runs the console on a seeded local database,
# `make test` runs every test. See README.md.

GO      ?= go
BIN     := bin
PKGS    := ./...
export PATH := $(PATH):/usr/local/go/bin

.PHONY: all build test vet fmt-check demo central seed-1m bench race clean chaos fuzz \
	bench-record bench-push bench-start bench-provision bench-national load
.PHONY: dist dist-clean

all: build

build:
	$(GO) build -o $(BIN)/guichet ./cmd/guichet
	$(GO) build -o $(BIN)/guichet-central ./cmd/guichet-central

# The suite CI runs (.ci/run): formatting, vet, then all tests, the packaging
# tools' module (tools/, kept apart so that go.mod stays lean) included.
test: fmt-check vet
	$(GO) test -count=1 $(PKGS)
	$(GO) -C tools test -count=1 ./...

vet:
	$(GO) vet $(PKGS)
	$(GO) -C tools vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Seeds a demo centre (./var/demo/central.db, 20,000 members) if absent, serves it on a
# loopback port, provisions ./var/demo/guichet.db from it and starts the console with sync.
demo: build
	./$(BIN)/guichet demo

# The reference centre alone: seeded once under ./var/central with its PIN keys, served on
# 127.0.0.1:8443 (register consoles with `bin/guichet-central --db var/central/central.db devices add ...`).
CENTRAL_KEYS = GUICHET_CENTRAL_PIN_HMAC_KEY_FILE=var/central/keys/hmac.key GUICHET_CENTRAL_PIN_BOX_KEY_FILE=var/central/keys/box.key
central: build
	mkdir -p var/central
	[ -f var/central/central.db ] || ./$(BIN)/guichet-central --db var/central/central.db demo seed
	[ -f var/central/keys/box.key ] || ./$(BIN)/guichet-central keys generate --dir var/central/keys
	$(CENTRAL_KEYS) ./$(BIN)/guichet-central --db var/central/central.db serve

# Times seeding 1,000,000 members into a fresh database under /tmp (README shows the figure).
seed-1m: build
	rm -f /tmp/guichet-1m.db /tmp/guichet-1m.db-wal /tmp/guichet-1m.db-shm
	time ./$(BIN)/guichet demo seed --db /tmp/guichet-1m.db --members 1000000
	ls -l /tmp/guichet-1m.db

# Search benchmark (docs/PERFORMANCE.md): seeds a 1,000,000-member demo database
# once at GUICHET_BENCH_DB (default /tmp/guichet-bench-1m.db; an existing one is
# reused), then times the query mix through service.Search and as bare SQL.
bench: build
	@db="$${GUICHET_BENCH_DB:-/tmp/guichet-bench-1m.db}"; \
	case "$$db" in /*) ;; *) db="$$PWD/$$db" ;; esac; \
	./$(BIN)/guichet demo seed --db "$$db" --members 1000000 --seed 1 && \
	GUICHET_BENCH_DB="$$db" $(GO) test ./service -run '^$$' -bench '^BenchmarkSearchMix$$' \
		-benchtime 1x -count 1 -timeout 30m

# The benchmarks of issue 7 (docs/PERFORMANCE.md: what each measures, its target and
# how long it takes). Each prints a Markdown table with the machine's CPU. Databases
# they seed are kept under /tmp and reused.
BENCH_TEST = $(GO) test -run '^$$' -count 1 -timeout 60m

# Recording an address change (transaction + audit + outbox): 2,000 requests on a
# 20,000-member demo database seeded in a temporary folder (GUICHET_BENCH_DB: another).
bench-record:
	$(BENCH_TEST) ./service -bench '^BenchmarkRecordAddressChange$$' -benchtime $${GUICHET_BENCH_RECORDS:-2000}x

# Pushing 10,000 queued entries (GUICHET_BENCH_ENTRIES) to a loopback centre, one
# sub-benchmark per centre storage.
bench-push:
	GUICHET_BENCH_ENTRIES=$${GUICHET_BENCH_ENTRIES:-10000} $(BENCH_TEST) ./sync/client -bench '^BenchmarkPush$$' -benchtime 1x

# Console start to a usable sign-in screen, and its memory, on the 1,000,000-member
# database of make bench (seeded once), bin/guichet in a pseudo-terminal, 20 starts.
bench-start: build
	@db="$${GUICHET_BENCH_DB:-/tmp/guichet-bench-1m.db}"; \
	case "$$db" in /*) ;; *) db="$$PWD/$$db" ;; esac; \
	./$(BIN)/guichet demo seed --db "$$db" --members 1000000 --seed 1 && \
	GUICHET_BENCH_DB="$$db" GUICHET_BENCH_BIN="$$PWD/$(BIN)/guichet" $(BENCH_TEST) ./cmd/guichet \
		-bench '^BenchmarkConsoleStart$$' -benchtime $${GUICHET_BENCH_STARTS:-20}x

# Provisioning a 1,000,000-person scope: a demo centre of 2,250,000 members seeded once
# at GUICHET_BENCH_CENTRE (its largest branch, CAS01, then holds about 1,000,000
# persons), then one provisioning of a new console from it over loopback.
bench-provision: build
	@db="$${GUICHET_BENCH_CENTRE:-/tmp/guichet-bench-centre-2m.db}"; \
	case "$$db" in /*) ;; *) db="$$PWD/$$db" ;; esac; \
	if [ ! -f "$$db" ]; then \
		rm -f "$$db.partial" "$$db.partial-wal" "$$db.partial-shm"; \
		./$(BIN)/guichet-central --db "$$db.partial" demo seed --members $${GUICHET_BENCH_MEMBERS:-2250000} || exit 1; \
		for s in -wal -shm ""; do [ ! -f "$$db.partial$$s" ] || mv "$$db.partial$$s" "$$db$$s"; done; \
	fi; \
	GUICHET_BENCH_CENTRE="$$db" $(BENCH_TEST) ./sync/client -bench '^BenchmarkProvision$$' -benchtime 1x

# Search at national size: the search mix of make bench on a database of 1,090,000
# members, about 3,100,000 persons with their beneficiaries (seeded once at
# GUICHET_BENCH_NATIONAL_DB).
bench-national: build
	@db="$${GUICHET_BENCH_NATIONAL_DB:-/tmp/guichet-bench-3m.db}"; \
	case "$$db" in /*) ;; *) db="$$PWD/$$db" ;; esac; \
	./$(BIN)/guichet demo seed --db "$$db" --members 1090000 --seed 1 && \
	GUICHET_BENCH_DB="$$db" $(BENCH_TEST) ./service -bench '^BenchmarkSearchMix$$' -benchtime 1x

# Load on the centre: 200 simulated devices, each pushing 10 entries and pulling its
# feed every second for 60 s (LOAD_FLAGS: e.g. -devices 20 -duration 5s; see
# bin/guichet-load -h).
load:
	$(GO) build -o $(BIN)/guichet-load ./cmd/guichet-load
	./$(BIN)/guichet-load $(LOAD_FLAGS)

# The suite under the race detector (slower; needs gcc).
race:
	CGO_ENABLED=1 $(GO) test -race -count=1 $(PKGS)

clean:
	rm -rf $(BIN)

# ---- dist: release artefacts (owner: packaging; see packaging/ and tools/) ----
# make dist: static binaries (CGO_ENABLED=0, -trimpath) of both programs for
# linux/amd64, linux/arm64 and windows/amd64 under dist/OS-ARCH/, their man
# pages and shell completions under dist/share/, .deb packages of the console
# and the centre for amd64 and arm64 (tools/cmd/mkdeb, nfpm), and
# dist/SHA256SUMS. Version, commit and date come from git: the last v* tag
# (0.0.0-dev before the first), the commit (-dirty with local changes) and
# its date; override with make dist VERSION=1.2.0.
DIST           := dist
DIST_PLATFORMS := linux/amd64 linux/arm64 windows/amd64
DIST_PROGRAMS  := guichet guichet-central
DIST_DEB_ARCHS := amd64 arm64
DIST_VERSION   := $(or $(VERSION),$(patsubst v%,%,$(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null)),0.0.0-dev)
DIST_COMMIT    := $(or $(COMMIT),$(shell git describe --always --abbrev=12 --dirty --exclude='*' 2>/dev/null),unknown)
DIST_DATE      := $(or $(DATE),$(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null),unknown)
DIST_STAMP     := github.com/cnops/guichet/internal/buildinfo
DIST_LDFLAGS   := -s -w -X $(DIST_STAMP).version=$(DIST_VERSION) -X $(DIST_STAMP).commit=$(DIST_COMMIT) -X $(DIST_STAMP).date=$(DIST_DATE)
DIST_HOST      := $(shell $(GO) env GOOS 2>/dev/null)-$(shell $(GO) env GOARCH 2>/dev/null)

dist: dist-clean
	@set -e; for p in $(DIST_PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; [ "$$os" != windows ] || ext=.exe; \
		for prog in $(DIST_PROGRAMS); do \
			echo "build $(DIST)/$$os-$$arch/$$prog$$ext"; \
			CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags '$(DIST_LDFLAGS)' \
				-o $(DIST)/$$os-$$arch/$$prog$$ext ./cmd/$$prog; \
		done; \
	done
	@# Man pages and completions come from the programs themselves, run on this machine.
	@set -e; host=$(DIST)/$(DIST_HOST); \
	if [ ! -x "$$host/guichet" ]; then \
		host=$(DIST)/.host; \
		for prog in $(DIST_PROGRAMS); do \
			CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(DIST_LDFLAGS)' -o $$host/$$prog ./cmd/$$prog; \
		done; \
	fi; \
	for prog in $(DIST_PROGRAMS); do \
		$$host/$$prog man --dir $(DIST)/share/man/$$prog; \
		gzip -9n $(DIST)/share/man/$$prog/*.1; \
		mkdir -p $(DIST)/share/completion; \
		for sh in bash zsh fish; do $$host/$$prog completion $$sh > $(DIST)/share/completion/$$prog.$$sh; done; \
	done; \
	rm -rf $(DIST)/.host
	$(GO) -C tools build -o $(CURDIR)/$(DIST)/.mkdeb ./cmd/mkdeb
	@set -e; for prog in $(DIST_PROGRAMS); do for arch in $(DIST_DEB_ARCHS); do \
		$(DIST)/.mkdeb -config packaging/$$prog.yaml -arch $$arch -version $(DIST_VERSION) \
			-date $(DIST_DATE) -dist $(DIST) -root . -out $(DIST); \
	done; done; rm -f $(DIST)/.mkdeb
	cd $(DIST) && sha256sum *-*/* *.deb > SHA256SUMS
	@echo "dist: $(DIST_VERSION) (commit $(DIST_COMMIT), $(DIST_DATE)); see $(DIST)/SHA256SUMS"

dist-clean:
	rm -rf $(DIST)

# Reliability harnesses at length (docs: internal/chaos and internal/netfault package docs;
# make test runs their short modes): 1,000 SIGKILLs, then 1,000 network faults.
chaos:
	GUICHET_CHAOS_KILLS=$${GUICHET_CHAOS_KILLS:-1000} $(GO) test -count=1 -timeout 3h -run '^TestCrashHarness$$' -v ./internal/chaos/
	GUICHET_NETFAULT_FAULTS=$${GUICHET_NETFAULT_FAULTS:-1000} $(GO) test -count=1 -timeout 60m -run '^TestSoak$$' -v ./internal/netfault/

# Every fuzz target, sharing FUZZTIME_TOTAL (default 10m); a crasher is written under the
# package's testdata/fuzz and becomes a regression test once committed.
fuzz:
	scripts/fuzz.sh
