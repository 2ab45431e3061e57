"""Who is speaking: the speaker phrase after a reporting cue, and its speaker.

Helpers of the `quotes` stage (which registers the stage; this module does
not), working on its per-document `Context`.  A verb's subject is the noun
phrase after it, up to "في بيان", "لـ"+outlet, "إن/أن", ":" or a comma (unless
a name follows it: apposition).  In that phrase the speaker is the person
entity, else the organisation, else the phrase itself; a surname alone
("عبد الرحمن") is the person named before.  A verb without a subject
("وأضاف:") keeps the sentence's subject, else the latest speaker or person.

A speaker is a dict: start, end, text, how, entity, name, name_ar (and
`inherited` when carried over); `INHERIT` stands for "whoever issued it".
"""
from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from rasd.doc import Entity, Token
from rasd.stages.people import is_definite, is_stop, name_word_ok, proclitics
from rasd.text.normalize import fold
from rasd.text.quotemarks import MARKS

if TYPE_CHECKING:
    from rasd.stages.quotes import Context, Cue

MAX_PHRASE, MAX_NAME_QUOTE = 12, 3
_GO_ON = frozenset({"في", "الي", "من", "لدي", "باسم"})
_PARTICLES = frozenset({"و", "كان", "وكان", "ثم", "لكن", "ولكن", "وقد", "قد", "كما", "بدوره", "بدورها"})
INHERIT = {"inherit": True}  # a subject that stands for someone said before ("البيان")


# --- the speaker phrase ---


def _phrase(cx: Context, k: int) -> tuple[int, int] | None:
    """The noun phrase starting at token k, up to the first stop: token range or None."""
    toks, n = cx.toks, len(cx.toks)
    if k >= n:
        return None
    first, end = cx.clause.span(k)
    if k == first or _starts_object(cx, k):  # (k > 0: it follows a cue)
        return None
    end = min(end, k + MAX_PHRASE)
    j, in_quote, ent_at = k, cx.in_quote, cx.ent_at
    while j < end:
        t, qi, e = toks[j], in_quote[j], ent_at.get(j)
        if qi >= 0:
            if not cx.quotes[qi].name:
                break
            j = min(n, cx.quotes[qi].b + 1)  # a quoted name inside the phrase: قناة "المسيرة"
        elif e is not None:
            if j > k and e.start > t.start and cx.doc.text[e.start - 1] == "ل" and (
                e.attrs.get("type") == "outlet" or _stops_phrase(cx, j)):
                break  # "وقال عبد الله لرووداو:": the outlet he spoke to
            while j < n and ent_at.get(j) is e:
                j += 1
        elif t.kind == "punct":
            if t.norm in ("،", ",") and j > k and _apposition(cx, j):
                j = _apposition(cx, j)
                continue
            if t.norm != "(" or j == k:
                break
            close = next((m for m in range(j + 1, min(n, j + 5)) if toks[m].norm == ")"), None)
            if close is None:
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


def _starts_object(cx: Context, k: int) -> bool:
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
    return bool(cx.is_kind(k, "complementizer", "object_lead", "stop", "verb", "participle")
                or t.norm in cx.plex.stop and not name_word_ok(cx.doc, t, cx.plex, first=True))


def _stops_phrase(cx: Context, j: int) -> bool:
    toks, t = cx.toks, cx.toks[j]
    if cx.is_kind(j, "complementizer", "stop", "citing", "according", "verb", "participle"):
        return True
    if t.norm in _GO_ON and j + 1 < len(toks) and (
        j + 1 in cx.ent_at or is_definite(toks[j + 1]) or t.norm == "باسم"):
        return False  # "مسؤول في الشرطة", "المتحدث باسم ...", "مبعوث ... إلى الشرق الأوسط"
    if (t.norm in ("ل", "لـ") or t.norm in cx.lex.kinds["time"] or cx.verb_with_suffix(t)
            or t.norm in cx.plex.stop and is_stop(cx.doc, t, cx.plex) or cx.is_kind(j, "object_lead")):
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
                and not cx.is_kind(m, "complementizer", "stop"):
            m += 1
        return m >= len(toks) or toks[m].kind == "punct" or bool(cx.is_kind(m, "complementizer", "stop"))
    return False


def _apposition(cx: Context, c: int) -> int:
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
    ok = toks[j].norm in ("،", ",", ":") or cx.in_quote[j] >= 0 or cx.is_kind(j, "complementizer", "stop")
    return j if ok else 0


def words_in(toks: list[Token], a: int, b: int, most: int) -> list[Token]:
    """The tokens in [a, b) that are not punctuation, up to `most` + 1 of them
    (a quote's words are counted only to tell a short one from speech)."""
    out: list[Token] = []
    for t in toks[a:b]:
        if t.kind != "punct":
            out.append(t)
            if len(out) > most:
                break
    return out


def mark_named_mentions(cx: Context) -> None:
    """Short quotes that name something (قناة "المسيرة", تنظيم "داعش") are not speech."""
    toks, k = cx.toks, cx.lex.kinds
    for q in cx.quotes:
        words = words_in(toks, q.a, q.b, 5)
        if not words or len(words) > 5:
            continue
        short = len(words) <= MAX_NAME_QUOTE
        before = toks[q.a - 2] if q.a >= 2 and cx.clause[q.a - 2] == cx.clause[q.a] else None
        head = before is not None and (before.stem or before.norm) in k["named"]
        first = words[0].stem or words[0].norm
        if (
            short and q.b + 1 < len(toks) and cx.is_kind(q.b + 1, "verb")  # "رووداو" قالت
            or short and before is not None and (
                before.norm in ("ل", "لـ") or cx.is_kind(q.a - 2, "name_lead")
                or before.norm == "و" and bool(cx.names) and cx.names[-1][1] >= q.a - 2)  # "الفتح" و"سائرون"
            or head or before is not None and _title_at(cx, q.a - 2)  # قائد "فيلق القدس"
            or len(words) <= 4 and (first in k["named"] or first in k.get("name_lead", ()))
            or short and 2 * sum(1 for m in range(q.a, q.b) if m in cx.ent_at) >= len(words)
        ):
            q.name = True
            s = q.a - 2 if head else q.a
            clean = MARKS.sub("", cx.doc.text[toks[s].start : toks[q.b - 1].end])
            cx.names.append((s, min(len(toks), q.b + 1), " ".join(clean.split())))


def _title_at(cx: Context, k: int) -> bool:
    return bool(cx.kb.lexicon_matcher("titles").automaton.get(cx.toks[k].norm, None))


# --- choosing the speaker ---


def resolve_cue(cx: Context, c: Cue) -> None:
    """Set the cue's speaker phrase, speaker and source chain."""
    toks, n = cx.toks, len(cx.toks)
    kind, after = c.entry["kind"], c.k + c.n
    if kind == "participle" or after >= n:
        return
    if kind == "according":
        j = after
        while j < n and j - after < 3 and (cx.is_kind(j, "lead") or cx.verb_with_suffix(toks[j])
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
            first = choose_speaker(cx, ph)
            if first not in (None, INHERIT):
                c.chain.append(chain_item(first))
            ph = y
    c.phrase, c.speaker = ph, choose_speaker(cx, ph)
    if c.speaker not in (None, INHERIT):
        c.chain.append(chain_item(c.speaker))


def _source_like(cx: Context, k: int) -> bool:
    t = cx.toks[k]
    return (k in cx.ent_at or (t.stem or t.norm) in cx.lex.kinds["source"] or t.norm in cx.lex.kinds["source"]
            or _title_at(cx, k) or cx.in_quote[k] >= 0 or name_word_ok(cx.doc, t, cx.plex, first=True))


def make_speaker(cx: Context, start: int, end: int, how: str, e: Entity | None = None, **kw) -> dict[str, Any]:
    """A speaker dict for the text [start, end), naming entity `e` if given."""
    sp = {"start": start, "end": end, "text": cx.doc.text[start:end], "how": how,
          "entity": None, "name": None, "name_ar": None}
    if e is not None:
        sp.update(entity=e.attrs.get("id") or e.entry_id, name=e.attrs.get("name"), name_ar=e.attrs.get("name_ar"))
    sp.update(kw)
    return sp


def _person_speaker(cx: Context, e: Entity, lo: int = 0) -> dict[str, Any]:
    """A person as the article names them: with the title right before the name."""
    ts = e.attrs.get("title_start")
    s = ts if e.attrs.get("title_adjacent") and ts is not None and ts >= lo else e.start
    return make_speaker(cx, s, e.end, "person", e)


def choose_speaker(cx: Context, ph: tuple[int, int]) -> dict[str, Any] | None:
    """The speaker in a phrase: person entity, else organisation, else the phrase."""
    toks, (a, b) = cx.toks, ph
    if (toks[a].stem or toks[a].norm) in cx.lex.kinds.get("statement", ()):
        if b - a == 1:
            return INHERIT  # "وأضاف البيان", "وحسب البيان": whoever issued it
        if proclitics(toks[a + 1]) == "ل" or toks[a + 1].norm.startswith("لل"):
            a += 1  # "بيان للتحالف": the issuer
    ents = [cx.ent_at[m] for m in range(a, b) if m in cx.ent_at]
    person = next((e for e in ents if e.kind == "person"), None)
    if person is not None:
        return _person_speaker(cx, person, toks[a].start)
    # the first organisation named in the phrase is its head: قناة "المسيرة" المتحدثة باسم الحوثيين
    head = next((e for e in ents if e.kind in ("actor", "outlet")), None)
    orgs = [] if head is None else [make_speaker(cx, head.start, head.end, "organisation", head)]
    orgs += [make_speaker(cx, e.start, e.end, "organisation", entity=e.attrs["stands_for"]) for e in ents
             if e.kind == "place" and e.attrs.get("stands_for") and e.start == toks[a].start]  # "قالت واشنطن"
    for s, t, clean in cx.names:
        if a <= s < b:
            inner = next((cx.ent_at[m] for m in range(s, t) if m in cx.ent_at), None)
            orgs.append(make_speaker(cx, toks[s].start, toks[t - 1].end, "named", inner,
                                 **({} if inner else _known_name(cx, clean))))
            break
    if orgs:
        return min(orgs, key=lambda o: o["start"])
    b = next((m for m in range(a + 1, min(b, a + 4)) if _title_at(cx, m)), b)  # "X Y رئيس المجلس"
    start = toks[a].start
    if proclitics(toks[a]) == "ل":
        start = cx.doc.norm.to_orig(toks[a].nstart + 1, toks[a].nend)[0]
    sp = make_speaker(cx, start, toks[b - 1].end, "phrase")
    _coref(cx, sp, a, b)
    return sp


def _known_name(cx: Context, clean: str) -> dict[str, Any]:
    """A quoted name the matcher could not see across the marks: قناة "المسيرة"."""
    hit = cx.kb.names.automaton.get(" ".join(fold(clean).split()), None)
    actor = next((cx.kb.actors.get(i) for k, i in hit[1] if k == "actor"), None) if hit else None
    if actor is None:
        return {"name_ar": clean}
    return {"entity": actor["id"], "name": actor["name"], "name_ar": actor["name_ar"]}


def _coref(cx: Context, sp: dict[str, Any], a: int, b: int) -> None:
    """A speaker named again by surname ("عبد الرحمن") or head noun ("المصدر", "المكتب")."""
    words = " ".join([cx.toks[m].norm for m in range(a, b)])
    if b - a <= 2:
        if cx.person_names is None:  # folded once per document
            cx.person_names = [(e, " ".join(fold(e.attrs.get("name_ar") or cx.doc.text[e.start : e.end]).split()))
                               for e in cx.doc.entities if e.kind == "person"]
        start = cx.toks[a].start
        for e, full in reversed(cx.person_names):
            if e.start < start and (full == words or full.endswith(" " + words)):
                sp.update(entity=e.attrs.get("id") or e.entry_id, name=e.attrs.get("name"),
                          name_ar=e.attrs.get("name_ar"), how="person-again")
                return
    if b - a != 1 or not words.startswith("ال") or len(words) <= 4:
        return
    head = words[2:]
    for c in reversed(cx.resolved):  # "وقال المصدر" after "أكد مصدر عسكري في ..."
        if c.phrase is not None and c.phrase[0] < a and c.speaker not in (None, INHERIT) \
                and (cx.toks[c.phrase[0]].stem or cx.toks[c.phrase[0]].norm) == head:
            sp.update({k: c.speaker[k] for k in ("entity", "name", "name_ar")}, how="again")
            return
    for s, _, clean in reversed(cx.names):
        if s < a and fold(clean).split()[0] in (head, words):
            sp.update(_known_name(cx, clean), how="named-again")
            return


def chain_item(sp: dict[str, Any]) -> dict[str, Any]:
    """A speaker as an item of a source chain."""
    return {"text": sp["text"], "start": sp["start"], "end": sp["end"],
            "id": sp["entity"], "name": sp["name"], "name_ar": sp["name_ar"]}


def inherit_speakers(cx: Context, cues: list[Cue]) -> None:
    """Give subject-less verbs and participles the speaker they continue."""
    persons: list[tuple[int, Entity]] | None = None  # person tokens outside quotes, made when first needed
    pkeys: list[int] = []
    last: tuple[int, dict[str, Any]] | None = None
    for i, c in enumerate(cues):
        if c.speaker not in (None, INHERIT):
            last = (c.k, c.speaker)
            continue
        if c.entry["kind"] not in ("verb", "participle") and c.speaker is not INHERIT:
            continue
        cl, sp = cx.clause[c.k], None
        for c2 in reversed(cues[:i]):  # the sentence's own speaker
            if cx.clause[c2.k] != cl:
                break
            if c2.speaker not in (None, INHERIT):
                sp = c2.speaker
                break
        if sp is None:
            sp = _clause_subject(cx, c.k)
        if sp is None or sp is INHERIT:  # the latest speaker, or a person named after them
            sp = None
            if persons is None:
                persons = [(m, e) for m, e in sorted(cx.ent_at.items()) if e.kind == "person" and cx.in_quote[m] < 0]
                pkeys = [m for m, _ in persons]
            p = bisect_left(pkeys, c.k) - 1
            if p >= 0 and (last is None or pkeys[p] > last[0]):
                sp = _person_speaker(cx, persons[p][1])
            elif last is not None:
                sp = last[1]
        c.speaker = dict(sp, inherited=True) if sp is not None else None
        if sp is not None:
            last = (c.k, c.speaker)


def _clause_subject(cx: Context, k: int) -> dict[str, Any] | None:
    """The subject named earlier in the cue's sentence ("وأمر حيدر العبادي ...، قائلا")."""
    toks, s0 = cx.toks, cx.clause.span(k)[0]
    e = cx.ent_at.get(k - 1)
    if e is not None and e.kind == "person" and cx.in_quote[k - 1] < 0 and k - 1 >= s0:
        return _person_speaker(cx, e)  # "... تركي المالكي قال"
    p = s0
    while p < k and (toks[p].norm in _PARTICLES or toks[p].kind == "punct"):
        p += 1
    if p < k and k - p <= 4 and all(toks[m].kind == "word" or cx.in_quote[m] >= 0 for m in range(p, k)) \
            and not any(is_stop(cx.doc, toks[m], cx.plex) for m in range(p, k)):
        return choose_speaker(cx, (p, k))  # a subject before its verb: "وكان العبادي صرح"
    e = cx.ent_at.get(s0 + 1)
    if e is not None and toks[s0].kind == "word" and s0 not in cx.ent_at and (
        e.kind in ("person", "actor") or e.attrs.get("kind") == "country"
    ):  # the entity right after the sentence's verb is its subject: "ورفضت روسيا ..."
        return _person_speaker(cx, e) if e.kind == "person" else make_speaker(cx, e.start, e.end, "organisation", e)
    ents = [cx.ent_at[m] for m in range(s0, k) if m in cx.ent_at and cx.in_quote[m] < 0]
    person = next((e for e in ents if e.kind == "person"), None)
    if person is not None:
        return _person_speaker(cx, person)
    if s0 + 1 < k and toks[s0].kind == "word" and s0 not in cx.ent_at:  # "وأمر حيدر العبادي قوات"
        m = s0 + 1
        while m < k and m - s0 <= 3 and m not in cx.ent_at and name_word_ok(cx.doc, toks[m], cx.plex, m == s0 + 1):
            m += 1
        if m - s0 >= 3 and (m == k or not name_word_ok(cx.doc, toks[m], cx.plex, False)):
            sp = make_speaker(cx, toks[s0 + 1].start, toks[m - 1].end, "phrase")
            _coref(cx, sp, s0 + 1, m)
            return sp
    actor = next((e for e in ents if e.kind in ("actor", "outlet")), None)
    if actor is not None:
        return make_speaker(cx, actor.start, actor.end, "organisation", actor)
    s, t, clean = next((x for x in cx.names if s0 <= x[0] < k), (None, None, None))
    return None if s is None else make_speaker(cx, toks[s].start, toks[t - 1].end, "named", **_known_name(cx, clean))
