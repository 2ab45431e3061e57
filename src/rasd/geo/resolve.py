"""Choose between places that share a name, by what the article is about.

`GeoContext` counts, over the whole article, the countries and governorates
that unambiguous mentions point to (a country named outright, a governorate,
a nationality adjective, a place with a single reading).  `rank_places` then
orders the readings of an ambiguous name: same country first, then same
governorate, then a kind that fits the cue word before it ("محافظة" wants a
governorate, "مدينة" a town), then population.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

# Which kinds a cue word before the name asks for.
CUE_KINDS = {
    "محافظه": ("admin1",),
    "ولايه": ("admin1",),
    "اقليم": ("admin1", "region"),
    "قضاء": ("admin2",),
    "مديريه": ("admin2",),
    "ناحيه": ("admin3",),
    "منطقه": ("admin2", "admin3", "ppl", "neighbourhood", "region"),
    "مدينه": ("ppl", "admin2"),
    "بلده": ("ppl", "admin3"),
    "قريه": ("ppl",),
    "حي": ("neighbourhood", "ppl"),
    "مخيم": ("ppl", "landmark", "neighbourhood"),
    "مطار": ("landmark", "ppl"),
    "قاعده": ("landmark",),
    "دوله": ("country",),
}

# Without a cue, a bare name is most often the town ("في كركوك"), then the
# governorate of the same name, then a country.
KIND_PRIOR = {
    "country": 3.0, "ppl": 2.2, "admin1": 2.0, "region": 1.6, "landmark": 1.5,
    "admin2": 1.4, "neighbourhood": 1.0, "admin3": 0.8,
}


@dataclass
class GeoContext:
    """Where an article is: weights of countries and governorates."""

    countries: Counter = field(default_factory=Counter)
    admin1s: Counter = field(default_factory=Counter)
    demonym_hits: list | None = None  # kept so later stages need not search again

    @property
    def country(self) -> str | None:
        """The article's main country, if any mention points to one (ties: first counted)."""
        return max(self.countries, key=self.countries.__getitem__) if self.countries else None

    def country_score(self, cc: str) -> float:
        if not self.countries:
            return 0.0
        top = max(self.countries.values())
        return self.countries.get(cc, 0) / top


def build_context(
    places: dict[str, dict[str, Any]],
    mentions: Iterable[tuple[str, ...]],
    demonym_countries: Iterable[str] = (),
) -> GeoContext:
    """Context from place mentions (each a tuple of candidate ids) and demonyms."""
    ctx = GeoContext()
    for ids in mentions:
        cands = [places[i] for i in ids if i in places]
        if not cands:
            continue
        countries = {c["country"] for c in cands}
        if len(countries) == 1:
            # One country however many readings: it counts for that country.
            best = max(cands, key=lambda c: KIND_PRIOR.get(c["kind"], 1))
            weight = 2.0 if best["kind"] in ("country", "admin1") else 1.0
            ctx.countries[best["country"]] += weight
            if len({c.get("admin1_id") for c in cands}) == 1 and best["kind"] != "country":
                if best.get("admin1_id"):
                    ctx.admin1s[best["admin1_id"]] += weight
    for cc in demonym_countries:
        ctx.countries[cc] += 1.0
    return ctx


# Governorates carry no population in the data; they weigh like a large city,
# so a big town of the same name still wins and a village never does
# ("صلاح الدين" is the governorate, not the hamlet of that name).
ADMIN1_POPULATION = 1_000_000


def _weight_population(p: dict[str, Any]) -> int:
    if p.get("population"):
        return p["population"]
    return ADMIN1_POPULATION if p["kind"] == "admin1" else 0


def score_parts(p: dict[str, Any], ctx: GeoContext, cue: str | None = None) -> dict[str, float]:
    """Why a reading scores what it does: one number per consideration."""
    wanted = CUE_KINDS.get(cue or "", ())
    parts = {"country": 4.0 * ctx.country_score(p["country"]), "governorate": 0.0}
    if p.get("admin1_id") and ctx.admin1s:
        parts["governorate"] = 1.5 * ctx.admin1s.get(p["admin1_id"], 0) / max(ctx.admin1s.values())
    parts["kind"] = KIND_PRIOR.get(p["kind"], 1.0)
    parts["cue"] = (3.0 if p["kind"] in wanted else -1.0) if wanted else 0.0
    parts["size"] = math.log10(_weight_population(p) + 1) / 3
    return parts


def rank_places(
    cands: list[dict[str, Any]], ctx: GeoContext, cue: str | None = None
) -> list[dict[str, Any]]:
    """Readings of a name, best first."""
    return sorted(cands, key=lambda p: sum(score_parts(p, ctx, cue).values()), reverse=True)
