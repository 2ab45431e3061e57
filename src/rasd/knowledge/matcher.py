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
from bisect import bisect_right
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


_PROCLITIC_SET = frozenset(p for p in PROCLITICS if p)
MAX_PROCLITIC = max(len(p) for p in _PROCLITIC_SET)
_PROCLITIC_LAST = frozenset(p[-1] for p in _PROCLITIC_SET)
_WORD_CHARS = frozenset(
    [chr(c) for c in range(0x0621, 0x064B)] + list("0123456789abcdefghijklmnopqrstuvwxyz")
    + [chr(c) for c in range(0x00C0, 0x0250)]
)

# A core left after stripping "ال" is indexed on its own only when at least
# this long; shorter cores ("عين" from "العين") are common words.
MIN_BARE_CORE = 4


@dataclass(slots=True)
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
    """Aho-Corasick over normalised aliases with Arabic word boundaries.

    `items` are (alias, payload) or (alias, payload, exact) tuples.  An exact
    alias is matched only as written: its article-less core is not indexed
    ("الخليل" does not match the name "خليل") and it takes no article in front
    ("سورية" does not match the adjective "السورية").
    """

    def __init__(self, items: Iterable[tuple], *, suffixes: bool = False) -> None:
        table: dict[str, list[tuple[Any, bool, bool]]] = {}
        for item in items:
            alias, payload = item[0], item[1]
            exact = len(item) > 2 and bool(item[2])
            keys = alias_keys(alias)
            for key, bare in keys[:1] if exact else keys:
                table.setdefault(key, []).append((payload, bare, exact))
        self.automaton = ahocorasick.Automaton()
        for key, values in table.items():
            # A key that is also a full alias somewhere is never "bare-only".
            payloads = tuple(dict.fromkeys(p for p, _, _ in values))
            bare_only = all(b for _, b, _ in values)
            no_article = frozenset(p for p, _, x in values if x)
            self.automaton.add_word(key, (key, payloads, bare_only, no_article))
        if len(table):
            self.automaton.make_automaton()
        self.size = len(table)
        self.suffixes = suffixes
        self.shared: tuple[SharedScan, int] | None = None  # set by SharedScan

    def find(self, text: str) -> list[Hit]:
        """All non-overlapping hits in normalised `text`, longest first.

        Quotation marks do not break a name: تحالف "الفتح" and قناة «المسيرة»
        match "تحالف الفتح" and "قناة المسيرة" (the search runs on a copy without
        the marks and maps the hits back).
        """
        if not self.size:
            return []
        search, back = unquoted(text)
        hits = self._find(search)
        if back is None:
            return hits
        n = len(text)
        for h in hits:
            h.start, h.end, h.word_start = back[h.start], back[h.end - 1] + 1, back[h.word_start]
            if h.end < n and _QUOTE_MARKS.match(text, h.end) and _QUOTE_MARKS.search(text, h.start, h.end):
                h.end += 1  # 'تحالف "الفتح"': the name closes its own quotation mark
        return hits

    def _find(self, text: str) -> list[Hit]:
        """Boundaries are checked only around raw automaton hits (a few chars each)."""
        n = len(text)
        wordy = _WORD_CHARS.__contains__
        hits: list[tuple] = []  # Hit fields; a Hit is made only for the hits kept
        raw = self.automaton.iter(text) if self.shared is None else self.shared[0].raw(text, self.shared[1])
        for last, (key, payloads, bare_only, no_article) in raw:
            end = last + 1
            start = end - len(key)
            word_start, prefix = start, ""
            if start > 0 and wordy(text[start - 1]):
                if text[start - 1] not in _PROCLITIC_LAST:
                    continue  # inside a word: no proclitic ends with this letter
                ws = start - 1
                limit = max(0, start - MAX_PROCLITIC)
                while ws > limit and wordy(text[ws - 1]):
                    ws -= 1
                if ws > 0 and wordy(text[ws - 1]):
                    continue  # inside a longer word
                prefix = text[ws:start]
                if prefix not in _PROCLITIC_SET:
                    continue
                word_start = ws
            if bare_only and len(key) < MIN_BARE_CORE and not prefix.endswith((ARTICLE, "لل")):
                continue
            if no_article and prefix.endswith((ARTICLE, "لل")) and not key.startswith(ARTICLE):
                payloads = tuple(p for p in payloads if p not in no_article)
                if not payloads:
                    continue
            suffix = ""
            if end < n and wordy(text[end]):
                if not self.suffixes:
                    continue
                suffix = _suffix_at(text, end, n, wordy)
                if not suffix:
                    continue
            hits.append((start, end, word_start, prefix, suffix, key, payloads))
        return longest_of(hits)


class SharedScan:
    """Several matchers' automata merged, so a text is scanned once for all of them.

    Each automaton pass costs about the same whatever it finds, and the
    pipeline runs five matchers over every article; one merged pass and a
    hand-out of raw hits per matcher is about three times cheaper.  Matchers
    joined to a scan keep their own automaton for anything else.
    """

    def __init__(self, matchers: Iterable["Matcher"]) -> None:
        self.matchers = list(matchers)
        table: dict[str, list[tuple[int, Any]]] = {}
        for slot, m in enumerate(self.matchers):
            if m.size:
                for key, value in m.automaton.items():
                    table.setdefault(key, []).append((slot, value))
        self.automaton = ahocorasick.Automaton()
        for key, values in table.items():
            # one matcher's key (all but a few dozen): the pair itself, no loop to hand it out
            self.automaton.add_word(key, values[0] if len(values) == 1 else values)
        if table:
            self.automaton.make_automaton()
        self.size = len(table)
        self._last: tuple[str | None, list[list]] = (None, [])
        for slot, m in enumerate(self.matchers):
            m.shared = (self, slot)

    def raw(self, text: str, slot: int) -> list[tuple[int, Any]]:
        """The raw (last offset, value) hits of matcher `slot` in `text`."""
        last = self._last  # one read: the pair is replaced whole, never changed
        if last[0] is not text:
            buckets: list[list] = [[] for _ in self.matchers]
            if self.size:
                add = [b.append for b in buckets]
                for end, entry in self.automaton.iter(text):
                    if entry.__class__ is tuple:  # (slot, value)
                        add[entry[0]]((end, entry[1]))
                    else:  # a key several matchers share: [(slot, value), ...]
                        for s, value in entry:
                            add[s]((end, value))
            last = self._last = (text, buckets)
        return last[1][slot]


_QUOTE_MARKS = re.compile("[\"«»“”„‟]")


_last_unquoted: tuple[str, tuple] = ("", ("", None))


def unquoted(text: str) -> tuple[str, "_Back | None"]:
    """`text` without quotation marks, and the map from its offsets back to `text`'s.

    A mark next to a space is dropped; a mark between two letters becomes a
    space, so words never run together.  Several matchers search the same
    text in a row, so the last result is kept.
    """
    global _last_unquoted
    if _last_unquoted[0] is text:
        return _last_unquoted[1]
    result = _unquote(text)
    _last_unquoted = (text, result)
    return result


def _unquote(text: str) -> tuple[str, "_Back | None"]:
    marks = [m.start() for m in _QUOTE_MARKS.finditer(text)]
    if not marks:
        return text, None
    n = len(text)
    parts: list[str] = []
    dropped: list[int] = []  # compact offsets at which a mark was taken out
    pos = 0
    for i in marks:
        parts.append(text[pos:i])
        spaced = (i == 0 or text[i - 1] in " \n") or (i + 1 >= n or text[i + 1] in " \n")
        if spaced:
            dropped.append(i - len(dropped))
        else:
            parts.append(" ")
        pos = i + 1
    parts.append(text[pos:])
    return "".join(parts), _Back(dropped)


class _Back:
    """Compact offset -> original offset, from where marks were taken out."""

    __slots__ = ("dropped",)

    def __init__(self, dropped: list[int]) -> None:
        self.dropped = dropped

    def __getitem__(self, c: int) -> int:
        return c + bisect_right(self.dropped, c)


def _suffix_at(text: str, end: int, n: int, wordy) -> str:
    for suf in PRONOUN_SUFFIXES:
        after = end + len(suf)
        if text.startswith(suf, end) and (after >= n or not wordy(text[after])):
            return suf
    return ""


def longest_of(cands: list[tuple]) -> list[Hit]:
    """Greedy non-overlapping choice among tuples of Hit fields: longest span first,
    then fewest clitics.  Hits are made for the winners only."""
    if len(cands) < 2:
        return [Hit(*c) for c in cands]
    ordered = sorted(cands, key=lambda c: (c[0] - c[1], len(c[3]), c[0]))
    used = bytearray(max(c[1] for c in cands) + 1)
    taken: list[tuple] = []
    for c in ordered:
        s, e = c[0], c[1]
        if used.find(1, s, e) != -1:
            continue
        used[s:e] = b"\x01" * (e - s)
        taken.append(c)
    taken.sort(key=lambda c: c[0])
    return [Hit(*c) for c in taken]
