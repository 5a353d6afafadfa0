#!/usr/bin/env bash
# DP quality as docs/PRIVACY.md measures it: SLID and bfi at ε = 1 and 3, three fit seeds each,
# one generated table of the training size (generation seed 1), δ = 1e-5, defaults otherwise.
# Usage: scripts/measure_dp_quality.sh [profilegan binary] [work folder]
set -euo pipefail
pg=${1:-.build/release/profilegan}
work=${2:-$(mktemp -d)}
for table in SLID bfi; do
  data=Tests/Fixtures/data/$table
  rows=$(( $(wc -l < "$data/train.csv") - 1 ))
  for epsilon in 1 3; do
    scores=()
    for seed in 1 2 3; do
      model=$work/$table-$epsilon-$seed.pgan
      "$pg" fit "$data/train.csv" --schema "$data/schema.json" -o "$model" --epsilon "$epsilon" --delta 1e-5 \
        --seed "$seed" --ledger "$work/ledger-$table-$epsilon-$seed.sqlite" --quiet
      "$pg" generate "$model" --rows "$rows" --seed 1 -o "$work/syn.csv" --quiet
      score=$("$pg" evaluate --real "$data/train.csv" --synthetic "$work/syn.csv" --schema "$data/schema.json" --json \
        | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["quality"]["overall"], 3))')
      scores+=("$score")
    done
    echo "$table ε=$epsilon: ${scores[*]}"
  done
done
