# 走流程纪实 (walklog): the two commands are `make run` and `make test`.
# Everything else here is what those two need. Works from a fresh clone on Debian 12:
# missing system packages, npm packages and tauri-driver are installed on first use.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help deps deps-apt deps-npm deps-driver ui build run test test-rust test-ui test-e2e test-supply-chain deps-deny advisories-refresh release-test bench bench-anchors deps-anchors fuzz screenshots release bindings check-bindings

CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Build: WebKitGTK and friends. Run/test headless: Xvfb, WebKitWebDriver, a CJK font (without
# one the webview draws Chinese as nothing). PDFs are checked with poppler-utils and qpdf (their
# QR code with zbar-tools), the Excel ledger with python3-openpyxl. Sync tests start their own
# throwaway PostgreSQL servers (tests/support/pg-test-server.sh): postgresql.
APT_PKGS := libwebkit2gtk-4.1-dev pkg-config build-essential xvfb xauth webkit2gtk-driver \
            fonts-noto-cjk poppler-utils qpdf imagemagick python3-openpyxl zbar-tools postgresql
TAURI_DRIVER_VERSION := 2.1.0
CARGO_DENY_VERSION := 0.20.2
# Respect a CARGO_TARGET_DIR the user has set; the default is the workspace's target/.
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
APP_BIN := $(TARGET_DIR)/debug/walklog-app
CLI_BIN := $(TARGET_DIR)/debug/walklog
E2E_ENV := WALKLOG_APP="$(abspath $(APP_BIN))" WALKLOG_CLI="$(abspath $(CLI_BIN))"

help:
	@echo "make run    安装缺少的依赖、构建并打开走流程纪实（默认数据库位于系统数据目录）"
	@echo "make test   安装缺少的依赖并运行全部测试（Rust、界面逻辑、端到端）"
	@echo "make bench  运行基准测试"
	@echo "make fuzz   对各类导入文件做模糊测试（每类 FUZZ_SECS 秒，默认 60）"

# ---- dependencies (idempotent) ----------------------------------------------------------------
deps: deps-apt deps-npm deps-driver

deps-apt:
	@missing=""; \
	for p in $(APT_PKGS); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "安装缺少的系统软件包:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

# npm ci only when node_modules is missing or older than the lock file.
deps-npm: ui/node_modules/.package-lock.json tests/e2e/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json tests/e2e/package.json
	cd tests/e2e && npm ci --no-audit --no-fund
	@touch $@

deps-driver:
	@if ! command -v tauri-driver >/dev/null && [ ! -x "$$HOME/.cargo/bin/tauri-driver" ]; then \
	  $(CARGO) install tauri-driver --version $(TAURI_DRIVER_VERSION) --locked; \
	fi

deps-deny:
	@if ! command -v cargo-deny >/dev/null && [ ! -x "$$HOME/.cargo/bin/cargo-deny" ]; then \
	  $(CARGO) install cargo-deny --version $(CARGO_DENY_VERSION) --locked; \
	fi

# ---- build ---------------------------------------------------------------------------------
# One debug profile for running and testing, so `make run` after `make test` compiles nothing.
ui: deps-npm
	cd ui && npx vite build --logLevel warn

build: deps ui
	$(CARGO) build --workspace

run: build
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  "$(APP_BIN)"; \
	else \
	  echo "没有图形显示（DISPLAY 未设置），在 Xvfb 虚拟显示中运行"; \
	  xvfb-run -a "$(APP_BIN)"; \
	fi

release: deps ui
	# The Tauri CLI is fetched on demand: only bundling needs it, and tests stay lighter.
	npx --yes @tauri-apps/cli@2.12.5 build --bundles deb,rpm

# The .deb installed into a clean Debian 12 root (debootstrap), started there under Xvfb, its
# 工作台 screenshotted (tests/release/install-test.sh). Not part of `make test`: it needs the
# release build (~12 min on 2 cores) and downloads the app's dependencies (~200 MB) into the root.
release-test: release build
	@for p in debootstrap xvfb imagemagick x11-utils bc; do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; fi
	$(SUDO) bash tests/release/install-test.sh

# ---- tests ---------------------------------------------------------------------------------
test: build test-rust test-ui test-supply-chain test-e2e

# The benchmarks are built too (in the test profile, not run), so a change cannot leave
# `make bench` broken.
test-rust: build
	$(CARGO) build --workspace --benches
	$(CARGO) test --workspace

# cargo deny (advisories against the vendored RustSec snapshot, licences, duplicates, sources)
# and the UI's production npm packages; docs/supply-chain.md.
test-supply-chain: deps-deny deps-npm
	bash supply-chain/check.sh

# Replaces the vendored RustSec snapshot with today's database (needs to reach GitHub).
advisories-refresh:
	bash supply-chain/refresh.sh

test-ui: deps-npm check-bindings
	cd ui && npm run --silent check && npx vitest run

# The UI's TypeScript types, generated from the Rust types (src-tauri/src/bindings.rs).
bindings:
	@test -d ui/dist || $(MAKE) ui
	$(CARGO) test -p walklog-app --features ts --test bindings

# Regenerates the bindings in place and fails when the committed ones differ (or new ones appear).
check-bindings: bindings
	@git diff --exit-code --stat -- ui/src/lib/bindings && \
	  test -z "$$(git status --porcelain --untracked-files=all -- ui/src/lib/bindings)" || \
	  { echo "ui/src/lib/bindings 与 Rust 类型不一致：请运行 make bindings 并提交"; exit 1; }

test-e2e: build
	$(E2E_ENV) bash tests/e2e/run.sh

# Screens with demo data into docs/screenshots (for the README).
screenshots: build
	$(E2E_ENV) WALKLOG_SCREENSHOTS_DIR=docs/screenshots bash tests/e2e/run.sh

# Fuzzed inputs (tests/fuzz): `make test` replays the corpus and tries 48 mutations per target;
# this runs each target for FUZZ_SECS seconds. A finding is saved in target/fuzz-findings/.
FUZZ_SECS ?= 60
fuzz: deps-apt
	WALKLOG_FUZZ_SECS=$(FUZZ_SECS) $(CARGO) test --test fuzz -- --nocapture --test-threads 1

# The peers of the ledger export: Debian's Chromium and PyPI's typst 0.15 in a venv of our own.
ANCHORS_VENV := $(TARGET_DIR)/anchors/venv
deps-anchors:
	@dpkg-query -W -f='$${Status}' chromium 2>/dev/null | grep -q 'install ok installed' || \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
	@test -x $(ANCHORS_VENV)/bin/python && $(ANCHORS_VENV)/bin/python -c 'import typst' 2>/dev/null || \
	  { python3 -m venv $(ANCHORS_VENV) && $(ANCHORS_VENV)/bin/pip install -q typst==0.15.0; }

# The 整改台账 of 2,000 rows through walklog, typst and Chromium, side by side (benches/anchors.rs).
bench-anchors: build deps-anchors
	WALKLOG_ANCHORS_TYPST=$(ANCHORS_VENV)/bin/python $(CARGO) bench --bench anchors

# Core budgets (cargo bench, the three-tool ledger comparison among them) and the app's budgets
# in the real window (tests/e2e/bench), measured on the release build a user installs.
RELEASE_ENV := WALKLOG_APP="$(abspath $(TARGET_DIR))/release/walklog-app" WALKLOG_CLI="$(abspath $(TARGET_DIR))/release/walklog"
bench: build deps-anchors
	WALKLOG_ANCHORS_TYPST=$(abspath $(ANCHORS_VENV))/bin/python $(CARGO) bench --workspace
	$(CARGO) build --release -p walklog -p walklog-app
	$(RELEASE_ENV) bash tests/e2e/bench/run.sh
