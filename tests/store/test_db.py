"""The database on SQLite and PostgreSQL: schema, merging on write, filters, search, exports, splits."""
from __future__ import annotations

import datetime as dt
import io
import json
import random

import pytest
from sqlalchemy import select

from rasd.store import query
from rasd.store.engine import open_store
from rasd.store.merge import Actors
from rasd.store.models import Event, Report
from rasd.store.writer import write_batch

from .helpers import ACTORS, event, item

ACT = Actors(ACTORS)

CORPUS = [
    # text, outlet, events
    ("اشتبكت قوات الشرطة مع مسلحين من داعش في كركوك صباح الجمعة.", "A", [event(fatalities=4)]),
    ("قتل ستة في اشتباكات بين الشرطة الاتحادية وعناصر التنظيم بكركوك.", "B", [event(a1="iq-federal-police", fatalities=6, date="2024-03-02")]),
    ("غارة جوية على موقع قرب الحويجة دون إصابات.", "A", [event(etype="Explosions/Remote violence", place="hawija", a1=None, a2="isis")]),
    ("تظاهر مئات في بغداد للمطالبة بالخدمات.", "C", [event(etype="Protests", place="baghdad", a1=None, a2=None, date="2024-02-20")]),
    ("اشتباكات في كركوك وغارة في طوزخورماتو في اليوم نفسه.", "C",
     [event(fatalities=5), event(etype="Explosions/Remote violence", place="tuz", a1=None, a2=None)]),
]


def _store(url, order=None):
    engine = open_store(url, create=True)
    items = [item(i, t, evs, outlet=o) for i, (t, o, evs) in enumerate(CORPUS)]
    for i in order or range(len(items)):
        with engine.begin() as conn:
            write_batch(conn, [items[i]], ACT)
    return engine


def _events(engine):
    with engine.connect() as conn:
        evs = {e.id: (e.n_reports, e.n_sources, e.fatalities, e.fatalities_min, e.fatalities_max)
               for e in conn.execute(select(Event))}
        reps = sorted(conn.execute(select(Report.key, Report.event_id)).all())
    return evs, reps


def test_schema_matches_models(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from rasd.store.models import Base

    engine = open_store(db_url, create=True)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if "documents_fts" not in str(d)] == []
    open_store(db_url, create=True)  # migrating twice is a no-op


def test_merge_on_write_and_order_independence(db_url, tmp_path):
    ref = _store(f"sqlite:///{tmp_path / 'ref.db'}")
    evs, reps = _events(ref)
    # Kirkuk battle: three reports (A, B, C); C's other event stays apart.
    assert [v for v in evs.values() if v[0] == 3] == [(3, 3, 4, 4, 6)]
    assert len(evs) == 4
    order = list(range(len(CORPUS)))
    random.Random(3).shuffle(order)
    assert _events(_store(db_url, order)) == (evs, reps)


def test_filters(db_url):
    engine = _store(db_url)
    with engine.connect() as conn:
        def ids(**kw):
            return [e["event_type"] for e in query.find_events(conn, query.Filters(**kw), ACTORS)]

        assert len(ids()) == 4
        assert ids(type="protests") == ["Protests"]
        assert ids(type="Air/drone strike") == ["Explosions/Remote violence"] * 2
        assert len(ids(country="IQ")) == 4 and ids(country="SY") == []
        assert ids(admin1="Baghdad") == ["Protests"]
        assert ids(since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 1)) != []
        assert ids(until=dt.date(2024, 2, 28)) == ["Protests"]
        assert sorted(ids(near=(35.47, 44.39, 5))) == ["Battles"]
        assert len(ids(near=(35.47, 44.39, 80))) == 3  # Kirkuk battle + Hawija strike + Tuz strike
        assert ids(actor="iq-police") == ["Battles"]  # the federal police is part of it
        assert ids(actor="Islamic State") == ["Battles", "Explosions/Remote violence"]
        assert ids(limit=2) and len(ids(limit=2)) == 2


@pytest.mark.parametrize("words, n", [("كركوك", 2), ("بغداد", 1), ("الحويجة", 1), ("الحويجه", 1), ("غارة جوية", 1), ("موسكو", 0)])
def test_text_search_folds_arabic(db_url, words, n):
    engine = _store(db_url)
    with engine.connect() as conn:
        got = list(query.find_events(conn, query.Filters(text=words)))
    assert len(got) == n


def test_get_event_why_and_split_sticks(db_url):
    engine = _store(db_url)
    with engine.connect() as conn:
        (ev,) = [e for e in query.find_events(conn, query.Filters(type="Battles"))]
        full = query.get_event(conn, ev["id"])
    assert {r["outlet"] for r in full["reports"]} == {"A", "B", "C"}
    lines = query.explain(full)
    assert "3 reports from 3 sources" in lines[0]
    assert any("1 day apart" in ln for ln in lines) and any("Fatalities: 4 kept" in ln for ln in lines)
    with engine.begin() as conn:
        new = query.split(conn, ev["id"], ACT)
    assert len(new) == 3
    # A fourth report of the same battle arrives: the split reports stay apart.
    with engine.begin() as conn:
        write_batch(conn, [item(9, "نص جديد عن اشتباكات كركوك", [event(fatalities=5)], outlet="D")], ACT)
    with engine.connect() as conn:
        battles = [e for e in query.find_events(conn, query.Filters(type="Battles"))]
    assert sum(e["n_reports"] for e in battles) == 4 and max(e["n_reports"] for e in battles) == 2
    with engine.begin() as conn, pytest.raises(Exception, match="E503"):
        single = [e for e in battles if e["n_reports"] == 1][0]
        query.split(conn, single["id"], ACT)


def test_split_one_report(db_url):
    engine = _store(db_url)
    with engine.connect() as conn:
        (ev,) = list(query.find_events(conn, query.Filters(type="Battles")))
        full = query.get_event(conn, ev["id"])
    key = [r for r in full["reports"] if r["outlet"] == "B"][0]["key"]
    with engine.begin() as conn:
        ids = query.split(conn, ev["id"], ACT, report=key)
    assert len(ids) == 2


def test_exports(db_url, tmp_path):
    from rasd.store import export

    engine = _store(db_url)
    with engine.connect() as conn:
        out = {}
        for fmt in ("acled-csv", "geojson", "jsonl"):
            buf = io.StringIO()
            n = export.write(conn, query.find_events(conn, query.Filters()), fmt, buf)
            out[fmt] = (n, buf.getvalue())
        n_pq = export.write(conn, query.find_events(conn, query.Filters()), "parquet", None, path=str(tmp_path / "e.parquet"))
    assert out["acled-csv"][0] == 4 and out["acled-csv"][1].splitlines()[0].startswith("event_id_cnty,event_date")
    assert "Outlet" not in out["acled-csv"][1] and "A; B; C" in out["acled-csv"][1]
    gj = json.loads(out["geojson"][1])
    assert len(gj["features"]) == 4 and gj["features"][0]["geometry"]["type"] == "Point"
    lines = [json.loads(x) for x in out["jsonl"][1].splitlines()]
    battle = [x for x in lines if x["event_type"] == "Battles"][0]
    assert len(battle["reports"]) == 3 and battle["reports"][0]["event"]["evidence"]["event"]["text"] == "اشتباكات"
    import pyarrow.parquet as pq

    t = pq.read_table(tmp_path / "e.parquet")
    assert n_pq == 4 and t.num_rows == 4 and "fatalities_max" in t.column_names


def test_failed_documents_are_listed(db_url):
    engine = open_store(db_url, create=True)
    bad = {"seq": 0, "content_hash": "f" * 64, "id": "bad", "path": "bad.txt", "url": None, "title": None, "outlet": None,
           "published": None, "text": "", "ok": False, "code": "E104", "error": "E104 bad.txt: holds no Arabic text; rasd reads Arabic news only."}
    with engine.begin() as conn:
        write_batch(conn, [bad], ACT)
    with engine.connect() as conn:
        rows = query.failures(conn)
    assert rows == [{"doc_id": "bad", "path": "bad.txt", "error_code": "E104", "error": bad["error"]}]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_merging_equals_merging_all_at_once(sqlite_url, seed):
    """Batches in any order give the events `partition` gives the whole set (window logic)."""
    from rasd.store.merge import ReportView, partition

    rnd = random.Random(seed)
    items = []
    for i in range(70):
        evs = [event(date=f"2024-03-{rnd.randint(1, 12):02d}", place=rnd.choice(["kirkuk", "hawija"]),
                     a1=rnd.choice(["iq-police", "iq-federal-police", None, "pmf", "military-forces"]),
                     dlat=rnd.choice([0.0, 0.03]), fatalities=rnd.choice([None, 1, 2]))]
        items.append(item(i, f"تقرير رقم {i} عن اشتباكات", evs, outlet=f"O{i % 4}"))
    views = [ReportView.of(f"{it['content_hash']}#1", it["content_hash"], it["outlet"], it["record"]["events"][0]) for it in items]
    want = sorted(sorted(r.key for r in g) for g in partition(views, ACT))
    rnd.shuffle(items)
    engine = open_store(sqlite_url, create=True)
    i = 0
    while i < len(items):
        n = rnd.randint(1, 9)
        with engine.begin() as conn:
            write_batch(conn, sorted(items[i : i + n], key=lambda x: x["seq"]), ACT)
        i += n
    with engine.connect() as conn:
        got: dict[str, list[str]] = {}
        for key, ev in conn.execute(select(Report.key, Report.event_id)):
            got.setdefault(ev, []).append(key)
        n_events = conn.execute(select(Event.id)).all()
    assert sorted(sorted(v) for v in got.values()) == want
    assert len(n_events) == len(want)
