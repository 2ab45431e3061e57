"""Resolution rules as pure functions of (parts, published)."""
from __future__ import annotations

import datetime as dt

import pytest

from rasd.temporal.parts import Parts
from rasd.temporal.resolve import (
    NEEDS_PUBLISHED,
    hijri_year_in,
    last_weekday,
    next_weekday,
    pick_day,
    pick_month_year,
    resolve,
)

D = dt.date
MON = D(2021, 12, 20)  # a Monday


def P(kind: str, **kw) -> Parts:
    return Parts(kind, 0, 0, **kw)


@pytest.mark.parametrize(
    "wd, strict, expected",
    [
        (0, False, D(2021, 12, 20)),  # same day allowed
        (0, True, D(2021, 12, 13)),
        (6, False, D(2021, 12, 19)),
        (1, False, D(2021, 12, 14)),
    ],
)
def test_last_weekday(wd, strict, expected):
    assert last_weekday(MON, wd, strict) == expected


def test_next_weekday():
    assert next_weekday(MON, 0) == MON
    assert next_weekday(MON, 0, strict=True) == D(2021, 12, 27)
    assert next_weekday(MON, 6) == D(2021, 12, 26)


@pytest.mark.parametrize(
    "month, day, direction, pub, expected",
    [
        (12, 9, None, D(2021, 12, 20), D(2021, 12, 9)),
        (6, 19, None, D(2018, 7, 10), D(2018, 6, 19)),
        (12, 20, None, D(2021, 12, 20), D(2021, 12, 20)),  # same day allowed
        (12, 20, -1, D(2021, 12, 20), D(2020, 12, 20)),  # الماضي: strictly before
        (12, 30, None, D(2022, 1, 5), D(2021, 12, 30)),  # year boundary
        (1, 10, 1, D(2021, 12, 20), D(2022, 1, 10)),  # المقبل
        (7, 8, 0, D(2018, 7, 20), D(2018, 7, 8)),  # الجاري
        (2, 29, None, D(2021, 12, 20), D(2020, 2, 29)),  # the last leap year
    ],
)
def test_pick_day(month, day, direction, pub, expected):
    assert pick_day("gregorian", month, day, direction, pub) == expected


@pytest.mark.parametrize(
    "month, direction, pub, year",
    [
        (12, -1, D(2018, 7, 23), 2017),
        (12, None, D(2018, 2, 19), 2017),
        (2, None, D(2018, 2, 19), 2018),
        (2, -1, D(2018, 2, 19), 2017),
        (1, -1, D(2018, 6, 14), 2018),
        (3, 1, D(2018, 6, 14), 2019),
        (9, 1, D(2018, 6, 14), 2018),
    ],
)
def test_pick_month_year(month, direction, pub, year):
    assert pick_month_year(month, direction, pub) == year


def test_hijri_year_named_by_gregorian_year():
    assert hijri_year_in(9, 2021) == 1442  # Ramadan 2021
    assert hijri_year_in(9, 2018) == 1439


CASES = [
    # (parts, published, value, precision, end)
    (P("relday", offset=-1), MON, "2021-12-19", 1, None),
    (P("relday", offset=0), MON, "2021-12-20", 1, None),
    (P("relday", offset=-2), MON, "2021-12-18", 1, None),
    (P("weekday", weekday=6), MON, "2021-12-19", 1, None),
    (P("weekday", weekday=2, weekday2=3), MON, "2021-12-15", 1, "2021-12-16"),
    (P("weekday", weekday=6, direction=1), MON, "2021-12-26", 1, None),
    (P("date", day=9, month=12), MON, "2021-12-09", 1, None),
    (P("date", day=10, month=7, day2=12), D(2018, 7, 20), "2018-07-10", 1, "2018-07-12"),
    (P("date", day=28, month=12, day2=2, month2=1), D(2022, 1, 20), "2021-12-28", 1, "2022-01-02"),
    (P("date", day=10, direction=0), D(2018, 6, 14), "2018-06-10", 1, None),
    (P("date", day=12, direction=-1), D(2018, 6, 14), "2018-05-12", 1, None),
    (P("month", month=12, direction=-1), D(2018, 7, 23), "2017-12-15", 3, None),
    (P("month", month=3, year=2015, part="late"), MON, "2015-03-25", 2, None),
    (P("month", month=11, year=2016), MON, "2016-11-15", 3, None),
    (P("year", year=2015), MON, "2015-07-02", 4, None),
    (P("year", year=2017, part="late"), MON, "2017-12-15", 3, None),
    (P("year", year=2018, part="early"), MON, "2018-01-15", 3, None),
    (P("year", year=2014, year2=2017), MON, "2014-07-02", 4, "2017-07-02"),
    (P("period", unit="month", direction=-1), MON, "2021-11-15", 3, None),
    (P("period", unit="month", direction=-1), D(2022, 1, 5), "2021-12-15", 3, None),
    (P("period", unit="month", direction=0, part="early"), D(2018, 2, 19), "2018-02-05", 2, None),
    (P("period", unit="month", direction=0), D(2018, 2, 9), "2018-02-09", 3, None),
    (P("period", unit="week", direction=-1), MON, "2021-12-13", 2, None),
    (P("period", unit="year", direction=-1), MON, "2020-07-02", 4, None),
    (P("period", unit="year", direction=0, part="late", year=2021), MON, "2021-12-15", 3, None),
    (P("season", month=7, year=2014), MON, "2014-07-15", 3, None),
    (P("season", month=7, direction=-1), D(2021, 8, 10), "2020-07-15", 3, None),
    (P("season", month=7, direction=-1), D(2021, 10, 10), "2021-07-15", 3, None),
    (P("season", month=1, direction=-1), D(2021, 3, 10), "2021-01-15", 3, None),
    (P("ago", unit="day", count=3, cue="before"), MON, "2021-12-17", 1, None),
    (P("ago", unit="week", count=1, cue="before"), MON, "2021-12-13", 2, None),
    (P("ago", unit="month", count=1, cue="before"), MON, "2021-11-20", 3, None),
    (P("ago", unit="day", count=2, cue="within"), MON, "2021-12-22", 1, None),
    (P("ago", unit="day", vague=True, cue="before"), MON, "2021-12-17", 2, None),
    (P("window", unit="hour", number="plural", direction=-1), MON, "2021-12-20", 1, None),
    (P("window", unit="day", number="plural", direction=-1), MON, "2021-12-17", 2, None),
    (P("date", day=10, month=9, year=1442, calendar="hijri"), MON, "2021-04-22", 1, None),
    (P("month", month=9, year=2021, calendar="hijri"), MON, "2021-04-27", 3, None),
    (P("numeric", day=3, month=1, year=2020), MON, "2020-01-03", 1, None),
]


@pytest.mark.parametrize("parts, pub, value, precision, end", CASES)
def test_resolve(parts, pub, value, precision, end):
    r = resolve(parts, pub)
    assert (r.value.isoformat(), r.precision) == (value, precision)
    assert (r.end.isoformat() if r.end else None) == end
    assert r.resolved


@pytest.mark.parametrize(
    "parts",
    [
        P("relday", offset=-1),
        P("weekday", weekday=3),
        P("date", day=9, month=12),
        P("month", month=12, direction=-1),
        P("period", unit="month", direction=-1),
        P("season", month=7, direction=-1),
        P("ago", unit="day", count=3, cue="before"),
        P("window", unit="day", number="plural", direction=-1),
        P("vague", offset=0, precision=1),
    ],
)
def test_relative_without_publication_date(parts):
    r = resolve(parts, None)
    assert (r.value, r.resolved, r.relative) == (None, False, True)
    assert r.note == NEEDS_PUBLISHED


@pytest.mark.parametrize(
    "parts, value",
    [
        (P("date", day=3, month=1, year=2020), "2020-01-03"),
        (P("year", year=2014), "2014-07-02"),
        (P("month", month=3, year=2015), "2015-03-15"),
        (P("season", month=7, year=2014), "2014-07-15"),
        (P("period", unit="year", direction=0, year=2021), "2021-07-02"),
    ],
)
def test_absolute_without_publication_date(parts, value):
    r = resolve(parts, None)
    assert (r.value.isoformat(), r.resolved, r.relative) == (value, True, False)


def test_flags():
    assert resolve(P("year", year=2014), MON).attrs["year_only"] is True
    assert resolve(P("year", year=2014, cue="since"), MON).attrs["since"] is True
    assert resolve(P("relday", offset=1, future=True), MON).attrs["future"] is True
    # the current year is not "future" although 2 July may lie ahead of publication
    assert "future" not in resolve(P("year", year=2021), D(2021, 3, 1)).attrs
    assert resolve(P("year", year=2025), MON).attrs["future"] is True
    assert resolve(P("ago", unit="year", vague=True, cue="before"), MON).resolved is False


def test_impossible_dates_stay_unresolved():
    r = resolve(P("date", day=31, month=2, year=2020), MON)
    assert r.value is None and not r.resolved and "no such date" in r.note
