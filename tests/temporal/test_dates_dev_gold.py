"""The dev gold: every event date whose evidence holds a date expression resolves to it.

For each gold event with an `event_date`, the time expressions that overlap
its `evidence` are resolved against the gold `published`; the event counts
when one of them lands within `date_tolerance_days`.  Evidence whose only
expressions are background ("منذ ...", flagged `since`) is counted apart.  Evidence without any
date expression is counted separately (its date comes from elsewhere in the
article: the events stage's business).

Run as a script for the counts:  python tests/temporal/test_dates_dev_gold.py [SHARED]
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path


def check(shared: Path, kb=None) -> dict:
    """Counts over the gold file and the misses, as a dict."""
    from rasd.pipeline import Pipeline

    pipe = Pipeline(stages=["normalise", "segment", "dates"], kb=kb)
    out = {"events": 0, "with_expression": 0, "resolved": 0, "background_only": 0, "background_resolved": 0,
           "misses": []}
    for line in (shared / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        text = (shared / gold["doc"]).read_text(encoding="utf-8")
        doc = pipe.extract(text, published=gold["published"])
        for ev in gold["events"]:
            if not ev.get("event_date"):
                continue
            out["events"] += 1
            start = text.find(ev["evidence"])
            end = start + len(ev["evidence"])
            found = [t for t in doc.times if start >= 0 and t.start < end and start < t.end]
            if not found:
                continue
            want = dt.date.fromisoformat(ev["event_date"])
            tol = ev.get("date_tolerance_days") or 0
            hit = any(t.value and abs((dt.date.fromisoformat(t.value) - want).days) <= tol for t in found)
            if all(t.attrs.get("since") for t in found):
                # only background ("منذ أكثر من عامين"): the date is elsewhere
                out["background_only"] += 1
                out["background_resolved"] += hit
                continue
            out["with_expression"] += 1
            if hit:
                out["resolved"] += 1
            else:
                out["misses"].append((gold["doc"], ev["event_date"], [(text[t.start : t.end], t.value) for t in found]))
    return out


def test_dev_gold_dates_resolve(shared, kb):
    got = check(shared, kb)
    assert got["events"] >= 150
    assert got["with_expression"] >= 80
    # every expression found in an evidence must give the gold date
    assert got["misses"] == [], got["misses"]


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("RASD_SHARED", Path(__file__).resolve().parents[3] / "shared"))
    res = check(root)
    print(
        f"gold events with a date: {res['events']}; evidence holding a date expression: "
        f"{res['with_expression']}; resolved within tolerance: {res['resolved']}; "
        f"evidence with background expressions only: {res['background_only']} "
        f"({res['background_resolved']} of them matching anyway)"
    )
    for miss in res["misses"]:
        print("  miss:", miss)
