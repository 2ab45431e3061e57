"""Score extracted events against gold annotations (shared/eval/README.md).

A system event matches a gold event when the event types are equal, the dates
are within the gold tolerance (where the gold has a date), and the system's
coordinates are within `radius_km` of the gold's (where the gold has them;
otherwise the countries must be equal).  Required gold events are matched
first, by a maximum matching that prefers pairs agreeing on more fields;
leftover system events then go to optional gold events.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from rasd.errors import EvaluationError
from rasd.geo.distance import haversine_km
from rasd.text.normalize import fold

FIELDS = ("sub_event_type", "actor1", "actor2", "date", "location", "fatalities")


def norm_name(s: str) -> str:
    return " ".join(fold(s).casefold().split())


def names_match(gold: Iterable[str] | None, system: Iterable[str | None]) -> bool:
    """A gold name equals or is contained in one of the system's names."""
    if gold is None:
        return True
    sys_names = [norm_name(s) for s in system if s]
    return any(norm_name(g) and any(norm_name(g) in s for s in sys_names) for g in gold)


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def actor_names(a: dict[str, Any] | None) -> list[str]:
    if not a:
        return []
    return [a.get("name"), a.get("name_ar"), a.get("text")]


def compatible(g: dict[str, Any], s: dict[str, Any]) -> bool:
    if g["event_type"] != s["event_type"]:
        return False
    if g.get("event_date"):
        sd = _date(s.get("event_date"))
        if sd is None or abs((sd - _date(g["event_date"])).days) > (g.get("date_tolerance_days") or 0):
            return False
    if g.get("latitude") is not None and g.get("radius_km") is not None:
        if s.get("latitude") is None:
            return False
        return haversine_km(g["latitude"], g["longitude"], s["latitude"], s["longitude"]) <= g["radius_km"]
    if g.get("country"):
        return s.get("country_code") == g["country"]
    return True


def field_agreement(g: dict[str, Any], s: dict[str, Any]) -> dict[str, bool]:
    """Per-field agreement of a matched pair."""
    loc_ok = False
    if g.get("location") is None:
        loc_ok = True
    elif g.get("latitude") is not None and s.get("latitude") is not None:
        loc_ok = haversine_km(g["latitude"], g["longitude"], s["latitude"], s["longitude"]) <= 10
    if not loc_ok and g.get("location"):
        ev = (s.get("evidence") or {}).get("location") or {}
        loc_ok = names_match(g["location"], [s.get("location"), s.get("location_ar"), ev.get("text")])
    return {
        "sub_event_type": s.get("sub_event_type") in (g.get("sub_event_type") or [s.get("sub_event_type")]),
        "actor1": names_match(g.get("actor1"), actor_names(s.get("actor1"))),
        "actor2": names_match(g.get("actor2"), actor_names(s.get("actor2"))),
        "date": g.get("event_date") is None or g["event_date"] == s.get("event_date"),
        "location": loc_ok,
        "fatalities": g.get("fatalities") == s.get("fatalities"),
    }


def max_weight_matching(n_rows: int, n_cols: int, weight: Callable[[int, int], float]) -> list[tuple[int, int]]:
    """Maximum-weight bipartite matching (Hungarian algorithm); pairs with weight <= 0 are dropped."""
    n = max(n_rows, n_cols)
    if n == 0:
        return []
    big = 0.0
    cost = [[0.0] * n for _ in range(n)]
    for i in range(n_rows):
        for j in range(n_cols):
            w = weight(i, j)
            cost[i][j] = -w
            big = max(big, w)
    # Standard O(n^3) Hungarian algorithm on a square cost matrix (minimisation).
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [math.inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], math.inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = []
    for j in range(1, n + 1):
        i = p[j] - 1
        if i < n_rows and j - 1 < n_cols and weight(i, j - 1) > 0:
            pairs.append((i, j - 1))
    return pairs


def match_events(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> tuple[list, list]:
    """(required pairs, optional pairs) as (gold index, system index) lists."""
    req = [i for i, g in enumerate(gold) if g.get("required", True)]
    opt = [i for i, g in enumerate(gold) if not g.get("required", True)]

    def w(gi: int, si: int) -> float:
        g, s = gold[gi], system[si]
        if not compatible(g, s):
            return 0.0
        return 1000.0 + sum(field_agreement(g, s).values())

    pairs_req = [(req[a], b) for a, b in max_weight_matching(len(req), len(system), lambda a, b: w(req[a], b))]
    used = {s for _, s in pairs_req}
    left = [s for s in range(len(system)) if s not in used]
    pairs_opt = [
        (opt[a], left[b]) for a, b in max_weight_matching(len(opt), len(left), lambda a, b: w(opt[a], left[b]))
    ]
    return pairs_req, pairs_opt


def quote_found(gq: dict[str, Any], quotes: list[dict[str, Any]]) -> bool:
    phrase = norm_name(gq["contains"])
    for q in quotes:
        if phrase in norm_name(q.get("text") or ""):
            names = [q.get("speaker"), q.get("speaker_name"), q.get("speaker_name_ar")]
            if names_match(gq.get("speaker"), names):
                return True
    return False


@dataclass
class Report:
    """Totals over a gold file, and what was missed or extra."""

    matched: int = 0
    system: int = 0
    system_optional: int = 0
    required: int = 0
    fields: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    quotes: int = 0
    quotes_found: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)
    field_errors: list[dict[str, Any]] = field(default_factory=list)
    quote_misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        denom = self.system - self.system_optional
        return self.matched / denom if denom else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def field_accuracy(self) -> dict[str, float]:
        return {f: (n / self.matched if self.matched else 0.0) for f, n in self.fields.items()}

    @property
    def quote_recall(self) -> float:
        return self.quotes_found / self.quotes if self.quotes else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": {
                "precision": round(self.precision, 4),
                "recall": round(self.recall, 4),
                "f1": round(self.f1, 4),
                "matched": self.matched,
                "required": self.required,
                "system": self.system,
                "system_matched_optional": self.system_optional,
            },
            "fields": {k: round(v, 4) for k, v in self.field_accuracy().items()},
            "quotes": {"recall": round(self.quote_recall, 4), "found": self.quotes_found, "gold": self.quotes},
            "misses": self.misses,
            "extras": self.extras,
            "field_errors": self.field_errors,
            "quote_misses": self.quote_misses,
        }


def score_document(report: Report, doc_name: str, gold_line: dict[str, Any], record: dict[str, Any]) -> None:
    """Add one document's comparison to `report`."""
    gold = gold_line.get("events", [])
    system = record.get("events", [])
    pairs_req, pairs_opt = match_events(gold, system)
    report.required += sum(1 for g in gold if g.get("required", True))
    report.system += len(system)
    report.system_optional += len(pairs_opt)
    report.matched += len(pairs_req)
    matched_g = {g for g, _ in pairs_req} | {g for g, _ in pairs_opt}
    matched_s = {s for _, s in pairs_req} | {s for _, s in pairs_opt}
    for gi, si in pairs_req:
        agree = field_agreement(gold[gi], system[si])
        for f, ok in agree.items():
            report.fields[f] += ok
        wrong = [f for f, ok in agree.items() if not ok]
        if wrong:
            report.field_errors.append({"doc": doc_name, "gold": _brief_gold(gold[gi]), "system": _brief_sys(system[si]), "wrong": wrong})
    for gi, g in enumerate(gold):
        if g.get("required", True) and gi not in matched_g:
            report.misses.append({"doc": doc_name, **_brief_gold(g)})
    for si, s in enumerate(system):
        if si not in matched_s:
            report.extras.append({"doc": doc_name, **_brief_sys(s)})
    for gq in gold_line.get("quotes", []):
        report.quotes += 1
        if quote_found(gq, record.get("quotes", [])):
            report.quotes_found += 1
        else:
            report.quote_misses.append({"doc": doc_name, "speaker": gq["speaker"][0], "contains": gq["contains"]})


def _brief_gold(g: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": g["event_type"], "sub": (g.get("sub_event_type") or [None])[0], "date": g.get("event_date"),
        "actor1": (g.get("actor1") or [None])[0], "actor2": (g.get("actor2") or [None])[0],
        "location": (g.get("location") or [None])[0], "fatalities": g.get("fatalities"),
    }


def _brief_sys(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": s["event_type"], "sub": s.get("sub_event_type"), "date": s.get("event_date"),
        "actor1": (s.get("actor1") or {}).get("name"), "actor2": (s.get("actor2") or {}).get("name"),
        "location": s.get("location"), "lat": s.get("latitude"), "lon": s.get("longitude"),
        "fatalities": s.get("fatalities"), "evidence": ((s.get("evidence") or {}).get("event") or {}).get("text"),
    }


def read_gold(path: Path) -> list[dict[str, Any]]:
    lines = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or "doc" not in obj:
                    raise ValueError("needs a \"doc\" field")
            except ValueError as exc:
                raise EvaluationError("E401", path=path, line=n, detail=str(exc)) from None
            lines.append(obj)
    return lines


def evaluate(gold_path: Path, root: Path, pipeline=None) -> Report:
    """Run the pipeline over every gold document under `root` and score it."""
    from rasd.output import doc_record
    from rasd.pipeline import Pipeline

    pipeline = pipeline or Pipeline()
    report = Report()
    for line in read_gold(gold_path):
        path = root / line["doc"]
        if not path.exists():
            raise EvaluationError("E402", path=path)
        text = path.read_text(encoding="utf-8")
        doc = pipeline.extract_safely(text, path=str(path), id=path.stem, published=line.get("published"))
        score_document(report, line["doc"], line, doc_record(doc))
    return report
