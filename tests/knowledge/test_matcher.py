"""The clitic-aware matcher: whole forms first, proclitics stripped, suffixes only when allowed."""
import pytest

from rasd.knowledge.matcher import Matcher
from rasd.text.normalize import fold, normalize

NAMES = [
    ("كركوك", "kirkuk"),
    ("الموصل", "mosul"),
    ("بعقوبة", "baqubah"),
    ("الحشد الشعبي", "pmf"),
    ("داعش", "is"),
    ("الدولة الإسلامية في العراق والشام", "isil"),
    ("الدولة الإسلامية", "is2"),
    ("العين", "ain"),
    ("الأمريكية", "us-adj"),
]


@pytest.fixture(scope="module")
def matcher():
    return Matcher(NAMES)


def found(matcher, text):
    n = normalize(text)
    return [(n.text[h.start : h.end], h.payloads[0], h.prefix) for h in matcher.find(n.text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وصلت التعزيزات إلى كركوك أمس", [("كركوك", "kirkuk", "")]),
        ("اشتباكات وبكركوك", [("كركوك", "kirkuk", "وب")]),
        ("هجوم لداعش", [("داعش", "is", "ل")]),
        ("مقاتلون تابعون للحشد الشعبي", [("حشد الشعبي", "pmf", "لل")]),
        ("والأمريكية", [("الامريكيه", "us-adj", "و")]),
        ("في موصل القديمة", [("موصل", "mosul", "")]),
        ("بالموصل", [("الموصل", "mosul", "ب")]),
        # the whole form wins over a stripped one
        ("مدينة بعقوبة", [("بعقوبه", "baqubah", "")]),
        # longest name wins
        ("تنظيم الدولة الإسلامية في العراق والشام", [("الدوله الاسلاميه في العراق والشام", "isil", "")]),
        # no match inside a longer word
        ("الكركوكيين", []),
        ("داعشي", []),
        # a short core without its article is an ordinary word
        ("عين الماء", []),
        ("في العين", [("العين", "ain", "")]),
    ],
)
def test_matcher_finds_names_with_clitics(matcher, text, expected):
    assert found(matcher, text) == expected


def test_suffixes_only_when_allowed():
    words = [("هجوم", "attack")]
    assert Matcher(words).find(normalize("هجومهم").text) == []
    hits = Matcher(words, suffixes=True).find(normalize("هجومهم").text)
    assert [(h.suffix, h.payloads[0]) for h in hits] == [("هم", "attack")]


def test_exact_aliases_take_no_article_and_have_no_bare_core():
    m = Matcher([("الخليل", "hebron", True), ("سورية", "syria", True), ("الموصل", "mosul")])
    names = lambda t: [h.payloads[0] for h in m.find(normalize(t).text)]  # noqa: E731
    assert names("في الخليل") == ["hebron"]
    assert names("قال خليل") == []  # a given name, not the city
    assert names("في سورية") == ["syria"]
    assert names("القوات السورية") == []  # the adjective
    assert names("في موصل") == ["mosul"]  # a non-exact alias keeps both forms


def test_quotation_marks_do_not_break_a_name():
    m = Matcher([("تحالف الفتح", "fatah"), ("قناة المسيرة", "masirah"), ("داعش", "is")])
    for text, key in [
        ('ويرفض تحالف "الفتح" ذلك', "fatah"),
        ("قالت قناة «المسيرة» إن", "masirah"),
        ('هاجم "داعش" القرية', "is"),
    ]:
        n = normalize(text)
        hits = m.find(n.text)
        assert [h.payloads[0] for h in hits] == [key]
        h = hits[0]
        raw = fold(text[slice(*n.to_orig(h.start, h.end))])
        assert [w.strip('"«»') for w in raw.split()] == h.key.split()


SHARED_TEXTS = [
    "قصفت طائرات مسيرة مواقع لداعش قرب كركوك، وقال الناطق إن الهجوم فشل",
    "انسحب مقاتلو الحشد الشعبي من بعقوبة بعد قصف \"عنيف\" على العين",
    "لا شيء هنا يطابق",
]


def test_shared_scan_gives_each_matcher_its_own_hits():
    from rasd.knowledge.matcher import SharedScan

    places = Matcher([("كركوك", "kirkuk"), ("بعقوبة", "baqubah"), ("العين", "ain")])
    groups = Matcher([("داعش", "is"), ("الحشد الشعبي", "pmf"), ("كركوك", "kirkuk-op")])
    verbs = Matcher([("قصف", "shell"), ("انسحب", "withdraw"), ("هجوم", "attack")], suffixes=True)
    alone = {id(m): [found(m, t) for t in SHARED_TEXTS] for m in (places, groups, verbs)}
    SharedScan([places, groups, verbs])
    # Interleave texts and matchers: every answer must be what the matcher gives alone.
    for i, t in enumerate(SHARED_TEXTS * 2):
        for m in (verbs, places, groups):
            assert found(m, t) == alone[id(m)][i % len(SHARED_TEXTS)]
    assert alone[id(groups)][0][1] == ("كركوك", "kirkuk-op", "")  # a key two matchers share
