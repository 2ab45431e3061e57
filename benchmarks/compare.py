"""CPU cost of this tree against a git revision, stage by stage, in one run.

    python benchmarks/compare.py REV [--turns 12] [--corpus DIR]

Timings on a shared machine move by 10-20% from one hour to the next, so a
number from today and one from yesterday say little about a change.  This
script checks REV out into a temporary worktree and runs the pipeline of
each tree in its own process; the two take turns over the articles (one
pass each per turn, the order swapped every turn), so both see the same
machine.  It reports the median CPU time per article of every stage and
the ratio before/after.  Both trees use the knowledge base as their own
files give it (a change to the knowledge files shows in the numbers).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from machine import summary  # benchmarks/ is on sys.path when run as a script

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"

# Runs inside each tree's process: one pass over the articles per line read.
_WORKER = """
import json, sys, time
from pathlib import Path
from rasd.pipeline import Pipeline
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.txt"))]
pipe = Pipeline()
for t in texts:
    pipe.extract(t, published="2018-06-01")  # warm the lazily built tables
print(len(texts), flush=True)
for _ in sys.stdin:
    cost = {}
    for t in texts:
        doc = pipe.make_doc(t, published="2018-06-01")
        doc.kb = pipe.kb
        for st in pipe.stages:
            t0 = time.process_time()
            doc = st.fn(doc)
            cost[st.name] = cost.get(st.name, 0.0) + time.process_time() - t0
    print(json.dumps(cost), flush=True)
"""


def _start(src: Path, corpus: Path) -> tuple[subprocess.Popen, int]:
    env = dict(os.environ, PYTHONPATH=str(src))
    proc = subprocess.Popen([sys.executable, "-c", _WORKER, str(corpus)], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    n = int(proc.stdout.readline())
    return proc, n


def _turn(proc: subprocess.Popen) -> dict[str, float]:
    proc.stdin.write("go\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev", help="the git revision to compare with (a commit, tag or branch)")
    ap.add_argument("--turns", type=int, default=12)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    if not any(args.corpus.rglob("*.txt")):
        sys.exit(f"no .txt articles under {args.corpus}; pass --corpus")
    with tempfile.TemporaryDirectory() as tmp:
        old_tree = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(old_tree), args.rev],
                       check=True)
        try:
            old, n = _start(old_tree / "src", args.corpus)
            new, _ = _start(REPO / "src", args.corpus)
            runs: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
            for i in range(args.turns):
                order = [("old", old), ("new", new)] if i % 2 == 0 else [("new", new), ("old", old)]
                for name, proc in order:
                    runs[name].append(_turn(proc))
            for proc in (old, new):
                proc.stdin.close()
                proc.wait()
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old_tree)], check=False)
    print(f"## this tree against {args.rev}\n")
    print(f"- machine: {summary()}")
    print(f"- {n} articles, {args.turns} turns each; median CPU ms per article\n")
    print(f"| stage | {args.rev} | this tree | ratio |")
    print("|---|---|---|---|")
    stages = list(runs["new"][0])
    for st in [*stages, "total"]:
        def ms(name: str) -> float:
            vals = [sum(r.values()) if st == "total" else r.get(st, 0.0) for r in runs[name]]
            return statistics.median(vals) / n * 1000
        before, after = ms("old"), ms("new")
        print(f"| {st} | {before:.3f} | {after:.3f} | {before / after if after else float('nan'):.2f}x |")


if __name__ == "__main__":
    main()
