"""Storing posted articles: the same extraction, dedupe and merge as `rasd ingest`.

Each article goes through the ingest worker's `extract_one` (so stored records
and the full-text index are exactly what an ingest writes) and then through
`write_batch` in one transaction; articles already stored (same text or url)
are skipped.  One writer at a time: re-merging is not safe to interleave.
"""
from __future__ import annotations

from typing import Any

from rasd.errors import RasdError


def store_documents(state, docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Extract and store `docs` ({text, id?, title?, published?, outlet?, url?});
    returns what happened to each, in order."""
    from rasd.io.decode import check_text
    from rasd.pipeline import parse_date
    from rasd.store.merge import Actors
    from rasd.store.workers import Job, content_hash, extract_one
    from rasd.store.writer import known, write_batch
    from rasd.web.queries import document_by_hash, document_reports

    results: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    with state.write_lock:
        hashes = [content_hash(d["text"]) for d in docs]
        with state.engine.connect() as conn:
            got_h, got_u = known(conn, hashes, [d.get("url") for d in docs])
        seen: set[str] = set()
        for seq, (d, h) in enumerate(zip(docs, hashes)):
            doc_id = str(d.get("id") or h[:12])
            res: dict[str, Any] = {"id": doc_id, "status": None}
            results.append(res)
            if h in got_h or h in seen or (d.get("url") and d["url"] in got_u):
                res["status"] = "skipped"
                continue
            seen.add(h)
            try:
                check_text(d["text"], path=doc_id)
                published = parse_date(d["published"]).isoformat() if d.get("published") else None
            except RasdError as exc:
                res.update(status="refused", error={"code": exc.code, "message": str(exc)})
                continue
            job = Job(seq, h, doc_id, d["text"], published, d.get("title"), d.get("outlet"), d.get("url"), f"api:{doc_id}")
            with state.extract_lock:
                out = extract_one(job)
            items.append({"content_hash": h, "id": doc_id, "path": job.path, "url": job.url, "title": job.title,
                          "outlet": job.outlet, "published": published, "text": job.text, **out})
            res["status"] = "stored" if out["ok"] else "failed"
            res["hash"] = h
            if not out["ok"]:
                res["error"] = {"code": out.get("code"), "message": out.get("error")}
        if items:
            with state.engine.begin() as conn:
                write_batch(conn, items, Actors(state.kb.actors))
        with state.engine.connect() as conn:
            for res in results:
                h = res.pop("hash", None)
                if h and res["status"] == "stored":
                    pk = document_by_hash(conn, h)
                    res["document"] = pk
                    reps = document_reports(conn, pk) if pk is not None else []
                    res["events"] = sorted({r["event_id"] for r in reps if r["event_id"]})
                    res["reports"] = len(reps)
    counts = {s: sum(1 for r in results if r["status"] == s) for s in ("stored", "skipped", "failed", "refused")}
    return {**counts, "documents": results}
