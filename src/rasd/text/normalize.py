"""Arabic normalisation that never loses track of where a character came from.

`normalize(text)` returns a `NormText`: the normalised string plus, for every
normalised character, the start and end offsets of the original characters it
came from.  Matching runs on the normalised string; results are mapped back to
the original with `NormText.to_orig`.

What is folded (all for matching only; the original text is never changed):
diacritics and tatweel removed; أ إ آ ٱ to ا; ؤ to و; ئ to ي; ة to ه; ى to ي;
Persian/Kurdish letters (ک ی ە ھ) to their Arabic forms; Arabic-Indic and
Persian digits to ASCII; presentation forms (FB50-FDFF, FE70-FEFF) decomposed
by NFKC; ASCII letters lower-cased; every run of whitespace is kept one for one.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

# One-to-one foldings (same length), applied with str.translate.
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ة": "ه", "ى": "ي", "ۀ": "ه",
    "ک": "ك", "ی": "ي", "ێ": "ي", "ې": "ي", "ە": "ه", "ھ": "ه", "ہ": "ه",
    "ڕ": "ر", "ڵ": "ل", "ۆ": "و", "گ": "ك", "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)  # Persian digits
for _c in range(ord("A"), ord("Z") + 1):
    _FOLD[chr(_c)] = chr(_c + 32)
_TABLE = str.maketrans(_FOLD)
# str.translate looks every character up in a dict; a handful of str.replace
# calls for the characters a text actually holds is about 6x faster.
_FOLD_PAIRS = tuple(_FOLD.items())


def _fold_chars(text: str) -> str:
    """`text.translate(_TABLE)`, faster: the one-to-one foldings only."""
    for old, new in _FOLD_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


# Characters dropped: harakat, shadda, sukun, superscript alef, Quranic marks,
# tatweel, and invisible format characters (ZWNJ, ZWJ, bidi marks).
_DROP_CHARS = (
    "\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED"
    "\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
)
_DROP_RE = re.compile(f"[{_DROP_CHARS}]")
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalised copy of a text with a map back to original offsets."""

    text: str
    # Original offset of each normalised char (a range when nothing was
    # dropped).  Every normalised char comes from exactly one original char,
    # so the char ends at its start + 1.
    starts: Sequence[int]
    orig_len: int

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original text's offsets."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else self.orig_len
            return pos, pos
        return self.starts[start], self.starts[end - 1] + 1

    def to_norm(self, orig_pos: int) -> int:
        """The first normalised offset whose original start is >= orig_pos."""
        return bisect_right(self.starts, orig_pos - 1)


def fold(text: str) -> str:
    """Normalise a string without an offset map (for knowledge entries and keys)."""
    if _PRESENTATION_RE.search(text):
        text = "".join(
            unicodedata.normalize("NFKC", c) if _PRESENTATION_RE.match(c) else c for c in text
        )
    return _DROP_RE.sub("", _fold_chars(text))


def normalize(text: str) -> NormText:
    """Normalise `text` for matching and keep an offset map back to it."""
    if _PRESENTATION_RE.search(text):
        return _normalize_slow(text)
    # Folding is one-to-one and never produces a dropped character, so where
    # those were can be found in the original text.
    norm = _fold_chars(text)
    n = len(text)
    if not _DROP_RE.search(norm):
        return NormText(norm, range(n), n)
    norm = _DROP_RE.sub("", norm)
    keep = list(range(n))  # a list: building an array from a range is 3x slower
    for m in reversed(list(_DROP_RE.finditer(text))):
        del keep[m.start() : m.end()]
    return NormText(norm, keep, n)


def _normalize_slow(text: str) -> NormText:
    """Character-by-character path for text holding presentation forms."""
    out: list[str] = []
    starts: list[int] = []
    for i, ch in enumerate(text):
        piece = unicodedata.normalize("NFKC", ch) if _PRESENTATION_RE.match(ch) else ch
        piece = _DROP_RE.sub("", piece.translate(_TABLE))
        for c in piece:
            out.append(c)
            starts.append(i)
    return NormText("".join(out), starts, len(text))
