#!/usr/bin/env python3
"""Time smartnoise-synth's DPCTGAN at a fixed noise multiplier, for the issue-13 comparison with
`profilegan fit --noise-multiplier S`. peer-times.sh only calibrates to an ε, and DPCTGAN stops as
soon as its accountant reaches that ε; here ε is set so large that it never stops early, so both
tools run every planned step at the same σ. Run with the peers' virtual environment:

    ~/.cache/profilegan-peers/bin/python scripts/dpctgan_fixed_sigma.py DATA.csv SCHEMA.json --epochs 30 --sigma 1

The table is given to DPCTGAN exactly as ../shared/bench/peer_times.py does (public bounds and
categories from the schema, no preprocessing ε). Prints one JSON object.
"""
import argparse, json, time

ap = argparse.ArgumentParser()
ap.add_argument("data"); ap.add_argument("schema")
ap.add_argument("--epochs", type=int, default=30)
ap.add_argument("--batch-size", type=int, default=500)
ap.add_argument("--sigma", type=float, default=1.0)
ap.add_argument("--threads", type=int, default=1)
a = ap.parse_args()

import pandas as pd, torch
torch.set_num_threads(a.threads)
from snsynth import Synthesizer
from snsynth.transform import TableTransformer, MinMaxTransformer, LabelTransformer, OneHotEncoder, ChainTransformer

cols = [c for c in json.load(open(a.schema))["columns"] if c["type"] != "id"]
df = pd.read_csv(a.data, dtype=str, keep_default_na=False)[[c["name"] for c in cols]]
transformers = []
for c in cols:
    if c["type"] == "continuous":
        df[c["name"]] = pd.to_numeric(df[c["name"]], errors="coerce")
        transformers.append(MinMaxTransformer(lower=c["min"], upper=c["max"], negative=True))
    else:
        transformers.append(ChainTransformer([LabelTransformer(), OneHotEncoder()]))
df = df.dropna()
s = Synthesizer.create("dpctgan", epsilon=1e9, sigma=a.sigma, batch_size=a.batch_size,
                       epochs=a.epochs, verbose=False)
t = time.perf_counter()
s.fit(df, transformer=TableTransformer(transformers), preprocessor_eps=0.0)
print(json.dumps({"rows_train": len(df), "epochs": a.epochs, "sigma": a.sigma, "threads": a.threads,
                  "dpctgan_fit_seconds": round(time.perf_counter() - t, 3)}))
