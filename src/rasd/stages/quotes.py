"""Stage `quotes`: quoted speech with its speaker, and source chains.

1. Quotation marks are paired per line ("..." «...» “...” “...„ and mixed
   typographic pairs).  A mark opens or closes by what is around it (a space
   before and a letter after opens); nested quotes ("... تنظيم "الدولة"...")
   stay inside the outer one, and a quote left open runs to the end of its line.
2. Cues come from the `reporting` lexicon: reporting verbs (their subject is
   the speaker), participles (مضيفا، قائلا) and attribution cues (بحسب، وفقا،
   نقلا عن).  A verb's subject is the noun phrase after it, up to "في بيان",
   "لـ"+outlet, "إن/أن", ":" or a comma (a comma followed by a name and then
   one of those stops is an apposition and is kept).  From that phrase the
   speaker is the person entity, else the organisation, else the phrase.
3. A quote takes the nearest cue before it in its sentence, else a cue right
   after it ("...»، قال X"), else a line opening "X: ".  A verb with no
   subject ("وأضاف:") keeps the speaker of the sentence, else the latest
   speaker or person named before it.
4. Short quoted names and terms ("فيلق القدس", قناة "المسيرة") are not quotes.

Quotes are `Quote` spans over the words inside the marks; `attrs` holds
`speaker_name`/`speaker_name_ar` (the full name when the speaker is named
again by surname only) and `cue` (the cue's text).
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
_CLOSE_BEFORE = set(" \t.,،؛:)!?؟]") | set("\"«»“”„‟")
MAX_PHRASE = 12
_NOT_AFTER = frozenset({"ما", "الذي", "التي", "الذين", "اللذين", "اللتين", "ومما", "مما"})
_GO_ON = frozenset({"في", "الي", "من", "لدي", "باسم"})
_PARTICLES = frozenset({"و", "كان", "وكان", "ثم", "لكن", "ولكن", "وقد", "قد", "كما", "بدوره", "بدورها"})
MAX_NAME_QUOTE = 3


@dataclass
class _QLex:
    """The reporting lexicon as phrase tables keyed by first word (cached per kb)."""

    phrases: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = field(default_factory=dict)
    kinds: dict[str, set[str]] = field(default_factory=dict)  # kind -> single-word forms
    verbs: frozenset[str] = frozenset()
    memo: dict[str, list] = field(default_factory=dict)  # word form -> phrases starting with it
    subject_words: frozenset[str] = frozenset()  # nouns and titles a speaker phrase may start with


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
    lex.verbs = frozenset(lex.kinds.get("verb", set()) | lex.kinds.get("participle", set()))
    lex.subject_words = frozenset(
        set().union(*(lex.kinds.get(k, set()) for k in ("outlet_noun", "org_noun", "source_noun", "statement")))
        | {fold(f) for e in kb.lexicon("titles") for f in e["forms"] if " " not in f}
    )
    # time words end a speaker's phrase ("وأعلنت بغداد أواخر 2017")
    lex.kinds["time"] = {
        fold(f) for name, entries in kb.lexicons.items() if name.startswith("temporal")
        for e in entries for f in e.get("forms", ()) if " " not in f
    } | {fold(f) for e in kb.lexicon("function_words") if e["id"] == "days-and-time" for f in e["forms"]}
    kb.__dict__["_quotes_lex"] = lex
    return lex


@dataclass
class _Q:
    """A top-level quoted span: normalised offsets and token range [a, b)."""

    ns: int
    ne: int
    om: int  # index of the opening mark in the normalised text
    cm: int  # index of the closing mark (line end when unclosed)
    a: int = 0
    b: int = 0
    unclosed: bool = False
    name: bool = False


@dataclass
class _Cue:
    k: int  # token index
    n: int  # tokens in the cue
    entry: dict[str, Any]
    phrase: tuple[int, int] | None = None
    speaker: dict[str, Any] | None = None
    chain: list[dict[str, Any]] = field(default_factory=list)


class _Ctx:
    """Per-document state shared by the helpers."""

    def __init__(self, doc: Doc) -> None:
        self.doc, self.toks, self.kb = doc, doc.tokens, doc.kb
        self.text = doc.norm.text
        self.lex = compiled(doc.kb)
        self.plex = people_lexicon(doc.kb)
        self.ent_at = token_entities(doc, doc.entities)
        self.starts = [t.nstart for t in self.toks]
        self.clause: list[int] = []
        self.in_quote: list[int] = []  # token -> index of top-level quote, or -1
        self.quotes: list[_Q] = []
        self.names: list[tuple[int, int, str]] = []  # named mentions: token range, clean text
        self.resolved: list[_Cue] = []  # cues whose subject is already chosen


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
    text = cx.text
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        marks = [m.start() + pos for m in _MARKS.finditer(line)]
        if marks:
            _pair_line(cx, text, pos, end, marks)
        pos = end + 1
    for q in cx.quotes:
        q.a = bisect_left(cx.starts, q.ns)
        q.b = bisect_left(cx.starts, q.ne)
    cx.in_quote = [-1] * len(cx.toks)
    for qi, q in enumerate(cx.quotes):
        for k in range(max(0, q.a - 1), min(len(cx.toks), q.b + 1)):
            cx.in_quote[k] = qi  # the marks belong to the quote too


def _pair_line(cx: _Ctx, text: str, lo: int, hi: int, marks: list[int]) -> None:
    stack: list[tuple[int, str]] = []  # (position, family)
    for n, p in enumerate(marks):
        c = text[p]
        prev = text[p - 1] if p > lo else " "
        nxt = text[p + 1] if p + 1 < hi else " "
        can_open = (prev in _OPEN_AFTER or p == lo or _clitic_before(text, p, lo)) and (
            nxt.isalnum() or nxt in "(«“'"
        )
        can_close = (nxt in _CLOSE_BEFORE or p + 1 == hi) and not prev.isspace()
        fam = "g" if c in "«»" else "d"
        open_fam = [i for i, (_, f) in enumerate(stack) if f == fam]
        if c == "«":
            role = "close" if (open_fam and can_close and not can_open) else "open"
        elif c == "»":
            role = "close" if open_fam else ("open" if can_open else "skip")
        elif can_open and not can_close:
            if open_fam:
                left = sum(1 for q in marks[n + 1 :] if text[q] not in "«»")
                role = "open" if left >= len(open_fam) + 1 else "close"
            else:
                role = "open"
        elif can_close and not can_open:
            role = "close" if open_fam else "skip"
        else:
            role = "close" if open_fam else "open"
        if role == "open":
            stack.append((p, fam))
        elif role == "close":
            i = open_fam[-1]
            op = stack[i][0]
            del stack[i:]
            if not stack:
                _add_quote(cx, text, op, p, False)
    if stack:
        _add_quote(cx, text, stack[0][0], hi, True)


def _clitic_before(text: str, p: int, lo: int) -> bool:
    """A mark right after a lone proclitic: بـ"جريمة", و"الفتح"."""
    return p - 1 >= lo and text[p - 1] in "وبلك" and (p - 2 < lo or text[p - 2].isspace())


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
    norm = cx.doc.norm
    bounds = []
    qi = 0
    qs = sorted((q.om, q.cm) for q in cx.quotes)
    for s in cx.doc.sentences:
        p = norm.to_norm(s.start)
        while qi < len(qs) and qs[qi][1] < p:
            qi += 1
        if qi < len(qs) and qs[qi][0] < p <= qs[qi][1]:
            continue
        bounds.append(p)
    cx.clause = [max(0, bisect_right(bounds, t.nstart) - 1) for t in cx.toks]


# --- 2. cues and speaker phrases ------------------------------------------------


def _forms(t: Token) -> tuple[str, ...]:
    s = t.norm
    out = [s]
    if t.stem and t.stem != s:
        out.append(t.stem)
    if len(s) > 3 and s[0] in "وف":
        out.append(s[1:])
    return tuple(out)


def _starting(cx: _Ctx, t: Token) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """Lexicon phrases whose first word is one of the token's forms (memoised per form)."""
    memo = cx.lex.memo
    got = memo.get(t.norm)
    if got is None:
        got = [p for f in _forms(t) for p in cx.lex.phrases.get(f, ())]
        if len(memo) > 200_000:
            memo.clear()
        memo[t.norm] = got
    return got


def _match(cx: _Ctx, k: int, kinds: tuple[str, ...] | None = None) -> tuple[dict[str, Any], int] | None:
    """The longest reporting-lexicon phrase starting at token k: (entry, length)."""
    toks = cx.toks
    if toks[k].kind not in ("word", "punct"):
        return None
    for words, e in _starting(cx, toks[k]):
        if kinds is not None and e["kind"] not in kinds:
            continue
        if len(words) == 1 or k + len(words) <= len(toks) and all(
            w in _forms(toks[k + m]) for m, w in enumerate(words[1:], 1)
        ):
            return e, len(words)
    return None


def _find_cues(cx: _Ctx) -> list[_Cue]:
    out = []
    k = 0
    kinds = ("verb", "participle", "according", "citing")
    toks, in_quote, memo = cx.toks, cx.in_quote, cx.lex.memo
    n = len(toks)
    while k < n:
        t = toks[k]
        if in_quote[k] >= 0 or t.kind != "word":
            k += 1
            continue
        cands = memo.get(t.norm)
        if cands is None:
            cands = _starting(cx, t)
        if not cands:  # most words start no lexicon phrase
            k += 1
            continue
        m = _match(cx, k, kinds)
        if m is not None and m[0]["kind"] == "verb" and (
            k > 0 and (toks[k - 1].norm in _NOT_AFTER or _is_kind(cx, k - 1, "complementizer"))
            or t.suffix
        ):
            # "التقارير التي تفيد", "أنه رأى", "بيان نشرته وكالة": not the reporter's verb
            m = None
        if m is None:
            k += 1
            continue
        out.append(_Cue(k, m[1], m[0]))
        k += m[1]
        if m[0]["kind"] == "according":  # "بحسب ما أورده": the verb is part of the cue
            while k < n and (_is_kind(cx, k, "lead") or _verb_with_suffix(cx, toks[k])):
                k += 1
    return out


def _is_kind(cx: _Ctx, k: int, *kinds: str) -> int:
    """Length of a lexicon phrase of one of `kinds` at token k (0 if none)."""
    m = _match(cx, k, kinds)
    return m[1] if m else 0


def _phrase(cx: _Ctx, k: int) -> tuple[int, int] | None:
    """The noun phrase starting at token k, up to the first stop: token range or None."""
    toks, n = cx.toks, len(cx.toks)
    if k >= n or cx.clause[k] != cx.clause[k - 1] or _starts_object(cx, k):
        return None
    j = k
    while j < n and j - k < MAX_PHRASE and cx.clause[j] == cx.clause[k]:
        t = toks[j]
        qi = cx.in_quote[j]
        if qi >= 0:
            if cx.quotes[qi].name:
                j = cx.quotes[qi].b + 1  # a quoted name inside the phrase: قناة "المسيرة"
                continue
            break
        e = cx.ent_at.get(j)
        if e is not None and j > k and e.start > t.start and cx.doc.text[e.start - 1] == "ل" \
                and (e.attrs.get("type") == "outlet" or _stops_phrase(cx, j)):
            break  # "وقال عبد الله لرووداو:": the outlet he spoke to
        if e is not None:
            while j < n and cx.ent_at.get(j) is e:
                j += 1
            continue
        if t.kind == "punct":
            if t.norm in ("،", ",") and j > k and _apposition(cx, j):
                j = _apposition(cx, j)
                continue
            if t.norm == "(" and j > k:  # "(واس)": skip a short bracket
                close = next((m for m in range(j + 1, min(n, j + 5)) if toks[m].norm == ")"), None)
                if close is not None:
                    j = close + 1
                    continue
            break
        if t.kind != "word" or j > k and (_stops_phrase(cx, j) or _conj(t)):
            break
        j += 1
    while j > k and toks[j - 1].kind == "punct":
        j -= 1
    return (k, j) if j > k else None


def _conj(t: Token) -> bool:
    """A word starting with the conjunction و ("وقوع", "ومسؤولين"): a new phrase."""
    return "و" in proclitics(t) or t.norm[0] == "و" and len(t.norm) > 3 and not t.prefix


def _starts_object(cx: _Ctx, k: int) -> bool:
    t = cx.toks[k]
    if t.kind == "punct":
        return True
    if t.norm.endswith("ا") and not is_definite(t) and len(t.norm) > 3 and k not in cx.ent_at:
        return True  # an accusative object: "وكتبت تعليقا"
    if proclitics(t) == "ل" or t.norm in ("ل", "لـ") or t.norm.startswith("لل"):
        return True  # "قال لوكالة فرانس برس إن": whom he told, not who spoke
    if k not in cx.ent_at and (
        (t.norm in cx.plex.non_name or (t.stem or t.norm) in cx.plex.non_name)
        and (t.stem or t.norm) not in cx.lex.subject_words and t.norm not in cx.lex.subject_words
        or t.norm.endswith(("ته", "تها", "تهم")) and len(t.norm) > 5
    ):
        return True  # "أعلن مقتل 14", "أعلن مسؤوليته": an object, not a subject
    return bool(
        _is_kind(cx, k, "complementizer", "object_lead", "stop", "verb", "participle")
        or t.norm in cx.plex.stop and not name_word_ok(cx.doc, t, cx.plex, first=True)
    )


def _stops_phrase(cx: _Ctx, j: int) -> bool:
    toks = cx.toks
    t = toks[j]
    if _is_kind(cx, j, "complementizer", "stop", "citing", "according", "verb", "participle"):
        return True
    nxt_ok = j + 1 < len(toks) and (j + 1 in cx.ent_at or is_definite(toks[j + 1]) or t.norm == "باسم")
    if t.norm in _GO_ON and nxt_ok:
        return False  # "مسؤول في الشرطة", "المتحدث باسم ...", "مبعوث ... إلى الشرق الأوسط"
    if _verb_with_suffix(cx, t) or t.norm in ("ل", "لـ"):
        return True  # "بيان للتحالف نشرته وكالة", "المصدر لـ«...»"
    if is_stop(cx.doc, t, cx.plex) or _is_kind(cx, j, "object_lead"):
        return True
    if (t.stem or t.norm) in cx.lex.kinds["time"] or t.norm in cx.lex.kinds["time"]:
        return True
    if t.norm.endswith("ا") and len(t.norm) > 3 and not is_definite(t) and j not in cx.ent_at \
            and not name_word_ok(cx.doc, toks[j - 1], cx.plex, first=False):
        return True  # "يعتبر ميناء الحديدة منفذا": the object's complement
    if proclitics(t) == "ل" or (t.norm[0] == "ل" and not t.norm.startswith("لل") and len(t.norm) > 3):
        # "لرووداو:", "لفرانس برس": an addressee just before the quote or "إن"
        rest = t.stem if proclitics(t) else t.norm[1:]
        if rest in cx.lex.kinds.get("outlet_noun", ()):
            return True
        m = j + 1
        while m < len(toks) and m - j <= 2 and toks[m].kind == "word" and not is_definite(toks[m]) \
                and not _is_kind(cx, m, "complementizer", "stop"):
            m += 1
        return m >= len(toks) or toks[m].kind == "punct" or bool(_is_kind(cx, m, "complementizer", "stop"))
    return False


def _apposition(cx: _Ctx, c: int) -> int:
    """After a comma at c: the end of a short name before another stop, else 0."""
    toks = cx.toks
    j = c + 1
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
    t = toks[j]
    if t.norm in ("،", ",", ":") or cx.in_quote[j] >= 0 or _is_kind(cx, j, "complementizer", "stop"):
        return j
    return 0


def _named_mentions(cx: _Ctx) -> None:
    """Short quotes that name something (قناة "المسيرة", تنظيم "داعش") are not speech."""
    toks = cx.toks
    org_nouns = cx.lex.kinds.get("org_noun", set()) | cx.lex.kinds.get("outlet_noun", set())
    for q in cx.quotes:
        words = [toks[m] for m in range(q.a, q.b) if toks[m].kind != "punct"]
        if not words or len(words) > 5:
            continue
        before = toks[q.a - 2] if q.a >= 2 else None
        first = words[0].stem or words[0].norm
        covered = sum(1 for m in range(q.a, q.b) if m in cx.ent_at)
        after = q.b + 1
        prev_name = bool(cx.names) and cx.names[-1][1] >= q.a - 2 and toks[q.a - 2].norm == "و"
        if (
            (after < len(toks) and len(words) <= MAX_NAME_QUOTE and _is_kind(cx, after, "verb"))
            or (before is not None and len(words) <= MAX_NAME_QUOTE and (
                before.norm in ("ل", "لـ") or prev_name or _is_kind(cx, q.a - 2, "name_lead")))
            or (before is not None and cx.clause[q.a - 2] == cx.clause[q.a]
             and ((before.stem or before.norm) in org_nouns or _title_at(cx, q.a - 2)))
            or len(words) <= 4 and (first in org_nouns or first in cx.lex.kinds.get("name_lead", ()))
            or (len(words) <= MAX_NAME_QUOTE and covered * 2 >= len(words))
        ):
            q.name = True
            s = q.a - 2 if before is not None and (before.stem or before.norm) in org_nouns else q.a
            clean = _MARKS.sub("", cx.doc.text[toks[s].start : toks[q.b - 1].end]).strip()
            cx.names.append((s, q.b + 1, " ".join(clean.split())))


def _title_at(cx: _Ctx, k: int) -> bool:
    t = cx.toks[k]
    return bool(cx.kb.lexicon_matcher("titles").automaton.get(t.norm, None))


# --- speakers -----------------------------------------------------------------

_INHERIT = {"inherit": True}


def _resolve_cue(cx: _Ctx, c: _Cue) -> None:
    toks, n = cx.toks, len(cx.toks)
    kind = c.entry["kind"]
    after = c.k + c.n
    if kind == "participle" or after >= n:
        return
    if kind == "according":
        j = after
        while j < n and j - after < 3 and (_is_kind(cx, j, "lead") or _verb_with_suffix(cx, toks[j])
                                           or toks[j].norm in ("به", "بها")):
            j += 1
        ph = _phrase(cx, j) if j < n and cx.clause[j] == cx.clause[c.k] else None
        if ph is None or not _source_like(cx, ph):
            return
    else:
        ph = _phrase(cx, after)
    if ph is None:
        return
    if c.entry.get("citing") and not (ph[1] < n and toks[ph[1]].norm == "عن"):
        return  # "نقلت" without "عن" is carrying, not citing
    if c.entry.get("citing"):
        # "نقلت وكالة X عن Y قوله": X reports, Y speaks
        y = _phrase(cx, ph[1] + 1)
        if y is not None:
            first = _choose(cx, ph)
            if first is not None and first is not _INHERIT:
                c.chain.append(_item(first))
            ph = y
    c.phrase = ph
    c.speaker = _choose(cx, ph)
    if c.speaker is not None and c.speaker is not _INHERIT:
        c.chain.append(_item(c.speaker))


def _verb_with_suffix(cx: _Ctx, t: Token) -> bool:
    """"أورده", "ذكرته", "يقوله": a reporting verb with an object pronoun."""
    w = t.norm
    for suf in ("ته", "ها", "ه", "هم"):
        if w.endswith(suf) and (w[: -len(suf)] in cx.lex.verbs or w[: -len(suf)] + "ت" in cx.lex.verbs):
            return True
    return w in cx.lex.verbs


def _source_like(cx: _Ctx, ph: tuple[int, int]) -> bool:
    t = cx.toks[ph[0]]
    core = t.stem or t.norm
    nouns = set()
    for k in ("outlet_noun", "org_noun", "source_noun", "statement"):
        nouns |= cx.lex.kinds.get(k, set())
    return (
        ph[0] in cx.ent_at or core in nouns or t.norm in nouns or _title_at(cx, ph[0])
        or cx.in_quote[ph[0]] >= 0 or name_word_ok(cx.doc, t, cx.plex, first=True)
    )


def _speaker(cx: _Ctx, start: int, end: int, how: str, e: Entity | None = None, **kw) -> dict[str, Any]:
    sp = {"start": start, "end": end, "text": cx.doc.text[start:end], "how": how,
          "entity": None, "name": None, "name_ar": None}
    if e is not None:
        sp["entity"] = e.attrs.get("id") or e.entry_id
        sp["name"] = e.attrs.get("name")
        sp["name_ar"] = e.attrs.get("name_ar")
    sp.update(kw)
    return sp


def _choose(cx: _Ctx, ph: tuple[int, int]) -> dict[str, Any] | None:
    """The speaker in a phrase: person entity, else organisation, else the phrase."""
    toks = cx.toks
    a, b = ph
    core = toks[a].stem or toks[a].norm
    if core in cx.lex.kinds.get("statement", ()) or toks[a].norm in cx.lex.kinds.get("statement", ()):
        if b - a == 1:
            return _INHERIT  # "وأضاف البيان", "وحسب البيان": whoever issued it
        if proclitics(toks[a + 1]) == "ل" or toks[a + 1].norm.startswith("لل"):
            a += 1  # "بيان للتحالف": the issuer
    ents = [cx.ent_at[m] for m in range(a, b) if m in cx.ent_at]
    for e in ents:
        if e.kind == "person":
            return _person_speaker(cx, e, toks[a].start)
    # the first organisation named in the phrase is its head: "قناة "المسيرة" المتحدثة باسم الحوثيين"
    orgs: list[tuple[int, dict[str, Any]]] = []
    for e in ents:
        if e.kind in ("actor", "outlet"):
            orgs.append((e.start, _speaker(cx, e.start, e.end, "organisation", e)))
            break
    for e in ents:
        if e.kind == "place" and e.attrs.get("stands_for") and e.start == toks[a].start:
            # "قالت واشنطن": a capital speaking is its government
            orgs.append((e.start, _speaker(cx, e.start, e.end, "organisation", None, entity=e.attrs["stands_for"])))
    for s, t, clean in cx.names:
        if a <= s < b:
            inner = next((cx.ent_at[m] for m in range(s, t) if m in cx.ent_at), None)
            orgs.append((toks[s].start, _speaker(cx, toks[s].start, toks[t - 1].end, "named", inner,
                                                 **({} if inner else {"name_ar": clean}))))
            break
    if orgs:
        return min(orgs, key=lambda o: o[0])[1]
    for m in range(a + 1, min(b, a + 4)):
        if _title_at(cx, m):
            b = m  # "صلاح الدين الشعلان رئيس المجلس البلدي": the name before the title
            break
    start, end = toks[a].start, toks[b - 1].end
    if proclitics(toks[a]) == "ل":
        start = cx.doc.norm.to_orig(toks[a].nstart + 1, toks[a].nend)[0]
    sp = _speaker(cx, start, end, "phrase")
    _coref(cx, sp, a, b)
    return sp


def _person_speaker(cx: _Ctx, e: Entity, lo: int = 0) -> dict[str, Any]:
    """A person as the article names them: with the title right before the name."""
    s = e.start
    ts = e.attrs.get("title_start")
    if e.attrs.get("title_adjacent") and ts is not None and ts >= lo:
        s = ts  # "الفريق علي الفريجي"
    return _speaker(cx, s, e.end, "person", e)


def _coref(cx: _Ctx, sp: dict[str, Any], a: int, b: int) -> None:
    """A speaker named again by surname ("عبد الرحمن") or head noun ("المكتب")."""
    words = " ".join(fold(cx.toks[m].norm) for m in range(a, b))
    if b - a <= 2:
        for e in reversed(cx.doc.entities):
            if e.kind == "person" and e.start < cx.toks[a].start:
                full = " ".join(fold(e.attrs.get("name_ar") or cx.doc.text[e.start : e.end]).split())
                if full == words or full.endswith(" " + words):
                    sp.update(entity=e.attrs.get("id") or e.entry_id, name=e.attrs.get("name"),
                              name_ar=e.attrs.get("name_ar"), how="person-again")
                    return
    if b - a == 1 and words.startswith("ال") and len(words) > 4:
        head = words[2:]
        for c in reversed(cx.resolved):
            if c.phrase is not None and c.phrase[0] < a and c.speaker not in (None, _INHERIT) \
                    and (cx.toks[c.phrase[0]].stem or cx.toks[c.phrase[0]].norm) == head:
                sp.update({k: c.speaker[k] for k in ("entity", "name", "name_ar")}, how="again")
                return  # "وقال المصدر" after "أكد مصدر عسكري في ..."
        for s, t, clean in reversed(cx.names):
            if s < a and fold(clean).split()[0] in (head, words):
                sp.update(name_ar=clean, how="named-again")
                return


def _item(sp: dict[str, Any]) -> dict[str, Any]:
    return {"text": sp["text"], "start": sp["start"], "end": sp["end"],
            "id": sp["entity"], "name": sp["name"], "name_ar": sp["name_ar"]}


def _inherit(cx: _Ctx, cues: list[_Cue]) -> None:
    """Give subject-less verbs and participles the speaker they continue."""
    toks = cx.toks
    persons = [(m, e) for m, e in sorted(cx.ent_at.items()) if e.kind == "person" and cx.in_quote[m] < 0]
    pkeys = [m for m, _ in persons]
    last: tuple[int, dict[str, Any]] | None = None
    for i, c in enumerate(cues):
        if c.speaker is not None and c.speaker is not _INHERIT:
            last = (c.k, c.speaker)
            continue
        if c.entry["kind"] not in ("verb", "participle") and c.speaker is not _INHERIT:
            continue
        cl = cx.clause[c.k]
        sp = None
        for c2 in reversed(cues[:i]):
            if cx.clause[c2.k] != cl:
                break
            if c2.speaker is not None and c2.speaker is not _INHERIT:
                sp = c2.speaker
                break
        if sp is None:
            sp = _clause_subject(cx, c.k)
        if sp is None:
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
    toks = cx.toks
    cl = cx.clause[k]
    s0 = k
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
    ):
        # the entity right after the sentence's verb is its subject: "ورفضت روسيا ..."
        return _person_speaker(cx, e) if e.kind == "person" else _speaker(cx, e.start, e.end, "organisation", e)
    actor = None
    for m in range(s0, k):
        e = cx.ent_at.get(m)
        if e is None or cx.in_quote[m] >= 0:
            continue
        if e.kind == "person":
            return _person_speaker(cx, e)
        if actor is None and e.kind in ("actor", "outlet"):
            actor = e
    if s0 + 1 < k and toks[s0].kind == "word" and s0 not in cx.ent_at:
        m = s0 + 1
        while m < k and m - s0 <= 3 and m not in cx.ent_at and name_word_ok(cx.doc, toks[m], cx.plex, m == s0 + 1):
            m += 1
        if m - s0 >= 3 and (m == k or not name_word_ok(cx.doc, toks[m], cx.plex, False)):
            sp = _speaker(cx, toks[s0 + 1].start, toks[m - 1].end, "phrase")
            _coref(cx, sp, s0 + 1, m)
            return sp
    if actor is not None:
        return _speaker(cx, actor.start, actor.end, "organisation", actor)
    for s, t, clean in cx.names:
        if s0 <= s < k:
            return _speaker(cx, toks[s].start, toks[t - 1].end, "named", name_ar=clean)
    return None


# --- 3. quotes and chains -------------------------------------------------------


def _attach(cx: _Ctx, cues: list[_Cue]) -> list[Quote]:
    toks, n = cx.toks, len(cx.toks)
    ks = [c.k for c in cues]
    out = []
    for q in cx.quotes:
        if q.name or q.a >= n:
            continue
        cl = cx.clause[q.a]
        nwords = sum(1 for m in range(q.a, q.b) if toks[m].kind != "punct")
        p = bisect_left(ks, q.a) - 1
        cue = cues[p] if p >= 0 and cx.clause[cues[p].k] == cl else None
        rule = None
        sp = None
        m = q.b + 1
        while m < n and m - q.b <= 3 and (toks[m].kind == "punct" or toks[m].norm in ("كما", "و")):
            m += 1
        nxt = cues[p + 1] if p + 1 < len(cues) else None
        if nxt is not None and nxt.k == m and m > q.b + 1 and cx.clause[m] == cl \
                and nxt.speaker not in (None, _INHERIT) and not nxt.speaker.get("inherited") \
                and (cue is None or nxt.entry["kind"] == "according" or toks[q.b + 1].norm in ("،", ",")):
            # "...»، قال X" / "...»، بحسب X": a trailing attribution binds tighter
            cue, sp, rule = nxt, nxt.speaker, "speaker_after"
        elif cue is not None:
            sp, rule = cue.speaker, cue.entry["kind"]
        else:
            sp = _colon_line(cx, q)
            rule = "colon_line" if sp is not None else None
        if sp is _INHERIT:
            sp = None
        if rule is None:
            line_start = cx.text.rfind("\n", 0, q.om) + 1
            before = cx.text[line_start : q.om].rstrip()
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
            quote.attrs["speaker_name_ar"] = sp["name_ar"] or _clean(sp["text"])
        if cue is not None:
            quote.attrs["cue"] = cx.doc.text[toks[cue.k].start : toks[cue.k + cue.n - 1].end]
        if q.unclosed:
            quote.attrs["unclosed"] = True
        out.append(quote)
    return out


def _clean(s: str) -> str:
    return " ".join(_MARKS.sub("", s).split())


def _colon_line(cx: _Ctx, q: _Q) -> dict[str, Any] | None:
    """"التحالف: "..."": a short name opening the line, then a colon and the quote."""
    toks = cx.toks
    c = q.a - 2
    if c < 0 or toks[c].norm != ":":
        return None
    s0 = c
    line = cx.text.rfind("\n", 0, q.om)
    while s0 > 0 and toks[s0 - 1].nstart > line and c - s0 < 6:
        s0 -= 1
    if s0 > 0 and toks[s0 - 1].nstart > line or s0 == c:
        return None
    return _choose(cx, (s0, c))


def _chains(cx: _Ctx, cues: list[_Cue]) -> list[SourceChain]:
    toks = cx.toks
    out: list[SourceChain] = []
    last_in: dict[int, SourceChain] = {}
    covered: set[int] = set()
    for c in cues:
        if c.phrase is not None:
            covered.update(range(c.phrase[0], c.phrase[1]))
        if not c.chain:
            continue
        cl = cx.clause[c.k]
        if c.entry["kind"] == "citing" and cl in last_in:
            ch = last_in[cl]
            ch.chain.extend(c.chain)
            ch.end = max(ch.end, c.chain[-1]["end"])
            continue
        rule = "citing" if c.entry["kind"] == "citing" else c.entry["kind"]
        ch = SourceChain(toks[c.k].start, max(i["end"] for i in c.chain), list(c.chain), f"{rule}:{c.entry['id']}")
        out.append(ch)
        last_in[cl] = ch
    src = cx.lex.kinds.get("source_noun", set())
    for k, t in enumerate(toks):
        if t.kind != "word" or cx.in_quote[k] >= 0 or k in covered or (t.stem or t.norm) not in src:
            continue
        if (t.stem or t.norm) not in ("مصادر", "مصدر"):
            continue
        j = k + 1
        while j < len(toks) and j - k <= 3 and toks[j].kind == "word" and not is_stop(cx.doc, toks[j], cx.plex) \
                and not proclitics(toks[j]) and toks[j].norm.endswith(("ي", "يه", "ين", "ون", "يون")):
            j += 1  # adjectives: "مصادر أمنية", "مصدر طبي"
        if j == k + 1:
            continue
        sp = _speaker(cx, _no_clitic(cx, t), toks[j - 1].end, "source")
        out.append(SourceChain(sp["start"], sp["end"], [_item(sp)], "source_noun"))
        covered.update(range(k, j))
    out.sort(key=lambda ch: ch.start)
    return out


def _no_clitic(cx: _Ctx, t: Token) -> int:
    cut = len(proclitics(t))
    return cx.doc.norm.to_orig(t.nstart + cut, t.nend)[0] if cut else t.start
