"""Grammar rules for days: month names, day numbers, years, weekdays, "أمس".

Methods of a mixin over `glue.Scanner`; `self.expr`, `self.ago` come from the
parser (rasd.temporal.grammar).
"""
from __future__ import annotations

import re

from rasd.temporal.glue import (
    BEFORE_DATE, CLOSE, COMMA, FROM, MONTH_CUES, MONTH_KINDS, NEXT_WORD, NOT_TODAY_AFTER,
    NOT_TODAY_BEFORE, OF, OPEN, PAIR, RANGE, YEAR_CUES, YEAR_MARK, Scanner, after_dir, year_like,
)
from rasd.temporal.parts import Parts


class DateRules(Scanner):
    """Rules that read a day, a month or a year."""

    # --- months and days of the month ---

    def month(self, i: int, p: Parts, anchored: bool = False) -> tuple[Parts, int] | None:
        """A month name and what follows it: its other name, a modifier, a year."""
        a = self.a[i]
        hijri = a.kind == "HMONTH"
        p.month = a.value["month"]
        if hijri:
            p.calendar = "hijri"
        anchored = anchored or p.day is not None or p.part is not None
        pos, j = a.end, i + 1
        # the same month in the other naming system: "تموز (يوليو)", "نوفمبر/تشرين الثاني"
        b = self.at(j, pos, ("MONTH",), PAIR)
        if b is not None and not hijri and b.value["month"] == p.month:
            pos, j = b.end, j + 1
            m = CLOSE.match(self.t, pos)
            if m:
                pos = m.end()
            anchored = True
        d = after_dir(self.at(j, pos, ("MOD",)))
        if d is not None:
            p.direction = d
            pos, j = self.a[j].end, j + 1
            anchored = True
        # a year, perhaps after "عام": "آذار/مارس 2015", "مارس عام 2015", "رمضان 1439 هـ"
        k, pos2 = j, pos
        u = self.at(k, pos, ("UNIT",))
        if u is not None and u.value["unit"] == "year" and u.value["number"] == "singular":
            k, pos2 = k + 1, u.end
        y = self.at(k, pos2, ("NUM",))
        if year_like(y, 1300, 2100):
            mark = YEAR_MARK.match(self.t, y.end)
            hijri_mark = bool(mark and mark.group(1))
            ok = (1300 <= y.value <= 1500 or 1900 <= y.value) if hijri else (1900 <= y.value and not hijri_mark)
            if ok:
                p.year = y.value
                pos, j = (mark.end() if mark else y.end), k + 1
                anchored = True
        if p.day is None and not anchored:
            if a.value.get("strict") and self.cue(p.start)[0] not in MONTH_CUES:
                return None
        if hijri and p.day is None and p.year is None:
            return None  # صفر, محرم, رجب, شعبان are words and names too
        p.end = pos
        if p.day is not None:
            p.kind = "date"
            p.rule = "date.day_month" + (".year" if p.year is not None else "")
        else:
            p.kind = "month"
            p.rule = "month" + (".year" if p.year is not None else "")
        if hijri:
            p.rule += ".hijri"
        return p, j

    def month_after(self, j: int, pos: int, gap: re.Pattern) -> int | None:
        """Index of a month name reached through `gap`, perhaps after "شهر"."""
        if self.at(j, pos, MONTH_KINDS, gap):
            return j
        u = self.at(j, pos, ("UNIT",), gap)
        if u and u.value["unit"] == "month" and u.value["number"] == "singular" and not u.value.get("article"):
            if self.at(j + 1, u.end, MONTH_KINDS):
                return j + 1
        return None

    def rel_month(self, j: int, pos: int, gap: re.Pattern) -> tuple[int, int, int] | None:
        """(direction, end, next index) of "الشهر الجاري", "الشهر الماضي", "هذا الشهر"."""
        u = self.at(j, pos, ("UNIT", "MOD"), gap)
        if u is None:
            return None
        if u.kind == "MOD":
            b = self.at(j + 1, u.end, ("UNIT",))
            if u.value.get("position") == "before" and b and b.value["unit"] == "month" and b.value.get("article"):
                return 0, b.end, j + 2
            return None
        if u.value["unit"] == "month" and u.value["number"] == "singular" and u.value.get("article"):
            d = after_dir(self.at(j + 1, u.end, ("MOD",)))
            if d is not None:
                return d, self.a[j + 1].end, j + 2
        return None

    def day_month(self, i: int, start: int, day: int) -> tuple[Parts, int] | None:
        """A day number and its month: "9 كانون الأول", "بين 10 و12 يوليو", "25 من الشهر الجاري"."""
        a = self.a[i]
        p = Parts("date", start, a.end, day=day)
        b = self.at(i + 1, a.end, ("NUM",), RANGE)
        if b is not None and b.value is not None and b.end - b.start <= 2 and day < b.value <= 31:
            m = self.month_after(i + 2, b.end, OF)
            if m is not None:
                p.day2 = b.value
                got = self.month(m, p)
                if got:
                    got[0].rule += ".range"
                return got
            rel = self.rel_month(i + 2, b.end, FROM)  # "في 10 و11 من الشهر الجاري"
            if rel is not None:
                p.day2 = b.value
                p.direction, p.end, j = rel
                p.rule = "date.day_of_relative_month.range"
                return p, j
        m = self.month_after(i + 1, a.end, OF)
        if m is not None:
            return self.month(m, p)
        rel = self.rel_month(i + 1, a.end, FROM)
        if rel is not None:
            p.direction, p.end, j = rel
            p.rule = "date.day_of_relative_month"
            return p, j
        return None

    def ordinal(self, i: int) -> tuple[Parts, int] | None:
        """ "العاشر من الشهر الجاري", "السابع من أيار/مايو" """
        a = self.a[i]
        p = Parts("date", a.start, a.end, day=a.value["day"])
        m = self.month_after(i + 1, a.end, FROM)
        if m is not None:
            got = self.month(m, p)
            if got:
                got[0].rule += ".ordinal"
            return got
        rel = self.rel_month(i + 1, a.end, FROM)
        if rel is not None:
            p.direction, p.end, j = rel
            p.rule = "date.ordinal_of_relative_month"
            return p, j
        return None

    # --- numbers ---

    def number(self, i: int, start: int, allow_year: bool = False) -> tuple[Parts, int] | None:
        a = self.a[i]
        v = a.value
        if v is None:
            return None
        if a.end - a.start <= 2 and 1 <= v <= 31:
            w, ws = self.prev_word(start)
            got = self.day_month(i, ws if w == "ال" else start, v)  # "الـ 10 من سبتمبر"
            if got:
                return got
        if a.end - a.start == 4:
            got = self.year(i, start, allow_year)
            if got:
                return got
        u = self.at(i + 1, a.end, ("UNIT",))
        if u is not None and not u.value.get("article"):
            d = after_dir(self.at(i + 2, u.end, ("MOD",)))
            if d:  # "الـ24 ساعة الماضية"
                w, ws = self.prev_word(start)
                p = Parts("window", ws if w == "ال" else start, self.a[i + 2].end, "window",
                          unit=u.value["unit"], number=u.value["number"], count=v, direction=d)
                p.future = d > 0
                return p, i + 3
            return self.ago(start, u.end, i + 2, u.value["unit"], v, False)
        return None

    def year(self, i: int, start: int, allow: bool) -> tuple[Parts, int] | None:
        """ "في 2015", "منذ 2014", "1439 هـ", "بين 2014 و2017" """
        a = self.a[i]
        v = a.value
        mark = YEAR_MARK.match(self.t, a.end)
        hijri = bool(mark and mark.group(1))
        if not (1300 <= v <= 1500 if hijri else 1900 <= v <= 2100):
            return None
        if not allow and not mark and self.cue(start)[0] not in YEAR_CUES:
            return None
        p = Parts("year", start, a.end, "year", year=v, calendar="hijri" if hijri else "gregorian")
        pos, j = (mark.end() if mark else a.end), i + 1
        b = self.at(j, pos, ("NUM",), RANGE)
        if not hijri and year_like(b) and v < b.value:
            p.year2, pos, j = b.value, b.end, j + 1
            p.rule = "year.range"
        p.end = pos
        return p, j

    # --- weekdays and days relative to publication ---

    def weekday(self, i: int, start: int, daypart: str | None = None) -> tuple[Parts, int] | None:
        a = self.a[i]
        if self.prev_word(a.start)[0] == "عبد":
            return None  # "عبد الأحد" is a name
        p = Parts("weekday", start, a.end, "weekday", weekday=a.value["weekday"], daypart=daypart)
        pos, j = a.end, i + 1
        d = after_dir(self.at(j, pos, ("MOD",)))
        if d:
            p.direction, pos, j = d, self.a[j].end, j + 1
        # "ليل الأربعاء إلى الخميس", "الأحد والاثنين", "ليلة الخميس الجمعة"
        dp = self.at(j, pos, ("DAYPART",), RANGE)
        if dp is not None:
            w2, nxt = self.at(j + 1, dp.end, ("WEEKDAY",)), j + 2
        else:
            w2, nxt = self.at(j, pos, ("WEEKDAY",), RANGE), j + 1
            if w2 is None and daypart == "dp-night":  # a pair of nights, spaces between
                w2 = self.at(j, pos, ("WEEKDAY",))
                if w2 is not None and w2.value["weekday"] != (p.weekday + 1) % 7:
                    w2 = None
        if w2 is not None:
            p.weekday2, p.rule = w2.value["weekday"], "weekday.range"
            return self.done(p, w2.end), nxt
        # "الخميس 12 نيسان/أبريل 2018", "الأحد الموافق 3 آذار"
        n = self.at(j, pos, ("NUM",), BEFORE_DATE)
        if n is not None and p.direction is None:
            got = self.number(j, n.start)
            if got and got[0].kind == "date":
                q, j2 = got
                q.weekday, q.start = p.weekday, start
                q.rule += ".weekday"
                return q, j2
        return self.done(p, pos), j

    def today_ok(self, i: int) -> bool:
        """False for "اليوم التالي", "ذات اليوم", "صحيفة اليوم", "اليوم العالمي"."""
        a = self.a[i]
        if self.prev_word(a.start)[0] in NOT_TODAY_BEFORE:
            return False
        m = NEXT_WORD.match(self.t, a.end)
        if m is None:
            return True
        w = m.group(1)
        if w in NOT_TODAY_AFTER:
            return False
        if w.startswith("ال"):  # only a weekday may follow: "اليوم الخميس"
            nxt = self.a[i + 1] if i + 1 < self.n else None
            return nxt is not None and nxt.start <= m.start(1) + 2 and nxt.kind == "WEEKDAY"
        return True

    def relday(self, i: int, start: int, daypart: str | None = None) -> tuple[Parts, int] | None:
        a = self.a[i]
        e = a.value
        if e["id"] in ("rel-today", "rel-tonight") and not self.today_ok(i):
            return None
        p = Parts("relday", start, a.end, "relday", offset=e["offset"], daypart=daypart)
        p.future = bool(e.get("future"))
        pos, j = a.end, i + 1
        if e["id"] == "rel-yesterday":  # "أمس (الأول)": the day before yesterday
            o = self.at(j, pos, ("ORD",), OPEN)
            if o is not None and o.value["day"] == 1:
                p.offset, pos, j = -2, o.end, j + 1
                m = CLOSE.match(self.t, pos)
                if m:
                    pos = m.end()
        w = self.at(j, pos, ("WEEKDAY",), COMMA)  # "أمس الأربعاء", "اليوم الخميس"
        if w is not None:
            p.weekday, pos, j = w.value["weekday"], w.end, j + 1
        return self.done(p, pos), j

    def daypart(self, i: int) -> tuple[Parts, int] | None:
        """ "مساء الأحد", "فجر اليوم", "في وقت متأخر من مساء يوم الأحد" """
        a = self.a[i]
        dp, pos, j = a.value["id"], a.end, i + 1
        while (d := self.at(j, pos, ("DAYPART",), OF)) is not None:
            dp, pos, j = d.value["id"], d.end, j + 1
        u = self.at(j, pos, ("UNIT",), OF)
        if u and u.value["unit"] == "day" and u.value["number"] == "singular" and not u.value.get("article"):
            pos, j = u.end, j + 1
        if self.at(j, pos, ("WEEKDAY",), OF):
            return self.weekday(j, a.start, dp)
        if self.at(j, pos, ("RELDAY",), OF):
            return self.relday(j, a.start, dp)
        return None

