"""From a frame to Event records: type, actors, place, date, fatalities, evidence."""
from __future__ import annotations

import datetime as dt
from typing import Any

from rasd.doc import Event, Evidence
from rasd.events.coref import resolve_generic
from rasd.events.counts import find_fatalities
from rasd.events.frames import TYPE_OF, Frame, specific_subtype
from rasd.events.roles import actor_of, find_roles, generic_actor
from rasd.events.view import DocView
from rasd.events.when import find_date
from rasd.events.where import find_locations

_ARMED = {"state_force", "rebel_group", "political_militia", "identity_militia", "external_force", "unidentified"}
_STATE = {"state_force", "government", "external_force"}
_GOV_ROLE_SUBS = {"Agreement", "Other", "Change to group/activity", "Non-violent transfer of territory",
                  "Headquarters or base established", "Disrupted weapons use"}
_COUNTED = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"}  # types with fatalities
_ROLE_KEYS = (("actor1", "rule1"), ("actor2", "rule2"))
_SIDES = ((1, "actor1", "e1", "rule1"), (2, "actor2", "e2", "rule2"))
MAX_EVIDENCE_WORDS = 45
# A vague date (month or coarser) further back than this is history, not news.
HISTORY_DAYS = 60


def build_events(view: DocView, frame: Frame, protest_sents: set[int]) -> list[Event]:
    """The events a frame reports (none when it is background or future)."""
    if frame.family == "violence" and frame.sent in protest_sents:
        return []  # the protest frame of that sentence codes it (riot, excessive force)
    picked = _choose_main(frame)
    # the date decides whether this is news at all: check it before the costlier steps
    when = find_date(view, frame)
    if when["background"] or when["future"] or _vague_history(view, when):
        return []
    kind = _decide_type(view, frame, picked)
    if kind is None:
        return []
    etype, sub, rule, roles = kind
    for actor_key, rule_key in _ROLE_KEYS:
        actor, changed = resolve_generic(view, roles.get(actor_key))
        if changed:
            roles[actor_key] = actor
            roles[rule_key] = f"{roles.get(rule_key)}+coref"
    in_roles = tuple(e for e in (roles.get("e1"), roles.get("e2")) if e is not None)
    wheres = find_locations(view, frame, exclude=in_roles)
    dead = find_fatalities(view, frame) if etype in _COUNTED else None
    main = frame.main or frame.triggers[0]
    # the same for every place of the frame
    plover = frame.plover or main.plover
    span = _evidence_span(view, frame)
    anaphoric, continuation = _definite_mention(view, frame), _continues(view, frame)
    out = []
    for n, where in enumerate(wheres):
        ev = Event(etype, sub, plover, main)
        ev.start, ev.end = span
        ev.evidence["event"] = _ev(view, ev.start, ev.end, f"frame:{frame.family}")
        ev.evidence["event_type"] = _ev(view, main.start, main.end, rule)
        ev.evidence["sub_event_type"] = ev.evidence["event_type"]
        if roles.get("actor1") and roles.get("actor2") and roles["actor1"].get("id") == roles["actor2"].get("id"):
            roles["actor2"] = None  # one side named twice is not two sides
        _set_actors(view, ev, roles, etype)
        _set_date(view, ev, when)
        _set_place(view, ev, where)
        if dead is not None and n == 0:
            # a toll given for a list of places is kept on the first, not multiplied
            ev.fatalities = dead["value"]
            num = dead["number"]
            ev.evidence["fatalities"] = _ev(view, num.start, num.end, f"fatalities:{dead['rule']}")
            ev.attrs["fatality_figures"] = [{
                "value": dead["value"],
                "vague": dead.get("vague", False),
                "update": dead["rule"] == "toll-update",
                "approx": dead.get("approx", False),
            }]
        ev.attrs["sentence"] = frame.sent
        ev.attrs["headline"] = frame.sent in view.headline_sents
        ev.attrs["triggers"] = [t.entry_id for t in frame.triggers]
        if len(wheres) > 1:
            ev.attrs["place_list"] = len(wheres)
        if anaphoric:
            ev.attrs["anaphoric"] = True
        if continuation:
            ev.attrs["continuation"] = True
        ev.confidence = _confidence(ev, when, where, dead, frame)
        out.append(ev)
    return out


def _choose_main(frame: Frame):
    """The trigger that names the frame's event (as `_decide_type` will choose it);
    for violence, also (sub-event type, trigger) as `specific_subtype` gives them."""
    if frame.family == "violence":
        picked = specific_subtype(frame)
        frame.main = picked[1] or _first_generic(frame)
        return picked
    if frame.family == "protest":
        frame.main = next((t for t in frame.triggers if t.attrs["cls"] not in ("modifier", "crowd")), None) or next(
            (t for t in frame.triggers if t.attrs["cls"] != "modifier"), frame.triggers[0]
        )
    else:
        frame.main = frame.triggers[0]
    return None


def _decide_type(view: DocView, frame: Frame, picked=None):
    if frame.family == "violence":
        sub, trig = picked or specific_subtype(frame)
        rule = f"trigger:{trig.entry_id}" if trig else ""
        frame.main = trig or _first_generic(frame)
        roles = find_roles(view, frame)
        a1, a2 = roles.get("actor1"), roles.get("actor2")
        if sub is None:
            victims = roles.get("victims")
            if frame.has("gunfire") or frame.has("assassination"):
                sub = "Armed clash" if _armed(a2) and _armed(a1) else "Attack"
            elif (a2 and a2.get("type") == "civilians") or (victims and victims[0] == "civilians"):
                sub = "Attack"
            else:
                sub = "Armed clash"
            rule = f"generic:{frame.main.entry_id}->{sub}"
        if sub in ("Government regains territory", "Non-state actor overtakes territory") and a1:
            sub = "Government regains territory" if a1.get("type") in _STATE else "Non-state actor overtakes territory"
        crowd = _crowd_violence(view, frame, sub, roles)
        if crowd is not None:
            return crowd
        return TYPE_OF[sub], sub, rule, roles
    if frame.family == "protest":
        return _protest_type(view, frame)
    sub = frame.family.split(":", 1)[1]
    frame.main = frame.triggers[0]
    roles = find_roles(view, frame, governments=sub in _GOV_ROLE_SUBS)
    frame.plover = frame.main.plover
    return "Strategic developments", sub, f"trigger:{frame.main.entry_id}", roles


def _crowd_violence(view: DocView, frame: Frame, sub: str, roles: dict[str, Any]):
    """Violence with protesters on one side is a riot, or force used against protesters."""
    a1, a2 = roles.get("actor1"), roles.get("actor2")
    crowd = [a for a in (a1, a2) if a and a.get("type") in ("protesters", "rioters")]
    if not crowd or sub not in ("Armed clash", "Attack"):
        return None
    other = a2 if crowd[0] is a1 else a1
    country = view.doc.geo.country if view.doc.geo else None
    text = crowd[0].get("text", "")
    deaths = any(t.attrs.get("death") for t in frame.triggers)
    if other and other.get("type") in _STATE and crowd[0] is a2 and deaths and sub == "Attack":
        protesters = generic_actor(view, "protesters", country, text)
        roles = dict(roles, actor1=other, actor2=protesters, rule1="force-against-crowd", rule2="crowd")
        return "Protests", "Excessive force against protesters", "crowd:excessive-force", roles
    rioters = generic_actor(view, "rioters", country, text)
    force = other if other and other.get("type") in _STATE else None
    roles = dict(roles, actor1=rioters, actor2=force, rule1="crowd", rule2="crowd-opponent" if force else "")
    frame.plover = "PROTEST"
    return "Riots", "Violent demonstration", "crowd:clash", roles


def _protest_type(view: DocView, frame: Frame):
    frame.main = next((t for t in frame.triggers if t.attrs["cls"] not in ("modifier", "crowd")), None) or next(
        (t for t in frame.triggers if t.attrs["cls"] != "modifier"), frame.triggers[0]
    )
    mods = frame.modifiers()
    roles = find_roles(view, frame)
    lo, hi = view.sent_toks[frame.sent]
    deaths = any(
        t.attrs.get("death") and t.attrs.get("status") == "ok" and t.sent == frame.sent for t in view.doc.triggers
    )
    country = view.doc.geo.country if view.doc.geo else None
    protesters = generic_actor(view, "protesters", country, view.doc.text[frame.main.start : frame.main.end])
    rioters = generic_actor(view, "rioters", country, view.doc.text[frame.main.start : frame.main.end])
    force = roles.get("actor2") if roles.get("actor2") and roles["actor2"].get("type") in _STATE else None
    if force is None and roles.get("actor1") and roles["actor1"].get("type") in _STATE:
        force = roles["actor1"]
    if force is None:
        # "برصاص قوات الأمن", "فرقت الشرطة": the forces named in the clause faced the crowd
        for _, e in view.entities_in(frame.lo, frame.hi):
            a = actor_of(view, e)
            if a and a.get("type") == "state_force":
                force = a
                break
    if any(t.sub_event_type == "Mob violence" for t in frame.triggers):
        target = roles.get("actor2")
        sub, etype, a1, a2 = "Mob violence", "Riots", rioters, target
    elif "violent" in mods or _clash_in_sentence(view, frame):
        # protesters who fight, storm or burn riot, even when some are killed
        sub, etype, a1, a2 = "Violent demonstration", "Riots", rioters, force
    elif deaths and force is not None:
        sub, etype, a1, a2 = "Excessive force against protesters", "Protests", protesters, force
    elif "intervention" in mods:
        sub, etype, a1, a2 = "Protest with intervention", "Protests", protesters, force
    else:
        sub, etype, a1, a2 = "Peaceful protest", "Protests", protesters, None
    roles = dict(roles, actor1=a1, actor2=a2, rule1="protest-role", rule2=roles.get("rule2") if a2 else "")
    frame.plover = "PROTEST"
    return etype, sub, f"protest:{'+'.join(sorted(mods)) or 'plain'}", roles


_DEMONSTRATIVES = frozenset(["هذا", "هذه", "تلك", "ذلك", "هذين", "هاتين"])


def _definite_mention(view: DocView, frame: Frame) -> bool:
    """Every trigger is a definite noun ("الهجوم", "هذا التفجير"): a reference back."""
    for t in frame.triggers:
        if t.attrs["cls"] == "outcome" or t.attrs.get("death"):
            continue
        definite = "ال" in t.attrs["prefix"] or t.attrs["prefix"].endswith("لل") or t.attrs["key"].startswith("ال")
        if not (definite or view.word(t.ntok - 1) in _DEMONSTRATIVES) or t.attrs.get("verb"):
            return False
    return True


def _vague_history(view: DocView, when: dict[str, Any]) -> bool:
    """A month-, season- or year-level date long before publication is background ("صيف 2014")."""
    pub, value = view.doc.published, when.get("value")
    if pub is None or value is None or (when.get("precision") or 1) < 3:
        return False
    return (pub - dt.date.fromisoformat(value)).days > HISTORY_DAYS


def _clash_in_sentence(view: DocView, frame: Frame) -> bool:
    return any(
        t.entry_id == "clash" and t.attrs.get("status") == "ok" and t.sent == frame.sent for t in view.doc.triggers
    )


def _first_generic(frame: Frame):
    for t in frame.triggers:
        if t.attrs["cls"] in ("generic", "means", "event"):
            return t
    return frame.triggers[0]


def _armed(a: dict[str, Any] | None) -> bool:
    return bool(a) and a.get("type") in _ARMED


def _set_actors(view: DocView, ev: Event, roles: dict[str, Any], etype: str) -> None:
    for n, key, ekey, rkey in _SIDES:
        actor = roles.get(key)
        if actor is None:
            continue
        if actor.get("person") and actor.get("org") and etype != "Strategic developments":
            person = actor
            actor = dict(actor["org"], text=person["text"])
            (ev.assoc_actor_1 if n == 1 else ev.assoc_actor_2).append(person)
        if n == 1:
            ev.actor1 = actor
        else:
            ev.actor2 = actor
        rule = f"actor:{roles.get(rkey)}"
        ent = roles.get(ekey)
        if ent is not None:
            ev.evidence[key] = _ev(view, ent.start, ent.end, rule)
        else:
            span = actor.pop("span", None)
            if span is not None:
                ev.evidence[key] = _ev(view, span[0], span[1], rule)
            else:
                ev.evidence[key] = Evidence(None, None, actor.get("text"), rule)
    if ev.actor1 is None and ev.sub_event_type == "Air/drone strike":
        air = _air_power(view, ev)
        if air is not None:
            ev.actor1 = air
            ev.evidence["actor1"] = Evidence(None, None, None, "default:air-power")
    if ev.actor1 is None and etype in ("Explosions/Remote violence", "Violence against civilians") and ev.sub_event_type != "Air/drone strike":
        country = view.doc.geo.country if view.doc.geo else None
        uag = generic_actor(view, "unidentified-armed-group", country, "")
        if uag:
            ev.actor1 = uag
            ev.evidence["actor1"] = Evidence(None, None, None, "default:unidentified-armed-group")
    if ev.actor1 and ev.actor2 and ev.actor1.get("id") == ev.actor2.get("id"):
        ev.actor2 = None
        ev.evidence.pop("actor2", None)
    if ev.actor2 is None and etype == "Violence against civilians":
        country = view.doc.geo.country if view.doc.geo else None
        civ = generic_actor(view, "civilians", country, "")
        if civ:
            ev.actor2 = civ
            ev.evidence["actor2"] = Evidence(None, None, None, "default:civilians")


def _continues(view: DocView, frame: Frame) -> bool:
    """A clause opening with "كما" / "كذلك" / "و"+verb goes on telling the previous event's actor."""
    first = view.word(frame.lo)
    if first in ("كما", "كذلك") or view.tok(frame.lo).norm in ("وكما", "وكذلك"):
        return True
    main = frame.main or frame.triggers[0]
    return main.ntok == frame.lo and main.attrs.get("verb") and main.attrs["prefix"] in ("و", "ف")


def _air_power(view: DocView, ev: Event) -> dict[str, Any] | None:
    """Who flies unattributed strikes where this one fell (lexicon `air_power`)."""
    cc = ev.country_code or (view.doc.geo.country if view.doc.geo else None)
    for entry in view.doc.kb.lexicon("air_power"):
        actor_id = (entry.get("by_country") or {}).get(cc or "")
        if not actor_id:
            continue
        kb = view.doc.kb
        if actor_id in kb.actors:
            a = kb.actors[actor_id]
            return {"id": a["id"], "name": a["name"], "name_ar": a["name_ar"], "type": a["type"],
                    "inter": a.get("inter"), "country": a.get("country"), "text": ""}
        base, _, country = actor_id.partition(":")
        return generic_actor(view, base, country or cc, "")
    return None


def _set_date(view: DocView, ev: Event, when: dict[str, Any]) -> None:
    ev.event_date = when["value"]
    precision = when["precision"]
    if precision == 4:
        ev.attrs["year_only"] = True
        precision = 3
    ev.time_precision = precision
    t = when["time"]
    if t is not None:
        ev.evidence["event_date"] = _ev(view, t.start, t.end, when["rule"])
    else:
        ev.evidence["event_date"] = Evidence(None, None, None, when["rule"])


def _set_place(view: DocView, ev: Event, where: dict[str, Any] | None) -> None:
    if where is None:
        return
    ev.location = where["name"]
    ev.location_ar = where["name_ar"]
    ev.country_code = where["country"]
    country = view.doc.kb.places.get(f"iso:{where['country']}")
    ev.country = country["name"] if country else where["country"]
    ev.admin1 = where.get("admin1")
    ev.admin2 = where.get("admin2")
    ev.latitude, ev.longitude = where["lat"], where["lon"]
    ev.geo_precision = where["precision"]
    if where.get("start") is not None:
        ev.evidence["location"] = _ev(view, where["start"], where["end"], f"location:{where['rule']}:{where['place']['id']}")
    else:
        ev.evidence["location"] = Evidence(None, None, None, f"location:{where['rule']}:{where['place']['id']}")
    if where.get("anchor"):
        ev.attrs["location_anchor"] = where["anchor"]


def _evidence_span(view: DocView, frame: Frame) -> tuple[int, int]:
    s = view.doc.sentences[frame.sent]
    lo, hi = view.sent_toks[frame.sent]
    if hi - lo <= MAX_EVIDENCE_WORDS:
        return s.start, s.end
    a = max(lo, min(t.ntok for t in frame.triggers) - 15)
    b = min(hi, max(t.attrs["last"] for t in frame.triggers) + 25)
    return view.tok(a).start, view.tok(b - 1).end


def _ev(view: DocView, start: int, end: int, rule: str) -> Evidence:
    return Evidence(start, end, view.doc.text[start:end], rule)


def _confidence(ev: Event, when, where, dead, frame: Frame) -> float:
    c = 0.35
    c += 0.15 if when["rule"].startswith("sentence-date") else 0.05
    c += 0.15 if where and not where["rule"].startswith(("previous", "article")) else 0.0
    c += 0.1 if ev.actor1 else 0.0
    c += 0.1 if dead else 0.0
    c += 0.1 if not ev.evidence["event_type"].rule.startswith("generic") else 0.0
    return min(c, 0.95)
