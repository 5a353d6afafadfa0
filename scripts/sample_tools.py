"""What the bundled samples' generators (make_sample.py, make_export.py) share: seeded draws and the
CSV cell format that ProfileGAN reads back. Standard library only, so both scripts stay runnable
with a bare Python 3."""
import datetime


def pick(rng, weighted):
    """A value from [(value, probability)], probabilities summing to 1."""
    u = rng.random()
    total = 0.0
    for value, p in weighted:
        total += p
        if u < total:
            return value
    return weighted[-1][0]


def pick_by_weight(rng, weighted):
    """A value from [(value, weight)] with probability weight / sum of weights."""
    u = rng.random() * sum(w for _, w in weighted)
    for value, w in weighted:
        u -= w
        if u < 0:
            return value
    return weighted[-1][0]


def draw_age(rng, modes, low, high):
    """An integer age from a mixture of normals [(weight, mean, sd)], clamped to [low, high]."""
    u = rng.random()
    total = 0.0
    for weight, mean, sd in modes:
        total += weight
        if u < total:
            break
    return max(low, min(high, round(rng.gauss(mean, sd))))


def cell(value):
    """Missing -> empty cell; an empty label set -> "" (an empty string, not missing); booleans as
    true/false; dates and times in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value) if value else '""'
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value)


def write(rows, path, columns):
    """The rows (dicts) as CSV with a header, LF line ends."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(",".join(columns) + "\n")
        for row in rows:
            out.write(",".join(cell(row[c]) for c in columns) + "\n")


def proportion(rows, condition, event):
    """P(event | condition) among the rows, and how many rows met the condition."""
    chosen = [r for r in rows if condition(r)]
    hits = sum(1 for r in chosen if event(r))
    return hits / max(1, len(chosen)), len(chosen)
