"""Keeping merged events in step with the reports in the database.

Every report carries `comp`, the label of its connected component in the
compatibility graph (the smallest report key in it).  When reports are added,
each new one looks for compatible neighbours (two indexed queries: same
folded place name, or nearby grid cells, within the date window); the
components it touches are joined, partitioned again with `merge.partition`,
and their events rewritten.  An edge between two stored reports was found when
the later one arrived, so stored labels are the whole graph.  Each component's
events depend only on the reports in it: the database ends the same whatever
order documents arrived in, and after a kill and a resume.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from sqlalchemy import Date, Text, bindparam, delete, insert, or_, select, type_coerce, update
from sqlalchemy.engine import Connection

from rasd.store.merge import MAX_DAYS, Actors, ReportView, cells_within, event_id, fits, merged_record, partition
from rasd.store.models import Document, Event, Report, SplitPair

R, D = Report.__table__, Document.__table__
# What grouping compares is in columns, but for the actors (read out of the
# JSON by the database); the stored `location` is the record's place_key.
_COLS = (R.c.key, type_coerce(R.c.record, Text).label("record"), R.c.event_id, R.c.comp, R.c.event_type,
         R.c.event_date, R.c.country_code, R.c.location, R.c.latitude, R.c.longitude,
         R.c.record["actor1"].label("actor1"), R.c.record["actor2"].label("actor2"), D.c.content_hash, D.c.outlet)


class _Loaded(dict):
    """Report views by key, with each one's stored event id and component label."""

    def __init__(self) -> None:
        super().__init__()
        self.event: dict[str, str | None] = {}
        self.comp: dict[str, str | None] = {}
        self.any_split = True

    def load(self, conn: Connection, where) -> list[ReportView]:
        out = []
        for row in conn.execute(select(*_COLS).select_from(R.join(D, R.c.document_id == D.c.id)).where(where)).all():
            if row.key not in self:
                self[row.key] = ReportView.stored(
                    row.key, row.content_hash, row.outlet, row.record, etype=row.event_type, date=row.event_date,
                    cc=row.country_code, location=row.location, lat=row.latitude, lon=row.longitude,
                    a1=row.actor1, a2=row.actor2)
                self.event[row.key], self.comp[row.key] = row.event_id, row.comp
            out.append(self[row.key])
        return out

    def load_keys(self, conn: Connection, keys: Iterable[str], column=R.c.key) -> list[ReportView]:
        keys = sorted(set(keys))
        out = []
        for i in range(0, len(keys), 500):
            out += self.load(conn, column.in_(keys[i : i + 500]))
        return out


# Neighbour queries, built once (building is dearer than running them); each
# is served by one index.  One query per event type and place name, and per
# type and set of grid cells, for all the new reports of a batch: a query per
# report was a tenth of a late ingest.
_DAYS = R.c.event_date.in_(bindparam("days", expanding=True))
_BY_NAME = select(R.c.key, R.c.event_date).where(R.c.event_type == bindparam("t"), R.c.location == bindparam("loc"), _DAYS)
_BY_CELL = select(R.c.key, R.c.event_date).where(R.c.event_type == bindparam("t"), R.c.cell.in_(bindparam("cells", expanding=True)), _DAYS)


def _neighbour_keys(conn: Connection, seeds: list[ReportView]) -> dict[str, list[str]]:
    """Stored or new reports that may be compatible with each seed: the same
    folded place name, or a grid cell within 10 km, and at most MAX_DAYS apart."""
    asks: dict[tuple, list[ReportView]] = {}
    for s in seeds:
        if s.date is None:
            continue
        if s.location:
            asks.setdefault((_BY_NAME, "loc", s.etype, s.location), []).append(s)
        if s.lat is not None:
            asks.setdefault((_BY_CELL, "cells", s.etype, tuple(cells_within(s.lat, s.lon))), []).append(s)
    out: dict[str, set[str]] = {s.key: set() for s in seeds}
    span = [dt.timedelta(days=d) for d in range(-MAX_DAYS, MAX_DAYS + 1)]
    for (query, name, etype, place), group in asks.items():
        days = sorted({s.date + d for s in group for d in span})
        on: dict[dt.date, list[str]] = {}
        for i in range(0, len(days), 300):
            params = {"t": etype, name: list(place) if name == "cells" else place, "days": days[i : i + 300]}
            for key, day in conn.execute(query, params):
                on.setdefault(day, []).append(key)
        for s in group:
            for d in span:
                out[s.key].update(on.get(s.date + d, ()))
    for s in seeds:
        out[s.key].discard(s.key)
    return {k: sorted(v) for k, v in out.items()}


def _find(parent: dict[str, str], k: str) -> str:
    while parent[k] != k:
        parent[k] = parent[parent[k]]
        k = parent[k]
    return k


# A changed date changes events up to CORE days away (see merge.partition);
# deciding those needs day groups up to LOAD days away.
CORE, LOAD = 2, 4


def link(conn: Connection, seeds: list[ReportView], loaded: _Loaded, actors: Actors, new: set[str]) -> list[tuple[set[str], list[ReportView]]]:
    """Join the new reports to their compatible neighbours' components.

    Returns, per resulting component, the stored labels it absorbs and its seeds.
    """
    parent: dict[str, str] = {}

    def add(k: str) -> None:
        parent.setdefault(k, k)

    def union(a: str, b: str) -> None:
        add(a)
        add(b)
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # Every seed's neighbours first, then one read of those not loaded yet:
    # a read per seed was a sixth of a late ingest.
    near = _neighbour_keys(conn, [s for s in seeds if s.key in new])
    loaded.load_keys(conn, {k for keys in near.values() for k in keys if k not in loaded})
    for s in seeds:
        add(s.key)
        if loaded.comp.get(s.key):
            union(s.key, "L:" + loaded.comp[s.key])
        for k in near.get(s.key, ()):
            if fits(s, loaded[k], actors):
                union(s.key, k)
                if loaded.comp.get(k):
                    union(k, "L:" + loaded.comp[k])
    seed_keys = {s.key for s in seeds}
    out: dict[str, tuple[set[str], list[ReportView]]] = {}
    for k in parent:
        labels, members = out.setdefault(_find(parent, k), (set(), []))
        if k.startswith("L:"):
            labels.add(k[2:])
        elif k in seed_keys:
            members.append(loaded[k])
    return list(out.values())


def _intervals(dates: list[dt.date], pad: int) -> list[tuple[dt.date, dt.date]]:
    spans: list[list[dt.date]] = []
    for d in sorted(dates):
        lo, hi = d - dt.timedelta(days=pad), d + dt.timedelta(days=pad)
        if spans and lo <= spans[-1][1] + dt.timedelta(days=1):
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    return [(a, b) for a, b in spans]


def split_pairs(conn: Connection, keys: Iterable[str]) -> set[tuple[str, str]]:
    keys = list(keys)
    out: set[tuple[str, str]] = set()
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        rows = conn.execute(select(SplitPair.a, SplitPair.b).where(or_(SplitPair.a.in_(chunk), SplitPair.b.in_(chunk))))
        out.update((a, b) for a, b in rows)
    return out


def recluster(conn: Connection, seed_keys: Iterable[str], actors: Actors, *, new: bool = True,
              fresh: Iterable[ReportView] = ()) -> int:
    """Re-merge events around the given reports (`new`: just stored); returns events written.

    `fresh`: views of reports just inserted (no event, no component yet), so
    they need not be read back.
    """
    loaded = _Loaded()
    # Most databases hold no split pairs: then one query instead of one per component.
    loaded.any_split = conn.execute(select(SplitPair.a).limit(1)).first() is not None
    for v in fresh:
        loaded[v.key] = v
        loaded.event[v.key] = loaded.comp[v.key] = None
    seed_keys = list(seed_keys)
    seeds = [loaded[k] for k in seed_keys if k in loaded]
    seeds += loaded.load_keys(conn, [k for k in seed_keys if k not in loaded])
    if not seeds:
        return 0
    comps = []
    for labels, members in link(conn, seeds, loaded, actors, {s.key for s in seeds} if new else set()):
        label = min([*labels, *(m.key for m in members)])
        if labels - {label}:
            # Components joined: one label for all (a function of the set: its smallest key).
            conn.execute(update(R).where(R.c.comp.in_(sorted(labels - {label}))).values(comp=label))
            for k, c in loaded.comp.items():
                if c in labels:
                    loaded.comp[k] = label
        for m in members:
            loaded.comp[m.key] = label
        comps.append((label, members))
    # Each component's date windows, then one read of the reports not loaded
    # yet for all of them (components share no report, so writing one cannot
    # change another's window).
    windows = []
    for label, members in comps:
        keys = [m.key for m in members]
        for lo, hi in _intervals([m.date for m in members if m.date is not None], LOAD):
            keys += conn.execute(_IN_WINDOW, {"c": label, "lo": lo, "hi": hi}).scalars()
        windows.append(keys)
    loaded.load_keys(conn, [k for keys in windows for k in keys if k not in loaded])
    return sum(_rewrite(conn, loaded, actors, label, members, keys) for (label, members), keys in zip(comps, windows))


_IN_WINDOW = select(R.c.key).where(R.c.comp == bindparam("c"),
                                   R.c.event_date.between(bindparam("lo", type_=Date), bindparam("hi", type_=Date)))


def _rewrite(conn, loaded: _Loaded, actors: Actors, label: str, members: list[ReportView], keys: list[str]) -> int:
    """Partition the component near the members' dates and rewrite the events that may change."""
    dated = [m.date for m in members if m.date is not None]
    window = {k: loaded[k] for k in keys}
    core = {m.key for m in members}
    for lo, hi in _intervals(dated, CORE):
        core |= {k for k, v in window.items() if v.date is not None and lo <= v.date <= hi}
    groups = partition(window.values(), actors, split_pairs(conn, window) if loaded.any_split else set())
    group_of = {r.key: gi for gi, g in enumerate(groups) for r in g}
    # Rewrite every event holding a core report, and whatever shared an old event with one.
    todo = {group_of[k] for k in core}
    while True:
        old = {loaded.event[r.key] for gi in todo for r in groups[gi]} - {None}
        more = {group_of[k] for k, v in window.items() if loaded.event.get(k) in old} - todo
        if not more:
            break
        todo |= more
    # An event whose reports are exactly those stored under its id is kept as it
    # is: its record is a function of its reports.  Most events near a new
    # report keep theirs, and rewriting them was a fifth of a late ingest.
    stored: dict[str | None, set[str]] = {}
    for k, v in window.items():
        stored.setdefault(loaded.event.get(k), set()).add(k)
    changed = []
    for gi in sorted(todo):
        eid = event_id(groups[gi][0].key)
        if eid in old and stored.get(eid) == {r.key for r in groups[gi]}:
            old.discard(eid)
        else:
            changed.append(gi)
    old = sorted(old)
    for i in range(0, len(old), 500):
        conn.execute(delete(Event).where(Event.id.in_(old[i : i + 500])))
    rows, assign = [], []
    for gi in changed:
        rec = merged_record(groups[gi], actors)
        rows.append(event_row(rec))
        # Only reports whose event or label changes: an update rewrites the row and two indexes.
        assign += [{"k": r.key, "e": rec["event_id"], "c": label} for r in groups[gi]
                   if (loaded.event.get(r.key), loaded.comp.get(r.key)) != (rec["event_id"], label)]
    if rows:
        conn.execute(insert(Event), rows)
    if assign:
        conn.execute(update(R).where(R.c.key == bindparam("k")).values(event_id=bindparam("e"), comp=bindparam("c")), assign)
        for a in assign:
            loaded.event[a["k"]], loaded.comp[a["k"]] = a["e"], a["c"]
    return len(rows)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except (TypeError, ValueError):
        return None


def event_row(rec: dict[str, Any]) -> dict[str, Any]:
    """The `events` table row of a merged record."""
    a1, a2 = rec.get("actor1") or {}, rec.get("actor2") or {}
    keep = {k: v for k, v in rec.items() if k not in ("why",)}
    return {
        "id": rec["event_id"],
        "event_date": _date(rec.get("event_date")),
        "time_precision": rec.get("time_precision"),
        "event_type": rec["event_type"],
        "sub_event_type": rec.get("sub_event_type"),
        "actor1_id": a1.get("id"),
        "actor1": a1.get("name"),
        "actor2_id": a2.get("id"),
        "actor2": a2.get("name"),
        **{k: rec.get(k) for k in ("country", "country_code", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision")},
        "fatalities": rec.get("fatalities"),
        "fatalities_min": rec.get("fatalities_min"),
        "fatalities_max": rec.get("fatalities_max"),
        "n_reports": rec.get("n_reports", 1),
        "n_sources": rec.get("n_sources", 1),
        "confidence": rec.get("confidence"),
        "notes": rec.get("notes"),
        "record": keep,
        "why": rec.get("why") or {},
    }
