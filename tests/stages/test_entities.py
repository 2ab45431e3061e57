"""The entities stage: names with clitics, readings chosen by context, generic actors by nationality."""
import pytest


def ents(pipeline, text):
    doc = pipeline.extract(text, published="2024-03-11")
    return [(text[e.start : e.end], e.kind, e.attrs.get("id", e.entry_id)) for e in doc.entities]


def ids(pipeline, text):
    return [i for _, _, i in ents(pipeline, text)]


@pytest.mark.parametrize(
    "text, expected_id",
    [
        # a name shared by towns in two countries goes to the article's country
        ("قتل جنديان عراقيان في هجوم على الرمادي غرب بغداد.", "geonames:98717"),
        ("قصفت طائرات التحالف مواقع في الرمادي بمحافظة إب اليمنية.", "geonames:30762"),
        # a cue word before the name asks for a governorate
        ("وصلت تعزيزات إلى محافظة كركوك.", "pcode:IQG13"),
        ("وصلت تعزيزات إلى كركوك.", "geonames:94787"),
    ],
)
def test_places_are_chosen_by_context(pipeline, text, expected_id):
    assert expected_id in ids(pipeline, text)


@pytest.mark.parametrize(
    "text, surface, expected_id",
    [
        ("أعلن الجيش العراقي مقتل مسلحين.", "الجيش العراقي", "military-forces:IQ"),
        ("أعلنت الشرطة الليبية اعتقال ثلاثة.", "الشرطة الليبية", "police-forces:LY"),
        # a generic actor without an adjective takes the article's country
        ("وفي بغداد، قال الجيش إن الهجوم فشل.", "الجيش", "military-forces:IQ"),
        # clitics do not hide a name
        ("واشتبكت قوات الحشد الشعبي مع مسلحي داعش قرب بعقوبة.", "داعش", "islamic-state"),
        ("وقال مصدر للحوثيين إن الهجوم فشل.", "حوثيين", "houthis"),  # لل = ل + ال
    ],
)
def test_actors_and_generic_actors(pipeline, surface, text, expected_id):
    assert (surface, expected_id) in [(s, i) for s, _, i in ents(pipeline, text)]


def test_a_kunya_is_not_a_place(pipeline):
    found = ents(pipeline, "قتل القيادي المعروف باسم أبو خليل في غارة.")
    assert not any(kind == "place" and surface == "خليل" for surface, kind, _ in found)


@pytest.mark.parametrize(
    "text, is_place",
    [
        ("قصفت المدفعية بلدة سلمى في ريف اللاذقية.", True),
        ("دارت اشتباكات في منطقتي سلمى وكباني.", True),  # a dual place word
        ("وبناحية سلمى سقطت قذائف.", True),
        # alone, the folded form is the everyday word "peaceful"
        ("نظم الأهالي احتجاجا سلميا وقالوا إن الحل سلمي.", False),
        ("تحدثت سلمى عن الحل.", False),
    ],
)
def test_a_name_counted_only_after_a_place_word(pipeline, text, is_place):
    found = [i for i in ids(pipeline, text) if i == "curated:sy-salma"]
    assert bool(found) is is_place


def test_a_person_found_by_title(pipeline):
    found = ents(pipeline, "وقال العميد سامر الخطيب إن القوات تقدمت.")
    assert ("سامر الخطيب", "person", None) in found


def test_entity_spans_are_the_text(pipeline):
    text = "وبكركوك، قال اللواء علي الحداد إن «داعش» هاجم قرية قرب الموصل."
    doc = pipeline.extract(text)
    assert doc.entities
    for e in doc.entities:
        assert text[e.start : e.end].strip() == text[e.start : e.end]
        assert e.start < e.end
