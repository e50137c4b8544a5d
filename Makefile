# feedsift: the README's commands are these targets.
#   make run     the main job: the daemon on the repository's feeds.conf
#   make test    every test (installs the Debian packages it needs first)

SWIFT      ?= swift
DEBS       := libcurl4-openssl-dev libxml2-dev libsqlite3-dev zlib1g-dev libpcre2-dev pkg-config jing systemd
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE    := .build/release/feedsift
# Release builds link the Swift runtime and Foundation in (one flag for every release product, or
# each build would undo the other's): the installed service does not depend on the toolchain's
# folder, and a command starts in about 24 ms instead of 37 (fewer libraries to load and bind).
RELEASE_BUILD := $(SWIFT) build -c release --static-swift-stdlib

.PHONY: deps build release run test bench-parse fuzz clean eval-classify seed-curve bench-classify bench-fetch install check-unit demo conformance

## Install the Debian packages the build links against, when missing.
deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(RELEASE_BUILD) --product feedsift

## The main job: the daemon, in the foreground, on the repository's feeds.conf (Ctrl-C stops it).
run: release
	$(RELEASE) run --config feeds.conf

## The offline demo: real feed snapshots served on 127.0.0.1, the daemon on them, its picks (no network).
demo: deps
	$(RELEASE_BUILD) --product feedsift
	$(RELEASE_BUILD) --product feedsift-demo-server
	scripts/demo.sh

## Every test: unit and golden tests, then the whole-corpus check when ../shared/corpus exists.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Benchmarks (not tests): see bench/README.md.
bench-parse: release
	bench/parse.sh

## Polling speed and memory beside newsboat (a benchmark, not a test): see bench/README.md.
bench-fetch: release
	bench/fetch.sh

## Fuzz the parser with libFuzzer (FUZZ_SECONDS=600 by default); see fuzz/README.md.
fuzz:
	fuzz/run.sh

clean:
	rm -rf .build

## Classification quality of the shipped topic on ../shared/labelled (a measurement, not a test).
eval-classify: release
	scripts/eval_classify.py

## The parser against feedparser's own test suite (a measurement, not a test; downloads it from PyPI once).
conformance: release
	scripts/conformance.py

## Whether seeds teach: AP and best F1 with 10, 100, 500 seeds (needs ../shared/labelled).
seed-curve: release
	scripts/seed_curve.py

## Classification speed beside grep (a benchmark, not a test): see bench/README.md.
bench-classify: release
	bench/classify.sh

## Install the service: the binary, the systemd unit, a starting /etc/feedsift/feeds.conf and the
## seeds under the state folder. An existing feeds.conf or seeds folder is kept as it is. It installs
## what `make release` built and builds nothing: run as root (sudo), the toolchain is not on root's
## PATH, and a build would leave root's files in .build.
install:
	@[ -x .build/release/feedsift ] || { echo "install: no .build/release/feedsift: run 'make release' first (as yourself, not root)" >&2; exit 1; }
	install -d $(DESTDIR)/usr/local/bin $(DESTDIR)/etc/systemd/system $(DESTDIR)/etc/feedsift
	install -m 755 .build/release/feedsift $(DESTDIR)/usr/local/bin/feedsift
	install -m 644 systemd/feedsift.service $(DESTDIR)/etc/systemd/system/feedsift.service
	[ -e $(DESTDIR)/etc/feedsift/feeds.conf ] || install -m 644 systemd/feeds.conf $(DESTDIR)/etc/feedsift/feeds.conf
	[ -e $(DESTDIR)/var/lib/feedsift/seeds ] || { install -d $(DESTDIR)/var/lib/feedsift && cp -R seeds $(DESTDIR)/var/lib/feedsift/seeds \
	  && rm -rf $(DESTDIR)/var/lib/feedsift/seeds/*/matches; }

## The unit: `systemd-analyze verify` silent, `systemd-analyze security` exposure 2.0 or lower.
check-unit:
	scripts/check_unit.sh
