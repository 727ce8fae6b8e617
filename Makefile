# Guichet: `make demo` runs the console on a seeded local database,
# `make test` runs every test. See README.md.

GO      ?= go
BIN     := bin
PKGS    := ./...
export PATH := $(PATH):/usr/local/go/bin

.PHONY: all build test vet fmt-check demo central seed-1m bench race clean

all: build

build:
	$(GO) build -o $(BIN)/guichet ./cmd/guichet
	$(GO) build -o $(BIN)/guichet-central ./cmd/guichet-central

# The suite CI runs (.ci/run): formatting, vet, then all tests.
test: fmt-check vet
	$(GO) test -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

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

# The suite under the race detector (slower; needs gcc).
race:
	CGO_ENABLED=1 $(GO) test -race -count=1 $(PKGS)

clean:
	rm -rf $(BIN)
