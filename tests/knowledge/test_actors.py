"""The actor knowledge base: its structure, and names resolving through the real entities stage.

The Arabic sentences are written for these tests.  Cases that need a
nationality adjective from the place data ("الشرطة الليبية") skip when the
place data does not have it yet.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from rasd.knowledge.loader import KB_DIR, entry_aliases
from rasd.knowledge.matcher import alias_keys
from rasd.knowledge.schema import ACTOR_TYPES
from rasd.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[2]
GENERATED = "governments_world.yaml"

# ACLED inter codes each type may carry (persons take their organisation's).
INTER_BY_TYPE = {
    "state_force": {1},
    "government": {1},
    "rebel_group": {2},
    "political_militia": {3},
    "identity_militia": {4},
    "rioters": {5},
    "protesters": {6},
    "civilians": {7},
    "external_force": {8},
    "international_org": {8},
    "ngo": {7},
    "unidentified": {3},
    "party": {0, 6},
    "outlet": {0},
    "other": {0, 4, 7, 8},
}


@pytest.fixture(scope="module")
def actors(kb):
    return kb.actors


@pytest.fixture(scope="module")
def entities_pipeline(kb):
    # Only the stages the entities stage needs: fast, and independent of the
    # event stages other people are changing.
    return Pipeline(["normalise", "segment", "entities"], kb=kb)


def _from_file(kb, eid: str) -> str:
    return Path(kb.origin.get(eid, "")).name


# --- structure ---


def test_enough_curated_entries(kb, actors):
    curated = [i for i in actors if _from_file(kb, i) != GENERATED]
    assert len(curated) >= 400, len(curated)
    assert len(actors) >= 600


def test_every_type_has_a_known_inter_rule():
    assert set(INTER_BY_TYPE) | {"person"} == set(ACTOR_TYPES)


def test_type_and_inter_agree(actors):
    bad = []
    for eid, e in actors.items():
        inter = e.get("inter")
        if e["type"] == "person":
            parent = actors.get(e.get("parent") or "")
            allowed = {0, parent.get("inter")} if parent else {0}
        else:
            allowed = INTER_BY_TYPE[e["type"]]
        if inter not in allowed:
            bad.append((eid, e["type"], inter))
    assert not bad, bad[:20]


def test_every_parent_exists(actors):
    missing = [(i, e["parent"]) for i, e in actors.items() if e.get("parent") and e["parent"] not in actors]
    assert not missing


def test_parents_have_no_cycles(actors):
    for eid in actors:
        seen, cur = set(), eid
        while cur:
            assert cur not in seen, f"parent cycle through {eid}"
            seen.add(cur)
            cur = actors[cur].get("parent")


def test_people_have_a_role(actors):
    missing = [i for i, e in actors.items() if e["type"] == "person" and not e.get("role")]
    assert not missing


def test_every_government_a_place_stands_for_exists(kb, actors):
    used = {p["stands_for"] for p in kb.places.values() if p.get("stands_for", "").startswith("gov-")}
    if not used:
        pytest.skip("the place data has no stands_for links yet")
    missing = sorted(g for g in used if g not in actors)
    assert not missing, missing
    wrong = sorted(g for g in used if actors[g]["type"] != "government")
    assert not wrong, wrong


def test_government_ids_match_their_country(actors):
    for eid, e in actors.items():
        if eid.startswith("gov-"):
            assert e["type"] == "government", eid
            assert e["country"] == eid[4:].upper(), eid
            assert e["name"].startswith("Government of "), eid


def test_per_country_ids_extend_a_generic_entry(actors):
    """`military-forces:SY` must be what the generic rule also produces."""
    for eid, e in actors.items():
        if ":" not in eid:
            continue
        base, cc = eid.split(":", 1)
        assert actors.get(base, {}).get("generic"), f"{eid}: {base} is not a generic entry"
        assert e.get("country") == cc, eid
        assert not e.get("generic"), eid


def test_generic_entries_name_their_country(actors):
    for eid, e in actors.items():
        if e.get("generic"):
            assert "{country}" in e.get("name_template", ""), eid
            assert not e.get("country"), eid


def test_names_have_no_acled_year_suffix(actors):
    dated = [i for i, e in actors.items() if re.search(r"\(\d{4}-", e["name"])]
    assert not dated


# Ordinary words that must never be an actor name, with or without "ال" (the
# matcher also indexes an alias without its article).  Each was a real false
# hit or is a known trap of Arabic news.
ORDINARY = [
    "قوات", "القوات", "طيران", "الطيران", "القضاء", "قضاء", "الامن", "امن", "النظام", "نظام",
    "الفتح", "فتح", "القاعده", "قاعده", "الاحتلال", "احتلال", "الشباب", "شباب", "المسيره", "مسيره",
    "الجزيره", "جزيره", "العربيه", "الحره", "الميادين", "الشرق الاوسط", "اليوم السابع", "العالم",
    "مسلح", "المسلح", "مجهول", "مدني", "المدني", "الصدر", "صدر", "هادي", "سراج", "منفي", "الاصلاح",
    "امل", "حسم", "طالب", "طالبا", "طالبه", "صحفي", "صحفيا", "متهمين", "عاملين", "الدفاع الوطني",
    "الامن الوطني", "القياده العامه", "الجمعيه العامه", "ادارة العمليات العسكريه", "وام", "وال",
    "اعماق", "رييسي", "غني", "اوستن", "السوداني", "المالكي", "المهندس", "عبد الرحمن", "حزب العمال",
]


@pytest.mark.parametrize("word", ORDINARY, ids=[f"w{i}" for i in range(len(ORDINARY))])
def test_ordinary_words_are_not_actor_names(actors, word):
    # an exact alias is indexed only as written (no article-less core)
    owners = [
        eid for eid, e in actors.items() for a in entry_aliases(e)
        if any(key == word for key, _ in alias_keys(a)[: 1 if a in e.get("exact", ()) else None])
    ]
    assert not owners, f"{word!r} is an alias of {owners}"


def test_generated_governments_are_up_to_date():
    pytest.importorskip("babel", reason="babel (CLDR names) is needed to regenerate governments_world.yaml")
    spec = importlib.util.spec_from_file_location("actors_governments", REPO / "tools" / "actors_governments.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (KB_DIR / "actors" / GENERATED).read_text(encoding="utf-8") == mod.build()


# --- resolution through the entities stage ---


def _entity_at(doc, phrase: str, occurrence: int = 0):
    starts = [m.start() for m in re.finditer(re.escape(phrase), doc.text)]
    assert len(starts) > occurrence, f"{phrase!r} not in the sentence"
    s = starts[occurrence]
    e = s + len(phrase)
    best, overlap = None, 0
    for ent in doc.entities:
        o = min(e, ent.end) - max(s, ent.start)
        if o > overlap:
            best, overlap = ent, o
    return best


def _needs_demonym(kb, cc: str) -> None:
    place = kb.places.get(f"iso:{cc}")
    if not place or not place.get("demonyms"):
        pytest.skip(f"the place data has no nationality adjectives for {cc} yet")


RESOLVES = [
    # (sentence, phrase, expected resolved id)
    ("وأعلنت قوات سوريا الديمقراطية سيطرتها على قرية جديدة شرق الفرات", "قوات سوريا الديمقراطية",
     "syrian-democratic-forces"),
    ("وصدّ مقاتلو قسد هجوما ليليا قرب الحسكة", "قسد", "syrian-democratic-forces"),
    ("وقصفت طائرات التحالف العربي مواقع للحوثيين في صعدة", "حوثيين", "houthis"),
    ("وقصفت طائرات التحالف العربي مواقع للحوثيين في صعدة", "التحالف العربي", "saudi-led-coalition"),
    ("وأعلنت جماعة أنصار الله إسقاط طائرة مسيرة", "جماعة أنصار الله", "houthis"),
    ("وقال القيادي في ميليشيا الحوثي إن الهدنة انتهت", "ميليشيا الحوثي", "houthis"),
    ("وقال بيان لهيئة الحشد الشعبي إن اللواء تصدى للهجوم", "هيئة الحشد الشعبي", "popular-mobilization-forces"),
    ("واعتقلت الشرطة الاتحادية ثلاثة مطلوبين جنوب كركوك", "الشرطة الاتحادية", "iq-federal-police"),
    ("ونفذ جهاز مكافحة الإرهاب إنزالا جويا غرب الأنبار", "جهاز مكافحة الإرهاب", "iq-counter-terrorism-service"),
    ("وشنت قوات النظام غارات على ريف إدلب الجنوبي", "قوات النظام", "military-forces:SY"),
    ("وتقدم الجيش العربي السوري نحو الطريق الدولي", "الجيش العربي السوري", "military-forces:SY"),
    ("واشتبك عناصر من الجيش السوري الحر مع دورية", "الجيش السوري الحر", "free-syrian-army"),
    ("وتبنى تنظيم داعش الهجوم في بيان على الإنترنت", "داعش", "islamic-state"),
    ("وأعلن تنظيم الدولة الإسلامية في العراق والشام مسؤوليته", "تنظيم الدولة الإسلامية في العراق والشام",
     "islamic-state"),
    ("وهاجمت خلية تابعة لولاية خراسان حافلة في كابل", "ولاية خراسان", "is-khorasan"),
    ("وقتل جنديان في هجوم تبنته ولاية سيناء", "ولاية سيناء", "is-sinai"),
    ("وتسيطر هيئة تحرير الشام على معظم مدينة إدلب", "هيئة تحرير الشام", "hayat-tahrir-al-sham"),
    ("وقال قائد في جبهة النصرة إن المعركة مستمرة", "جبهة النصرة", "jabhat-al-nusra"),
    ("وهاجم مسلحو جيش خالد بن الوليد بلدة في حوض اليرموك", "جيش خالد بن الوليد", "khalid-ibn-al-walid-army"),
    ("وسيطر الجيش الوطني الليبي على حقل نفطي جنوب البلاد", "الجيش الوطني الليبي", "libyan-national-army"),
    ("وتعهدت حكومة الوفاق بحماية العاصمة", "حكومة الوفاق", "gna"),
    ("وأطلق حزب العمال الكردستاني قذائف على قاعدة تركية", "حزب العمال الكردستاني", "pkk"),
    ("وقال مسؤول في حزب الله إن الحزب لن يرد", "حزب الله", "hezbollah"),
    ("وتبنت كتائب حزب الله الهجوم بطائرة مسيرة", "كتائب حزب الله", "kataib-hezbollah"),
    ("وأطلقت كتائب القسام صواريخ نحو عسقلان", "كتائب القسام", "qassam-brigades"),
    ("وقالت حركة حماس في بيان إنها ترحب بالمبادرة", "حركة حماس", "hamas"),
    ("وأطلق جيش الاحتلال النار على شبان قرب السياج", "جيش الاحتلال", "military-forces:IL"),
    ("وهاجم مستوطنون منازل في قرية قرب نابلس", "مستوطنون", "israeli-settlers"),
    ("وهاجمت حركة الشباب قاعدة عسكرية في الصومال", "حركة الشباب", "al-shabaab"),
    ("واشتبكت قوات الدعم السريع مع الجيش في الخرطوم", "قوات الدعم السريع", "rapid-support-forces"),
    ("وأعلنت حركة طالبان سيطرتها على مديرية جديدة", "حركة طالبان", "taliban"),
    ("وقال الحرس الثوري الإيراني إنه أطلق صواريخ", "الحرس الثوري الإيراني", "irgc"),
    ("وقتل قائد فيلق القدس في غارة", "فيلق القدس", "quds-force"),
    ("وانسحبت القوات الأمريكية من القاعدة", "القوات الأمريكية", "military-forces:US"),
    ("وقال التحالف الدولي ضد داعش إن طائراته قصفت مخبأ في العراق", "التحالف الدولي ضد داعش", "global-coalition"),
    ("وقال التحالف إن غاراته استهدفت مخازن صواريخ في اليمن", "التحالف", "saudi-led-coalition"),
    ("وقال التحالف إن طائراته قصفت مخبأ لداعش في العراق", "التحالف", "global-coalition"),
    ("وتقدم الجيش الوطني نحو مدينة في اليمن", "الجيش الوطني", "military-forces:YE"),
    ("وتقدم الجيش الوطني نحو مدينة في ليبيا", "الجيش الوطني", "libyan-national-army"),
    ("وأقر مجلس النواب العراقي قانون الانتخابات", "مجلس النواب العراقي", "parliament:IQ"),
    ("وأعلنت المفوضية العليا المستقلة للانتخابات النتائج", "المفوضية العليا المستقلة للانتخابات",
     "electoral-commission:IQ"),
    ("وقالت وزارة الصحة الفلسطينية إن الحصيلة ارتفعت", "وزارة الصحة الفلسطينية", "ministry-of-health:PS"),
    ("وقالت وزارة الخارجية الأمريكية إنها قلقة", "وزارة الخارجية الأمريكية", "ministry-of-foreign-affairs:US"),
    ("وقال رئيس الوزراء حيدر العبادي إن المعركة انتهت", "حيدر العبادي", "haider-al-abadi"),
    ("والتقى الرئيس الأمريكي دونالد ترامب نظيره", "دونالد ترامب", "donald-trump"),
    ("وقال مدير المرصد رامي عبد الرحمن إن القصف مستمر", "رامي عبد الرحمن", "rami-abdul-rahman"),
    ("وقال أبو محمد الجولاني في تسجيل مصور", "أبو محمد الجولاني", "ahmed-al-sharaa"),
    ("وأفادت وكالة فرانس برس بمقتل ثلاثة", "وكالة فرانس برس", "afp"),
    ("بحسب ما أورده موقع روسيا اليوم نقلا عن وكالة الأناضول", "روسيا اليوم", "rt"),
    ("بحسب ما أورده موقع روسيا اليوم نقلا عن وكالة الأناضول", "وكالة الأناضول", "anadolu"),
    ("وذكر المرصد السوري لحقوق الإنسان أن الحصيلة ارتفعت", "المرصد السوري لحقوق الإنسان", "sohr"),
    ("ونقلت قناة المسيرة عن مصادر محلية", "قناة المسيرة", "al-masirah"),
    ("وقالت اللجنة الدولية للصليب الأحمر إن المستشفى تضرر", "اللجنة الدولية للصليب الأحمر", "icrc"),
    ("وقالت الأمم المتحدة إن المساعدات توقفت", "الأمم المتحدة", "united-nations"),
    ("ودعا مجلس الأمن الدولي إلى وقف القتال", "مجلس الأمن الدولي", "un-security-council"),
    ("وقال مجلس الأمن الوطني العراقي إن الوضع تحت السيطرة", "مجلس الأمن الوطني", "national-security-council:IQ"),
    ("وقتل مسلحون مجهولون موظفا في العراق", "مسلحون مجهولون", "unidentified-armed-group:IQ"),
    ("وتظاهر مئات المحتجين أمام مبنى المحافظة في العراق", "المحتجين", "protesters:IQ"),
    ("وأقامت الحكومة العراقية حواجز جديدة", "الحكومة العراقية", "gov-iq"),
    ("وقالت السلطات السورية إنها أفرجت عن معتقلين", "السلطات السورية", "gov-sy"),
]


@pytest.mark.parametrize("sentence, phrase, expected", RESOLVES, ids=[f"{c[2]}-{i}" for i, c in enumerate(RESOLVES)])
def test_name_resolves_to_entry(entities_pipeline, sentence, phrase, expected):
    doc = entities_pipeline.extract(sentence)
    ent = _entity_at(doc, phrase)
    assert ent is not None, [doc.text[e.start:e.end] for e in doc.entities]
    assert ent.attrs.get("id") == expected, (doc.text[ent.start:ent.end], ent.attrs.get("id"), ent.candidates)


GENERIC = [
    # (sentence, phrase, expected id, expected name, country whose adjective is needed)
    ("وفرقت الشرطة الليبية المتظاهرين في طرابلس", "الشرطة الليبية", "police-forces:LY", "Police Forces of Libya", "LY"),
    ("وقصف الجيش التركي مواقع قرب عفرين", "الجيش التركي", "military-forces:TR", "Military Forces of Turkey", "TR"),
    ("وأعلنت وزارة الداخلية العراقية اعتقال خلية", "وزارة الداخلية العراقية", "ministry-of-interior:IQ",
     "Ministry of Interior of Iraq", "IQ"),
    ("وقتل جندي برصاص قناص في اليمن", "جندي", "military-forces:YE", "Military Forces of Yemen", None),
    ("وانتشل الدفاع المدني جثث مدنيين في سوريا", "مدنيين", "civilians:SY", "Civilians (Syria)", None),
]


@pytest.mark.parametrize("sentence, phrase, expected, name, cc", GENERIC, ids=[c[2] for c in GENERIC])
def test_generic_actor_takes_the_country(kb, entities_pipeline, sentence, phrase, expected, name, cc):
    if cc:
        _needs_demonym(kb, cc)
    doc = entities_pipeline.extract(sentence)
    ent = _entity_at(doc, phrase)
    assert ent is not None
    assert (ent.attrs.get("id"), ent.attrs.get("name")) == (expected, name)


def test_explicit_country_entry_names_the_us_as_acled_does(entities_pipeline):
    doc = entities_pipeline.extract("وقالت القوات الأميركية إنها قتلت قياديا في سوريا")
    ent = _entity_at(doc, "القوات الأميركية")
    assert ent.attrs["name"] == "Military Forces of the United States"


NOT_ACTORS = [
    # (sentence, phrase that must not be read as the actor id)
    ("وتعهدت الحكومة بالقضاء على الإرهاب في البلاد", "القضاء", "judiciary"),
    ("وقعت الحادثة في قضاء الحويجة غرب كركوك", "قضاء", "judiciary"),
    ("وعقد الوزير مؤتمرا صحفيا في بغداد", "صحفيا", "journalists"),
    ("وقال المصدر طالبا عدم ذكر اسمه", "طالبا", "students"),
    ("ووقع هجوم مسلح على حاجز في المدينة", "مسلح", "unidentified-armed-group"),
    ("ولا يزال مصير المفقودين مجهول حتى الآن", "مجهول", "unidentified-armed-group"),
    ("وأسقطت الدفاعات الجوية الطائرات المسيرة فوق المدينة", "المسيرة", "al-masirah"),
    ("وتعرضت القاعدة الجوية لهجوم صاروخي", "القاعدة", "al-qaeda"),
    ("ووصلت قوات إضافية إلى المدينة", "قوات", "military-forces"),
    ("وعلقت شركة طيران رحلاتها إلى المطار", "طيران", "military-forces"),
    ("وهتف المحتجون بإسقاط النظام في بغداد", "النظام", "military-forces"),
    ("وشهدت البلاد احتجاجات الشباب العاطلين عن العمل", "الشباب", "al-shabaab"),
    ("وأكد الوزير أن فتح المعبر سيتم غدا", "فتح", "fatah"),
]


@pytest.mark.parametrize("sentence, phrase, not_id", NOT_ACTORS, ids=[f"{c[2]}-{i}" for i, c in enumerate(NOT_ACTORS)])
def test_ordinary_words_stay_ordinary(entities_pipeline, sentence, phrase, not_id):
    doc = entities_pipeline.extract(sentence)
    ent = _entity_at(doc, phrase) if phrase in doc.text else None
    if ent is None or ent.kind not in ("actor", "person"):
        return
    got = ent.attrs.get("id") or ""
    assert got.split(":")[0] != not_id, (doc.text[ent.start:ent.end], got)


# --- the dev articles ---


def test_dev_gold_actors_are_recognised(shared):
    """Most gold actor lists of the dev articles are matched by some entity."""
    spec = importlib.util.spec_from_file_location("actors_coverage", REPO / "tools" / "actors_coverage.py")
    cov = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cov)
    import json

    pipe = Pipeline(["normalise", "segment", "entities"])
    n = found = 0
    for raw in (shared / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        line = json.loads(raw)
        doc = pipe.extract((shared / line["doc"]).read_text(encoding="utf-8"), published=line["published"])
        for kind, names in cov.gold_lists(line):
            if kind == "actor":
                n += 1
                found += cov.check(pipe.kb, doc, names)[0]
    assert n and found / n >= 0.95, f"{found}/{n}"
