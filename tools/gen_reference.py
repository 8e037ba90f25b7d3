#!/usr/bin/env python3
"""Derive the compact reference data embedded in the vipmp-core crate.

Usage (from the repository root):

    python3 tools/gen_reference.py [path/to/adobe-vipm-catalog.json]

The default input is ../shared/reference/adobe-vipm-catalog.json, relative to
the repository root. The source file is softwareone-platform/swo-adobe-vipm-extension,
adobe_vipm/adobe_config.json at 00cabd7 (Apache-2.0); see NOTICE. Its licence
terms mean we do not copy it verbatim: this script keeps only the facts the
emulator needs and writes them to crates/core/data/:

* products.tsv  - one line per product key (first 10 characters of a SKU)
* countries.tsv - one line per country
* locales.txt   - one locale code per line

The output is deterministic (sorted, no timestamps), so re-running the script
on the same input produces byte-identical files. Standard library only.
"""

import json
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUT = os.path.join(REPO_ROOT, "..", "shared", "reference", "adobe-vipm-catalog.json")
OUT_DIR = os.path.join(REPO_ROOT, "crates", "core", "data")

SOURCE = (
    "softwareone-platform/swo-adobe-vipm-extension adobe_vipm/adobe_config.json "
    "at 00cabd7 (Apache-2.0)"
)

# Catalog / market-segment code (SKU positions 8-9) -> market segment.
SEGMENT_CODES = {"CA": "COM", "CB": "EDU", "CC": "GOV"}
# The same, as spelled in the JSON's "segment" field (cross-check).
SEGMENT_NAMES = {"Commercial": "COM", "Education": "EDU", "Government": "GOV"}

# Product "type" -> team flag.
TEAM_TYPES = {"Teams": "team", "Business": "team", "Small Business": "team", "Enterprise": "enterprise"}

# Language/region part of a product name -> price region(s).
# Matched case-insensitively as a substring, first rule wins (most specific
# first, so "North America" and "Latin America" never fall to a generic rule).
# Europe/EMEA editions are Adobe's EMEA SKUs, sold in both the Western Europe
# and the Eastern Europe/Middle East/Africa price lists; Latin America editions
# are also what the Mexico price list sells; Australia editions belong to the
# Pacific (AU/NZ) price list; "Asia" editions to Asia Pacific.
REGION_RULES = [
    ("north america", ["NA"]),
    ("latin america", ["LA", "MX"]),
    ("asia pacific", ["AP"]),
    ("australia", ["PA"]),
    ("asia", ["AP"]),
    ("japan", ["JP"]),  # also matches "Japanese"
    ("emea", ["WE", "EE"]),
    ("europe", ["WE", "EE"]),
]

# Offer ids SPEC Appendix C requires even when the catalogue lacks them:
# key -> (base level, segment, offer type, team flag, unit, price regions, name).
# None for the name means "Sample product <key>".
EXTRAS = {
    "80004567EA": ("01", "COM", "LICENSE", "team", "User", "NA", "Sample Product EA"),
    "80004567CA": ("01", "COM", "LICENSE", "team", "User", "NA", None),
    "80004561CA": ("01", "COM", "LICENSE", "team", "User", "NA", None),
    "65322651CA": ("01", "COM", "LICENSE", "enterprise", "User", "NA", None),
    "65324918CA": ("01", "COM", "LICENSE", "enterprise", "User", "NA", None),
    "30006208CA": ("01", "COM", "LICENSE", "enterprise", "User", "NA", None),
    "11073058CA": ("01", "COM", "LICENSE", "enterprise", "User", "NA", None),
    "69804578CA": ("01", "COM", "LICENSE", "enterprise", "User", "NA", None),
    "11083117CA": ("01", "COM", "LICENSE", "enterprise", "User", "NA", None),
    "65322435CA": ("T1", "COM", "CONSUMABLES", "enterprise", "Transaction", "NA", None),
    "30001475CC": ("01", "GOV", "LICENSE", "enterprise", "User", "NA", None),
}


def fail(msg):
    sys.exit(f"gen_reference: {msg}")


def clean(value, what):
    """A field value safe for a TSV cell (no tabs, no line breaks)."""
    text = "" if value is None else str(value).strip()
    if any(c in text for c in "\t\r\n"):
        fail(f"{what} contains a tab or line break: {text!r}")
    return text


def price_regions(name):
    """Price regions of a product, from the language/region part of its name."""
    parts = [p.strip() for p in name.split(";")[1:]]
    found = []
    for part in parts:
        low = part.lower()
        for needle, regions in REGION_RULES:
            if needle in low:
                found.append(regions)
                break
    if not found:
        return "ALL"
    if len({tuple(r) for r in found}) != 1:
        fail(f"conflicting regions in product name {name!r}")
    return ",".join(found[0])


def product_row(item):
    sku = item["sku"]
    if len(sku) != 15 or not sku.isascii():
        fail(f"SKU {sku!r} is not 15 ASCII characters")
    key, level, variant, term = sku[:10], sku[10:12], sku[12], sku[13:]
    if not key[:8].isdigit():
        fail(f"SKU {sku!r}: product code is not 8 digits")
    segment = SEGMENT_CODES.get(key[8:10])
    if segment is None or SEGMENT_NAMES.get(item["segment"]) != segment:
        fail(f"SKU {sku!r}: segment code and segment {item['segment']!r} disagree")
    if level not in ("01", "T1", "TA") or variant != "A" or term != "12":
        fail(f"SKU {sku!r}: unexpected level/variant/term")
    offer_type = "LICENSE" if level.isdigit() else "CONSUMABLES"
    team = TEAM_TYPES.get(item["type"])
    if team is None:
        fail(f"SKU {sku!r}: unknown type {item['type']!r}")
    name = clean(item["name"], f"name of {sku}")
    return [
        key,
        level,
        segment,
        offer_type,
        team,
        clean(item["unit"], f"unit of {sku}"),
        price_regions(name),
        clean(name.split(";")[0], f"name of {sku}"),
        "catalog",
    ]


def products(catalog):
    rows = {}
    for item in catalog["skus_mapping"]:
        row = product_row(item)
        if row[0] in rows:
            fail(f"duplicate product key {row[0]}")
        rows[row[0]] = row
    for key, (level, segment, otype, team, unit, regions, name) in EXTRAS.items():
        if key not in rows:
            rows[key] = [key, level, segment, otype, team, unit, regions, name or f"Sample product {key}", "extra"]
    return [rows[k] for k in sorted(rows)]


def countries(catalog):
    rows = []
    for c in catalog["countries"]:
        code = clean(c["code"], "country code")
        currencies = [clean(x, f"currency of {code}") for x in c.get("currencies") or [] if x]
        regions = [clean(x, f"region of {code}") for x in c.get("states_or_provinces") or [] if x]
        rows.append([
            code,
            clean(c["name"], f"name of {code}"),
            clean(c["pricelist_region"], f"price region of {code}"),
            ",".join(currencies),
            ",".join(regions),
            clean(c.get("postal_code_format_regex"), f"postal regex of {code}"),
        ])
    rows.sort(key=lambda r: r[0])
    if len({r[0] for r in rows}) != len(rows):
        fail("duplicate country code")
    return rows


def write_tsv(path, columns, rows, what):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(f"# {what}. Generated by tools/gen_reference.py from {SOURCE}; do not edit.\n")
        out.write("# " + "\t".join(columns) + "\n")
        for row in rows:
            out.write("\t".join(row) + "\n")


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_INPUT
    with open(src, encoding="utf-8") as f:
        catalog = json.load(f)
    os.makedirs(OUT_DIR, exist_ok=True)

    prods = products(catalog)
    write_tsv(
        os.path.join(OUT_DIR, "products.tsv"),
        ["key", "base_level", "segment", "offer_type", "team", "unit", "price_regions", "name", "origin"],
        prods,
        "Products (offer id = key + level + variant + term)",
    )
    ctry = countries(catalog)
    write_tsv(
        os.path.join(OUT_DIR, "countries.tsv"),
        ["code", "name", "price_region", "currencies", "regions", "postal_regex"],
        ctry,
        "Countries",
    )
    locales = sorted({clean(x, "locale") for x in catalog["language_codes"]})
    with open(os.path.join(OUT_DIR, "locales.txt"), "w", encoding="utf-8", newline="\n") as out:
        out.write(f"# Locales. Generated by tools/gen_reference.py from {SOURCE}; do not edit.\n")
        out.writelines(f"{code}\n" for code in locales)

    extras = sum(1 for r in prods if r[-1] == "extra")
    print(f"products: {len(prods) - extras} catalogue + {extras} extra; countries: {len(ctry)}; locales: {len(locales)}")


if __name__ == "__main__":
    main()
