"""What the grammar finds: the parts of one date expression, before resolution."""
from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of expression and what each uses:
#   date     day, month, [year], calendar, [direction], [day2/month2/year2], [weekday]
#   month    month, [year], calendar, [direction], [part]
#   year     year, [part], [year2], calendar
#   period   unit (week/month/year), direction, [part], [year]
#   season   month (the season's), [year], [direction]
#   weekday  weekday, [direction], [weekday2], [future_ctx]
#   relday   offset, [weekday]
#   ago      unit, count, cue, [vague]
#   window   unit, direction, number, [count]
#   vague    offset, precision
#   numeric  day, month, year
KINDS = (
    "date", "month", "year", "period", "season", "weekday", "relday", "ago", "window",
    "vague", "numeric",
)


@dataclass(slots=True)
class Parts:
    """One expression: normalised span, kind, and the values read from it."""

    kind: str
    start: int
    end: int
    rule: str = ""
    calendar: str = "gregorian"
    day: int | None = None
    month: int | None = None
    year: int | None = None
    day2: int | None = None
    month2: int | None = None
    year2: int | None = None
    weekday: int | None = None
    weekday2: int | None = None
    offset: int = 0
    unit: str | None = None
    number: str | None = None  # singular, dual, plural
    count: int | None = None
    direction: int | None = None  # -1 previous, 0 current, +1 next
    part: str | None = None  # early, mid, late
    cue: str | None = None  # since, before, after, after_from, within, by, until, between, from
    precision: int | None = None  # fixed precision (vague phrases)
    future: bool = False
    future_ctx: bool = False
    vague: bool = False
    daypart: str | None = None
    attrs: dict = field(default_factory=dict)
