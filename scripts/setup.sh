#!/usr/bin/env bash
# Installs what building and testing certpack needs, and only what is missing:
# Debian packages (WebKitGTK, Xvfb, the WebDriver), tauri-driver, and the UI's
# node_modules. Safe to run again: a second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

# libwebkit2gtk-4.1-dev: compile and run the desktop app (pulls GTK 3, libsoup 3).
# xvfb, xauth: a virtual display for the WebDriver tests (xvfb-run needs xauth, which
# xvfb only recommends). webkit2gtk-driver: WebKitWebDriver.
# libdbus-1-dev: the keyring crate's Secret Service backend (also pulled in by WebKitGTK).
# imagemagick: scripts/icons.sh and screenshots. xdotool: drive native dialogs.
packages=(pkg-config libwebkit2gtk-4.1-dev libdbus-1-dev xvfb xauth webkit2gtk-driver imagemagick xdotool)

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done
if ((${#missing[@]})); then
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo=(sudo)
    fi
    say "installing Debian packages: ${missing[*]}"
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
else
    say "Debian packages present"
fi

if ! command -v tauri-driver >/dev/null && [[ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]]; then
    say "installing tauri-driver"
    cargo install tauri-driver --locked
else
    say "tauri-driver present"
fi

if ! command -v npm >/dev/null; then
    echo "error: npm is not installed; install Node.js 20.19 or newer" >&2
    exit 1
fi
# npm writes node_modules/.package-lock.json on every install: older than
# package-lock.json means the lock file changed since.
if [[ ! -f ui/node_modules/.package-lock.json || ui/package-lock.json -nt ui/node_modules/.package-lock.json ]]; then
    say "installing UI dependencies (npm ci)"
    (cd ui && npm ci --no-audit --no-fund)
else
    say "UI dependencies up to date"
fi
