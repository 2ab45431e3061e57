"""Stage `entities`: actors, places and people named in the article.

Known names come from the knowledge base matcher (clitic-aware).  A name with
several readings is resolved in context: places by `rasd.geo.resolve`, generic
actors ("الجيش", "الشرطة") by the nationality adjective after them or the
article's country.  People the knowledge base does not know are found by a
title before their name ("الفريق علي الفريجي", "المتحدث باسم ...").
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any

from rasd.doc import Doc, Entity
from rasd.geo.resolve import build_context, rank_places
from rasd.knowledge.matcher import Hit
from rasd.registry import stage
from rasd.stages.people import find_people


@stage("entities", reads=("tokens", "sentences"), writes=("entities",))
def entities(doc: Doc) -> Doc:
    """Set `doc.entities` (sorted by start)."""
    kb = doc.kb
    norm = doc.ensure_norm()
    text = norm.text
    hits = kb.names.find(text)
    if any(h.key in kb.after_cue for h in hits):
        hits = _drop_uncued(text, hits, kb.after_cue)
    dem_hits = kb.demonyms.find(text)
    dem_at = {h.word_start: h for h in dem_hits}
    place_mentions = [tuple(i for k, i in h.payloads if k == "place") for h in hits]
    ctx = build_context(kb.places, place_mentions, (cc for h in dem_hits for cc in h.payloads))
    ctx.demonym_hits = dem_hits
    doc.geo = ctx
    sent_starts = [s.start for s in doc.sentences]
    out: list[Entity] = []
    # a name repeats in an article; its reading depends only on the name, the cue
    # word before it and the nationality adjective after it
    seen: dict[tuple, Entity] = {}
    for h in hits:
        before = _word_before(text, h)
        if not h.prefix and before in _KINSHIP and all(k == "place" for k, _ in h.payloads):
            continue  # "أبو خليل", "ابن الموصل": part of a person's name
        start, end = norm.to_orig(h.start, h.end)
        sent = max(0, bisect_right(sent_starts, start) - 1)
        cue = _cue_of(before)
        dem = dem_at.get(_next_word_start(text, h.end))
        key = (h.key, h.payloads, cue, dem.payloads if dem else None, dem.end - h.end if dem else None)
        proto = seen.get(key)
        if proto is None:
            proto = seen[key] = _resolve(kb, h, ctx, cue, dem)
        ent = Entity(0, 0, proto.kind, proto.entry_id, proto.rule, proto.candidates, attrs=dict(proto.attrs))
        if "demonym_end" in ent.attrs:
            ent.attrs["demonym_end"] = dem.end
        ent.start, ent.end, ent.sent = start, end, sent
        if ent.attrs.get("demonym_end") is not None:
            ent.end = norm.to_orig(h.start, ent.attrs.pop("demonym_end"))[1]
        out.append(ent)
    people = find_people(doc, out)
    if people:
        # a place name inside a person's name ("صلاح الدين الشعلان") is part of the name
        out = [e for e in out if e.kind != "place" or not any(p.start <= e.start and e.end <= p.end for p in people)]
        out.extend(people)
    out.sort(key=lambda e: (e.start, -e.end))
    doc.entities = out
    return doc


def _resolve(kb, h: Hit, ctx, cue: str | None, demonym: Hit | None) -> Entity:
    places = [kb.places[i] for k, i in h.payloads if k == "place" and i in kb.places]
    actors = [kb.actors[i] for k, i in h.payloads if k == "actor" and i in kb.actors]
    cands = tuple(f"{k}:{i}" for k, i in h.payloads)
    if actors and (not places or cue is None and _actor_first(actors)):
        actor = _pick_actor(actors, ctx)
        ent = Entity(0, 0, "person" if actor["type"] == "person" else "actor", actor["id"], "kb.alias", cands)
        cc = None
        if actor.get("generic"):
            cc = demonym.payloads[0] if demonym else ctx.country
            if demonym:
                ent.attrs["demonym_end"] = demonym.end
        ent.attrs.update(actor_view(kb, actor, cc))
        if places:
            ent.attrs["place_candidates"] = [p["id"] for p in places]
        return ent
    ranked = rank_places(places, ctx, cue)
    best = ranked[0]
    ent = Entity(0, 0, "place", best["id"], "kb.alias+geo.rank" if len(ranked) > 1 else "kb.alias", cands)
    ent.attrs.update(place_view(best))
    if cue:
        ent.attrs["cue"] = cue
    if actors:
        ent.attrs["actor_candidates"] = [a["id"] for a in actors]
    if best.get("stands_for"):
        ent.attrs["stands_for"] = best["stands_for"]
    return ent


def _actor_first(actors: list[dict[str, Any]]) -> bool:
    # An organisation's name beats a place of the same spelling; a bare
    # government-by-capital reading does not (that is decided per event).
    return any(a["type"] not in ("government",) for a in actors)


def _pick_actor(actors: list[dict[str, Any]], ctx) -> dict[str, Any]:
    """The article's country's entry first, then one of no country, then another country's."""
    cc = ctx.country

    def rank(a: dict[str, Any]) -> tuple:
        home = 2 if a.get("country") == cc else (1 if not a.get("country") else 0)
        return (home, not a.get("generic"), -len(a["id"]))

    return max(actors, key=rank)


def actor_view(kb, actor: dict[str, Any], country: str | None) -> dict[str, Any]:
    """The fields an actor shows in output: {id, name, name_ar, type, inter, country} (a new dict)."""
    # The same few actors recur in every article: their views are kept per knowledge base.
    cache = kb.derived("actor_views", lambda kb: {})
    key = (actor["id"], country if actor.get("generic") else None)
    made = cache.get(key)
    if made is None:
        made = cache[key] = _actor_view(kb, actor, country)
    return dict(made)


def _actor_view(kb, actor: dict[str, Any], country: str | None) -> dict[str, Any]:
    view = {
        "id": actor["id"],
        "name": actor["name"],
        "name_ar": actor["name_ar"],
        "type": actor["type"],
        "inter": actor.get("inter"),
        "country": actor.get("country"),
    }
    if actor.get("generic") and country:
        explicit = kb.actors.get(actor.get("id_template", actor["id"] + ":{CC}").format(CC=country, cc=country.lower()))
        if explicit is not None and not explicit.get("generic"):
            # a per-country entry exists ("military-forces:SY", "gov-sy"): it is the same actor
            view.update(id=explicit["id"], name=explicit["name"], name_ar=explicit["name_ar"],
                        type=explicit["type"], inter=explicit.get("inter"), country=country)
            return view
        c = kb.places.get(f"iso:{country}")
        cname = c["name"] if c else country
        cname_ar = c["name_ar"] if c else country
        view["id"] = f"{actor['id']}:{country}"
        view["name"] = actor.get("name_template", actor["name"] + " ({country})").format(country=cname)
        if actor.get("name_ar_template"):
            view["name_ar"] = actor["name_ar_template"].format(country_ar=cname_ar)
        view["country"] = country
    return view


def place_view(p: dict[str, Any]) -> dict[str, Any]:
    keys = ("name", "name_ar", "kind", "country", "admin1", "admin2", "lat", "lon", "population")
    return {k: p.get(k) for k in keys}


def _word_before(text: str, h: Hit) -> str:
    """The Arabic word right before the word holding a hit ('' at a start or after punctuation)."""
    i = h.word_start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    j = i
    while j >= 0 and "\u0621" <= text[j] <= "\u064a":
        j -= 1
    return text[j + 1 : i + 1]


def _drop_uncued(text: str, hits: list[Hit], gated: dict[str, frozenset[str]]) -> list[Hit]:
    """Readings of names that count only after a place word ("بلدة سلمى"), dropped where none is."""
    out = []
    for h in hits:
        ids = gated.get(h.key)
        if ids and _cue_of(_word_before(text, h)) is None:
            h.payloads = tuple(p for p in h.payloads if p[1] not in ids)
            if not h.payloads:
                continue
        out.append(h)
    return out


def _cue_of(word: str) -> str | None:
    """The place cue ("محافظة", "مدينة"...) a word before a name is, without clitics."""
    cue = _CUE_FORMS.get(word)
    if cue is None:
        for p in ("وب", "و", "ب", "ل", "ف"):
            if word.startswith(p):
                cue = _CUE_FORMS.get(word[len(p) :])
                if cue is not None:
                    break
    return cue


_CUES = frozenset(
    ["محافظه", "ولايه", "اقليم", "قضاء", "مديريه", "ناحيه", "منطقه", "مدينه", "بلده",
     "قريه", "حي", "مخيم", "مطار", "قاعده", "دوله", "مناطق", "مدن", "قري", "بلدات"]
)


# "في منطقتي سلمى وكباني": a dual names two places of that kind
_DUAL_CUES = {"منطقتي": "منطقه", "بلدتي": "بلده", "قريتي": "قريه", "مدينتي": "مدينه", "ناحيتي": "ناحيه",
              "محافظتي": "محافظه"}
_CUE_FORMS = {**{c: c for c in _CUES}, **_DUAL_CUES}


_KINSHIP = frozenset(("ابو", "ام", "ابن", "بن", "بنت", "ابي", "ابا"))


def _next_word_start(text: str, end: int) -> int:
    i = end
    while i < len(text) and text[i] == " ":
        i += 1
    return i
