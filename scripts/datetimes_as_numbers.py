#!/usr/bin/env python3
"""Rewrites a table's datetime columns as plain numbers, for issue 12's comparison of the datetime
type against the same values given as continuous columns (docs/PERFORMANCE.md).

    scripts/datetimes_as_numbers.py samples/export.csv schemas/export.json /tmp/export-numbers

writes /tmp/export-numbers.csv and /tmp/export-numbers.json: every datetime column becomes a
continuous column of seconds since 1970-01-01T00:00:00Z (dates: days), with the schema's bounds
converted the same way; every other column and constraint is kept (relative file references are
made absolute). KSComplement is invariant under this monotone change, so column shapes compare
directly."""
import csv
import datetime as dt
import json
import os
import sys


def parse(text, date_only):
    if date_only:
        return (dt.date.fromisoformat(text) - dt.date(1970, 1, 1)).days
    return dt.datetime.fromisoformat(text).timestamp()


def split_raw(line):
    """The fields of one CSV line as written (quotes kept)."""
    fields, current, quoted = [], "", False
    for char in line:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            fields.append(current)
            current = ""
        else:
            current += char
    fields.append(current)
    return fields


def main(data, schema_path, out):
    schema = json.load(open(schema_path))
    folder = os.path.dirname(os.path.abspath(schema_path))
    kinds = {}
    for column in schema["columns"]:
        for key in ("categories_file",):
            if key in column and not os.path.isabs(column[key]):
                column[key] = os.path.join(folder, column[key])
        if column.get("type") == "datetime":
            date_only = column.get("format") == "date"
            kinds[column["name"]] = date_only
            column["type"] = "continuous"
            column["min"] = parse(column["min"], date_only)
            column["max"] = parse(column["max"], date_only)
            for key in ("format", "offset"):
                column.pop(key, None)
            column["integer"] = True
    for constraint in schema.get("constraints", []):
        if "pairs_file" in constraint and not os.path.isabs(constraint["pairs_file"]):
            constraint["pairs_file"] = os.path.join(folder, constraint["pairs_file"])
    # Fields are rewritten in the raw text, so that quoting (an empty multilabel cell "" means no
    # labels, an empty unquoted one missing) survives; the datetime fields hold no commas or quotes.
    with open(data, newline="") as source, open(out + ".csv", "w", newline="") as target:
        header = next(csv.reader([source.readline()]))
        target.write(",".join(header) + "\n")
        positions = {header.index(name): date_only for name, date_only in kinds.items()}
        for line in source:
            fields = split_raw(line.rstrip("\r\n"))
            for index, date_only in positions.items():
                if fields[index] != "":
                    fields[index] = str(int(parse(fields[index], date_only)))
            target.write(",".join(fields) + "\n")
    json.dump(schema, open(out + ".json", "w"), indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
