"""Stage `events` (placeholder)."""
from rasd.doc import Doc
from rasd.registry import stage


@stage("events", reads=("entities", "times", "numbers", "quotes"), writes=("triggers", "events"))
def events(doc: Doc) -> Doc:
    return doc
