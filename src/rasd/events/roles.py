"""Who did it and to whom: actor1 (agent) and actor2 (target) of a frame.

Rules, tried in order, each named in the evidence:
- `between`: "اشتباكات بين X و Y" gives both sides;
- `agent-marker`: "نصبه / شنه / نفذه / على يد / من قبل X";
- `of-actor`: a noun trigger followed by "ل X" ("غارة لطائرات التحالف");
- `demonym`: "غارة جوية أمريكية" (the country's military);
- `verb-subject`: an actor right after an active verb (verb-first prose);
- `subject-before`: an actor before the verb in the same clause;
- victims: the actor or victim noun after a death or attack word ("مقتل X",
  "استهدف X", "قتل 27 شخصا من مقاتلي X"); civilians for victim nouns.
"""
from __future__ import annotations

from typing import Any

from rasd.doc import Entity
from rasd.events.frames import Frame
from rasd.events.view import DocView
from rasd.text.normalize import fold
from rasd.stages.entities import actor_view

_CLAUSE_STOP = frozenset(["،", ",", ":", ";", "؛", ".", "\"", "«", "»", "“", "”"])
_QUOTES = frozenset(["\"", "«", "»", "“", "”", "'"])
# Nouns between a trigger and its possessor: "غارة لطائرات التحالف", "هجوم لمسلحي داعش".
_CARRIERS = frozenset(fold(w) for w in [
    "طائرات", "طائره", "طيران", "مقاتلات", "قوات", "مسلحي", "عناصر", "مقاتلي", "ميليشيات", "مليشيات",
    "ميليشيا", "مليشيا", "وحدات", "فصائل", "جماعه", "تنظيم", "عصابات", "مدفعيه", "بوارج", "سلاح",
])
_ARMED_TYPES = frozenset(
    ["state_force", "rebel_group", "political_militia", "identity_militia", "external_force", "unidentified"]
)


def actor_of(view: DocView, e: Entity, *, governments: bool = False) -> dict[str, Any] | None:
    """The actor an entity stands for, as output: {id, name, name_ar, text, type, ...} (a new dict)."""
    # the rules ask about the same few entities again and again
    cache = view.__dict__.get("_actor_of")
    if cache is None:
        cache = view.__dict__["_actor_of"] = {}
    key = (id(e), governments)
    if key not in cache:
        cache[key] = (e, _actor_of(view, e, governments))  # e kept so its id is not reused
    found = cache[key][1]
    return dict(found) if found is not None else None


def _actor_of(view: DocView, e: Entity, governments: bool) -> dict[str, Any] | None:
    text = view.doc.text[e.start : e.end]
    a = e.attrs
    if e.kind in ("actor", "person"):
        org = a.get("org_view")
        view_ = {
            "id": a.get("id", e.entry_id),
            "name": a.get("name") or text,
            "name_ar": a.get("name_ar") or text,
            "type": a.get("type", "person" if e.kind == "person" else None),
            "inter": a.get("inter"),
            "country": a.get("country"),
            "text": text,
        }
        if e.kind == "person":
            view_["person"] = True
            if org:
                view_["org"] = org
        return view_
    if e.kind == "place" and governments and a.get("stands_for"):
        gov = view.doc.kb.actors.get(a["stands_for"])
        if gov:
            return {
                "id": gov["id"], "name": gov["name"], "name_ar": gov["name_ar"], "type": gov["type"],
                "inter": gov.get("inter"), "country": gov.get("country"), "text": text,
            }
    return None


def generic_actor(view: DocView, actor_id: str, country: str | None, text: str = "") -> dict[str, Any] | None:
    """A generic knowledge-base actor resolved for a country (civilians, a military...)."""
    kb = view.doc.kb
    entry = kb.actors.get(actor_id)
    if entry is None:
        return None
    out = actor_view(kb, entry, country)
    out["text"] = text
    return out


def find_roles(view: DocView, frame: Frame, *, governments: bool = False) -> dict[str, Any]:
    """{"actor1", "actor2", "assoc1", "assoc2", "rule1", "rule2", "ev1", "ev2", "victims"}."""
    lo, hi = frame.lo, frame.hi
    main = frame.main or frame.triggers[0]
    i, j = main.ntok, main.attrs["last"]
    ents = view.entities_in(lo, hi)
    res: dict[str, Any] = {"actor1": None, "actor2": None, "assoc1": [], "assoc2": [], "rule1": "", "rule2": ""}

    # between X and Y
    for k in view.words_at("بين"):
        if k < lo or k >= hi or abs(k - j) > 8:
            continue
        # not "من بين" (among) nor "بينهم نساء وأطفال" (among them); the second side is coordinated
        # ("بين الجيش وتنظيم الدولة"), not a source named later in the clause
        if view.word(k - 1) != "من" and not view.tok(k).suffix:
            sides = [(a, e, p) for a, e in ents if k < a <= k + 16 for p in (actor_of(view, e, governments=governments),) if p]
            second = next((x for x in sides[1:] if view.tok(x[0]).prefix.startswith("و")), None)
            if second is not None:
                res.update(actor1=sides[0][2], actor2=second[2], rule1="between", rule2="between", e1=sides[0][1], e2=second[1])
                return res
    # explicit agent markers anywhere in the sentence
    for k in view.cues_in("agent", lo, hi):
        end = view.cue_at[k][1]
        for a, e in ents:
            if end < a <= end + 4:
                actor = actor_of(view, e, governments=governments)
                if actor:
                    res.update(actor1=actor, rule1="agent-marker", e1=e)
                    break
        if res["actor1"]:
            break
    if not res["actor1"]:
        agent, rule, e1 = _agent_near(view, main, ents, lo, hi, governments)
        if not agent:  # then the frame's other words, in order
            for trig in frame.triggers:
                if trig is not main and trig.attrs["cls"] != "outcome":
                    agent, rule, e1 = _agent_near(view, trig, ents, lo, hi, governments)
                    if agent:
                        break
        if agent:
            res.update(actor1=agent, rule1=rule, e1=e1)
    clash = frame.has("clash")
    paired = clash or frame.family == "strategic:Agreement"
    first = _coordinated_first(view, res.get("e1"), governments) if paired else None
    if first is not None:
        # "بغداد وأنقرة ... اتفقتا": the agent found last is the second of a pair
        res.update(actor2=res["actor1"], rule2="coordinated", e2=res["e1"], actor1=first[0], e1=first[1], victims=None)
        return res
    partner = _coordinated_partner(view, res.get("e1"), governments) if paired else None
    if partner is not None:
        res.update(actor2=partner[0], rule2="coordinated", e2=partner[1], victims=None)
        return res
    target, rule, e2, victims = _target_near(view, frame, ents, lo, hi, res.get("e1"), governments)
    if target:
        res.update(actor2=target, rule2=rule, e2=e2)
    res["victims"] = victims
    if clash or frame.has("ambush"):
        _clash_partner(view, frame, res, hi, governments)
    return res


def _clash_partner(view: DocView, frame: Frame, res: dict[str, Any], hi: int, governments: bool) -> None:
    """"مقتل 50 من الحوثيين في مواجهات مع قوات المقاومة": the side after "مع" fought the victims."""
    for t in frame.triggers:
        if t.entry_id not in ("clash", "ambush"):
            continue
        j = t.attrs["last"]
        if view.word(j + 1) != "مع":
            continue
        for k in range(j + 2, min(hi, j + 5)):
            e = view.ent_at[k]
            if e is None:
                continue
            other = actor_of(view, e, governments=governments)
            if not other or other.get("id") in {(res.get("actor1") or {}).get("id"), (res.get("actor2") or {}).get("id")}:
                return
            if res.get("actor1") is None and res.get("actor2") is not None:
                res.update(actor1=other, rule1="clash-partner", e1=e)
            elif res.get("actor2") is None:
                res.update(actor2=other, rule2="clash-partner", e2=e)
            return


def _coordinated_first(view: DocView, e1: Entity | None, governments: bool):
    """The actor before "و" + e1 ("بغداد وأنقرة"), when e1 is the second of a pair."""
    if e1 is None:
        return None
    a, _ = view.entity_span(e1)
    if a == 0 or not view.doc.text[view.tok(a).start : e1.start].startswith("و"):
        return None
    e = view.ent_at[a - 1]
    if e is not None and e is not e1:
        actor = actor_of(view, e, governments=governments)
        if actor:
            return actor, e
    return None


def _coordinated_partner(view: DocView, e1: Entity | None, governments: bool):
    """"اتفقت بغداد وواشنطن": the actor joined to the agent by "و"."""
    if e1 is None:
        return None
    a, b = view.entity_span(e1)
    if b >= len(view.doc.tokens):
        return None
    e = view.ent_at[b]
    if e is not None and e is not e1 and view.tok(b).prefix.startswith("و"):
        actor = actor_of(view, e, governments=governments)
        if actor:
            return actor, e
    return None


def _is_stop(view: DocView, k: int, *, forward: bool = False) -> bool:
    """A clause boundary; quote marks only end a clause when searching backwards."""
    t = view.tok(k)
    if t.kind != "punct":
        return False
    return t.norm in _CLAUSE_STOP and not (forward and t.norm in _QUOTES)


_RELATIVES = frozenset(["الذي", "التي", "الذين", "اللذين", "اللتين"])
_GENITIVE_AGENT = frozenset(["air-strike", "shelling", "gunfire", "attack", "ambush", "explosion", "clash"])
_OBJECT_MASDARS = frozenset(["استهداف", "اقتحام", "مهاجمه", "اعتقال", "اختطاف", "خطف", "اغتيال"])


def _agent_near(view, main, ents, lo, hi, governments):
    attrs = main.attrs
    i, j = main.ntok, attrs["last"]
    verb = attrs.get("verb")
    toks, ent_at = view.doc.tokens, view.ent_at
    if verb and _describes_noun(view, main, lo):
        return None, "", None  # "هجوما انتحاريا استهدف مقر X": the noun is the subject
    if not verb:
        found = _light_verb_agent(view, i, lo, governments)
        if found:
            return found
        # genitive owner: "برصاص الجيش", "هجوم تنظيم الدولة على", "غارات التحالف"
        if main.entry_id in _GENITIVE_AGENT and view.word(j) not in _OBJECT_MASDARS and j + 1 < hi:
            e = ent_at[j + 1]
            if e is not None and toks[j + 1].prefix == "" and toks[j + 1].start == e.start:
                a = actor_of(view, e, governments=governments)
                if a and _agentive_type(a) and a.get("type") not in ("person",):
                    return a, "genitive", e
        # "فرار مئات السجناء": the doers of an intransitive happening follow its noun
        if main.entry_id == "other-strategic":
            for k in range(j + 1, min(j + 4, hi)):
                e = ent_at[k]
                if e is not None:
                    a = actor_of(view, e, governments=governments)
                    if a:
                        return a, "genitive-subject", e
                    break
    ent_start = None  # first token in the clause -> entity, made when a rule below needs it
    # of-actor / demonym after a noun trigger
    if main.voice in ("noun", "ambiguous"):
        # "غارة لطائرات التحالف": the trigger's own words may already hold the "ل"
        possessive = toks[j].prefix.endswith(("ل", "لل")) and j > i
        e = ent_at[j]
        if possessive and e is not None and e.end > main.end:
            # the owner's name begins inside the trigger's last word ("غارة لـ[طائرات التحالف]")
            a = actor_of(view, e, governments=governments)
            if a and _agentive_type(a):
                return a, "of-actor", e
        dem_at = view.dem_at
        ent_start = _starts_of(view, ents)
        for k in range(j + 1, min(j + 5, hi)):
            t = toks[k]
            if t.kind == "punct" and t.norm in _CLAUSE_STOP and t.norm not in _QUOTES:
                break
            if k in dem_at and (k == j + 1 or view.word(k - 1) in ("جويه", "جوي", "صاروخيه")):
                mil = generic_actor(view, "military-forces", dem_at[k], view.text(k, k + 1))
                if mil:
                    return mil, "demonym", None
            if t.prefix.endswith(("ل", "لل")) or t.prefix in ("لل", "ل", "ولل", "وال"):
                possessive = True
            e = ent_start.get(k)
            if e is not None:
                a = actor_of(view, e, governments=governments)
                if a and (possessive or e.start > t.start and "ل" in t.prefix):
                    return a, "of-actor", e
                break
            if not possessive and view.word(k) not in _CARRIERS:
                break
    if verb:
        # "تنظيم الدولة يقتل عشرات": an actor right before a verb is its subject
        if i - 1 >= lo:
            e = ent_at[i - 1]
            if e is not None:
                a = actor_of(view, e, governments=governments)
                if a and _agentive_type(a):
                    return a, "subject-adjacent", e
    elif attrs.get("suffix") in ("ه", "ها", "هم", "هما"):
        # "انسحابه": a noun with a pronoun suffix belongs to the actor named before it
        found = _agent_back(view, i - 1, max(lo, i - 8), governments)
        if found:
            return found[0], "possessive-suffix", found[1]
        return None, "", None  # the rules below are for verbs
    if not verb:
        return None, "", None  # the rules below are for verbs
    # "إلى أنها اعتقلت X": the subject was named before the pronoun; X is the object
    if view.cue(i - 1) == "pronoun_subject":
        s_lo = view.sent_toks[toks[i].sent][0]
        for k in range(i - 2, max(s_lo, i - 12) - 1, -1):
            e = ent_at[k]
            if e is not None:
                a = actor_of(view, e, governments=governments)
                if a and _agentive_type(a):
                    return a, "pronoun-antecedent", e
        return None, "", None
    # verb-subject: actor right after a verb (not in "الذي يستهدف X")
    if main.voice in ("active", "ambiguous") and view.word(i - 1) not in _RELATIVES:
        num_at = view.num_at
        if ent_start is None:
            ent_start = _starts_of(view, ents)
        for k in range(j + 1, min(j + 4, hi)):
            t = toks[k]
            if t.kind == "punct" and t.norm in _CLAUSE_STOP and t.norm not in _QUOTES or k in num_at:
                break
            e = ent_start.get(k)
            if e is not None:
                if "ل" in t.prefix or "ب" in t.prefix:
                    break  # "قصفت مواقع للميليشيات": a subject carries no preposition
                a = actor_of(view, e, governments=governments)
                if a and _looks_agentive(view, e, k, main):
                    return a, "verb-subject", e
                break
            if view.cue(k) in ("victims", "fighters"):
                break
    # subject-before: nearest agentive actor before a verb in the same clause;
    # "مقاتلي الحشد الشعبي قتلوا" with nothing after the verb reads as passive
    if not (attrs.get("death") and not _object_follows(view, j, hi)):
        found = _agent_back(view, i - 1, max(lo, i - 12), governments, no_preposition=True)
        if found:
            return found[0], "subject-before", found[1]
    return None, "", None


def _starts_of(view: DocView, ents: list) -> dict[int, Entity]:
    """First token -> entity for a list from `entities_in` (made once per list: frames share clauses)."""
    cache = view.__dict__.get("_ent_starts")
    if cache is None:
        cache = view.__dict__["_ent_starts"] = {}
    got = cache.get(id(ents))
    if got is None:
        got = cache[id(ents)] = (ents, {a: e for a, e in ents})  # the list kept so its id is not reused
    return got[1]


def _agent_back(view: DocView, k: int, stop: int, governments: bool, *, no_preposition: bool = False):
    """(actor, entity): the nearest agentive actor from token k back to `stop`, within the clause."""
    toks, ent_at = view.doc.tokens, view.ent_at
    for m in range(k, stop - 1, -1):
        e = ent_at[m]
        if e is None:
            t = toks[m]
            if t.kind == "punct" and t.norm in _CLAUSE_STOP:
                return None
            continue
        if _is_stop(view, m):
            return None
        if no_preposition and toks[view.tok_covering(e.start)].prefix in ("ب", "وب"):
            continue
        a = actor_of(view, e, governments=governments)
        if a and _agentive_type(a):
            return a, e
    return None


def _describes_noun(view: DocView, verb, lo: int) -> bool:
    """The verb follows an event noun it describes ("هجوما انتحاريا استهدف", "غارة أودت بحياة")."""
    toks = view.doc.tokens
    ends = view.__dict__.get("_ok_trigger_ends")
    if ends is None:
        ends = view.__dict__["_ok_trigger_ends"] = {}  # last token -> first "ok" trigger ending there
        for x in view.doc.triggers:
            if x.attrs.get("status") == "ok":
                ends.setdefault(x.attrs.get("last"), x)
    for k in range(verb.ntok - 1, max(lo, verb.ntok - 4) - 1, -1):
        t = toks[k]
        if t.norm in _QUOTES:
            continue  # 'هجوم "انتحاري" استهدف': quote marks do not end the phrase
        if t.kind == "punct" and t.norm in _CLAUSE_STOP:
            return False
        t = ends.get(k)
        if t is not None and not t.attrs.get("verb"):
            return True
    return False


def _light_verb_agent(view: DocView, i: int, lo: int, governments: bool):
    """The subject of a light verb carrying the noun ("القوات العراقية تشن غارات", "شنت طائرات التحالف غارات",
    "أقدمت جبهة النصرة في مدينة خان شيخون، على إعدام")."""
    if not view.has_cue("light_verb", max(lo, i - 12), i):
        return None  # every path below needs a light verb in reach
    starts = view.__dict__.get("_trigger_starts")
    if starts is None:
        starts = view.__dict__["_trigger_starts"] = {
            t.ntok for t in view.doc.triggers if t.attrs.get("status") == "ok"
        }
    toks, cue_at = view.doc.tokens, view.cue_at
    for k in range(i - 1, max(lo, i - 12) - 1, -1):
        t = toks[k]
        if t.kind == "punct" and t.norm in _CLAUSE_STOP and t.norm not in ("،", ","):
            return None
        if k in starts:
            return None  # "تمكنت من قتل ... بكمين": the light verb carries the nearer word
        c = cue_at.get(k)
        if c is None or c[0] != "light_verb":
            continue
        for m in range(k + 1, i):
            e = view.ent_at[m]
            if e is not None:
                a = actor_of(view, e, governments=governments)
                if a and _agentive_type(a):
                    return a, "light-verb-subject", e
        for m in range(k - 1, max(lo, k - 8) - 1, -1):
            if _is_stop(view, m, forward=True):  # "قوات الحكومة "تواصل القصف": across the quote mark
                break
            e = view.ent_at[m]
            if e is not None:
                a = actor_of(view, e, governments=governments)
                if a and _agentive_type(a):
                    return a, "light-verb-subject", e
        return None
    return None


def _object_follows(view: DocView, j: int, hi: int) -> bool:
    """A count, a victim noun or an actor right after a verb: it has an object."""
    toks = view.doc.tokens
    for k in range(j + 1, min(hi, j + 4)):
        if k in view.num_at or view.cue(k) in ("victims", "fighters") or view.ent_at[k] is not None:
            return True
        if toks[k].kind == "punct":
            return False
    return False


def _agentive_type(actor: dict[str, Any]) -> bool:
    """Actors that act: armed groups, states, governments, organisations, named people."""
    return actor.get("type") not in ("civilians", "outlet", None) or bool(actor.get("person"))


def _looks_agentive(view: DocView, e: Entity, k: int, main) -> bool:
    """After "قتل", an armed actor is the killer; victims (civilians, a person) were killed."""
    if main.voice == "active":
        return True
    typ = e.attrs.get("type")
    if typ in ("civilians", "person", "protesters") or e.kind == "person":
        return False
    return typ in _ARMED_TYPES or typ in ("government",)


_ANCHORS = frozenset(["attack", "abduction", "arrest", "assassination", "air-strike", "shelling", "clash", "ambush", "agreement"])


def _target_near(view, frame, ents, lo, hi, agent_entity, governments):
    main = frame.main or frame.triggers[0]
    anchors = [t for t in frame.triggers if t.attrs.get("death") or t.entry_id in _ANCHORS]
    victims = None
    toks, ent_at, cue_at = view.doc.tokens, view.ent_at, view.cue_at
    for trig in anchors or [main]:
        j = trig.attrs["last"]
        saw_fighters = False
        for k in range(j + 1, min(j + 10, hi)):
            t = toks[k]
            if t.kind == "punct" and t.norm in _CLAUSE_STOP and t.norm not in _QUOTES and t.norm != "،":
                break
            c = cue_at.get(k)
            if c is not None:
                cue = c[0]
                if cue == "victims" and not saw_fighters:
                    victims = victims or ("civilians", k)
                    country = view.doc.geo.country if view.doc.geo else None
                    civ = generic_actor(view, "civilians", country, view.text(k, k + 1))
                    if civ:
                        civ["span"] = (t.start, t.end)  # the victim noun is the evidence
                        return civ, "victim-noun", None, victims
                if cue == "fighters":
                    saw_fighters = True
                    victims = victims or ("fighters", k)
            e = ent_at[k]
            if e is not None and e is not agent_entity:
                if _after_carrier(view, e):
                    continue  # "بغارة لطائرات التحالف": the attacker, not the victim
                a = actor_of(view, e, governments=governments)
                if a:
                    return a, "victim-after" if trig.attrs.get("death") else "target-after", e, victims
        if trig.attrs.get("death") and trig.attrs.get("verb") and trig.voice in ("ambiguous", "passive"):
            # "القيادي الحوثي ... قتل مع 3 من مرافقيه": the killed come before a passive verb
            for k in range(trig.ntok - 1, max(lo, trig.ntok - 10) - 1, -1):
                t = toks[k]
                if t.kind == "punct" and t.norm in _CLAUSE_STOP and t.norm != "،":
                    break
                e = ent_at[k]
                if e is not None and e is not agent_entity:
                    a = actor_of(view, e, governments=governments)
                    if a and a.get("type") not in ("outlet",):
                        return a, "victim-before", e, victims
    return None, "", None, victims


def _after_carrier(view: DocView, e: Entity) -> bool:
    """An entity right after "لطائرات", "لقوات", "لمسلحي": it owns the weapon or the unit."""
    k = view.tok_covering(e.start)
    first = view.tok(k)
    if first.prefix.endswith("ل") and (first.stem or first.norm) in _WEAPONS:
        return True  # the name itself starts with the weapon: "لـ[طائرات التحالف]"
    prev = view.tok(k - 1) if k > 0 else None
    return bool(prev and prev.prefix.endswith("ل") and (prev.stem or prev.norm) in _WEAPONS)


# Carriers that are weapons: what follows them owns the weapon ("لطائرات التحالف").
_WEAPONS = frozenset(fold(w) for w in ["طائرات", "طائره", "طيران", "مقاتلات", "مدفعيه", "بوارج", "سلاح", "راجمات", "صواريخ", "قذائف"])
