#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs system packages, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh chromium  # chromium renders the HTML report in EvaluationTests
swift build --build-tests
swift test --skip-build "$@"
