"""The temporal grammar: atoms of a normalised text in, expression parts out.

A left-to-right scan: at each atom that can open an expression (a number, a
month, a weekday, "أمس", "الشهر", "مطلع", ...) a small recursive-descent rule
reads as far as the following atoms allow, checking that only the expected
glue lies between them (spaces, "/", "(", "من", "و", "إلى"; see
rasd.temporal.glue).  Then the word before the expression is read as a cue
("منذ", "قبل", "خلال", "بحلول", "بين") and, for the cues that change the
meaning, taken into the span.  The rules themselves are in rules_dates
(days, months, years, weekdays) and rules_periods (units, parts, seasons).

All offsets are normalised.  Nothing here knows the publication date: see
rasd.temporal.resolve.
"""
from __future__ import annotations

from rasd.temporal.glue import FUTURE_REACH, MONTH_KINDS, RANGE_TO, SENT_BREAK, SPAN_CUES
from rasd.temporal.parts import Parts
from rasd.temporal.rules_dates import DateRules
from rasd.temporal.rules_periods import PeriodRules
from rasd.temporal.tables import Atom


def parse(text: str, atoms: list[Atom]) -> list[Parts]:
    """Every date expression in a normalised text, in order."""
    return _Parser(text, atoms).run()


class _Parser(DateRules, PeriodRules):
    """Dispatch on the atom that opens an expression; ranges; cues."""

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

    # --- after an expression ---

    def extend_range(self, p: Parts, j: int) -> tuple[Parts, int]:
        """ "من 3 آب إلى 5 أيلول 2020": two dates joined into one range """
        if p.kind != "date" or p.day2 is not None or p.month is None or j >= self.n:
            return p, j
        b = self.a[j]
        if b.kind not in ("NUM", "ORD") or not RANGE_TO.fullmatch(self.t, p.end, b.start):
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
                if fe <= p.start and p.start - fe <= FUTURE_REACH and not SENT_BREAK.search(self.t, fe, p.start):
                    p.future_ctx = True
                    break
