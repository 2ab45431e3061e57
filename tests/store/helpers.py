"""Building event records and stored batches for store tests (no extraction needed)."""
from __future__ import annotations

import hashlib
from typing import Any

from rasd.text.normalize import fold

ACTORS = {
    "iq-police": {"id": "iq-police", "name": "Police Forces of Iraq", "type": "state_force"},
    "iq-federal-police": {"id": "iq-federal-police", "name": "Police Forces of Iraq - Federal Police", "type": "state_force", "parent": "iq-police"},
    "isis": {"id": "isis", "name": "Islamic State", "type": "rebel"},
    "pmf": {"id": "pmf", "name": "Popular Mobilization Forces", "type": "militia"},
    "military-forces": {"id": "military-forces", "name": "Military Forces", "type": "state_force", "generic": True},
    "unidentified-armed-group": {"id": "unidentified-armed-group", "name": "Unidentified Armed Group", "type": "unidentified", "generic": True},
}

PLACES = {  # folded Arabic name: (English, lat, lon, admin1)
    "kirkuk": ("كركوك", 35.4681, 44.3922, "Kirkuk"),
    "hawija": ("الحويجة", 35.3217, 43.7633, "Kirkuk"),
    "tuz": ("طوزخورماتو", 34.8867, 44.6336, "Salah al-Din"),
    "baghdad": ("بغداد", 33.3152, 44.3661, "Baghdad"),
}


def actor(aid: str | None) -> dict[str, Any] | None:
    if aid is None:
        return None
    a = ACTORS[aid]
    return {"id": a["id"], "name": a["name"], "name_ar": "", "text": ""}


def event(
    etype: str = "Battles",
    date: str | None = "2024-03-01",
    place: str = "kirkuk",
    a1: str | None = "iq-police",
    a2: str | None = "isis",
    fatalities: int | None = None,
    dlat: float = 0.0,
    sub: str | None = None,
) -> dict[str, Any]:
    """An event record shaped like rasd.output.event_record's."""
    ar, lat, lon, admin1 = PLACES[place]
    return {
        "event_id": "x#1", "event_date": date, "time_precision": 1, "event_type": etype,
        "sub_event_type": sub or {"Battles": "Armed clash", "Explosions/Remote violence": "Air/drone strike"}.get(etype, "Attack"),
        "plover": "FIGHT", "actor1": actor(a1), "assoc_actor_1": [], "actor2": actor(a2), "assoc_actor_2": [],
        "country": "Iraq", "country_code": "IQ", "admin1": admin1, "admin2": None, "location": place.title(),
        "location_ar": ar, "latitude": lat + dlat, "longitude": lon, "geo_precision": 1, "fatalities": fatalities,
        "notes": "", "confidence": 0.8, "start": 0, "end": 10,
        "evidence": {"event": {"start": 0, "end": 10, "text": "اشتباكات", "rule": "test"}},
    }


def item(seq: int, text: str, events: list[dict[str, Any]], outlet: str = "Outlet A", url: str | None = None) -> dict[str, Any]:
    """A worker result ready for `write_batch`."""
    h = hashlib.sha256(text.encode()).hexdigest()
    return {
        "seq": seq, "content_hash": h, "id": f"doc{seq}", "path": f"doc{seq}.txt", "url": url, "title": None,
        "outlet": outlet, "published": "2024-03-02", "text": text, "ok": True, "fts": fold(text),
        "record": {"document": {"id": f"doc{seq}", "title": None, "published": "2024-03-02", "outlet": outlet, "url": url},
                   "entities": [{"start": 0, "end": 5, "text": text[:5], "kind": "place", "id": "x", "rule": "t"}],
                   "quotes": [], "sources": [], "events": events},
    }
