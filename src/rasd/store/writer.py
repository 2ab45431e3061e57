"""Writing extracted documents: one transaction per batch, whole documents only."""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from rasd.store import fts
from rasd.store.cluster import recluster
from rasd.store.merge import Actors, ReportView, grid_cell, place_key
from rasd.store.models import Document, EntityRow, QuoteRow, Report

D = Document.__table__


def failure_hash(path: str, doc_id: str, error: str) -> str:
    """Identity of a document that could not be read: where it was and why."""
    return hashlib.sha256(f"failed\0{path}\0{doc_id}\0{error}".encode()).hexdigest()


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def write_batch(conn: Connection, items: list[dict[str, Any]], actors: Actors) -> dict[str, int]:
    """Store a batch of results (in input order) and re-merge around their events.

    Each item: {"seq", "content_hash", "id", "path", "url", "title", "outlet",
    "published", "text", "ok", "record" | "code"+"error", "fts"}.
    """
    counts = {"ok": 0, "failed": 0, "reports": 0}
    rows = []
    for it in items:
        rec = it.get("record") or {}
        meta = dict(rec.get("document") or {})
        if rec.get("sources"):
            meta["sources"] = rec["sources"]
        rows.append({
            "content_hash": it["content_hash"],
            "doc_id": str(it["id"])[:512],
            "url": it.get("url"),
            "title": meta.get("title", it.get("title")),
            "published": _date(meta.get("published") or it.get("published")),
            "outlet": meta.get("outlet", it.get("outlet")),
            "path": it.get("path") or "",
            "status": "ok" if it["ok"] else "failed",
            "error_code": None if it["ok"] else it.get("code"),
            "error": None if it["ok"] else it.get("error"),
            "text": it.get("text") or "",
            "meta": meta,
            "seq": it["seq"],
        })
    if not rows:
        return {**counts, "events": 0}
    # A file that failed before and reads now: its old failure goes.
    ok_paths = sorted({r["path"] for r in rows if r["status"] == "ok" and r["path"]})
    if ok_paths and conn.execute(select(D.c.id).where(D.c.status == "failed").limit(1)).first():
        for i in range(0, len(ok_paths), 500):
            conn.execute(delete(Document).where(Document.status == "failed", Document.path.in_(ok_paths[i : i + 500])))
    pks = conn.execute(insert(Document).returning(Document.id, sort_by_parameter_order=True), rows).scalars().all()
    ents, quotes, reps, fts_rows, new_keys = [], [], [], [], []
    fresh: list[ReportView] = []
    for it, row, doc_pk in zip(items, rows, pks):
        if not it["ok"]:
            counts["failed"] += 1
            continue
        counts["ok"] += 1
        rec = it.get("record") or {}
        ents += [
            {"document_id": doc_pk, "start": e["start"], "end": e["end"], "kind": e["kind"],
             "entry_id": e.get("id"), "text": e.get("text") or "", "record": e}
            for e in rec.get("entities") or []
        ]
        quotes += [
            {"document_id": doc_pk, "start": q["start"], "end": q["end"], "speaker": q.get("speaker"),
             "speaker_id": q.get("speaker_id"), "text": q.get("text") or "", "record": q}
            for q in rec.get("quotes") or []
        ]
        for i, ev in enumerate(rec.get("events") or []):
            key = f"{it['content_hash']}#{i + 1}"
            reps.append({
                "key": key, "document_id": doc_pk, "idx": i + 1,
                "event_type": ev.get("event_type") or "", "sub_event_type": ev.get("sub_event_type"),
                "event_date": _date(ev.get("event_date")), "country_code": ev.get("country_code"),
                "location": place_key(ev), "latitude": ev.get("latitude"), "longitude": ev.get("longitude"),
                "cell": grid_cell(ev.get("latitude"), ev.get("longitude")), "fatalities": ev.get("fatalities"), "record": ev, "event_id": None,
            })
            new_keys.append(key)
            fresh.append(ReportView.of(key, it["content_hash"], row["outlet"], ev))
        fts_rows.append({"id": doc_pk, "body": it.get("fts") or ""})
    for table, batch in ((EntityRow, ents), (QuoteRow, quotes), (Report, reps)):
        if batch:
            conn.execute(insert(table), batch)
    counts["reports"] = len(reps)
    fts.index(conn, fts_rows)
    counts["events"] = recluster(conn, new_keys, actors, fresh=fresh)
    return counts


def known(conn: Connection, hashes: list[str], urls: list[str]) -> tuple[set[str], set[str]]:
    """Which of these content hashes and urls are already stored."""
    got_h: set[str] = set()
    got_u: set[str] = set()
    for i in range(0, len(hashes), 500):
        got_h.update(conn.execute(select(D.c.content_hash).where(D.c.content_hash.in_(hashes[i : i + 500]))).scalars())
    urls = [u for u in urls if u]
    for i in range(0, len(urls), 500):
        got_u.update(conn.execute(select(D.c.url).where(D.c.url.in_(urls[i : i + 500]))).scalars())
    return got_h, got_u
