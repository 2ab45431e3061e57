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
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from rasd.doc import Doc, Entity, Quote, SourceChain, Token
from rasd.registry import stage
from rasd.stages.people import is_definite, is_stop, name_word_ok, people_lexicon, proclitics, token_entities
from rasd.text.normalize import fold

_MARKS = re.compile("[\"«»“”„‟]")
_OPEN_AFTER = set(" \t(:[،,؛-–")
_CLOSE_BEFORE = set(" \t.,،؛:)!?؟]\"«»“”„‟")
MAX_PHRASE, MAX_NAME_QUOTE = 12, 3
_NOT_AFTER = frozenset({"ما", "الذي", "التي", "الذين", "اللذين", "اللتين", "ومما", "مما"})
_GO_ON = frozenset({"في", "الي", "من", "لدي", "باسم"})
_PARTICLES = frozenset({"و", "كان", "وكان", "ثم", "لكن", "ولكن", "وقد", "قد", "كما", "بدوره", "بدورها"})
_CUE_KINDS = ("verb", "participle", "according", "citing")
_INHERIT = {"inherit": True}  # a subject that stands for someone said before ("البيان")


@dataclass
class _QLex:
    """The reporting lexicon as phrase tables keyed by first word (cached per kb)."""

    phrases: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = field(default_factory=dict)
    kinds: dict[str, set[str]] = field(default_factory=dict)  # kind -> single-word forms
    verbs: frozenset[str] = frozenset()
    subject_words: frozenset[str] = frozenset()  # nouns and titles a speaker phrase may start with
    memo: dict[str, list] = field(default_factory=dict)  # word form -> phrases starting with it


def compiled(kb) -> _QLex:
    """The `reporting` lexicon of `kb`, compiled once and cached on it."""
    lex = kb.__dict__.get("_quotes_lex")
    if lex is not None:
        return lex
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
    kb.__dict__["_quotes_lex"] = lex
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
class _Cue:
    k: int  # token index
    n: int  # its length in tokens
    entry: dict[str, Any]
    phrase: tuple[int, int] | None = None
    speaker: dict[str, Any] | None = None
    chain: list[dict[str, Any]] = field(default_factory=list)


class _Ctx:
    """Per-document state shared by the helpers."""

    def __init__(self, doc: Doc) -> None:
        self.doc, self.toks, self.kb, self.text = doc, doc.tokens, doc.kb, doc.norm.text
        self.lex, self.plex = compiled(doc.kb), people_lexicon(doc.kb)
        self.ent_at = token_entities(doc, doc.entities)
        self.clause: list[int] = []
        self.in_quote: list[int] = []  # token -> index of its top-level quote, or -1
        self.quotes: list[_Q] = []
        self.names: list[tuple[int, int, str]] = []  # named mentions: token range, clean text
        self.resolved: list[_Cue] = []


@stage("quotes", reads=("tokens", "entities"), writes=("quotes", "sources"))
def quotes(doc: Doc) -> Doc:
    """Set `doc.quotes` and `doc.sources`."""
    doc.ensure_norm()
    cx = _Ctx(doc)
    _pair_marks(cx)
    _clauses(cx)
    cues = _find_cues(cx)
    _named_mentions(cx)
    for c in cues:
        _resolve_cue(cx, c)
        cx.resolved.append(c)
    _inherit(cx, cues)
    doc.quotes = _attach(cx, cues)
    doc.sources = _chains(cx, cues)
    return doc


# --- 1. quotation marks -------------------------------------------------------


def _pair_marks(cx: _Ctx) -> None:
    text, pos = cx.text, 0
    for line in text.split("\n"):
        marks = [m.start() + pos for m in _MARKS.finditer(line)]
        if marks:
            _pair_line(cx, text, pos, pos + len(line), marks)
        pos += len(line) + 1
    starts = [t.nstart for t in cx.toks]
    cx.in_quote = [-1] * len(cx.toks)
    for qi, q in enumerate(cx.quotes):
        q.a, q.b = bisect_left(starts, q.ns), bisect_left(starts, q.ne)
        for k in range(max(0, q.a - 1), min(len(cx.toks), q.b + 1)):
            cx.in_quote[k] = qi  # the marks belong to the quote too


def _pair_line(cx: _Ctx, text: str, lo: int, hi: int, marks: list[int]) -> None:
    stack: list[tuple[int, str]] = []  # (position, family)
    for n, p in enumerate(marks):
        c = text[p]
        prev = text[p - 1] if p > lo else " "
        nxt = text[p + 1] if p + 1 < hi else " "
        # a lone proclitic before the mark still opens it: بـ"جريمة", و"الفتح"
        clitic = p - 1 >= lo and prev in "وبلك" and (p - 2 < lo or text[p - 2].isspace())
        can_open = (prev in _OPEN_AFTER or p == lo or clitic) and (nxt.isalnum() or nxt in "(«“'")
        can_close = (nxt in _CLOSE_BEFORE or p + 1 == hi) and not prev.isspace()
        fam = "g" if c in "«»" else "d"
        open_fam = [i for i, (_, f) in enumerate(stack) if f == fam]
        if c == "«":
            role = "close" if (open_fam and can_close and not can_open) else "open"
        elif c == "»":
            role = "close" if open_fam else ("open" if can_open else "skip")
        elif can_open and not can_close:
            # nested or a sloppy closer: nested only if enough marks are left to close both
            left = sum(1 for q in marks[n + 1 :] if text[q] not in "«»")
            role = "open" if not open_fam or left >= len(open_fam) + 1 else "close"
        elif can_close and not can_open:
            role = "close" if open_fam else "skip"
        else:
            role = "close" if open_fam else "open"
        if role == "open":
            stack.append((p, fam))
        elif role == "close":
            op = stack[open_fam[-1]][0]
            del stack[open_fam[-1] :]
            if not stack:
                _add_quote(cx, text, op, p, False)
    if stack:
        _add_quote(cx, text, stack[0][0], hi, True)


def _add_quote(cx: _Ctx, text: str, om: int, cm: int, unclosed: bool) -> None:
    ns, ne = om + 1, cm
    while ns < ne and text[ns].isspace():
        ns += 1
    while ne > ns and text[ne - 1].isspace():
        ne -= 1
    if ne > ns:
        cx.quotes.append(_Q(ns, ne, om, cm, unclosed=unclosed))


def _clauses(cx: _Ctx) -> None:
    """Sentence index per token, not breaking inside a quote ("... الرئيس")."""
    bounds, qi = [], 0
    qs = sorted((q.om, q.cm) for q in cx.quotes)
    for s in cx.doc.sentences:
        p = cx.doc.norm.to_norm(s.start)
        while qi < len(qs) and qs[qi][1] < p:
            qi += 1
        if not (qi < len(qs) and qs[qi][0] < p <= qs[qi][1]):
            bounds.append(p)
    cx.clause = [max(0, bisect_right(bounds, t.nstart) - 1) for t in cx.toks]


# --- 2. cues and speaker phrases ------------------------------------------------


def _forms(t: Token) -> tuple[str, ...]:
    s = t.norm
    out = (s, t.stem) if t.stem and t.stem != s else (s,)
    return out + (s[1:],) if len(s) > 3 and s[0] in "وف" else out


def _starting(cx: _Ctx, t: Token) -> list:
    """Lexicon phrases whose first word is one of the token's forms (memoised per form)."""
    got = cx.lex.memo.get(t.norm)
    if got is None:
        got = [p for f in _forms(t) for p in cx.lex.phrases.get(f, ())]
        if len(cx.lex.memo) > 200_000:  # a long run reads an unbounded vocabulary
            cx.lex.memo.clear()
        cx.lex.memo[t.norm] = got
    return got


def _match(cx: _Ctx, k: int, kinds: tuple[str, ...]) -> tuple[dict[str, Any], int] | None:
    """The longest lexicon phrase of one of `kinds` starting at token k: (entry, length)."""
    toks = cx.toks
    if toks[k].kind not in ("word", "punct"):
        return None
    for words, e in _starting(cx, toks[k]):
        if e["kind"] in kinds and (len(words) == 1 or k + len(words) <= len(toks) and all(
            w in _forms(toks[k + m]) for m, w in enumerate(words[1:], 1)
        )):
            return e, len(words)
    return None


def _is_kind(cx: _Ctx, k: int, *kinds: str) -> int:
    """Length of a lexicon phrase of one of `kinds` at token k (0 if none)."""
    m = _match(cx, k, kinds)
    return m[1] if m else 0


def _find_cues(cx: _Ctx) -> list[_Cue]:
    out, k = [], 0
    toks, n = cx.toks, len(cx.toks)
    while k < n:
        t = toks[k]
        if cx.in_quote[k] >= 0 or t.kind != "word" or not _starting(cx, t):
            k += 1  # most words start no lexicon phrase
            continue
        m = _match(cx, k, _CUE_KINDS)
        if m is not None and m[0]["kind"] == "verb" and (t.suffix or k > 0 and (
            toks[k - 1].norm in _NOT_AFTER or _is_kind(cx, k - 1, "complementizer"))):
            m = None  # "التقارير التي تفيد", "أنه رأى", "بيان نشرته وكالة": not the reporter's verb
        if m is None:
            k += 1
            continue
        out.append(_Cue(k, m[1], m[0]))
        k += m[1]
        if m[0]["kind"] == "according":  # "بحسب ما أورده": the verb is part of the cue
            while k < n and (_is_kind(cx, k, "lead") or _verb_with_suffix(cx, toks[k])):
                k += 1
    return out


def _verb_with_suffix(cx: _Ctx, t: Token) -> bool:
    """"أورده", "ذكرته", "يقوله": a reporting verb, maybe with an object pronoun."""
    w = t.norm
    return w in cx.lex.verbs or any(
        w.endswith(s) and (w[: -len(s)] in cx.lex.verbs or w[: -len(s)] + "ت" in cx.lex.verbs)
        for s in ("ته", "ها", "ه", "هم"))


def _phrase(cx: _Ctx, k: int) -> tuple[int, int] | None:
    """The noun phrase starting at token k, up to the first stop: token range or None."""
    toks, n = cx.toks, len(cx.toks)
    if k >= n or cx.clause[k] != cx.clause[k - 1] or _starts_object(cx, k):
        return None
    j = k
    while j < n and j - k < MAX_PHRASE and cx.clause[j] == cx.clause[k]:
        t, qi, e = toks[j], cx.in_quote[j], cx.ent_at.get(j)
        if qi >= 0:
            if not cx.quotes[qi].name:
                break
            j = min(n, cx.quotes[qi].b + 1)  # a quoted name inside the phrase: قناة "المسيرة"
        elif e is not None:
            if j > k and e.start > t.start and cx.doc.text[e.start - 1] == "ل" and (
                e.attrs.get("type") == "outlet" or _stops_phrase(cx, j)):
                break  # "وقال عبد الله لرووداو:": the outlet he spoke to
            while j < n and cx.ent_at.get(j) is e:
                j += 1
        elif t.kind == "punct":
            if t.norm in ("،", ",") and j > k and _apposition(cx, j):
                j = _apposition(cx, j)
                continue
            close = next((m for m in range(j + 1, min(n, j + 5)) if toks[m].norm == ")"), None)
            if t.norm != "(" or j == k or close is None:
                break
            j = close + 1  # "(واس)": skip a short bracket
        elif t.kind != "word" or j > k and (_stops_phrase(cx, j) or _conj(t)):
            break
        else:
            j += 1
    while j > k and toks[j - 1].kind == "punct":
        j -= 1
    return (k, j) if j > k else None


def _conj(t: Token) -> bool:
    """A word starting with the conjunction و ("وقوع", "ومسؤولين") starts a new phrase."""
    return "و" in proclitics(t) or t.norm[0] == "و" and len(t.norm) > 3 and not t.prefix


def _starts_object(cx: _Ctx, k: int) -> bool:
    """Does the word after a verb begin its object or an adverbial, not its subject?"""
    t = cx.toks[k]
    core = t.stem or t.norm
    if t.kind == "punct":
        return True
    if k not in cx.ent_at and (
        t.norm.endswith("ا") and not is_definite(t) and len(t.norm) > 3  # "وكتبت تعليقا"
        or (t.norm in cx.plex.non_name or core in cx.plex.non_name)  # "أعلن مقتل 14"
        and core not in cx.lex.subject_words and t.norm not in cx.lex.subject_words
        or t.norm.endswith(("ته", "تها", "تهم")) and len(t.norm) > 5  # "أعلن مسؤوليته"
    ):
        return True
    if proclitics(t) == "ل" or t.norm in ("ل", "لـ") or t.norm.startswith("لل"):
        return True  # "قال لوكالة فرانس برس إن": whom he told, not who spoke
    return bool(_is_kind(cx, k, "complementizer", "object_lead", "stop", "verb", "participle")
                or t.norm in cx.plex.stop and not name_word_ok(cx.doc, t, cx.plex, first=True))


def _stops_phrase(cx: _Ctx, j: int) -> bool:
    toks, t = cx.toks, cx.toks[j]
    if _is_kind(cx, j, "complementizer", "stop", "citing", "according", "verb", "participle"):
        return True
    if t.norm in _GO_ON and j + 1 < len(toks) and (
        j + 1 in cx.ent_at or is_definite(toks[j + 1]) or t.norm == "باسم"):
        return False  # "مسؤول في الشرطة", "المتحدث باسم ...", "مبعوث ... إلى الشرق الأوسط"
    if (_verb_with_suffix(cx, t) or t.norm in ("ل", "لـ") or is_stop(cx.doc, t, cx.plex)
            or _is_kind(cx, j, "object_lead") or t.norm in cx.lex.kinds["time"]):
        return True  # "بيان للتحالف نشرته وكالة", "المصدر لـ«...»", "بغداد أواخر 2017"
    if t.norm.endswith("ا") and len(t.norm) > 3 and not is_definite(t) and j not in cx.ent_at \
            and not name_word_ok(cx.doc, toks[j - 1], cx.plex, first=False):
        return True  # "يعتبر ميناء الحديدة منفذا": the object's complement
    if proclitics(t) == "ل" or (t.norm[0] == "ل" and not t.norm.startswith("لل") and len(t.norm) > 3):
        # "لفرانس برس:", "لوكالة": an addressee right before a colon, quote or "إن"
        if (t.stem if proclitics(t) else t.norm[1:]) in cx.lex.kinds.get("outlet_noun", ()):
            return True
        m = j + 1
        while m < len(toks) and m - j <= 2 and toks[m].kind == "word" and not is_definite(toks[m]) \
                and not _is_kind(cx, m, "complementizer", "stop"):
            m += 1
        return m >= len(toks) or toks[m].kind == "punct" or bool(_is_kind(cx, m, "complementizer", "stop"))
    return False


def _apposition(cx: _Ctx, c: int) -> int:
    """After a comma at c: the end of a short name before another stop, else 0."""
    toks, j = cx.toks, c + 1
    while j < len(toks) and j - c <= 2 and j not in cx.ent_at and _title_at(cx, j):
        j += 1  # "، العميد يحيى رسول،"
    e = cx.ent_at.get(j)
    if e is not None and e.kind == "person":
        while j < len(toks) and cx.ent_at.get(j) is e:
            j += 1
    else:
        while j < len(toks) and j - c <= 3 and name_word_ok(cx.doc, toks[j], cx.plex, first=j == c + 1):
            j += 1
    if j == c + 1 or j >= len(toks):
        return 0
    ok = toks[j].norm in ("،", ",", ":") or cx.in_quote[j] >= 0 or _is_kind(cx, j, "complementizer", "stop")
    return j if ok else 0


def _named_mentions(cx: _Ctx) -> None:
    """Short quotes that name something (قناة "المسيرة", تنظيم "داعش") are not speech."""
    toks, k = cx.toks, cx.lex.kinds
    for q in cx.quotes:
        words = [toks[m] for m in range(q.a, q.b) if toks[m].kind != "punct"]
        if not words or len(words) > 5:
            continue
        short = len(words) <= MAX_NAME_QUOTE
        before = toks[q.a - 2] if q.a >= 2 and cx.clause[q.a - 2] == cx.clause[q.a] else None
        head = before is not None and (before.stem or before.norm) in k["named"]
        first = words[0].stem or words[0].norm
        if (
            short and q.b + 1 < len(toks) and _is_kind(cx, q.b + 1, "verb")  # "رووداو" قالت
            or short and before is not None and (
                before.norm in ("ل", "لـ") or _is_kind(cx, q.a - 2, "name_lead")
                or before.norm == "و" and bool(cx.names) and cx.names[-1][1] >= q.a - 2)  # "الفتح" و"سائرون"
            or head or before is not None and _title_at(cx, q.a - 2)  # قائد "فيلق القدس"
            or len(words) <= 4 and (first in k["named"] or first in k.get("name_lead", ()))
            or short and 2 * sum(1 for m in range(q.a, q.b) if m in cx.ent_at) >= len(words)
        ):
            q.name = True
            s = q.a - 2 if head else q.a
            clean = _MARKS.sub("", cx.doc.text[toks[s].start : toks[q.b - 1].end])
            cx.names.append((s, min(len(toks), q.b + 1), " ".join(clean.split())))


def _title_at(cx: _Ctx, k: int) -> bool:
    return bool(cx.kb.lexicon_matcher("titles").automaton.get(cx.toks[k].norm, None))


# --- speakers -----------------------------------------------------------------


def _resolve_cue(cx: _Ctx, c: _Cue) -> None:
    toks, n = cx.toks, len(cx.toks)
    kind, after = c.entry["kind"], c.k + c.n
    if kind == "participle" or after >= n:
        return
    if kind == "according":
        j = after
        while j < n and j - after < 3 and (_is_kind(cx, j, "lead") or _verb_with_suffix(cx, toks[j])
                                           or toks[j].norm in ("به", "بها")):
            j += 1
        ph = _phrase(cx, j) if j < n and cx.clause[j] == cx.clause[c.k] else None
        if ph is not None and not _source_like(cx, ph[0]):
            ph = None
    else:
        ph = _phrase(cx, after)
    if ph is None:
        return
    if c.entry.get("citing"):
        if not (ph[1] < n and toks[ph[1]].norm == "عن"):
            return  # "نقلت" without "عن" is carrying, not citing
        y = _phrase(cx, ph[1] + 1)  # "نقلت وكالة X عن Y قوله": X reports, Y speaks
        if y is not None:
            first = _choose(cx, ph)
            if first not in (None, _INHERIT):
                c.chain.append(_item(first))
            ph = y
    c.phrase, c.speaker = ph, _choose(cx, ph)
    if c.speaker not in (None, _INHERIT):
        c.chain.append(_item(c.speaker))


def _source_like(cx: _Ctx, k: int) -> bool:
    t = cx.toks[k]
    return (k in cx.ent_at or (t.stem or t.norm) in cx.lex.kinds["source"] or t.norm in cx.lex.kinds["source"]
            or _title_at(cx, k) or cx.in_quote[k] >= 0 or name_word_ok(cx.doc, t, cx.plex, first=True))


def _speaker(cx: _Ctx, start: int, end: int, how: str, e: Entity | None = None, **kw) -> dict[str, Any]:
    sp = {"start": start, "end": end, "text": cx.doc.text[start:end], "how": how,
          "entity": None, "name": None, "name_ar": None}
    if e is not None:
        sp.update(entity=e.attrs.get("id") or e.entry_id, name=e.attrs.get("name"), name_ar=e.attrs.get("name_ar"))
    sp.update(kw)
    return sp


def _person_speaker(cx: _Ctx, e: Entity, lo: int = 0) -> dict[str, Any]:
    """A person as the article names them: with the title right before the name."""
    ts = e.attrs.get("title_start")
    s = ts if e.attrs.get("title_adjacent") and ts is not None and ts >= lo else e.start
    return _speaker(cx, s, e.end, "person", e)


def _choose(cx: _Ctx, ph: tuple[int, int]) -> dict[str, Any] | None:
    """The speaker in a phrase: person entity, else organisation, else the phrase."""
    toks, (a, b) = cx.toks, ph
    if (toks[a].stem or toks[a].norm) in cx.lex.kinds.get("statement", ()):
        if b - a == 1:
            return _INHERIT  # "وأضاف البيان", "وحسب البيان": whoever issued it
        if proclitics(toks[a + 1]) == "ل" or toks[a + 1].norm.startswith("لل"):
            a += 1  # "بيان للتحالف": the issuer
    ents = [cx.ent_at[m] for m in range(a, b) if m in cx.ent_at]
    person = next((e for e in ents if e.kind == "person"), None)
    if person is not None:
        return _person_speaker(cx, person, toks[a].start)
    # the first organisation named in the phrase is its head: قناة "المسيرة" المتحدثة باسم الحوثيين
    orgs = [_speaker(cx, e.start, e.end, "organisation", e) for e in ents if e.kind in ("actor", "outlet")][:1]
    orgs += [_speaker(cx, e.start, e.end, "organisation", entity=e.attrs["stands_for"]) for e in ents
             if e.kind == "place" and e.attrs.get("stands_for") and e.start == toks[a].start]  # "قالت واشنطن"
    for s, t, clean in cx.names:
        if a <= s < b:
            inner = next((cx.ent_at[m] for m in range(s, t) if m in cx.ent_at), None)
            orgs.append(_speaker(cx, toks[s].start, toks[t - 1].end, "named", inner,
                                 **({} if inner else _known_name(cx, clean))))
            break
    if orgs:
        return min(orgs, key=lambda o: o["start"])
    b = next((m for m in range(a + 1, min(b, a + 4)) if _title_at(cx, m)), b)  # "X Y رئيس المجلس"
    start = toks[a].start
    if proclitics(toks[a]) == "ل":
        start = cx.doc.norm.to_orig(toks[a].nstart + 1, toks[a].nend)[0]
    sp = _speaker(cx, start, toks[b - 1].end, "phrase")
    _coref(cx, sp, a, b)
    return sp


def _known_name(cx: _Ctx, clean: str) -> dict[str, Any]:
    """A quoted name the matcher could not see across the marks: قناة "المسيرة"."""
    hit = cx.kb.names.automaton.get(" ".join(fold(clean).split()), None)
    actor = next((cx.kb.actors.get(i) for k, i in hit[1] if k == "actor"), None) if hit else None
    if actor is None:
        return {"name_ar": clean}
    return {"entity": actor["id"], "name": actor["name"], "name_ar": actor["name_ar"]}


def _coref(cx: _Ctx, sp: dict[str, Any], a: int, b: int) -> None:
    """A speaker named again by surname ("عبد الرحمن") or head noun ("المصدر", "المكتب")."""
    words = " ".join(cx.toks[m].norm for m in range(a, b))
    if b - a <= 2:
        for e in reversed(cx.doc.entities):
            if e.kind == "person" and e.start < cx.toks[a].start:
                full = " ".join(fold(e.attrs.get("name_ar") or cx.doc.text[e.start : e.end]).split())
                if full == words or full.endswith(" " + words):
                    sp.update(entity=e.attrs.get("id") or e.entry_id, name=e.attrs.get("name"),
                              name_ar=e.attrs.get("name_ar"), how="person-again")
                    return
    if b - a != 1 or not words.startswith("ال") or len(words) <= 4:
        return
    head = words[2:]
    for c in reversed(cx.resolved):  # "وقال المصدر" after "أكد مصدر عسكري في ..."
        if c.phrase is not None and c.phrase[0] < a and c.speaker not in (None, _INHERIT) \
                and (cx.toks[c.phrase[0]].stem or cx.toks[c.phrase[0]].norm) == head:
            sp.update({k: c.speaker[k] for k in ("entity", "name", "name_ar")}, how="again")
            return
    for s, _, clean in reversed(cx.names):
        if s < a and fold(clean).split()[0] in (head, words):
            sp.update(_known_name(cx, clean), how="named-again")
            return


def _item(sp: dict[str, Any]) -> dict[str, Any]:
    return {"text": sp["text"], "start": sp["start"], "end": sp["end"],
            "id": sp["entity"], "name": sp["name"], "name_ar": sp["name_ar"]}


def _inherit(cx: _Ctx, cues: list[_Cue]) -> None:
    """Give subject-less verbs and participles the speaker they continue."""
    persons = [(m, e) for m, e in sorted(cx.ent_at.items()) if e.kind == "person" and cx.in_quote[m] < 0]
    pkeys = [m for m, _ in persons]
    last: tuple[int, dict[str, Any]] | None = None
    for i, c in enumerate(cues):
        if c.speaker not in (None, _INHERIT):
            last = (c.k, c.speaker)
            continue
        if c.entry["kind"] not in ("verb", "participle") and c.speaker is not _INHERIT:
            continue
        cl, sp = cx.clause[c.k], None
        for c2 in reversed(cues[:i]):  # the sentence's own speaker
            if cx.clause[c2.k] != cl:
                break
            if c2.speaker not in (None, _INHERIT):
                sp = c2.speaker
                break
        if sp is None:
            sp = _clause_subject(cx, c.k)
        if sp is None or sp is _INHERIT:  # the latest speaker, or a person named after them
            sp = None
            p = bisect_left(pkeys, c.k) - 1
            if p >= 0 and (last is None or pkeys[p] > last[0]):
                sp = _person_speaker(cx, persons[p][1])
            elif last is not None:
                sp = last[1]
        c.speaker = dict(sp, inherited=True) if sp is not None else None
        if sp is not None:
            last = (c.k, c.speaker)


def _clause_subject(cx: _Ctx, k: int) -> dict[str, Any] | None:
    """The subject named earlier in the cue's sentence ("وأمر حيدر العبادي ...، قائلا")."""
    toks, cl, s0 = cx.toks, cx.clause[k], k
    while s0 > 0 and cx.clause[s0 - 1] == cl:
        s0 -= 1
    e = cx.ent_at.get(k - 1)
    if e is not None and e.kind == "person" and cx.in_quote[k - 1] < 0 and k - 1 >= s0:
        return _person_speaker(cx, e)  # "... تركي المالكي قال"
    p = s0
    while p < k and (toks[p].norm in _PARTICLES or toks[p].kind == "punct"):
        p += 1
    if p < k and k - p <= 4 and all(toks[m].kind == "word" or cx.in_quote[m] >= 0 for m in range(p, k)) \
            and not any(is_stop(cx.doc, toks[m], cx.plex) for m in range(p, k)):
        return _choose(cx, (p, k))  # a subject before its verb: "وكان العبادي صرح"
    e = cx.ent_at.get(s0 + 1)
    if e is not None and toks[s0].kind == "word" and s0 not in cx.ent_at and (
        e.kind in ("person", "actor") or e.attrs.get("kind") == "country"
    ):  # the entity right after the sentence's verb is its subject: "ورفضت روسيا ..."
        return _person_speaker(cx, e) if e.kind == "person" else _speaker(cx, e.start, e.end, "organisation", e)
    ents = [cx.ent_at[m] for m in range(s0, k) if m in cx.ent_at and cx.in_quote[m] < 0]
    person = next((e for e in ents if e.kind == "person"), None)
    if person is not None:
        return _person_speaker(cx, person)
    if s0 + 1 < k and toks[s0].kind == "word" and s0 not in cx.ent_at:  # "وأمر حيدر العبادي قوات"
        m = s0 + 1
        while m < k and m - s0 <= 3 and m not in cx.ent_at and name_word_ok(cx.doc, toks[m], cx.plex, m == s0 + 1):
            m += 1
        if m - s0 >= 3 and (m == k or not name_word_ok(cx.doc, toks[m], cx.plex, False)):
            sp = _speaker(cx, toks[s0 + 1].start, toks[m - 1].end, "phrase")
            _coref(cx, sp, s0 + 1, m)
            return sp
    actor = next((e for e in ents if e.kind in ("actor", "outlet")), None)
    if actor is not None:
        return _speaker(cx, actor.start, actor.end, "organisation", actor)
    s, t, clean = next((x for x in cx.names if s0 <= x[0] < k), (None, None, None))
    return None if s is None else _speaker(cx, toks[s].start, toks[t - 1].end, "named", **_known_name(cx, clean))


# --- 3. quotes and chains -------------------------------------------------------


def _attach(cx: _Ctx, cues: list[_Cue]) -> list[Quote]:
    toks, n, ks, out = cx.toks, len(cx.toks), [c.k for c in cues], []
    for q in cx.quotes:
        if q.name or q.a >= n:
            continue
        cl = cx.clause[q.a]
        nwords = sum(1 for m in range(q.a, q.b) if toks[m].kind != "punct")
        p = bisect_left(ks, q.a) - 1
        cue = cues[p] if p >= 0 and cx.clause[cues[p].k] == cl else None
        m = q.b + 1
        while m < n and m - q.b <= 3 and (toks[m].kind == "punct" or toks[m].norm in ("كما", "و")):
            m += 1
        nxt = cues[p + 1] if p + 1 < len(cues) else None
        if nxt is not None and nxt.k == m > q.b + 1 and cx.clause[m] == cl \
                and nxt.speaker not in (None, _INHERIT) and not nxt.speaker.get("inherited") \
                and (cue is None or nxt.entry["kind"] == "according" or toks[q.b + 1].norm in ("،", ",")):
            cue, sp, rule = nxt, nxt.speaker, "speaker_after"  # "...»، قال X": binds tighter
        elif cue is not None:
            sp, rule = cue.speaker, cue.entry["kind"]
        else:
            sp = _colon_line(cx, q)
            rule = "colon_line" if sp is not None else None
        sp = None if sp is _INHERIT else sp
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
            quote.attrs["speaker_name_ar"] = sp["name_ar"] or " ".join(_MARKS.sub("", sp["text"]).split())
        if cue is not None:
            quote.attrs["cue"] = cx.doc.text[toks[cue.k].start : toks[cue.k + cue.n - 1].end]
        if q.unclosed:
            quote.attrs["unclosed"] = True
        out.append(quote)
    return out


def _colon_line(cx: _Ctx, q: _Q) -> dict[str, Any] | None:
    """'التحالف: "..."': a short name opening the line, then a colon and the quote."""
    toks, c = cx.toks, q.a - 2
    if c < 0 or toks[c].norm != ":":
        return None
    s0, line = c, cx.text.rfind("\n", 0, q.om)
    while s0 > 0 and toks[s0 - 1].nstart > line and c - s0 < 6:
        s0 -= 1
    if s0 > 0 and toks[s0 - 1].nstart > line or s0 == c:
        return None
    return _choose(cx, (s0, c))


def _chains(cx: _Ctx, cues: list[_Cue]) -> list[SourceChain]:
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
    for k, t in enumerate(toks):  # "مصادر أمنية", "مصدر طبي" with no verb of their own
        if (t.stem or t.norm) not in ("مصادر", "مصدر") or cx.in_quote[k] >= 0 or k in covered:
            continue
        j = k + 1
        while j < len(toks) and j - k <= 3 and toks[j].kind == "word" and not is_stop(cx.doc, toks[j], cx.plex) \
                and not proclitics(toks[j]) and toks[j].norm.endswith(("ي", "يه", "ين", "ون", "يون")):
            j += 1  # adjectives
        if j > k + 1:
            cut = len(proclitics(t))
            start = cx.doc.norm.to_orig(t.nstart + cut, t.nend)[0] if cut else t.start
            sp = _speaker(cx, start, toks[j - 1].end, "source")
            out.append(SourceChain(sp["start"], sp["end"], [_item(sp)], "source_noun"))
            covered.update(range(k, j))
    out.sort(key=lambda ch: ch.start)
    return out
