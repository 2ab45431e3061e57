"""People the knowledge base does not know, found by the title beside their name.

"الفريق علي الفريجي", "العقيد أحمد البروي", "المتحدث باسم التحالف تركي المالكي":
a title from the `titles` lexicon, the organisation it belongs to (a known
entity, a definite noun phrase, "باسم X", prepositional phrases such as "في
اللاذقية"), an optional comma, then one to three name words.  A title met
inside that phrase takes over ("قائد الجيش ... الفريق علي الفريجي": the person
is titled الفريق, the organisation is the army).  The name may also come
first: "وقال حشمت ستانكزاي المتحدث باسم الشرطة", "، زيد عمرو، رئيس ...".

Name words are not function words, reporting verbs, words of any lexicon, or
known entities; the first has no article, and after a surname with the
article the name ends (except for the second half of a compound name:
"صلاح الدين", "عبد الرحمن").  The organisation goes to `attrs["org"]` (an
actor id) when it is a known actor, or an adjective naming one ("القيادي
الحوثي" -> the actor whose alias is "الحوثيون").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, Iterable

from rasd.doc import Doc, Entity, Token
from rasd.text.normalize import fold

MAX_NAME_WORDS = 3
MAX_COMPLEMENT = 14
# Second halves of compound given names; a definite word may follow them.
_COMPOUND_PARTS = frozenset(fold(w) for w in (
    "الدين", "الله", "الرحمن", "الرحيم", "الكريم", "الستار", "العزيز", "الحميد", "المجيد",
    "الحكيم", "اللطيف", "القادر", "الرزاق", "الغني", "الناصر", "الجبار", "الوهاب", "الحق",
    "السلام", "المنعم", "العظيم", "الباسط", "الواحد", "الحليم", "الامير", "الهادي", "الاله",
))
# First halves that take a definite second word: "عبد الله", "أبو مهدي".
_NAME_HEADS = frozenset(fold(w) for w in ("عبد", "أبو", "ابو", "أبي", "بن", "ابن", "أم", "ذو"))
_PREPS = frozenset({"في", "الي", "لدي", "من", "عن"})
_PUNCT_BOUNDARY = frozenset({"،", ",", ":", "(", ")", "-", "–", "؛"})


@dataclass
class PeopleLex:
    """Word sets used to tell a name word from anything else (cached per kb)."""

    stop: frozenset[str]  # function words
    maqsura: frozenset[str]  # function words spelled with final ى (على -> علي is also Ali)
    non_name: frozenset[str]  # every single-word form of every lexicon
    reporting: frozenset[str]  # reporting verbs and participles
    title_entries: dict[str, dict[str, Any]] = field(default_factory=dict)


def people_lexicon(kb) -> PeopleLex:
    """The word sets of `kb`, compiled once and cached on it."""
    return kb.derived("people", _build)


def _build(kb) -> PeopleLex:
    stop, maqsura, non_name, reporting = set(), set(), set(), set()
    for e in kb.lexicon("function_words"):
        for f in e["forms"]:
            stop.add(fold(f))
            if f.endswith("ى"):
                maqsura.add(fold(f))
    for name, entries in kb.lexicons.items():
        for e in entries:
            for f in e.get("forms", ()):
                k = fold(f)
                if " " not in k:
                    non_name.add(k)
                if name == "reporting" and e.get("kind") in ("verb", "participle"):
                    reporting.add(k.split()[0])
    return PeopleLex(frozenset(stop), frozenset(maqsura), frozenset(non_name | stop), frozenset(reporting))


def is_stop(doc: Doc, t: Token, lex: PeopleLex) -> bool:
    """Is `t` a function word?  "علي" spelled with ي is the name Ali, not على."""
    if t.norm in lex.maqsura and doc.text[t.end - 1 : t.end] == "ي":
        return False
    return t.norm in lex.stop


def proclitics(t: Token) -> str:
    """The conjunction/preposition part of a token's prefix (without the article)."""
    p = t.prefix
    if p.endswith("لل"):
        return p[:-1]
    return p[:-2] if p.endswith("ال") else p


def is_definite(t: Token) -> bool:
    return t.norm.startswith(("ال", "لل")) or t.prefix.endswith(("ال", "لل"))


def name_word_ok(doc: Doc, t: Token, lex: PeopleLex, first: bool) -> bool:
    """Could `t` be a word of a person's name?"""
    if t.kind != "word" or len(t.norm) < 2:
        return False
    if t.norm in lex.maqsura and doc.text[t.end - 1 : t.end] == "ي":
        return True
    pc = proclitics(t)
    if t.norm in lex.non_name or (pc and pc != "ف" and t.stem in lex.non_name):
        return False
    # the segmenter splits a known word off a name's first letter ("فراس" -> ف + راس);
    # only و and ل are trusted as clitics here, ب/ك when what is left is a known word
    if "و" in pc or "ل" in pc:
        return False
    if t.norm.endswith("وا") and len(t.norm) > 4:
        return False  # a plural verb ("وحاولوا"), not a name
    if t.norm.endswith(("ته", "تها", "هم", "هما")) and len(t.norm) > 4:
        return False  # a noun with a pronoun suffix ("ولايته")
    if first and is_definite(t):
        return False
    return True


def token_entities(doc: Doc, ents: Iterable[Entity]) -> dict[int, Entity]:
    """Token index -> the entity that covers it (first one wins)."""
    toks = doc.tokens
    starts = doc.token_starts()
    out: dict[int, Entity] = {}
    if not toks:
        return out
    for e in ents:
        # the last token starting at or before the entity, unless it ends before it;
        # every later token starting before the entity's end is covered
        k = bisect_right(starts, e.start) - 1
        if k < 0:
            k = 0
        elif toks[k].end <= e.start:
            k += 1
        for i in range(k, bisect_left(starts, e.end, k)):
            if i not in out:
                out[i] = e
    return out


def find_people(doc: Doc, known: Iterable[Entity]) -> list[Entity]:
    """Person entities introduced by a title, not overlapping `known` ones (in start order)."""
    kb = doc.kb
    if kb is None or not kb.lexicon("titles"):
        return []
    hits = kb.lexicon_matcher("titles").find(doc.ensure_norm().text)
    if not hits:
        return []
    lex = people_lexicon(kb)
    toks = doc.tokens
    ent_at = token_entities(doc, known)
    tok_at = doc.token_at_norm()
    titles: dict[int, tuple[int, dict[str, Any]]] = {}
    full = _title_keys(kb)
    for h in hits:
        i = tok_at.get(h.word_start)
        if i is None or i in ent_at:
            continue
        if h.key not in full and not h.prefix.endswith(("ال", "لل")):
            continue  # "أمام" (in front of) is not "الإمام" without its article
        j = i
        while j < len(toks) and toks[j].nend <= h.end:
            j += 1
        titles[i] = (j, kb.lexicon_entry("titles", h.payloads[0]))
    out: list[Entity] = []
    used: set[int] = set()
    for i in sorted(titles):
        if i in used:
            continue
        found = _after_title(doc, lex, titles, ent_at, i)
        if found is None:
            found = _before_title(doc, lex, titles, ent_at, i)
        if found is None:
            continue
        ent, span, words = found
        if any(k in used for k in span) or any(k in ent_at and ent_at[k].kind != "place" for k in words):
            continue  # (a place inside the name is part of it: the caller drops that reading)
        used.update(span)
        out.append(ent)
    return out


def _title_keys(kb) -> frozenset[str]:
    return kb.derived("title_keys", lambda kb: frozenset(
        " ".join(fold(f).split()) for e in kb.lexicon("titles") for f in e["forms"]))


def _after_title(doc, lex, titles, ent_at, i):
    toks = doc.tokens
    scan = _complement(doc, lex, titles, ent_at, i)
    if scan is None:
        return None
    k, ti, tj, entry, org = scan
    if k < len(toks) and toks[k].norm in ("،", ",") and k + 1 < len(toks):
        k += 1  # "رئيس الوزراء العراقي، حيدر العبادي،"
    words = _name_from(doc, lex, ent_at, titles, k, toks[i].sent)
    if not words:
        return None
    return _person(doc, words, ti, tj, entry, org, "title"), list(range(ti, words[-1] + 1)), words


def _before_title(doc, lex, titles, ent_at, i):
    """NAME TITLE or NAME، TITLE, after a reporting verb, a comma or a sentence start."""
    toks = doc.tokens
    k = i - 1
    if k >= 0 and toks[k].norm in ("،", ","):
        k -= 1
    words: list[int] = []
    sent = toks[i].sent
    holds_place = False
    while k >= 0 and len(words) < MAX_NAME_WORDS and toks[k].sent == sent:
        t = toks[k]
        e = ent_at.get(k)
        if e is not None and e.kind == "place" and k not in titles:
            # "صلاح الدين الشعلان رئيس": a place name inside a person's name
            a = k
            while a - 1 >= 0 and ent_at.get(a - 1) is e:
                a -= 1
            if len(words) + k - a + 1 > MAX_NAME_WORDS + 1:
                break
            words[:0] = range(a, k + 1)
            holds_place, k = True, a - 1
            continue
        if e is not None or k in titles or not name_word_ok(doc, t, lex, first=False) or is_stop(doc, t, lex):
            break
        words.insert(0, k)
        k -= 1
    if not words:
        return None
    before = toks[k] if k >= 0 and toks[k].sent == sent else None
    comma = toks[i - 1].norm in ("،", ",")
    said = before is not None and _core(before) in lex.reporting
    # without a comma only a reporting verb marks where the name starts
    # ("وقال حشمت ستانكزاي المتحدث"); with one, punctuation or the sentence start may.
    # A name holding a place name needs the verb.
    if not (said or (comma and not holds_place and (before is None or before.norm in _PUNCT_BOUNDARY))):
        return None
    words = _trim_name(doc, lex, words)
    if not words:
        return None
    scan = _complement(doc, lex, titles, ent_at, i)
    ti, tj, entry, org = i, titles[i][0], titles[i][1], None
    if scan is not None:
        _, _, _, _, org = scan
    return _person(doc, words, ti, tj, entry, org, "name+title"), list(range(words[0], tj)), words


def _core(t: Token) -> str:
    s = t.norm
    if s not in ("قال",) and len(s) > 3 and s[0] in "وف":
        return s[1:]
    return s


def _complement(doc, lex, titles, ent_at, i):
    """Walk the title's organisation phrase: (next index, title start, title end, entry, org)."""
    toks = doc.tokens
    sent = toks[i].sent
    ti = i
    tj, entry = titles[i]
    # an indefinite title is in construct with its organisation: "قائد وحدة", "محافظ أربيل"
    need = entry.get("complement") == "required" or not is_definite(toks[tj - 1])
    ended = not need
    moved = False
    org: str | None = None
    k = tj
    while k < len(toks) and toks[k].sent == sent and k - tj < MAX_COMPLEMENT:
        t = toks[k]
        if k in titles:
            nj, nentry = titles[k]
            if moved:
                ti = k  # "قائد الجيش ... الفريق": the person's own title
            tj, entry = nj, nentry
            need = nentry.get("complement") == "required" or not is_definite(toks[nj - 1])
            ended, moved = not need, False
            k = nj
            continue
        e = ent_at.get(k)
        if e is not None:
            if e.kind == "person":
                return None  # a known person: the entities stage has them
            if e.kind in ("actor", "outlet") and org is None:
                org = e.attrs.get("id") or e.entry_id
            while k < len(toks) and ent_at.get(k) is e:
                k += 1
            ended = moved = True
            continue
        if t.kind != "word":
            break
        if t.norm == "باسم":
            need, ended, moved = True, False, True
            k += 1
            continue
        if t.norm in ("باسمه", "باسمها", "باسمهم"):
            org = org or _last_actor_before(doc, ent_at, ti)
            ended = moved = True
            k += 1
            continue
        nxt_ok = k + 1 < len(toks) and ((k + 1) in ent_at or is_definite(toks[k + 1]))
        if is_stop(doc, t, lex) or _core(t) in lex.reporting:
            if t.norm in _PREPS and ended and nxt_ok:
                k += 1  # "في اللاذقية", "إلى الشرق الأوسط"
                moved = True
                continue
            break
        if ended and proclitics(t) in ("ب", "ل") and nxt_ok:
            k += 1  # "بمحافظة كركوك", "لقرية سديرة"
            moved = True
            continue
        if is_definite(t):
            if org is None:
                org = _adjective_actor(doc.kb, t)
            ended = moved = True
            k += 1
            continue
        if not ended and not proclitics(t):
            k += 1  # an indefinite noun of the construct: "مدير مكتب إعلام المفوضية"
            moved = True
            if t.norm.endswith("ه") and doc.text[t.end - 1 : t.end] == "ه" and len(t.norm) > 3:
                ended = True  # a pronoun suffix makes it definite: "مكتبه"
            continue
        break
    if not ended:
        return None
    return k, ti, tj, entry, org


def _name_from(doc, lex, ent_at, titles, k, sent) -> list[int]:
    toks = doc.tokens
    words: list[int] = []
    while k < len(toks) and len(words) < MAX_NAME_WORDS and toks[k].sent == sent:
        t = toks[k]
        if k in ent_at or k in titles or is_stop(doc, t, lex):
            break
        if not name_word_ok(doc, t, lex, first=not words):
            break
        if words and is_definite(toks[words[-1]]) and toks[words[-1]].norm not in _COMPOUND_PARTS:
            break  # "أحمد البروي المكنى": the name ended at the surname with the article
        words.append(k)
        k += 1
    return _trim_name(doc, lex, words)


def _trim_name(doc, lex, words: list[int]) -> list[int]:
    toks = doc.tokens
    if not words:
        return words
    if toks[words[-1]].norm in _NAME_HEADS and len(words) > 1:
        words = words[:-1]  # a dangling "عبد"/"أبو" belongs to the next phrase
    if is_definite(toks[words[0]]):
        return []
    if len(words) == 1 and (len(toks[words[0]].norm) < 3 or toks[words[0]].norm in _NAME_HEADS):
        return []
    return words


def _person(doc, words, ti, tj, entry, org, how) -> Entity:
    toks = doc.tokens
    start, end = toks[words[0]].start, toks[words[-1]].end
    tstart, tend = toks[ti].start, toks[tj - 1].end
    ent = Entity(start, end, "person", None, f"{how}:{entry['id']}", sent=toks[words[0]].sent)
    ent.attrs.update({
        "name": doc.text[start:end],
        "name_ar": doc.text[start:end],
        "title": doc.text[tstart:tend],
        "title_start": tstart,
        "title_end": tend,
        # the title touches the name: "الفريق علي الفريجي" is how the article names him
        "title_adjacent": how == "title" and words[0] == tj,
        "role": entry.get("role", ""),
        "type": "person",
        "org": org,
    })
    return ent


def _last_actor_before(doc: Doc, ent_at: dict[int, Entity], i: int) -> str | None:
    sent = doc.tokens[i].sent
    for k in range(i - 1, -1, -1):
        if doc.tokens[k].sent != sent:
            break
        e = ent_at.get(k)
        if e is not None and e.kind in ("actor", "outlet"):
            return e.attrs.get("id") or e.entry_id
    return None


def _adjective_actor(kb, t: Token) -> str | None:
    """An actor named by an adjective: "الحوثي" -> the actor with alias "الحوثيون"."""
    w = t.stem if t.stem and t.stem != t.norm else t.norm
    if w.startswith("ال"):
        w = w[2:]
    w = w[:-1] if w.endswith("ه") else w
    if len(w) < 3 or not w.endswith("ي"):
        return None
    auto = kb.names.automaton
    for key in ("ال" + w + "ون", "ال" + w + "ين", w + "ون", w + "ين", "ال" + w[:-1], w[:-1]):
        hit = auto.get(key, None)
        if hit:
            actors = [i for k, i in hit[1] if k == "actor"]
            if actors:
                return actors[0]
    return None
