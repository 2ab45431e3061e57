"""Grammar rules for periods: units, counts, parts, seasons, vague phrases.

Methods of a mixin over `glue.Scanner`; `self.month`, `self.number`,
`self.year`, `self.weekday`, `self.relday`, `self.expr` come from the parser
(rasd.temporal.grammar).
"""
from __future__ import annotations

from rasd.temporal.glue import AFTER_FROM, ART, MONTH_KINDS, OF, Scanner, after_dir, year_like
from rasd.temporal.parts import Parts


class PeriodRules(Scanner):
    """Rules that read a period, a count of units or a vague phrase."""

    def count(self, i: int) -> tuple[Parts, int] | None:
        """ "قبل ثلاثة أيام", "منذ عدة أسابيع" """
        a = self.a[i]
        u = self.at(i + 1, a.end, ("UNIT",))
        if u is None or u.value.get("article"):
            return None
        vague = a.value.get("vague", False)
        return self.ago(a.start, u.end, i + 2, u.value["unit"], None if vague else a.value["count"], vague)

    def ago(self, start: int, end: int, j: int, unit: str, count: int | None, vague: bool):
        """A count of units before or after the publication date, read from its cue."""
        cue, _ = self.cue(start)
        background = cue == "since" and unit in ("month", "year")  # "منذ ثلاث سنوات"
        if cue in ("since", "before"):
            cue = "before"
        elif cue == "after":
            # "بعد يومين من الهجوم": the other event, N days before this one
            if not AFTER_FROM.match(self.t, end) or unit not in ("hour", "day", "week"):
                return None
            cue = "after_from"
        elif cue != "within":
            return None
        p = Parts("ago", start, end, f"ago.{unit}", unit=unit, count=count, vague=vague, cue=cue)
        p.future = cue == "within"
        if background:
            p.attrs["since"] = True
        return p, j

    # --- units, periods, parts ---

    def unit(self, i: int) -> tuple[Parts, int] | None:
        a = self.a[i]
        u = a.value
        unit, num = u["unit"], u["number"]
        art = bool(u.get("article")) or a.prefix.endswith(("ال", "لل"))  # "الأسبوعين"
        pos, j = a.end, i + 1
        if unit == "day" and not art and num != "plural" and self.at(j, pos, ("WEEKDAY",)):
            return self.weekday(j, a.start)  # "يوم الأحد", "يومي الأحد والاثنين"
        if num == "singular" and not art:
            if unit == "day":  # "يوم أمس", "يوم 15 تموز"
                if self.at(j, pos, ("RELDAY",)):
                    return self.relday(j, a.start)
                if self.at(j, pos, ("NUM",)):
                    got = self.number(j, a.start)
                    if got and got[0].kind == "date":
                        return got
            elif unit == "year" and self.at(j, pos, ("NUM",)):  # "عام 2014"
                got = self.year(j, a.start, True)
                if got:
                    return got
            elif unit == "month":  # "شهر مايو"
                m = self.at(j, pos, MONTH_KINDS)
                if m:
                    return self.month(j, Parts("month", a.start, m.end), anchored=True)
            return self.ago(a.start, pos, j, unit, 1, False)  # "قبل يوم", "منذ عام"
        if num == "singular":  # with the article
            d = after_dir(self.at(j, pos, ("MOD",)))
            if d is not None and unit in ("week", "month", "year"):
                p = Parts("period", a.start, self.a[j].end, f"period.{unit}", unit=unit, direction=d)
                p.future = d > 0
                pos, j = p.end, j + 1
                y = self.at(j, pos, ("NUM",))
                if unit == "year" and year_like(y):  # "العام الجاري 2021"
                    p.year, p.end, j = y.value, y.end, j + 1
                return p, j
            if unit == "year" and self.at(j, pos, ("NUM",)):  # "العام 2015"
                return self.year(j, a.start, True)
            return None
        if art:  # "الأيام الماضية", "الساعات الـ 24 الأخيرة", "اليومين الماضيين"
            k, pos2, cnt = j, pos, None
            n = self.at(k, pos, ("NUM",), ART)
            if n is not None and n.value:
                cnt, k, pos2 = n.value, k + 1, n.end
            d = after_dir(self.at(k, pos2, ("MOD",)))
            if d:
                p = Parts("window", a.start, self.a[k].end, "window", unit=unit, number=num,
                          count=cnt, direction=d)
                p.future = d > 0
                return p, k + 1
            return None
        if unit == "year" and num == "dual" and self.at(j, pos, ("NUM",)):  # "عامي 2017 و2018"
            return self.year(j, a.start, True)
        c = self.at(j, pos, ("COUNT",))  # "أيام عدة"
        if num == "plural" and c is not None and c.value.get("vague"):
            pos, j = c.end, j + 1
        if num == "plural" and a.prefix.endswith("ل") and not a.prefix.endswith("ال"):
            # "لأسابيع عدة": for weeks, up to the time of writing
            p = Parts("ago", a.start, pos, f"ago.{unit}", unit=unit, vague=True, cue="before")
            p.attrs["duration"] = True
            return p, j
        return self.ago(a.start, pos, j, unit, 2 if num == "dual" else None, num == "plural")

    def part(self, i: int) -> tuple[Parts, int] | None:
        """ "مطلع الشهر الجاري", "أواخر 2017", "منتصف يوليو", "نهاية العام" """
        a = self.a[i]
        part = a.value["part"]
        b = self.at(i + 1, a.end, ("MONTH", "HMONTH", "UNIT", "NUM", "MOD"), OF)
        if b is None:
            return None
        j = i + 1
        if b.kind in MONTH_KINDS:
            got = self.month(j, Parts("month", a.start, b.end, part=part))
        elif b.kind == "NUM":
            got = self.number(j, a.start, allow_year=True)
        elif b.kind == "MOD":
            got = self.this(j) if b.value.get("position") == "before" else None
        else:
            got = self.unit(j)
            u = b.value
            if got is None and u.get("article") and u["number"] == "singular" and u["unit"] != "day":
                got = Parts("period", b.start, b.end, f"period.{u['unit']}", unit=u["unit"], direction=0), j + 1
        if got is None:
            return None
        p, k = got
        if p.kind not in ("month", "year", "period") or (p.kind == "period" and p.unit == "day"):
            return None
        p.part, p.start = part, a.start
        p.rule += f".{part}"
        return p, k

    def this(self, i: int) -> tuple[Parts, int] | None:
        """ "هذا العام", "هذا الأسبوع", "هذا الصيف" """
        a = self.a[i]
        b = self.at(i + 1, a.end, ("UNIT", "SEASON"))
        if b is None:
            return None
        if b.kind == "SEASON":
            return Parts("season", a.start, b.end, "season", month=b.value["month"], direction=0), i + 2
        u = b.value
        if u["number"] != "singular" or not u.get("article") or u["unit"] not in ("week", "month", "year"):
            return None
        return Parts("period", a.start, b.end, f"period.{u['unit']}", unit=u["unit"], direction=0), i + 2

    def season(self, i: int, start: int) -> tuple[Parts, int] | None:
        """ "صيف 2014", "الشتاء الماضي" """
        a = self.a[i]
        p = Parts("season", start, a.end, "season", month=a.value["month"])
        pos, j = a.end, i + 1
        d = after_dir(self.at(j, pos, ("MOD",)))
        ok = d is not None
        if ok:
            p.direction, pos, j = d, self.a[j].end, j + 1
        k, pos2 = j, pos
        u = self.at(k, pos, ("UNIT",))
        if u is not None and u.value["unit"] == "year" and u.value["number"] == "singular":
            k, pos2 = k + 1, u.end
        y = self.at(k, pos2, ("NUM",))
        if year_like(y):
            p.year, pos, j, ok = y.value, y.end, k + 1, True
        return (self.done(p, pos), j) if ok else None

    def vague(self, i: int) -> tuple[Parts, int] | None:
        """ "في وقت سابق", "مؤخرا"; "في وقت سابق الخميس" takes the day """
        a = self.a[i]
        e = a.value
        if e["id"] in ("vague-earlier", "vague-later"):
            if self.at(i + 1, a.end, ("WEEKDAY", "RELDAY", "DAYPART"), OF):
                got = self.expr(i + 1)
                if got and got[0].kind in ("weekday", "relday"):
                    q, j = got
                    q.start = a.start
                    q.attrs["earlier" if e["id"] == "vague-earlier" else "later"] = True
                    return q, j
        p = Parts("vague", a.start, a.end, f"vague.{e['id']}", offset=e.get("offset", 0),
                  precision=e.get("precision"), vague=bool(e.get("vague")))
        return p, i + 1

