"""Every built-in knowledge file passes the schema and hygiene checks."""
from pathlib import Path

import pytest

from rasd.knowledge.lint import lint_paths
from rasd.knowledge.loader import builtin_files


def test_builtin_knowledge_is_clean():
    problems = lint_paths()
    assert problems == [], "\n".join(problems[:50])


def test_there_are_knowledge_files():
    kinds = {p.parent.name for p in builtin_files()}
    assert {"actors", "places", "lexicon"} <= kinds


@pytest.mark.parametrize(
    "body, expected",
    [
        ("actors:\n- {id: a, name: A, name_ar: ألف, type: party, source: curated}\n", None),
        ("actors:\n- {id: a, name: A, name_ar: ألف, type: party}\n", "'source' is a required property"),
        ("actors:\n- {id: a, name: A, name_ar: الـف, type: party, source: curated}\n", "tatweel"),
        ("actors:\n- {id: a, name: A, name_ar: \"ﺃﻟﻒ\", type: party, source: curated}\n", "presentation forms"),
        ("places:\n- {id: 'x:1', name: X, name_ar: سين, kind: ppl, country: IQ, lat: 95, lon: 40, source: curated}\n", "95"),
        (
            "actors:\n- {id: a, name: A, name_ar: ألف, type: party, source: curated}\n"
            "- {id: b, name: B, name_ar: ألف, type: party, source: curated}\n",
            "shared by a, b",
        ),
        (
            "actors:\n- {id: a, name: A, name_ar: ألف, type: party, source: curated, ambiguous: [ألف]}\n"
            "- {id: b, name: B, name_ar: ألف, type: party, source: curated, ambiguous: [ألف]}\n",
            None,
        ),
        (
            "actors:\n- {id: a, name: A, name_ar: ألف, type: party, source: curated}\n"
            "- {id: a, name: B, name_ar: باء, type: party, source: curated}\n",
            "id also used",
        ),
    ],
)
def test_lint_catches_problems_in_a_user_file(tmp_path: Path, body, expected):
    f = tmp_path / "mine.yaml"
    f.write_text(body, encoding="utf-8")
    problems = lint_paths([f])
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems
