#!/usr/bin/env python3
"""Generate samples/profiles.csv: 5,000 synthetic user profiles with planted structure.

Deterministic (fixed seed, Python 3 standard library only): running it again reproduces the file
byte for byte. samples/README.md documents every planted dependency with its exact probability, so
tests can check that a model learned them. Run from the repository root:

    python3 scripts/make_sample.py            # writes samples/profiles.csv, prints the check table
    python3 scripts/make_sample.py --check    # only prints the observed proportions

No real person is described: every value is drawn from the distributions below.
"""
import random
import sys

from sample_tools import draw_age as draw_mixture_age, pick, proportion, write as write_rows

SEED = 20261129
ROWS = 5000
OUTPUT = "samples/profiles.csv"

GENDERS = [("female", 0.48), ("male", 0.46), ("nonbinary", 0.04)]   # the remaining 0.02: missing
GENDER_MISSING = 0.02
# Imbalanced, with rare categories (IS and NZ have well under 1% each).
COUNTRIES = [("US", 0.40), ("IN", 0.18), ("GB", 0.12), ("DE", 0.09), ("BR", 0.08), ("FR", 0.06),
             ("JP", 0.04), ("NG", 0.015), ("NZ", 0.011), ("IS", 0.004)]
COUNTRY_MISSING = 0.03
RICH = {"US", "GB", "DE", "JP"}
# Age: a mixture of three modes, right-skewed overall, integer, clipped to 13..95.
AGE_MODES = [(0.45, 22.0, 3.5), (0.35, 38.0, 6.0), (0.20, 62.0, 8.0)]
LABELS = ["music", "sports", "travel", "gaming", "cooking", "reading"]
INTERESTS_MISSING = 0.01


def draw_age(rng):
    return draw_mixture_age(rng, AGE_MODES, 13, 95)


def write(rows, path):
    write_rows(rows, path, ["user_id", "age", "gender", "country", "interests", "premium"])


def interest_probabilities(age, gender):
    """P(label | age, gender): the planted dependencies (see samples/README.md)."""
    return {
        "music": 0.70 if age < 30 else 0.35,
        "sports": 0.60 if (gender == "male" and age < 30) else 0.20,
        "travel": 0.50 if age >= 45 else 0.20,
        "gaming": 0.55 if age < 25 else (0.25 if age < 45 else 0.05),
        "cooking": 0.45 if gender == "female" else 0.25,
        "reading": 0.50 if age >= 60 else 0.25,
    }


def premium_probability(age, country):
    """P(premium | age, country): 0.08 base, +0.20 from age 35, +0.10 in US/GB/DE/JP."""
    return 0.08 + (0.20 if age >= 35 else 0.0) + (0.10 if country in RICH else 0.0)


def generate():
    rng = random.Random(SEED)
    rows = []
    for index in range(1, ROWS + 1):
        age = draw_age(rng)
        gender = None if rng.random() < GENDER_MISSING else pick(rng, [(g, p / (1 - GENDER_MISSING)) for g, p in GENDERS])
        country = None if rng.random() < COUNTRY_MISSING else pick(rng, COUNTRIES)
        probabilities = interest_probabilities(age, gender)
        interests = [label for label in LABELS if rng.random() < probabilities[label]]
        if rng.random() < INTERESTS_MISSING:
            interests = None
        premium = rng.random() < premium_probability(age, country)
        rows.append({"user_id": f"u{index:05d}", "age": age, "gender": gender, "country": country,
                     "interests": interests, "premium": premium})
    return rows


def report(rows):
    def has(label):
        return lambda r: r["interests"] is not None and label in r["interests"]
    known = [r for r in rows if r["interests"] is not None]
    checks = [
        ("P(sports | male, age<30)", lambda r: r["gender"] == "male" and r["age"] < 30, has("sports"), known),
        ("P(sports | not (male, age<30))", lambda r: not (r["gender"] == "male" and r["age"] < 30), has("sports"), known),
        ("P(music | age<30)", lambda r: r["age"] < 30, has("music"), known),
        ("P(music | age>=30)", lambda r: r["age"] >= 30, has("music"), known),
        ("P(gaming | age<25)", lambda r: r["age"] < 25, has("gaming"), known),
        ("P(gaming | age>=45)", lambda r: r["age"] >= 45, has("gaming"), known),
        ("P(travel | age>=45)", lambda r: r["age"] >= 45, has("travel"), known),
        ("P(cooking | female)", lambda r: r["gender"] == "female", has("cooking"), known),
        ("P(cooking | male)", lambda r: r["gender"] == "male", has("cooking"), known),
        ("P(reading | age>=60)", lambda r: r["age"] >= 60, has("reading"), known),
        ("P(premium | age>=35, US/GB/DE/JP)", lambda r: r["age"] >= 35 and r["country"] in RICH, lambda r: r["premium"], rows),
        ("P(premium | age<35, other or missing)", lambda r: r["age"] < 35 and r["country"] not in RICH, lambda r: r["premium"], rows),
        ("P(age<30)", lambda r: True, lambda r: r["age"] < 30, rows),
        ("P(age>=55)", lambda r: True, lambda r: r["age"] >= 55, rows),
        ("P(country=US)", lambda r: True, lambda r: r["country"] == "US", rows),
        ("P(country=IS)", lambda r: True, lambda r: r["country"] == "IS", rows),
        ("P(country missing)", lambda r: True, lambda r: r["country"] is None, rows),
        ("P(gender missing)", lambda r: True, lambda r: r["gender"] is None, rows),
        ("P(interests missing)", lambda r: True, lambda r: r["interests"] is None, rows),
    ]
    for name, condition, event, population in checks:
        p, n = proportion(population, condition, event)
        escaped = name.replace("|", "\\|")  # a bare | would split the Markdown table cell
        print(f"| {escaped} | {p:.3f} | {n} |")


if __name__ == "__main__":
    rows = generate()
    if "--check" not in sys.argv:
        write(rows, OUTPUT)
        print(f"wrote {OUTPUT}: {len(rows)} rows", file=sys.stderr)
    report(rows)
