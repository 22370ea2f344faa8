# certpack: build, run and test everything. `make help` lists the targets.
#
# The desktop app embeds ui/dist at compile time, so the UI is always built before
# the app, and the app is built with the custom-protocol feature (what `tauri build`
# does), which serves the embedded files instead of a dev server.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

APP := certpack-desktop
UI_SOURCES := $(shell find ui/src -type f) ui/index.html ui/package-lock.json ui/vite.config.ts ui/svelte.config.js
XVFB := xvfb-run -a -s '-screen 0 1280x800x24'
step = @printf '\n==> %s\n' "$(1)"

.PHONY: help setup ui app run test

help:
	@echo 'make setup  install missing system packages, tauri-driver and UI dependencies'
	@echo 'make ui     build the UI into ui/dist'
	@echo 'make app    build the desktop app (debug) with the UI embedded'
	@echo 'make run    build and start the desktop app (needs a display)'
	@echo 'make test   formatting, lints, all tests, UI checks and the WebDriver journeys'

setup:
	$(call step,setup)
	scripts/setup.sh

# Rebuilt only when a UI source changed: a fresh ui/dist makes cargo re-embed it.
ui: ui/dist/index.html
ui/dist/index.html: $(UI_SOURCES)
	$(call step,build the UI)
	cd ui && npm run build

app: ui
	$(call step,build the desktop app)
	cargo build -p $(APP) --features custom-protocol

run:
	@if [[ -z "$${DISPLAY:-}" && -z "$${WAYLAND_DISPLAY:-}" ]]; then \
		echo 'make run: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop app cannot open a window.'; \
		echo 'Run it from a desktop session, or under a virtual display: xvfb-run -a make run'; \
		echo 'Or use the command line instead: cargo run -p certpack-cli -- --help'; \
		exit 1; \
	fi
	$(MAKE) --no-print-directory setup ui
	$(call step,start the desktop app)
	cargo run -p $(APP) --features custom-protocol

test: setup
	$(call step,format)
	cargo fmt --all -- --check
	$(MAKE) --no-print-directory ui
	$(call step,lint)
	cargo clippy --workspace --all-targets --features $(APP)/test -- -D warnings
	$(call step,Rust tests (the shell with its mock-runtime IPC tests))
	cargo test --workspace --exclude certpack-e2e --features $(APP)/test
	$(call step,UI type check and tests)
	cd ui && npm run check && npm test
	$(call step,build the desktop app)
	cargo build -p $(APP) --features custom-protocol
	cargo build -p certpack-cli
	$(call step,WebDriver journeys)
	$(XVFB) cargo test -p certpack-e2e -- --test-threads=1
