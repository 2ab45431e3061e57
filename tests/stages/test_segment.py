import pytest

from rasd.stages.segment import split_clitics, split_sentences

KNOWN = {"كركوك", "داعش", "بغداد", "وزير", "هجوم", "امريكيه", "الامريكيه"}


@pytest.mark.parametrize(
    "word, expected",
    [
        ("وبكركوك", ("وب", "كركوك", "")),
        ("لداعش", ("ل", "داعش", "")),
        ("بغداد", ("", "بغداد", "")),  # a known whole form is never split
        ("وزير", ("", "وزير", "")),
        ("هجومهم", ("", "هجوم", "هم")),
        ("والامريكيه", ("وال", "امريكيه", "")),  # the article counts as a clitic
        ("والصحفيين", ("وال", "صحفيين", "")),  # the article is always split off
        ("وصلت", ("", "وصلت", "")),  # an unknown rest is not split
    ],
)
def test_split_clitics(word, expected):
    assert split_clitics(word, KNOWN.__contains__) == expected


def test_sentences_split_on_stops_and_lines_not_decimals():
    text = "قتل 2.5 ألف شخص. ثم ماذا؟ لا شيء\nسطر جديد"
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == ["قتل 2.5 ألف شخص.", "ثم ماذا؟", "لا شيء", "سطر جديد"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وصل الوفد. وبدأ الاجتماع", ["وصل الوفد.", "وبدأ الاجتماع"]),
        ('قال "انتهى الأمر." ثم غادر', ['قال "انتهى الأمر."', "ثم غادر"]),  # closing marks stay with the stop
        ("بلغت النسبة 3.7 في المئة", ["بلغت النسبة 3.7 في المئة"]),  # a point between digits
        ("العدد 12. ثم", ["العدد 12. ثم"]),  # a point right after a digit is read as the number's
        ("سطر أول\n\n\nسطر ثان", ["سطر أول", "سطر ثان"]),  # several line breaks are one end
        ("سطر\n. ثم", ["سطر", ".", "ثم"]),  # a line that opens with a stop
        ("هل انتهى؟لا", ["هل انتهى؟لا"]),  # no space after the stop: not an end
        ("انتهى!", ["انتهى!"]),  # the end of the text counts as a space
    ],
)
def test_sentence_ends(text, expected):
    assert [text[s.start : s.end] for s in split_sentences(text)] == expected


def test_tokens_carry_offsets_into_the_original(pipeline):
    text = "وقُتِل جنديـان بكركوك، أمس."
    doc = pipeline.extract(text)
    for t in doc.tokens:
        assert text[t.start : t.end]
        assert doc.norm.text[t.nstart : t.nend] == t.norm
    kirkuk = next(t for t in doc.tokens if t.stem == "كركوك")
    assert (kirkuk.prefix, text[kirkuk.start : kirkuk.end]) == ("ب", "بكركوك")
    assert doc.tokens[1].sent == 0


def test_tokens_have_every_field_set(pipeline):
    # The segmenter fills tokens in place (no __init__): a field added to Token
    # must be set there too, or reading it raises AttributeError.
    import dataclasses

    from rasd.doc import Token

    doc = pipeline.extract("قال 3 جنود: «هاجمونا» في الموصل.")
    names = [f.name for f in dataclasses.fields(Token)]
    for t in doc.tokens:
        assert Token(**{n: getattr(t, n) for n in names}) == t
