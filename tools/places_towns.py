"""Countries (Natural Earth), towns (GeoNames) and curated places as entries."""
from __future__ import annotations

import math
from typing import Any

from places_common import (
    CURATED,
    FAMOUS,
    Commonness,
    choose_names,
    clean_ar,
    is_arabic_name,
    key,
    rounded,
    tier_for,
)

# Towns and villages from GeoNames, by country: the smallest population kept.
# The region's countries: all of cities500 (places of 500 people or more, and
# admin seats, which GeoNames often lists with population 0).  Where most
# Arabic-script names in GeoNames are Persian, Turkish or Pashto, only towns
# of known size that an Arabic outlet would name.
MIN_POP = {cc: 0 for cc in "IQ SY YE LY LB JO PS IL EG SA AE KW QA BH OM SD SO NG TN DZ MA MR DJ KM".split()}
MIN_POP.update({"TR": 5000, "IR": 5000, "AF": 5000, "PK": 20000, "TD": 5000, "ER": 5000, "ML": 5000, "NE": 5000})
WORLD_MIN_POP = 300_000  # elsewhere: large cities only (and every capital)
PCODE_COUNTRIES = ("IQ", "SY", "YE")
SEAT_RADIUS_KM = 150
TOWN_DESIGNATION_MIN_POP = 20_000


def gov(cc: str) -> str:
    """The government actor a country or its capital stands for: gov-<iso2>."""
    return f"gov-{cc.lower()}"


def expand_demonym(base: str) -> list[str]:
    """'العراقي' -> العراقي العراقية العراقيين العراقيون العراقيات."""
    if not base.endswith("ي"):
        return [base]
    return [base, base + "ة", base + "ين", base + "ون", base + "ات"]


def build_countries(
    rows: list[dict[str, Any]], overrides: dict[str, Any], judge: Commonness, log: list
) -> list[dict[str, Any]]:
    """One `iso:XX` entry per Natural Earth country."""
    out = []
    for r in rows:
        cc = r["iso2"]
        ov = overrides.get(cc, {})
        cands = [ov.get("name_ar") or r["name_ar"], r["name_ar"], *ov.get("aliases", ())]
        names = choose_names(cands, FAMOUS, judge, keep_first=True)
        for name, why in names.dropped:
            log.append((f"iso:{cc}", name, why))
        e: dict[str, Any] = {
            "id": f"iso:{cc}",
            "name": ov.get("name") or r["name"],
            "name_ar": names.name_ar,
            "kind": "country",
            "country": cc,
            "lat": rounded(r["lat"]),
            "lon": rounded(r["lon"]),
            "population": r["population"] or None,
            "stands_for": gov(cc),
            "source": f"naturalearth:admin0 {r['wikidata']} (public domain)"
            + ("; names, demonyms: curated" if ov else ""),
        }
        if r["iso3"]:
            e["iso3"] = r["iso3"]
        if names.aliases:
            e["aliases"] = names.aliases
        dem = [d for b in ov.get("demonyms", ()) for d in expand_demonym(clean_ar(b))]
        dem += [clean_ar(d) for d in ov.get("demonyms_extra", ())]
        if dem:
            e["demonyms"] = list(dict.fromkeys(dem))
        out.append(e)
    return out


def _arabic_names(city: dict[str, Any]) -> list[str]:
    names = []
    for a in city["alternatenames"]:
        c = clean_ar(a)
        if c and is_arabic_name(c):
            names.append(c)
    return list(dict.fromkeys(names))


def _rank_names(names: list[str], judge: Commonness) -> list[str]:
    # The usual spelling of a known place is its most frequent one; careful
    # orthography (hamza, ta marbuta) breaks ties between rare spellings.
    def score(i_n: tuple[int, str]) -> tuple:
        i, n = i_n
        careful = any(ch in n for ch in "أإآة")
        return (-round(judge.zipf(n), 1), -round(judge.spelling_zipf(n), 1), not careful, len(n.split()), i)

    return [n for _, n in sorted(enumerate(names), key=score)]


def _capitals(cities: dict[str, dict], gn_countries: dict[str, dict], overrides: dict) -> dict[str, str]:
    """geonameid -> country code of each country's capital (GeoNames' name, or an override)."""
    chosen = {}
    fixed = overrides.get("capitals", {})
    by_cc: dict[str, list[dict]] = {}
    for c in cities.values():
        by_cc.setdefault(c["countrycode"], []).append(c)
    for cc, info in sorted(gn_countries.items()):
        if cc in fixed:
            if fixed[cc]:
                chosen[str(fixed[cc])] = cc
            continue
        cap = info.get("capital")
        if not cap:
            continue
        hits = [c for c in by_cc.get(cc, ()) if c["name"] == cap or cap in c["alternatenames"]]
        if hits:
            best = max(hits, key=lambda c: (c["name"] == cap, c["population"]))
            chosen[str(best["geonameid"])] = cc
    return chosen


def _wanted(city: dict[str, Any], capitals: dict[str, str], forced: set[str]) -> bool:
    gid, cc, pop = str(city["geonameid"]), city["countrycode"], city["population"] or 0
    if gid in capitals or gid in forced:
        return True
    if cc in MIN_POP:
        return pop >= MIN_POP[cc]
    return pop >= WORLD_MIN_POP


def register_fame(
    cities: dict[str, dict[str, Any]],
    gn_countries: dict[str, dict[str, Any]],
    admin1: dict[tuple[str, str], dict[str, str]],
    countries: list[dict[str, Any]],
    overrides: dict[str, Any],
    judge: Commonness,
) -> None:
    """Tell the judge the main name of every country, governorate and selected town."""
    for r in countries:
        judge.add_fame(r["name_ar"], FAMOUS)
    for cc, ov in (overrides.get("countries") or {}).items():
        for n in (ov.get("name_ar"), *ov.get("aliases", ())):
            if n:
                judge.add_fame(n, FAMOUS)
    for a1 in admin1.values():
        judge.add_fame(a1["name_ar"], FAMOUS)
    town_ov = {str(k): v for k, v in (overrides.get("towns") or {}).items()}
    capitals = _capitals(cities, gn_countries, overrides)
    for gid, c in cities.items():
        ov = town_ov.get(gid, {})
        if ov.get("drop") or not _wanted(c, capitals, set(town_ov)):
            continue
        names = ([ov["name_ar"]] if ov.get("name_ar") else []) + _rank_names(_arabic_names(c), judge)
        if names:
            judge.add_fame(names[0], tier_for("ppl", c["countrycode"], c["population"], gid in capitals))
    for k in (overrides.get("keep_names") or ()):
        judge.add_fame(k, FAMOUS)


def build_towns(
    cities: dict[str, dict[str, Any]],
    gn_countries: dict[str, dict[str, Any]],
    admin1: dict[tuple[str, str], dict[str, str]],
    admins: list[dict[str, Any]],
    overrides: dict[str, Any],
    judge: Commonness,
    log: list,
) -> list[dict[str, Any]]:
    """`geonames:<id>` entries for the towns worth matching."""
    town_ov = {str(k): v for k, v in (overrides.get("towns") or {}).items()}
    capitals = _capitals(cities, gn_countries, overrides)
    geo = AdminIndex(admins)
    out = []
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        gid = str(c["geonameid"])
        ov = town_ov.get(gid, {})
        if ov.get("drop") or not _wanted(c, capitals, set(town_ov)):
            if ov.get("drop"):
                log.append((f"geonames:{gid}", c["name"], f"dropped: {ov['drop']}"))
            continue
        cc, pop = c["countrycode"], c["population"] or None
        banned = {key(a) for a in ov.get("drop_aliases", ())}
        found = [n for n in _rank_names(_arabic_names(c), judge) if key(n) not in banned]
        cands = ([clean_ar(ov["name_ar"])] if ov.get("name_ar") else []) + found
        cands += [clean_ar(a) for a in ov.get("aliases", ())]
        if not cands:
            continue  # no Arabic name: an Arabic article cannot name it either
        capital = gid in capitals
        tier = tier_for("ppl", cc, pop, capital)
        desig = "مدينة" if (pop or 0) >= TOWN_DESIGNATION_MIN_POP else None
        names = choose_names(cands, tier, judge, designation=desig, keep_first=bool(ov.get("name_ar")))
        for name, why in names.dropped:
            log.append((f"geonames:{gid}", name, why))
        if not names.name_ar:
            continue
        e: dict[str, Any] = {
            "id": f"geonames:{gid}",
            "name": ov.get("name") or c["name"],
            "name_ar": names.name_ar,
            "kind": "ppl",
            "country": cc,
            "lat": rounded(c["latitude"]),
            "lon": rounded(c["longitude"]),
            "population": pop,
            "source": f"geonames:{gid} (CC BY 4.0)" + ("; names: curated" if ov else ""),
        }
        if names.aliases:
            e["aliases"] = names.aliases
        if capital:
            e["capital"] = True
            e["stands_for"] = gov(capitals[gid])
        if ov.get("stands_for"):
            e["stands_for"] = ov["stands_for"]
        if ov.get("kind"):
            e["kind"] = ov["kind"]
        a1 = admin1.get((cc, c["admin1code"]))
        if a1:
            e.update(geo.admin1_fields(cc, c["admin1code"], a1))
        if cc in PCODE_COUNTRIES:
            e.update(geo.admin2_fields(e, [key(n) for n in cands]))
        out.append(e)
    return out


def build_curated(
    items: list[dict[str, Any]],
    admin1: dict[tuple[str, str], dict[str, str]],
    admins: list[dict[str, Any]],
    judge: Commonness,
    log: list,
) -> list[dict[str, Any]]:
    """Hand-written places (tools/places_curated.yaml) with their admin fields filled in."""
    geo = AdminIndex(admins)
    out = []
    for item in items:
        e = {k: v for k, v in item.items() if k not in ("admin1_gn",)}
        # Hand-written names still pass the word filters (at a district's
        # tier): "الدورة" or "سلمى" read as everyday words after folding.
        tier = FAMOUS if item.get("force") else CURATED
        bad = judge.problem(e["name_ar"], tier)
        if bad:
            raise SystemExit(f"curated {e['id']}: name_ar {e['name_ar']!r}: {bad}")
        e.pop("force", None)
        aliases = []
        gated = set(e.get("after_cue", ()))
        for a in e.get("aliases", ()):
            # a name counted only after a place word ("بلدة سلمى") may be an everyday word alone
            why = judge.problem(a, tier) if not a.isascii() and a not in gated else None
            if why:
                log.append((e["id"], a, why))
            else:
                aliases.append(a)
        if aliases:
            e["aliases"] = aliases
        else:
            e.pop("aliases", None)
        e["lat"], e["lon"] = rounded(e["lat"]), rounded(e["lon"])
        e.setdefault("population", None)
        cc = e["country"]
        if item.get("admin1_gn"):
            code = item["admin1_gn"]
            e.update(geo.admin1_fields(cc, code, admin1[(cc, code)]))
        elif cc in PCODE_COUNTRIES:
            if not e.get("admin1_id"):
                e["admin1_id"] = geo.nearest(cc, None, e["lat"], e["lon"])["admin1_id"]
            e.update(geo.pcode_admin1(e["admin1_id"]))
            if e["kind"] not in ("admin1",) and not e.get("admin2_id"):
                e.update(geo.admin2_fields(e, []))
            elif e.get("admin2_id"):
                e.update(geo.pcode_admin2(e["admin2_id"]))
        out.append(e)
    return out


class AdminIndex:
    """Lookups over the Iraq/Syria/Yemen admin entries: names, seats, nearest units."""

    def __init__(self, admins: list[dict[str, Any]]) -> None:
        self.by_pcode = {e["id"].split(":", 1)[1]: e for e in admins}
        self.units = [e for e in admins if e["kind"] in ("admin2", "admin3")]
        # District seats: an admin2 (or a 'مركز X' sub-district) is named after its town.
        self.seat_keys: dict[str, list[dict[str, Any]]] = {}
        for e in self.units:
            for n in (e["name_ar"], *e.get("aliases", ())):
                for k in _name_keys(n):
                    self.seat_keys.setdefault(k, []).append(e)

    def admin1_fields(self, cc: str, code: str, a1: dict[str, str]) -> dict[str, Any]:
        if a1.get("pcode") and a1["pcode"] in self.by_pcode:
            return self.pcode_admin1(a1["pcode"])
        return {"admin1": a1["name"], "admin1_ar": a1["name_ar"], "admin1_id": f"{cc}.{code}"}

    def pcode_admin1(self, pcode: str) -> dict[str, Any]:
        g = self.by_pcode[pcode]
        return {"admin1": g["name"], "admin1_ar": g["name_ar"], "admin1_id": pcode}

    def pcode_admin2(self, pcode: str) -> dict[str, Any]:
        d = self.by_pcode[pcode]
        return {"admin2": d["name"], "admin2_ar": d["name_ar"], "admin2_id": pcode, "parent": d["id"]}

    def nearest(self, cc: str, admin1_id: str | None, lat: float, lon: float) -> dict[str, Any]:
        pool = [u for u in self.units if u["country"] == cc and (admin1_id is None or u["admin1_id"] == admin1_id)]
        if not pool:
            pool = [u for u in self.units if u["country"] == cc]
        return min(pool, key=lambda u: (km(lat, lon, u["lat"], u["lon"]), u["id"]))

    def admin2_fields(self, e: dict[str, Any], name_keys: list[str]) -> dict[str, Any]:
        """The district holding a town: the one named after it, else the nearest unit's."""
        a1 = e.get("admin1_id")
        for k in (k2 for n in name_keys for k2 in _name_keys(n)):
            for u in self.seat_keys.get(k, ()):
                if u["admin1_id"] == a1 and km(e["lat"], e["lon"], u["lat"], u["lon"]) <= SEAT_RADIUS_KM:
                    return self.pcode_admin2(_district_of(u))
        u = self.nearest(e["country"], a1, e["lat"], e["lon"])
        return self.pcode_admin2(_district_of(u))


def _district_of(u: dict[str, Any]) -> str:
    return u["id"].split(":", 1)[1] if u["kind"] == "admin2" else u["parent"].split(":", 1)[1]


def _name_keys(name: str) -> set[str]:
    k = key(name)
    for p in ("مركز ", "قضاء ", "ناحيه ", "مديريه ", "منطقه ", "مدينه "):
        if k.startswith(p):
            k = k[len(p):]
    return {k, k[2:]} if k.startswith("ال") and len(k) > 4 else {k}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
