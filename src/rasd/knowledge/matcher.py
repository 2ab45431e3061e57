"""Find known names in normalised Arabic text, clitics and all.

An Aho-Corasick automaton (pyahocorasick) holds every alias in normalised
form.  A raw hit is kept only when it starts at a word start, or right after a
run of proclitics (و ف ب ل ك and the article: "وبكركوك", "لداعش", "للحشد"), and
ends at a word end (or, for lexicon entries that allow it, before a pronoun
suffix).  Overlaps go to the longest hit, so the whole form "بعقوبة" beats a
stripped one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

import ahocorasick

from rasd.text.normalize import fold

ARTICLE = "ال"
# Proclitic runs, on normalised text: conjunction? + preposition? + article?
# ل + ال is written لل.
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
PROCLITICS: tuple[str, ...] = tuple(
    sorted(
        {c + p + a for c in _CONJ for p in _PREP for a in ("", ARTICLE)}
        | {c + "لل" for c in _CONJ},
        key=len,
    )
)
PRONOUN_SUFFIXES: tuple[str, ...] = ("هما", "هم", "هن", "ها", "كم", "نا", "ه", "ك", "ي")

_WORD = re.compile(r"[\u0621-\u064a0-9a-z\u00c0-\u024f]+")
_PREFIX_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _p in PROCLITICS:
    if _p:
        _PREFIX_BY_FIRST.setdefault(_p[0], ())
        _PREFIX_BY_FIRST[_p[0]] += (_p,)

# A core left after stripping "ال" is indexed on its own only when at least
# this long; shorter cores ("عين" from "العين") are common words.
MIN_BARE_CORE = 4


@dataclass(frozen=True, slots=True)
class Hit:
    """One accepted match in normalised offsets."""

    start: int  # normalised offset of the name, after any proclitic
    end: int
    word_start: int  # normalised offset of the word holding the proclitic
    prefix: str
    suffix: str
    key: str
    payloads: tuple[Any, ...]


def alias_keys(alias: str) -> list[tuple[str, bool]]:
    """Normalised keys for an alias: (key, bare) with bare=True for an article-less core."""
    key = " ".join(fold(alias).split())
    if not key:
        return []
    keys = [(key, False)]
    if key.startswith(ARTICLE) and len(key) > 2:
        keys.append((key[2:], True))
    return keys


class Matcher:
    """Aho-Corasick over normalised aliases with Arabic word boundaries."""

    def __init__(self, items: Iterable[tuple[str, Any]], *, suffixes: bool = False) -> None:
        table: dict[str, list[tuple[Any, bool]]] = {}
        for alias, payload in items:
            for key, bare in alias_keys(alias):
                table.setdefault(key, []).append((payload, bare))
        self.automaton = ahocorasick.Automaton()
        for key, values in table.items():
            # A key that is also a full alias somewhere is never "bare-only".
            payloads = tuple(dict.fromkeys(p for p, _ in values))
            bare_only = all(b for _, b in values)
            self.automaton.add_word(key, (key, payloads, bare_only))
        if len(table):
            self.automaton.make_automaton()
        self.size = len(table)
        self.suffixes = suffixes

    def find(self, text: str) -> list[Hit]:
        """All non-overlapping hits in normalised `text`, longest first."""
        if not self.size:
            return []
        starts, ends = word_boundaries(text)
        hits: list[Hit] = []
        for last, (key, payloads, bare_only) in self.automaton.iter(text):
            end = last + 1
            start = end - len(key)
            prefix_at = starts.get(start)
            if prefix_at is None:
                continue
            word_start, prefix = prefix_at
            if bare_only and len(key) < MIN_BARE_CORE and not prefix.endswith((ARTICLE, "لل")):
                continue
            suffix = ""
            if end not in ends:
                if not self.suffixes:
                    continue
                suffix = _suffix_at(text, end, ends)
                if not suffix:
                    continue
            hits.append(Hit(start, end, word_start, prefix, suffix, key, payloads))
        return select_longest(hits)


def word_boundaries(text: str) -> tuple[dict[int, tuple[int, str]], set[int]]:
    """Positions where a name may start (with the proclitic before it) and word ends."""
    starts: dict[int, tuple[int, str]] = {}
    ends: set[int] = set()
    for m in _WORD.finditer(text):
        s, e = m.span()
        ends.add(e)
        starts[s] = (s, "")
        for p in _PREFIX_BY_FIRST.get(text[s], ()):
            if e - s > len(p) and text.startswith(p, s):
                starts.setdefault(s + len(p), (s, p))
    return starts, ends


def _suffix_at(text: str, end: int, ends: set[int]) -> str:
    for suf in PRONOUN_SUFFIXES:
        if end + len(suf) in ends and text.startswith(suf, end):
            return suf
    return ""


def select_longest(hits: list[Hit]) -> list[Hit]:
    """Greedy non-overlapping choice: longest span first, then fewest clitics."""
    ordered = sorted(hits, key=lambda h: (-(h.end - h.start), len(h.prefix), h.start))
    taken: list[Hit] = []
    used: list[tuple[int, int]] = []
    for h in ordered:
        if any(h.start < e and s < h.end for s, e in used):
            continue
        # A hit inside the proclitic zone of a longer word-initial hit overlaps too.
        taken.append(h)
        used.append((h.start, h.end))
    taken.sort(key=lambda h: h.start)
    return taken
