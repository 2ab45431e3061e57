"""Stage `dedupe` (placeholder until its real implementation lands)."""
from rasd.doc import Doc
from rasd.registry import stage


@stage("dedupe", reads=("events",), writes=('events',))
def dedupe(doc: Doc) -> Doc:
    return doc
