"""Stand-in events for ingest tests while the real events stage is being written.

`install()` replaces `rasd.store.workers.extract_one`, without running the
real pipeline: every document reports one Battles event at the first place
below named in its text, dated on its publication date.  This file is also copied as a
`sitecustomize.py` for subprocess tests, where it installs itself when
RASD_TEST_FAKE_EVENTS is set (worker processes included).
"""
import os

PLACES = {
    "كركوك": ("Kirkuk", 35.4681, 44.3922),
    "الموصل": ("Mosul", 36.3450, 43.1450),
    "تكريت": ("Tikrit", 34.6071, 43.6782),
    "بعقوبة": ("Baqubah", 33.7476, 44.6434),
    "الرمادي": ("Ramadi", 33.4206, 43.3078),
}


def fake_events(text, published):
    for ar, (name, lat, lon) in PLACES.items():
        if ar in text:
            return [{
                "event_id": "fake#1", "event_date": published, "time_precision": 1, "event_type": "Battles",
                "sub_event_type": "Armed clash", "plover": "FIGHT",
                "actor1": {"id": "iq-police", "name": "Police Forces of Iraq", "name_ar": "الشرطة العراقية", "text": ""},
                "assoc_actor_1": [], "actor2": None, "assoc_actor_2": [], "country": "Iraq", "country_code": "IQ",
                "admin1": name, "admin2": None, "location": name, "location_ar": ar, "latitude": lat, "longitude": lon,
                "geo_precision": 1, "fatalities": len(text) % 7, "notes": f"clash in {name}", "confidence": 0.7,
                "start": text.index(ar), "end": text.index(ar) + len(ar),
                "evidence": {"location": {"start": text.index(ar), "end": text.index(ar) + len(ar), "text": ar, "rule": "fake"}},
            }]
    return []


def install():
    import rasd.store.workers as w

    if getattr(w.extract_one, "_fake", False):
        return
    from rasd.text.normalize import fold

    def extract_one(job, knowledge=()):
        # The whole extraction is stood in for, so these tests neither move with
        # extraction quality nor break while a stage is being rewritten.
        doc = {"id": job.id, "title": job.title, "published": job.published, "outlet": job.outlet,
               "url": job.url, "length": len(job.text), "warnings": []}
        words = job.text.split()
        ents = [{"start": 0, "end": len(words[0]), "text": words[0], "kind": "place", "id": None, "rule": "fake"}]
        rec = {"document": doc, "entities": ents, "quotes": [], "sources": [], "events": fake_events(job.text, job.published)}
        return {"seq": job.seq, "ok": True, "record": rec, "fts": fold(job.text)}

    extract_one._fake = True
    w.extract_one = extract_one


if os.environ.get("RASD_TEST_FAKE_EVENTS"):
    install()
