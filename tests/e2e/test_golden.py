"""The example article end to end against a reviewed golden record.

The golden file is rasd's output as reviewed; when a change alters it on
purpose, regenerate it with `RASD_UPDATE_GOLDEN=1 python -m pytest
tests/e2e/test_golden.py` and review the diff before committing.
"""
import json
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.output import doc_record

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "examples" / "article.txt"
GOLDEN = REPO / "tests" / "golden" / "example_article.json"
VOLATILE = ("confidence", "notes")


def _stable(rec):
    for ev in rec["events"]:
        for k in VOLATILE:
            ev.pop(k, None)
    return rec


def test_example_article_matches_its_golden_record(pipeline):
    text = ARTICLE.read_text(encoding="utf-8")
    rec = _stable(doc_record(pipeline.extract(text, id="article", published="2024-03-11")))
    if os.environ.get("RASD_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert rec["events"] == expected["events"]
    assert rec["quotes"] == expected["quotes"]
    assert rec["sources"] == expected["sources"]
    assert rec == expected


def test_example_article_reads_as_a_human_would(pipeline):
    rec = doc_record(pipeline.extract(ARTICLE.read_text(encoding="utf-8"), published="2024-03-11"))
    kinds = [(e["event_type"], e["sub_event_type"]) for e in rec["events"]]
    assert kinds == [
        ("Battles", "Armed clash"),
        ("Strategic developments", "Arrests"),
        ("Strategic developments", "Agreement"),
    ]
    attack = rec["events"][0]
    assert (attack["actor1"]["name"], attack["fatalities"], attack["event_date"]) == ("Islamic State", 4, "2024-03-10")
    assert [q["speaker"] for q in rec["quotes"]] == ["اللواء سامر الحداد"] * 2


SAMPLE = [
    "قتل ثلاثة جنود أمس في هجوم على نقطة تفتيش قرب الموصل.",
    "اتفقت بغداد وأنقرة على تعزيز التعاون.",
    "وقال المتحدث: \"لن نسمح بذلك\".",
    "تظاهر المئات في البصرة.",
    "غارات جوية على صعدة والحديدة.",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(SAMPLE), min_size=1, max_size=5),
    st.lists(st.sampled_from(["\n", " ", "ـ", "\u064e", "«", "»", "٣", "ﻻ"]), max_size=6),
)
def test_every_span_of_every_record_is_its_text(pipeline, sentences, noise):
    text = "\n".join(sentences)
    for i, ch in enumerate(noise):  # sprinkle tatweel, diacritics, digits, ligatures
        pos = (i * 7) % (len(text) + 1)
        text = text[:pos] + ch + text[pos:]
    rec = doc_record(pipeline.extract(text, published="2024-03-11"))
    for group in ("entities", "quotes", "times", "numbers"):
        for span in rec[group]:
            assert text[span["start"] : span["end"]] == span["text"]
    for ev in rec["events"]:
        assert 0 <= ev["start"] <= ev["end"] <= len(text)
        for evd in ev["evidence"].values():
            if evd["start"] is not None:
                assert text[evd["start"] : evd["end"]] == evd["text"]
