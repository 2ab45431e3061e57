"""Stage `numbers`: counts written in digits, number words, duals and "عشرات".

Every number found becomes a `NumberExpr` whose `attrs["kind"]` says what it
is: "count" for a count of something, else "year", "date", "percent",
"distance", "duration", "money", "time" or "unit" ("اللواء 22"), so consumers
can skip what is not a count without re-reading the text.  The counted noun
right after a count (or before "اثنين"/"واحد", or the dual word itself) is in
`attrs["noun"]` (its normalised stem) with `noun_start`/`noun_end`, and
`attrs["noun_lemma"]` when the noun is a countable noun of the lexicon.

A number inside a date the `dates` stage found (`doc.times`, when that stage
ran first, as it does by default) is a "date" or "year"; without it the month
names of the lexicon still catch "26 تموز".

The words come from the `numbers` lexicon (number words in both genders and
cases, vague quantities, qualifiers, context words, countable nouns and their
duals); it is compiled once per knowledge base (`kb.derived`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rasd.doc import Doc, NumberExpr, Token
from rasd.registry import stage
from rasd.text.normalize import fold

_TWO_AFTER = frozenset({"اثنان", "اثنين", "اثنتان", "اثنتين"})
_ONE_AFTER = frozenset({"واحد", "واحده"})
# أحد / اثنين with the article are weekdays (الأحد، الاثنين), not numbers.
_DAY_LIKE = frozenset({"احد", "اثنين", "اثنان"})
_GROUPED = re.compile(r"^\d{1,3}(?:[,٬]\d{3})+$")
_NOT_NOUN = frozenset(
    {"في", "من", "الي", "علي", "عن", "مع", "او", "و", "ثم", "منذ", "بين", "حتي", "قد", "ان", "الا"}
)


@dataclass
class _Lex:
    """The numbers lexicon, compiled for token lookups."""

    words: dict[str, dict[str, Any]] = field(default_factory=dict)
    duals: dict[str, str] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)
    # phrases keyed by their last word (before the number) or first word (after)
    before: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = field(default_factory=dict)
    after: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = field(default_factory=dict)
    stop: frozenset[str] = frozenset()  # function words: never the counted noun
    # word form -> (number word entry, dual noun id); most words are neither
    memo: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # token forms that are none of a number, a number word or a dual noun
    quiet: set[str] = field(default_factory=set)


def compiled(kb) -> _Lex:
    """The numbers lexicon of `kb`, compiled once and cached on it."""
    return kb.derived("numbers", _build)


def _build(kb) -> _Lex:
    lex = _Lex()
    for e in kb.lexicon("numbers"):
        kind = e.get("kind")
        keys = [" ".join(fold(f).split()) for f in e["forms"]]
        if kind in ("unit", "ten", "tens", "hundred", "multiplier", "vague"):
            for k in keys:
                lex.words[k] = {"id": e["id"], "kind": kind, "value": int(e["value"]),
                                "multiplier": kind == "multiplier" or bool(e.get("multiplier"))}
        elif kind == "noun":
            for k in keys:
                lex.nouns[k] = e["id"]
                if not k.endswith(("ه", "ا", "ي", "ء")) and " " not in k:
                    lex.nouns.setdefault(k + "ا", e["id"])  # accusative: قتيلا، شخصا
            for d in e.get("duals", ()):
                lex.duals[fold(d)] = e["id"]
        elif kind in ("qualifier", "context"):
            table = lex.before if e.get("position") == "before" else lex.after
            for k in keys:
                words = tuple(k.split())
                table.setdefault(words[-1] if table is lex.before else words[0], []).append((words, e))
    lex.stop = frozenset(fold(f) for e in kb.lexicon("function_words") for f in e["forms"])
    for table in (lex.before, lex.after):
        for v in table.values():
            v.sort(key=lambda p: -len(p[0]))  # longest phrase first
    return lex


@stage("numbers", reads=("tokens",), writes=("numbers",))
def numbers(doc: Doc) -> Doc:
    """Set `doc.numbers` (sorted by start)."""
    lex = compiled(doc.kb)
    toks = doc.tokens
    n = len(toks)
    out: list[NumberExpr] = []
    times = [(t.start, t.end) for t in doc.times]
    memo_get = lex.memo.get
    quiet = lex.quiet
    if len(quiet) > 200_000:  # a long-running process reads unbounded vocabulary
        quiet.clear()
    i = 0
    # Most tokens are forms met before that are neither a number nor a number
    # word nor a dual: one comprehension passes over them, not a loop step each.
    for k in [k for k, t in enumerate(toks) if t.norm not in quiet]:
        if k < i:
            continue  # inside the expression read last
        i = k
        t = toks[i]
        if t.kind == "num":
            j, value, exact = _digits(toks, i, lex)
            ne, i = _finish(doc, lex, i, j, value, "digits", times, exact)
            out.append(ne)
            continue
        if t.kind != "word":
            quiet.add(t.norm)  # the segmenter gives a form one kind
            i += 1
            continue
        pair = memo_get(t.norm) or _classify(t, lex)
        if pair is _NOTHING:
            quiet.add(t.norm)  # most words: neither a number word nor a dual noun
            i += 1
            continue
        w, dual = pair
        if w is not None and t.suffix:
            w = None  # "أحدهما", "ثلاثتهم": one of them, not a count of a noun
        if w is not None and not _is_day(t, w):
            if w["value"] in (1, 2) and w["kind"] == "unit" and (
                t.norm in _TWO_AFTER or t.norm in _ONE_AFTER or t.stem in _TWO_AFTER
            ):
                prev = toks[i - 1] if i else None
                if prev is not None and prev.kind == "word" and prev.sent == t.sent and _noun_like(prev, lex) and (
                    _lookup(prev, lex.nouns) or _classify(prev, lex)[1] or prev.norm.endswith(("ين", "ان", "ات"))
                ):
                    # "إرهابيين اثنين", "جندي واحد": the noun comes first
                    ne = _expr(doc, prev.start, t.end, w["value"], "noun+number", t.sent)
                    _set_noun(doc, ne, prev, lex)
                    ne.attrs["kind"] = "count"
                    _qualify_after(doc, lex, ne, i + 1)
                    out.append(ne)
                    i += 1
                    continue
            j, value = _words(toks, i, lex)
            rule = "vague" if w["kind"] == "vague" and j == i + 1 else "words"
            ne, i = _finish(doc, lex, i, j, value, rule, times, None)
            out.append(ne)
            continue
        if dual is not None:
            nxt = toks[i + 1] if i + 1 < n else None
            if not (nxt is not None and nxt.kind == "word" and _core(nxt) in _TWO_AFTER):
                ne = _expr(doc, _start_of(doc, t, lex.duals), t.end, 2, "dual", t.sent)
                _set_noun(doc, ne, t, lex)
                ne.attrs["kind"] = "count"
                _qualify_before(lex, toks, i, ne)
                _qualify_after(doc, lex, ne, i + 1)
                out.append(ne)
        i += 1
    doc.numbers = out
    return doc


def _expr(doc: Doc, start: int, end: int, value: int, rule: str, sent: int) -> NumberExpr:
    return NumberExpr(start, end, value, rule, "", sent, {})


def _core(t: Token) -> str:
    """The token's normalised form without a leading و/ف conjunction."""
    s = t.stem or t.norm
    if s == t.norm and len(s) > 3 and s[0] in "وف":
        return s[1:]
    return s


def _candidates(t: Token) -> tuple[str, ...]:
    """The forms a token's word may be listed under (with and without clitics),
    remembered per form and stem: the phrase rules ask for the same tokens again."""
    got = _CANDIDATES.get(t.norm)
    if got is not None and got[0] == t.stem:
        return got[1]
    out = _forms_of(t.norm, t.stem)
    if len(_CANDIDATES) > 100_000:
        _CANDIDATES.clear()
    _CANDIDATES[t.norm] = (t.stem, out)
    return out


_CANDIDATES: dict[str, tuple[str, tuple[str, ...]]] = {}


def _forms_of(s: str, stem: str) -> tuple[str, ...]:
    out = [s]
    if stem and stem != s:
        out.append(stem)
    if len(s) > 3 and s[0] in "وفبل":
        out.append(s[1:])
        if s[1:3] == "ال" and len(s) > 5:
            out.append(s[3:])
        elif s[1] in "بل" and len(s) > 4:
            out.append(s[2:])
    if s.startswith("ال") and len(s) > 4:
        out.append(s[2:])
    return tuple(out)


_NOTHING = (None, None)


def _classify(t: Token, lex: _Lex) -> tuple[Any, Any]:
    """(number word entry, dual noun id) of a word token, memoised per form.

    The segmenter's stem is a function of the form, so the form is the key.
    """
    hit = lex.memo.get(t.norm)
    if hit is None:
        hit = (_lookup(t, lex.words), _lookup(t, lex.duals))
        if hit == _NOTHING:
            hit = _NOTHING  # one shared object, so the scan can test identity
        if len(lex.memo) > 200_000:  # a long-running process reads unbounded vocabulary
            lex.memo.clear()
        lex.memo[t.norm] = hit
    return hit


def _lookup(t: Token, table: dict[str, Any]) -> Any:
    for c in _candidates(t):
        v = table.get(c)
        if v is not None:
            return v
    return None


def _is_day(t: Token, w: dict[str, Any]) -> bool:
    core = t.stem or t.norm
    for p in ("وال", "ال"):
        if core.startswith(p):
            core = core[len(p):]
            break
    return core in _DAY_LIKE and ("ال" in t.prefix or t.norm.startswith(("ال", "وال")))


def _digits(toks: list[Token], i: int, lex: _Lex) -> tuple[int, int, str | None]:
    """(end token index, value, exact text when decimal) for a digit token at i."""
    raw = toks[i].norm
    exact = None
    if _GROUPED.match(raw):
        value_f = float(raw.replace(",", "").replace("٬", ""))
    elif "." in raw or "," in raw or "٫" in raw:
        exact = raw.replace(",", ".").replace("٫", ".")
        try:
            value_f = float(exact)
        except ValueError:
            value_f = float(re.sub(r"[^0-9]", "", raw) or 0)
    else:
        value_f = float(raw)
    j = i + 1
    if j < len(toks) and toks[j].kind == "word" and toks[j].sent == toks[i].sent:
        w = _lookup(toks[j], lex.words)
        if w is not None and w["multiplier"] and not toks[j].norm.startswith("و"):
            value_f *= w["value"]
            j += 1
            exact = None
    return j, int(value_f), exact


def _words(toks: list[Token], i: int, lex: _Lex) -> tuple[int, int]:
    """Parse a run of number words from i: (end token index, value)."""
    total = 0
    first = _lookup(toks[i], lex.words)
    cur = first["value"]
    last = first["kind"]
    j = i + 1
    while j < len(toks):
        t = toks[j]
        if t.kind != "word" or t.sent != toks[i].sent:
            break
        conj = t.norm.startswith("و") and (t.norm not in lex.words or "و" in t.prefix)
        w = _lookup(t, lex.words)
        if w is None:
            break
        k = w["kind"]
        if not conj and k == "ten" and last == "unit" and cur < 10:
            cur += 10  # أحد عشر، ثلاثة عشر
        elif not conj and w["multiplier"] and last != "multiplier":
            total += max(cur, 1) * w["value"]
            cur = 0
        elif not conj and k == "hundred" and w["value"] == 100 and last == "unit":
            cur *= 100  # ثلاث مئة
        elif conj and (
            (last == "unit" and k == "tens")
            or (last in ("hundred", "multiplier") and k in ("unit", "ten", "tens", "hundred"))
        ):
            cur += w["value"]
        else:
            break
        last = "multiplier" if w["multiplier"] and not conj else k
        j += 1
    return j, total + cur


def _start_of(doc: Doc, t: Token, table: dict[str, Any]) -> int:
    """Original start of a word without the conjunction or preposition stuck to it.

    "وثلاثة" starts at ث, "والمئات" at ا (the article stays), "للجنود" at ل+ال.
    """
    if t.kind != "word" or t.norm in table:
        return t.start
    cut = 0
    if t.norm == "واحد" and doc.text[t.start + 1 : t.start + 2] in ("أ", "إ"):
        cut = 1  # "وأحد" is و + أحد, though it folds to واحد
    elif t.prefix:
        cut = len(t.prefix) - (2 if t.prefix.endswith("ال") else 1 if t.prefix.endswith("لل") else 0)
    elif len(t.norm) > 3 and t.norm[0] in "وف":
        cut = 1
    return doc.norm.to_orig(t.nstart + cut, t.nend)[0] if cut > 0 else t.start


def _finish(doc, lex: _Lex, i: int, j: int, value: int, rule: str, times, exact) -> tuple[NumberExpr, int]:
    """The expression for tokens i..j, and the index where scanning goes on."""
    toks = doc.tokens
    t0, t1 = toks[i], toks[j - 1]
    ne = _expr(doc, _start_of(doc, t0, lex.words), t1.end, value, rule, t0.sent)
    if exact is not None:
        ne.attrs["exact"] = exact
    kind, skip = _context_kind(lex, toks, i, j)
    year_like = rule == "digits" and len(t0.norm) == 4 and 1900 <= value <= 2100
    if kind is None and any(s < t1.end and t0.start < e for s, e in times):
        kind = "year" if year_like else "date"  # part of a date the dates stage found
    # a bracketed figure "(3) عمليات": the noun comes after the bracket
    k = j
    if i > 0 and toks[i - 1].norm == "(" and k < len(toks) and toks[k].norm == ")":
        k += 1
    noun = None
    if k < len(toks) and toks[k].sent == t0.sent and toks[k].kind == "word":
        if toks[k].norm == "من" and k + 1 < len(toks) and toks[k + 1].kind == "word":
            # "14 من عناصر": only a countable noun, not "فر المئات من منازلهم"
            if _lookup(toks[k + 1], lex.nouns) is not None:
                noun = toks[k + 1]
                k += 1
        elif _noun_like(toks[k], lex) and not doc.text[t0.start : t0.end].startswith(("ال", "وال")):
            noun = toks[k]  # a definite "العشرات" is not in construct with a noun
    if kind is None and year_like:
        if noun is None or _lookup(noun, lex.nouns) is None:
            kind = "year"
    ne.attrs["kind"] = kind or "count"
    if noun is not None and ne.attrs["kind"] == "count":
        _set_noun(doc, ne, noun, lex)
    _qualify_before(lex, toks, i, ne)
    end_tok = k + 1 if noun is not None and ne.attrs["kind"] == "count" else j
    _qualify_after(doc, lex, ne, end_tok)
    return ne, max(j, skip)


def _noun_like(t: Token, lex: _Lex) -> bool:
    core = t.stem or t.norm
    if t.norm in _NOT_NOUN or core in _NOT_NOUN or t.norm in lex.stop or _classify(t, lex)[0] is not None:
        return False
    if "و" in t.prefix or "ف" in t.prefix:
        return False
    if t.norm[0] == "و" and t.norm not in lex.nouns:
        # "16 وجرح": a conjunction starts a new clause, unless the word is a noun
        return False
    return not any(p[0] == (core,) for p in lex.after.get(core, ()))


def _set_noun(doc: Doc, ne: NumberExpr, t: Token, lex: _Lex) -> None:
    stem = t.stem or t.norm
    if stem.startswith("ال") and len(stem) > 4:
        stem = stem[2:]  # a stem the segmenter kept whole because it is known ("القتلى")
    ne.attrs["noun"] = stem
    ne.attrs["noun_start"] = _start_of(doc, t, {})
    ne.attrs["noun_end"] = t.end
    lemma = _lookup(t, lex.nouns) or lex.nouns.get(stem) or lex.duals.get(stem)
    if lemma:
        ne.attrs["noun_lemma"] = lemma


def _forms_at(toks: list[Token], k: int) -> tuple[str, ...]:
    return _candidates(toks[k]) if 0 <= k < len(toks) else ()


def _match_back(toks: list[Token], end: int, words: tuple[str, ...]) -> bool:
    """Do tokens ending at index `end` (inclusive) spell `words`?"""
    start = end - len(words) + 1
    if start < 0:
        return False
    return all(w in _forms_at(toks, start + m) for m, w in enumerate(words))


def _match_fwd(toks: list[Token], start: int, words: tuple[str, ...]) -> bool:
    if start + len(words) > len(toks):
        return False
    return all(w in _forms_at(toks, start + m) for m, w in enumerate(words))


def _context_kind(lex: _Lex, toks: list[Token], i: int, j: int) -> tuple[str | None, int]:
    """year/date/percent/... from the words right before or after tokens i..j.

    Also the index after a context phrase that follows, so that "في المئة" is
    not read as a second number.
    """
    after = j
    if after < len(toks) and toks[after].norm == ")" and i > 0 and toks[i - 1].norm == "(":
        after += 1
    if after < len(toks) and toks[after].sent == toks[i].sent:
        for c in _candidates(toks[after]):
            for words, e in lex.after.get(c, ()):
                if e["kind"] == "context" and _match_fwd(toks, after, words):
                    return e["context"], after + len(words)
        if toks[after].norm == "من" and after + 1 < len(toks):  # "10 من سبتمبر"
            for c in _candidates(toks[after + 1]):
                for words, e in lex.after.get(c, ()):
                    if e.get("context") == "date" and _match_fwd(toks, after + 1, words):
                        return "date", j
    b = i - 1
    if b >= 0 and toks[b].norm == "ال":  # "الساعة الـ 7"
        b -= 1
    if b >= 0 and toks[b].sent == toks[i].sent:
        for c in _candidates(toks[b]):
            for words, e in lex.before.get(c, ()):
                if e["kind"] == "context" and _match_back(toks, b, words):
                    return e["context"], j
    return None, j


def _qualify_before(lex: _Lex, toks: list[Token], i: int, ne: NumberExpr) -> None:
    b = i - 1
    if b >= 0 and toks[b].norm == "(":
        b -= 1
    if b < 0 or toks[b].sent != toks[i].sent:
        return
    for c in _candidates(toks[b]):
        for words, e in lex.before.get(c, ()):
            if e["kind"] == "qualifier" and _match_back(toks, b, words):
                ne.qualifier = e["qualifier"]
                ne.attrs["qualifier_start"] = toks[b - len(words) + 1].start
                ne.attrs["qualifier_end"] = toks[b].end
                return


def _qualify_after(doc: Doc, lex: _Lex, ne: NumberExpr, k: int) -> None:
    toks = doc.tokens
    if ne.qualifier or k >= len(toks) or toks[k].sent != ne.sent:
        return
    for c in _candidates(toks[k]):
        for words, e in lex.after.get(c, ()):
            if e["kind"] == "qualifier" and _match_fwd(toks, k, words):
                ne.qualifier = e["qualifier"]
                ne.attrs["qualifier_start"] = toks[k].start
                ne.attrs["qualifier_end"] = toks[k + len(words) - 1].end
                return
