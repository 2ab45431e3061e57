"""Cross-document merge rules on event records built here (no extraction)."""
from __future__ import annotations

import datetime
import itertools
import random

import orjson
import pytest

from rasd.store.merge import Actors, ReportView, compatible, fits, haversine_km, merged_record, partition, place_key

from .helpers import ACTORS, event

ACT = Actors(ACTORS)


def view(key: str, doc: str, outlet: str, **kw) -> ReportView:
    return ReportView.of(key, doc, outlet, event(**kw))


@pytest.mark.parametrize(
    "a, b, same",
    [
        ({}, {}, True),  # identical
        ({}, {"date": "2024-03-02"}, True),  # a day apart
        ({}, {"date": "2024-03-03"}, False),  # two days apart
        ({}, {"date": None}, False),  # no date: cannot tell
        ({}, {"etype": "Explosions/Remote violence"}, False),
        ({}, {"dlat": 0.05}, True),  # same name, 5.6 km off
        ({}, {"place": "hawija"}, False),  # 57 km away
        ({}, {"a1": "iq-federal-police"}, True),  # child of the other's actor
        ({}, {"a1": "military-forces"}, True),  # generic of the same kind
        ({}, {"a1": None}, True),  # unknown actor
        ({}, {"a1": "pmf"}, False),  # a different named actor
        ({}, {"a1": "isis", "a2": "iq-police"}, True),  # battles: sides swapped
        ({"etype": "Explosions/Remote violence"}, {"etype": "Explosions/Remote violence", "a1": "isis", "a2": "iq-police"}, False),
    ],
)
def test_compatible(a, b, same):
    assert (compatible(view("a", "d1", "A", **a), view("b", "d2", "B", **b), ACT) is not None) is same


def test_within_10_km_without_the_same_name():
    r = ReportView.of("a", "d1", "A", event())
    s_rec = event(dlat=0.06)
    s_rec["location_ar"] = "حي الواسطي"
    s = ReportView.of("b", "d2", "B", s_rec)
    why = compatible(r, s, ACT)
    assert why is not None and why["place"] == "within 10 km" and 6 < why["km_apart"] < 7.5
    s_rec2 = event(dlat=0.12)
    s_rec2["location_ar"] = "حي الواسطي"
    assert compatible(r, ReportView.of("c", "d3", "C", s_rec2), ACT) is None


def test_haversine():
    assert haversine_km(33.3152, 44.3661, 35.4681, 44.3922) == pytest.approx(239.4, abs=1.0)


def test_same_document_never_merges():
    groups = partition([view("h1#1", "h1", "A"), view("h1#2", "h1", "A")], ACT)
    assert len(groups) == 2


def test_fatalities_lowest_credible_with_range():
    g = partition([view("a#1", "a", "A", fatalities=12), view("b#1", "b", "B", fatalities=9),
                   view("c#1", "c", "C", fatalities=None)], ACT)
    assert len(g) == 1
    rec = merged_record(g[0], ACT)
    assert (rec["fatalities"], rec["fatalities_min"], rec["fatalities_max"]) == (9, 9, 12)
    assert rec["n_sources"] == 3 and rec["n_reports"] == 3
    assert sorted(r["fatalities"] for r in rec["reports"] if r["fatalities"] is not None) == [9, 12]


def test_specific_actor_wins():
    g = partition([view("a#1", "a", "A", a1="military-forces"), view("b#1", "b", "B", a1="iq-federal-police"),
                   view("c#1", "c", "C", a1="iq-police")], ACT)
    assert len(g) == 1
    assert merged_record(g[0], ACT)["actor1"]["id"] == "iq-federal-police"


def test_split_pairs_keep_reports_apart():
    rs = [view("a#1", "a", "A"), view("b#1", "b", "B")]
    assert len(partition(rs, ACT)) == 1
    assert len(partition(rs, ACT, {("a#1", "b#1")})) == 2


def test_chain_of_days_does_not_become_one_event():
    rs = [view(f"{d}#1", str(d), f"O{d}", date=f"2024-03-{d:02d}") for d in range(1, 8)]
    groups = partition(rs, ACT)
    assert all(len(g) <= 2 for g in groups)
    for g in groups:
        assert max(r.date for r in g) - min(r.date for r in g) <= __import__("datetime").timedelta(days=1)


def _shape(groups):
    return sorted(sorted(r.key for r in g) for g in groups)


def test_partition_does_not_depend_on_order():
    rnd = random.Random(7)
    specs = []
    for i in range(40):
        specs.append((f"k{i:02d}#1", f"d{i % 13}", dict(
            date=f"2024-03-0{rnd.randint(1, 4)}", place=rnd.choice(["kirkuk", "hawija", "tuz"]),
            a1=rnd.choice(["iq-police", "iq-federal-police", None, "pmf"]), fatalities=rnd.choice([None, 1, 3]))))
    ref = _shape(partition([view(k, d, d, **kw) for k, d, kw in specs], ACT))
    for _ in range(10):
        rnd.shuffle(specs)
        assert _shape(partition([view(k, d, d, **kw) for k, d, kw in specs], ACT)) == ref


def test_why_lists_links():
    g = partition([view("a#1", "a", "A"), view("b#1", "b", "B", date="2024-03-02", dlat=0.02)], ACT)
    why = merged_record(g[0], ACT)["why"]
    assert why["anchor"] == "a#1"
    (link,) = why["links"]
    assert link["report"] == "b#1" and link["with"] == "a#1" and link["days_apart"] == 1
    assert link["actors"]["actor1"] == "same actor iq-police"


def test_event_ids_are_stable():
    a = merged_record(partition([view("a#1", "a", "A"), view("b#1", "b", "B")], ACT)[0], ACT)["event_id"]
    b = merged_record(partition([view("b#1", "b", "B"), view("a#1", "a", "A")], ACT)[0], ACT)["event_id"]
    assert a == b and a.startswith("ev-")


def test_fits_agrees_with_compatible():
    # Grouping asks `fits`; the explanation comes from `compatible`: they must never disagree.
    rnd = random.Random(11)
    views = [view(f"k{i:02d}#1", f"d{i}", "O", etype=rnd.choice(["Battles", "Riots", "Explosions/Remote violence"]),
                  date=rnd.choice(["2024-03-01", "2024-03-02", "2024-03-03", None]),
                  place=rnd.choice(["kirkuk", "hawija", "tuz"]), dlat=rnd.choice([0.0, 0.05, 0.12]),
                  a1=rnd.choice(["iq-police", "iq-federal-police", "military-forces", "isis", "pmf", None]),
                  a2=rnd.choice(["isis", "iq-police", "unidentified-armed-group", None]))
             for i in range(60)]
    for r, s in itertools.product(views, repeat=2):
        assert fits(r, s, ACT) is (compatible(r, s, ACT) is not None)


def test_stored_view_reads_its_record_when_asked():
    rec = event(fatalities=4)
    stored = ReportView.stored("a#1", "a", "A", orjson.dumps(rec).decode(), etype=rec["event_type"],
                               date=datetime.date(2024, 3, 1), cc="IQ", location=place_key(rec),
                               lat=rec["latitude"], lon=rec["longitude"], a1=rec["actor1"], a2=rec["actor2"])
    fresh = ReportView.of("a#1", "a", "A", rec)
    assert isinstance(stored.rec, str)
    for f in ("date", "location", "etype", "cc", "lat", "lon", "a1k", "a2k"):
        assert getattr(stored, f) == getattr(fresh, f)
    assert stored.get("fatalities") == 4 and stored.record == rec
