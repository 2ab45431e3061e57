"""`rasd.store.ingest`: resumable, idempotent, parallel, on Dask, and what SIGKILL leaves behind."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rasd.store.ingest import ingest

from .corpus_gen import write_corpus
from .fake_events import install

HERE = Path(__file__).resolve().parent


@pytest.fixture
def fake(monkeypatch):
    import rasd.store.workers as w

    monkeypatch.setattr(w, "extract_one", w.extract_one)  # restored after the test
    install()


def snapshot(url: str) -> dict:
    """The database's content, free of surrogate ids and arrival order."""
    from sqlalchemy import select

    from rasd.store.engine import open_store
    from rasd.store.models import Document, EntityRow, Event, Report

    engine = open_store(url)
    with engine.connect() as conn:
        docs = sorted(conn.execute(select(Document.content_hash, Document.status, Document.doc_id, Document.seq)).all())
        ents = conn.execute(select(EntityRow.id)).all()
        reps = sorted(conn.execute(select(Report.key, Report.event_id, Report.fatalities)).all())
        evs = sorted(conn.execute(select(Event.id, Event.n_reports, Event.n_sources, Event.fatalities,
                                         Event.fatalities_min, Event.fatalities_max, Event.event_date)).all())
    engine.dispose()
    return {"docs": docs, "n_entities": len(ents), "reports": reps, "events": evs}


def test_ingest_is_idempotent_and_merges(db_url, tmp_path, fake):
    src = tmp_path / "c.jsonl"
    write_corpus(src, 60)
    s1 = ingest([str(src)], db_url, jobs=1, batch_size=7)
    assert (s1.seen, s1.stored, s1.skipped, s1.failed) == (60, 60, 0, 0)
    snap = snapshot(db_url)
    assert len(snap["docs"]) == 60 and len(snap["reports"]) == 60
    assert any(e[1] > 1 and e[2] > 1 for e in snap["events"])
    s2 = ingest([str(src)], db_url, jobs=1)
    assert (s2.stored, s2.skipped) == (0, 60)
    assert snapshot(db_url) == snap


def test_failed_documents_are_stored_once(sqlite_url, tmp_path, fake):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("اشتباكات في كركوك بين الشرطة ومسلحين.", encoding="utf-8")
    (tmp_path / "in" / "english.txt").write_text("No Arabic text in this file.", encoding="utf-8")
    (tmp_path / "in" / "bad.jsonl").write_text('{"id": "x", "text": "نص", "published": "yesterday"}\nnot json\n', encoding="utf-8")
    s = ingest([str(tmp_path / "in")], sqlite_url, jobs=1)
    assert (s.stored, s.failed) == (1, 3)
    assert ingest([str(tmp_path / "in")], sqlite_url, jobs=1).skipped == 4
    from rasd.store.engine import open_store
    from rasd.store.query import failures

    with open_store(sqlite_url).connect() as conn:
        codes = sorted(r["error_code"] for r in failures(conn))
    assert codes == ["E104", "E107", "E109"]
    # The file is fixed: its failure goes, the document comes in.
    (tmp_path / "in" / "english.txt").write_text("صار الملف عربيا الآن عن الموصل.", encoding="utf-8")
    ingest([str(tmp_path / "in")], sqlite_url, jobs=1)
    with open_store(sqlite_url).connect() as conn:
        assert sorted(r["error_code"] for r in failures(conn)) == ["E107", "E109"]


def test_same_url_is_skipped(sqlite_url, tmp_path, fake):
    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "1", "text": "خبر عن تكريت", "url": "https://example.org/1"}\n'
                   '{"id": "2", "text": "خبر معدل عن تكريت", "url": "https://example.org/1"}\n', encoding="utf-8")
    s = ingest([str(src)], sqlite_url, jobs=1)
    assert (s.stored, s.skipped) == (1, 1)


def test_worker_processes_give_the_same_database(tmp_path, fake):
    src = tmp_path / "c.jsonl"
    write_corpus(src, 80)
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    ingest([str(src)], one, jobs=1)
    # Workers are fresh processes: they get the stand-in events through sitecustomize.
    env_patch = _fake_env(tmp_path)
    old = {k: os.environ.get(k) for k in env_patch}
    os.environ.update(env_patch)
    try:
        ingest([str(src)], two, jobs=2, batch_size=9)
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    assert snapshot(one) == snapshot(two)


def test_dask_gives_the_same_database(tmp_path, fake):
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "c.jsonl"
    write_corpus(src, 50)
    local, remote = f"sqlite:///{tmp_path / 'local.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    ingest([str(src)], local, jobs=1)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        s = ingest([str(src)], remote, dask=cluster.scheduler_address, batch_size=11)
    assert s.stored == 50
    assert snapshot(local) == snapshot(remote)


def test_dask_unreachable(tmp_path):
    with pytest.raises(Exception, match="E505"):
        ingest([str(tmp_path)], f"sqlite:///{tmp_path / 'x.db'}", dask="tcp://127.0.0.1:9")


def _fake_env(tmp_path: Path) -> dict[str, str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    shutil.copy(HERE / "fake_events.py", site / "sitecustomize.py")
    return {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]), "RASD_TEST_FAKE_EVENTS": "1"}


def _rasd(*args: str, env: dict) -> list[str]:
    return [sys.executable, "-m", "rasd.cli.main", *args] if False else [sys.executable, "-c", "from rasd.cli.main import cli; cli()", *args]


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as c:
            return c.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_and_resume_equals_one_run(tmp_path):
    n = 800
    src = tmp_path / "c.jsonl"
    write_corpus(src, n)
    env = {**os.environ, **_fake_env(tmp_path)}
    ref, killed = tmp_path / "ref.db", tmp_path / "killed.db"
    cmd = [sys.executable, "-c", "from rasd.cli.main import cli; cli()", "ingest", str(src), "-q", "--batch", "20"]
    subprocess.run(cmd + ["--db", str(ref), "-j", "1"], env=env, check=True, capture_output=True)
    proc = subprocess.Popen(cmd + ["--db", str(killed), "-j", "2"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(killed) < 60 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its workers, mid-run
    proc.wait()
    stored = _count(killed)
    assert 0 < stored < n, f"the kill came too late ({stored} of {n} stored); make the corpus bigger"
    out = subprocess.run(cmd + ["--db", str(killed), "-j", "2"], env=env, check=True, capture_output=True, text=True)
    assert f"{n - stored} stored, {stored} already stored" in out.stderr
    a, b = snapshot(f"sqlite:///{ref}"), snapshot(f"sqlite:///{killed}")
    assert len(b["docs"]) == n and len({d[0] for d in b["docs"]}) == n  # none lost, none twice
    assert a == b
