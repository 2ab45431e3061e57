"""Extraction away from the database: what runs in worker processes or on Dask.

A task is a list of `Job`s; the result of each is a plain dict (picklable, no
ORM objects) that the parent writes.  Each worker process builds its
`Pipeline` once and keeps it.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any

from rasd.text.normalize import fold

WORKER_NICE = int(os.environ.get("RASD_WORKER_NICE", "10"))
_PIPELINES: dict[tuple[str, ...], Any] = {}


@dataclass(slots=True)
class Job:
    """One article to extract, with the position and hash the parent gave it."""

    seq: int
    content_hash: str
    id: str
    text: str
    published: str | None
    title: str | None
    outlet: str | None
    url: str | None
    path: str


def content_hash(text: str) -> str:
    """A document's identity: SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pipeline(knowledge: tuple[str, ...] = ()):
    """This process's pipeline, built on first use."""
    p = _PIPELINES.get(knowledge)
    if p is None:
        from rasd.pipeline import Pipeline

        p = _PIPELINES[knowledge] = Pipeline(knowledge=knowledge)
    return p


def init_worker(knowledge: tuple[str, ...] = ()) -> None:
    """Load the knowledge base before the first task."""
    pipeline(knowledge)


def init_pool_worker(knowledge: tuple[str, ...] = ()) -> None:
    """Process-pool initializer: a lower priority, then `init_worker`.

    The ingest process stores and merges every result alone, and late in a
    large ingest it is the slower side: with as many workers as cores, an even
    share of the CPU held it back while workers ran ahead.  Niced workers
    still take every cycle it leaves.
    """
    try:
        os.nice(WORKER_NICE)
    except OSError:  # not allowed here: run at the same priority
        pass
    init_worker(knowledge)


def search_text(doc) -> str:
    """What the full-text index holds: the folded title and text, plus stems
    of words that carry clitics, so 'كركوك' finds 'بكركوك' and 'الحويجة' finds 'وبالحويجة'."""
    parts = [fold(doc.title or ""), fold(doc.text)]
    stems: set[str] = set()
    for t in doc.tokens:
        if t.kind == "word" and t.stem and t.stem != t.norm:
            stems.add(t.stem)
            if t.prefix.endswith("ال"):  # "وبالحويجة" is found by "الحويجة" too
                stems.add("ال" + t.stem)
    if stems:
        parts.append(" ".join(sorted(stems)))
    return "\n".join(p for p in parts if p)


def extract_one(job: Job, knowledge: tuple[str, ...] = ()) -> dict[str, Any]:
    """Extract one article; a failure becomes a failed result (E399 for a bug), never a crash."""
    from rasd.errors import RasdError
    from rasd.output import doc_record

    try:
        doc = pipeline(knowledge).extract_safely(
            job.text, path=job.path or job.id, id=job.id, published=job.published, title=job.title,
            outlet=job.outlet, url=job.url,
        )
        return {"seq": job.seq, "ok": True, "record": doc_record(doc), "fts": search_text(doc)}
    except RasdError as exc:
        return {"seq": job.seq, "ok": False, "code": exc.code, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - e.g. doc_record on an odd Doc: one article, not the batch
        from rasd.errors import ExtractionError

        err = ExtractionError("E399", path=job.path or job.id, detail=f"{type(exc).__name__}: {exc}".splitlines()[0][:300])
        return {"seq": job.seq, "ok": False, "code": err.code, "error": str(err)}


def extract_chunk(jobs: list[Job], knowledge: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Extract a list of articles in this process."""
    return [extract_one(j, knowledge) for j in jobs]
