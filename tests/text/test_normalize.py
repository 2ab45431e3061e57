import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.text.normalize import fold, normalize


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("أحمد", "احمد"),
        ("إسلامية", "اسلاميه"),
        ("آمنة", "امنه"),
        ("مستشفى", "مستشفي"),
        ("قُتِلَ", "قتل"),
        ("الجـــيش", "الجيش"),
        ("٢٠٢١", "2021"),
        ("۱۴", "14"),
        ("مسؤول", "مسوول"),
        ("هيئة", "هييه"),
        ("ﻻ", "لا"),
        ("ﺑﻐﺪاد", "بغداد"),
        ("کرکوک", "كركوك"),
        ("ISIS", "isis"),
    ],
)
def test_fold(raw, expected):
    assert fold(raw) == expected
    assert normalize(raw).text == expected


def test_offsets_point_back_to_the_original_characters():
    raw = "قُتِلَ جنديـــان في «كركوك» يوم ٢٠ ﻻ"
    n = normalize(raw)
    i = n.text.index("كركوك")
    s, e = n.to_orig(i, i + len("كركوك"))
    assert raw[s:e] == "كركوك"
    i = n.text.index("جنديان")
    s, e = n.to_orig(i, i + len("جنديان"))
    assert raw[s:e] == "جنديـــان"
    i = n.text.index("20")
    assert raw[slice(*n.to_orig(i, i + 2))] == "٢٠"


arabic_chars = st.sampled_from(
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى")
    + ["\u064e", "\u0650", "\u0651", "\u0640", " ", "٣", "7", "ﻻ", "ﺑ", "ک", "\u200f", "\n", "."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(arabic_chars, max_size=60).map("".join), st.data())
def test_every_span_maps_back_to_characters_that_normalise_to_it(raw, data):
    n = normalize(raw)
    assert len(n.starts) == len(n.text)
    assert n.text == fold(raw)
    if not n.text:
        return
    a = data.draw(st.integers(0, len(n.text) - 1))
    b = data.draw(st.integers(a + 1, len(n.text)))
    s, e = n.to_orig(a, b)
    assert 0 <= s < e <= len(raw)
    # The original characters normalise to the span, give or take the other
    # half of a ligature that expands to two letters.
    back = fold(raw[s:e])
    assert n.text[a:b] in back
    assert len(back) - (b - a) <= 2
    # Offsets never go backwards.
    assert list(n.starts) == sorted(n.starts)
