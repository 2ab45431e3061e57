"""Instructions per article (callgrind), a measure that host load does not move.

    python benchmarks/instructions.py [--corpus DIR] [--passes 2]

Timings on a shared machine move by 10-20% from one hour to the next; the
number of instructions the interpreter runs does not.  The script runs the
pipeline under valgrind's callgrind twice (warm-up only, then warm-up plus
`--passes` passes over the articles) and reports the difference per article,
so start-up and the knowledge base load cancel out.  Needs `valgrind` on the
PATH (Debian: apt-get install valgrind).  PYTHONHASHSEED is fixed so that two
trees compare exactly.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"

# Runs under callgrind: a warm-up pass, then `passes` timed passes.
_WORKER = """
import sys
from pathlib import Path
from rasd.pipeline import Pipeline
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.txt"))]
pipe = Pipeline()
for _ in range(1 + int(sys.argv[2])):
    for t in texts:
        pipe.extract(t, published="2018-06-01")
"""


def collected(corpus: Path, passes: int) -> int:
    """Instructions callgrind counted for a warm-up plus `passes` passes."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", _WORKER, str(corpus), str(passes)],
        capture_output=True, text=True, env=env, check=True,
    )
    m = re.search(r"Collected : (\d+)", out.stderr)
    if m is None:
        sys.exit("callgrind printed no instruction count:\n" + out.stderr[-2000:])
    return int(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--passes", type=int, default=2)
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    n = len(list(args.corpus.rglob("*.txt")))
    if not n:
        sys.exit(f"no .txt articles under {args.corpus}; pass --corpus")
    base, more = collected(args.corpus, 0), collected(args.corpus, args.passes)
    print(f"{(more - base) // (args.passes * n):,} instructions per article "
          f"({n} articles, {args.passes} passes, callgrind)")


if __name__ == "__main__":
    main()
