"""Generic mentions that stand for an armed group the article names.

"الإرهابيين", "المتشددين", "التنظيم" in an article about the Islamic State mean
the Islamic State: a generic militant actor is replaced by the named
non-state armed group the article mentions most (ties go to the first
mentioned).  Unidentified gunmen stay unidentified; only a claim of
responsibility names them (see `claims`).
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from rasd.events.view import DocView

# "الإرهابيين", "الميليشيات": words an outlet uses for the armed group it reports on.
GENERIC_MILITANTS = ("islamist-militants", "militias")
_GROUP_TYPES = frozenset(["rebel_group", "political_militia", "identity_militia"])


def dominant_group(view: DocView) -> dict[str, Any] | None:
    """The named non-state armed group mentioned most in the article, as an actor view."""
    cached = view.__dict__.get("_dominant_group", False)
    if cached is not False:
        return cached
    counts: Counter = Counter()
    first: dict[str, Any] = {}
    for e in view.doc.entities:
        a = e.attrs
        if e.kind == "actor" and a.get("type") in _GROUP_TYPES and not str(a.get("id", "")).startswith(GENERIC_MILITANTS):
            if view.doc.kb.actors.get(e.entry_id, {}).get("generic"):
                continue
            key = a.get("id", e.entry_id)
            counts[key] += 1
            first.setdefault(key, e)
    found = None
    if counts:
        top = max(counts, key=lambda k: (counts[k], -first[k].start))
        e = first[top]
        found = {k: e.attrs.get(k) for k in ("id", "name", "name_ar", "type", "inter", "country")}
    view.__dict__["_dominant_group"] = found
    return found


def resolve_generic(view: DocView, actor: dict[str, Any] | None) -> tuple[dict[str, Any] | None, bool]:
    """(actor, changed): a generic militant actor becomes the article's dominant group."""
    if not actor or not str(actor.get("id", "")).startswith(GENERIC_MILITANTS):
        return actor, False
    group = dominant_group(view)
    if group is None:
        return actor, False
    return dict(group, text=actor.get("text", "")), True
