"""Helpers for `build_places.py`: Arabic name cleaning, alias filters, output.

The filters decide which names of a place may become matcher aliases.  A name
that is an everyday Arabic word ("الحرية", "المدينة", "بحجة") would fire in
every article, so each candidate is checked against a hand-written stop-list,
a length rule and its frequency as an ordinary word (wordfreq's Arabic counts):
the smaller the place, the rarer its name must be.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from rasd.knowledge.matcher import PROCLITICS
from rasd.text.normalize import fold

ARTICLE = "ال"
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f]")
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+(?: [\u0621-\u063a\u0641-\u064a]+)*$")
# Prefixes that are designations, not names: stripped so the matcher sees the
# name and the resolver still sees the cue word before it.
DESIGNATIONS = ("محافظة", "ولاية", "قضاء", "مديرية", "ناحية", "مدينة", "بلدة", "قرية", "مركز", "منطقة")
# First words that turn a common given name into a person-like phrase.
KIN_WORDS = frozenset(fold(w) for w in ("أبو", "ابو", "أم", "ام", "بن", "ابن", "بني", "عبد", "آل", "بيت"))
ROUND = 4
_FINAL_TWIN = {"ة": "ه", "ه": "ة", "ى": "ي", "ي": "ى"}
_BARE_ALEF = str.maketrans("أإآ", "ااا")
_CLITICS = frozenset("وفبلك")
_REPEAT = re.compile(r"(.)\1\1")
_LOOSE_WAW = re.compile(r" و (?=\S)")
MIN_FREQ = 10 ** (2.5 - 9)  # zipf 2.5: rarer words never decide anything here
PROCLITIC_FORMS = tuple(p for p in PROCLITICS if p)


def clean_ar(text: str) -> str:
    """NFC, no harakat or tatweel, hyphens as spaces, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _HARAKAT.sub("", text).replace("-", " ").replace("\u060c", " ")
    text = " ".join(text.split())
    return _LOOSE_WAW.sub(" و", text)  # "خب و الشعف": the conjunction is written joined


def is_arabic_name(text: str) -> bool:
    """Arabic letters and spaces only: no Persian/Kurdish/Urdu letters, digits or Latin."""
    return bool(_ARABIC_NAME.match(text))


def key(text: str) -> str:
    """The matcher's normalised form of a name."""
    return " ".join(fold(text).split())


def core(k: str) -> str:
    """A key without its article, when it has one."""
    return k[2:] if k.startswith(ARTICLE) and len(k) > 2 else k


def strip_designation(name: str) -> str:
    """'ناحية العامرية' -> 'العامرية'; names that are only a designation stay."""
    first, _, rest = name.partition(" ")
    return rest if first in DESIGNATIONS and rest else name


def load_stoplist(path: Path) -> frozenset[str]:
    """Folded stop words from a one-per-line file (# comments)."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            k = key(clean_ar(line))
            words.add(k)
            if k.startswith(ARTICLE) and len(k) >= 5:
                words.add(k[2:])  # "المدينة" common means "مدينة" is too
    return frozenset(words)


@dataclass(frozen=True, order=True)
class Tier:
    """How rare a name must be for a place of this standing: zipf ceiling, shortest key.

    `short_zipf` is the ceiling for three-letter names, which are mostly roots
    of everyday words.  Tiers order from strict to lenient.
    """

    max_zipf: float
    min_len: int
    short_zipf: float
    label: str = field(compare=False)


SMALL = Tier(3.5, 4, 0.0, "small")  # villages outside the core countries
CORE_SMALL = Tier(4.0, 3, 3.2, "core-small")  # villages and sub-districts of the core countries
MEDIUM_ABROAD = Tier(3.9, 3, 3.9, "medium-abroad")  # towns >= 20k outside the core countries
MEDIUM = Tier(4.5, 3, 4.5, "medium")  # districts, towns >= 20k
LARGE_ABROAD = Tier(4.3, 3, 4.3, "large-abroad")  # towns >= 100k outside the core countries
LARGE = Tier(5.0, 3, 5.0, "large")  # towns >= 100k
FAMOUS = Tier(99.0, 2, 99.0, "famous")  # countries, governorates, capitals, cities >= 500k
CURATED = MEDIUM  # hand-written entries: checked like a district (`force: true` to override)

CORE_COUNTRIES = frozenset({"IQ", "SY", "YE", "PS", "LY", "LB"})


def tier_for(kind: str, country: str, population: int | None, capital: bool = False) -> Tier:
    """The filter tier of a place from its kind, country and size."""
    pop = population or 0
    if kind in ("country", "admin1") or capital or pop >= 500_000:
        return FAMOUS
    core_country = country in CORE_COUNTRIES
    if pop >= 100_000:
        return LARGE if core_country else LARGE_ABROAD
    if kind == "admin2" or pop >= 20_000:
        return MEDIUM if core_country or kind == "admin2" else MEDIUM_ABROAD
    return CORE_SMALL if core_country else SMALL


class Commonness:
    """Judges names with the stop-list and wordfreq's Arabic frequencies.

    `fame` maps a key to the most lenient tier of any place whose main name it
    is: once "الموصل" is accepted for Mosul, accepting it for the district and
    sub-district of the same name adds ambiguity, not new false hits.
    """

    def __init__(self, stoplist: frozenset[str]) -> None:
        import math

        from wordfreq import get_frequency_dict  # a build-time source, not a runtime dependency

        self.stop = stoplist
        self.fame: dict[str, Tier] = {}
        # Frequency of every spelling the matcher folds together: "فصايل" in a
        # place name matches "فصائل" in text, so it is as common as that word.
        self.folded: dict[str, float] = {}
        self.exact: dict[str, float] = {}  # as spelled: picks "أنقرة" over "آنقره"
        for word, freq in get_frequency_dict("ar").items():
            if freq < MIN_FREQ:
                continue
            k = key(word)
            z = math.log10(freq) + 9
            self.exact[word] = z
            if z > self.folded.get(k, 0.0):
                self.folded[k] = z

    def add_fame(self, name: str, tier: Tier) -> None:
        """Record that `name` is the main name of a place of this tier."""
        k = key(clean_ar(name))
        if k and tier > self.fame.get(k, SMALL):
            self.fame[k] = tier

    def zipf(self, text: str) -> float:
        """Frequency of a word (any spelling that folds to it) in ordinary Arabic text, 0-7."""
        return self.folded.get(key(text), 0.0)

    def spelling_zipf(self, name: str) -> float:
        """How usual this exact spelling is (mean over its words)."""
        words = name.split()
        return sum(self.exact.get(w, 0.0) for w in words) / max(len(words), 1)

    def word_zipf(self, word: str) -> float:
        """Frequency of a one-word name, or of its bare core, which the matcher also finds."""
        k = key(word)
        z = self.folded.get(k, 0.0)
        if k.startswith(ARTICLE) and len(k) >= 6:
            z = max(z, self.folded.get(k[2:], 0.0))
        return z

    def clitic_zipf(self, word: str) -> tuple[float, str]:
        """The most frequent word that is a proclitic plus this name ("كبيرة" = ك + "بيرة")."""
        k = key(word)
        cores = [k, k[2:]] if k.startswith(ARTICLE) and len(k) >= 6 else [k]
        best = (0.0, "")
        for c in cores:
            for p in PROCLITIC_FORMS:
                z = self.folded.get(p + c, 0.0) if p + c != k else 0.0
                if z > best[0]:
                    best = (z, p + c)
        return best

    def problem(self, alias: str, tier: Tier) -> str | None:
        """Why `alias` must not be a matcher alias at this tier, or None."""
        k = key(alias)
        if not k:
            return "empty"
        if k in self.stop or (k.startswith(ARTICLE) and core(k) in self.stop):
            return "stop-list"
        if any(len(t) == 1 for t in k.split()) or _REPEAT.search(k):
            return "malformed"  # "بيت ج", "ااالخرطوم": typing slips in GeoNames
        tier = max(tier, self.fame.get(k, tier))
        tokens = k.split()
        if len(tokens) == 1:
            if len(k) < tier.min_len:
                return "short"
            word = clean_ar(alias)
            z = self.word_zipf(word)
            if z >= (tier.short_zipf if len(k) == 3 else tier.max_zipf):
                return f"common word (zipf {z:.1f})"
            z, w = self.clitic_zipf(word)
            if tier >= FAMOUS and z >= 4.3 and z > self.word_zipf(word) + 1.0:
                return f"completes a far commoner word {w} (zipf {z:.1f})"
            if tier < FAMOUS:
                # "بيرة" after ك is "كبيرة": the matcher strips proclitics, so
                # a name must not complete a common word either.
                if z >= min(tier.max_zipf - 0.3, 4.3):
                    return f"completes a common word {w} (zipf {z:.1f})"
            return None
        if tier >= LARGE:
            return None
        words = clean_ar(alias).split()
        if tokens[0] in KIN_WORDS and self.word_zipf(words[1]) >= 5.0:
            return "person-like"
        if all(self.word_zipf(w) >= 5.3 for w in words):
            return "common phrase"
        return None


@dataclass
class Names:
    """The outcome of filtering a place's candidate names."""

    name_ar: str | None
    aliases: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)


def choose_names(
    candidates: Iterable[str],
    tier: Tier,
    judge: Commonness,
    *,
    designation: str | None = None,
    keep_first: bool = False,
) -> Names:
    """Pick a display name and the aliases that pass the filters.

    Candidates come best first.  When every candidate fails and a designation
    is given, the place is named with it ("قضاء المدينة") so it is still found
    where the text uses the designation.  `keep_first` keeps the first
    candidate as the display name even when it fails as an alias.
    """
    cands = [c for c in dict.fromkeys(clean_ar(c) for c in candidates) if c]
    good: list[str] = []
    dropped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for c in cands:
        k = key(c)
        if k in seen:
            continue
        seen.add(k)
        why = judge.problem(c, tier)
        if why:
            dropped.append((c, why))
        else:
            good.append(c)
    if keep_first and cands and (not good or key(good[0]) != key(cands[0])):
        first = cands[0]
        if designation and judge.problem(first, tier):
            first = f"{designation} {first}"
        return Names(first, [g for g in good if key(g) != key(first)], dropped)
    if good:
        return Names(good[0], good[1:], dropped)
    if designation and cands:
        return Names(f"{designation} {cands[0]}", [], dropped)
    return Names(None, [], dropped)


def mark_ambiguous(entries: list[dict[str, Any]]) -> int:
    """Set `ambiguous` on every entry whose alias another entry shares; returns shared keys."""
    owners: dict[str, set[str]] = {}
    for e in entries:
        for a in (e["name_ar"], *e.get("aliases", ())):
            owners.setdefault(key(a), set()).add(e["id"])
    shared = {k for k, ids in owners.items() if len(ids) > 1}
    for e in entries:
        amb = [a for a in dict.fromkeys((e["name_ar"], *e.get("aliases", ()))) if key(a) in shared]
        if amb:
            e["ambiguous"] = amb
        else:
            e.pop("ambiguous", None)
    return len(shared)


def rounded(x: float) -> float:
    """A coordinate to 4 decimals (about 10 m)."""
    return round(float(x), ROUND)


def write_jsonl(path: Path, entries: Iterable[dict[str, Any]]) -> int:
    """One entry per line, sorted keys, UTF-8 as is; returns the count."""
    n = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for e in entries:
            fh.write(json.dumps(e, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
            n += 1
    return n
