"""Documents per second on one core, per-stage cost and peak memory, over ../shared/corpus.

    python benchmarks/throughput.py [--corpus DIR] [--seconds 10]

Single timings on shared machines are noisy, so time is the CPU time of this
process (what "one core" means; other processes on the machine do not count),
and the script also times a baseline in the same run (splitting the articles
into words with one regular expression) and reports rasd's cost as a multiple
of it.
Results go to stdout as Markdown; docs/performance.md keeps the latest.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path

from machine import summary  # benchmarks/ is on sys.path when run as a script

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts(corpus: Path) -> list[str]:
    files = sorted(corpus.rglob("*.txt"))
    if not files:
        sys.exit(f"no .txt articles under {corpus}; pass --corpus")
    return [f.read_text(encoding="utf-8") for f in files]


def timed_loop(fn, texts: list[str], seconds: float) -> tuple[int, float]:
    """Run fn over the texts repeatedly for about `seconds` of CPU; (documents, CPU seconds)."""
    n, start = 0, time.process_time()
    while True:
        for t in texts:
            fn(t)
        n += len(texts)
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return n, elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()

    texts = load_texts(args.corpus)
    size_kb = sum(len(t.encode()) for t in texts) / len(texts) / 1024
    rss_start = rss_mb()

    from rasd.knowledge import loader

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["RASD_CACHE_DIR"] = tmp
        t0 = time.perf_counter()
        kb = loader.load()  # parse YAML/JSONL and compile the matchers
        kb_load = time.perf_counter() - t0
        loader._LOADED.clear()
        t0 = time.perf_counter()
        kb = loader.load()  # from the on-disk cache now
        kb_cached = time.perf_counter() - t0
        del os.environ["RASD_CACHE_DIR"]

    from rasd.pipeline import Pipeline

    pipe = Pipeline(kb=kb)
    pipe.extract(texts[0])  # warm lazily built tables
    rss_loaded = rss_mb()

    word = re.compile(r"\w+")
    base_n, base_t = timed_loop(lambda t: word.findall(t), texts, args.seconds / 5)
    n, elapsed = timed_loop(lambda t: pipe.extract(t, published="2018-06-01"), texts, args.seconds)
    docs_per_s = n / elapsed
    base_per_s = base_n / base_t

    # per-stage cost, one pass
    stage_ms: dict[str, list[float]] = {s.name: [] for s in pipe.stages}
    for t in texts:
        doc = pipe.make_doc(t, published="2018-06-01")
        doc.kb = kb
        for st in pipe.stages:
            s0 = time.process_time()
            doc = st.fn(doc)
            stage_ms[st.name].append((time.process_time() - s0) * 1000)

    print(f"## rasd throughput ({time.strftime('%Y-%m-%d')})\n")
    print(f"- machine: {summary()}")
    print(f"- corpus: {len(texts)} articles under {args.corpus.name}/, {size_kb:.1f} KB on average")
    print(f"- knowledge base: {len(kb.actors)} actors, {len(kb.places)} places; "
          f"first load {kb_load:.2f} s, from the cache {kb_cached:.2f} s")
    print(f"- **{docs_per_s:.0f} documents/s on one core** ({1000 / docs_per_s:.2f} ms of CPU per article; "
          f"{n} documents in {elapsed:.1f} CPU seconds; load average {os.getloadavg()[0]:.1f})")
    print(f"- baseline in the same run (regex word split): {base_per_s:.0f} documents/s; "
          f"rasd costs {base_per_s / docs_per_s:.0f}x the baseline")
    print(f"- peak RSS: {rss_mb():.0f} MB (interpreter and corpus {rss_start:.0f} MB, "
          f"with the knowledge base loaded {rss_loaded:.0f} MB)\n")
    print("| stage | mean ms | p95 ms |")
    print("|---|---|---|")
    for name, ms in stage_ms.items():
        ms.sort()
        print(f"| {name} | {statistics.mean(ms):.3f} | {ms[int(len(ms) * 0.95) - 1]:.3f} |")


if __name__ == "__main__":
    main()
