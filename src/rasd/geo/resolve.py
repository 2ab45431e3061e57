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
    # Built once, then only read: the maxima are asked for thousands of times.
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def country(self) -> str | None:
        """The article's main country, if any mention points to one (ties: first counted)."""
        memo = self._memo
        if "country" not in memo:
            memo["country"] = max(self.countries, key=self.countries.__getitem__) if self.countries else None
        return memo["country"]

    def country_score(self, cc: str) -> float:
        """A country's weight relative to the article's most mentioned one (0 to 1)."""
        return self._relative("countries", cc)

    def admin1_score(self, admin1_id: str) -> float:
        """A governorate's weight relative to the article's most mentioned one (0 to 1)."""
        return self._relative("admin1s", admin1_id)

    def _relative(self, table: str, key: str) -> float:
        counts: Counter = getattr(self, table)
        if not counts:
            return 0.0
        top = self._memo.get(table)
        if top is None:
            top = self._memo[table] = max(counts.values())
        return counts.get(key, 0) / top


def build_context(
    places: dict[str, dict[str, Any]],
    mentions: Iterable[tuple[str, ...]],
    demonym_countries: Iterable[str] = (),
    memo: dict | None = None,
) -> GeoContext:
    """Context from place mentions (each a tuple of candidate ids) and demonyms.

    `memo`, a dict kept with `places`, holds what each distinct mention adds:
    it depends only on the ids, and the same names recur in every article.
    """
    ctx = GeoContext()
    countries, admin1s = ctx.countries, ctx.admin1s
    if memo is None:
        memo = {}
    for ids in mentions:
        adds = memo.get(ids, _UNSEEN)
        if adds is _UNSEEN:
            adds = memo[ids] = _mention_weight(places, ids)
        if adds is not None:
            cc, admin1, weight = adds
            countries[cc] = countries.get(cc, 0) + weight
            if admin1:
                admin1s[admin1] = admin1s.get(admin1, 0) + weight
    for cc in demonym_countries:
        countries[cc] = countries.get(cc, 0) + 1.0
    return ctx


_UNSEEN = object()


def _mention_weight(places: dict[str, dict[str, Any]], ids: tuple[str, ...]) -> tuple | None:
    """(country, governorate or None, weight) a mention counts for, or None."""
    cands = [places[i] for i in ids if i in places]
    if not cands:
        return None
    countries = {c["country"] for c in cands}
    if len(countries) != 1:
        return None
    # One country however many readings: it counts for that country.
    best = max(cands, key=lambda c: KIND_PRIOR.get(c["kind"], 1))
    weight = 2.0 if best["kind"] in ("country", "admin1") else 1.0
    admin1 = None
    if len({c.get("admin1_id") for c in cands}) == 1 and best["kind"] != "country":
        admin1 = best.get("admin1_id") or None
    return best["country"], admin1, weight


# Governorates carry no population in the data; they weigh like a large city,
# so a big town of the same name still wins and a village never does
# ("صلاح الدين" is the governorate, not the hamlet of that name).
ADMIN1_POPULATION = 1_000_000


def _weight_population(p: dict[str, Any]) -> int:
    if p.get("population"):
        return p["population"]
    return ADMIN1_POPULATION if p["kind"] == "admin1" else 0


_PARTS = ("country", "governorate", "kind", "cue", "size")


def score_parts(p: dict[str, Any], ctx: GeoContext, cue: str | None = None) -> dict[str, float]:
    """Why a reading scores what it does: one number per consideration."""
    return dict(zip(_PARTS, _parts(p, ctx, cue)))


def _parts(p: dict[str, Any], ctx: GeoContext, cue: str | None) -> tuple[float, ...]:
    wanted = CUE_KINDS.get(cue or "", ())
    admin1 = p.get("admin1_id")
    return (
        4.0 * ctx.country_score(p["country"]),
        1.5 * ctx.admin1_score(admin1) if admin1 and ctx.admin1s else 0.0,
        KIND_PRIOR.get(p["kind"], 1.0),
        (3.0 if p["kind"] in wanted else -1.0) if wanted else 0.0,
        math.log10(_weight_population(p) + 1) / 3,
    )


def rank_places(
    cands: list[dict[str, Any]], ctx: GeoContext, cue: str | None = None
) -> list[dict[str, Any]]:
    """Readings of a name, best first."""
    if len(cands) < 2:
        return list(cands)
    return sorted(cands, key=lambda p: sum(_parts(p, ctx, cue)), reverse=True)
