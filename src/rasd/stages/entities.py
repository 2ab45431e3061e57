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
    readings = kb.derived("name_readings", lambda kb: {})
    after_cue = kb.after_cue
    found = []  # (hit, word before it, cue word)
    for h in kb.names.find(text):
        word, cue = _before(text, h.word_start)
        ids = after_cue.get(h.key)
        if ids and cue is None:
            # readings that count only after a place word ("بلدة سلمى") are dropped where none is
            h.payloads = tuple(p for p in h.payloads if p[1] not in ids)
            if not h.payloads:
                continue
        found.append((h, word, cue))
    dem_hits = kb.demonyms.find(text)
    # a nationality adjective right after a name, by where the spaces before it start
    dem_at = {_space_start(text, h.word_start): h for h in dem_hits}
    mentions = []
    for h, _, _ in found:
        r = readings.get(h.payloads)
        if r is None:
            r = readings[h.payloads] = _Reading(kb, h.payloads)
        mentions.append(r.place_ids)
    ctx = build_context(kb.places, mentions, (cc for h in dem_hits for cc in h.payloads),
                        memo=kb.derived("mention_weights", lambda kb: {}))
    ctx.demonym_hits = dem_hits
    doc.geo = ctx
    sent_starts = [s.start for s in doc.sentences]
    orig = norm.starts
    out: list[Entity] = []
    # a name repeats in an article; its reading depends only on the name, the cue
    # word before it and the nationality adjective after it
    seen: dict[tuple, tuple] = {}
    for h, word, cue in found:
        payloads = h.payloads
        if not h.prefix and word in _KINSHIP and readings[payloads].all_places:
            continue  # "أبو خليل", "ابن الموصل": part of a person's name
        start, end = orig[h.start], orig[h.end - 1] + 1
        dem = dem_at.get(h.end)
        key = (h.key, payloads, cue, dem.payloads if dem else None, dem.end - h.end if dem else None)
        got = seen.get(key)
        if got is None:
            got = seen[key] = _resolve(kb, readings[payloads], ctx, cue, dem)
        head, attrs, to_demonym = got
        if to_demonym:  # a generic actor named with its nationality: "الجيش العراقي"
            end = orig[dem.end - 1] + 1
        out.append(Entity(start, end, *head, max(0, bisect_right(sent_starts, start) - 1), dict(attrs)))
    people = find_people(doc, out)
    if people:
        # a place name inside a person's name ("صلاح الدين الشعلان") is part of the name
        out = [e for e in out if e.kind != "place" or not any(p.start <= e.start and e.end <= p.end for p in people)]
        out.extend(people)
        out.sort(key=lambda e: (e.start, -e.end))
    doc.entities = out  # (without people, already in order: hits come sorted by start)
    return doc


class _Reading:
    """What a name's payloads stand for in the knowledge base (kept per distinct payloads)."""

    __slots__ = ("place_ids", "places", "actors", "cands", "all_places")

    def __init__(self, kb, payloads: tuple) -> None:
        self.place_ids = tuple(i for k, i in payloads if k == "place")
        self.places = [kb.places[i] for i in self.place_ids if i in kb.places]
        self.actors = [kb.actors[i] for k, i in payloads if k == "actor" and i in kb.actors]
        self.cands = tuple(f"{k}:{i}" for k, i in payloads)
        self.all_places = all(k == "place" for k, _ in payloads)


def _resolve(kb, r: _Reading, ctx, cue: str | None, demonym: Hit | None) -> tuple:
    """A name's reading: ((kind, entry id, rule, candidates), attrs, ends after the demonym)."""
    places, actors, cands = r.places, r.actors, r.cands
    if actors and (not places or cue is None and _actor_first(actors)):
        actor = _pick_actor(actors, ctx)
        head = ("person" if actor["type"] == "person" else "actor", actor["id"], "kb.alias", cands)
        cc, to_demonym = None, False
        if actor.get("generic"):
            cc = demonym.payloads[0] if demonym else ctx.country
            to_demonym = demonym is not None
        attrs = actor_view(kb, actor, cc)
        if places:
            attrs["place_candidates"] = [p["id"] for p in places]
        return head, attrs, to_demonym
    ranked = rank_places(places, ctx, cue)
    best = ranked[0]
    head = ("place", best["id"], "kb.alias+geo.rank" if len(ranked) > 1 else "kb.alias", cands)
    attrs = dict(_place_view(kb, best))
    if cue:
        attrs["cue"] = cue
    if actors:
        attrs["actor_candidates"] = [a["id"] for a in actors]
    if best.get("stands_for"):
        attrs["stands_for"] = best["stands_for"]
    return head, attrs, False


def _actor_first(actors: list[dict[str, Any]]) -> bool:
    # An organisation's name beats a place of the same spelling; a bare
    # government-by-capital reading does not (that is decided per event).
    return any(a["type"] not in ("government",) for a in actors)


def _pick_actor(actors: list[dict[str, Any]], ctx) -> dict[str, Any]:
    """The article's country's entry first, then one of no country, then another country's."""
    if len(actors) == 1:
        return actors[0]
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


def _place_view(kb, p: dict[str, Any]) -> dict[str, Any]:
    """`place_view(p)`, made once per place and knowledge base (not to be changed)."""
    views = kb.derived("place_views", lambda kb: {})
    made = views.get(p["id"])
    if made is None:
        made = views[p["id"]] = place_view(p)
    return made


# word form before a name -> (its Arabic word, the place cue that word is); a
# pure function of the form, and the same few hundred forms recur
_BEFORE: dict[str, tuple[str, str | None]] = {}
_BEFORE_MAX = 50_000


def _before(text: str, word_start: int) -> tuple[str, str | None]:
    """The Arabic word right before the word at `word_start` ('' at a start or after
    punctuation), and the place cue ("محافظة", "مدينة"...) it is, if any."""
    i = word_start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i < 0:
        return "", None
    form = text[text.rfind(" ", 0, i) + 1 : i + 1]
    got = _BEFORE.get(form)
    if got is None:
        j = len(form)
        while j > 0 and "\u0621" <= form[j - 1] <= "\u064a":
            j -= 1
        if len(_BEFORE) >= _BEFORE_MAX:
            _BEFORE.clear()
        got = _BEFORE[form] = (form[j:], _cue_of(form[j:]))
    return got


def _space_start(text: str, i: int) -> int:
    """Where the spaces right before offset `i` start (`i` if there are none)."""
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i


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

