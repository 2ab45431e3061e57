"""Benchmark: ingest a large generated corpus into SQLite, then query 1,000,000 events.

    python benchmarks/ingest.py                    # 100,000 documents, 1,000,000 events
    python benchmarks/ingest.py --docs 5000 --events 100000 --out bench-out

Reports documents/s end to end (`rasd ingest` as a user runs it, all cores),
the resident memory of the ingest and its workers over time (it should stay
flat as the corpus grows), the database size, and the latency (p50/p95) of
`rasd events` filters over a database holding --events synthetic events.
Not a test: run it by hand and copy the table into docs/ingest.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_corpus import write_corpus  # noqa: E402
from machine import summary  # noqa: E402


def tree_rss(proc) -> tuple[float, float]:
    """Resident MB of a process and of it with all its children."""
    import psutil

    try:
        own = proc.memory_info().rss
        kids = sum(c.memory_info().rss for c in proc.children(recursive=True))
    except psutil.Error:
        return 0.0, 0.0
    return own / 2**20, (own + kids) / 2**20


def run_ingest(corpus: Path, db: Path, n: int, jobs: int | None) -> dict:
    import psutil
    import sqlite3

    cmd = [sys.executable, "-c", "from rasd.cli.main import cli; cli()", "ingest", str(corpus), "--db", str(db), "-q"]
    if jobs:
        cmd += ["-j", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    samples = []  # (seconds, documents stored, parent MB, total MB)
    last_count = 0.0
    while proc.poll() is None:
        own, total = tree_rss(ps)
        t = time.perf_counter() - t0
        stored = samples[-1][1] if samples else 0
        if t - last_count > 5 and db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5) as c:
                    stored = c.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.Error:
                pass
            last_count = t
        samples.append((round(t, 1), stored, round(own, 1), round(total, 1)))
        time.sleep(0.5)
    wall = time.perf_counter() - t0
    err = proc.stderr.read()
    if proc.returncode:
        raise SystemExit(f"ingest failed: {err}")
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    with sqlite3.connect(db) as c:
        counts = {k: c.execute(f"SELECT count(*) FROM {k}").fetchone()[0] for k in ("documents", "reports", "events", "entities")}
        counts["merged"] = c.execute("SELECT count(*) FROM events WHERE n_reports > 1").fetchone()[0]
    # Memory by progress: the largest total RSS in each tenth of the run.
    tenths = []
    for k in range(1, 11):
        window = [s[3] for s in samples if (k - 1) * wall / 10 <= s[0] < k * wall / 10]
        tenths.append(max(window) if window else None)
    return {"documents": n, "seconds": round(wall, 1), "docs_per_s": round(n / wall, 1), "summary": err.strip().splitlines()[-1],
            "peak_parent_mb": max(s[2] for s in samples), "peak_total_mb": max(s[3] for s in samples),
            "rss_by_tenth_mb": tenths, "db_mb": round(size / 2**20, 1), "counts": counts}


EVENT_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments"]
COUNTRIES = [("IQ", "Iraq", ["Baghdad", "Nineveh", "Kirkuk", "Anbar", "Diyala", "Salah al-Din", "Basra"], 33.3, 44.4),
             ("SY", "Syria", ["Aleppo", "Idlib", "Daraa", "Deir ez-Zor", "Raqqa", "Homs"], 35.0, 38.5),
             ("YE", "Yemen", ["Sanaa", "Taizz", "Marib", "Hodeidah", "Aden", "Saada"], 15.5, 45.5),
             ("LY", "Libya", ["Tripoli", "Benghazi", "Misrata", "Sirte"], 29.0, 17.0)]
ACTOR_IDS = ["military-forces:IQ", "police-forces:IQ", "isis", "pmf", "military-forces:SY", "sdf", "houthis",
             "saudi-led-coalition", "lna", "unidentified-armed-group:IQ", "civilians:SY", "protesters:IQ"]


def fill_events(url: str, n: int, seed: int = 2) -> float:
    """Insert n synthetic merged events directly (no documents); returns seconds."""
    from sqlalchemy import insert

    from rasd.store.engine import open_store
    from rasd.store.models import Event

    rnd = random.Random(seed)
    engine = open_store(url, create=True)
    t0 = time.perf_counter()
    start = dt.date(2016, 1, 1)
    batch = []
    with engine.begin() as conn:
        for i in range(n):
            cc, country, admins, lat, lon = rnd.choice(COUNTRIES)
            a1, a2 = rnd.sample(ACTOR_IDS, 2)
            fat = rnd.choice([None, 0, 1, 2, 3, 5, 10])
            batch.append({
                "id": f"ev-{i:012x}", "event_date": start + dt.timedelta(days=rnd.randrange(3650)), "time_precision": 1,
                "event_type": rnd.choice(EVENT_TYPES), "sub_event_type": "Armed clash", "actor1_id": a1, "actor1": a1,
                "actor2_id": a2, "actor2": a2, "country": country, "country_code": cc, "admin1": rnd.choice(admins),
                "admin2": None, "location": "x", "latitude": lat + rnd.uniform(-3, 3), "longitude": lon + rnd.uniform(-3, 3),
                "geo_precision": 1, "fatalities": fat, "fatalities_min": fat, "fatalities_max": fat, "n_reports": 1,
                "n_sources": 1, "confidence": 0.5, "notes": "synthetic", "record": {"sources": ["x"]}, "why": {},
            })
            if len(batch) == 50_000:
                conn.execute(insert(Event), batch)
                batch = []
        if batch:
            conn.execute(insert(Event), batch)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return time.perf_counter() - t0


def filter_latency(url: str, rounds: int = 40, seed: int = 3) -> dict:
    """p50/p95 milliseconds of `rasd events` queries (first 50 rows, as the table shows)."""
    from rasd.knowledge import load
    from rasd.store.engine import open_store
    from rasd.store.query import Filters, find_events

    actors = load().actors
    rnd = random.Random(seed)
    engine = open_store(url)

    def d() -> dt.date:
        return dt.date(2016, 1, 1) + dt.timedelta(days=rnd.randrange(3500))

    cases = {
        "no filter (newest 50)": lambda: Filters(),
        "--country": lambda: Filters(country=rnd.choice(COUNTRIES)[0]),
        "--country --since --until (30 days)": lambda: (lambda s: Filters(country=rnd.choice(COUNTRIES)[0], since=s, until=s + dt.timedelta(days=30)))(d()),
        "--admin1": lambda: Filters(admin1=rnd.choice(rnd.choice(COUNTRIES)[2])),
        "--type": lambda: Filters(type=rnd.choice(EVENT_TYPES)),
        "--type --since": lambda: Filters(type=rnd.choice(EVENT_TYPES), since=d()),
        "--since --until (7 days)": lambda: (lambda s: Filters(since=s, until=s + dt.timedelta(days=7)))(d()),
        "--actor (id)": lambda: Filters(actor=rnd.choice(ACTOR_IDS)),
        "--near LAT,LON,25": lambda: (lambda c: Filters(near=(c[3] + rnd.uniform(-2, 2), c[4] + rnd.uniform(-2, 2), 25)))(rnd.choice(COUNTRIES)),
    }
    out = {}
    with engine.connect() as conn:
        for name, make in cases.items():
            times = []
            for _ in range(rounds):
                f = make()
                f.limit = 50
                t0 = time.perf_counter()
                rows = list(find_events(conn, f, actors))
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            out[name] = {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * len(times)) - 1], 2), "rows": len(rows)}
    return out


def cli_latency(db: Path, runs: int = 5) -> float:
    """Median wall time of a whole `rasd events --country IQ` process printing its table (startup included)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from rasd.cli.main import cli; cli()", "events", "--db", str(db),
                        "--country", "IQ"], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--jobs", type=int, default=None, help="ingest workers (default: all cores)")
    ap.add_argument("--out", type=Path, default=Path("bench-out"))
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--skip-events", action="store_true")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": summary(), "date_run": dt.date.today().isoformat()}
    if not args.skip_ingest:
        corpus, db = args.out / f"corpus-{args.docs}", args.out / "ingest.db"
        for p in args.out.glob("ingest.db*"):
            p.unlink()
        if not (corpus / "corpus-000.jsonl").exists():
            t0 = time.perf_counter()
            write_corpus(corpus, args.docs)
            print(f"corpus of {args.docs} documents written in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        results["corpus_mb"] = round(sum(p.stat().st_size for p in corpus.glob("*.jsonl")) / 2**20, 1)
        results["ingest"] = run_ingest(corpus, db, args.docs, args.jobs)
        print(json.dumps(results["ingest"], indent=1), file=sys.stderr)
    if not args.skip_events:
        edb = args.out / "events.db"
        for p in args.out.glob("events.db*"):
            p.unlink()
        results["fill_seconds"] = round(fill_events(f"sqlite:///{edb}", args.events), 1)
        results["events"] = args.events
        results["events_db_mb"] = round(sum(p.stat().st_size for p in args.out.glob("events.db*")) / 2**20, 1)
        results["filters"] = filter_latency(f"sqlite:///{edb}")
        results["cli_events_ms"] = cli_latency(edb)
    (args.out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
