"""The dev corpus's same-event pairs merge, and nothing else does (real pipeline)."""
from __future__ import annotations

import csv
import json
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

PAIRS = [("021", "022"), ("034", "035"), ("047", "048")]


def _dev_jsonl(shared, out) -> dict[str, dict]:
    """The dev articles as JSON lines with the gold publication date and the outlet from SOURCES.tsv."""
    gold = {}
    for line in (shared / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold[g["doc"].split("/")[-1][:3]] = g
    with (shared / "corpus" / "SOURCES.tsv").open(encoding="utf-8") as fh:
        sources = {r["file"].split("/")[-1][:3]: r for r in csv.DictReader(fh, delimiter="\t")}
    with open(out, "w", encoding="utf-8") as fh:
        for f in sorted((shared / "corpus" / "dev").glob("*.txt")):
            n = f.name[:3]
            src = sources.get(n, {})
            url = src.get("original_url_if_known") or None
            pub = (gold.get(n) or {}).get("published") or src.get("publication_date_if_known") or None
            fh.write(json.dumps({"id": n, "text": f.read_text(encoding="utf-8"), "published": pub, "url": url,
                                 "source": urlsplit(url).hostname if url else None}, ensure_ascii=False) + "\n")
    return gold


@pytest.fixture(scope="module")
def dev_db(shared, tmp_path_factory):
    """The dev corpus ingested with the real pipeline: (event -> documents, event -> type, n_sources, gold)."""
    from rasd.store.engine import open_store
    from rasd.store.ingest import ingest
    from rasd.store.models import Document, Event, Report

    tmp = tmp_path_factory.mktemp("dev")
    src, url = tmp / "dev.jsonl", f"sqlite:///{tmp / 'dev.db'}"
    gold = _dev_jsonl(shared, src)
    summary = ingest([str(src)], url, jobs=1)
    assert summary.failed == 0
    if summary.reports == 0:
        pytest.xfail("the pipeline found no events at all (events stage not in place)")
    with open_store(url).connect() as conn:
        rows = conn.execute(select(Report.event_id, Document.doc_id, Report.event_type)
                            .join(Document, Report.document_id == Document.id)).all()
        n_sources = dict(conn.execute(select(Event.id, Event.n_sources)).all())
    docs_of: dict[str, set[str]] = {}
    types_of: dict[str, str] = {}
    for ev, doc, etype in rows:
        docs_of.setdefault(ev, set()).add(doc)
        types_of[ev] = etype
    return docs_of, types_of, n_sources, gold


def test_no_two_different_events_merge(dev_db):
    docs_of = dev_db[0]
    allowed = [set(p) for p in PAIRS]
    wrong = {ev: sorted(d) for ev, d in docs_of.items() if len(d) > 1 and set(d) not in allowed}
    assert wrong == {}, f"reports of different events merged: {wrong}"


# Each pair's main event comes out of both articles with the same type, date and
# place, and becomes one stored event with two sources.
@pytest.mark.parametrize("a, b", PAIRS)
def test_pair_main_event_merges(dev_db, a, b):
    docs_of, types_of, n_sources, gold = dev_db
    main = next(e for e in gold[a]["events"] if e.get("required"))
    merged = [ev for ev, d in docs_of.items() if d == {a, b} and types_of[ev] == main["event_type"]]
    assert merged, f"{a}+{b}: no {main['event_type']} event merged from both reports"
    assert all(n_sources[ev] == 2 for ev in merged)
