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
from operator import attrgetter
from typing import Any

import ahocorasick

from rasd.knowledge.matcher import ARTICLE, PROCLITICS, Hit, alias_keys, longest_fields, longest_of

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
_PROCLITIC_LAST = frozenset(p[-1] for p in PROCLITICS if p)
_MAX_PREFIX = max(len(p) for p in PROCLITICS)

# \d+ spelt so that it opens with a plain class of code points (ASCII digits,
# or anything from U+0660 on, then checked to be a digit): the engine then skips
# the Arabic letters below U+0660 in C instead of trying a match at every offset.
_NUMBER = re.compile("[0-9\u0660-\U0010ffff](?<=\\d)\\d*(?:([.,٫])\\d+)?")
# d/m/yyyy, yyyy/m/d (also with - or .), the same separator twice; tried
# only at the numbers `find_atoms` meets.
_NUMERIC_DATE = re.compile(r"(?<![\d/.\-])(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})(?![\d/\-]|\.\d)")
_START = attrgetter("start")


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
            # the (kind, entry) an atom gets: after an article, bare payloads come first
            first = self._first(full), self._first(bare + full)
            self.automaton.add_word(key, (key, full, bare, first))
        self.size = len(table)
        if self.size:
            self.automaton.make_automaton()

    def _first(self, payloads: tuple) -> tuple[str, dict[str, Any]] | None:
        return (payloads[0][0], self.entries[payloads[0]]) if payloads else None

    def candidates(self, text: str) -> list[tuple]:
        """Raw hits at Arabic word boundaries, overlaps and all.

        Each is (start, end, word start, prefix, key, payloads, (kind, entry)).
        """
        if not self.size:
            return []
        n = len(text)
        wordy = _WORD_CHARS
        out: list[tuple] = []
        for last, (key, full, bare, first) in self.automaton.iter(text):
            end = last + 1
            if end < n and text[end] in wordy:
                continue
            start = ws = end - len(key)
            if start and text[start - 1] in wordy:
                if text[start - 1] not in _PROCLITIC_LAST:
                    continue  # inside a word: no proclitic ends with this letter
                ws, limit = start - 1, start - _MAX_PREFIX
                while ws > 0 and ws > limit and text[ws - 1] in wordy:
                    ws -= 1
                if ws > 0 and text[ws - 1] in wordy:
                    continue  # inside a longer word
                prefix = text[ws:start]
                if prefix not in _PROCLITICS:
                    continue
                # An article-less core ("خميس" of "الخميس") counts only when the
                # article was written, as in "للخميس"; then it is preferred.
                if prefix.endswith((ARTICLE, "لل")):
                    if first[1] is not None:
                        out.append((start, end, ws, prefix, key, bare + full, first[1]))
                    continue
            else:
                prefix = ""
            if first[0] is not None:
                out.append((start, end, ws, prefix, key, full, first[0]))
        return out

    def hits(self, text: str) -> list[Hit]:
        """Lexicon hits at Arabic word boundaries, longest first on overlaps."""
        return longest_of([(s, e, ws, pre, "", key, pay) for s, e, ws, pre, key, pay, _ in self.candidates(text)])


def get_tables(kb) -> Tables:
    """The compiled tables of a knowledge base, built once and cached on it."""
    return kb.derived("temporal_tables", lambda kb: Tables(kb.lexicons))


def find_atoms(text: str, tables: Tables) -> list[Atom]:
    """Every atom of a normalised text, sorted by start offset."""
    atoms: list[Atom] = []
    for s, e, _, prefix, _, _, (kind, entry) in longest_fields(tables.candidates(text)):
        # An article written before a form listed without it ("الأسبوعين")
        # belongs to the expression; so does the ل of "لل" that stands for it.
        start = s - 2 if prefix.endswith(ARTICLE) else s - 1 if prefix.endswith("لل") else s
        atoms.append(Atom(kind, start, e, entry, prefix))
    # One pass over the digits: every number, and a numeric date tried only
    # where one can start (the start of a digit run right before / . -).
    n = len(text)
    nd_start = nd_end = -1  # the numeric date found last
    for m in _NUMBER.finditer(text):
        s, e = m.span()
        sep = m.group(1)
        if sep == "," or sep == "٫":
            c = m.end(1)  # "1,5/6/2020": a date may start after the comma
        else:
            c = s  # after "." the lookbehind refuses a start anyway
        inside = nd_start <= s < nd_end  # a field of the numeric date found last
        if c >= nd_end and (sep == "." or e < n and text[e] in "/.-"):
            d = _NUMERIC_DATE.match(text, c)
            if d is not None:
                ymd = _numeric_date(d.group(1), d.group(3), d.group(4))
                if ymd is not None:
                    nd_start, nd_end = c, d.end()
                    atoms.append(Atom("NDATE", c, nd_end, ymd))
                    inside = inside or c == s
        if inside:
            continue
        digits = m.group()
        atoms.append(Atom("NUM", s, e, int(digits) if digits.isdigit() else None))
    atoms.sort(key=_START)
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
