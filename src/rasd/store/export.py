"""Writing merged events out: ACLED CSV, GeoJSON, JSON lines and Parquet."""
from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.engine import Connection

from rasd.output import ACLED_COLUMNS
from rasd.store.models import Document, Report

FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")
R, D = Report.__table__, Document.__table__


def _names(actors: Iterable[dict[str, Any]] | None) -> str:
    return "; ".join(a.get("name") or "" for a in actors or [])


def acled_row(ev: dict[str, Any]) -> dict[str, Any]:
    """An event as a row with ACLED's columns."""
    rec = ev.get("record") or {}
    date = ev["event_date"].isoformat() if ev.get("event_date") else ""
    a1, a2 = rec.get("actor1") or {}, rec.get("actor2") or {}
    return {
        "event_id_cnty": ev["id"], "event_date": date, "year": date[:4], "time_precision": ev.get("time_precision") or "",
        "event_type": ev["event_type"], "sub_event_type": ev.get("sub_event_type") or "",
        "actor1": ev.get("actor1") or "", "assoc_actor_1": _names(rec.get("assoc_actor_1")), "inter1": a1.get("inter", ""),
        "actor2": ev.get("actor2") or "", "assoc_actor_2": _names(rec.get("assoc_actor_2")), "inter2": a2.get("inter", ""),
        "interaction": "", "country": ev.get("country") or "", "iso": ev.get("country_code") or "",
        "admin1": ev.get("admin1") or "", "admin2": ev.get("admin2") or "", "admin3": "", "location": ev.get("location") or "",
        "latitude": "" if ev.get("latitude") is None else ev["latitude"],
        "longitude": "" if ev.get("longitude") is None else ev["longitude"],
        "geo_precision": ev.get("geo_precision") or "", "source": "; ".join(rec.get("sources") or []),
        "source_scale": "", "notes": ev.get("notes") or "",
        "fatalities": 0 if ev.get("fatalities") is None else ev["fatalities"], "timestamp": "",
    }


def flat(ev: dict[str, Any]) -> dict[str, Any]:
    """An event as flat JSON-ready fields (no nested record)."""
    out = {k: v for k, v in ev.items() if k not in ("record", "why")}
    if out.get("event_date") is not None:
        out["event_date"] = out["event_date"].isoformat()
    out["sources"] = (ev.get("record") or {}).get("sources", [])
    return out


def with_reports(conn: Connection, events: Iterable[dict[str, Any]], size: int = 500) -> Iterator[dict[str, Any]]:
    """Events, each with its reports (document, outlet, url, evidence), fetched in chunks."""
    buf: list[dict[str, Any]] = []

    def emit() -> Iterator[dict[str, Any]]:
        ids = [e["id"] for e in buf]
        q = (select(R.c.event_id, R.c.key, R.c.record, D.c.doc_id, D.c.outlet, D.c.url)
             .select_from(R.join(D, R.c.document_id == D.c.id)).where(R.c.event_id.in_(ids)).order_by(R.c.key))
        by: dict[str, list] = {}
        for r in conn.execute(q):
            by.setdefault(r.event_id, []).append({"key": r.key, "document": r.doc_id, "outlet": r.outlet, "url": r.url, "event": r.record})
        for e in buf:
            yield {**flat(e), **{k: v for k, v in (e.get("record") or {}).items() if k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")},
                   "reports": by.get(e["id"], []), "why": e.get("why")}
        buf.clear()

    for e in events:
        buf.append(e)
        if len(buf) >= size:
            yield from emit()
    if buf:
        yield from emit()


def write(conn: Connection, events: Iterable[dict[str, Any]], fmt: str, out: IO, path: str | None = None) -> int:
    """Write events in `fmt` to `out` (a text stream; Parquet needs `path`); returns how many."""
    n = 0
    if fmt == "acled-csv":
        w = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        w.writeheader()
        for ev in events:
            w.writerow(acled_row(ev))
            n += 1
    elif fmt == "jsonl":
        for ev in with_reports(conn, events):
            out.write(json.dumps(ev, ensure_ascii=False, default=str) + "\n")
            n += 1
    elif fmt == "geojson":
        out.write('{"type": "FeatureCollection", "features": [\n')
        for ev in events:
            if ev.get("latitude") is None or ev.get("longitude") is None:
                continue
            feat = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [ev["longitude"], ev["latitude"]]},
                    "properties": flat(ev)}
            out.write(("," if n else "") + json.dumps(feat, ensure_ascii=False, default=str) + "\n")
            n += 1
        out.write("]}\n")
    elif fmt == "parquet":
        n = _parquet(events, path)
    else:  # pragma: no cover - click restricts the choice
        raise ValueError(fmt)
    return n


def _parquet(events: Iterable[dict[str, Any]], path: str, size: int = 10_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in ACLED_COLUMNS if c not in ("latitude", "longitude", "fatalities", "time_precision", "geo_precision")]
                       + [("latitude", pa.float64()), ("longitude", pa.float64()), ("fatalities", pa.int64()),
                          ("time_precision", pa.int64()), ("geo_precision", pa.int64()),
                          ("fatalities_min", pa.int64()), ("fatalities_max", pa.int64()), ("n_reports", pa.int64()), ("n_sources", pa.int64())])
    n = 0
    with pq.ParquetWriter(path, schema) as w:
        buf: list[dict[str, Any]] = []

        def put() -> None:
            cols = {f.name: [r.get(f.name) for r in buf] for f in schema}
            w.write_table(pa.table(cols, schema=schema))
            buf.clear()

        for ev in events:
            row = {k: ("" if v is None else str(v)) for k, v in acled_row(ev).items()}
            for k in ("latitude", "longitude", "fatalities", "time_precision", "geo_precision", "fatalities_min", "fatalities_max", "n_reports", "n_sources"):
                row[k] = ev.get(k)
            buf.append(row)
            n += 1
            if len(buf) >= size:
                put()
        if buf or n == 0:
            put()
    return n
