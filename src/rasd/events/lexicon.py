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
    cues: Matcher  # multi-word cue forms ("على يد", "ما لا يقل عن")
    single_cues: dict[str, str]  # one-word cue form -> cue entry id (looked up per token)
    cue_of: dict[str, str]  # cue entry id -> cue role
    words: dict[str, frozenset[str]]  # cue role -> normalised single words
    verbs: frozenset[str]  # normalised trigger forms that are verbs
    required: dict[str, frozenset[str]]  # trigger id -> words one of which must come before it
    # trigger id -> (event_type, sub_event_type, plover, voice, class, death, mode, modifier,
    # requires_before): what every Trigger made from the entry carries, read once
    trigger_fields: dict[str, tuple]


def event_lexicon(kb) -> EventLexicon:
    """The compiled event lexicon of `kb` (built on first use, then cached)."""
    return kb.derived("events", _build)


def _build(kb) -> EventLexicon:
    entries = {e["id"]: e for e in kb.lexicon("triggers")}
    cues = kb.lexicon("event_cues")
    words: dict[str, set[str]] = {}
    single: dict[str, str] = {}
    multi: list[tuple[str, str]] = []
    for e in cues:
        for f in e["forms"]:
            form = " ".join(fold(f).split())
            words.setdefault(e["cue"], set()).add(form)
            if " " in form:
                multi.append((form, e["id"]))
            else:
                single.setdefault(form, e["id"])
    return EventLexicon(
        triggers=kb.lexicon_matcher("triggers", suffixes=True),
        trigger_entries=entries,
        # Frequent one-word cues ("في", "من") are looked up per token, which
        # is cheaper than running them through the automaton.
        cues=Matcher(multi),
        single_cues=single,
        cue_of={e["id"]: e["cue"] for e in cues},
        words={k: frozenset(v) for k, v in words.items()},
        verbs=frozenset(" ".join(fold(v).split()) for e in entries.values() for v in e.get("verbs", ())),
        required={
            e["id"]: frozenset(fold(w) for w in e["requires_before"])
            for e in entries.values() if e.get("requires_before")
        },
        trigger_fields={
            k: (
                e.get("event_type", ""), e.get("sub_event_type", ""), e.get("plover", ""), e.get("voice", "noun"),
                e.get("class", "event"), bool(e.get("death")), e.get("mode", ""), e.get("modifier", ""),
                bool(e.get("requires_before")),
            )
            for k, e in entries.items()
        },
    )
