"""Find trigger words and drop those that do not report an event.

A trigger is dropped (kept in `doc.triggers` with `attrs["status"]` saying
why) when it is negated ("لم يسفر عن"), modal or future ("هدد", "يعتزم"),
part of a general trend ("تزايدت وتيرة هجمات"), a purpose ("لمواجهة"), a
static state ("تحت سيطرة"), or in a line that is not article body (related
story links, app footers, pull quotes).
"""
from __future__ import annotations

from bisect import bisect_left

from rasd.doc import Trigger
from rasd.events.view import DocView
from rasd.text.normalize import fold
from rasd.text.quotemarks import MARKS

NEG_WINDOW = 3
MODAL_WINDOW = 4
# a rejection verb may stand a clause away from the deal it turns down
# ("رفضت الدولة التي تساند الجيش مشروع الهدنة")
REJECT_WINDOW = 10
# what a rejection undoes: a step that needs the actor's consent (a deal, a
# hand-over, a withdrawal), never violence ("رفض ... ثم هاجموا" is still an attack)
_REJECTABLE = ("Agreement", "Non-violent transfer of territory", "Change to group/activity",
               "Headquarters or base established")
# Words before a control trigger that make it a state, not an event.
_STATIC_BEFORE = frozenset(["تحت", "مناطق", "منطقه", "خطوط", "نطاق", "مساحات", "اماكن", "مواقع", "بين"])
# Explosion words after which a means noun is the means ("انفجار عبوة ناسفة").
_THROW = frozenset(["القي", "القوا", "القت", "رمي", "رموا", "زرع", "زرعوا", "زرعت", "وضع", "وضعوا"])
_SEIZE = frozenset(["ضبط", "ضبطت", "ضبطوا", "مصادره", "صادرت"])
_AIRCRAFT = frozenset(fold(w) for w in ["طائرات", "طائره", "طيران", "مقاتلات", "جوي", "جويه", "حربيه"])
_DEMONSTRATIVES = frozenset(["هذا", "هذه", "تلك", "ذلك", "هذين", "هاتين", "هذان"])
_GOODS = frozenset(["تهريب", "لتهريب", "وتهريب", "شحنه", "شحنات", "صفقه", "صفقات", "تصنيع", "مخزن", "مخازن"])
_INSTITUTIONS = frozenset(["مركز", "مراكز", "سجن", "سجون", "معسكر", "معسكرات", "مرفق", "مرافق"])
_RELEASE = frozenset(["سراح", "الافراج", "افراج", "بالافراج", "والافراج"])  # ("اطلاق" alone is also firing)
# "شكلت خسارة المدينة ضربة للجماعة": a blow as a figure of speech, not a strike from the air
_CONSTITUTE = frozenset(["شكل", "شكلت", "يشكل", "تشكل", "مثل", "مثلت", "يمثل", "تمثل", "يعد", "تعد", "يعتبر", "تعتبر"])
_FIGURATIVE_BLOW = frozenset(["قاضيه", "معنويه", "قاصمه"])
_BLOWS = frozenset(["ضربه", "ضربات", "الضربه", "الضربات"])
# "القوات المهاجمة": the participle describes a force ("the attacking forces"), no attack is told
_FORCES = frozenset(["القوات", "قوات", "القوه", "قوه", "العناصر", "عناصر", "الجماعات", "جماعات", "الجماعه",
                     "جماعه", "الفصايل", "فصايل", "المجموعات", "مجموعات", "المجموعه", "مجموعه"])
_AIM = frozenset(["تهدف", "يهدف", "تهدفان", "يهدفان"])  # "الضربات تهدف إلى": what they are for
_ONSETS = frozenset(["بدء", "بدايه", "انطلاق", "اندلاع", "وقوع"])  # "منذ بدء ...": since the start of
_EVENTISH = frozenset(["generic", "event", "means"])  # trigger classes that report a happening
_BLAST = frozenset(["انفجار", "تفجير", "انفجرت", "انفجر", "فجر", "فجرت", "تفجيرات", "بانفجار", "بتفجير"])


def find_triggers(view: DocView) -> list[Trigger]:
    """All trigger mentions, each with `attrs["status"]` "ok" or the reason it is not an event."""
    doc, lex = view.doc, view.lex
    toks = doc.tokens
    n = len(toks)
    tok_at_n = view.tok_at_n
    orig = doc.norm.starts  # normalised offset -> original offset
    fields, verbs = lex.trigger_fields, lex.verbs
    out: list[Trigger] = []
    for h in lex.triggers.find(doc.norm.text):
        i = tok_at_n.get(h.word_start)
        if i is None:
            continue
        if h.suffix == "ه" and doc.text[orig[h.end]] == "ة":
            continue  # a ta marbuta ("سيطرة"), not the pronoun "ه" ("سيطره")
        j = i
        while j + 1 < n and toks[j + 1].nstart < h.end:
            j += 1
        while j > i and toks[j].kind == "punct":
            j -= 1  # 'هجوم "انتحاري"': the closing mark is not the trigger's last word
        entry_id = h.payloads[0]
        etype, sub, plover, voice, cls, death, mode, modifier, requires = fields[entry_id]
        key, prefix = h.key, h.prefix
        trig = Trigger(
            orig[h.start], orig[h.end - 1] + 1, entry_id, etype, sub, plover, voice, toks[i].sent, i,
            {
                "cls": cls, "last": j, "key": key, "prefix": prefix, "suffix": h.suffix, "death": death,
                "mode": mode, "modifier": modifier, "verb": key in verbs and prefix in ("", "و", "ف"),
            },
        )
        if entry_id == "shelling" and (view.word(j + 1) in _AIRCRAFT or view.word(j + 2) in _AIRCRAFT):
            # "قصف لطائرات التحالف", "قصف الطيران": bombing from the air
            trig.sub_event_type = "Air/drone strike"
            trig.attrs["mode"] = "aerial"
        status = trig.attrs["status"] = _status(view, trig, i)
        if status == "ok" and requires and not _preceded_by(view, i, entry_id):
            trig.attrs["status"] = "unintroduced"
        out.append(trig)
    _absorb_damage(out)
    _since_phrases(view, out)
    return out


def _word_before(view: DocView, i: int) -> str:
    """The word before token i, past quotation marks (لتهريب "الصواريخ)."""
    toks = view.doc.tokens
    k = i - 1
    while k >= 0 and toks[k].kind == "punct" and MARKS.fullmatch(toks[k].norm):
        k -= 1
    return view.word(k)


def _after_since(view: DocView, trig: Trigger, i: int) -> bool:
    """An event noun right after منذ, or after منذ بدء/انطلاق/وقوع: a point in time."""
    return not trig.attrs["verb"] and (
        view.word(i - 1) == "منذ" or view.word(i - 2) == "منذ" and view.word(i - 1) in _ONSETS
    )


def _since_phrases(view: DocView, triggers: list[Trigger]) -> None:
    """What follows "منذ الاعتداء" up to the next comma or stop describes that past event
    ("منذ الاعتداء الانتحاري الذي أوقع 31 قتيلا ببغداد"): none of it is a report."""
    for t in triggers:
        if t.attrs["verb"] or not _after_since(view, t, t.ntok):
            continue
        end = t.attrs["last"] + 1
        while end < len(view.doc.tokens) and not view.is_punct(end, "،,;؛:.!?؟"):
            end += 1
        for u in triggers:
            if u.attrs["status"] == "ok" and t.ntok < u.ntok < end:
                u.attrs["status"] = "since"


def _preceded_by(view: DocView, i: int, entry_id: str) -> bool:
    """Whether one of the entry's `requires_before` words stands within four words before token i."""
    words = view.lex.required[entry_id]
    lo = view.clause_of(i)[0]
    return any(view.word(k) in words or view.tok(k).norm in words for k in range(max(lo, i - 4), i))


def _absorb_damage(triggers: list[Trigger]) -> None:
    """Destruction or seized weapons told with an attack or a raid in the same sentence
    are part of that attack or raid, not events of their own."""
    for t in triggers:
        if t.entry_id == "looting" or t.entry_id == "disrupted-weapons":
            break
    else:
        return  # nothing that could be absorbed
    violent = {
        t.sent for t in triggers
        if t.attrs["status"] == "ok" and t.attrs["cls"] in ("event", "means", "generic")
        and t.event_type in ("", "Battles", "Explosions/Remote violence", "Violence against civilians")
    }
    raids = violent | {t.sent for t in triggers if t.attrs["status"] == "ok" and t.entry_id == "arrest"}
    for t in triggers:
        if t.attrs["status"] != "ok":
            continue
        if t.entry_id == "looting" and t.sent in violent:
            t.attrs["status"] = "absorbed"
        elif t.entry_id == "disrupted-weapons" and t.attrs["key"] in _SEIZE and t.sent in raids:
            t.attrs["status"] = "absorbed"


def _status(view: DocView, trig: Trigger, i: int) -> str:
    si = trig.sent
    if si in view.skip_sent:
        return "not-body"
    attrs = trig.attrs
    cls, entry_id = attrs["cls"], trig.entry_id
    e = view.ent_at[i]
    if (
        e is not None and e.start <= trig.start and trig.end <= e.end and (e.end - e.start) > (trig.end - trig.start)
        and e.kind in ("actor", "person", "place")
        and not (entry_id == "aircraft" and e.start >= trig.start)  # "طائرات التحالف": whose planes
    ):
        return "in-name"  # "هيئة تحرير الشام", "قوات الرد السريع": a word of a name
    if cls == "attribution":
        # "لطائرات التحالف" says who struck; the strike itself is told by other words
        return "attribution" if _owned_by_side(view, trig) else "not-owned"
    first, stop = view.sent_toks[si] if si < len(view.sent_toks) else (0, 0)
    if cls == "generic" and view.has_cue("generic", first, stop):
        return "generic"
    eventish = cls in _EVENTISH
    cue_at, keys = view.cue_at, view.cue_keys
    n = bisect_left(keys, max(first, i - MODAL_WINDOW - 1))
    for k in keys[n : bisect_left(keys, i, n)]:  # the cues just before the trigger (any_cues_in)
        cue, last = cue_at[k]
        if cue == "negation" and i - last <= NEG_WINDOW:
            return "negated"
        if cue == "modality":
            return "modal"
        if cue == "generic" and eventish:
            return "generic"
        if cue == "purpose" and i - last <= 1:
            return "purpose"
    toks = view.doc.tokens
    if toks[i].prefix.startswith("س"):
        return "future"
    lo_clause = view.clause_of(i)[0]
    if cls != "outcome" and (
        view.has_cue("background", max(lo_clause, i - 3), i) or view.cue_ending(i - 1) == "back_reference"
    ):
        return "background"  # "التي شهدت مؤخرا احتجاجات", "التي تم قصفها", "حصيلة القتلى"
    if eventish and view.has_cue("generic", lo_clause, i):
        return "generic"  # "ما زالوا يشنون هجمات ... أو يقومون بتفجيرات"
    key = attrs["key"]
    if entry_id == "other-strategic" and key in ("فرار", "هروب", "الفرار", "الهروب") and not (
        view.has_cue("prisoners", i + 1, i + 5)
    ):
        return "not-prison-break"  # "تمكن من الفرار": escaping is an event when prisoners break out
    before = view.word(i - 1)
    if before in _DEMONSTRATIVES and cls != "outcome":
        return "anaphor"  # "هذا الهجوم": the event already told, not a new one
    verb = attrs["verb"]
    if not verb and (before if i == 0 or toks[i - 1].kind != "punct" else _word_before(view, i)) in _GOODS:
        return "goods"  # "تهريب الصواريخ", "شحنة أسلحة": weapons as things, not an attack
    if trig.sub_event_type in _REJECTABLE and view.has_cue("rejection", max(first, i - REJECT_WINDOW), i):
        return "rejected"  # "رفضت الحكومة مشروع الهدنة", "رفضوا تسليم أسلحتهم": turned down, not done
    if entry_id == "arrest" and not verb:
        if before in _INSTITUTIONS:
            return "institution"  # "مراكز احتجاز": a kind of place, not an arrest
        if any(view.word(k) in _RELEASE for k in range(max(first, i - 4), i)):
            return "release"  # "إطلاق سراح أسرى ومعتقلين", "الإفراج عن المعتقلين"
    if _after_since(view, trig, i):
        return "since"  # "منذ الاعتداء الذي ...", "منذ بدء العملية": a point in time, not a report (_after_since)
    if eventish and view.cue(i - 1) == "superlative":
        return "anaphor"  # "أول هجوم من نوعه", "أعنف هجوم": commentary on an event told
    if entry_id in ("overtake", "regain"):
        if before in _STATIC_BEFORE or view.cue_ending(i - 1) == "past_state":
            return "static"
        if verb and key.startswith(("ي", "ت")):
            return "static"  # "يسيطر" describes who holds ground, not a change
    if (
        attrs["prefix"] in ("ل", "ول", "فل")
        and not attrs["death"]
        and not verb
        and cls != "means"
        # "تعرضت أماكن في منطقتي الكوم ... بريف اللاذقية، لقصف": the place list may be long
        and not view.has_cue("subjected", max(first, lo_clause, i - 16), i)
    ):
        return "purpose"  # "لاستعادة", "لشن هجوم": an aim, not a happening ("تعرضت لقصف" is one)
    if entry_id == "withdrawal" and verb and (
        view.word(i + 1) in _DEMONSTRATIVES or view.word(i + 1) == "علي" or view.word(i + 2) == "علي"
    ):
        return "figurative"  # "انسحب هذا المشهد على ...": it spread to, nobody withdrew
    if verb and not attrs["prefix"] and view.cue(i - 1) == "pronoun_subject" and _imperfect(view, key):
        return "generic"  # "قالت إنها تقصف مواقع المسلحين وحدهم": a present-tense claim of what one does
    if not verb and view.word(attrs["last"] + 1) in _AIM:
        return "purpose"  # "الضربات تهدف إلى ...": what strikes told elsewhere are for
    if key == "مهاجمه" and attrs["prefix"] in ("", "ال") and before in _FORCES:
        return "descriptive"  # "وصلت القوات المهاجمة إلى الأطراف": which forces, not an attack
    if key in _BLOWS and (before in _CONSTITUTE or i + 1 < len(toks) and toks[i + 1].norm in _FIGURATIVE_BLOW):
        return "figurative"  # "كان مقتله ضربة قاضية للجماعة": a setback, no air strike
    if cls == "means" and not _used_as_means(view, trig, i):
        return "not-means"
    return "ok"


def _imperfect(view: DocView, key: str) -> bool:
    """A present-tense verb: يستهدف, or تستهدف whose يـ form is listed too (not the past تظاهر)."""
    return key[0] == "ي" or key[0] == "ت" and "ي" + key[1:] in view.lex.verbs


def _used_as_means(view: DocView, trig: Trigger, i: int) -> bool:
    """A weapon noun reports an attack only when it is the means of one."""
    key = trig.attrs["key"]
    if "ب" in trig.attrs["prefix"] or key.startswith("ب"):
        return True  # بعبوة ناسفة، بسيارة مفخخة، برصاص
    if key.startswith(("اطلق", "هجوم", "تفجير", "عمليه", "فجر", "يقود", "الهجوم", "التفجير")):
        return True
    if view.word(i - 1) in _BLAST or view.word(i - 2) in _BLAST:
        return True
    if view.word(i - 1) in _THROW or view.word(i - 2) in _THROW:
        return True  # "ألقى مجهول قنبلة يدوية": thrown or planted, it was used
    # "انتحاري" / "عبوة" as the subject of an explosion or of a death.
    last = trig.attrs["last"]
    for k in range(last + 1, min(last + 4, len(view.doc.tokens))):
        w = view.word(k)
        if w in _BLAST or w.startswith(("اسفر", "اودي", "ادي", "ادت", "اوقع", "قتل", "مقتل", "استهدف", "اقتحم", "هاجم")):
            return True
    return False


def _owned_by_side(view: DocView, trig: Trigger) -> bool:
    """"لطائرات التحالف", "مقاتلات النظام": aircraft of a named armed side did it."""
    if "ل" not in trig.attrs["prefix"] or trig.attrs["key"].startswith("ال"):
        return False  # only the possessive "of" marks who flew them; "الطائرات" alone is any plane
    nxt = trig.attrs["last"] + 1
    e = view.ent_at[nxt] if nxt < len(view.ent_at) else None
    if e is None or e.kind != "actor":
        return False
    return e.attrs.get("type") not in (None, "outlet", "civilians", "protesters", "person")
