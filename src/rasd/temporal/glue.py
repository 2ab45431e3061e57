"""The glue of the temporal grammar: what may lie between atoms, cue words,
and the scanner base class every rule module builds on.

The text is the normalised text (ى→ي, إ→ا, ة→ه, Arabic-Indic digits→ASCII),
so the patterns are written in that form.
"""
from __future__ import annotations

import re

from rasd.temporal.tables import Atom

SP = re.compile(r"\s*")
PAIR = re.compile(r"\s*[/(\-–]\s*")
RANGE = re.compile(r"\s*(?:-|–|و|الي|والي|حتي|وحتي)\s*")
RANGE_TO = re.compile(r"\s*(?:-|–|الي|والي|حتي|وحتي)\s*")  # not "و": two dates, not a range
OF = re.compile(r"\s*(?:من\s+)?")
FROM = re.compile(r"\s*من\s+")
COMMA = re.compile(r"\s*[،,]?\s*")
OPEN = re.compile(r"\s*\(?\s*")
BEFORE_DATE = re.compile(r"\s*[،,]?\s*(?:الموافق\s*)?")
ART = re.compile(r"\s*(?:ال)?\s*")
CLOSE = re.compile(r"\s*\)")
YEAR_MARK = re.compile(r"\s*(?:(هجريه|هجري|ه)|(ميلاديه|ميلادي|م))(?![\u0621-\u064a])")
AFTER_FROM = re.compile(r"\s*(?:من|علي)\s")
PREV_WORD = re.compile(r"([\u0621-\u064a]+)\s*$")
NEXT_WORD = re.compile(r"\s*([\u0621-\u064a]+)")
SENT_BREAK = re.compile(r"[.!?؟\n]")

# The word before an expression (normalised, without و/ف) and what it means.
CUES = {
    "منذ": "since", "قبل": "before", "بعد": "after", "خلال": "within", "بحلول": "by",
    "حتي": "until", "بين": "between", "من": "from", "في": "in", "الي": "to", "طوال": "during",
}
# Words of approximation between a cue and its count: "قبل نحو أسبوعين".
APPROX = frozenset({"نحو", "حوالي", "قرابه", "زهاء", "قراب"})
MORE_LESS = frozenset({"اكثر", "اقل"})
# Cues kept in the span because they change what the date means.
SPAN_CUES = frozenset({"since", "before", "after", "within", "by", "until", "between"})
# A bare number is a year only after one of these ("في 2015", "منذ 2014").
YEAR_CUES = SPAN_CUES | {"in", "from", "to", "during"}
# Cues before which a month that is also a common word may stand alone ("في مارس").
MONTH_CUES = YEAR_CUES
# "اليوم" is not today in "اليوم التالي", "ذات اليوم", "صحيفة اليوم".
NOT_TODAY_BEFORE = frozenset({"ذات", "ذلك", "نفس", "صحيفه", "جريده", "هذا"})
NOT_TODAY_AFTER = frozenset({"نفسه", "ذاته"})
FUTURE_REACH = 100  # characters between a future cue and the weekday it governs
MONTH_KINDS = ("MONTH", "HMONTH")


def year_like(a: Atom | None, lo: int = 1900, hi: int = 2100) -> bool:
    """A four-digit number atom within [lo, hi]."""
    return a is not None and a.value is not None and a.end - a.start == 4 and lo <= a.value <= hi


def after_dir(a: Atom | None) -> int | None:
    """The direction of a modifier written after its unit, else None."""
    if a is None or a.value.get("position") == "before":
        return None
    return a.value["direction"]


class Scanner:
    """A position-checked view over the atoms of one normalised text."""

    def __init__(self, text: str, atoms: list[Atom]) -> None:
        self.t = text
        self.a = atoms
        self.n = len(atoms)
        self.future_ends = [a.end for a in atoms if a.kind == "FUTURE"]

    def at(self, j: int, pos: int, kinds: tuple[str, ...], gap: re.Pattern = SP) -> Atom | None:
        """Atom j when it is one of `kinds` and only `gap` lies between pos and it."""
        if j >= self.n:
            return None
        a = self.a[j]
        if a.kind not in kinds or a.start < pos or not gap.fullmatch(self.t, pos, a.start):
            return None
        return a

    def prev_word(self, start: int) -> tuple[str, int]:
        """The word before `start` without a leading و/ف, and where it starts."""
        m = PREV_WORD.search(self.t, max(0, start - 16), start)
        if not m:
            return "", start
        w, s = m.group(1), m.start(1)
        if len(w) > 2 and w[0] in "وف" and w[1:] in CUES:
            return w[1:], s + 1
        return w, s

    def cue(self, start: int) -> tuple[str | None, int]:
        """The cue word before `start` and where it starts, looking past
        "نحو", "حوالي", "أكثر من" ("منذ أكثر من عامين")."""
        w, s = self.prev_word(start)
        if w in APPROX:
            w, s = self.prev_word(s)
        elif w == "من":
            w2, s2 = self.prev_word(s)
            if w2 in MORE_LESS:
                w, s = self.prev_word(s2)
        return CUES.get(w), s

    def done(self, p, end: int):
        p.end = end
        return p
