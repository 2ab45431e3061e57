"""Pairing quotation marks per line: "..." «...» “...” “...„ and mixed pairs.

A mark opens or closes by what is around it (a space before and a letter
after opens); nested quotes stay inside the outer one; an unclosed quote runs
to the end of its line.  Only top-level quotes are returned.
"""
from __future__ import annotations

import re
from typing import NamedTuple

MARK_CHARS = "\"«»“”„‟"
MARKS = re.compile(f"[{MARK_CHARS}]")
_OPEN_AFTER = set(" \t(:[،,؛-–")
_CLOSE_BEFORE = set(" \t.,،؛:)!?؟]\"«»“”„‟")


class QuoteMarks(NamedTuple):
    """A top-level quote: its text [start, end) without outer spaces, and its marks."""

    start: int
    end: int
    open: int  # the opening mark
    close: int  # the closing mark (line end when unclosed)
    unclosed: bool


def pair_quotes(text: str) -> list[QuoteMarks]:
    """The top-level quotes of `text`, pairing marks line by line."""
    out: list[QuoteMarks] = []
    marks = mark_positions(text)  # one search, then grouped by line
    k = 0
    while k < len(marks):
        lo = text.rfind("\n", 0, marks[k]) + 1
        hi = text.find("\n", marks[k])
        hi = len(text) if hi == -1 else hi
        j = k
        while j < len(marks) and marks[j] < hi:
            j += 1
        _pair_line(out, text, lo, hi, marks[k:j])
        k = j
    return out


def mark_positions(text: str) -> list[int]:
    """Offsets of every quotation mark, in order.

    A `str.find` per mark character: a regex search tries its character class
    at every offset of the text, which costs far more on Arabic text.
    """
    out: list[int] = []
    for c in MARK_CHARS:
        i = text.find(c)
        while i != -1:
            out.append(i)
            i = text.find(c, i + 1)
    out.sort()
    return out


def _pair_line(out: list[QuoteMarks], text: str, lo: int, hi: int, marks: list[int]) -> None:
    # the open marks' positions, and their families as a string ("d" straight, "g" guillemets):
    # str.rfind / str.count find a family's open marks without a loop
    stack: list[int] = []
    fams = ""
    chars = "".join([text[p] for p in marks])
    for n, p in enumerate(marks):
        c = chars[n]
        prev = text[p - 1] if p > lo else " "
        nxt = text[p + 1] if p + 1 < hi else " "
        # a lone proclitic before the mark still opens it: بـ"جريمة", و"الفتح"
        clitic = p - 1 >= lo and prev in "وبلك" and (p - 2 < lo or text[p - 2].isspace())
        can_open = (prev in _OPEN_AFTER or p == lo or clitic) and (nxt.isalnum() or nxt in "(«“'")
        can_close = (nxt in _CLOSE_BEFORE or p + 1 == hi) and not prev.isspace()
        fam = "g" if c in "«»" else "d"
        last = fams.rfind(fam)  # the innermost open mark of this family, or -1
        if c == "«":
            role = "close" if (last >= 0 and can_close and not can_open) else "open"
        elif c == "»":
            role = "close" if last >= 0 else ("open" if can_open else "skip")
        elif can_open and not can_close:
            # nested or a sloppy closer: nested only if enough marks are left to close both
            left = len(chars) - n - 1 - chars.count("«", n + 1) - chars.count("»", n + 1)
            role = "open" if last < 0 or left >= fams.count(fam) + 1 else "close"
        elif can_close and not can_open:
            role = "close" if last >= 0 else "skip"
        else:
            role = "close" if last >= 0 else "open"
        if role == "open":
            stack.append(p)
            fams += fam
        elif role == "close":
            op = stack[last]
            del stack[last:]
            fams = fams[:last]
            if not stack:
                _add_quote(out, text, op, p, False)
    if stack:
        _add_quote(out, text, stack[0], hi, True)


def _add_quote(out: list[QuoteMarks], text: str, om: int, cm: int, unclosed: bool) -> None:
    ns, ne = om + 1, cm
    while ns < ne and text[ns].isspace():
        ns += 1
    while ne > ns and text[ne - 1].isspace():
        ne -= 1
    if ne > ns:
        out.append(QuoteMarks(ns, ne, om, cm, unclosed))
