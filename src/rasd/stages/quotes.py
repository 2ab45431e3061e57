"""Stage `quotes`: quoted speech with its speaker, and source chains.

1. Quotation marks ("..." «...» “...” “...„ and mixed pairs) are paired per
   line by what is around them (a space before and a letter after opens);
   nested quotes stay inside the outer one; an unclosed one runs to line end.
2. Cues come from the `reporting` lexicon: verbs (their subject is the
   speaker), participles (مضيفا) and attribution cues (بحسب، نقلا عن).  A
   verb's subject is the noun phrase after it, up to "في بيان", "لـ"+outlet,
   "إن/أن", ":" or a comma (unless a name follows it: apposition).  In that
   phrase the speaker is the person entity, else the organisation, else the
   phrase itself; a surname alone ("عبد الرحمن") is the person named before.
3. A quote takes the nearest cue before it in its sentence, or a trailing
   "...»، قال X", or a line opening "X: ".  A verb without a subject
   ("وأضاف:") keeps the sentence's subject, else the latest speaker or person.
4. Short quoted names and terms ("فيلق القدس", قناة "المسيرة") are not quotes.

`Quote.attrs`: `speaker_name`/`speaker_name_ar` (full name when known), `cue`.
Marks are paired in `rasd.text.quotemarks`, speakers found in `rasd.stages.speakers`.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from rasd.doc import Doc, Entity, Quote, SourceChain, Token
from rasd.registry import stage
from rasd.stages.people import is_stop, people_lexicon, proclitics, token_entities
from rasd.stages.speakers import (
    INHERIT,
    MAX_NAME_QUOTE,
    chain_item,
    choose_speaker,
    inherit_speakers,
    make_speaker,
    mark_named_mentions,
    resolve_cue,
    words_in,
)
from rasd.text.normalize import fold
from rasd.text.quotemarks import MARKS, pair_quotes

_NOT_AFTER = frozenset({"ما", "الذي", "التي", "الذين", "اللذين", "اللتين", "ومما", "مما"})
_CUE_KINDS = ("verb", "participle", "according", "citing")
_MEMO_MAX = 200_000  # entries per per-form memo: a long run reads an unbounded vocabulary


@dataclass
class _QLex:
    """The reporting lexicon as phrase tables keyed by first word (cached per kb)."""

    phrases: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = field(default_factory=dict)
    kinds: dict[str, set[str]] = field(default_factory=dict)  # kind -> single-word forms
    verbs: frozenset[str] = frozenset()
    subject_words: frozenset[str] = frozenset()  # nouns and titles a speaker phrase may start with
    memo: dict[str, list] = field(default_factory=dict)  # word form -> phrases starting with it
    cue_memo: dict[str, list] = field(default_factory=dict)  # word form -> the cue phrases among them
    no_cue: set[str] = field(default_factory=set)  # word forms known to start no cue
    # word form -> the kinds of its one-word phrases, or (those kinds, its longer phrases)
    kinds_memo: dict[str, Any] = field(default_factory=dict)
    reporting_memo: dict[str, bool] = field(default_factory=dict)  # word form -> verb_with_suffix

    def forget(self) -> None:
        """Empty the per-form memos (a long run reads an unbounded vocabulary)."""
        for m in (self.memo, self.cue_memo, self.no_cue, self.kinds_memo, self.reporting_memo):
            m.clear()


def compiled(kb) -> _QLex:
    """The `reporting` lexicon of `kb`, compiled once and cached on it."""
    return kb.derived("quotes", _build)


def _build(kb) -> _QLex:
    lex = _QLex()
    for e in kb.lexicon("reporting"):
        for f in e["forms"]:
            words = tuple(fold(f).split())
            lex.phrases.setdefault(words[0], []).append((words, e))
            if len(words) == 1:
                lex.kinds.setdefault(e["kind"], set()).add(words[0])
    for v in lex.phrases.values():
        v.sort(key=lambda p: -len(p[0]))
    k = lex.kinds
    lex.verbs = frozenset(k.get("verb", set()) | k.get("participle", set()))
    k["named"] = k.get("org_noun", set()) | k.get("outlet_noun", set())
    k["source"] = k["named"] | k.get("source_noun", set()) | k.get("statement", set())
    lex.subject_words = frozenset(k["source"] | {
        fold(f) for e in kb.lexicon("titles") for f in e["forms"] if " " not in f})
    # time words end a speaker's phrase ("وأعلنت بغداد أواخر 2017")
    k["time"] = {fold(f) for name, entries in kb.lexicons.items() if name.startswith("temporal")
                 for e in entries for f in e.get("forms", ()) if " " not in f}
    k["time"] |= {fold(f) for e in kb.lexicon("function_words") if e["id"] == "days-and-time" for f in e["forms"]}
    return lex


@dataclass
class _Q:
    """A top-level quoted span: normalised offsets, marks, token range [a, b)."""

    ns: int
    ne: int
    om: int
    cm: int  # closing mark (line end when unclosed)
    a: int = 0
    b: int = 0
    unclosed: bool = False
    name: bool = False


@dataclass
class Cue:
    """A reporting cue at token k, with the speaker phrase and chain found for it."""

    k: int  # token index
    n: int  # its length in tokens
    entry: dict[str, Any]
    phrase: tuple[int, int] | None = None
    speaker: dict[str, Any] | None = None
    chain: list[dict[str, Any]] = field(default_factory=list)


class Context:
    """Per-document state shared by the quotes and speakers helpers."""

    def __init__(self, doc: Doc) -> None:
        self.doc, self.toks, self.kb, self.text = doc, doc.tokens, doc.kb, doc.norm.text
        self.lex, self.plex = compiled(doc.kb), people_lexicon(doc.kb)
        self.ent_at = token_entities(doc, doc.entities)
        self.clause: _ClauseOf = _ClauseOf([], [], [])
        self.in_quote: list[int] = []  # token -> index of its top-level quote, or -1
        self.quotes: list[_Q] = []
        self.names: list[tuple[int, int, str]] = []  # named mentions: token range, clean text
        self.resolved: list[Cue] = []
        self.person_names: list[tuple[Entity, str]] | None = None  # person entities, folded names

    def starting(self, t: Token) -> list:
        """Lexicon phrases whose first word is one of the token's forms (memoised per form)."""
        got = self.lex.memo.get(t.norm)
        if got is None:
            got = [p for f in _forms(t) for p in self.lex.phrases.get(f, ())]
            if len(self.lex.memo) > _MEMO_MAX:
                self.lex.forget()
            self.lex.memo[t.norm] = got
        return got

    def cue_starting(self, t: Token) -> list:
        """The phrases of `starting(t)` that are cues (memoised per form)."""
        got = self.lex.cue_memo.get(t.norm)
        if got is None:
            got = self.lex.cue_memo[t.norm] = [p for p in self.starting(t) if p[1]["kind"] in _CUE_KINDS]
            if not got:
                self.lex.no_cue.add(t.norm)
        return got

    def longest(self, k: int, phrases: list, kinds: tuple[str, ...]) -> tuple[dict[str, Any], int] | None:
        """The first (longest) of `phrases`, of one of `kinds`, that the tokens from k spell."""
        for words, e in phrases:
            if e["kind"] in kinds and (len(words) == 1 or self.spells(k, words)):
                return e, len(words)
        return None

    def spells(self, k: int, words: tuple[str, ...]) -> bool:
        """Do the tokens from k spell the phrase `words` (its first word is known to match)?"""
        toks = self.toks
        if k + len(words) > len(toks):
            return False
        for m in range(1, len(words)):
            if words[m] not in _forms(toks[k + m]):
                return False
        return True

    def is_kind(self, k: int, *kinds: str) -> bool:
        """Does a lexicon phrase of one of `kinds` start at token k?"""
        t = self.toks[k]
        got = self.lex.kinds_memo.get(t.norm)
        if got is None:
            got = self._kinds(t)
        if t.kind != "word" and t.kind != "punct":
            return False
        if got.__class__ is not tuple:
            return not got.isdisjoint(kinds)
        if not got[0].isdisjoint(kinds):
            return True
        for words, kind in got[1]:  # longer phrases: spelled here?
            if kind in kinds and self.spells(k, words):
                return True
        return False

    def _kinds(self, t: Token) -> frozenset[str] | tuple[frozenset[str], list]:
        """The kinds of the one-word phrases starting with the token's forms, and (if any)
        the longer phrases of other kinds: (kinds, [(words, kind)]).  Memoised per form."""
        single = frozenset(e["kind"] for words, e in self.starting(t) if len(words) == 1)
        longer = [(words, e["kind"]) for words, e in self.starting(t) if len(words) > 1 and e["kind"] not in single]
        got = self.lex.kinds_memo[t.norm] = (single, longer) if longer else single
        return got

    def verb_with_suffix(self, t: Token) -> bool:
        """"أورده", "ذكرته", "يقوله": a reporting verb, maybe with an object pronoun (memoised per form)."""
        w = t.norm
        got = self.lex.reporting_memo.get(w)
        if got is None:
            verbs = self.lex.verbs
            got = w in verbs or any(
                w.endswith(s) and (w[: -len(s)] in verbs or w[: -len(s)] + "ت" in verbs)
                for s in ("ته", "ها", "ه", "هم"))
            if len(self.lex.reporting_memo) > _MEMO_MAX:
                self.lex.forget()
            self.lex.reporting_memo[w] = got
        return got


@stage("quotes", reads=("tokens", "entities"), writes=("quotes", "sources"))
def quotes(doc: Doc) -> Doc:
    """Set `doc.quotes` and `doc.sources`."""
    doc.ensure_norm()
    cx = Context(doc)
    _locate_quotes(cx)
    _clauses(cx)
    cues = _find_cues(cx)
    mark_named_mentions(cx)
    for c in cues:
        resolve_cue(cx, c)
        cx.resolved.append(c)
    inherit_speakers(cx, cues)
    doc.quotes = _attach(cx, cues)
    doc.sources = _chains(cx, cues)
    return doc


# --- 1. quotes and clauses ---


def _locate_quotes(cx: Context) -> None:
    """Top-level quotes with their token ranges; which quote each token is in."""
    cx.quotes = [_Q(m.start, m.end, m.open, m.close, unclosed=m.unclosed) for m in pair_quotes(cx.text)]
    starts, n = cx.doc.token_nstarts(), len(cx.toks)
    cx.in_quote = in_quote = [-1] * n
    for qi, q in enumerate(cx.quotes):
        q.a, q.b = bisect_left(starts, q.ns), bisect_left(starts, q.ne)
        lo, hi = max(0, q.a - 1), min(n, q.b + 1)  # the marks belong to the quote too
        in_quote[lo:hi] = [qi] * (hi - lo)


def _clauses(cx: Context) -> None:
    """Sentence index per token, not breaking inside a quote ("... الرئيس")."""
    bounds, qi = [], 0
    qs = sorted((q.om, q.cm) for q in cx.quotes)
    toks, starts, norm = cx.toks, cx.doc.token_starts(), cx.doc.norm
    for s in cx.doc.sentences:
        k = bisect_left(starts, s.start)  # a sentence starts with a token: its offset is known
        p = toks[k].nstart if k < len(toks) and toks[k].start == s.start else norm.to_norm(s.start)
        while qi < len(qs) and qs[qi][1] < p:
            qi += 1
        if not (qi < len(qs) and qs[qi][0] < p <= qs[qi][1]):
            bounds.append(p)
    cx.clause = _ClauseOf(bounds, toks, cx.doc.token_nstarts())


class _ClauseOf:
    """`clause[k]`: the clause of token k, looked up when asked (few tokens are)."""

    __slots__ = ("bounds", "toks", "nstarts", "memo")

    def __init__(self, bounds: list[int], toks: list[Token], nstarts: list[int]) -> None:
        self.bounds, self.toks, self.nstarts, self.memo = bounds, toks, nstarts, {}

    def __getitem__(self, k: int) -> int:
        got = self.memo.get(k)
        if got is None:
            got = self.memo[k] = max(0, bisect_right(self.bounds, self.toks[k].nstart) - 1)
        return got

    def span(self, k: int) -> tuple[int, int]:
        """The token range [first, end) of token k's clause."""
        c, bounds = self[k], self.bounds
        first = bisect_left(self.nstarts, bounds[c]) if c > 0 else 0
        end = bisect_left(self.nstarts, bounds[c + 1]) if c + 1 < len(bounds) else len(self.toks)
        return first, end


# --- 2. cues ---


def _forms(t: Token) -> tuple[str, ...]:
    s = t.norm
    out = (s, t.stem) if t.stem and t.stem != s else (s,)
    return out + (s[1:],) if len(s) > 3 and s[0] in "وف" else out


def _find_cues(cx: Context) -> list[Cue]:
    out, k = [], 0
    toks, n = cx.toks, len(cx.toks)
    in_quote, no_cue = cx.in_quote, cx.lex.no_cue
    # the words that start a cue phrase or are not seen yet, by one set test each: most start none
    for c in [c for c, t in enumerate(toks) if t.norm not in no_cue]:
        t = toks[c]
        phrases = cx.cue_starting(t)
        if c < k or not phrases or in_quote[c] >= 0 or t.kind != "word":
            continue
        m = cx.longest(c, phrases, _CUE_KINDS)
        if m is not None and m[0]["kind"] == "verb" and (t.suffix or c > 0 and (
            toks[c - 1].norm in _NOT_AFTER or cx.is_kind(c - 1, "complementizer"))):
            m = None  # "التقارير التي تفيد", "أنه رأى", "بيان نشرته وكالة": not the reporter's verb
        if m is None:
            continue
        out.append(Cue(c, m[1], m[0]))
        k = c + m[1]
        if m[0]["kind"] == "according":  # "بحسب ما أورده": the verb is part of the cue
            while k < n and (cx.is_kind(k, "lead") or cx.verb_with_suffix(toks[k])):
                k += 1
    return out


# --- 3. quotes and chains ---


def _attach(cx: Context, cues: list[Cue]) -> list[Quote]:
    toks, n, ks, out = cx.toks, len(cx.toks), [c.k for c in cues], []
    for q in cx.quotes:
        if q.name or q.a >= n:
            continue
        cl = cx.clause[q.a]
        nwords = len(words_in(toks, q.a, q.b, 5))  # (compared with 5 and less below)
        p = bisect_left(ks, q.a) - 1
        cue = cues[p] if p >= 0 and cx.clause[cues[p].k] == cl else None
        m = q.b + 1
        while m < n and m - q.b <= 3 and (toks[m].kind == "punct" or toks[m].norm in ("كما", "و")):
            m += 1
        nxt = cues[p + 1] if p + 1 < len(cues) else None
        if nxt is not None and nxt.k == m > q.b + 1 and cx.clause[m] == cl \
                and nxt.speaker not in (None, INHERIT) and not nxt.speaker.get("inherited") \
                and (cue is None or nxt.entry["kind"] == "according" or toks[q.b + 1].norm in ("،", ",")):
            cue, sp, rule = nxt, nxt.speaker, "speaker_after"  # "...»، قال X": binds tighter
        elif cue is not None:
            sp, rule = cue.speaker, cue.entry["kind"]
        else:
            sp = _colon_line(cx, q)
            rule = "colon_line" if sp is not None else None
        sp = None if sp is INHERIT else sp
        if rule is None:  # no speaker: keep only what is clearly speech
            before = cx.text[cx.text.rfind("\n", 0, q.om) + 1 : q.om].rstrip()
            if nwords < 5 or not (before == "" or before.endswith(":")):
                continue
            rule = "no_speaker"
        elif nwords <= MAX_NAME_QUOTE and sp is None:
            continue
        start, end = cx.doc.norm.to_orig(q.ns, q.ne)
        quote = Quote(start, end, None, None, None, rule, sent=toks[q.a].sent)
        if sp is not None:
            quote.speaker, quote.speaker_start, quote.speaker_end = sp["text"], sp["start"], sp["end"]
            quote.speaker_entity = sp["entity"]
            quote.rule = f"{rule}:{'inherited' if sp.get('inherited') else sp['how']}"
            quote.attrs["speaker_name"] = sp["name"]
            quote.attrs["speaker_name_ar"] = sp["name_ar"] or " ".join(MARKS.sub("", sp["text"]).split())
        if cue is not None:
            quote.attrs["cue"] = cx.doc.text[toks[cue.k].start : toks[cue.k + cue.n - 1].end]
        if q.unclosed:
            quote.attrs["unclosed"] = True
        out.append(quote)
    return out


def _colon_line(cx: Context, q: _Q) -> dict[str, Any] | None:
    """'التحالف: "..."': a short name opening the line, then a colon and the quote."""
    toks, c = cx.toks, q.a - 2
    if c < 0 or toks[c].norm != ":":
        return None
    s0, line = c, cx.text.rfind("\n", 0, q.om)
    while s0 > 0 and toks[s0 - 1].nstart > line and c - s0 < 6:
        s0 -= 1
    if s0 > 0 and toks[s0 - 1].nstart > line or s0 == c:
        return None
    return choose_speaker(cx, (s0, c))


def _chains(cx: Context, cues: list[Cue]) -> list[SourceChain]:
    toks, out, covered = cx.toks, [], set()
    last_in: dict[int, SourceChain] = {}
    for c in cues:
        if c.phrase is not None:
            covered.update(range(*c.phrase))
        if not c.chain:
            continue
        cl, kind = cx.clause[c.k], c.entry["kind"]
        if kind == "citing" and cl in last_in:  # "..., نقلا عن Y": Y goes at the end
            last_in[cl].chain.extend(c.chain)
            last_in[cl].end = max(last_in[cl].end, c.chain[-1]["end"])
            continue
        ch = SourceChain(toks[c.k].start, max(i["end"] for i in c.chain), list(c.chain), f"{kind}:{c.entry['id']}")
        out.append(ch)
        last_in[cl] = ch
    for k in cx.doc.tokens_with("مصادر", "مصدر"):  # "مصادر أمنية", "مصدر طبي" with no verb of their own
        t = toks[k]
        if cx.in_quote[k] >= 0 or k in covered:
            continue
        j = k + 1
        while j < len(toks) and j - k <= 3 and toks[j].kind == "word" and not is_stop(cx.doc, toks[j], cx.plex) \
                and not proclitics(toks[j]) and toks[j].norm.endswith(("ي", "يه", "ين", "ون", "يون")):
            j += 1  # adjectives
        if j > k + 1:
            cut = len(proclitics(t))
            start = cx.doc.norm.to_orig(t.nstart + cut, t.nend)[0] if cut else t.start
            sp = make_speaker(cx, start, toks[j - 1].end, "source")
            out.append(SourceChain(sp["start"], sp["end"], [chain_item(sp)], "source_noun"))
            covered.update(range(k, j))
    out.sort(key=lambda ch: ch.start)
    return out
