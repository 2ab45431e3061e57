"""The temporal grammar: atoms of a normalised text in, expression parts out.

A left-to-right scan: at each atom that can open an expression (a number, a
month, a weekday, "أمس", "الشهر", "مطلع", ...) a small recursive-descent rule
reads as far as the following atoms allow, checking that only the expected
glue lies between them (spaces, "/", "(", "من", "و", "إلى").  Then the word
before the expression is read as a cue ("منذ", "قبل", "خلال", "بحلول", "بين")
and, for the cues that change the meaning, taken into the span.

All offsets are normalised; the text is the normalised text (ى→ي, إ→ا,
ة→ه, Arabic-Indic digits→ASCII), so the glue patterns below are written in
that form.  Nothing here knows the publication date: see rasd.temporal.resolve.
"""
from __future__ import annotations

import re

from rasd.temporal.parts import Parts
from rasd.temporal.tables import Atom

_SP = re.compile(r"\s*")
_PAIR = re.compile(r"\s*[/(\-–]\s*")
_RANGE = re.compile(r"\s*(?:-|–|و|الي|والي|حتي|وحتي)\s*")
_RANGE_TO = re.compile(r"\s*(?:-|–|الي|والي|حتي|وحتي)\s*")  # not "و": two dates, not a range
_OF = re.compile(r"\s*(?:من\s+)?")
_FROM = re.compile(r"\s*من\s+")
_COMMA = re.compile(r"\s*[،,]?\s*")
_OPEN = re.compile(r"\s*\(?\s*")
_BEFORE_DATE = re.compile(r"\s*[،,]?\s*(?:الموافق\s*)?")
_ART = re.compile(r"\s*(?:ال)?\s*")
_CLOSE = re.compile(r"\s*\)")
_YEAR_MARK = re.compile(r"\s*(?:(هجريه|هجري|ه)|(ميلاديه|ميلادي|م))(?![\u0621-\u064a])")
_AFTER_FROM = re.compile(r"\s*(?:من|علي)\s")
_PREV_WORD = re.compile(r"([\u0621-\u064a]+)\s*$")
_NEXT_WORD = re.compile(r"\s*([\u0621-\u064a]+)")
_SENT_BREAK = re.compile(r"[.!?؟\n]")

# The word before an expression (normalised, without و/ف) and what it means.
CUES = {
    "منذ": "since", "قبل": "before", "بعد": "after", "خلال": "within", "بحلول": "by",
    "حتي": "until", "بين": "between", "من": "from", "في": "in", "الي": "to", "طوال": "during",
}
# Cues kept in the span because they change what the date means.
SPAN_CUES = frozenset({"since", "before", "after", "within", "by", "until", "between"})
# A bare number is a year only after one of these ("في 2015", "منذ 2014").
YEAR_CUES = SPAN_CUES | {"in", "from", "to", "during"}
# Cues before which a month that is also a common word may stand alone ("في مارس").
MONTH_CUES = YEAR_CUES
# "اليوم" is not today in "اليوم التالي", "ذات اليوم", "صحيفة اليوم".
_NOT_TODAY_BEFORE = frozenset({"ذات", "ذلك", "نفس", "صحيفه", "جريده", "هذا"})
_NOT_TODAY_AFTER = frozenset({"نفسه", "ذاته"})
FUTURE_REACH = 100  # characters between a future cue and the weekday it governs
MONTH_KINDS = ("MONTH", "HMONTH")


def parse(text: str, atoms: list[Atom]) -> list[Parts]:
    """Every date expression in a normalised text, in order."""
    return _Parser(text, atoms).run()


def _year_like(a: Atom | None, lo: int = 1900, hi: int = 2100) -> bool:
    return a is not None and a.value is not None and a.end - a.start == 4 and lo <= a.value <= hi


def _after_dir(a: Atom | None) -> int | None:
    """The direction of a modifier written after its unit, else None."""
    if a is None or a.value.get("position") == "before":
        return None
    return a.value["direction"]


class _Parser:
    def __init__(self, text: str, atoms: list[Atom]) -> None:
        self.t = text
        self.a = atoms
        self.n = len(atoms)
        self.future_ends = [a.end for a in atoms if a.kind == "FUTURE"]

    # --- plumbing -------------------------------------------------------------

    def at(self, j: int, pos: int, kinds: tuple[str, ...], gap: re.Pattern = _SP) -> Atom | None:
        """Atom j when it is one of `kinds` and only `gap` lies between pos and it."""
        if j >= self.n:
            return None
        a = self.a[j]
        if a.kind not in kinds or a.start < pos or not gap.fullmatch(self.t, pos, a.start):
            return None
        return a

    def prev_word(self, start: int) -> tuple[str, int]:
        """The word before `start` without a leading و/ف, and where it starts."""
        m = _PREV_WORD.search(self.t, max(0, start - 16), start)
        if not m:
            return "", start
        w, s = m.group(1), m.start(1)
        if len(w) > 2 and w[0] in "وف" and w[1:] in CUES:
            return w[1:], s + 1
        return w, s

    def cue(self, start: int) -> tuple[str | None, int]:
        w, s = self.prev_word(start)
        return CUES.get(w), s

    def run(self) -> list[Parts]:
        out: list[Parts] = []
        i = 0
        while i < self.n:
            got = self.expr(i)
            if got is None:
                i += 1
                continue
            p, j = self.extend_range(*got)
            self.finish(p)
            out.append(p)
            i = max(j, i + 1)
        return out

    def expr(self, i: int) -> tuple[Parts, int] | None:
        a = self.a[i]
        k = a.kind
        if k == "NUM":
            return self.number(i, a.start)
        if k in MONTH_KINDS:
            return self.month(i, Parts("month", a.start, a.end))
        if k == "WEEKDAY":
            return self.weekday(i, a.start)
        if k == "RELDAY":
            return self.relday(i, a.start)
        if k == "DAYPART":
            return self.daypart(i)
        if k == "UNIT":
            return self.unit(i)
        if k == "PART":
            return self.part(i)
        if k == "ORD":
            return self.ordinal(i)
        if k == "SEASON":
            return self.season(i, a.start)
        if k == "MOD" and a.value.get("position") == "before":
            return self.this(i)
        if k == "COUNT":
            return self.count(i)
        if k == "VAGUE":
            return self.vague(i)
        if k == "NDATE":
            y, m, d = a.value
            return Parts("numeric", a.start, a.end, "numeric", year=y, month=m, day=d), i + 1
        return None

    # --- months and days of the month ----------------------------------------

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
        b = self.at(j, pos, ("MONTH",), _PAIR)
        if b is not None and not hijri and b.value["month"] == p.month:
            pos, j = b.end, j + 1
            m = _CLOSE.match(self.t, pos)
            if m:
                pos = m.end()
            anchored = True
        d = _after_dir(self.at(j, pos, ("MOD",)))
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
        if _year_like(y, 1300, 2100):
            mark = _YEAR_MARK.match(self.t, y.end)
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
            d = _after_dir(self.at(j + 1, u.end, ("MOD",)))
            if d is not None:
                return d, self.a[j + 1].end, j + 2
        return None

    def day_month(self, i: int, start: int, day: int) -> tuple[Parts, int] | None:
        """A day number and its month: "9 كانون الأول", "بين 10 و12 يوليو", "25 من الشهر الجاري"."""
        a = self.a[i]
        p = Parts("date", start, a.end, day=day)
        b = self.at(i + 1, a.end, ("NUM",), _RANGE)
        if b is not None and b.value is not None and b.end - b.start <= 2 and day < b.value <= 31:
            m = self.month_after(i + 2, b.end, _OF)
            if m is not None:
                p.day2 = b.value
                got = self.month(m, p)
                if got:
                    got[0].rule += ".range"
                return got
        m = self.month_after(i + 1, a.end, _OF)
        if m is not None:
            return self.month(m, p)
        rel = self.rel_month(i + 1, a.end, _FROM)
        if rel is not None:
            p.direction, p.end, j = rel
            p.rule = "date.day_of_relative_month"
            return p, j
        return None

    def ordinal(self, i: int) -> tuple[Parts, int] | None:
        """ "العاشر من الشهر الجاري", "السابع من أيار/مايو" """
        a = self.a[i]
        p = Parts("date", a.start, a.end, day=a.value["day"])
        m = self.month_after(i + 1, a.end, _FROM)
        if m is not None:
            got = self.month(m, p)
            if got:
                got[0].rule += ".ordinal"
            return got
        rel = self.rel_month(i + 1, a.end, _FROM)
        if rel is not None:
            p.direction, p.end, j = rel
            p.rule = "date.ordinal_of_relative_month"
            return p, j
        return None

    # --- numbers -------------------------------------------------------------

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
            d = _after_dir(self.at(i + 2, u.end, ("MOD",)))
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
        mark = _YEAR_MARK.match(self.t, a.end)
        hijri = bool(mark and mark.group(1))
        if not (1300 <= v <= 1500 if hijri else 1900 <= v <= 2100):
            return None
        if not allow and not mark and self.cue(start)[0] not in YEAR_CUES:
            return None
        p = Parts("year", start, a.end, "year", year=v, calendar="hijri" if hijri else "gregorian")
        pos, j = (mark.end() if mark else a.end), i + 1
        b = self.at(j, pos, ("NUM",), _RANGE)
        if not hijri and _year_like(b) and v < b.value:
            p.year2, pos, j = b.value, b.end, j + 1
            p.rule = "year.range"
        p.end = pos
        return p, j

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
        if cue in ("since", "before"):
            cue = "before"
        elif cue == "after":
            # "بعد يومين من الهجوم": the other event, N days before this one
            if not _AFTER_FROM.match(self.t, end) or unit not in ("hour", "day", "week"):
                return None
            cue = "after_from"
        elif cue != "within":
            return None
        p = Parts("ago", start, end, f"ago.{unit}", unit=unit, count=count, vague=vague, cue=cue)
        p.future = cue == "within"
        return p, j

    # --- weekdays and days relative to publication ----------------------------

    def weekday(self, i: int, start: int, daypart: str | None = None) -> tuple[Parts, int] | None:
        a = self.a[i]
        if self.prev_word(a.start)[0] == "عبد":
            return None  # "عبد الأحد" is a name
        p = Parts("weekday", start, a.end, "weekday", weekday=a.value["weekday"], daypart=daypart)
        pos, j = a.end, i + 1
        d = _after_dir(self.at(j, pos, ("MOD",)))
        if d:
            p.direction, pos, j = d, self.a[j].end, j + 1
        # "ليل الأربعاء إلى الخميس", "الأحد والاثنين", "ليلة الخميس الجمعة"
        dp = self.at(j, pos, ("DAYPART",), _RANGE)
        if dp is not None:
            w2, nxt = self.at(j + 1, dp.end, ("WEEKDAY",)), j + 2
        else:
            w2, nxt = self.at(j, pos, ("WEEKDAY",), _RANGE), j + 1
            if w2 is None and daypart == "dp-night":  # a pair of nights, spaces between
                w2 = self.at(j, pos, ("WEEKDAY",))
                if w2 is not None and w2.value["weekday"] != (p.weekday + 1) % 7:
                    w2 = None
        if w2 is not None:
            p.weekday2, p.rule = w2.value["weekday"], "weekday.range"
            return self.done(p, w2.end), nxt
        # "الخميس 12 نيسان/أبريل 2018", "الأحد الموافق 3 آذار"
        n = self.at(j, pos, ("NUM",), _BEFORE_DATE)
        if n is not None and p.direction is None:
            got = self.number(j, n.start)
            if got and got[0].kind == "date":
                q, j2 = got
                q.weekday, q.start = p.weekday, start
                q.rule += ".weekday"
                return q, j2
        return self.done(p, pos), j

    def done(self, p: Parts, end: int) -> Parts:
        p.end = end
        return p

    def today_ok(self, i: int) -> bool:
        """False for "اليوم التالي", "ذات اليوم", "صحيفة اليوم", "اليوم العالمي"."""
        a = self.a[i]
        if self.prev_word(a.start)[0] in _NOT_TODAY_BEFORE:
            return False
        m = _NEXT_WORD.match(self.t, a.end)
        if m is None:
            return True
        w = m.group(1)
        if w in _NOT_TODAY_AFTER:
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
            o = self.at(j, pos, ("ORD",), _OPEN)
            if o is not None and o.value["day"] == 1:
                p.offset, pos, j = -2, o.end, j + 1
                m = _CLOSE.match(self.t, pos)
                if m:
                    pos = m.end()
        w = self.at(j, pos, ("WEEKDAY",), _COMMA)  # "أمس الأربعاء", "اليوم الخميس"
        if w is not None:
            p.weekday, pos, j = w.value["weekday"], w.end, j + 1
        return self.done(p, pos), j

    def daypart(self, i: int) -> tuple[Parts, int] | None:
        """ "مساء الأحد", "فجر اليوم", "في وقت متأخر من مساء يوم الأحد" """
        a = self.a[i]
        dp, pos, j = a.value["id"], a.end, i + 1
        while (d := self.at(j, pos, ("DAYPART",), _OF)) is not None:
            dp, pos, j = d.value["id"], d.end, j + 1
        u = self.at(j, pos, ("UNIT",), _OF)
        if u and u.value["unit"] == "day" and u.value["number"] == "singular" and not u.value.get("article"):
            pos, j = u.end, j + 1
        if self.at(j, pos, ("WEEKDAY",), _OF):
            return self.weekday(j, a.start, dp)
        if self.at(j, pos, ("RELDAY",), _OF):
            return self.relday(j, a.start, dp)
        return None

    # --- units, periods, parts ------------------------------------------------

    def unit(self, i: int) -> tuple[Parts, int] | None:
        a = self.a[i]
        u = a.value
        unit, num, art = u["unit"], u["number"], bool(u.get("article"))
        pos, j = a.end, i + 1
        if num == "singular" and not art:
            if unit == "day":  # "يوم الأحد", "يوم أمس", "يوم 15 تموز"
                if self.at(j, pos, ("WEEKDAY",)):
                    return self.weekday(j, a.start)
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
            d = _after_dir(self.at(j, pos, ("MOD",)))
            if d is not None and unit in ("week", "month", "year"):
                p = Parts("period", a.start, self.a[j].end, f"period.{unit}", unit=unit, direction=d)
                p.future = d > 0
                pos, j = p.end, j + 1
                y = self.at(j, pos, ("NUM",))
                if unit == "year" and _year_like(y):  # "العام الجاري 2021"
                    p.year, p.end, j = y.value, y.end, j + 1
                return p, j
            if unit == "year" and self.at(j, pos, ("NUM",)):  # "العام 2015"
                return self.year(j, a.start, True)
            return None
        if art:  # "الأيام الماضية", "الساعات الـ 24 الأخيرة", "اليومين الماضيين"
            k, pos2, cnt = j, pos, None
            n = self.at(k, pos, ("NUM",), _ART)
            if n is not None and n.value:
                cnt, k, pos2 = n.value, k + 1, n.end
            d = _after_dir(self.at(k, pos2, ("MOD",)))
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
        b = self.at(i + 1, a.end, ("MONTH", "HMONTH", "UNIT", "NUM", "MOD"), _OF)
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
        d = _after_dir(self.at(j, pos, ("MOD",)))
        ok = d is not None
        if ok:
            p.direction, pos, j = d, self.a[j].end, j + 1
        k, pos2 = j, pos
        u = self.at(k, pos, ("UNIT",))
        if u is not None and u.value["unit"] == "year" and u.value["number"] == "singular":
            k, pos2 = k + 1, u.end
        y = self.at(k, pos2, ("NUM",))
        if _year_like(y):
            p.year, pos, j, ok = y.value, y.end, k + 1, True
        return (self.done(p, pos), j) if ok else None

    def vague(self, i: int) -> tuple[Parts, int] | None:
        """ "في وقت سابق", "مؤخرا"; "في وقت سابق الخميس" takes the day """
        a = self.a[i]
        e = a.value
        if e["id"] in ("vague-earlier", "vague-later"):
            if self.at(i + 1, a.end, ("WEEKDAY", "RELDAY", "DAYPART"), _OF):
                got = self.expr(i + 1)
                if got and got[0].kind in ("weekday", "relday"):
                    q, j = got
                    q.start = a.start
                    q.attrs["earlier" if e["id"] == "vague-earlier" else "later"] = True
                    return q, j
        p = Parts("vague", a.start, a.end, f"vague.{e['id']}", offset=e.get("offset", 0),
                  precision=e.get("precision"), vague=bool(e.get("vague")))
        return p, i + 1

    # --- after an expression ---------------------------------------------------

    def extend_range(self, p: Parts, j: int) -> tuple[Parts, int]:
        """ "من 3 آب إلى 5 أيلول 2020": two dates joined into one range """
        if p.kind != "date" or p.day2 is not None or p.month is None or j >= self.n:
            return p, j
        b = self.a[j]
        if b.kind not in ("NUM", "ORD") or not _RANGE_TO.fullmatch(self.t, p.end, b.start):
            return p, j
        got = self.expr(j)
        if got is None or got[0].kind != "date" or got[0].month is None or got[0].calendar != p.calendar:
            return p, j
        q, k = got
        p.day2, p.month2, p.year2 = q.day, q.month, q.year
        if p.year is None and q.year is not None:
            p.year = q.year - 1 if p.month > q.month else q.year
        p.end = q.end
        p.rule += ".range"
        return p, k

    def finish(self, p: Parts) -> None:
        """Read the cue before the expression; mark future context."""
        cue, cstart = self.cue(p.start)
        ranged = p.day2 is not None or p.weekday2 is not None or p.year2 is not None
        if cue in SPAN_CUES or (cue == "from" and ranged):
            p.start = cstart
        if p.cue is None and cue is not None and cue != "in":
            p.cue = cue
        if cue == "by":
            p.future = True
        if p.kind in ("weekday", "date", "month") and p.direction is None and p.year is None:
            for fe in self.future_ends:
                if fe <= p.start and p.start - fe <= FUTURE_REACH and not _SENT_BREAK.search(self.t, fe, p.start):
                    p.future_ctx = True
                    break
