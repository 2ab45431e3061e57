"""Reading the event database: filters, one event with its reports, `--why`, splits."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Iterator

from sqlalchemy import and_, insert, or_, select, text
from sqlalchemy.engine import Connection

from rasd.errors import StorageError
from rasd.store import fts
from rasd.store.cluster import recluster
from rasd.geo.distance import haversine_km
from rasd.store.merge import Actors
from rasd.store.models import Document, Event, Report, SplitPair
from rasd.text.normalize import fold

EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments")
E, R, D = Event.__table__, Report.__table__, Document.__table__


@dataclass
class Filters:
    """What `rasd events` and `rasd export` select."""

    country: str | None = None
    admin1: str | None = None
    type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    actor: str | None = None
    near: tuple[float, float, float] | None = None
    text: str | None = None
    limit: int | None = None


def parse_near(value: str) -> tuple[float, float, float]:
    """LAT,LON,KM from the command line (StorageError E506 if malformed)."""
    try:
        lat, lon, km = (float(x) for x in value.split(","))
    except ValueError:
        raise StorageError("E506", value=value) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise StorageError("E506", value=value)
    return lat, lon, km


def actor_ids(actors: dict[str, dict[str, Any]], value: str) -> set[str]:
    """Knowledge-base ids an --actor value names (by id or name), with their sub-units."""
    key = fold(value).strip().lower()
    ids = {
        aid for aid, a in actors.items()
        if key in {aid.lower(), fold(a.get("name", "")).lower(), fold(a.get("name_ar", "")).lower()}
        or key in {fold(x).lower() for x in a.get("aliases", ())}
    }
    rel = Actors(actors)
    return ids | {aid for aid in actors if ids & set(rel.ancestors(aid))}


def where_clauses(f: Filters, dialect: str, actors: dict[str, dict[str, Any]] | None) -> list:
    """The SQL conditions of `f` on the events table (shared by `rasd events` and the web API)."""
    w = []
    if f.country:
        c = f.country.strip()
        w.append(E.c.country_code == c.upper() if len(c) == 2 else E.c.country.in_({c, c.title()}))
    if f.admin1:
        # One value, so the (admin1, event_date) index also gives the order.
        w.append(E.c.admin1 == f.admin1)
    if f.type:
        t = {x.lower(): x for x in EVENT_TYPES}.get(f.type.strip().lower())
        w.append(E.c.event_type == t if t else E.c.sub_event_type == f.type)
    if f.since:
        w.append(E.c.event_date >= f.since)
    if f.until:
        w.append(E.c.event_date <= f.until)
    if f.actor:
        ids = actor_ids(actors or {}, f.actor) | {f.actor}
        conds = [E.c.actor1_id.in_(ids), E.c.actor2_id.in_(ids)]
        if not ids - {f.actor}:  # not a known actor: look in the names too
            like = f"%{f.actor}%"
            conds += [E.c.actor1.ilike(like), E.c.actor2.ilike(like)]
        w.append(or_(*conds))
    if f.near:
        lat, lon, km = f.near
        dlat = km / 111.0
        dlon = km / (111.0 * max(0.01, math.cos(math.radians(lat))))
        w.append(and_(E.c.latitude.between(lat - dlat, lat + dlat), E.c.longitude.between(lon - dlon, lon + dlon)))
    if f.text:
        sql, params = fts.match_sql(dialect, f.text)
        docs = text(sql).bindparams(**params)
        w.append(E.c.id.in_(select(R.c.event_id).where(R.c.document_id.in_(docs))))
    return w


def find_events(conn: Connection, f: Filters, actors: dict[str, dict[str, Any]] | None = None) -> Iterator[dict[str, Any]]:
    """Events matching the filters, newest first, as plain dicts."""
    q = select(E).where(*where_clauses(f, conn.dialect.name, actors)).order_by(E.c.event_date.desc(), E.c.id)
    if f.limit and not f.near:
        q = q.limit(f.limit)
    n = 0
    for row in conn.execute(q).mappings():
        if f.near and (row["latitude"] is None or haversine_km(f.near[0], f.near[1], row["latitude"], row["longitude"]) > f.near[2]):
            continue
        yield dict(row)
        n += 1
        if f.limit and n >= f.limit:
            return


def get_event(conn: Connection, event_id: str) -> dict[str, Any]:
    """One event with every report (document, outlet, url, evidence); E502 if absent."""
    row = conn.execute(select(E).where(E.c.id == event_id)).mappings().first()
    if row is None:
        raise StorageError("E502", id=event_id)
    ev = dict(row)
    q = (
        select(R.c.key, R.c.record, D.c.doc_id, D.c.outlet, D.c.url, D.c.title, D.c.published, D.c.path)
        .select_from(R.join(D, R.c.document_id == D.c.id)).where(R.c.event_id == event_id).order_by(R.c.key)
    )
    ev["reports"] = [
        {"key": r.key, "document": r.doc_id, "outlet": r.outlet, "url": r.url, "title": r.title,
         "published": r.published.isoformat() if r.published else None, "path": r.path, "event": r.record}
        for r in conn.execute(q)
    ]
    return ev


def explain(ev: dict[str, Any]) -> list[str]:
    """Lines saying why the event's reports were merged into one."""
    why = ev.get("why") or {}
    reps = {r["key"]: r for r in ev.get("reports", [])}

    def name(k: str) -> str:
        r = reps.get(k)
        return f"{r['document']} ({r['outlet'] or 'no outlet'})" if r else k

    if ev.get("n_reports", 1) < 2:
        return [f"{ev['id']} has one report ({name(why.get('anchor', ''))}); nothing was merged."]
    lines = [f"{ev['id']}: {ev['n_reports']} reports from {ev['n_sources']} sources merged; first report {name(why.get('anchor', ''))}."]
    rules = why.get("rules", {})
    lines.append(f"Rules: same event type, dates at most {rules.get('max_days', 1)} day apart, same place or within "
                 f"{rules.get('max_km', 10):g} km, compatible actors, different documents.")
    for link in why.get("links", []):
        parts = [f"type {link.get('event_type')}", "same day" if link.get("days_apart") == 0 else f"{link.get('days_apart')} day apart",
                 link.get("place", "")]
        if "km_apart" in link:
            parts.append(f"{link['km_apart']} km apart")
        acts = link.get("actors") or {}
        parts += [f"{k}: {v}" for k, v in acts.items() if k != "swapped"]
        lines.append(f"  {name(link['report'])} ~ {name(link['with'])}: " + "; ".join(p for p in parts if p))
    if ev.get("fatalities_min") is not None:
        figs = ", ".join(f"{name(r['key'])}: {r['event'].get('fatalities')}" for r in ev.get("reports", []))
        lines.append(f"Fatalities: {ev['fatalities']} kept (lowest credible figure); reported {ev['fatalities_min']}-{ev['fatalities_max']} ({figs}).")
    return lines


def split(conn: Connection, event_id: str, actors: Actors, report: str | None = None) -> list[str]:
    """Undo a merge: the event's reports (or one of them) never merge again; returns new event ids."""
    ev = get_event(conn, event_id)
    keys = [r["key"] for r in ev["reports"]]
    if len(keys) < 2:
        raise StorageError("E503", id=event_id)
    if report:
        chosen = [r["key"] for r in ev["reports"] if report in (r["key"], r["document"], r["event"].get("event_id")) or r["key"].startswith(report)]
        if not chosen:
            raise StorageError("E502", id=f"{event_id}/{report}")
        pairs = {tuple(sorted((c, k))) for c in chosen for k in keys if k not in chosen}
    else:
        pairs = {tuple(sorted((a, b))) for i, a in enumerate(keys) for b in keys[i + 1 :]}
    have = set(conn.execute(select(SplitPair.a, SplitPair.b).where(SplitPair.a.in_(keys))).all())
    new = [{"a": a, "b": b} for a, b in sorted(pairs - have)]
    if new:
        conn.execute(insert(SplitPair), new)
    recluster(conn, keys, actors, new=False)
    return sorted(set(conn.execute(select(R.c.event_id).where(R.c.key.in_(keys))).scalars()))


def failures(conn: Connection) -> list[dict[str, Any]]:
    """Documents that failed, with their reasons, in input order."""
    q = select(D.c.doc_id, D.c.path, D.c.error_code, D.c.error).where(D.c.status == "failed").order_by(D.c.id)
    return [dict(r) for r in conn.execute(q).mappings()]


def counts(conn: Connection) -> dict[str, int]:
    """How many documents, failures, reports and events are stored."""
    one = lambda sql: conn.execute(text(sql)).scalar_one()  # noqa: E731
    return {
        "documents": one("SELECT count(*) FROM documents WHERE status = 'ok'"),
        "failed": one("SELECT count(*) FROM documents WHERE status = 'failed'"),
        "reports": one("SELECT count(*) FROM reports"),
        "events": one("SELECT count(*) FROM events"),
        "merged": one("SELECT count(*) FROM events WHERE n_reports > 1"),
    }
