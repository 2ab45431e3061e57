"""The store commands end to end through click: ingest, events, export, errors, split."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasd.cli.main import cli

ARTICLES = {
    # (text, outlet, published): the stand-in extractor reports a clash at the place named.
    "a1": ("اندلعت اشتباكات عنيفة بين الشرطة ومسلحين في كركوك وقتل أربعة.", "وكالة الرصد", "2024-03-01"),
    "a2": ("قالت مصادر إن مواجهات دارت في كركوك بين قوات الأمن ومجموعة مسلحة ليلا.", "صحيفة الميدان", "2024-03-01"),
    "a3": ("شهدت الموصل اشتباكات متقطعة بين دورية أمنية ومسلحين مجهولين.", "وكالة الرصد", "2024-03-03"),
}


@pytest.fixture
def env(tmp_path, monkeypatch):
    import importlib.util

    import rasd.store.workers as w

    # The stand-in extractor of the store tests, loaded by path (tests/ is no package).
    spec = importlib.util.spec_from_file_location("rasd_test_fake_events", Path(__file__).parents[1] / "store" / "fake_events.py")
    fake = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fake)
    monkeypatch.setattr(w, "extract_one", w.extract_one)
    fake.install()
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": t, "source": o, "published": p}, ensure_ascii=False) + "\n"
                           for k, (t, o, p) in ARTICLES.items()), encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"")
    db = str(tmp_path / "x.db")
    runner = CliRunner()
    res = runner.invoke(cli, ["ingest", str(src), str(tmp_path / "broken.txt"), "--db", db, "-j", "1", "-q"])
    assert res.exit_code == 0, res.output
    assert "4 documents read: 3 stored, 0 already stored, 1 failed" in res.output
    return runner, db, tmp_path


def run(runner, *args):
    res = runner.invoke(cli, list(args))
    assert res.exit_code == 0, res.output
    return res.stdout


def test_events_table_json_csv(env):
    runner, db, _ = env
    table = run(runner, "events", "--db", db)
    assert "Battles" in table and "Kirkuk" in table
    evs = json.loads(run(runner, "events", "--db", db, "--format", "json"))
    assert sorted(e["n_sources"] for e in evs) == [1, 2]
    kirkuk = [e for e in evs if e["location"] == "Kirkuk"][0]
    assert kirkuk["sources"] == ["صحيفة الميدان", "وكالة الرصد"]
    csv_out = run(runner, "events", "--db", db, "--format", "csv", "--admin1", "Mosul")
    assert csv_out.splitlines()[0].startswith("event_id_cnty,") and len(csv_out.splitlines()) == 2


@pytest.mark.parametrize("args, n", [
    (["--country", "IQ"], 2), (["--country", "SY"], 0), (["--type", "battles"], 2),
    (["--since", "2024-03-02"], 1), (["--until", "2024-03-01"], 1), (["--near", "35.47,44.39,10"], 1),
    (["--actor", "iq-police"], 2), (["--text", "الموصل"], 1), (["--text", "كركوك"], 1),
])
def test_event_filters(env, args, n):
    runner, db, _ = env
    assert len(json.loads(run(runner, "events", "--db", db, "--format", "json", *args))) == n


def test_why_and_split(env):
    runner, db, _ = env
    evs = json.loads(run(runner, "events", "--db", db, "--format", "json", "--admin1", "Kirkuk"))
    eid = evs[0]["id"]
    why = run(runner, "events", "--db", db, "--id", eid, "--why")
    assert "2 reports from 2 sources" in why and "same day" in why and "same location" in why
    one = json.loads(run(runner, "events", "--db", db, "--id", eid, "--format", "json"))
    assert len(one["reports"]) == 2 and one["reports"][0]["event"]["evidence"]
    out = run(runner, "split", eid, "--db", db)
    assert "split into 2 events" in out
    assert len(json.loads(run(runner, "events", "--db", db, "--format", "json"))) == 3
    res = runner.invoke(cli, ["split", eid, "--db", db])
    assert res.exit_code == 1 and "E502" in res.output or "E503" in res.output


def test_export_formats(env):
    runner, db, tmp = env
    run(runner, "export", "--db", db, "--format", "acled-csv", "-o", str(tmp / "e.csv"))
    assert (tmp / "e.csv").read_text(encoding="utf-8").count("\n") == 3
    gj = json.loads(run(runner, "export", "--db", db, "--format", "geojson"))
    assert len(gj["features"]) == 2
    lines = run(runner, "export", "--db", db, "--format", "jsonl").splitlines()
    assert len([ln for ln in lines if ln.startswith("{")]) == 2
    run(runner, "export", "--db", db, "--format", "parquet", "-o", str(tmp / "e.parquet"))
    assert (tmp / "e.parquet").stat().st_size > 0


def test_errors_lists_failures(env):
    runner, db, _ = env
    out = run(runner, "errors", "--db", db)
    assert "broken.txt" in out and "E101" in out


@pytest.mark.parametrize("args, code", [
    (["events", "--db", "DB", "--near", "north"], "E506"),
    (["events", "--db", "DB", "--id", "ev-nothere"], "E502"),
    (["events", "--db", "MISSING"], "E504"),
])
def test_user_errors(env, args, code):
    runner, db, tmp = env
    args = [db if a == "DB" else str(tmp / "missing.db") if a == "MISSING" else a for a in args]
    res = runner.invoke(cli, args)
    assert res.exit_code == 1 and code in res.output
