"""The article view: a text, every span rasd found in it, and its events' evidence.

A stored document keeps its text but not every span (dates, numbers and
triggers are not stored), so the view re-runs the pipeline on the text (a few
milliseconds) for the highlights, and takes the events from the database: the
reports stored for the document, each with its evidence and the merged event
it belongs to.  Offsets are into the original text, so both line up.
"""
from __future__ import annotations

from typing import Any

from rasd.doc import Doc

# The kinds the page highlights, in the order a legend lists them.
KINDS = ("actor", "place", "person", "outlet", "time", "number", "trigger", "quote")


def spans(doc: Doc) -> list[dict[str, Any]]:
    """Every highlightable span of a processed Doc, sorted by position."""
    out: list[dict[str, Any]] = []
    n = len(doc.text)

    def add(start: int | None, end: int | None, kind: str, label: str, rule: str, **extra: Any) -> None:
        if start is None or end is None or not (0 <= start < end <= n):
            return
        out.append({"start": start, "end": end, "kind": kind, "label": label, "rule": rule, **extra})

    for e in doc.entities:
        name = e.attrs.get("name") or e.attrs.get("name_ar") or e.entry_id or ""
        add(e.start, e.end, e.kind if e.kind in KINDS else "actor", str(name), e.rule, id=e.attrs.get("id", e.entry_id))
    for t in doc.times:
        add(t.start, t.end, "time", t.value or "unresolved", t.rule)
    for x in doc.numbers:
        add(x.start, x.end, "number", str(x.value), x.rule)
    for tr in doc.triggers:
        label = " / ".join(x for x in (tr.event_type, tr.sub_event_type) if x) or tr.entry_id
        add(tr.start, tr.end, "trigger", label, tr.entry_id)
    for q in doc.quotes:
        add(q.start, q.end, "quote", q.speaker or "", q.rule)
    out.sort(key=lambda s: (s["start"], -s["end"], s["kind"]))
    return out


def evidence(record: dict[str, Any], length: int) -> dict[str, dict[str, Any]]:
    """An event record's evidence, keeping only spans that fit the text."""
    out = {}
    for field, ev in (record.get("evidence") or {}).items():
        if not isinstance(ev, dict):
            continue
        s, e = ev.get("start"), ev.get("end")
        ok = isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= length
        out[field] = {"start": s if ok else None, "end": e if ok else None, "text": ev.get("text"), "rule": ev.get("rule")}
    return out


EVENT_FIELDS = ("event_id", "event_date", "time_precision", "event_type", "sub_event_type", "country", "country_code",
                "admin1", "admin2", "location", "location_ar", "latitude", "longitude", "geo_precision", "fatalities",
                "notes", "confidence", "start", "end")


def event_view(record: dict[str, Any], length: int, **extra: Any) -> dict[str, Any]:
    """One event record as the article view shows it: fields, actor names, evidence."""
    out = {k: record.get(k) for k in EVENT_FIELDS}
    for k in ("actor1", "actor2"):
        a = record.get(k) or {}
        out[k] = {"id": a.get("id"), "name": a.get("name"), "name_ar": a.get("name_ar")} if a else None
    out["evidence"] = evidence(record, length)
    out.update(extra)
    return out


def view_of_doc(doc: Doc, record: dict[str, Any]) -> dict[str, Any]:
    """The view of freshly extracted text (the paste box): its own events, not stored ones."""
    n = len(doc.text)
    return {
        "document": record["document"],
        "text": doc.text,
        "spans": spans(doc),
        "events": [event_view(ev, n, event=None, key=None) for ev in record["events"]],
    }


def view_of_stored(row: dict[str, Any], found: list[dict[str, Any]], reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The view of a stored document: its text, the spans `found` in it, and its stored reports linked to their events."""
    text = row["text"]
    n = len(text)
    meta = {k: row.get(k) for k in ("id", "doc_id", "title", "published", "outlet", "url", "status", "error_code", "error")}
    return {
        "document": meta,
        "text": text,
        "spans": found,
        "events": [event_view(r["record"] or {}, n, event=r["event_id"], key=r["key"]) for r in reports],
    }
