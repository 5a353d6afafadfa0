#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs system packages (chromium renders the HTML
# report in a test), builds, tests.
#
# The suite is built optimized (with -enable-testing for @testable imports): the GAN tests train
# real networks, which run 10–20× slower unoptimized; an optimized build costs a few minutes more
# to compile and the tests then take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh chromium
swift build -c release --build-tests -Xswiftc -enable-testing
swift test -c release --skip-build -Xswiftc -enable-testing "$@"
