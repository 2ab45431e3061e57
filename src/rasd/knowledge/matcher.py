"""Find known names in normalised Arabic text, clitics and all.

An Aho-Corasick automaton (pyahocorasick) holds every alias in normalised
form.  A raw hit is kept only when it starts at a word start, or right after a
run of proclitics (و ف ب ل ك and the article: "وبكركوك", "لداعش", "للحشد"), and
ends at a word end (or, for lexicon entries that allow it, before a pronoun
suffix).  Overlaps go to the longest hit, so the whole form "بعقوبة" beats a
stripped one.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

import ahocorasick

from rasd.text.normalize import fold
from rasd.text.quotemarks import MARK_CHARS, MARKS, mark_positions

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
        dropped = back.dropped
        for h in hits:
            s, e, w = h.start, h.end - 1, h.word_start
            h.start, h.end, h.word_start = (
                s + bisect_right(dropped, s), e + 1 + bisect_right(dropped, e), w + bisect_right(dropped, w))
            if h.end < n and text[h.end] in _QUOTE_SET and MARKS.search(text, h.start, h.end):
                h.end += 1  # 'تحالف "الفتح"': the name closes its own quotation mark
        return hits

    def _find(self, text: str) -> list[Hit]:
        if self.shared is not None:
            scan, slot = self.shared
            return longest_of(scan.candidates(text)[slot])
        suffixes = self.suffixes
        return longest_of(_candidates(text, self.automaton, 1, lambda v: _record(((0, v),), suffixes))[0])


def _record(values: Iterable[tuple[int, tuple]], suffixes) -> tuple:
    """What the scan needs of one key: (length, slot, key, payloads, takes a suffix, shared).

    `values` are (slot, matcher value) pairs of the matchers holding the key;
    `suffixes(slot)` (or a bool for all) says whether that matcher takes
    pronoun suffixes.  The usual key, of one matcher and with no gate, is
    handed out as it is (`shared` None).  Any other has slot -1 and `shared`
    = (entries, entries taking a suffix), each entry (slot, key, payloads,
    gate): `gate` None, or (needs an article before it, payloads it loses after one).
    """
    entries, with_suffix = [], []
    key = ""
    for slot, (key, payloads, bare_only, no_article) in values:
        needs_article = bare_only and len(key) < MIN_BARE_CORE
        strip = no_article if no_article and not key.startswith(ARTICLE) else None
        entry = (slot, key, payloads, (needs_article, strip) if needs_article or strip else None)
        entries.append(entry)
        if suffixes is True or (suffixes is not False and suffixes(slot)):
            with_suffix.append(entry)
    if len(entries) == 1 and entries[0][3] is None:
        slot, key, payloads, _ = entries[0]
        return len(key), slot, key, payloads, bool(with_suffix), None
    return len(key), -1, key, None, bool(with_suffix), (tuple(entries), tuple(with_suffix))


def _candidates(text: str, automaton, slots: int, as_record=None) -> list[list[tuple]]:
    """The automaton's hits in `text` that sit on word boundaries, as tuples of
    Hit fields, one list per slot (in the order of their ends).

    The automaton's values are records (see `_record`), or made into them by
    `as_record`.  Boundaries are checked only around raw hits (a few chars
    each), once for all the matchers that share a key.
    """
    padded = text + " "  # a non-word char after the end, and before offset 0 (as text[-1])
    wordy = _WORD_CHARS.__contains__
    prefix_of, suffix_of = _PREFIX_OF, _SUFFIX_OF
    out: list[list[tuple]] = [[] for _ in range(slots)]
    add = [b.append for b in out]
    pairs = automaton.iter(padded)
    if as_record is not None:
        pairs = ((last, as_record(value)) for last, value in pairs)
    for last, (klen, slot, key, payloads, takes_suffix, shared) in pairs:
        end = last + 1
        suffix = ""
        if wordy(padded[end]):
            if not takes_suffix:
                continue  # ends inside a word
            after = padded[end : end + _SUFFIX_WINDOW]
            suffix = suffix_of.get(after)
            if suffix is None:
                suffix = _remember(suffix_of, after, _suffix_in(after))
            if not suffix:
                continue
        start = end - klen
        ws, prefix = start, ""
        if wordy(padded[start - 1]):
            lo = start - _PREFIX_WINDOW
            before = padded[lo if lo > 0 else 0 : start]
            prefix = prefix_of.get(before)
            if prefix is None:
                prefix = _remember(prefix_of, before, _prefix_in(before))
            if not prefix:
                continue  # inside a word
            ws = start - len(prefix)
        if shared is None:
            add[slot]((start, end, ws, prefix, suffix, key, payloads))
            continue
        for slot, key, payloads, gate in shared[1] if suffix else shared[0]:
            if gate is not None:
                payloads = _gated(gate, prefix, payloads)
                if not payloads:
                    continue
            add[slot]((start, end, ws, prefix, suffix, key, payloads))
    return out


# The few chars around a raw hit decide its clitics; the same short windows
# recur in every text, so what they hold is remembered (bounded).
_PREFIX_WINDOW = MAX_PROCLITIC + 1
_SUFFIX_WINDOW = max(len(s) for s in PRONOUN_SUFFIXES) + 1
_PREFIX_OF: dict[str, str] = {}
_SUFFIX_OF: dict[str, str] = {}
_WINDOWS_MAX = 100_000


def _remember(memo: dict[str, str], window: str, value: str) -> str:
    if len(memo) >= _WINDOWS_MAX:
        memo.clear()
    memo[window] = value
    return value


def _prefix_in(before: str) -> str:
    """The proclitic run ("وب", "لل") that ends `before`, the chars before a hit
    whose last one is a letter; "" when the hit is inside a word.  `before` is
    `_PREFIX_WINDOW` chars long unless it reaches back to the text's start."""
    i = len(before)
    while i and before[i - 1] in _WORD_CHARS:
        i -= 1
    if len(before) == _PREFIX_WINDOW and i == 0:
        return ""  # a word run longer than any proclitic
    run = before[i:]
    return run if run in _PROCLITIC_SET else ""


def _suffix_in(after: str) -> str:
    """The pronoun suffix a word goes on with after a hit (`after`: the chars
    from the hit's end, ending at the text's end or `_SUFFIX_WINDOW` long); "" for none."""
    for suf in PRONOUN_SUFFIXES:
        if after.startswith(suf) and (len(after) == len(suf) or after[len(suf)] not in _WORD_CHARS):
            return suf
    return ""


def _gated(gate: tuple, prefix: str, payloads: tuple) -> tuple:
    """The payloads a gated key keeps after `prefix` (none: no hit)."""
    needs_article, strip = gate
    has_article = prefix.endswith((ARTICLE, "لل"))
    if needs_article and not has_article:
        return ()  # a short article-less core is an ordinary word
    if strip and has_article:
        return tuple(p for p in payloads if p not in strip)  # exact aliases take no article
    return payloads


class SharedScan:
    """Several matchers' automata merged, so a text is scanned once for all of them.

    Each automaton pass costs about the same whatever it finds, and the
    pipeline runs five matchers over every article; one merged pass, with the
    word boundaries of each raw hit checked once and the hits handed out per
    matcher, is about three times cheaper.  Matchers joined to a scan keep
    their own automaton for anything else.
    """

    def __init__(self, matchers: Iterable["Matcher"]) -> None:
        self.matchers = list(matchers)
        table: dict[str, list[tuple[int, Any]]] = {}
        for slot, m in enumerate(self.matchers):
            if m.size:
                for key, value in m.automaton.items():
                    table.setdefault(key, []).append((slot, value))
        takes_suffix = [m.suffixes for m in self.matchers].__getitem__
        # A node finds a letter by a linear search of its children, kept in the
        # order they were added: keys starting with common letters go in first,
        # so the root (where a scan spends most steps) finds those sooner.
        letters = Counter(c for key in table for c in key)
        self.automaton = ahocorasick.Automaton()
        for key in sorted(table, key=lambda k: -letters[k[0]]):
            self.automaton.add_word(key, _record(table[key], takes_suffix))
        if table:
            self.automaton.make_automaton()
        self.size = len(table)
        self._last: tuple[str | None, list[list]] = (None, [])
        for slot, m in enumerate(self.matchers):
            m.shared = (self, slot)

    def candidates(self, text: str) -> list[list[tuple]]:
        """Per matcher slot, the boundary-checked hits in `text` (see `_candidates`); kept for the last text."""
        last = self._last  # one read: the pair is replaced whole, never changed
        if last[0] is not text:
            found = _candidates(text, self.automaton, len(self.matchers)) if self.size else [
                [] for _ in self.matchers]
            last = self._last = (text, found)
        return last[1]


_QUOTE_SET = frozenset(MARK_CHARS)


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
    marks = mark_positions(text)
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
    """Where marks were taken out (compact offsets, sorted): compact offset c is
    original offset c + bisect_right(dropped, c) (see `Matcher.find`)."""

    __slots__ = ("dropped",)

    def __init__(self, dropped: list[int]) -> None:
        self.dropped = dropped


def longest_of(cands: list[tuple]) -> list[Hit]:
    """Greedy non-overlapping choice among tuples of Hit fields (see `longest_fields`);
    Hits are made for the winners only."""
    return [Hit(*c) for c in longest_fields(cands)]


def longest_fields(cands: list[tuple]) -> list[tuple]:
    """The non-overlapping winners among tuples that open with (start, end, word
    start, prefix, ...): longest span first, then fewest clitics; in start order.

    Only hits that overlap compete, so the choice is made within each run of
    overlapping hits: most runs are one hit, or two ("اليمن" and the core
    "يمن" after its article), of which the better is kept.
    """
    if len(cands) < 2:
        return list(cands)
    kept: list[tuple] = []
    run: list[tuple] = []
    reach = -1  # the end of the current run
    for c in sorted(cands):  # by start, then end (no two hits share both)
        if c[0] < reach:
            run.append(c)
            if c[1] > reach:
                reach = c[1]
            continue
        if len(run) == 1:
            kept.append(run[0])
        elif run:
            kept += _choose(run)
        run = [c]
        reach = c[1]
    if len(run) == 1:
        kept.append(run[0])
    else:
        kept += _choose(run)
    return kept


def _choose(run: list[tuple]) -> list[tuple]:
    """The winners of a run of overlapping hits (sorted by start), in start order."""
    if len(run) == 2:
        # one wins: the longer, then the one with fewer clitics, then the first
        a, b = run
        la, lb = a[1] - a[0], b[1] - b[0]
        return [a if la > lb or (la == lb and len(a[3]) <= len(b[3])) else b]
    taken: list[tuple] = []
    for c in sorted(run, key=_rank):
        s, e = c[0], c[1]
        if all(e <= t[0] or t[1] <= s for t in taken):
            taken.append(c)
    taken.sort()
    return taken


def _rank(c: tuple) -> tuple:
    return (c[0] - c[1], len(c[3]), c[0])
