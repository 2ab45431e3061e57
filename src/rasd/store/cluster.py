"""Keeping merged events in step with the reports in the database.

After reports are added (or a user splits an event), the connected component
of the compatibility graph around them is loaded, partitioned again with
`merge.partition`, and its events are rewritten.  Because each component's
events depend only on the reports in it, the database ends the same whatever
order documents arrived in, and after a kill and a resume.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from sqlalchemy import Date, and_, bindparam, delete, insert, or_, select, update
from sqlalchemy.engine import Connection

from rasd.store.merge import MAX_DAYS, Actors, cells_within, ReportView, compatible, merged_record, partition
from rasd.store.models import Document, Event, Report, SplitPair

R, D = Report.__table__, Document.__table__
_COLS = (R.c.key, R.c.record, R.c.event_id, D.c.content_hash, D.c.outlet)


def _view(row) -> ReportView:
    v = ReportView.of(row.key, row.content_hash, row.outlet, row.record)
    v.record.setdefault("_event_id", row.event_id)
    return v


def _load(conn: Connection, where) -> list[ReportView]:
    rows = conn.execute(select(*_COLS).select_from(R.join(D, R.c.document_id == D.c.id)).where(where))
    return [_view(r) for r in rows]


# Neighbour queries, built once (building is dearer than running them); each
# is served by one index.  They return keys: records are decoded once per re-merge.
_WINDOW = (R.c.event_type == bindparam("t"),
           R.c.event_date.between(bindparam("lo", type_=Date), bindparam("hi", type_=Date)))
_BY_NAME = select(R.c.key).where(*_WINDOW, R.c.location == bindparam("loc"))
_BY_CELL = select(R.c.key).where(*_WINDOW, R.c.cell.in_(bindparam("cells", expanding=True)))


def _neighbour_keys(conn: Connection, r: ReportView) -> list[str]:
    if r.date is None:
        return []
    lat, lon = r.get("latitude"), r.get("longitude")
    window = {"t": r.get("event_type"), "lo": r.date - dt.timedelta(days=MAX_DAYS), "hi": r.date + dt.timedelta(days=MAX_DAYS)}
    keys: set[str] = set()
    if r.location:
        keys.update(conn.execute(_BY_NAME, {**window, "loc": r.location}).scalars())
    if lat is not None and lon is not None:
        keys.update(conn.execute(_BY_CELL, {**window, "cells": cells_within(lat, lon)}).scalars())
    keys.discard(r.key)
    return sorted(keys)


def component(conn: Connection, seeds: Iterable[ReportView], actors: Actors) -> dict[str, ReportView]:
    """Every report connected to the seeds by compatibility (the seeds included)."""
    found = {s.key: s for s in seeds}
    views = dict(found)  # every report loaded so far, compatible or not
    frontier = list(found.values())
    while frontier:
        r = frontier.pop()
        keys = _neighbour_keys(conn, r)
        missing = [k for k in keys if k not in views]
        for i in range(0, len(missing), 500):
            for v in _load(conn, R.c.key.in_(missing[i : i + 500])):
                views[v.key] = v
        for k in keys:
            n = views[k]
            if k not in found and compatible(r, n, actors) is not None:
                found[k] = n
                frontier.append(n)
    return found


def split_pairs(conn: Connection, keys: Iterable[str]) -> set[tuple[str, str]]:
    keys = list(keys)
    out: set[tuple[str, str]] = set()
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        rows = conn.execute(select(SplitPair.a, SplitPair.b).where(or_(SplitPair.a.in_(chunk), SplitPair.b.in_(chunk))))
        out.update((a, b) for a, b in rows)
    return out


def recluster(conn: Connection, seed_keys: Iterable[str], actors: Actors) -> int:
    """Re-merge the components around the given reports; returns events written."""
    seed_keys = list(seed_keys)
    if not seed_keys:
        return 0
    seeds: list[ReportView] = []
    for i in range(0, len(seed_keys), 500):
        seeds += _load(conn, R.c.key.in_(seed_keys[i : i + 500]))
    comp = component(conn, seeds, actors)
    old = {v.record.pop("_event_id", None) for v in comp.values()} - {None}
    for v in comp.values():
        v.record.pop("_event_id", None)
    groups = partition(comp.values(), actors, split_pairs(conn, comp))
    old = sorted(old)
    for i in range(0, len(old), 500):
        conn.execute(delete(Event).where(Event.id.in_(old[i : i + 500])))
    rows, assign = [], []
    for g in groups:
        rec = merged_record(g, actors)
        rows.append(event_row(rec))
        assign += [{"k": r.key, "e": rec["event_id"]} for r in g]
    if rows:
        conn.execute(insert(Event), rows)
        conn.execute(update(R).where(R.c.key == bindparam("k")).values(event_id=bindparam("e")), assign)
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
