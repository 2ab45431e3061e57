"""The temporal tables: complete, consistent with the knowledge base's matcher."""
from __future__ import annotations

import pytest

from rasd.knowledge.matcher import Matcher
from rasd.temporal.grammar import parse
from rasd.temporal.tables import TABLES, find_atoms, get_tables
from rasd.text.normalize import fold, normalize


def test_every_table_is_loaded(kb):
    for name in TABLES:
        assert kb.lexicon(name), name


def test_both_month_systems_cover_the_year(kb):
    by_system: dict[str, set[int]] = {}
    for e in kb.lexicon("temporal_months"):
        if not e.get("locale_specific"):
            by_system.setdefault(e["system"], set()).add(e["month"])
    assert by_system == {"syriac": set(range(1, 13)), "latin": set(range(1, 13))}
    assert {e["month"] for e in kb.lexicon("temporal_hijri_months")} == set(range(1, 13))
    assert {e["weekday"] for e in kb.lexicon("temporal_weekdays")} == set(range(7))
    assert {e["day"] for e in kb.lexicon("temporal_ordinals")} == set(range(1, 32))


def test_maghrebi_forms_are_locale_specific(kb):
    forms = {fold(f): e for e in kb.lexicon("temporal_months") for f in e["forms"]}
    for word, month in [("جانفي", 1), ("فيفري", 2), ("أفريل", 4), ("جوان", 6), ("جويلية", 7), ("أوت", 8)]:
        e = forms[fold(word)]
        assert e["month"] == month and "ar-DZ" in e["locale_specific"]


def test_tables_are_compiled_once_per_knowledge_base(kb):
    assert get_tables(kb) is get_tables(kb)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_form_is_found_as_the_kb_matcher_finds_it(kb, name):
    """Each form, alone and after the clitics "وب", is a hit of its own table."""
    tables = get_tables(kb)
    kind = TABLES[name]
    ref = Matcher((f, e["id"]) for e in kb.lexicon(name) for f in e["forms"])
    for e in kb.lexicon(name):
        for form in e["forms"]:
            for text in (fold(form), "وب" + fold(form)):
                hits = tables.hits(text)
                assert [h.key for h in hits] == [h.key for h in ref.find(text)], (form, text)
                assert any(h.payloads[0][0] == kind for h in hits) or kind in ("RELDAY", "VAGUE", "DAYPART"), form


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("وفي 26 تموز (يوليو) 2021", ["NUM", "MONTH", "MONTH", "NUM"]),
        ("للخميس الماضي", ["WEEKDAY", "MOD"]),
        ("بتاريخ 2020/01/03", ["NDATE"]),
        ("الأعمال العامة", []),  # "عام" inside other words is not a unit
    ],
)
def test_atoms(kb, text, kinds):
    atoms = find_atoms(normalize(text).text, get_tables(kb))
    assert [a.kind for a in atoms] == kinds


def test_grammar_is_pure_over_atoms(kb):
    text = normalize("قتل جنديان مساء الأحد الماضي").text
    parts = parse(text, find_atoms(text, get_tables(kb)))
    assert [(p.kind, p.weekday, p.direction, p.daypart) for p in parts] == [("weekday", 6, -1, "dp-evening")]
