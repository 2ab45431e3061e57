"""One automaton pass per article for the matchers the stages run over its text.

The entities stage looks for names, nationality adjectives and titles, the
events stage for triggers and cue words, all in the same normalised text.
Joined in a `SharedScan`, the text is scanned once (see `rasd.knowledge.matcher`).
"""
from __future__ import annotations

from typing import Iterable

from rasd.knowledge.matcher import Matcher, SharedScan


def share_scan(kb, stages: Iterable[str]) -> SharedScan | None:
    """Join the text matchers of `stages` into one scan (once per knowledge base and stage set)."""
    used = frozenset(stages) & {"entities", "events"}
    if kb is None or not used:
        return None
    return kb.derived(("shared_scan", used), lambda kb: SharedScan(text_matchers(kb, used)))


def text_matchers(kb, stages: Iterable[str]) -> list[Matcher]:
    """The matchers the given stages run over the whole normalised text."""
    stages = set(stages)
    out: list[Matcher] = []
    if "entities" in stages:
        out += [kb.names, kb.demonyms, kb.lexicon_matcher("titles")]
    if "events" in stages:
        from rasd.events.lexicon import event_lexicon  # only pipelines with events need it

        lex = event_lexicon(kb)
        out += [lex.triggers, lex.cues]
    return out
