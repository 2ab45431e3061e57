"""Token-indexed lookups over a processed Doc, shared by the event modules.

Everything the event rules ask ("which entity covers token i?", "is token i a
direction word?", "which number starts at token i?") is answered here in O(1)
after one pass, instead of each rule rescanning spans.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from rasd.doc import Doc, Entity, NumberExpr, TimeExpr, Token
from rasd.events.lexicon import EventLexicon

# These run once per line of every article: plain string tests where they do
# (a regex search for "...$" or for an alternation tries every position).
_FINAL_PUNCT = frozenset(".!?؟…\"'»”)]")
_RELATED = re.compile(r"\s*(إقرأ|اقرأ|اقرا|إقرا)\s+(أيضا|ايضا|أيضاً|ايضاً)")
_FOOTER_PHRASES = ("يمكنكم استلام إشعارات", "تطبيق بي بي سي")
_RULE_LINE = re.compile(r"[\s_\-–—=*•]+")


def _not_body(line: str) -> bool:
    """A related-story link, an app footer, a rule, or a short line without final punctuation
    (a sub-heading or pull quote)."""
    if _RELATED.match(line) or any(p in line for p in _FOOTER_PHRASES) or _RULE_LINE.fullmatch(line):
        return True
    end = line.rstrip()
    return not (end and end[-1] in _FINAL_PUNCT) and len(line.split()) < 25


def demonym_hits(doc: Doc):
    """Nationality adjectives in the text, found once per document (entities keeps them)."""
    if doc.geo is not None and getattr(doc.geo, "demonym_hits", None) is not None:
        return doc.geo.demonym_hits
    return doc.kb.demonyms.find(doc.norm.text)


@dataclass
class DocView:
    doc: Doc
    lex: EventLexicon
    tok_starts: list[int] = field(default_factory=list)
    ent_at: list[Entity | None] = field(default_factory=list)
    cue_at: dict[int, tuple[str, int]] = field(default_factory=dict)  # tok -> (role, last tok)
    role_at: dict[int, str] = field(default_factory=dict)  # tok -> role of the cue starting there
    multi_end: dict[int, str] = field(default_factory=dict)  # last tok -> role of a multi-word cue ending there
    num_at: dict[int, NumberExpr] = field(default_factory=dict)
    time_at: dict[int, TimeExpr] = field(default_factory=dict)
    dem_at: dict[int, str] = field(default_factory=dict)  # tok -> country of a nationality adjective
    sent_toks: list[tuple[int, int]] = field(default_factory=list)  # sentence -> [first, last+1)
    clause_starts: list[int] = field(default_factory=list)  # sorted first tokens of clauses
    cue_pos: dict[str, list[int]] = field(default_factory=dict)  # role -> sorted token positions
    cue_keys: list[int] = field(default_factory=list)  # sorted positions of every cue
    time_pos: list[int] = field(default_factory=list)
    tok_at_n: dict[int, int] = field(default_factory=dict)  # normalised token start -> token index
    _ents_cache: dict = field(default_factory=dict)
    _clause_memo: dict = field(default_factory=dict)
    _word_pos: dict[str, list[int]] = field(default_factory=dict)
    skip_sent: set[int] = field(default_factory=set)
    headline_sents: set[int] = field(default_factory=set)

    @classmethod
    def build(cls, doc: Doc, lex: EventLexicon) -> "DocView":
        v = cls(doc, lex)
        toks = doc.tokens
        n = len(toks)
        starts = v.tok_starts = doc.token_starts()
        ent_at = v.ent_at = [None] * n
        for e in doc.entities:
            # an entity may start inside its token, after a proclitic ("للتحالف"); it spans
            # a token or two, so walking on is cheaper than a second bisection
            i = max(0, bisect_right(starts, e.start) - 1)
            end = e.end
            while i < n and starts[i] < end:
                if ent_at[i] is None:
                    ent_at[i] = e
                i += 1
        tok_at_n = v.tok_at_n = doc.token_at_norm()
        cue_at = v.cue_at
        for h in lex.cues.find(doc.norm.text):
            i = tok_at_n.get(h.word_start)
            if i is None:
                continue
            j = i
            while j + 1 < n and toks[j + 1].nstart < h.end:
                j += 1
            cue_at.setdefault(i, (lex.cue_of[h.payloads[0]], j))
        for k in sorted(cue_at):  # (only multi-word cues so far; a later start wins, as in cue_ending)
            role, j = cue_at[k]
            if k < j < k + 4:
                v.multi_end[j] = role
        v._single_cues()
        for h in demonym_hits(doc):
            i = tok_at_n.get(h.word_start)
            if i is not None:
                v.dem_at[i] = h.payloads[0]
        num_at, time_at = v.num_at, v.time_at
        for x in doc.numbers:
            num_at.setdefault(max(0, bisect_right(starts, x.start) - 1), x)
        for x in doc.times:
            time_at.setdefault(max(0, bisect_right(starts, x.start) - 1), x)
        v.time_pos = sorted(time_at)
        keys = v.cue_keys = sorted(cue_at)
        cue_pos, role_at = v.cue_pos, v.role_at
        for k in keys:
            role = role_at[k] = cue_at[k][0]
            got = cue_pos.get(role)
            if got is None:
                cue_pos[role] = [k]
            else:
                got.append(k)
        v._sentences()
        v._clauses()
        return v

    def _single_cues(self) -> None:
        """One-word cues: every token's form, or its stem after a proclitic, looked up."""
        toks, cue_at, at = self.doc.tokens, self.cue_at, self.tok_at_n
        single, cue_of = self.lex.single_cues, self.lex.cue_of
        # the tokens alone are collected (no index per token); a token's index is its offset's
        for t in [t for t in toks if t.norm in single or t.prefix and t.stem in single]:
            i = at[t.nstart]
            if t.kind == "word" and i not in cue_at:
                cue_at[i] = (cue_of[single.get(t.norm) or single[t.stem]], i)

    def tok_covering(self, pos: int) -> int:
        return max(0, bisect_right(self.tok_starts, pos) - 1)

    def _sentences(self) -> None:
        doc = self.doc
        starts = self.tok_starts
        self.sent_toks = [(bisect_left(starts, s.start), bisect_left(starts, s.end)) for s in doc.sentences]
        text = doc.text
        first_line_end = text.find("\n")
        verdict: dict[int, bool] = {}  # line start -> not article body
        for si, s in enumerate(doc.sentences):
            line_start = text.rfind("\n", 0, s.start) + 1
            if line_start == 0 and (first_line_end < 0 or s.start < first_line_end):
                self.headline_sents.add(si)
                continue
            skip = verdict.get(line_start)
            if skip is None:
                line_end = text.find("\n", s.end)
                line = text[line_start : line_end if line_end >= 0 else len(text)]
                skip = verdict[line_start] = _not_body(line)
            if skip:
                self.skip_sent.add(si)

    def _clauses(self) -> None:
        """Clause starts: sentence starts, and connectors ("بينما", "، كما") inside sentences."""
        firsts = [a for a, _ in self.sent_toks]
        starts = list(firsts)
        for k in self.cue_pos.get("connector", ()):
            j = bisect_right(firsts, k) - 1
            if j < 0 or not self.sent_toks[j][0] < k < self.sent_toks[j][1]:
                continue  # a connector opening its sentence starts nothing new
            weak = self.word(k) in ("كما", "كذلك", "في") or self.doc.tokens[k].norm in ("كما", "وكما")
            if not weak or self.is_punct(k - 1, "،,;؛"):
                starts.append(k)
        self.clause_starts = sorted(set(starts))

    def clause_of(self, i: int) -> tuple[int, int]:
        """Token range [a, b) of the clause holding token i (found once per token)."""
        got = self._clause_memo.get(i)
        if got is None:
            got = self._clause_memo[i] = self._clause_of(i)
        return got

    def _clause_of(self, i: int) -> tuple[int, int]:
        k = bisect_right(self.clause_starts, i) - 1
        a = self.clause_starts[k] if k >= 0 else 0
        si = self.doc.tokens[i].sent if i < len(self.doc.tokens) else 0
        sent_end = self.sent_toks[si][1] if si < len(self.sent_toks) else len(self.doc.tokens)
        b = self.clause_starts[k + 1] if k + 1 < len(self.clause_starts) else sent_end
        return a, min(b, sent_end)

    def cues_in(self, role: str, lo: int, hi: int) -> list[int]:
        """Token positions in [lo, hi) where a cue of `role` starts (sorted)."""
        pos = self.cue_pos.get(role, [])
        return pos[bisect_left(pos, lo) : bisect_left(pos, hi)]

    def any_cues_in(self, lo: int, hi: int) -> list[int]:
        """Token positions in [lo, hi) where a cue of any role starts (sorted)."""
        keys = self.cue_keys
        return keys[bisect_left(keys, lo) : bisect_left(keys, hi)]

    def words_at(self, word: str) -> list[int]:
        """Sorted positions of the tokens whose stem (or form) is `word` (found once per word)."""
        got = self._word_pos.get(word)
        if got is None:
            got = self._word_pos[word] = self.doc.tokens_with(word)
        return got

    def has_cue(self, role: str, lo: int, hi: int) -> bool:
        pos = self.cue_pos.get(role)
        if pos is None:
            return False
        k = bisect_left(pos, lo)
        return k < len(pos) and pos[k] < hi

    def times_in(self, lo: int, hi: int) -> list[tuple[int, TimeExpr]]:
        k = bisect_left(self.time_pos, lo)
        out = []
        while k < len(self.time_pos) and self.time_pos[k] < hi:
            out.append((self.time_pos[k], self.time_at[self.time_pos[k]]))
            k += 1
        return out

    def entities_in(self, lo: int, hi: int) -> list[tuple[int, Entity]]:
        """(first token, entity) for entities starting in [lo, hi), cached per range."""
        key = (lo, hi)
        found = self._ents_cache.get(key)
        if found is None:
            seen, found, last = set(), [], None
            for k, e in enumerate(self.ent_at[lo:hi], lo):
                if e is not None and e is not last:  # (an entity's later tokens are skipped here)
                    last = e
                    if id(e) not in seen:
                        seen.add(id(e))
                        found.append((k, e))
            self._ents_cache[key] = found
        return found

    def cue_ending(self, i: int) -> str | None:
        """The role of a cue whose last token is i (for multi-word cues like "ما تم")."""
        c = self.cue_at.get(i)
        if c is not None and c[1] == i:
            return c[0]  # a one-word cue
        return self.multi_end.get(i)  # the nearest multi-word cue starting up to three tokens before

    def cue(self, i: int) -> str | None:
        """The role of the cue starting at token i (hot loops call `role_at.get` directly)."""
        return self.role_at.get(i)

    def tok(self, i: int) -> Token:
        return self.doc.tokens[i]

    def word(self, i: int) -> str:
        """The normalised stem of token i ('' outside the text)."""
        toks = self.doc.tokens
        if 0 <= i < len(toks):
            t = toks[i]
            return t.stem or t.norm
        return ""

    def is_punct(self, i: int, chars: str = "،,;؛:.") -> bool:
        t = self.doc.tokens[i] if 0 <= i < len(self.doc.tokens) else None
        return bool(t and t.kind == "punct" and t.norm in chars)

    def entity_span(self, e: Entity) -> tuple[int, int]:
        """Token range [a, b) of an entity."""
        a = self.tok_covering(e.start)
        b = a
        while b < len(self.doc.tokens) and self.doc.tokens[b].start < e.end:
            b += 1
        return a, b

    def text(self, a: int, b: int) -> str:
        toks = self.doc.tokens
        return self.doc.text[toks[a].start : toks[b - 1].end] if b > a else ""

    def evidence(self, start: int, end: int, rule: str) -> dict[str, Any]:
        return {"start": start, "end": end, "text": self.doc.text[start:end], "rule": rule}
