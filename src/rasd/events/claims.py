"""Responsibility claimed elsewhere in the article names the perpetrator.

"وأعلن تنظيم الدولة لاحقا مسؤوليته عن الهجوم", "تبنى تنظيم داعش الهجوم": the
claimant becomes actor1 of the article's violent events that have no known
perpetrator (none, or the default unidentified armed group).
"""
from __future__ import annotations

from rasd.doc import Event, Evidence
from rasd.events.roles import actor_of
from rasd.events.view import DocView

_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def apply_claims(view: DocView, events: list[Event]) -> None:
    claimant = None
    for k, (role, end) in sorted(view.cue_at.items()):
        if role != "claim":
            continue
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
