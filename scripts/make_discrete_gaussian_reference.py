#!/usr/bin/env python3
"""Reference ε of discrete Gaussian releases (alone and composed with DP-SGD) from Google's
dp_accounting, for Tests/PrivacyTests/DiscreteGaussianTests.swift.

    python3 -m venv /tmp/dpacc && /tmp/dpacc/bin/pip install dp-accounting
    /tmp/dpacc/bin/python scripts/make_discrete_gaussian_reference.py > Tests/Fixtures/reference/discrete_gaussian_pld.json

Each row: "discrete": [[sigma, count], ...] (count vectors, sensitivity 1, N_Z(0, sigma^2)),
"poisson": [[q, sigma, steps], ...] (Poisson-subsampled Gaussian), delta, and epsilon from
dp_accounting's PLD with connect-the-dots discretization at interval 1e-4 (both adjacency
directions, as its PLD accountant does).
"""
import json
import sys

import dp_accounting
from dp_accounting.pld import privacy_loss_distribution as pld

INTERVAL = 1e-4

SETTINGS = [
    # (discrete releases, poisson runs, delta)
    ([(1.0, 1)], [], 1e-5),
    ([(3.0, 1)], [], 1e-5),
    ([(7.0, 1)], [], 1e-7),
    ([(25.0, 1)], [], 1e-5),
    ([(60.0, 1)], [], 1e-6),
    ([(3.0, 10)], [], 1e-5),
    ([(7.0, 10)], [], 1e-5),
    ([(20.0, 100)], [], 1e-5),
    ([(1.5, 4)], [], 1e-3),
    ([(25.0, 1), (6.66, 10)], [(0.1005, 1.17, 18)], 2.01e-5),
    ([(25.0, 1), (30.0, 15)], [(0.156, 1.0, 180)], 1e-5),
    ([(25.0, 1), (120.0, 406)], [(0.18, 0.9, 90)], 1e-5),
]


def composed(discrete, poisson):
    result = None
    for sigma, count in discrete:
        d = pld.from_discrete_gaussian_mechanism(
            sigma, sensitivity=1, value_discretization_interval=INTERVAL, use_connect_dots=True)
        d = d.self_compose(count) if count > 1 else d
        result = d if result is None else result.compose(d)
    for q, sigma, steps in poisson:
        g = pld.from_gaussian_mechanism(
            sigma, sensitivity=1, sampling_prob=q, value_discretization_interval=INTERVAL,
            use_connect_dots=True).self_compose(steps)
        result = g if result is None else result.compose(g)
    return result


rows = []
for discrete, poisson, delta in SETTINGS:
    epsilon = composed(discrete, poisson).get_epsilon_for_delta(delta)
    rows.append({"discrete": [list(d) for d in discrete], "poisson": [list(p) for p in poisson],
                 "delta": delta, "epsilon": epsilon})
    print(f"{discrete} {poisson} δ={delta}: ε={epsilon}", file=sys.stderr)
from importlib.metadata import version
json.dump({"source": "dp_accounting " + version("dp-accounting")
           + ", PLD connect-the-dots, interval 1e-4", "rows": rows}, sys.stdout, indent=1)
print()
