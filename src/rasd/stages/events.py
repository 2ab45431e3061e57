"""Stage `events`: triggers, then one frame per happening, then event records.

See `rasd.events` for the rules: `triggers` (find and filter), `frames`
(group and type), `roles` (actors), `where`, `when`, `counts` (fatalities),
`build` (records with evidence) and `claims` (responsibility claimed
elsewhere in the article).
"""
from rasd.doc import Doc
from rasd.events.build import build_events
from rasd.events.claims import apply_aircraft_owner, apply_claims, apply_continuations, settle_territory
from rasd.events.frames import group_frames, split_mixed
from rasd.events.lexicon import event_lexicon
from rasd.events.triggers import find_triggers
from rasd.events.view import DocView
from rasd.registry import stage


@stage("events", reads=("entities", "times", "numbers", "quotes"), writes=("triggers", "events"))
def events(doc: Doc) -> Doc:
    """Set `doc.triggers` and `doc.events`."""
    view = DocView.build(doc, event_lexicon(doc.kb))
    doc.triggers = find_triggers(view)
    frames = split_mixed(group_frames(doc.triggers, view.clause_of))
    protest_sents = {f.sent for f in frames if f.family == "protest"}
    # the deaths and clashes of a protest's sentence belong to the protest frame
    for f in frames:
        if f.family == "protest":
            f.triggers.extend(
                t for g in frames if g.family == "violence" and g.sent == f.sent for t in g.triggers
                if t.attrs.get("death")
            )
    out = []
    for frame in frames:
        out.extend(build_events(view, frame, protest_sents))
    apply_continuations(out)
    apply_claims(view, out)
    apply_aircraft_owner(view, out)
    settle_territory(out)
    doc.events = out
    return doc
