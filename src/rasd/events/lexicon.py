"""The event lexicons compiled once per knowledge base.

Trigger entries (lexicon `triggers`) and cue words (lexicon `event_cues`) are
data; this module turns them into matchers and sets and caches them on the
knowledge base, so no document pays for it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasd.knowledge.matcher import Matcher
from rasd.text.normalize import fold


@dataclass(frozen=True)
class EventLexicon:
    triggers: Matcher
    trigger_entries: dict[str, dict[str, Any]]
    cues: Matcher
    cue_of: dict[str, str]  # cue entry id -> cue role
    words: dict[str, frozenset[str]]  # cue role -> normalised single words
    verbs: frozenset[str]  # normalised trigger forms that are verbs

    def is_word(self, role: str, norm_word: str) -> bool:
        return norm_word in self.words.get(role, ())


def event_lexicon(kb) -> EventLexicon:
    """The compiled event lexicon of `kb` (built on first use, then cached)."""
    cached = kb.__dict__.get("_event_lexicon")
    if cached is None:
        entries = {e["id"]: e for e in kb.lexicon("triggers")}
        cues = kb.lexicon("event_cues")
        words: dict[str, set[str]] = {}
        for e in cues:
            for f in e["forms"]:
                words.setdefault(e["cue"], set()).add(" ".join(fold(f).split()))
        cached = EventLexicon(
            triggers=kb.lexicon_matcher("triggers", suffixes=True),
            trigger_entries=entries,
            cues=kb.lexicon_matcher("event_cues"),
            cue_of={e["id"]: e["cue"] for e in cues},
            words={k: frozenset(v) for k, v in words.items()},
            verbs=frozenset(" ".join(fold(v).split()) for e in entries.values() for v in e.get("verbs", ())),
        )
        kb.__dict__["_event_lexicon"] = cached
    return cached
