"""Stage `dates`: Arabic date expressions, resolved against the publication date.

Fills `doc.times` with one `TimeExpr` per expression ("أمس", "مساء الأحد",
"26 تموز (يوليو) 2021", "الشهر الماضي", "أواخر 2017", "منذ عام 2014" ...).
The grammar and resolution live in `rasd.temporal`; the vocabulary in the
`temporal_*` lexicon tables.  Offsets are mapped back to the original text;
`value` is ISO or None, `precision` ACLED's time_precision (4 = year only).
"""
from __future__ import annotations

import re
from bisect import bisect_right

from rasd.doc import Doc, TimeExpr
from rasd.registry import stage
from rasd.temporal import find_atoms, get_tables, parse, resolve

# Marks the normaliser drops; a span ending in "غداً" or "أمسِ" keeps them.
_TRAILING_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]*")


@stage("dates", reads=("tokens",), writes=("times",))
def dates(doc: Doc) -> Doc:
    """Set `doc.times`."""
    norm = doc.ensure_norm()
    kb = doc.kb
    if kb is None:  # a stage run on its own still needs the tables
        from rasd.knowledge import load

        kb = doc.kb = load()
    parts = parse(norm.text, find_atoms(norm.text, get_tables(kb)))
    sent_starts = [s.start for s in doc.sentences]
    times: list[TimeExpr] = []
    for p in parts:
        r = resolve(p, doc.published)
        start, end = norm.to_orig(p.start, p.end)
        end = _TRAILING_MARKS.match(doc.text, end).end()
        times.append(
            TimeExpr(
                start, end,
                r.value.isoformat() if r.value else None,
                r.precision,
                p.rule,
                relative=r.relative,
                resolved=r.resolved,
                note=r.note,
                end_value=r.end.isoformat() if r.end else None,
                sent=max(0, bisect_right(sent_starts, start) - 1),
                attrs=r.attrs,
            )
        )
    doc.times = times
    return doc
