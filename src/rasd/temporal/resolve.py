"""Resolve expression parts to calendar dates: pure functions of (parts, published).

The rules follow the gold conventions (shared eval conventions, "event_date"):
"أمس" = published - 1; "اليوم" = published; a weekday = the most recent such
day on or before published (same day allowed); a day and month without a
year = the most recent such date on or before published ("الماضي": strictly
before; "المقبل": the next one); a month without a day = its 15th (precision
3); "الشهر الماضي" = 15th of the previous month; "الأسبوع الماضي" = published
- 7 (precision 2); a month's early/mid/late part = its 5th/15th/25th
(precision 2); a year alone = 2 July (precision 4, year-only); a year's
early/mid/late part = 15 January / 1 July / 15 December (precision 3); a
season = the 15th of its middle month (precision 3).  Without a publication
date every relative expression stays unresolved.  Nothing here reads a clock.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from hijridate import Gregorian, Hijri

from rasd.temporal.parts import Parts

NEEDS_PUBLISHED = "relative expression: needs the publication date"
PART_DAY = {"early": 5, "mid": 15, "late": 25, None: 15}
YEAR_PART = {"early": (1, 15), "mid": (7, 1), "late": (12, 15)}
YEAR_ONLY_DAY = (7, 2)
# Seasons by the month that stands for them: (first month, last month).
SEASON_MONTHS = {1: (12, 2), 4: (3, 5), 7: (6, 8), 10: (9, 11)}
# "a few" days/weeks/months when no number is given
VAGUE_COUNT = 3


@dataclass(slots=True)
class Resolution:
    """A resolved date (or why there is none), ready for a TimeExpr."""

    value: dt.date | None
    precision: int | None
    end: dt.date | None = None
    relative: bool = False
    resolved: bool = True
    note: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)


def resolve(p: Parts, published: dt.date | None) -> Resolution:
    """Resolve one expression against the publication date (None: unknown)."""
    r = _RESOLVERS[p.kind](p, published)
    attrs = dict(p.attrs)
    attrs.update(r.attrs)
    if p.vague:
        attrs["vague"] = True
    if p.cue == "since":
        attrs["since"] = True
    if p.future or p.future_ctx or (r.value and published and _later(r.value, r.precision, published)):
        attrs["future"] = True
    if r.precision == 4:
        attrs["year_only"] = True
    if p.calendar == "hijri":
        attrs["calendar"] = "hijri"
    if p.cue:
        attrs["cue"] = p.cue
    if p.daypart:
        attrs["daypart"] = p.daypart
    r.attrs = attrs
    return r


def _later(value: dt.date, precision: int | None, published: dt.date) -> bool:
    """Whether a resolved date lies after publication at its own precision."""
    if precision == 4:
        return value.year > published.year
    if precision == 3:
        return (value.year, value.month) > (published.year, published.month)
    if precision == 2:
        return value > published + dt.timedelta(days=3)
    return value > published


# --- calendar helpers ---


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    """date(y, m, d), or None when there is no such day."""
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    """The month k months after (y, m)."""
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def hijri_date(y: int, m: int, d: int) -> dt.date | None:
    """The Gregorian date of a Hijri (Umm al-Qura) date, or None outside the table."""
    try:
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(g.year, g.month, g.day)


def to_hijri(d: dt.date) -> tuple[int, int, int] | None:
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def make_date(cal: str, y: int, m: int, d: int) -> dt.date | None:
    return hijri_date(y, m, d) if cal == "hijri" else safe_date(y, m, d)


def hijri_year_in(month: int, gyear: int) -> int | None:
    """The Hijri year whose `month` falls (mid-month) in Gregorian year `gyear`."""
    guess = round((gyear - 622) * 33 / 32)
    for hy in (guess, guess - 1, guess + 1, guess - 2, guess + 2):
        d = hijri_date(hy, month, 15)
        if d is not None and d.year == gyear:
            return hy
    return None


def pick_day(cal: str, month: int, day: int, direction: int | None, pub: dt.date) -> dt.date | None:
    """A day and month without a year, placed against the publication date.

    None: the most recent such date on or before published; -1 strictly
    before; +1 strictly after; 0 (الجاري) the one in the published year.
    """
    if cal == "hijri":
        h = to_hijri(pub)
        if h is None:
            return None
        base = h[0]
        if direction == 0:
            return hijri_date(base, month, day)
    else:
        base = pub.year
        if direction == 0:
            return safe_date(pub.year, month, day)
    years = range(base, base + 9) if direction == 1 else range(base, base - 9, -1)
    for y in years:
        d = make_date(cal, y, month, day)
        if d is None:
            continue
        if (direction == 1 and d > pub) or (direction == -1 and d < pub):
            return d
        if direction is None and d <= pub:
            return d
    return None


def pick_month_year(month: int, direction: int | None, pub: dt.date) -> int:
    """The year of a month named without one ("ديسمبر الماضي", "في يونيو")."""
    if direction == 0:
        return pub.year
    if direction == 1:
        return pub.year if month > pub.month else pub.year + 1
    if direction == -1:
        return pub.year if month < pub.month else pub.year - 1
    return pub.year if month <= pub.month else pub.year - 1


def last_weekday(pub: dt.date, wd: int, strict: bool = False) -> dt.date:
    """The most recent weekday `wd` on or before (strict: before) pub."""
    back = (pub.weekday() - wd) % 7
    if strict and back == 0:
        back = 7
    return pub - dt.timedelta(days=back)


def next_weekday(pub: dt.date, wd: int, strict: bool = False) -> dt.date:
    """The next weekday `wd` on or after (strict: after) pub."""
    ahead = (wd - pub.weekday()) % 7
    if strict and ahead == 0:
        ahead = 7
    return pub + dt.timedelta(days=ahead)


def add_units(pub: dt.date, unit: str, n: int) -> dt.date:
    """pub moved by n units (negative: back); months and years keep the day when they can."""
    if unit in ("day", "hour"):
        return pub + dt.timedelta(days=n if unit == "day" else int(n / 24))
    if unit == "week":
        return pub + dt.timedelta(days=7 * n)
    k = n if unit == "month" else 12 * n
    y, m = shift_month(pub.year, pub.month, k)
    return safe_date(y, m, pub.day) or safe_date(y, m, 28)


# --- resolvers by kind ---


def _unresolved(note: str, relative: bool = True, **attrs: Any) -> Resolution:
    return Resolution(None, None, relative=relative, resolved=False, note=note, attrs=attrs)


def _hijri_year(p: Parts) -> int | None:
    """A Hijri month's year; "رمضان 2018" names it by the Gregorian year it falls in."""
    if p.year is not None and p.year >= 1900:
        return hijri_year_in(p.month, p.year)
    return p.year


def _date(p: Parts, pub: dt.date | None) -> Resolution:
    cal = p.calendar
    year = _hijri_year(p) if cal == "hijri" else p.year
    if year is not None:
        d = make_date(cal, year, p.month, p.day)
        relative = False
    elif pub is None:
        return _unresolved(NEEDS_PUBLISHED)
    elif p.month is None:  # "25 من الشهر الجاري", "العاشر من الشهر الماضي"
        y, m = shift_month(pub.year, pub.month, p.direction or 0)
        d = safe_date(y, m, p.day)
        relative = True
        if d is not None and p.day2 is not None:
            return Resolution(d, 1, safe_date(y, m, p.day2), relative=True)
    elif p.future_ctx and p.direction is None:  # "من المقرر ... في 12 أيار": on or after
        d = pick_day(cal, p.month, p.day, 1, pub - dt.timedelta(days=1))
        relative = True
    else:
        d = pick_day(cal, p.month, p.day, p.direction, pub)
        relative = True
    if d is None:
        return _unresolved(f"no such date: day {p.day} of month {p.month} ({cal})", relative)
    r = Resolution(d, 1, relative=relative)
    if p.day2 is not None:
        month2 = p.month2 or p.month
        year2 = p.year2
        if year2 is None:
            year2 = (to_hijri(d) or (d.year,))[0] if cal == "hijri" else d.year
        end = make_date(cal, year2, month2, p.day2)
        if end is not None and end < d and p.year2 is None:
            end = make_date(cal, year2 + 1, month2, p.day2)
        r.end = end
    if p.weekday is not None and d.weekday() != p.weekday:
        r.attrs["weekday_mismatch"] = True
        r.note = "the weekday written beside the date does not fall on it"
    return r


def _month(p: Parts, pub: dt.date | None) -> Resolution:
    day = PART_DAY[p.part]
    precision = 2 if p.part else 3
    if p.calendar == "hijri":
        year = _hijri_year(p)
        d = hijri_date(year, p.month, day) if year is not None else None
        return Resolution(d, precision) if d else _unresolved("a Hijri month outside the table or without a year", False)
    if p.year is not None:
        return Resolution(dt.date(p.year, p.month, day), precision)
    if pub is None:
        return _unresolved(NEEDS_PUBLISHED)
    if p.future_ctx and p.direction is None:
        year = pub.year if p.month >= pub.month else pub.year + 1
    else:
        year = pick_month_year(p.month, p.direction, pub)
    return Resolution(dt.date(year, p.month, day), precision, relative=True)


def _year_value(y: int, part: str | None) -> Resolution:
    if part:
        m, d = YEAR_PART[part]
        return Resolution(dt.date(y, m, d), 3)
    return Resolution(dt.date(y, *YEAR_ONLY_DAY), 4)


def _year(p: Parts, pub: dt.date | None) -> Resolution:
    if p.calendar == "hijri":
        d = hijri_date(p.year, 7, 1)
        if d is None:
            return _unresolved("outside the Hijri table", False)
        return Resolution(d, 4, note="Hijri year: the Gregorian date of its 1 Rajab")
    r = _year_value(p.year, p.part)
    if p.year2 is not None:
        r.end = _year_value(p.year2, p.part).value
    return r


def _period(p: Parts, pub: dt.date | None) -> Resolution:
    if p.unit == "year" and p.year is not None:
        r = _year_value(p.year, p.part)
        if pub is not None and p.direction is not None and p.year != pub.year + p.direction:
            r.note = "the year written does not match its modifier; the year is used"
        return r
    if pub is None:
        return _unresolved(NEEDS_PUBLISHED)
    step = p.direction or 0
    if p.unit == "year":
        r = _year_value(pub.year + step, p.part)
    elif p.unit == "month":
        y, m = shift_month(pub.year, pub.month, step)
        day = PART_DAY[p.part]
        if step == 0 and not p.part:
            day = min(day, pub.day)  # "this month" is not later than the article
        r = Resolution(dt.date(y, m, day), 2 if p.part else 3)
    elif p.unit == "week":
        r = Resolution(pub + dt.timedelta(days=7 * step), 2)
    else:
        return _unresolved(f"no rule for a {p.unit} period")
    r.relative = True
    return r


def _season(p: Parts, pub: dt.date | None) -> Resolution:
    m = p.month
    first, last = SEASON_MONTHS[m]
    if p.year is not None:
        return Resolution(dt.date(p.year, m, 15), 3)
    if pub is None:
        return _unresolved(NEEDS_PUBLISHED)
    y, pm = pub.year, pub.month
    winter = m == 1
    if p.direction == -1:
        year = (y - 1 if pm <= last else y) if winter else (y if pm > last else y - 1)
    elif p.direction == 1:
        year = (y + 2 if pm == 12 else y + 1) if winter else (y if pm < first else y + 1)
    elif p.direction == 0:
        year = y + 1 if winter and pm == 12 else y
    else:
        year = (y + 1 if pm == 12 else y) if winter else (y if pm >= first else y - 1)
    return Resolution(dt.date(year, m, 15), 3, relative=True)


def _weekday(p: Parts, pub: dt.date | None) -> Resolution:
    if pub is None:
        return _unresolved(NEEDS_PUBLISHED)
    if p.direction == 1:
        d = next_weekday(pub, p.weekday, strict=True)
    elif p.future_ctx:
        d = next_weekday(pub, p.weekday)
    else:
        d = last_weekday(pub, p.weekday, strict=p.direction == -1)
    r = Resolution(d, 1, relative=True)
    if p.weekday2 is not None:
        r.end = d + dt.timedelta(days=(p.weekday2 - p.weekday) % 7)
    return r


def _relday(p: Parts, pub: dt.date | None) -> Resolution:
    if pub is None:
        return _unresolved(NEEDS_PUBLISHED)
    d = pub + dt.timedelta(days=p.offset)
    r = Resolution(d, 1, relative=True)
    if p.weekday is not None and d.weekday() != p.weekday:
        r.attrs["weekday_mismatch"] = True
        r.note = "the weekday written beside the day does not fall on it"
    return r


def _ago(p: Parts, pub: dt.date | None) -> Resolution:
    if p.vague and p.unit == "year":
        return _unresolved("too vague to date (years)")
    if pub is None:
        return _unresolved(NEEDS_PUBLISHED)
    n = p.count if p.count is not None else VAGUE_COUNT
    sign = 1 if p.cue in ("after", "within") else -1
    d = add_units(pub, p.unit, sign * n)
    if p.unit in ("day", "hour"):
        precision = 2 if p.vague else 1
    elif p.unit == "week":
        precision = 3 if p.vague else 2
    else:
        precision = 3
    r = Resolution(d, precision, relative=True)
    if p.cue == "after_from":
        r.note = "the earlier event of 'N after X': dated from the publication date"
    return r


# (unit, number) -> (days back or forward, precision, vague) for "الأيام الماضية" etc.
_WINDOW = {
    ("hour", "dual"): (0, 1, False), ("hour", "plural"): (0, 1, False),
    ("hour", "singular"): (0, 1, False),
    ("day", "dual"): (1, 1, False), ("day", "plural"): (3, 2, True),
    ("week", "dual"): (7, 2, False), ("week", "plural"): (14, 3, True),
    ("month", "dual"): (30, 3, False), ("month", "plural"): (60, 3, True),
}


def _window(p: Parts, pub: dt.date | None) -> Resolution:
    rule = _WINDOW.get((p.unit, p.number))
    if rule is None:
        return Resolution(None, None, relative=True, resolved=False, note="too vague to date",
                          attrs={"vague": True})
    days, precision, vague = rule
    if p.unit == "hour" and p.count:
        days = p.count // 24 if p.count > 24 else 0
    if pub is None:
        return _unresolved(NEEDS_PUBLISHED)
    sign = 1 if (p.direction or -1) > 0 else -1
    r = Resolution(pub + dt.timedelta(days=sign * days), precision, relative=True)
    if vague:
        r.attrs["vague"] = True
    return r


def _vague(p: Parts, pub: dt.date | None) -> Resolution:
    if pub is None:
        return _unresolved(NEEDS_PUBLISHED)
    return Resolution(pub + dt.timedelta(days=p.offset), p.precision or 1, relative=True)


def _numeric(p: Parts, pub: dt.date | None) -> Resolution:
    d = safe_date(p.year, p.month, p.day)
    return Resolution(d, 1) if d else _unresolved("no such date", False)


_RESOLVERS: dict[str, Callable[[Parts, dt.date | None], Resolution]] = {
    "date": _date, "month": _month, "year": _year, "period": _period, "season": _season,
    "weekday": _weekday, "relday": _relday, "ago": _ago, "window": _window, "vague": _vague,
    "numeric": _numeric,
}
