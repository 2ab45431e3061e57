"""When a frame happened: the date expression governing its sentence.

The resolved date expression nearest the trigger in the same sentence wins;
"منذ 2014" marks the sentence as background instead.  Without one, the
article's own time reference (the first day-precise relative date in its
headline or lead, e.g. "أمس", "الأحد") and then the publication date.
"""
from __future__ import annotations

from typing import Any

from rasd.doc import TimeExpr
from rasd.events.frames import Frame
from rasd.events.view import DocView

LEAD_SENTENCES = 3


def find_date(view: DocView, frame: Frame) -> dict[str, Any]:
    """{"value", "precision", "rule", "time": TimeExpr|None, "background": bool, "future": bool}."""
    main = frame.main or frame.triggers[0]
    lo, hi = view.sent_toks[frame.sent]
    # the frame's own clause first, then the rest of its sentence
    clause = (frame.lo, frame.hi)
    best: TimeExpr | None = None
    best_d = 10**9
    background = future = False
    comma = None  # the trigger's comma clause, found for the first date that needs it
    for k, t in view.times_in(lo, hi):
        if t.attrs.get("since"):
            in_clause = clause[0] <= k < clause[1]
            if in_clause and not any(view.cue(m) == "superlative" for m in range(max(lo, k - 4), k)):
                background = True  # "منذ 2014" - but not "أعنف هجوم منذ شهر"
            continue
        if t.attrs.get("future"):
            if abs(k - main.ntok) < 8:
                future = True
            continue
        if (t.value is None and t.resolved) or t.attrs.get("vague"):
            continue
        if comma is None:
            comma = _clause_of(view, main.ntok, clause[0], clause[1])
        d = abs(k - main.ntok) + (0 if k > main.ntok else 1)
        d += 0 if comma[0] <= k < comma[1] else (25 if clause[0] <= k < clause[1] else 50)
        if t.attrs.get("year_only"):
            d += 20  # "في عام 2018" says less than "في يوليو 2017" a few words on
        if d < best_d:
            best, best_d = t, d
    if best is not None:
        # a dated happening is news even in a sentence that also says "منذ ..."
        rule = f"sentence-date:{best.rule}" if best.value else f"unresolved:needs-publication-date:{best.rule}"
        return _out(best.value, best.precision, rule, best, False, future)
    ref = article_time(view)
    if ref is not None:
        return _out(ref.value, ref.precision, f"article-date:{ref.rule}", ref, background, future)
    pub = view.doc.published
    if pub is not None:
        return _out(pub.isoformat(), 1, "published", None, background, future)
    return _out(None, None, "unresolved:no-publication-date", None, background, future)


def _clause_of(view: DocView, i: int, lo: int, hi: int) -> tuple[int, int]:
    """Token range of the comma-delimited clause holding token i."""
    toks = view.doc.tokens
    n = len(toks)
    a = i
    while a > lo and not (0 <= a - 1 < n and toks[a - 1].kind == "punct" and toks[a - 1].norm in "،,;؛"):
        a -= 1
    b = i
    while b < hi and not (b < n and toks[b].kind == "punct" and toks[b].norm in "،,;؛"):
        b += 1
    return a, b


def article_time(view: DocView) -> TimeExpr | None:
    """The article's own time reference: first day-precise date in the headline or lead."""
    cached = view.__dict__.get("_article_time", False)
    if cached is not False:
        return cached
    found = None
    for t in view.doc.times:
        if t.sent >= LEAD_SENTENCES:
            break
        if t.value and t.precision == 1 and not t.attrs.get("since") and not t.attrs.get("future"):
            found = t
            break
    view.__dict__["_article_time"] = found
    return found


def _out(value, precision, rule, time, background, future) -> dict[str, Any]:
    return {"value": value, "precision": precision, "rule": rule, "time": time, "background": background, "future": future}
