"""Load test of `rasd serve`: N concurrent clients against the events API, on loopback.

    python benchmarks/web_load.py                    # 200 clients x 25 requests, synthetic corpus
    python benchmarks/web_load.py --db sqlite:///rasd.db --clients 200 --requests 50

It starts `rasd serve` on a free 127.0.0.1 port over the given database (or
over a synthetic corpus of articles made from sentences written for rasd and
ingested with the real pipeline), then runs `--clients` asyncio clients at
once, each with its own connection, each sending `--requests` GETs to
/api/events with a mix of pages, sorts and filters.  It reports p50/p95/p99
latency, throughput and errors (any status but 200, or a failed request) and
the machine it ran on.  Traffic goes to 127.0.0.1 only; every loop is bounded.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe  # benchmarks/ is on sys.path when run as a script

# Sentences written for this benchmark; {p} place, {n} number, {d} day.
TEMPLATES = [
    "قتل {n} مدنيين وأصيب آخرون {d} في انفجار عبوة ناسفة داخل سوق في مدينة {p}، بحسب مصادر أمنية.",
    "تظاهر مئات من أهالي {p} {d} للمطالبة بتحسين خدمات الكهرباء والماء.",
    "اندلعت اشتباكات عنيفة بين قوات الجيش ومسلحين قرب {p} {d}، ما أدى إلى مقتل {n} مسلحين.",
    "شنت طائرات حربية غارات جوية على مواقع في {p} {d}، وقالت مصادر طبية إن {n} أشخاص قتلوا.",
    "اعتقلت قوات الأمن {n} أشخاص في {p} {d} بتهمة التخطيط لهجمات.",
]
PLACES = ["بغداد", "الموصل", "كركوك", "البصرة", "الفلوجة", "تكريت", "حلب", "إدلب", "درعا", "حمص", "دير الزور",
          "صنعاء", "تعز", "عدن", "الحديدة", "سرت", "بنغازي", "طرابلس", "مصراتة"]
NUMBERS = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "عشرة", "12", "15"]
DAYS = ["يوم الأحد", "يوم الاثنين", "يوم الثلاثاء", "يوم الأربعاء", "يوم الخميس", "يوم الجمعة", "يوم السبت", "اليوم"]
QUERIES = [
    {}, {"offset": 50}, {"offset": 200}, {"sort": "fatalities"}, {"sort": "country", "order": "asc"},
    {"country": "IQ"}, {"country": "SY", "sort": "fatalities"}, {"country": "YE"}, {"type": "Protests"},
    {"type": "Battles", "since": "2024-03-01"}, {"since": "2024-01-01", "until": "2024-06-30"},
    {"limit": 100}, {"admin1": "Baghdad"}, {"near": "33.3,44.4,50"},
]


def synthetic_corpus(folder: Path, n: int, seed: int = 7) -> Path:
    """`n` short articles as JSON lines, dated over 2024, from the templates above."""
    rnd = random.Random(seed)
    start = dt.date(2024, 1, 1)
    path = folder / "synthetic.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(rnd.choice(TEMPLATES).format(p=rnd.choice(PLACES), n=rnd.choice(NUMBERS), d=rnd.choice(DAYS))
                            for _ in range(rnd.randint(1, 2)))
            pub = start + dt.timedelta(days=rnd.randrange(366))
            fh.write(json.dumps({"id": f"syn-{i}", "text": text, "published": pub.isoformat(), "outlet": f"outlet-{i % 7}"},
                                ensure_ascii=False) + "\n")
    return path


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "RASD_TOKEN"}
    cmd = [sys.executable, "-c", "from rasd.cli.main import cli; cli(prog_name='rasd')", "serve", "--db", db, "--port", str(port)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


async def wait_up(base: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as c:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"rasd serve exited: {proc.stderr.read()}")
            try:
                if (await c.get(base + "/api/health", timeout=2)).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit("rasd serve did not start")


async def client(base: str, n: int, rnd: random.Random, lat: list[float], errors: list[str], start: asyncio.Event) -> None:
    import httpx

    # One connection per client, as 200 separate browsers would have.
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as c:
        await start.wait()
        for _ in range(n):
            params = rnd.choice(QUERIES)
            t0 = time.perf_counter()
            try:
                r = await c.get("/api/events", params=params)
                if r.status_code != 200:
                    errors.append(f"HTTP {r.status_code} {params}")
                else:
                    r.json()
            except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                errors.append(f"{type(exc).__name__}: {exc} {params}")
            lat.append(time.perf_counter() - t0)


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs)) - 1))]


async def run(base: str, clients: int, requests: int, seed: int) -> dict:
    lat: list[float] = []
    errors: list[str] = []
    start = asyncio.Event()
    tasks = [asyncio.create_task(client(base, requests, random.Random(seed + i), lat, errors, start)) for i in range(clients)]
    await asyncio.sleep(0.5)  # let every client open its client object first
    t0 = time.perf_counter()
    start.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=600)
    wall = time.perf_counter() - t0
    ms = [x * 1000 for x in lat]
    return {
        "clients": clients, "requests": len(lat), "errors": len(errors), "error_samples": errors[:5],
        "seconds": round(wall, 2), "requests_per_s": round(len(lat) / wall, 1),
        "latency_ms": {"p50": round(statistics.median(ms), 1), "p95": round(pct(ms, 95), 1), "p99": round(pct(ms, 99), 1),
                       "max": round(max(ms), 1), "mean": round(statistics.fmean(ms), 1)},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an ingested database to serve (default: a synthetic corpus in a temp folder)")
    ap.add_argument("--articles", type=int, default=1500, help="synthetic articles to ingest when no --db (default 1500)")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--requests", type=int, default=25, help="requests per client (default 25)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the result as JSON only")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="rasd-load-") as tmp:
        db = args.db
        if not db:
            from rasd.store.ingest import ingest

            db = f"sqlite:///{Path(tmp) / 'load.db'}"
            t0 = time.perf_counter()
            s = ingest([str(synthetic_corpus(Path(tmp), args.articles))], db, jobs=None)
            if not args.json:
                print(f"ingested {s.stored} synthetic articles ({s.reports} reports) in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        port = free_port()
        proc = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(wait_up(base, proc))
            import httpx

            events = httpx.get(base + "/api/stats").json()["events"]
            asyncio.run(run(base, 10, 3, args.seed))  # warm-up, not counted
            result = asyncio.run(run(base, args.clients, args.requests, args.seed))
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    result.update({"events_in_db": events, "server": "rasd serve (one uvicorn process)", "machine": describe()})
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        lm = result["latency_ms"]
        print(f"{result['clients']} clients, {result['requests']} requests to /api/events over {events} events in {result['seconds']} s "
              f"({result['requests_per_s']} req/s): p50 {lm['p50']} ms, p95 {lm['p95']} ms, p99 {lm['p99']} ms, max {lm['max']} ms; "
              f"errors {result['errors']}")
        m = result["machine"]
        print(f"machine: {m['nproc']} cores, {m['cpu']}, {m['ram']} RAM, Python {m['python']}")
        for e in result["error_samples"]:
            print("  error:", e)
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
