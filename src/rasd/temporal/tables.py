"""The temporal tables, compiled once per knowledge base, and the atoms they find.

The grammar's vocabulary lives in `knowledge/lexicon/temporal_*.yaml` (one
table per file).  Here every table's forms go into one Aho-Corasick automaton,
keyed exactly like the knowledge base's `Matcher` (same folding, same
proclitic runs, same article-less cores), so a form matches wherever
`kb.lexicon_matcher(name)` would match it.  The difference is speed: word
boundaries are checked only around the few raw hits instead of for every word
of the article, which keeps this stage far below a millisecond per article.

`find_atoms(text, tables)` returns the atoms of a normalised text: lexicon
hits, plain numbers and numeric dates (2020/01/03, 3-1-2020), sorted by start.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import ahocorasick

from rasd.knowledge.matcher import ARTICLE, PROCLITICS, Hit, alias_keys, longest_of

# lexicon name -> the atom kind its hits get
TABLES: dict[str, str] = {
    "temporal_months": "MONTH",
    "temporal_hijri_months": "HMONTH",
    "temporal_weekdays": "WEEKDAY",
    "temporal_relative_days": "RELDAY",
    "temporal_dayparts": "DAYPART",
    "temporal_units": "UNIT",
    "temporal_modifiers": "MOD",
    "temporal_parts": "PART",
    "temporal_seasons": "SEASON",
    "temporal_ordinals": "ORD",
    "temporal_counts": "COUNT",
    "temporal_vague": "VAGUE",
    "temporal_future_cues": "FUTURE",
}

_WORD_CHARS = frozenset(
    [chr(c) for c in range(0x0621, 0x064B)]
    + [chr(c) for c in range(ord("0"), ord("9") + 1)]
    + [chr(c) for c in range(ord("a"), ord("z") + 1)]
)
_PROCLITICS = frozenset(PROCLITICS)
_MAX_PREFIX = max(len(p) for p in PROCLITICS)

_NUMBER = re.compile(r"\d+(?:[.,٫]\d+)?")
# d/m/yyyy, yyyy/m/d (also with - or .), the same separator twice.  The
# leading lookahead lets the engine skip to digits before the lookbehind.
_NUMERIC_DATE = re.compile(r"(?=\d)(?<![\d/.\-])(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})(?![\d/\-]|\.\d)")


@dataclass(frozen=True, slots=True)
class Atom:
    """One piece of a date expression, in normalised offsets.

    `kind` is a table's kind (MONTH, WEEKDAY, ...), NUM for a number or NDATE
    for a numeric date; `value` is the lexicon entry, the number (None when
    not a whole number) or a (year, month, day) tuple.
    """

    kind: str
    start: int
    end: int
    value: Any
    prefix: str = ""


class Tables:
    """All temporal lexicon tables as one automaton plus their entries."""

    def __init__(self, lexicons: dict[str, list[dict[str, Any]]]) -> None:
        self.entries: dict[tuple[str, str], dict[str, Any]] = {}
        table: dict[str, list[tuple[tuple[str, str], bool]]] = {}
        for name, kind in TABLES.items():
            for e in lexicons.get(name, ()):
                self.entries[(kind, e["id"])] = e
                for form in e["forms"]:
                    for key, bare in alias_keys(form):
                        table.setdefault(key, []).append(((kind, e["id"]), bare))
        self.automaton = ahocorasick.Automaton()
        for key, values in table.items():
            full = tuple(dict.fromkeys(p for p, b in values if not b))
            bare = tuple(dict.fromkeys(p for p, b in values if b and p not in full))
            self.automaton.add_word(key, (key, full, bare))
        self.size = len(table)
        if self.size:
            self.automaton.make_automaton()

    def hits(self, text: str) -> list[Hit]:
        """Lexicon hits at Arabic word boundaries, longest first on overlaps."""
        if not self.size:
            return []
        n = len(text)
        hits: list[tuple] = []  # Hit fields (see longest_of)
        for last, (key, full, bare) in self.automaton.iter(text):
            end = last + 1
            if end < n and text[end] in _WORD_CHARS:
                continue
            start = end - len(key)
            ws = start
            while ws > 0 and text[ws - 1] in _WORD_CHARS and start - ws <= _MAX_PREFIX:
                ws -= 1
            prefix = text[ws:start]
            if prefix and prefix not in _PROCLITICS:
                continue
            # An article-less core ("خميس" of "الخميس") counts only when the
            # article was written, as in "للخميس"; then it is preferred.
            if prefix.endswith((ARTICLE, "لل")):
                payloads = bare + full
            else:
                payloads = full
            if payloads:
                hits.append((start, end, ws, prefix, "", key, payloads))
        return longest_of(hits)


def get_tables(kb) -> Tables:
    """The compiled tables of a knowledge base, built once and cached on it."""
    return kb.derived("temporal_tables", lambda kb: Tables(kb.lexicons))


def find_atoms(text: str, tables: Tables) -> list[Atom]:
    """Every atom of a normalised text, sorted by start offset."""
    atoms: list[Atom] = []
    for h in tables.hits(text):
        kind, eid = h.payloads[0]
        # An article written before a form listed without it ("الأسبوعين")
        # belongs to the expression; so does the ل of "لل" that stands for it.
        start = h.start - 2 if h.prefix.endswith(ARTICLE) else h.start - 1 if h.prefix.endswith("لل") else h.start
        atoms.append(Atom(kind, start, h.end, tables.entries[(kind, eid)], h.prefix))
    taken_end = -1
    for m in _NUMERIC_DATE.finditer(text):
        ymd = _numeric_date(m.group(1), m.group(3), m.group(4))
        if ymd is not None:
            atoms.append(Atom("NDATE", m.start(), m.end(), ymd))
            taken_end = max(taken_end, m.end())
    ndate_spans = [(a.start, a.end) for a in atoms if a.kind == "NDATE"]
    for m in _NUMBER.finditer(text):
        s, e = m.span()
        if ndate_spans and any(a <= s < b for a, b in ndate_spans):
            continue
        digits = m.group()
        atoms.append(Atom("NUM", s, e, int(digits) if digits.isdigit() else None))
    atoms.sort(key=lambda a: a.start)
    return atoms


def _numeric_date(a: str, b: str, c: str) -> tuple[int, int, int] | None:
    """(year, month, day) from the three fields of a numeric date, day first."""
    if len(a) == 4 and len(c) <= 2:
        y, m, d = int(a), int(b), int(c)
    elif len(c) == 4 and len(a) <= 2:
        y, m, d = int(c), int(b), int(a)
    else:
        return None
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return y, m, d
