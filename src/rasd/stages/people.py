"""People the knowledge base does not know, found by the title before the name.

"الفريق علي الفريجي", "العقيد أحمد البروي", "المتحدث باسم التحالف تركي المالكي":
a title from the `titles` lexicon, then one to three name words.  A name stops
at punctuation, a digit, a function word, or a known name.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Iterable

from rasd.doc import Doc, Entity

MAX_NAME_WORDS = 3


def find_people(doc: Doc, known: Iterable[Entity]) -> list[Entity]:
    """Person entities introduced by a title, not overlapping `known` ones."""
    kb = doc.kb
    if not kb.lexicon("titles"):
        return []
    stop = _function_words(kb)
    taken = sorted((e.start, e.end) for e in known)
    taken_starts = [s for s, _ in taken]
    toks = doc.tokens
    tok_at = {t.nstart: i for i, t in enumerate(toks)}
    norm = doc.norm
    out: list[Entity] = []
    for h in kb.lexicon_matcher("titles").find(norm.text):
        i = tok_at.get(h.word_start)
        if i is None:
            continue
        # skip to the token after the title
        j = i
        while j < len(toks) and toks[j].nend <= h.end:
            j += 1
        words = []
        while j < len(toks) and len(words) < MAX_NAME_WORDS:
            t = toks[j]
            if t.kind != "word" or t.norm in stop or t.sent != toks[i].sent:
                break
            if _overlaps(taken, taken_starts, t.start, t.end):
                break
            if words and t.prefix.startswith(("و", "ف")) and t.prefix not in ("",):
                break  # "و..." after a name starts a new phrase
            words.append(t)
            j += 1
        if not words or (len(words) == 1 and len(words[0].norm) < 3):
            continue
        entry = kb.lexicon_entry("titles", h.payloads[0])
        start, end = words[0].start, words[-1].end
        tstart = norm.to_orig(h.start, h.end)[0]
        ent = Entity(start, end, "person", None, f"title:{entry['id']}", sent=words[0].sent)
        ent.attrs.update({
            "name": doc.text[start:end],
            "name_ar": doc.text[start:end],
            "title": doc.text[tstart : norm.to_orig(h.start, h.end)[1]],
            "title_start": tstart,
            "role": entry.get("role", ""),
            "type": "person",
        })
        out.append(ent)
        taken.append((start, end))
        taken.sort()
        taken_starts = [s for s, _ in taken]
    return out


def _overlaps(taken, starts, s: int, e: int) -> bool:
    k = bisect_left(starts, e)
    return any(ts < e and s < te for ts, te in taken[max(0, k - 3) : k])


def _function_words(kb) -> frozenset[str]:
    cached = kb.__dict__.get("_function_words")
    if cached is None:
        from rasd.text.normalize import fold

        cached = frozenset(fold(f) for e in kb.lexicon("function_words") for f in e["forms"])
        kb.__dict__["_function_words"] = cached
    return cached
