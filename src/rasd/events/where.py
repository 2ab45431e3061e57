"""Where a frame happened, with ACLED geo_precision.

The most specific place named in the frame's sentence wins (a town beats its
governorate, which beats the country), after the trigger before before it.
A direction or "near" word before it ("غرب كركوك", "قرب مدينة") keeps the
place with precision 2.  A place rasd does not know, introduced by "منطقة /
قرية / بلدة / حي X", keeps its name and takes the coordinates of the known
place after it ("منطقة الطرفاوي غرب كركوك"), precision 2.  A governorate is
placed at its capital with precision 3.  Without a place in the sentence, the
previous sentences, then the article's first place, then its country.
"""
from __future__ import annotations

from typing import Any

from rasd.doc import Entity
from rasd.events.frames import Frame
from rasd.events.view import DocView

SPECIFICITY = {
    "landmark": 6, "neighbourhood": 6, "ppl": 5, "admin3": 4, "admin2": 3, "region": 3, "admin1": 2, "country": 1,
}
PRECISION = {"landmark": 1, "neighbourhood": 1, "ppl": 1, "admin3": 2, "admin2": 2, "region": 2, "admin1": 3, "country": 3}
LOOKBACK_SENTENCES = 3


def find_locations(view: DocView, frame: Frame, exclude: tuple = ()) -> list[dict[str, Any] | None]:
    """One place per event: a coordinated list ("بنش وطعوم وسرمين") gives several.

    `exclude` holds entities that play an actor's part in the event ("اتفقت
    بغداد وواشنطن"): they are not its scene.
    """
    if frame.family.startswith("strategic:"):
        return [_strategic_location(view, frame, exclude)]
    first = find_location(view, frame)
    if first is None or first.get("start") is None or first["rule"] != "place":
        return [first]
    k = view.tok_covering(first["start"])
    places = [first]
    for e in _coordinated_places(view, k, frame.hi):
        place = view.doc.kb.places.get(e.entry_id)
        if place is not None and SPECIFICITY.get(place["kind"], 1) >= 4:
            places.append(_result(view, place, e, PRECISION.get(place["kind"], 3), "place-list"))
    return places


# "نزحوا من مدينة حلب": the place people fled or came from is not where the event happened
_DISPLACED = frozenset(["نزح", "نزحوا", "نزحت", "فر", "فروا", "فرت", "هربوا", "هجروا", "هجرت", "النازحين", "نازحين",
                        "المهجرين", "مهجرين", "الفارين", "فارين", "القادمين", "قادمين"])
_MEDIA_NOUNS = frozenset(["تلفزيون", "تليفزيون", "قناه", "اذاعه", "صحيفه", "جريده", "وكاله", "راديو"])
_LIST_NOUNS = frozenset(["بلدات", "قري", "مدن", "مدينه", "بلده", "قريه", "منطقتي", "بلدتي", "قريتي", "مناطق", "احياء", "حي", "مدينتي", "ومدينه", "وبلدات", "وبلده", "وقريه"])


def _coordinated_places(view: DocView, k: int, hi: int) -> list[Entity]:
    """Places joined to the one at token k by "و" or commas."""
    out: list[Entity] = []
    cur = view.ent_at[k]
    a, b = view.entity_span(cur)
    m = b
    while m < hi:
        skipped = 0
        while m < hi and (view.is_punct(m, "،,") or view.word(m) in _LIST_NOUNS) and skipped < 2:
            m += 1
            skipped += 1
        if m >= hi:
            break
        e = view.ent_at[m]
        if e is None or e.kind != "place" or e is cur:
            break
        t = view.tok(m)
        joined = t.prefix.startswith("و") or (t.norm.startswith("و") and e.start > t.start)
        if not (joined or view.is_punct(m - 1, "،,") or view.word(m - 1) in _LIST_NOUNS):
            break
        out.append(e)
        cur = e
        m = view.entity_span(e)[1]
    return out


def _strategic_location(view: DocView, frame: Frame, exclude: tuple) -> dict[str, Any] | None:
    """A policy step is placed only by a place in its own comma-clause, else in the country."""
    main = frame.main or frame.triggers[0]
    a = main.ntok
    while a > frame.lo and not view.is_punct(a - 1, "،,;؛"):
        a -= 1
    b = main.attrs["last"] + 1
    while b < frame.hi and not view.is_punct(b, "،,;؛"):
        b += 1
    found = _best_in_range(view, a, b, main.ntok, exclude=exclude)
    if found:
        return found
    return article_place(view, country_only=True)


def find_location(view: DocView, frame: Frame) -> dict[str, Any] | None:
    """{"place", "name", "name_ar", "precision", "rule", "start", "end"} or None."""
    main = frame.main or frame.triggers[0]
    best = _best_in_range(view, frame.lo, frame.hi, main.ntok)
    if best:
        return best
    s_lo, _ = view.sent_toks[frame.sent]
    if s_lo < frame.lo:
        found = _best_in_range(view, s_lo, frame.lo, frame.lo, min_spec=2)
        if found:
            found["rule"] = "same-sentence:" + found["rule"]
            return found
    for si in range(frame.sent - 1, max(-1, frame.sent - 1 - LOOKBACK_SENTENCES), -1):
        if si in view.skip_sent:
            continue
        a, b = view.sent_toks[si]
        found = _best_in_range(view, a, b, b, min_spec=2)
        if found:
            found["rule"] = "previous-sentence:" + found["rule"]
            return found
    art = article_place(view)
    if art:
        art = dict(art)
        art["rule"] = "article-place:" + art["rule"]
        return art
    return None


def article_place(view: DocView, *, country_only: bool = False) -> dict[str, Any] | None:
    """The article's own place: the most specific place in its first sentences."""
    if country_only:
        cc = view.doc.geo.country if view.doc.geo is not None else None
        country = view.doc.kb.places.get(f"iso:{cc}") if cc else None
        return _result(view, country, None, 3, "article-country") if country else None
    cached = view.__dict__.get("_article_place", False)
    if cached is not False:
        return cached
    found = None
    for si in range(min(3, len(view.sent_toks))):
        a, b = view.sent_toks[si]
        cand = _best_in_range(view, a, b, a)
        if cand and (found is None or SPECIFICITY[cand["place"]["kind"]] > SPECIFICITY[found["place"]["kind"]]):
            found = cand
    if found is None and view.doc.geo is not None and view.doc.geo.country:
        country = view.doc.kb.places.get(f"iso:{view.doc.geo.country}")
        if country:
            found = _result(view, country, None, 3, "article-country")
    view.__dict__["_article_place"] = found
    return found


def _best_in_range(
    view: DocView, lo: int, hi: int, anchor_tok: int, min_spec: int = 0, exclude: tuple = ()
) -> dict[str, Any] | None:
    """The best scene among the places in tokens [lo, hi) (a new dict: callers relabel it)."""
    if exclude:
        return _best_uncached(view, lo, hi, anchor_tok, min_spec, exclude)
    # Frames of one sentence, and every frame looking back, ask about the same ranges.
    cache = view.__dict__.get("_best_cache")
    if cache is None:
        cache = view.__dict__["_best_cache"] = {}
    key = (lo, hi, anchor_tok, min_spec)
    if key not in cache:
        cache[key] = _best_uncached(view, lo, hi, anchor_tok, min_spec, exclude)
    found = cache[key]
    return dict(found) if found is not None else None


def _origin(view: DocView, k: int, lo: int) -> bool:
    """The place at token k follows "من" after a word of flight or displacement (place nouns between)."""
    m = k - 1
    while m > lo and view.role_at.get(m) == "place_noun":
        m -= 1
    return m > lo and view.word(m) == "من" and view.word(m - 1) in _DISPLACED


def _best_uncached(view: DocView, lo: int, hi: int, anchor_tok: int, min_spec: int, exclude: tuple):
    places = view.doc.kb.places
    toks, role = view.doc.tokens, view.role_at.get
    cands: list[tuple] = []  # (score, place, entity, precision, rule or unknown name's range)
    for k, e in view.entities_in(lo, hi):
        if e.kind != "place" or exclude and any(e is x for x in exclude):
            continue
        place = places.get(e.entry_id)
        if place is None:
            continue
        kind = place["kind"]
        spec = SPECIFICITY.get(kind, 1)
        if spec < min_spec:
            continue
        if view.word(k - 1) in _MEDIA_NOUNS:
            continue  # "مصور تلفزيون أبو ظبي": a place in an outlet's name is not a scene
        if _origin(view, k, lo):
            continue  # "الفارين من البلدة": where they came from
        if role(k - 1) == "hq" or (kind == "country" and not _locative_before(view, k, lo)):
            continue  # "ومقره بريطانيا", "تدعمها روسيا": a country named as an actor, not the scene
        if view.has_cue("distance", max(lo, k - 6), k):
            continue  # "على بعد 250 كلم شمال بغداد": a reference point far from the scene
        near = _direction_before(view, k, lo)
        unknown = _unknown_name_before(view, k, lo)
        # The scene of the event follows it with a preposition ("بغارة ... في محافظة تعز"),
        # or is the object of the verb ("قصفت مدينة القرداحة").
        scene = 0.0
        if k > anchor_tok:
            if _locative_before(view, k, lo):
                scene = 2.0 if near else 3.0
            elif k - anchor_tok <= 4:
                time_at = view.time_at
                for m in range(anchor_tok + 1, k):
                    if not (role(m) == "place_noun" or toks[m].kind == "punct" or m in time_at):
                        break
                else:
                    scene = 3.0
        score = spec + scene + (0.5 if k > anchor_tok else 0.0) - 0.01 * abs(k - anchor_tok)
        if unknown is not None:
            cands.append((spec + 1.5 + (0.5 if k > anchor_tok else 0.0), place, e, 2, unknown))
            continue
        cands.append((score, place, e, 2 if near else PRECISION.get(kind, 3), "direction+place" if near else "place"))
    if not cands:
        return None
    # Only the winner's record is built (the first of the best, as a stable sort would give).
    _, place, e, precision, how = max(cands, key=_score) if len(cands) > 1 else cands[0]
    if isinstance(how, str):
        return _result(view, place, e, precision, how)
    res = _result(view, place, e, precision, "unknown-name+anchor")
    ua, ub = how
    res.update(name=view.text(ua, ub), name_ar=view.text(ua, ub), start=toks[ua].start, end=e.end)
    res["anchor"] = place["name"]
    return res


def _score(cand: tuple) -> float:
    return cand[0]


def _result(view: DocView, place: dict[str, Any], e: Entity | None, precision: int, rule: str) -> dict[str, Any]:
    lat, lon = place["lat"], place["lon"]
    if place["kind"] == "admin1":
        cap = admin1_capital(view.doc.kb, place)
        if cap is not None:
            lat, lon = cap["lat"], cap["lon"]
    admin1 = place.get("admin1") if place["kind"] != "admin1" else place["name"]
    return {
        "place": place,
        "name": place["name"],
        "name_ar": place["name_ar"],
        "country": place["country"],
        "admin1": admin1 if place["kind"] != "country" else None,
        "admin2": place.get("admin2"),
        "lat": lat,
        "lon": lon,
        "precision": precision,
        "rule": rule,
        "start": e.start if e else None,
        "end": e.end if e else None,
    }


def admin1_capital(kb, admin1: dict[str, Any]) -> dict[str, Any] | None:
    """The biggest town of a governorate, where ACLED places province-level events."""
    index = kb.derived("admin1_capitals", _admin1_capitals)
    return index.get(admin1.get("admin1_id") or admin1["id"].split(":")[-1])


def _admin1_capitals(kb) -> dict[str, dict[str, Any]]:
    index: dict[str, dict[str, Any]] = {}
    for p in kb.places.values():
        if p["kind"] == "ppl" and p.get("admin1_id"):
            best = index.get(p["admin1_id"])
            if best is None or (p.get("population") or 0) > (best.get("population") or 0):
                index[p["admin1_id"]] = p
    return index


def _locative_before(view: DocView, k: int, lo: int) -> bool:
    """"في سوريا", "بسوريا", "شمال سوريا", "في منطقتي سلمى وكباني": the name is a scene."""
    toks, role = view.doc.tokens, view.role_at.get
    prefix = toks[k].prefix
    if "ب" in prefix:
        return True
    back = k - 1
    # walk back over a list of names ("سلمى وكباني") to the preposition before it
    if prefix.startswith("و"):
        while back > lo and back > k - 6 and toks[back].kind == "word" and role(back) is None:
            back -= 1
    for m in range(back, max(lo, back - 3) - 1, -1):
        cue = role(m)
        if cue == "locative" or cue == "direction":
            return True
        if cue != "place_noun":
            return False
        if "ب" in toks[m].prefix:
            return True  # "ببلدة بني قيس": the preposition rides on the place noun
    return False


def _direction_before(view: DocView, k: int, lo: int) -> bool:
    toks, role = view.doc.tokens, view.role_at.get
    for back in range(k - 1, max(lo, k - 3) - 1, -1):
        cue = role(back)
        if cue == "direction":
            return True
        if cue == "place_noun":
            continue
        if toks[back].kind == "punct":
            return False
    return False


_NAME_JOINERS = frozenset(["التابعه", "التابع", "في"])  # "منطقة X التابعة لـ", "قرية X في"


def _unknown_name_before(view: DocView, k: int, lo: int) -> tuple[int, int] | None:
    """Token range of an unknown name in "منطقة X [direction] KNOWN" before token k."""
    toks, ent_at, role = view.doc.tokens, view.ent_at, view.role_at.get
    back = k - 1
    skipped = 0
    while back >= lo and skipped < 3 and (
        role(back) in ("direction", "place_noun") or view.word(back) in _NAME_JOINERS
    ):
        back -= 1
        skipped += 1
    end = back + 1
    start = end
    while start - 1 >= lo and end - (start - 1) <= 2:
        t = toks[start - 1]
        if t.kind != "word" or ent_at[start - 1] is not None or role(start - 1) is not None:
            break
        if "ل" in t.prefix or "ب" in t.prefix:
            break  # "سوق للخضار": a name never carries a preposition
        start -= 1
    if start < end and start - 1 >= lo and role(start - 1) == "place_noun":
        return start, end
    return None
