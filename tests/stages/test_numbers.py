"""The numbers stage: counts, their nouns and qualifiers, and what is not a count."""
from __future__ import annotations

import pytest

from rasd.text.normalize import fold


def _doc(pipeline, text):
    return pipeline.extract(text, published="2021-12-20")


def _counts(doc):
    return [n for n in doc.numbers if n.attrs.get("kind") == "count"]


def _only_count(doc):
    counts = _counts(doc)
    assert len(counts) == 1, [(doc.text[n.start:n.end], n.value) for n in doc.numbers]
    return counts[0]


@pytest.mark.parametrize(
    "text, value, span, noun",
    [
        ("أطلقت القوات الأمنية (4) عمليات في الصحراء", 4, "4", "عمليات"),
        ("قتل 27 متظاهرا في المدينة", 27, "27", "متظاهرا"),
        ("قتل ثلاثة جنود في الهجوم", 3, "ثلاثة", "جنود"),
        ("أصيبت ثلاث نساء بجروح", 3, "ثلاث", "نساء"),
        ("قتل خمسة وعشرون مسلحا في المعارك", 25, "خمسة وعشرون", "مسلحا"),
        ("اعتقلت الشرطة أحد عشر مطلوبا", 11, "أحد عشر", "مطلوبا"),
        ("جرح اثنا عشر شخصا", 12, "اثنا عشر", "شخصا"),
        ("نزحت ثلاثة آلاف وخمسمئة عائلة", 3500, "ثلاثة آلاف وخمسمئة", "عائلة"),
        ("لجأ 400 ألف شخص إلى المخيمات", 400000, "400 ألف", "شخص"),
        ("يعيش في المنطقة 2,5 مليون شخص", 2500000, "2,5 مليون", "شخص"),
        ("وصل 1,200 لاجئ إلى الحدود", 1200, "1,200", "لاجئ"),
        ("قتل مئة وخمسون مدنيا", 150, "مئة وخمسون", "مدنيا"),
        ("قتل عشرات المدنيين في القصف", 10, "عشرات", "مدنيين"),
        ("وأصيب العشرات بحالات اختناق", 10, "العشرات", None),
        ("وفر المئات من منازلهم", 100, "المئات", None),
        ("تظاهر آلاف الطلاب أمام الوزارة", 1000, "آلاف", "طلاب"),
        ("قتل 14 من عناصر الشرطة", 14, "14", "عناصر"),
        ("قتل أحد الحراس في الاشتباك", 1, "أحد", "حراس"),
    ],
)
def test_counts_their_value_span_and_noun(pipeline, text, value, span, noun):
    doc = _doc(pipeline, text)
    n = _only_count(doc)
    assert n.value == value
    assert doc.text[n.start : n.end] == span
    assert n.attrs.get("noun") == (fold(noun) if noun else None)
    if noun is not None:
        assert doc.text[n.attrs["noun_start"] : n.attrs["noun_end"]].endswith(noun[-2:])


@pytest.mark.parametrize(
    "text, span, noun_text, lemma",
    [
        ("قتل جنديان في انفجار عبوة", "جنديان", "جنديان", "noun-soldier"),
        ("عثر الأهالي على جثتين قرب النهر", "جثتين", "جثتين", "noun-body"),
        ("وأصيب طفلان بشظايا القذيفة", "طفلان", "طفلان", "noun-child"),
        ("قتل القياديان في الغارة", "القياديان", "القياديان", "noun-leader"),
        ("وقتل مسلحين اثنين في الاشتباك", "مسلحين اثنين", "مسلحين", "noun-gunman"),
        ("تمكنت القوة من قتل إرهابيين اثنين", "إرهابيين اثنين", "إرهابيين", "noun-militant"),
        ("قتل جندي واحد في الهجوم", "جندي واحد", "جندي", "noun-soldier"),
    ],
)
def test_duals_count_two_once(pipeline, text, span, noun_text, lemma):
    doc = _doc(pipeline, text)
    n = _only_count(doc)
    assert n.value == (1 if "واحد" in span else 2)
    assert doc.text[n.start : n.end] == span
    assert doc.text[n.attrs["noun_start"] : n.attrs["noun_end"]] == noun_text
    assert n.attrs.get("noun_lemma") == lemma


@pytest.mark.parametrize(
    "text, qualifier, qtext",
    [
        ("أصيب نحو 50 شخصا", "approx", "نحو"),
        ("نزح حوالي 300 عائلة", "approx", "حوالي"),
        ("قتل قرابة 20 مقاتلا", "approx", "قرابة"),
        ("اعتقل زهاء 40 مطلوبا", "approx", "زهاء"),
        ("قتل ما يقارب 30 مدنيا", "approx", "ما يقارب"),
        ("قتل ما لا يقل عن 16 شخصا", "at_least", "ما لا يقل عن"),
        ("قتل 16 شخصا على الأقل في الانفجار", "at_least", "على الأقل"),
        ("وأصيب أكثر من 40 آخرين", "more_than", "أكثر من"),
        ("قتل ما يزيد على 20 جنديا", "more_than", "ما يزيد على"),
        ("قتل ما يزيد عن 20 جنديا", "more_than", "ما يزيد عن"),
        ("قد يرتفع عدد القتلى إلى ما يصل إلى 100 قتيل", "up_to", "ما يصل إلى"),
        ("ويتسع المخيم حتى 500 عائلة", "up_to", "حتى"),
        ("قتل بحوالى 48 شخصا", "approx", "بحوالى"),
    ],
)
def test_qualifiers(pipeline, text, qualifier, qtext):
    doc = _doc(pipeline, text)
    n = _only_count(doc)
    assert n.qualifier == qualifier
    assert qtext in doc.text[n.attrs["qualifier_start"] : n.attrs["qualifier_end"]]


@pytest.mark.parametrize(
    "text, span, kind",
    [
        ("بدأت الحرب منذ عام 2014 في البلاد", "2014", "year"),
        ("أعلن النصر أواخر 2017 بعد معارك طويلة", "2017", "year"),
        ("وقع الهجوم في 26 تموز الماضي", "26", "date"),
        ("وقع الهجوم في 9 كانون الأول", "9", "date"),
        ("وصلت القافلة في 12 من الشهر الجاري", "12", "date"),
        ("تسيطر القوات على 80 في المئة من المحافظة", "80", "percent"),
        ("ارتفعت البطالة إلى 10,8 % هذا العام", "10,8", "percent"),
        ("تقع القرية على بعد 250 كلم من العاصمة", "250", "distance"),
        ("صد مقاتلو اللواء 22 ميكا الهجوم", "22", "unit"),
        ("بدأ الهجوم الساعة الـ 7 صباحا", "7", "time"),
        ("قتل الشاب محمد (24 عاما) برصاص قناص", "24", "duration"),
        ("نفذت الطائرات من طراز إف 16 الضربات", "16", "unit"),
    ],
)
def test_non_counts_are_marked_by_kind(pipeline, text, span, kind):
    doc = _doc(pipeline, text)
    found = [n for n in doc.numbers if doc.text[n.start : n.end] == span]
    assert found, [(doc.text[n.start:n.end], n.attrs) for n in doc.numbers]
    assert found[0].attrs["kind"] == kind
    assert not _counts(doc)


@pytest.mark.parametrize(
    "text",
    [
        "حلت القائمة في المركز الثالث في الانتخابات",  # ordinal
        "وفي الدورة الثانية فاز المرشح",  # ordinal
        "وصل الوفد الأحد إلى المدينة",  # Sunday, not "one"
        "بدأت المحادثات يوم الاثنين",  # Monday, not "two"
        "يسيطر التنظيم على ثلث مساحة البلاد",  # a fraction
        "وكان أحدهم يحمل سلاحا",  # one of them
    ],
)
def test_not_a_count(pipeline, text):
    assert _counts(_doc(pipeline, text)) == []


def test_two_figures_in_one_sentence(pipeline):
    doc = _doc(pipeline, "قتل 16 شخصا وأصيب 14 آخرون في الانفجار")
    got = [(n.value, n.attrs.get("noun")) for n in _counts(doc)]
    assert got == [(16, "شخصا"), (14, fold("آخرون"))]


def test_a_conjunction_is_not_the_noun(pipeline):
    doc = _doc(pipeline, "أدى الانفجار إلى مقتل 16 وجرح 14")
    assert [(n.value, n.attrs.get("noun")) for n in _counts(doc)] == [(16, None), (14, None)]


def test_arabic_indic_digits(pipeline):
    doc = _doc(pipeline, "قتل ٣٥ مدنيا")
    n = _only_count(doc)
    assert (n.value, doc.text[n.start : n.end]) == (35, "٣٥")
