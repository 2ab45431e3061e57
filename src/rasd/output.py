"""A processed `Doc` as plain data: the JSON record, JSON lines and ACLED CSV rows.

`doc_record(doc)` is rasd's output contract:

    {"document": {...}, "entities": [...], "quotes": [...], "sources": [...],
     "events": [...], "times": [...], "numbers": [...]}

Events use ACLED's column names where they apply; actors are
`{id, name, name_ar, text}`; every event carries `evidence`: for the event and
for each field, `{start, end, text, rule}` into the original article.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from rasd.doc import Doc, Event

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "country", "iso", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp",
]


def doc_record(doc: Doc) -> dict[str, Any]:
    """The JSON-ready record of one processed document."""
    return {
        "document": document_meta(doc),
        "entities": [entity_record(doc, e) for e in doc.entities],
        "quotes": [quote_record(doc, q) for q in doc.quotes],
        "sources": [
            {"start": s.start, "end": s.end, "text": doc.text[s.start : s.end], "chain": s.chain, "rule": s.rule}
            for s in doc.sources
        ],
        "events": [event_record(doc, ev, i) for i, ev in enumerate(doc.events)],
        "times": [time_record(doc, t) for t in doc.times],
        "numbers": [number_record(doc, n) for n in doc.numbers],
    }


def time_record(doc: Doc, t) -> dict[str, Any]:
    rec = {
        "start": t.start, "end": t.end, "text": doc.text[t.start : t.end], "value": t.value,
        "end_value": t.end_value, "precision": t.precision, "relative": t.relative,
        "resolved": t.resolved, "rule": t.rule,
    }
    rec.update({k: v for k, v in t.attrs.items() if isinstance(v, (str, int, float, bool))})
    return rec


def number_record(doc: Doc, n) -> dict[str, Any]:
    return {
        "start": n.start, "end": n.end, "text": doc.text[n.start : n.end], "value": n.value,
        "qualifier": n.qualifier or None, "kind": n.attrs.get("kind", "count"), "rule": n.rule,
    }


def document_meta(doc: Doc) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "outlet": doc.outlet,
        "url": doc.url,
        "length": len(doc.text),
        "warnings": list(doc.warnings),
    }


def entity_record(doc: Doc, e) -> dict[str, Any]:
    rec = {
        "start": e.start,
        "end": e.end,
        "text": doc.text[e.start : e.end],
        "kind": e.kind,
        "id": e.attrs.get("id", e.entry_id),
        "rule": e.rule,
    }
    if len(e.candidates) > 1:
        rec["candidates"] = list(e.candidates)
    for k in ("name", "name_ar"):
        if k in e.attrs:
            rec[k] = e.attrs[k]
    return rec


def quote_record(doc: Doc, q) -> dict[str, Any]:
    known = (doc.kb.actors.get(q.speaker_entity) if doc.kb is not None and q.speaker_entity else None) or {}
    return {
        "speaker": q.speaker,
        "speaker_id": q.speaker_entity,
        "speaker_name": known.get("name") or q.attrs.get("speaker_name"),
        "speaker_name_ar": known.get("name_ar") or q.attrs.get("speaker_name_ar"),
        "text": doc.text[q.start : q.end],
        "start": q.start,
        "end": q.end,
        "speaker_span": (
            {"start": q.speaker_start, "end": q.speaker_end, "text": doc.text[q.speaker_start : q.speaker_end]}
            if q.speaker_start is not None
            else None
        ),
        "rule": q.rule,
    }


def event_record(doc: Doc, ev: Event, index: int) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "event_id": f"{doc.id or 'doc'}#{index + 1}",
        "event_date": ev.event_date,
        "time_precision": ev.time_precision,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "plover": ev.plover,
        "actor1": ev.actor1,
        "assoc_actor_1": ev.assoc_actor_1,
        "actor2": ev.actor2,
        "assoc_actor_2": ev.assoc_actor_2,
        "country": ev.country,
        "country_code": ev.country_code,
        "admin1": ev.admin1,
        "admin2": ev.admin2,
        "location": ev.location,
        "location_ar": ev.location_ar,
        "latitude": ev.latitude,
        "longitude": ev.longitude,
        "geo_precision": ev.geo_precision,
        "fatalities": ev.fatalities,
        "notes": event_notes(ev),
        "confidence": round(ev.confidence, 3),
        "start": ev.start,
        "end": ev.end,
        "evidence": {k: v.as_dict() for k, v in ev.evidence.items()},
    }
    for k, v in ev.attrs.items():
        rec.setdefault(k, v)
    return rec


def event_notes(ev: Event) -> str:
    """A one-line English summary built from the fields."""
    who = ev.actor1["name"] if ev.actor1 else "Unknown actor"
    what = ev.sub_event_type.lower()
    whom = f" against {ev.actor2['name']}" if ev.actor2 else ""
    where = f" in {ev.location}" if ev.location else ""
    if ev.admin1 and ev.location and ev.admin1 != ev.location:
        where += f" ({ev.admin1})"
    if ev.country and ev.location != ev.country:
        where += f", {ev.country}"
    when = f" on {ev.event_date}" if ev.event_date else ""
    dead = ""
    if ev.fatalities is not None:
        dead = f"; {ev.fatalities} reported killed"
    return f"{who}: {what}{whom}{where}{when}{dead}."


def _actor_name(a: dict[str, Any] | None) -> str:
    return a["name"] if a else ""


def acled_rows(records: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """ACLED-column rows for the events of the given document records."""
    for rec in records:
        doc = rec["document"]
        for ev in rec["events"]:
            date = ev.get("event_date") or ""
            yield {
                "event_id_cnty": ev["event_id"],
                "event_date": date,
                "year": date[:4],
                "time_precision": ev.get("time_precision") or "",
                "event_type": ev["event_type"],
                "sub_event_type": ev["sub_event_type"],
                "actor1": _actor_name(ev.get("actor1")),
                "assoc_actor_1": "; ".join(a["name"] for a in ev.get("assoc_actor_1") or []),
                "inter1": (ev.get("actor1") or {}).get("inter", ""),
                "actor2": _actor_name(ev.get("actor2")),
                "assoc_actor_2": "; ".join(a["name"] for a in ev.get("assoc_actor_2") or []),
                "inter2": (ev.get("actor2") or {}).get("inter", ""),
                "interaction": "",
                "country": ev.get("country") or "",
                "iso": ev.get("country_code") or "",
                "admin1": ev.get("admin1") or "",
                "admin2": ev.get("admin2") or "",
                "admin3": "",
                "location": ev.get("location") or "",
                "latitude": "" if ev.get("latitude") is None else ev["latitude"],
                "longitude": "" if ev.get("longitude") is None else ev["longitude"],
                "geo_precision": ev.get("geo_precision") or "",
                "source": doc.get("outlet") or "",
                "source_scale": "",
                "notes": ev.get("notes", ""),
                "fatalities": 0 if ev.get("fatalities") is None else ev["fatalities"],
                "timestamp": "",
            }


def acled_csv(records: Iterable[dict[str, Any]], *, header: bool = True) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    if header:
        w.writeheader()
    for row in acled_rows(records):
        w.writerow(row)
    return buf.getvalue()
