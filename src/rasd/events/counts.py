"""How many died in a frame, as ACLED counts them.

A count next to a death word ("مقتل 16", "14 قتيلا", "قتل ما لا يقل عن 16
شخصا", "إرهابيين اثنين") is a fatality figure; one next to an injury word
("وجرح 14", "قتلى وجرحى") is not.  A toll update ("ارتفعت الحصيلة إلى")
replaces earlier figures; a figure given as an earlier toll is ignored.  The
largest precise figure wins; "عشرات" (10) counts only when nothing more
precise is given.
"""
from __future__ import annotations

from itertools import chain
from typing import Any

from rasd.doc import NumberExpr
from rasd.events.frames import Frame
from rasd.events.view import DocView

BEFORE, AFTER = 3, 5
_VAGUE_RULES = ("tens", "hundreds", "thousands", "vague")


def find_fatalities(view: DocView, frame: Frame) -> dict[str, Any] | None:
    """{"value", "number": NumberExpr, "rule"} or None when no figure is given."""
    lo, hi = frame.lo, frame.hi
    cands: list[tuple[int, NumberExpr, str]] = []
    s_lo, s_hi = view.sent_toks[frame.sent]
    if view.has_cue("toll_earlier", s_lo, s_hi):
        return None  # "في حصيلة سابقة": a figure the article itself supersedes
    earlier = False
    num_at = view.num_at
    for trig in frame.triggers:
        if not trig.attrs.get("death"):
            continue
        i, j = trig.ntok, trig.attrs["last"]
        for k in chain(range(max(lo, i - BEFORE), i), range(j + 1, min(hi, j + 1 + AFTER))):
            n = num_at.get(k)
            if n is None or not _is_count(n):
                continue
            if _wounded_near(view, k, lo, hi):
                continue
            if k > j and _crosses(view, j + 1, k):
                continue
            cands.append((k, n, f"near:{trig.entry_id}"))
        # a dual or number inside the trigger's own words ("قتيلين")
        n = view.num_at.get(i)
        if n is not None and _is_count(n) and n.start >= trig.start:
            cands.append((i, n, "in-trigger"))
    for k in view.cues_in("toll_update", lo, hi):
        end = view.cue_at[k][1]
        for m in range(end + 1, min(hi, end + 4)):
            n = view.num_at.get(m)
            if n is not None and _is_count(n):
                return {"value": n.value, "number": n, "rule": "toll-update", "vague": n_is_vague(n)}
    listed = _named_victims(view, frame, lo, hi)
    if listed:
        return listed
    if earlier and len(cands) > 1:
        cands = cands[-1:]
    if not cands:
        return None
    precise = [c for c in cands if not n_is_vague(c[1])]
    pool = precise or cands
    k, n, rule = max(pool, key=lambda c: c[1].value)
    return {"value": n.value, "number": n, "rule": rule, "vague": not precise, "approx": n.qualifier == "approx"}


def n_is_vague(n: NumberExpr) -> bool:
    return n.rule.startswith(_VAGUE_RULES) or n.attrs.get("vague", False)


def _is_count(n: NumberExpr) -> bool:
    kind = n.attrs.get("kind", "count")
    return kind == "count" and 0 < n.value < 100000


def _wounded_near(view: DocView, k: int, lo: int, hi: int) -> bool:
    """An injury word right before or after the number ("وجرح 14", "14 جريحا", "قتلى وجرحى")."""
    role = view.role_at.get
    for m in (k - 1, k + 1, k + 2):
        if lo <= m < hi and role(m) == "wounded":
            if m == k + 2 and role(k + 1) not in (None, "wounded"):
                continue
            return True
    return False


def _crosses(view: DocView, a: int, b: int) -> bool:
    """A clause break (comma followed by a new verb phrase) between tokens a and b."""
    toks = view.doc.tokens
    for m in range(a, b):
        t = toks[m]
        if t.kind == "punct" and t.norm in "؛;:":
            return True
    return False


def _named_victims(view: DocView, frame: Frame, lo: int, hi: int) -> dict[str, Any] | None:
    """"مقتل كل من A، ونائب B": as many dead as named people after "كل من"."""
    for trig in frame.triggers:
        if not trig.attrs.get("death"):
            continue
        j = trig.attrs["last"]
        if view.word(j + 1) == "كل" and view.word(j + 2) == "من":
            people = []
            for k in range(j + 3, min(hi, j + 40)):
                e = view.ent_at[k]
                if e is not None and e.kind == "person" and (not people or people[-1] is not e):
                    people.append(e)
                if view.word(k) == "في" and k + 1 < hi and view.ent_at[k + 1] is not None and view.ent_at[k + 1].kind == "place":
                    break
            if len(people) >= 2:
                n = NumberExpr(people[0].start, people[-1].end, len(people), "named-victims")
                return {"value": len(people), "number": n, "rule": "named-victims"}
    return None
