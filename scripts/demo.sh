#!/usr/bin/env bash
# The main job on the bundled sample, from a fresh machine: installs what is needed, builds, then
# validate → fit → generate → evaluate, and a differentially private fit with its audit; then the
# same on the export sample (identifiers, timestamps, a city column with thousands of values).
# Outputs go to out/ (override with OUT=dir). Takes a few minutes, most of it the first build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product profilegan
pg=.build/release/profilegan
out=${OUT:-out}
mkdir -p "$out"
rm -f "$out/ledger.sqlite"  # a fresh budget ledger per demo run (a real ledger is kept, of course)
epochs=${EPOCHS:-30}

echo "== validate the sample against its schema"
$pg validate samples/profiles.csv --schema schemas/profiles.json

echo "== fit a GAN ($epochs epochs; 300 is the CTGAN default for full quality)"
$pg fit samples/profiles.csv --schema schemas/profiles.json -o "$out/profiles.pgan" --epochs "$epochs" --seed 1

echo "== generate 5,000 synthetic profiles"
$pg generate "$out/profiles.pgan" --rows 5000 --seed 1 -o "$out/synthetic.csv"

echo "== evaluate them against the real sample"
$pg evaluate --real samples/profiles.csv --synthetic "$out/synthetic.csv" --schema schemas/profiles.json \
    --report "$out/report.html"

echo "== fit with differential privacy (ε = 1) and audit it"
$pg fit samples/profiles.csv --schema schemas/profiles.json -o "$out/profiles-dp.pgan" --epochs "$epochs" \
    --epsilon 1 --ledger "$out/ledger.sqlite" --budget 3
$pg audit "$out/profiles-dp.pgan"
$pg audit --ledger "$out/ledger.sqlite"

echo "== the export sample: pii, datetimes, 5,000 cities (validate → fit → generate → evaluate)"
$pg validate samples/export.csv --schema schemas/export.json
$pg fit samples/export.csv --schema schemas/export.json -o "$out/export.pgan" --epochs "$epochs" --seed 1
$pg generate "$out/export.pgan" --rows 20000 --seed 1 -o "$out/export-synthetic.csv"
$pg evaluate --real samples/export.csv --synthetic "$out/export-synthetic.csv" --schema schemas/export.json \
    --report "$out/export-report.html"

echo
echo "model:          $out/profiles.pgan"
echo "synthetic data: $out/synthetic.csv"
echo "report:         $out/report.html"
echo "DP model:       $out/profiles-dp.pgan (ledger $out/ledger.sqlite)"
echo "export sample:  $out/export.pgan, $out/export-synthetic.csv, $out/export-report.html"
