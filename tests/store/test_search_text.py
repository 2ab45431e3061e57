"""What the full-text index holds for a document: folded text plus clitic-free stems."""
from __future__ import annotations

import pytest

from rasd.store.fts import query_words
from rasd.store.workers import search_text


@pytest.mark.parametrize("text, query", [
    ("اندلعت اشتباكات في بكركوك أمس.", "كركوك"),
    ("وصلت التعزيزات وبالحويجة انتشرت القوات.", "الحويجة"),
    ("قصفت الطائرات مدينة الموصل.", "الموصل"),
    ("أُعلِنَ حظر التجوال في المدينة.", "اعلن"),
])
def test_index_finds_words_behind_clitics_and_diacritics(pipeline, text, query):
    indexed = set(search_text(pipeline.extract(text)).split())
    indexed |= {w.strip(".،") for w in indexed}
    assert set(query_words(query)) <= indexed
