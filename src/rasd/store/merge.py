"""Cross-document merging: reports of one happening become one event.

Pure logic, no database.  Two reports are *compatible* when they have the same
event type, dates at most one day apart, the same place (same location name in
the same country, or coordinates within 10 km), and compatible actors (see
`Actors.compatible`).  Reports are grouped by `partition`, which is a function
of the set of reports alone (never of the order they arrived in): same-date
reports form day groups (complete linkage, never two reports of one document
or two a user split), and day groups on consecutive dates pair up when each
is the other's best partner.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import orjson

from rasd.geo.distance import haversine_km
from rasd.text.normalize import fold

MAX_KM = 10.0
MAX_DAYS = 1
# Symmetric event types: who is actor1 and who actor2 depends on the outlet.
SYMMETRIC_TYPES = {"Battles", "Riots"}


@dataclass(slots=True)
class ReportView:
    """What merging needs to know about one report."""

    key: str  # stable: document content hash + "#" + index
    doc: str  # document content hash
    outlet: str | None
    rec: Any  # the record, or its JSON text until it is first asked for
    date: dt.date | None = None
    location: str | None = None  # folded name
    # The reports it was found compatible with when grouped; the explanations
    # are built from them only for the events written (merged_record).
    partners: list["ReportView"] = field(default_factory=list)
    # Copied out of the record once: merging compares them many times.
    etype: str | None = None
    cc: str | None = None
    lat: float | None = None
    lon: float | None = None
    a1: dict | None = None
    a2: dict | None = None
    a1k: tuple | None = None  # what Actors.compatible's answer depends on
    a2k: tuple | None = None

    @classmethod
    def of(cls, key: str, doc: str, outlet: str | None, record: dict[str, Any], location: Any = False) -> "ReportView":
        """A view of a record; `location`: its place_key when already known (the stored column)."""
        date = record.get("event_date")
        if isinstance(date, str):
            try:
                date = dt.date.fromisoformat(date[:10])
            except ValueError:
                date = None
        lat, lon = record.get("latitude"), record.get("longitude")
        a1, a2 = record.get("actor1"), record.get("actor2")
        return cls(key=key, doc=doc, outlet=outlet, rec=record, date=date,
                   location=place_key(record) if location is False else location,
                   etype=record.get("event_type"), cc=record.get("country_code"),
                   lat=None if lon is None else lat, lon=None if lat is None else lon,
                   a1=a1, a2=a2, a1k=_actor_key(a1), a2k=_actor_key(a2))

    @classmethod
    def stored(cls, key: str, doc: str, outlet: str | None, raw: Any, *, etype: str | None, date: dt.date | None,
               cc: str | None, location: str | None, lat: float | None, lon: float | None,
               a1: dict | None, a2: dict | None) -> "ReportView":
        """A view of a stored report from its columns (what `of` would copy out of
        the record) and its record's JSON text, decoded only when asked for:
        grouping needs the columns and actors alone, and decoding every record
        in a window was a tenth of a late ingest."""
        return cls(key=key, doc=doc, outlet=outlet, rec=raw, date=date, location=location, etype=etype, cc=cc,
                   lat=None if lon is None else lat, lon=None if lat is None else lon,
                   a1=a1, a2=a2, a1k=_actor_key(a1), a2k=_actor_key(a2))

    @property
    def record(self) -> dict[str, Any]:
        rec = self.rec
        if not isinstance(rec, dict):
            rec = self.rec = orjson.loads(rec)
        return rec

    def get(self, name: str) -> Any:
        return self.record.get(name)


def _actor_key(a: dict[str, Any] | None) -> tuple | None:
    return None if a is None else (a.get("id"), a.get("generic"), a.get("name"))


def place_key(rec: dict[str, Any]) -> str | None:
    """The folded location name, or None when it names no more than the country."""
    loc = rec.get("location_ar") or rec.get("location")
    if not loc:
        return None
    key = fold(str(loc)).strip().lower()
    country = {fold(str(rec.get(k) or "")).strip().lower() for k in ("country", "country_ar")}
    return None if key in country else key


CELL = 0.1  # degrees; a cell is at most 11 km high


def grid_cell(lat: float | None, lon: float | None) -> int | None:
    """The 0.1-degree grid cell holding a point (an integer, for an index)."""
    if lat is None or lon is None:
        return None
    return (math.floor(lat / CELL) + 900) * 10000 + (math.floor(lon / CELL) + 1800)


def cells_within(lat: float, lon: float, km: float = MAX_KM) -> list[int]:
    """Every grid cell touching the box of `km` around a point."""
    dlat = km / 111.0
    dlon = km / (111.0 * max(0.01, math.cos(math.radians(lat))))
    rows = range(math.floor((lat - dlat) / CELL), math.floor((lat + dlat) / CELL) + 1)
    cols = range(math.floor((lon - dlon) / CELL), math.floor((lon + dlon) / CELL) + 1)
    return [(r + 900) * 10000 + (c + 1800) for r in rows for c in cols]


def event_id(anchor_key: str) -> str:
    """A merged event's id, from its anchor (first) report's stable key."""
    return "ev-" + hashlib.sha1(anchor_key.encode()).hexdigest()[:12]


class Actors:
    """Actor relations from the knowledge base: parents, generic entries, types."""

    def __init__(self, actors: dict[str, dict[str, Any]] | None = None) -> None:
        self.table = actors or {}

    def _entry(self, a: dict[str, Any]) -> dict[str, Any]:
        aid = a.get("id") or ""
        return self.table.get(aid) or self.table.get(aid.split(":")[0].split("@")[0]) or {}

    def is_generic(self, a: dict[str, Any]) -> bool:
        e = self._entry(a)
        return bool(a.get("generic") or e.get("generic") or e.get("type") == "unidentified" or not a.get("id"))

    def ancestors(self, aid: str | None) -> list[str]:
        out, seen = [], set()
        while aid and aid not in seen:
            seen.add(aid)
            out.append(aid)
            aid = (self.table.get(aid) or {}).get("parent")
        return out

    def depth(self, a: dict[str, Any] | None) -> int:
        return len(self.ancestors(a.get("id"))) if a else 0

    def compatible(self, a: dict[str, Any] | None, b: dict[str, Any] | None) -> str | None:
        """Why two actors may be the same (a reason string), or None if they may not."""
        if a is None or b is None:
            return "one unknown"
        return self.compatible_keyed(a, b, _actor_key(a), _actor_key(b))

    def compatible_keyed(self, a: dict[str, Any] | None, b: dict[str, Any] | None, ka: tuple | None, kb: tuple | None) -> str | None:
        """`compatible` with the actors' keys (ReportView.a1k...) computed once per report."""
        if ka is None or kb is None:
            return "one unknown"
        memo = self.__dict__.setdefault("_memo", {})
        k = (ka, kb)
        why = memo.get(k, memo)
        if why is memo:
            if len(memo) > 100_000:
                memo.clear()
            why = memo[k] = self._compatible(a, b)
        return why

    def _compatible(self, a: dict[str, Any], b: dict[str, Any]) -> str | None:
        ia, ib = a.get("id"), b.get("id")
        if ia and ia == ib:
            return f"same actor {ia}"
        if ia and ib and ia in self.ancestors(ib):
            return f"{ib} is part of {ia}"
        if ia and ib and ib in self.ancestors(ia):
            return f"{ia} is part of {ib}"
        if self.is_generic(a) or self.is_generic(b):
            # A generic actor ("civilians", "gunmen", "the army") may be anyone the
            # other report names; place, date and type keep such merges honest.
            generic = a if self.is_generic(a) else b
            return f"generic {(generic.get('id') or generic.get('name') or '?')}"
        if not ia and not ib and a.get("name") and a.get("name") == b.get("name"):
            return f"same name {a['name']}"
        return None


def compatible(r: ReportView, s: ReportView, actors: Actors) -> dict[str, Any] | None:
    """The rules two reports meet (a dict for `--why`), or None if they are not the same event."""
    if r.etype != s.etype or r.date is None or s.date is None:
        return None
    days = abs((r.date - s.date).days)
    if days > MAX_DAYS or (r.cc and s.cc and r.cc != s.cc):
        return None
    km = None
    if r.lat is not None and s.lat is not None:
        # reports of one place share its gazetteer point: no trigonometry for those
        km = 0.0 if (r.lat, r.lon) == (s.lat, s.lon) else haversine_km(r.lat, r.lon, s.lat, s.lon)
    if r.location and r.location == s.location:
        place = f"same location {r.get('location') or r.location}"
    elif km is not None and km <= MAX_KM and (r.location or s.location):
        place = f"within {MAX_KM:g} km"
    else:
        return None
    why: dict[str, Any] = {"event_type": r.etype, "days_apart": days}
    if km is not None:
        why["km_apart"] = round(km, 2)
    why["place"] = place
    c = actors.compatible_keyed
    a1, a2 = c(r.a1, s.a1, r.a1k, s.a1k), c(r.a2, s.a2, r.a2k, s.a2k)
    if a1 and a2:
        why["actors"] = {"actor1": a1, "actor2": a2}
    elif r.etype in SYMMETRIC_TYPES:
        b1, b2 = c(r.a1, s.a2, r.a1k, s.a2k), c(r.a2, s.a1, r.a2k, s.a1k)
        if not (b1 and b2):
            return None
        why["actors"] = {"actor1~actor2": b1, "actor2~actor1": b2, "swapped": True}
    else:
        return None
    return why


def fits(r: ReportView, s: ReportView, actors: Actors) -> bool:
    """`compatible(r, s, actors) is not None`, without building the explanation.

    Grouping asks this millions of times in a large ingest; the explanation is
    only needed for the pairs that end up in one event.
    """
    if r.etype != s.etype or r.date is None or s.date is None or abs((r.date - s.date).days) > MAX_DAYS:
        return False
    if r.cc and s.cc and r.cc != s.cc:
        return False
    if not (r.location and r.location == s.location):
        if r.lat is None or s.lat is None or not (r.location or s.location):
            return False
        if (r.lat, r.lon) != (s.lat, s.lon) and not haversine_km(r.lat, r.lon, s.lat, s.lon) <= MAX_KM:
            return False
    c = actors.compatible_keyed
    if c(r.a1, s.a1, r.a1k, s.a1k) and c(r.a2, s.a2, r.a2k, s.a2k):
        return True
    return r.etype in SYMMETRIC_TYPES and bool(c(r.a1, s.a2, r.a1k, s.a2k) and c(r.a2, s.a1, r.a2k, s.a1k))


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _fits_all(group: list[ReportView], r: ReportView, actors: Actors, split, memo: dict | None = None) -> bool:
    """Whether r may join group: compatible with every member, no same document, no split pair."""
    for m in group:
        if m.doc == r.doc or (split and _pair(m.key, r.key) in split):
            return False
        if memo is None:
            ok = fits(r, m, actors)
        else:
            pair = (r.key, m.key)
            ok = memo.get(pair)
            if ok is None:
                ok = memo[pair] = fits(r, m, actors)
        if not ok:
            return False
    return True


def day_groups(reports: Iterable[ReportView], actors: Actors, split=frozenset(), memo: dict | None = None) -> list[list[ReportView]]:
    """Same-date groups: each report, by key, joins the first group of its date that accepts it."""
    groups: list[list[ReportView]] = []
    by_date: dict[dt.date | None, list[int]] = {}
    for r in sorted(reports, key=lambda r: (r.date or dt.date.max, r.key)):
        r.partners = []
        for gi in by_date.get(r.date, []) if r.date is not None else []:
            if _fits_all(groups[gi], r, actors, split, memo):
                r.partners = list(groups[gi])
                groups[gi].append(r)
                break
        else:
            by_date.setdefault(r.date, []).append(len(groups))
            groups.append([r])
    return groups


def _linkable(g: list[ReportView], h: list[ReportView], actors: Actors, split, memo: dict) -> bool:
    # One order for the memo: the pair (a, b) and (b, a) are the same question.
    first, second = (g, h) if g[0].key < h[0].key else (h, g)
    return all(_fits_all(first, r, actors, split, memo) for r in second)


def partition(
    reports: Iterable[ReportView], actors: Actors, split: set[tuple[str, str]] = frozenset()
) -> list[list[ReportView]]:
    """Group reports into events; the result depends only on the set given.

    Same-date reports form day groups first.  Then a day group and one of the
    day before or after become one event when each is the other's best
    partner (the larger, then the one with the smaller first key).  So an event
    spans at most two days, and whether two groups pair depends only on groups
    at most two days away: a new report changes events near its date only.
    """
    memo: dict = {}
    groups = day_groups(reports, actors, split, memo)
    by_date: dict[dt.date, list[int]] = {}
    for gi, g in enumerate(groups):
        if g[0].date is not None:
            by_date.setdefault(g[0].date, []).append(gi)
    best: dict[int, int] = {}
    for gi, g in enumerate(groups):
        d = g[0].date
        if d is None:
            continue
        cands = [hi for delta in (-1, 1) for hi in by_date.get(d + dt.timedelta(days=delta), [])
                 if _linkable(g, groups[hi], actors, split, memo)]
        if cands:
            best[gi] = min(cands, key=lambda hi: (-len(groups[hi]), groups[hi][0].key))
    out, used = [], set()
    for gi, g in enumerate(groups):
        if gi in used:
            continue
        hi = best.get(gi)
        if hi is not None and best.get(hi) == gi:
            used |= {gi, hi}
            first, second = sorted((g, groups[hi]), key=lambda x: x[0].date)
            for r in second:
                if _fits_all(first, r, actors, split, memo):
                    r.partners = r.partners + first
            out.append(first + second)
        else:
            used.add(gi)
            out.append(g)
    return out


def _actor_choice(reports: list[ReportView], field_name: str, actors: Actors) -> dict[str, Any] | None:
    counts = Counter((r.get(field_name) or {}).get("id") for r in reports if r.get(field_name))
    best = None
    for r in reports:
        a = r.get(field_name)
        if not a:
            continue
        score = (not actors.is_generic(a), actors.depth(a), counts[a.get("id")], r.get("confidence") or 0)
        if best is None or score > best[0]:
            best = (score, a)
    return best[1] if best else None


def merged_record(group: list[ReportView], actors: Actors) -> dict[str, Any]:
    """The merged event's fields, its reports and why they were merged."""
    anchor = group[0]
    by_conf = sorted(group, key=lambda r: (-(r.get("confidence") or 0), r.key))
    by_geo = sorted(group, key=lambda r: (r.get("geo_precision") or 9, r.get("latitude") is None, -(r.get("confidence") or 0), r.key))
    dates = Counter(r.date for r in group if r.date)
    date = min(dates, key=lambda d: (-dates[d], d)) if dates else None
    subs = Counter(r.get("sub_event_type") for r in group if r.get("sub_event_type"))
    sub = max(subs, key=lambda s: (subs[s], s == by_conf[0].get("sub_event_type"), s)) if subs else None
    figures = [r.get("fatalities") for r in group if r.get("fatalities") is not None]
    geo = by_geo[0].record
    a1, a2 = _actor_choice(group, "actor1", actors), _actor_choice(group, "actor2", actors)
    outlets = sorted({r.outlet or f"document {r.doc[:12]}" for r in group})
    precisions = [r.get("time_precision") for r in group if r.get("time_precision")]
    rec = {
        "event_id": event_id(anchor.key),
        "event_date": date.isoformat() if date else None,
        "time_precision": min(precisions) if precisions else None,
        "event_type": anchor.get("event_type"),
        "sub_event_type": sub,
        "actor1": a1,
        "actor2": a2,
        "assoc_actor_1": _union(group, "assoc_actor_1"),
        "assoc_actor_2": _union(group, "assoc_actor_2"),
        **{k: geo.get(k) for k in ("country", "country_code", "admin1", "admin2", "location", "location_ar", "latitude", "longitude", "geo_precision")},
        # ACLED: the most conservative credible figure; reports without one do not count as zero.
        "fatalities": min(figures) if figures else None,
        "fatalities_min": min(figures) if figures else None,
        "fatalities_max": max(figures) if figures else None,
        "confidence": max((r.get("confidence") or 0) for r in group),
        "n_reports": len(group),
        "n_sources": len(outlets),
        "sources": outlets,
        "reports": [
            {"key": r.key, "event_id": r.get("event_id"), "outlet": r.outlet, "event_date": r.date.isoformat() if r.date else None,
             "fatalities": r.get("fatalities"), "notes": r.get("notes")}
            for r in group
        ],
    }
    rec["notes"] = _notes(rec, by_conf[0].get("notes"))
    rec["why"] = {
        "anchor": anchor.key,
        "rules": {"max_days": MAX_DAYS, "max_km": MAX_KM},
        "links": [{"report": r.key, "with": m.key, **compatible(r, m, actors)}
                  for r in group[1:] for m in sorted(r.partners, key=lambda m: m.key)],
    }
    return rec


def _union(group: list[ReportView], field_name: str) -> list[dict[str, Any]]:
    seen, out = set(), []
    for r in group:
        for a in r.get(field_name) or []:
            k = a.get("id") or a.get("name")
            if k not in seen:
                seen.add(k)
                out.append(a)
    return out


def _notes(rec: dict[str, Any], best_notes: str | None) -> str:
    base = (best_notes or "").rstrip(".")
    if rec["n_reports"] == 1:
        return best_notes or ""
    tail = f"{rec['n_reports']} reports from {rec['n_sources']} sources"
    if rec["fatalities_min"] is not None and rec["fatalities_min"] != rec["fatalities_max"]:
        tail += f"; reported fatalities {rec['fatalities_min']}-{rec['fatalities_max']}, lowest kept"
    return f"{base} ({tail})." if base else f"{tail}."
