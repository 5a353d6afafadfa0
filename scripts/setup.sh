#!/usr/bin/env bash
# Installs the system libraries ProfileGAN builds against (Debian/Ubuntu), if they are missing.
# SwiftPM's `providers:` only print hints, so this script is what actually installs them.
set -euo pipefail

packages=(libcsv-dev libopenblas-dev libsqlite3-dev)
# Extra packages a caller needs (e.g. the test suite asks for chromium to render the HTML report).
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: Swift 6.1 or later is required (https://swift.org/install)" >&2; exit 1; }
