"""Stage `dedupe`: one record per happening within an article.

The headline, the lead and the body often report the same event ("كمين قرب
كركوك" ... "الهجوم وقع مساء الأحد في منطقة السعدونية").  Two events merge
when their types are compatible, their dates agree (or one only has the
article's default date), their places are the same or one contains the other
(or one only has a place inherited from context), and their actors do not
conflict.  The merged record keeps the most specific value of each field and
the evidence of every mention.
"""
from __future__ import annotations

import datetime as dt

from rasd.doc import Doc, Event
from rasd.geo.distance import haversine_km
from rasd.events.frames import VIOLENT_PRIORITY, VIOLENT_TYPES
from rasd.registry import stage

_DEFAULT_DATE = ("article-date", "published", "unresolved")
_CONTEXT_PLACE = ("location:previous-sentence", "location:article", "location:same-sentence")
SAME_PLACE_KM = 10.0
# A mention dated only by default (the headline, the publication date) may be
# an event of the past few days told elsewhere in the article, not older.
DEFAULT_DATE_SLACK = 7


@stage("dedupe", reads=("events",), writes=("events",))
def dedupe(doc: Doc) -> Doc:
    """Merge events of `doc` that report the same happening.

    Specific reports (a named type, in the body, not a back-reference) merge
    among themselves first.  Then each loose mention (a headline, a generic
    "قتلى في هجوم", "الهجوم وقع ...") joins one record: the nearest compatible
    one told before it, else the first after it.  A loose mention never
    bridges two specific reports into one.
    """
    strong = [ev for ev in doc.events if _specific(ev)]
    loose = [ev for ev in doc.events if not _specific(ev)]
    merged: list[Event] = []
    for ev in strong:
        for k, base in enumerate(merged):
            if same_event(doc, base, ev):
                if ev.confidence > base.confidence:
                    # the better-attested report becomes the record; the other folds in
                    merged[k], base, ev = ev, ev, base
                merge_into(base, ev)
                break
        else:
            merged.append(ev)
    n_strong = len(merged)
    for ev in loose:
        # a specific report first; another loose mention only when none fits
        fits = [m for m in merged[:n_strong] if same_event(doc, m, ev)] or [
            m for m in merged[n_strong:] if same_event(doc, m, ev)
        ]
        if not fits:
            if not _hollow_reference(ev):
                merged.append(ev)
            continue
        before = [m for m in fits if m.start <= ev.start]
        target = max(before, key=lambda m: m.start) if before and not ev.attrs.get("headline") else min(
            fits, key=lambda m: m.start
        )
        k = next(i for i, m in enumerate(merged) if m is target)  # by identity: Event's == compares every field
        if k >= n_strong and ev.confidence > target.confidence:
            # between two loose mentions the better-attested one is the record
            merged[k], target, ev = ev, ev, target
        merge_into(target, ev)
    merged.sort(key=lambda m: m.start)
    doc.events = merged
    return doc


def _date_rule(ev: Event) -> str:
    e = ev.evidence.get("event_date")
    return e.rule if e else "unresolved"


def _place_rule(ev: Event) -> str:
    e = ev.evidence.get("location")
    return e.rule if e else "location:none"


def _place_id(ev: Event) -> str | None:
    rule = _place_rule(ev)
    return rule.rsplit(":", 1)[-1] if ":" in rule else None


def same_event(doc: Doc, a: Event, b: Event) -> bool:
    if not _types_compatible(a, b):
        return False
    if a.event_date != b.event_date:
        da, db = _date_rule(a), _date_rule(b)
        if not (da.startswith(_DEFAULT_DATE) or db.startswith(_DEFAULT_DATE)):
            return False
        if a.event_date and b.event_date and abs(_days(a.event_date, b.event_date)) > DEFAULT_DATE_SLACK:
            return False  # even a default date is some evidence: a January bombing is not today's
        if any(not r.startswith(_DEFAULT_DATE) and (e.time_precision or 1) > 1 for r, e in ((da, a), (db, b))):
            return False  # a report dated to a week or a month ("الأسبوع الماضي") is not the undated lead told again
    if not _places_compatible(doc, a, b):
        return False
    if a.sub_event_type == b.sub_event_type == "Agreement":
        # the parties of an agreement come in either order
        pa = {x.get("id") for x in (a.actor1, a.actor2) if x}
        pb = {x.get("id") for x in (b.actor1, b.actor2) if x}
        return not pa or not pb or bool(pa & pb)
    # Mentions of one event name its perpetrator consistently; the victims
    # are described in many ways ("14 مسلحا", "قوات النظام"), so only actor1 must agree.
    return _actors_compatible(a.actor1, b.actor1)


def _days(x: str, y: str) -> int:
    return (dt.date.fromisoformat(x) - dt.date.fromisoformat(y)).days


def _hollow_reference(ev: Event) -> bool:
    """"خلال الاحتجاجات التي جرت", "من مؤيدي المظاهرات": a back-reference that
    matches no event told and brings no date, place or actor of its own is a
    mention of something outside the article's news, not a new event."""
    if not _anaphoric(ev):
        return False
    own_date = _date_rule(ev).startswith("sentence-date")
    own_place = ev.location is not None and not _place_rule(ev).startswith(_CONTEXT_PLACE)
    a1 = ev.evidence.get("actor1")
    own_actor = a1 is not None and a1.start is not None and not a1.rule.startswith("actor:default")
    return not (own_date or own_place or own_actor)


def _anaphoric(ev: Event) -> bool:
    """A definite event noun ("الهجوم", "التفجير", "هذا الاعتداء") refers back."""
    return bool(ev.attrs.get("anaphoric"))


_MEANS = {
    "Air/drone strike": "air",
    "Remote explosive/landmine/IED": "ground",
    "Suicide bomb": "ground",
    "Grenade": "ground",
}


_TERRITORIAL = ("Government regains territory", "Non-state actor overtakes territory")  # ACLED names, not words


def _types_compatible(a: Event, b: Event) -> bool:
    sa, sb = a.sub_event_type, b.sub_event_type
    if sa != sb and (sa in _TERRITORIAL or sb in _TERRITORIAL):
        return False  # a change of territory is never the same happening as a bombing or a clash
    ma, mb = _MEANS.get(sa), _MEANS.get(sb)
    if ma is not None and mb is not None and ma != mb:
        return False  # a bomb on the ground and a strike from the air are two happenings
    if a.event_type == b.event_type and (a.event_type in VIOLENT_TYPES or a.sub_event_type == b.sub_event_type):
        return True  # "هجوم بسيارة مفخخة" and "الهجوم الانتحاري": one bombing told twice
    if a.event_type in VIOLENT_TYPES and b.event_type in VIOLENT_TYPES:
        # a generic mention ("قتلى في هجوم") may be typed differently from the specific one
        return _generic(a) or _generic(b)
    return False


def _generic(ev: Event) -> bool:
    """Typed from a generic word ("هجوم", "قتلى"), here or before its type came from elsewhere."""
    e = ev.evidence.get("event_type")
    return bool(e and e.rule.startswith("generic")) or bool(ev.attrs.get("typed_elsewhere"))


def _places_compatible(doc: Doc, a: Event, b: Event) -> bool:
    """Two named towns must be the same (or within 10 km); otherwise one governorate."""
    if a.location is None or b.location is None:
        return True
    if a.country_code != b.country_code:
        return False
    if a.event_type == "Strategic developments" and (_is_country(doc, a) or _is_country(doc, b)):
        return True  # a policy step is stated country-wide and placed by its context
    if _place_rule(a).startswith(_CONTEXT_PLACE) or _place_rule(b).startswith(_CONTEXT_PLACE):
        # a place inherited from context is a guess: it only has to be the same governorate
        return a.admin1 is None or b.admin1 is None or a.admin1 == b.admin1
    if _fine(a) and _fine(b):
        # two named towns: one event only if it is the same town
        return _place_id(a) == _place_id(b) or a.location == b.location
    if _specific(a) and _specific(b) and _has_own_place(a) and _has_own_place(b):
        # two specific reports each placed in its own words: one event only at one place
        if _place_id(a) == _place_id(b):
            return True
        if None not in (a.latitude, b.latitude, a.longitude, b.longitude):
            return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= SAME_PLACE_KM
        return False
    if _own_place(doc, a) and _own_place(doc, b):
        # each mention names its own place below the governorate: they must agree
        if _place_id(a) == _place_id(b) and a.location == b.location:
            return True
        if None not in (a.latitude, b.latitude, a.longitude, b.longitude):
            return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= SAME_PLACE_KM
        return False
    if a.admin1 is None or b.admin1 is None:
        return True  # one of them is only placed in the country
    return a.admin1 == b.admin1


def _specific(ev: Event) -> bool:
    return not _generic(ev) and not ev.attrs.get("headline") and not ev.attrs.get("anaphoric")


def _has_own_place(ev: Event) -> bool:
    """A place below the governorate given in the event's own sentence."""
    if ev.location is None or _place_rule(ev).startswith(_CONTEXT_PLACE):
        return False
    return (ev.geo_precision or 3) < 3


def _own_place(doc: Doc, ev: Event) -> bool:
    """A place below the governorate named in the event's own body sentence."""
    if ev.attrs.get("headline") or ev.attrs.get("anaphoric"):
        return False  # a headline or "the attack" sums up; it is placed loosely
    if _place_rule(ev).startswith(_CONTEXT_PLACE):
        return False
    p = doc.kb.places.get(_place_id(ev) or "")
    return p is not None and p["kind"] not in ("country", "admin1")


def _fine(ev: Event) -> bool:
    """A named town or spot, not "near X", a district or a governorate."""
    return ev.geo_precision == 1 and not _place_rule(ev).startswith(_CONTEXT_PLACE)


def _is_country(doc: Doc, ev: Event) -> bool:
    p = doc.kb.places.get(_place_id(ev) or "")
    return p is None or p["kind"] == "country"


def _contains(outer: dict, inner: dict) -> bool:
    """Whether `outer` (country, governorate, district) holds `inner`, or names the same town."""
    if outer["country"] != inner["country"]:
        return False
    if outer["kind"] == "country":
        return True
    if outer["kind"] == "admin1":
        return inner.get("admin1_id") == (outer.get("admin1_id") or outer["id"].split(":")[-1])
    if outer["kind"] == "admin2":
        return inner.get("admin2_id") == (outer.get("admin2_id") or outer["id"].split(":")[-1])
    if outer["kind"] == "ppl" and outer.get("admin1_ar") and outer["name_ar"] == outer.get("admin1_ar"):
        # "درعا" is both the town and its governorate: either may be meant
        return bool(inner.get("admin1_id")) and inner.get("admin1_id") == outer.get("admin1_id")
    return outer["name_ar"] == inner["name_ar"]


def _actors_compatible(x: dict | None, y: dict | None) -> bool:
    if not x or not y:
        return True
    if x.get("id") == y.get("id"):
        return True
    if x.get("type") == "civilians" or y.get("type") == "civilians":
        return True  # civilians (women, children...) never carry out an attack: a mis-read victim conflicts with no one
    return str(x.get("id", "")).startswith(("unidentified", "civilians")) or str(y.get("id", "")).startswith(
        ("unidentified", "civilians")
    )


def _specificity(ev: Event) -> tuple:
    sub_rank = -VIOLENT_PRIORITY.index(ev.sub_event_type) if ev.sub_event_type in VIOLENT_PRIORITY else 0
    return (not _generic(ev), sub_rank)


def merge_into(base: Event, other: Event) -> None:
    """Fold `other` into `base`, keeping the more specific value of each field."""
    if _specificity(other) > _specificity(base):
        for f in ("event_type", "sub_event_type", "plover"):
            setattr(base, f, getattr(other, f))
        for f in ("event_type", "sub_event_type"):
            if f in other.evidence:
                base.evidence[f] = other.evidence[f]
    if _date_rule(base).startswith(_DEFAULT_DATE) and not _date_rule(other).startswith(_DEFAULT_DATE):
        base.event_date, base.time_precision = other.event_date, other.time_precision
        base.evidence["event_date"] = other.evidence["event_date"]
    if other.location and (base.location is None or _finer(other, base)):
        for f in ("location", "location_ar", "country", "country_code", "admin1", "admin2", "latitude", "longitude", "geo_precision"):
            setattr(base, f, getattr(other, f))
        base.evidence["location"] = other.evidence["location"]
    for n in (1, 2):
        mine, theirs = getattr(base, f"actor{n}"), getattr(other, f"actor{n}")
        if theirs and (not mine or str(mine.get("id", "")).startswith(("unidentified", "civilians"))):
            if not str(theirs.get("id", "")).startswith(("unidentified", "civilians")) or not mine:
                setattr(base, f"actor{n}", theirs)
                if f"actor{n}" in other.evidence:
                    base.evidence[f"actor{n}"] = other.evidence[f"actor{n}"]
    figures = base.attrs.get("fatality_figures", []) + other.attrs.get("fatality_figures", [])
    if figures:
        base.attrs["fatality_figures"] = figures
        value = conservative_toll(figures)
        if value != base.fatalities:
            base.fatalities = value
            if other.fatalities == value and "fatalities" in other.evidence:
                base.evidence["fatalities"] = other.evidence["fatalities"]
    base.confidence = min(0.95, max(base.confidence, other.confidence) + 0.05)
    base.attrs.setdefault("mentions", []).append({"start": other.start, "end": other.end})


def conservative_toll(figures: list[dict]) -> int | None:
    """ACLED's figure among an article's reports: a toll update if any, else the
    lowest precise figure ("37" over "about 48"), else the largest vague one ("عشرات")."""
    updates = [f["value"] for f in figures if f.get("update")]
    if updates:
        return max(updates)
    precise = [f["value"] for f in figures if not f.get("vague") and not f.get("approx")]
    if precise:
        return min(precise)
    approx = [f["value"] for f in figures if not f.get("vague")]
    if approx:
        return min(approx)
    return max((f["value"] for f in figures), default=None)


def _finer(a: Event, b: Event) -> bool:
    """Whether a's place is more precise than b's (a named but unknown spot beats "near X")."""

    def rank(ev: Event) -> tuple[bool, float]:
        rule = _place_rule(ev)
        return rule.startswith(_CONTEXT_PLACE), (ev.geo_precision or 9) - (0.5 if "unknown-name" in rule else 0)

    return rank(a) < rank(b)
