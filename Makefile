# Tachawor: the two commands are `make run` and `make test`.
# Everything else here is what they need, installed when missing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
BIN := .build/tachawor
AXE_VERSION := 4.14.1
AXE := .cache/npm/node_modules/axe-core/axe.min.js
FUZZTIME ?= 3s

.PHONY: run test build generate check-generate postgres chromium axe vet fuzz bench clean

## run: build the portal and serve it with demo content on a private PostgreSQL (or DATABASE_URL)
run: build
	@[ -n "$${DATABASE_URL:-}" ] || $(MAKE) --no-print-directory postgres
	$(BIN) serve --seed

## test: every test (unit, database, pages in headless Chromium), plus a short fuzzing run
test: postgres chromium axe check-generate vet
	$(GO) test -count=1 -timeout 30m ./...
	$(MAKE) --no-print-directory fuzz

build:
	$(GO) build -o $(BIN) ./cmd/tachawor

## generate: regenerate the templ Go code (committed)
generate:
	$(GO) tool templ generate -path web

# Fails when a *_templ.go file is not what its .templ generates.
check-generate:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; cp -r web "$$tmp/"; \
	$(GO) tool templ generate -path "$$tmp/web" >/dev/null 2>&1; \
	if ! diff -r -q web "$$tmp/web" >/dev/null; then \
		diff -r -q web "$$tmp/web" || true; \
		echo "generated templ code is out of date: run 'make generate' and commit"; exit 1; \
	fi

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null | grep -v '_templ.go$$' || find . -name '*.go' -not -name '*_templ.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...

## fuzz: run each fuzz target for FUZZTIME (default 3s; e.g. make fuzz FUZZTIME=5m)
fuzz:
	@specs=$$($(GO) test -list '^Fuzz' ./... | awk '/^Fuzz/ {names = names " " $$1} /^ok/ {n = split(names, a, " "); for (i = 1; i <= n; i++) print $$2 "@" a[i]; names = ""}'); \
	[ -n "$$specs" ] || { echo "no fuzz targets found"; exit 1; }; \
	for spec in $$specs; do \
		pkg=$${spec%@*}; fn=$${spec#*@}; \
		echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) "$$pkg" 2>&1 | grep -E '^(fuzz: elapsed|ok|FAIL|---)' | tail -n 2; \
		[ $${PIPESTATUS[0]} -eq 0 ] || exit 1; \
	done

## bench: seed a national-scale dataset on a private PostgreSQL and load every page with wrk (about 5 minutes; not part of make test)
bench: build postgres
	$(GO) build -o .build/bench ./cmd/bench
	.build/bench -portal $(BIN)

# PostgreSQL server binaries and the RUM extension search ranks with
# (Debian's postgresql-NN-rum, for the installed major version NN):
# installed from Debian's packages when missing and possible, otherwise one
# line saying what to install.
postgres:
	@bin=$$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1); \
	if [ -z "$$bin" ] && command -v initdb >/dev/null 2>&1; then bin=$$(dirname "$$(command -v initdb)"); fi; \
	if [ -n "$$bin" ]; then \
		share=$$("$$bin/pg_config" --sharedir 2>/dev/null || echo /usr/share/postgresql/$$(basename "$$(dirname "$$bin")")); \
		[ -f "$$share/extension/rum.control" ] && exit 0; \
	fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		major=$${bin:+$$(basename "$$(dirname "$$bin")")}; \
		if [ -z "$$major" ]; then \
			echo "installing PostgreSQL server binaries (apt-get install postgresql)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
			major=$$(basename "$$(dirname "$$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)")"); \
		else apt-get update -qq; fi; \
		echo "installing the RUM extension (apt-get install postgresql-$$major-rum)"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "postgresql-$$major-rum" >/dev/null; \
	else \
		echo "PostgreSQL server binaries with the RUM extension not found: install them (Debian: sudo apt-get install postgresql postgresql-15-rum)"; exit 1; \
	fi

# Headless Chromium for the page tests, from Debian's packages.
chromium:
	@if [ -n "$${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Chromium for the browser tests (apt-get install chromium fonts-noto-core)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null; \
	else \
		echo "Chromium not found: install it for the browser tests (Debian: sudo apt-get install chromium fonts-noto-core)"; exit 1; \
	fi

# axe-core, pinned, for the accessibility checks of the page tests.
axe: $(AXE)
$(AXE):
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: install Node.js and npm (Debian: sudo apt-get install npm) to fetch axe-core"; exit 1; }
	npm install --silent --no-save --no-audit --no-fund --prefix .cache/npm axe-core@$(AXE_VERSION)

clean:
	rm -rf .build .cache

## chaos: stop and restart PostgreSQL, then SIGTERM the portal, under load on loopback; prints its figures (about 1 minute; not part of make test)
.PHONY: chaos
chaos: build postgres
	$(GO) build -o .build/chaos ./cmd/chaos
	.build/chaos -portal $(BIN)
