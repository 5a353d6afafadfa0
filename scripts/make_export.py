#!/usr/bin/env python3
"""Generate samples/export.csv: 20,000 synthetic user-profile exports, as a product database would
write them — identifiers and personal data, timestamps with a time zone, a birth date, a city column
with about 5,000 values (each in one country), multilabel interests, a plan, a last login after the
sign-up, and a few missing values.

Deterministic (fixed seed, Python 3 standard library only): running it again reproduces the file
byte for byte. samples/README.md documents the planted dependencies, so tests can check that a model
learned them. Run from the repository root:

    python3 scripts/make_export.py            # writes samples/export.csv, prints the check table
    python3 scripts/make_export.py --check    # only prints the observed proportions

No real person is described: names come from the short lists below, e-mail addresses use the
reserved .test top-level domain (RFC 2606), phone numbers are random digits, and cities are
made-up syllable names.
"""
import datetime
import random
import sys
import uuid

from sample_tools import draw_age as draw_mixture_age, pick, pick_by_weight as draw_city, proportion, write as write_rows

SEED = 20261203
ROWS = 20000
OUTPUT = "samples/export.csv"
CITIES_OUTPUT = "schemas/export-cities.txt"   # the public list of cities, one per line (categories_file)
PAIRS_OUTPUT = "schemas/export-city-country.csv"   # the public (country, city) pairs (pairs_file)
CITY_COUNT = 5000
# Sign-ups and logins are written in the exporting server's zone.
ZONE = datetime.timezone(datetime.timedelta(hours=1))
EXPORTED = datetime.datetime(2026, 1, 1, tzinfo=ZONE)

# country, share of rows, dialling code — imbalanced, with rare ones.
COUNTRIES = [("US", 0.38, "1"), ("DE", 0.16, "49"), ("GB", 0.12, "44"), ("FR", 0.09, "33"), ("BR", 0.08, "55"),
             ("IN", 0.07, "91"), ("JP", 0.05, "81"), ("ES", 0.03, "34"), ("NZ", 0.015, "64"), ("IS", 0.005, "354")]
GIVEN = ["Anna", "Ben", "Clara", "David", "Elena", "Felix", "Grace", "Hugo", "Ines", "Jonas", "Kira", "Leo",
         "Maya", "Noah", "Olga", "Paul", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wim", "Yara", "Zoe"]
FAMILY = ["Adler", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Kowalski",
          "Lopez", "Meyer", "Novak", "Oliveira", "Patel", "Quinn", "Rossi", "Silva", "Tanaka", "Weber", "Young"]
DOMAINS = ["mail.test", "inbox.test", "post.test", "webmail.test"]
CITY_SYLLABLES = ["al", "bern", "cor", "dal", "en", "fro", "gal", "hav", "ist", "jor", "kel", "lun", "mar", "nor",
                  "ost", "pra", "quin", "ros", "sel", "tor", "ul", "ven", "wes", "yor", "zan"]
CITY_ENDINGS = ["", "a", "burg", "by", "dal", "field", "ford", "heim", "ia", "ville", "mouth", "stad", "ton", "wick"]
LABELS = ["music", "sports", "travel", "gaming", "cooking", "reading"]
PLANS = ["free", "basic", "pro", "business"]
# Age modes as in the first sample: 45% N(24, 4), 35% N(38, 6), 20% N(60, 8), clipped to 16..90.
AGE_MODES = [(0.45, 24.0, 4.0), (0.35, 38.0, 6.0), (0.20, 60.0, 8.0)]
# Sign-ups by month: peaks in January and September (the planted season).
MONTH_WEIGHTS = [0.16, 0.07, 0.07, 0.07, 0.06, 0.06, 0.06, 0.06, 0.15, 0.08, 0.08, 0.08]
MISSING = {"phone": 0.05, "birth_date": 0.02, "interests": 0.01, "last_login_at": 0.03}


def make_cities(rng):
    """CITY_COUNT distinct names, each given to one country (about in proportion to its share), and
    Zipf-like weights within each country (the k-th city of a country has weight 1/k)."""
    names = set()
    while len(names) < CITY_COUNT:
        syllables = rng.randint(2, 3)
        name = "".join(rng.choice(CITY_SYLLABLES) for _ in range(syllables)) + rng.choice(CITY_ENDINGS)
        names.add(name.capitalize())
    names = sorted(names)
    rng.shuffle(names)
    cities = {}
    start = 0
    for index, (country, share, _) in enumerate(COUNTRIES):
        count = CITY_COUNT - start if index == len(COUNTRIES) - 1 else max(20, round(share * CITY_COUNT))
        chosen = names[start:start + count]
        start += count
        cities[country] = [(city, 1.0 / (k + 1)) for k, city in enumerate(chosen)]
    return cities


def draw_age(rng):
    return draw_mixture_age(rng, AGE_MODES, 16, 90)


def write(rows, path):
    write_rows(rows, path, COLUMNS)


def interest_probabilities(age):
    """P(label | age): the planted dependency between birth date and interests."""
    return {
        "music": 0.70 if age < 30 else 0.30,
        "sports": 0.50 if age < 35 else 0.20,
        "travel": 0.50 if age >= 45 else 0.20,
        "gaming": 0.60 if age < 28 else (0.25 if age < 45 else 0.05),
        "cooking": 0.35,
        "reading": 0.55 if age >= 55 else 0.25,
    }


def generate():
    rng = random.Random(SEED)
    cities = make_cities(rng)
    rows = []
    for index in range(ROWS):
        user_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        email = f"{given.lower()}.{family.lower()}{rng.randint(1, 9999)}@{rng.choice(DOMAINS)}"
        country, _, code = pick(rng, [((c, s, d), s) for c, s, d in COUNTRIES])
        phone = f"+{code} {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        # Sign-up: a year, a month by the season weights, a day and a time of day.
        while True:
            year = rng.randint(2019, 2025)
            month = pick(rng, list(zip(range(1, 13), MONTH_WEIGHTS)))
            day = rng.randint(1, 28)
            signup = datetime.datetime(year, month, day, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), tzinfo=ZONE)
            if signup < EXPORTED:
                break
        age = draw_age(rng)
        birth = (signup - datetime.timedelta(days=round(age * 365.25) + rng.randint(0, 364))).date()
        age_now = (EXPORTED.date() - birth).days // 365.25
        probabilities = interest_probabilities(age_now)
        interests = [label for label in LABELS if rng.random() < probabilities[label]]
        plan = pick(rng, list(zip(PLANS, [0.40, 0.25, 0.20, 0.15] if age_now >= 30 else [0.60, 0.25, 0.13, 0.02])))
        # Last login: after the sign-up, by an exponential gap (mean 120 days), never after the export.
        gap = datetime.timedelta(seconds=round(rng.expovariate(1 / (120 * 86400))))
        last_login = min(signup + gap, EXPORTED - datetime.timedelta(seconds=1))
        row = {"user_id": user_id, "email": email, "full_name": f"{given} {family}", "phone": phone,
               "signup_at": signup, "birth_date": birth, "country": country, "city": draw_city(rng, cities[country]),
               "interests": interests, "plan": plan, "last_login_at": last_login, "age": age_now}
        for column, p in MISSING.items():
            if rng.random() < p:
                row[column] = None
        rows.append(row)
    return rows, cities


COLUMNS = ["user_id", "email", "full_name", "phone", "signup_at", "birth_date", "country", "city", "interests",
           "plan", "last_login_at"]


def report(rows, cities):
    known = [r for r in rows if r["interests"] is not None and r["birth_date"] is not None]
    logged = [r for r in rows if r["last_login_at"] is not None]

    def has(label):
        return lambda r: label in r["interests"]
    checks = [
        ("P(music \\| age<30)", lambda r: r["age"] < 30, has("music"), known),
        ("P(music \\| age>=30)", lambda r: r["age"] >= 30, has("music"), known),
        ("P(gaming \\| age<28)", lambda r: r["age"] < 28, has("gaming"), known),
        ("P(gaming \\| age>=45)", lambda r: r["age"] >= 45, has("gaming"), known),
        ("P(reading \\| age>=55)", lambda r: r["age"] >= 55, has("reading"), known),
        ("P(plan=business \\| age>=30)", lambda r: r["age"] >= 30, lambda r: r["plan"] == "business", rows),
        ("P(plan=business \\| age<30)", lambda r: r["age"] < 30, lambda r: r["plan"] == "business", rows),
        ("P(signup in January or September)", lambda r: True, lambda r: r["signup_at"].month in (1, 9), rows),
        ("P(last_login_at >= signup_at)", lambda r: True, lambda r: r["last_login_at"] >= r["signup_at"], logged),
        ("P(city in its country's list)", lambda r: True,
         lambda r: r["city"] in {c for c, _ in cities[r["country"]]}, rows),
        ("P(country=US)", lambda r: True, lambda r: r["country"] == "US", rows),
        ("P(country=IS)", lambda r: True, lambda r: r["country"] == "IS", rows),
        ("P(phone missing)", lambda r: True, lambda r: r["phone"] is None, rows),
        ("P(last_login_at missing)", lambda r: True, lambda r: r["last_login_at"] is None, rows),
    ]
    for name, condition, event, population in checks:
        p, n = proportion(population, condition, event)
        print(f"| {name} | {p:.3f} | {n} |")
    print(f"| distinct cities | {len({r['city'] for r in rows})} | {len(rows)} |")


if __name__ == "__main__":
    rows, cities = generate()
    if "--check" not in sys.argv:
        write(rows, OUTPUT)
        with open(CITIES_OUTPUT, "w", encoding="utf-8", newline="\n") as out:
            out.write("".join(city + "\n" for country, _, _ in COUNTRIES for city, _ in cities[country]))
        # The city→country map, public like a gazetteer: what a DP fit's fixed_combinations uses.
        with open(PAIRS_OUTPUT, "w", encoding="utf-8", newline="\n") as out:
            out.write("country,city\n" + "".join(f"{country},{city}\n" for country, _, _ in COUNTRIES for city, _ in cities[country]))
        print(f"wrote {OUTPUT}: {len(rows)} rows, {CITIES_OUTPUT}: {CITY_COUNT} cities, {PAIRS_OUTPUT}: {CITY_COUNT} pairs",
              file=sys.stderr)
    report(rows, cities)
