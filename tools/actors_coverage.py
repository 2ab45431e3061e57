"""Measure how well the actor knowledge base covers the dev articles' actors.

Runs the real pipeline over every article the gold file lists and, per
article, prints the actor/person entities found (entry id and the words that
matched) and every gold actor list (actor1/actor2 of the events, speakers of
the quotes) with whether it was found:

- `found`: some gold name equals or is contained in one of an entity's names
  (its `name`, `name_ar` or the article text it covers), after the same
  normalisation the scorer uses -- what the evaluation will count;
- `exact`: one of the list's English names is contained in the English name
  of a matching entity (or equals one of its entry's `aliases_en`) -- the
  entity resolved to the right entry, not only to a matching word.

Places standing for a government ("بغداد" for the Government of Iraq) count
with their government's names.

    python tools/actors_coverage.py [--shared PATH] [--quiet] [--json OUT]

This is a measuring script, not a test: it reads the shared data folder
(../shared by default, or $RASD_SHARED).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from rasd.pipeline import Pipeline
from rasd.text.normalize import fold

REPO = Path(__file__).resolve().parents[1]


def norm(s: str) -> str:
    """The scorer's name normalisation (diacritics, hamza forms, ta marbuta, case)."""
    return " ".join(fold(s).lower().split())


def entity_names(kb, doc, e) -> tuple[list[str], list[str]]:
    """All names of an entity for matching, and its English names (name, aliases_en)."""
    text = doc.text[e.start : e.end]
    names = [text]
    english: list[str] = []
    entry = None
    if e.kind in ("actor", "person", "outlet"):
        english = [e.attrs.get("name") or ""]
        names += [e.attrs.get("name") or "", e.attrs.get("name_ar") or ""]
        entry = kb.actors.get(e.entry_id or "")
    elif e.kind == "place" and e.attrs.get("stands_for"):
        entry = kb.actors.get(e.attrs["stands_for"])
        if entry:
            english = [entry["name"]]
            names += [entry["name"], entry["name_ar"], e.attrs.get("name") or ""]
    if entry and not entry.get("generic"):
        english += entry.get("aliases_en", [])
    return [n for n in names if n], [x for x in english if x]


def gold_lists(line: dict) -> list[tuple[str, list[str]]]:
    """Distinct actor lists of an article: ("actor", names) and ("speaker", names)."""
    seen: list[tuple[str, list[str]]] = []
    for ev in line.get("events", []):
        for key in ("actor1", "actor2"):
            names = ev.get(key)
            if names and ("actor", names) not in seen:
                seen.append(("actor", names))
    for q in line.get("quotes", []):
        names = q.get("speaker")
        if names and ("speaker", names) not in seen:
            seen.append(("speaker", names))
    return seen


def check(kb, doc, names: list[str], event_actors: bool = False) -> tuple[bool, bool, list[str]]:
    """(found, exact, entity ids that matched) for one gold list."""
    gold = [norm(n) for n in names]
    latin = [g for g in gold if g.isascii()]
    found = exact = False
    hits = []
    for e in doc.entities:
        ents, english = entity_names(kb, doc, e)
        ents_n = [norm(x) for x in ents]
        if any(g and (g == x or g in x) for g in gold for x in ents_n):
            found = True
            hits.append(e.attrs.get("id") or e.entry_id or e.attrs.get("name", "?"))
            eng = [norm(x) for x in english]
            if any(g in eng[0] or g in eng[1:] for g in latin if eng):
                exact = True
    if not found and event_actors:
        # an actor named only by an adjective ("قصف تركي") is no entity: the events stage makes it
        by_demonym = [
            a for ev in doc.events for n, a in ((1, ev.actor1), (2, ev.actor2))
            if a and getattr(ev.evidence.get(f"actor{n}"), "rule", "") == "actor:demonym"
        ]
        for a in by_demonym:
            if any(g and (g == norm(x) or g in norm(x)) for g in gold for x in (a.get("name"), a.get("name_ar")) if x):
                found = True
                hits.append(f"event:{a.get('id')}")
                exact = exact or any(g in norm(a.get("name") or "") for g in latin)
    return found, exact, sorted(set(hits))


def main(argv: list[str] | None = None) -> int:
    """Run the pipeline over the gold articles and print coverage."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("RASD_SHARED", str(REPO.parent / "shared")))
    ap.add_argument("--quiet", action="store_true", help="only misses and totals")
    ap.add_argument("--json", help="write per-article results to this file")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    gold_path = shared / "eval" / "dev.jsonl"
    if not gold_path.exists():
        print(f"no gold file at {gold_path}", file=sys.stderr)
        return 2
    pipe = Pipeline()
    kb = pipe.kb
    totals: Counter = Counter()
    report = []
    for raw in gold_path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        line = json.loads(raw)
        text = (shared / line["doc"]).read_text(encoding="utf-8")
        doc = pipe.extract(text, published=line.get("published"), id=line["doc"])
        actors = [e for e in doc.entities if e.kind in ("actor", "person", "outlet")]
        found_ids = Counter(e.attrs.get("id") or f"person:{doc.text[e.start:e.end]}" for e in actors)
        art = {"doc": line["doc"], "entities": dict(found_ids), "lists": []}
        print(f"\n== {line['doc']}")
        if not args.quiet:
            print("   entities: " + ", ".join(f"{k}×{v}" if v > 1 else k for k, v in sorted(found_ids.items())))
        for kind, names in gold_lists(line):
            found, exact, hits = check(kb, doc, names, event_actors=kind == "actor")
            totals[kind] += 1
            totals[f"{kind}_found"] += found
            totals[f"{kind}_exact"] += exact
            art["lists"].append({"kind": kind, "names": names, "found": found, "exact": exact, "by": hits})
            mark = "ok   " if found and exact else ("found" if found else "MISS ")
            if args.quiet and found and exact:
                continue
            shown = ", ".join(names[:4]) + (" ..." if len(names) > 4 else "")
            print(f"   {mark} {kind:7} [{shown}]" + (f" <- {', '.join(hits[:4])}" if hits else ""))
        report.append(art)
    print("\n== totals")
    for kind in ("actor", "speaker"):
        n = totals[kind]
        if n:
            print(
                f"   {kind} lists: {n}; found {totals[kind + '_found']} ({100 * totals[kind + '_found'] / n:.0f}%),"
                f" resolved to the ACLED name {totals[kind + '_exact']} ({100 * totals[kind + '_exact'] / n:.0f}%)"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
