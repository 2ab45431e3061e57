"""The document model: an unchanged text and spans pointing into it.

Every span's `start`/`end` are character offsets into `Doc.text`, the original
string.  Spans found on the normalised copy (`Doc.norm`) are mapped back before
they are stored, so `doc.text[span.start:span.end]` is always the evidence.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rasd.text.normalize import NormText, normalize


@dataclass(slots=True)
class Span:
    """A stretch of the original text, with the rule or entry that found it."""

    start: int
    end: int
    label: str = ""
    rule: str = ""

@dataclass(slots=True)
class Token:
    """A word, number or punctuation mark.

    `start`/`end` are original offsets; `nstart`/`nend` the same token in the
    normalised text.  `stem` is the normalised form without proclitics (و ف ب ل
    ك ال) or pronoun suffixes when the segmenter found them; `prefix` and
    `suffix` hold what was stripped.
    """

    start: int
    end: int
    nstart: int
    nend: int
    norm: str
    kind: str  # "word", "num", "latin", "punct"
    sent: int = 0
    prefix: str = ""
    stem: str = ""
    suffix: str = ""


@dataclass(slots=True)
class Entity:
    """A mention of an actor, place, person or outlet."""

    start: int
    end: int
    kind: str  # "actor", "place", "person", "outlet"
    entry_id: str | None
    rule: str
    candidates: tuple[str, ...] = ()
    sent: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class TimeExpr:
    """A date expression and what it resolves to against the publication date.

    `value` is an ISO date (YYYY-MM-DD) or None when unresolved; `precision` is
    ACLED's time_precision (1 day, 2 week, 3 month) or 4 for a year-only
    expression.  `relative` says whether the publication date was needed.
    """

    start: int
    end: int
    value: str | None
    precision: int | None
    rule: str
    relative: bool = False
    resolved: bool = True
    note: str = ""
    end_value: str | None = None  # for ranges
    sent: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)  # e.g. since, future, vague, year_only


@dataclass(slots=True)
class NumberExpr:
    """A count: digits, number words, duals, "عشرات"; `qualifier` e.g. "at_least"."""

    start: int
    end: int
    value: int
    rule: str
    qualifier: str = ""
    sent: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)  # e.g. the counted noun


@dataclass(slots=True)
class Quote:
    """Quoted words (inside the marks) and who said them."""

    start: int
    end: int
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    rule: str
    speaker_entity: str | None = None
    sent: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class SourceChain:
    """An attribution: `chain[0]` reports, citing `chain[1]`, and so on."""

    start: int
    end: int
    chain: list[dict[str, Any]]
    rule: str


@dataclass(slots=True)
class Trigger:
    """A word that reports an event, with the lexicon entry that matched it."""

    start: int
    end: int
    entry_id: str
    event_type: str
    sub_event_type: str
    plover: str
    voice: str  # "active", "passive", "noun", "intransitive"
    sent: int = 0
    ntok: int = 0  # index of the first token of the trigger
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Evidence:
    """Why a field has its value: a span of the text and the rule or entry."""

    start: int | None
    end: int | None
    text: str | None
    rule: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "rule": self.rule}


@dataclass(slots=True)
class Event:
    """An event record; field names follow ACLED where ACLED has one."""

    event_type: str
    sub_event_type: str
    plover: str
    trigger: Trigger
    event_date: str | None = None
    time_precision: int | None = None
    actor1: dict[str, Any] | None = None
    assoc_actor_1: list[dict[str, Any]] = field(default_factory=list)
    actor2: dict[str, Any] | None = None
    assoc_actor_2: list[dict[str, Any]] = field(default_factory=list)
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    location_ar: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    confidence: float = 0.5
    start: int = 0
    end: int = 0
    evidence: dict[str, Evidence] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Doc:
    """An article: its original text, metadata and everything found in it."""

    text: str
    id: str = ""
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    norm: NormText | None = None
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    numbers: list[NumberExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sources: list[SourceChain] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    geo: Any = None  # rasd.geo.resolve.GeoContext, set by `entities`
    # Set by the pipeline; not part of the document's data.
    kb: Any = None
    done: list[str] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # indexes stages share (see token_starts)

    def set_tokens(self, tokens: list[Token], starts: list[int], nstarts: list[int]) -> None:
        """Set the tokens with their original and normalised start offsets (as the segmenter has them)."""
        self.tokens = tokens
        self.cache["starts"] = (tokens, starts)
        self.cache["nstarts"] = (tokens, nstarts)

    def token_starts(self) -> list[int]:
        """Original start offset of every token (built once per token list)."""
        got = self.cache.get("starts")
        if got is None or got[0] is not self.tokens:
            got = self.cache["starts"] = (self.tokens, [t.start for t in self.tokens])
        return got[1]

    def token_nstarts(self) -> list[int]:
        """Normalised start offset of every token (built once per token list)."""
        got = self.cache.get("nstarts")
        if got is None or got[0] is not self.tokens:
            got = self.cache["nstarts"] = (self.tokens, [t.nstart for t in self.tokens])
        return got[1]

    def token_at_norm(self) -> dict[int, int]:
        """Normalised start offset -> token index (built once per token list)."""
        got = self.cache.get("at_norm")
        if got is None or got[0] is not self.tokens:
            got = self.cache["at_norm"] = (self.tokens, dict(zip(self.token_nstarts(), range(len(self.tokens)))))
        return got[1]

    def tokens_with(self, *words: str) -> list[int]:
        """Sorted indices of the tokens whose stem (or form) is one of `words`.

        Found by searching the normalised text: a pass over every token costs
        more than the few rules that ask.
        """
        text, toks, at = self.norm.text, self.tokens, self.token_at_norm()
        found: set[int] = set()
        for word in words:
            i = text.find(word)
            while i != -1:
                ws = i
                while ws > 0 and "\u0621" <= text[ws - 1] <= "\u064a":
                    ws -= 1  # back to the start of the word holding it
                k = at.get(ws)
                if k is not None and (toks[k].stem or toks[k].norm) in words:
                    found.add(k)
                i = text.find(word, i + 1)
        return sorted(found)

    def ensure_norm(self) -> NormText:
        if self.norm is None:
            self.norm = normalize(self.text)
        return self.norm
