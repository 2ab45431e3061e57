"""The article rasd was conceived from, against its gold answers (read from ../shared at run time)."""
import json

import pytest

from rasd.evaluate import compatible, field_agreement, match_events, quote_found
from rasd.output import doc_record

SEED = "seed/000_45a86566f7f23419.txt"


@pytest.fixture(scope="module")
def seed(shared, pipeline):
    gold = next(json.loads(line) for line in (shared / "eval" / "dev.jsonl").open(encoding="utf-8") if SEED in line)
    text = (shared / SEED).read_text(encoding="utf-8")
    doc = pipeline.extract(text, id="seed", published=gold["published"])
    return gold, text, doc, doc_record(doc)


def test_the_four_required_events_with_every_field_right(seed):
    gold, _, _, rec = seed
    required = [g for g in gold["events"] if g["required"]]
    assert len(required) == 4
    pairs, _ = match_events(required, rec["events"])
    assert len(pairs) == 4, "a required seed event was not found"
    for gi, si in pairs:
        agree = field_agreement(required[gi], rec["events"][si])
        assert all(agree.values()), (required[gi]["event_type"], required[gi]["event_date"], agree)


def test_every_seed_event_is_one_the_gold_accepts(seed):
    gold, _, _, rec = seed
    for ev in rec["events"]:
        assert any(compatible(g, ev) for g in gold["events"]), ev["evidence"]["event"]["text"]


def test_no_event_from_the_pull_quote_line(seed):
    _, text, _, rec = seed
    line = next(ln for ln in text.splitlines() if ln.startswith("التحالف:"))
    start = text.index(line)
    for ev in rec["events"]:
        assert not (start <= ev["start"] < start + len(line)), "an event came from the pull quote"


def test_all_five_quotes_with_their_speakers(seed):
    gold, _, _, rec = seed
    assert len(gold["quotes"]) == 5
    for q in gold["quotes"]:
        assert quote_found(q, rec["quotes"]), q


def test_rt_citing_anadolu(seed):
    _, _, _, rec = seed
    chains = [[link.get("id") for link in s["chain"]] for s in rec["sources"]]
    assert ["rt", "anadolu"] in chains


def test_every_span_is_the_text_it_claims(seed):
    _, text, doc, rec = seed
    for ev in rec["events"]:
        for field, evd in ev["evidence"].items():
            if evd["start"] is not None:
                assert text[evd["start"] : evd["end"]] == evd["text"], field
    for e in rec["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]
    for q in rec["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
