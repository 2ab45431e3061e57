"""Reads the web app needs beyond `rasd.store.query`: pages, sorting, counts,
the timeline, facets, documents and their reports.

Filters are the store's own (`Filters` and its WHERE clauses), so the API
selects exactly what `rasd events` selects.  `--near` is a bounding box in SQL
refined by distance in Python, as in `find_events`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from rasd.geo.distance import haversine_km
from rasd.store.models import Document, Event, Report
from rasd.store.query import Filters, where_clauses

E, R, D = Event.__table__, Report.__table__, Document.__table__

SORTS = {
    "date": E.c.event_date, "type": E.c.event_type, "sub_type": E.c.sub_event_type, "country": E.c.country,
    "admin1": E.c.admin1, "location": E.c.location, "fatalities": E.c.fatalities, "reports": E.c.n_reports,
    "sources": E.c.n_sources, "actor1": E.c.actor1, "actor2": E.c.actor2, "id": E.c.id,
}
# What a table row and a map marker carry: no JSON blobs, so pages stay small.
ROW_COLUMNS = [E.c[n] for n in (
    "id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1_id", "actor1", "actor2_id", "actor2",
    "country", "country_code", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "fatalities", "fatalities_min", "fatalities_max", "n_reports", "n_sources", "confidence", "notes",
)]
# Arabic names, read out of the JSON record in SQL (json_extract / ->>) so rows stay flat.
ROW_COLUMNS += [
    E.c.record[("actor1", "name_ar")].as_string().label("actor1_ar"),
    E.c.record[("actor2", "name_ar")].as_string().label("actor2_ar"),
    E.c.record[("location_ar",)].as_string().label("location_ar"),
]
POINT_COLUMNS = [E.c[n] for n in ("id", "event_date", "event_type", "latitude", "longitude", "fatalities", "location", "country_code")]


def plain(row: dict[str, Any]) -> dict[str, Any]:
    """A row with dates as ISO strings, ready for JSON."""
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in row.items()}


def _near_ok(f: Filters, row: dict[str, Any]) -> bool:
    if not f.near:
        return True
    lat, lon = row.get("latitude"), row.get("longitude")
    return lat is not None and lon is not None and haversine_km(f.near[0], f.near[1], lat, lon) <= f.near[2]


def page_events(conn: Connection, f: Filters, *, sort: str = "date", order: str = "desc", offset: int = 0,
                limit: int = 50, actors: dict[str, dict[str, Any]] | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of events) sorted by `sort` (a key of SORTS), ties by id; dates stay dates."""
    where = where_clauses(f, conn.dialect.name, actors)
    key = _order(SORTS.get(sort, E.c.event_date), order, conn.dialect.name)
    if not f.near:
        total = conn.execute(select(func.count()).select_from(E).where(*where)).scalar_one()
        # Sort and cut on narrow rows first, then read the page's full rows: the
        # JSON name lookups run for 50 rows, not for every match.
        ids = select(E.c.id).where(*where).order_by(key, E.c.id).offset(offset).limit(limit).subquery()
        q = select(*ROW_COLUMNS).join_from(E, ids, E.c.id == ids.c.id).order_by(key, E.c.id)
        return total, [dict(r) for r in conn.execute(q).mappings()]
    q = select(*ROW_COLUMNS).where(*where).order_by(key, E.c.id)
    hits = [dict(r) for r in conn.execute(q).mappings() if _near_ok(f, r)]
    return len(hits), hits[offset : offset + limit]


def _order(col, order: str, dialect: str):
    """`col` ascending or descending with empty values last, saying NULLS LAST only
    where the database would not anyway (so SQLite can still walk an index)."""
    if order == "asc":
        return col.asc().nulls_last() if dialect == "sqlite" else col.asc()
    return col.desc() if dialect == "sqlite" else col.desc().nulls_last()


def event_points(conn: Connection, f: Filters, *, cap: int, actors: dict[str, dict[str, Any]] | None = None) -> list[list[Any]]:
    """Located events as compact rows [id, date, type, lat, lon, fatalities, location, country], largest first."""
    where = where_clauses(f, conn.dialect.name, actors) + [E.c.latitude.is_not(None), E.c.longitude.is_not(None)]
    # Largest first, so that when the cap cuts, the small ones go.
    q = select(*POINT_COLUMNS).where(*where).order_by(_order(E.c.fatalities, "desc", conn.dialect.name), E.c.event_date.desc(), E.c.id)
    if not f.near:
        q = q.limit(cap)
    out = []
    for r in conn.execute(q).mappings():
        if _near_ok(f, r):
            out.append([r["id"], r["event_date"].isoformat() if r["event_date"] else None, r["event_type"],
                        round(r["latitude"], 5), round(r["longitude"], 5), r["fatalities"], r["location"], r["country_code"]])
            if len(out) >= cap:
                break
    return out


def timeline(conn: Connection, f: Filters, actors: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Events and fatalities per day and event type, oldest day first (undated events left out)."""
    where = where_clauses(f, conn.dialect.name, actors) + [E.c.event_date.is_not(None)]
    if not f.near:
        q = (select(E.c.event_date, E.c.event_type, func.count().label("n"), func.sum(E.c.fatalities).label("fatalities"))
             .where(*where).group_by(E.c.event_date, E.c.event_type).order_by(E.c.event_date, E.c.event_type))
        return [{"date": r.event_date.isoformat(), "type": r.event_type, "n": r.n, "fatalities": int(r.fatalities or 0)}
                for r in conn.execute(q)]
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    q = select(E.c.event_date, E.c.event_type, E.c.fatalities, E.c.latitude, E.c.longitude).where(*where)
    for r in conn.execute(q).mappings():
        if _near_ok(f, r):
            b = acc.setdefault((r["event_date"].isoformat(), r["event_type"]), {"n": 0, "fatalities": 0})
            b["n"] += 1
            b["fatalities"] += r["fatalities"] or 0
    return [{"date": d, "type": t, **v} for (d, t), v in sorted(acc.items())]


def facets(conn: Connection) -> dict[str, Any]:
    """What the filter menus offer: countries and event types present, and the date range."""
    countries = conn.execute(
        select(E.c.country_code, func.max(E.c.country).label("country"), func.count().label("n"))
        .where(E.c.country_code.is_not(None)).group_by(E.c.country_code).order_by(func.count().desc(), E.c.country_code)
    ).mappings()
    types = conn.execute(select(E.c.event_type, func.count().label("n")).group_by(E.c.event_type).order_by(E.c.event_type)).mappings()
    lo, hi = conn.execute(select(func.min(E.c.event_date), func.max(E.c.event_date))).one()
    return {
        "countries": [{"code": r["country_code"], "name": r["country"], "n": r["n"]} for r in countries],
        "types": [{"type": r["event_type"], "n": r["n"]} for r in types],
        "dates": {"min": lo.isoformat() if lo else None, "max": hi.isoformat() if hi else None},
    }


DOC_COLUMNS = [D.c[n] for n in ("id", "doc_id", "title", "published", "outlet", "url", "status", "error_code", "error")]


def list_documents(conn: Connection, *, offset: int = 0, limit: int = 50, status: str | None = None,
                   q: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of documents) in input order, each with how many event reports it gave."""
    where = []
    if status:
        where.append(D.c.status == status)
    if q:
        like = f"%{q}%"
        where.append(D.c.title.ilike(like) | D.c.doc_id.ilike(like) | D.c.outlet.ilike(like))
    total = conn.execute(select(func.count()).select_from(D).where(*where)).scalar_one()
    n_reports = select(func.count()).select_from(R).where(R.c.document_id == D.c.id).scalar_subquery().label("n_reports")
    rows = conn.execute(select(*DOC_COLUMNS, n_reports).where(*where).order_by(D.c.id).offset(offset).limit(limit)).mappings()
    return total, [plain(dict(r)) for r in rows]


def get_document(conn: Connection, pk: int) -> dict[str, Any] | None:
    """One stored document with its text and metadata, or None."""
    row = conn.execute(select(*DOC_COLUMNS, D.c.text, D.c.path, D.c.meta).where(D.c.id == pk)).mappings().first()
    return plain(dict(row)) if row is not None else None


def document_reports(conn: Connection, pk: int) -> list[dict[str, Any]]:
    """The event reports stored for a document, in their order, with the merged event each belongs to."""
    q = select(R.c.key, R.c.idx, R.c.event_id, R.c.record).where(R.c.document_id == pk).order_by(R.c.idx)
    return [{"key": r.key, "idx": r.idx, "event_id": r.event_id, "record": r.record} for r in conn.execute(q)]


def report_documents(conn: Connection, keys: Iterable[str]) -> dict[str, int]:
    """Report key -> primary key of its document (what the article view is addressed by)."""
    keys = list(keys)
    if not keys:
        return {}
    return dict(conn.execute(select(R.c.key, R.c.document_id).where(R.c.key.in_(keys))).all())


def document_by_hash(conn: Connection, content_hash: str) -> int | None:
    """The primary key of the document with this content hash, if stored."""
    return conn.execute(select(D.c.id).where(D.c.content_hash == content_hash)).scalar()
