"""Group a sentence's triggers into event frames and decide each frame's type.

Within one sentence, every violent trigger (attack words, weapons used as
means, deaths) describes one happening: they form one "violence" frame whose
ACLED sub-event type is the most specific one present (a suicide bombing
beats an explosion, an air strike beats shelling).  Protest words and their
modifiers form a "protest" frame; each strategic development is its own
frame.  Generic violence (قتل, هجوم) takes its type from the frame's means,
or from who the victims are.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rasd.doc import Trigger

# Most specific first.
VIOLENT_PRIORITY = [
    "Suicide bomb",
    "Chemical weapon",
    "Air/drone strike",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Armed clash",
    "Shelling/artillery/missile attack",
    "Abduction/forced disappearance",
    "Sexual violence",
    "Attack",
]
_RANK = {sub: k for k, sub in enumerate(VIOLENT_PRIORITY)}
TYPE_OF = {
    "Suicide bomb": "Explosions/Remote violence",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Abduction/forced disappearance": "Violence against civilians",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
}
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


@dataclass
class Frame:
    """Triggers of one sentence that report one event."""

    sent: int
    family: str  # "violence", "protest", or "strategic:<sub-event type>"
    lo: int = 0  # token range of the clause the frame comes from
    hi: int = 0
    triggers: list[Trigger] = field(default_factory=list)
    event_type: str = ""
    sub_event_type: str = ""
    plover: str = "ASSAULT"
    main: Trigger | None = None
    rule: str = ""

    @property
    def start(self) -> int:
        ts = self.triggers
        return ts[0].start if len(ts) == 1 else min([t.start for t in ts])

    @property
    def end(self) -> int:
        return max(t.end for t in self.triggers)

    def has(self, entry_id: str) -> bool:
        for t in self.triggers:  # a plain loop: no generator for a question asked this often
            if t.entry_id == entry_id:
                return True
        return False

    def modifiers(self) -> set[str]:
        return {t.attrs.get("modifier") for t in self.triggers if t.attrs.get("modifier")}


def family_of(t: Trigger) -> str | None:
    cls = t.attrs["cls"]
    if cls in ("generic", "means", "outcome"):
        return "violence"
    if cls in ("modifier", "crowd"):
        return "protest"
    if t.event_type in VIOLENT_TYPES:
        return "violence"
    if t.event_type in ("Protests", "Riots"):
        return "protest"
    return f"strategic:{t.sub_event_type}"


def group_frames(triggers: list[Trigger], clause_of) -> list[Frame]:
    """Frames per clause, in text order; frames need one trigger that can stand alone."""
    by_key: dict[tuple[int, int, str], Frame] = {}
    for t in triggers:
        if t.attrs.get("status") != "ok":
            continue
        fam = family_of(t)
        if fam is None:
            continue
        lo, hi = clause_of(t.ntok)
        frame = by_key.get((t.sent, lo, fam))
        if frame is None:
            frame = by_key[t.sent, lo, fam] = Frame(t.sent, fam, lo=lo, hi=hi)
        frame.triggers.append(t)
    frames = []
    for f in by_key.values():
        if f.family == "violence" and all(t.attrs["cls"] == "outcome" for t in f.triggers):
            continue  # injuries alone are not an event we code
        if f.family == "protest" and all(t.attrs["cls"] in ("modifier", "crowd") for t in f.triggers):
            # protesters or tear gas alone: an event only when both are told
            classes = {t.attrs["cls"] for t in f.triggers}
            violent_here = (f.sent, f.lo, "violence") in by_key
            if "crowd" not in classes or ("modifier" not in classes and not violent_here):
                continue
        frames.append(f)
    frames.sort(key=lambda f: f.start)
    return frames


def specific_subtype(frame: Frame) -> tuple[str | None, Trigger | None]:
    """The most specific violent sub-event type named by a trigger of the frame.

    A definite noun ("تزامنت الغارات مع تقدم ... بعد معارك") points back to an
    event already told; when the clause also names a new one, the new one
    gives the type.
    """
    best, best_t = None, None
    pool = frame.triggers
    fresh = [t for t in pool if not _definite_noun(t)]
    if len(fresh) < len(pool) and any(t.attrs["cls"] in ("event", "means") and t.sub_event_type for t in fresh):
        pool = fresh  # (when every trigger is fresh, the two pools are one)
    for t in pool:
        sub = t.sub_event_type
        if t.attrs["cls"] in ("generic", "outcome") or not sub:
            continue
        if t.entry_id == "gunfire":
            continue  # gunfire is an attack or a clash depending on the victims
        if best is None or _RANK[sub] < _RANK[best]:
            best, best_t = sub, t
    return best, best_t


def _definite_noun(t: Trigger) -> bool:
    a = t.attrs
    if a.get("verb") or a["cls"] == "outcome":
        return False
    return a["key"].startswith("ال") or "ال" in a["prefix"]


_BATTLE_WORDS = frozenset(["clash", "ambush"])
_REMOTE_WORDS = frozenset(["air-strike", "shelling"])


def split_mixed(frames: list[Frame]) -> list[Frame]:
    """A clause telling fighting and bombardment ("في مواجهات ... وغارات لمقاتلات
    التحالف") reports two events, as ACLED codes them: a battle and a remote
    attack.  Deaths and generic words go with whichever is told first."""
    out: list[Frame] = []
    for f in frames:
        if f.family != "violence" or len(f.triggers) < 2:
            out.append(f)  # (a mixed clause needs a battle word and a remote one)
            continue
        battle = [t for t in f.triggers if t.entry_id in _BATTLE_WORDS and not _definite_noun(t)]
        remote = [t for t in f.triggers if t.entry_id in _REMOTE_WORDS and not _definite_noun(t)]
        if f.family != "violence" or not battle or not remote:
            out.append(f)
            continue
        first_is_battle = battle[0].start < remote[0].start
        shared = [t for t in f.triggers if t not in battle and t not in remote]
        a = Frame(f.sent, f.family, lo=f.lo, hi=f.hi, triggers=battle + (shared if first_is_battle else []))
        b = Frame(f.sent, f.family, lo=f.lo, hi=f.hi, triggers=remote + ([] if first_is_battle else shared))
        for g in (a, b):
            g.triggers.sort(key=lambda t: t.start)
        out.extend(sorted((a, b), key=lambda g: g.start))
    return out
