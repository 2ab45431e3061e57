#!/usr/bin/env python
"""How well the place knowledge base serves the dev articles.

    python tools/places_coverage.py [--shared PATH] [--review FILE] [-v]

Runs `Pipeline().extract(text)` over every article the gold file
(<shared>/eval/dev.jsonl) annotates and reports, per article:

- the place entities found, with the entry each resolved to;
- gold locations not found (no entity carries any of the gold's Arabic names),
  and those found but resolved to an entry far from the gold's coordinates;
- place hits that are not places at all: a hit is *verified* when it names a
  gold location, the gold's country or governorate, or lies within the gold's
  radius; otherwise the review file (tools/places_coverage_review.tsv: doc,
  surface, verdict, note) says whether it is a real place the gold does not
  need (`place`), a place resolved to the wrong entry (`wrong`) or not a place
  (`fp`).  Hits nobody has reviewed are listed so they can be.

With --collisions (needs wordfreq) it also estimates how often the aliases
of small places (not countries, governorates, capitals or towns of 100,000)
would fire in ordinary Arabic text: the summed frequency of every word the
matcher would take for one of them, clitics included, per 10,000 words.

This is a measuring script, not a test: the numbers go into
docs/knowledge-places.md.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
REVIEW = Path(__file__).resolve().parent / "places_coverage_review.tsv"
ENTITY_STAGES = ("normalise", "segment", "entities")
FINE_KINDS = ("ppl", "neighbourhood", "landmark", "admin2", "admin3")


def norm(s: str) -> str:
    """Comparison form: rasd's folding, lower case, no article."""
    from rasd.text.normalize import fold

    words = fold(s).lower().replace("-", " ").split()
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def entry_names(p: dict[str, Any]) -> set[str]:
    names = {p["name"], p["name_ar"], *p.get("aliases", ())}
    return {norm(n) for n in names if n}


def read_review(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    out = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                doc, surface, verdict, *note = line.split("\t")
                out[(doc, norm(surface))] = (verdict, note[0] if note else "")
    return out


def article_report(kb, pipe, gold: dict[str, Any], text: str, review: dict) -> dict[str, Any]:
    """Place hits and gold locations of one article, classified."""
    doc = pipe.extract(text, published=gold.get("published"))
    stem = Path(gold["doc"]).stem.split("_")[0]
    events = [e for e in gold["events"] if e.get("location") or e.get("country")]
    gold_names = {norm(n) for e in events for n in (e.get("location") or [])}
    gold_names |= {norm(e["admin1"]) for e in events if e.get("admin1")}
    gold_cc = {e["country"] for e in events if e.get("country")}
    hits = []
    for ent in doc.entities:
        ids = [c.split(":", 1)[1] for c in ent.candidates if c.startswith("place:")]
        if ent.kind != "place" and not ids:
            continue
        surface = text[ent.start : ent.end]
        pid = ent.entry_id if ent.kind == "place" else ids[0]
        p = kb.places[pid]
        names = entry_names(p) | {norm(surface)}
        if names & gold_names or (p["kind"] == "country" and p["country"] in gold_cc):
            status = "gold"
        elif any(
            e.get("latitude") is not None
            and km(p["lat"], p["lon"], e["latitude"], e["longitude"]) <= max(e.get("radius_km") or 0, 25)
            for e in events
        ):
            status = "near-gold"
        else:
            status = review.get((stem, norm(surface)), ("unreviewed", ""))[0]
        hits.append({"surface": surface, "id": pid, "kind": p["kind"], "country": p["country"],
                     "name": p["name"], "as": ent.kind, "status": status})
    missing, wrong, found = [], [], 0
    seen = set()
    for e in events:
        arabic = [n for n in (e.get("location") or []) if any("\u0600" <= c <= "\u06ff" for c in n)]
        if not arabic or tuple(arabic) in seen:
            continue
        seen.add(tuple(arabic))
        want = {norm(n) for n in arabic}
        match = [h for h in hits if norm(h["surface"]) in want or entry_names(kb.places[h["id"]]) & want]
        if not match:
            missing.append(arabic[0])
            continue
        found += 1
        if e.get("latitude") is not None:
            # A town or quarter named in the gold must resolve near the gold's
            # point; governorates and countries may lie farther off.
            radius = max(e.get("radius_km") or 0, 50)
            for h in match:
                p = kb.places[h["id"]]
                if p["kind"] in FINE_KINDS and km(p["lat"], p["lon"], e["latitude"], e["longitude"]) > radius:
                    wrong.append(f"{h['surface']} -> {h['id']} ({h['name']}, {h['country']}), "
                                 f"{km(p['lat'], p['lon'], e['latitude'], e['longitude']):.0f} km from the gold point")
    return {"doc": gold["doc"], "stem": stem, "hits": hits, "missing": missing, "wrong": wrong, "found": found}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="place coverage over the dev articles")
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("RASD_SHARED", REPO.parent / "shared")))
    ap.add_argument("--review", type=Path, default=REVIEW)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every hit, not only the doubtful ones")
    ap.add_argument("--full", action="store_true", help="run every stage, not only those up to `entities`")
    ap.add_argument("--collisions", action="store_true", help="estimate small-place hits in ordinary text (wordfreq)")
    args = ap.parse_args(argv)
    gold_path = args.shared / "eval" / "dev.jsonl"
    if not gold_path.exists():
        print(f"no gold file at {gold_path}", file=sys.stderr)
        return 2
    from rasd.knowledge import load
    from rasd.pipeline import Pipeline

    kb = load()
    # Places are settled by the entities stage; the later stages only cost time.
    pipe = Pipeline(kb=kb) if args.full else Pipeline(ENTITY_STAGES, kb=kb)
    review = read_review(args.review)
    totals: Counter = Counter()
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        path = args.shared / gold["doc"]
        if not path.exists() or "/test/" in gold["doc"]:
            continue
        r = article_report(kb, pipe, gold, path.read_text(encoding="utf-8"), review)
        totals.update(h["status"] for h in r["hits"])
        totals["articles"] += 1
        totals["gold found"] += r["found"]
        totals["gold missing"] += len(r["missing"])
        totals["gold wrong entry"] += len(r["wrong"])
        print(f"== {r['doc']}: {len(r['hits'])} place hits")
        for h in r["hits"]:
            if args.verbose or h["status"] not in ("gold", "near-gold", "place"):
                print(f"   [{h['status']}] {h['surface']} -> {h['id']} {h['name']} ({h['kind']}, {h['country']})"
                      + (" [as actor]" if h["as"] != "place" else ""))
        for m in r["missing"]:
            print(f"   MISSING gold location: {m}")
        for w in r["wrong"]:
            print(f"   WRONG entry for gold location: {w}")
    hits = sum(totals[k] for k in ("gold", "near-gold", "place", "wrong", "fp", "unreviewed"))
    print("\n== totals")
    print(f"articles {totals['articles']}; place hits {hits}: gold {totals['gold']}, near gold {totals['near-gold']}, "
          f"other real places {totals['place']}, wrong entry {totals['wrong']}, not a place {totals['fp']}, "
          f"unreviewed {totals['unreviewed']}")
    print(f"gold locations: found {totals['gold found']}, missing {totals['gold missing']}, "
          f"found but resolved far away {totals['gold wrong entry']}")
    if args.collisions:
        collisions(kb)
    return 0


def collisions(kb, top: int = 25) -> None:
    """Print the expected small-place alias hits per 10,000 words of ordinary Arabic."""
    from wordfreq import get_frequency_dict

    from rasd.knowledge.matcher import MIN_BARE_CORE, PROCLITICS, alias_keys
    from rasd.text.normalize import fold

    freq: Counter = Counter()
    for word, f in get_frequency_dict("ar").items():
        freq[" ".join(fold(word).split())] += f
    famous: set[str] = set()
    for p in kb.places.values():
        if p["kind"] in ("country", "admin1") or p.get("capital") or (p.get("population") or 0) >= 100_000:
            famous.update(k for a in (p["name_ar"], *p.get("aliases", ())) for k, _ in alias_keys(a))
    small = Counter()
    owners: dict[str, str] = {}
    for p in kb.places.values():
        for alias in (p["name_ar"], *p.get("aliases", ())):
            for k, bare in alias_keys(alias):
                if " " in k or k in small or k in famous:
                    continue  # phrases are rare; famous names are the place itself
                # A short bare core is only matched after the article (matcher rule).
                pres = [x for x in PROCLITICS if not bare or len(k) >= MIN_BARE_CORE or x.endswith(("ال", "لل"))]
                small[k] = sum(freq.get(pre + k, 0.0) for pre in pres) * 10_000
                owners[k] = p["id"]
    total = sum(small.values())
    print(f"\n== small-place aliases in ordinary Arabic text (wordfreq): {len(small)} one-word keys, "
          f"about {total:.2f} hits per 10,000 words")
    for k, v in small.most_common(top):
        print(f"   {v:6.3f}  {k}  ({owners[k]})")


if __name__ == "__main__":
    raise SystemExit(main())
