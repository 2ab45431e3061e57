"""Responsibility claimed, or aircraft owned, elsewhere in the article names the perpetrator.

"وأعلن تنظيم الدولة لاحقا مسؤوليته عن الهجوم", "تبنى تنظيم داعش الهجوم": the
claimant becomes actor1 of the article's violent events that have no known
perpetrator (none, or the default unidentified armed group).
"""
from __future__ import annotations

from rasd.doc import Event, Evidence
from rasd.events.roles import actor_of, generic_actor
from rasd.events.view import DocView

_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def apply_claims(view: DocView, events: list[Event]) -> None:
    claimant = None
    for k in view.cue_pos.get("claim", ()):
        end = view.cue_at[k][1]
        si = view.tok(k).sent
        lo, hi = view.sent_toks[si]
        # the claimant sits between the verb and the cue ("أعلن X مسؤوليته") or right after "تبنى"
        for m in list(range(k - 1, max(lo, k - 6) - 1, -1)) + list(range(end + 1, min(hi, end + 4))):
            e = view.ent_at[m]
            if e is not None and e.kind in ("actor", "person"):
                a = actor_of(view, e)
                if a and a.get("type") not in ("outlet", "civilians", "government"):
                    claimant = (a, e)
                    break
        if claimant:
            break
    if claimant is None:
        return
    actor, ent = claimant
    for ev in events:
        if ev.event_type not in _VIOLENT:
            continue
        current = ev.actor1
        if current is None or str(current.get("id", "")).startswith("unidentified-armed-group"):
            ev.actor1 = dict(actor)
            ev.evidence["actor1"] = Evidence(ent.start, ent.end, view.doc.text[ent.start : ent.end], "actor:claim")


def apply_aircraft_owner(view: DocView, events: list[Event]) -> None:
    """"جريمة جديدة لطائرات التحالف": the side whose aircraft struck is actor1.

    An unattributed strike, bombardment or attack of the sentence naming the
    aircraft takes that side as perpetrator; an attack with no means, no
    perpetrator and no other type ("هجوم" that killed civilians) becomes an
    air strike, and so do the article's same-day attacks told that way.
    """
    for trig in view.doc.triggers:
        if trig.entry_id != "aircraft" or trig.attrs.get("status") != "attribution":
            continue
        nxt = trig.attrs["last"] + 1
        e = view.ent_at[nxt] if nxt < len(view.ent_at) else None
        actor = actor_of(view, e) if e is not None else None
        if actor is None:
            continue
        here = [ev for ev in events if ev.attrs.get("sentence") == trig.sent and _unattributed(ev)
                and (ev.sub_event_type in _STRIKES or _plain_attack(ev) or _faceless(ev))]
        days = {ev.event_date for ev in here}
        chosen = {id(ev) for ev in here}
        owner = Evidence(e.start, e.end, view.doc.text[e.start : e.end], "actor:aircraft-owner")
        how = Evidence(trig.start, trig.end, view.doc.text[trig.start : trig.end], "attribution:aircraft")
        for ev in events:
            if id(ev) not in chosen and not (_plain_attack(ev) and _unattributed(ev) and ev.event_date in days):
                continue
            ev.actor1 = dict(actor)
            ev.evidence["actor1"] = owner
            if ev.actor2 and ev.actor2.get("id") == actor.get("id"):
                # "سقطوا بنيران لطائرات التحالف": the owner was read as the victim
                ev.actor2 = generic_actor(view, "civilians", ev.country_code, "") if _plain_attack(ev) else None
                ev.evidence["actor2"] = Evidence(None, None, None, "default:civilians")
                if ev.actor2 is None:
                    ev.evidence.pop("actor2")
            if ev.sub_event_type != "Air/drone strike":
                ev.event_type, ev.sub_event_type = "Explosions/Remote violence", "Air/drone strike"
                ev.evidence["event_type"] = ev.evidence["sub_event_type"] = how
                ev.attrs["typed_elsewhere"] = True  # its own words are still a generic mention


_STRIKES = {"Air/drone strike", "Shelling/artillery/missile attack"}


def _unattributed(ev: Event) -> bool:
    a1 = ev.evidence.get("actor1")
    return ev.actor1 is None or (a1 is not None and a1.rule.startswith("default:"))


def _faceless(ev: Event) -> bool:
    """Deaths told with no side at all ("سقط القتلى"), typed a clash only by default."""
    e = ev.evidence.get("event_type")
    return e is not None and e.rule.startswith("generic:") and ev.actor1 is None and ev.actor2 is None


def _plain_attack(ev: Event) -> bool:
    """An attack typed from a generic word ("هجوم", "قتلى"), with no means named."""
    e = ev.evidence.get("event_type")
    return ev.sub_event_type == "Attack" and e is not None and e.rule.startswith("generic:")


_STATE = {"state_force", "government", "external_force"}


def settle_territory(events: list[Event]) -> None:
    """Who took ground decides the sub-event type, once actor1 is final."""
    for ev in events:
        if ev.sub_event_type in ("Government regains territory", "Non-state actor overtakes territory") and ev.actor1:
            ev.sub_event_type = (
                "Government regains territory" if ev.actor1.get("type") in _STATE else "Non-state actor overtakes territory"
            )


def apply_continuations(events: list[Event]) -> None:
    """"كما قصفت مواقع ...": a clause going on from the last event keeps its perpetrator."""
    prev = None
    for ev in events:
        unknown = ev.actor1 is None or str(ev.actor1.get("id", "")).startswith("unidentified-armed-group")
        if ev.attrs.get("continuation") and unknown and prev is not None and prev.actor1:
            if prev.event_type in _VIOLENT and ev.event_type in _VIOLENT:
                ev.actor1 = dict(prev.actor1)
                ev.evidence["actor1"] = Evidence(None, None, prev.actor1.get("text"), "actor:continuation")
                if ev.sub_event_type == "Shelling/artillery/missile attack" and prev.sub_event_type == "Air/drone strike":
                    ev.sub_event_type = prev.sub_event_type  # "كما قصفت" after air strikes: more air strikes
        if ev.event_type in _VIOLENT:
            prev = ev
