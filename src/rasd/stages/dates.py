"""Stage `dates` (placeholder until its real implementation lands)."""
from rasd.doc import Doc
from rasd.registry import stage


@stage("dates", reads=("tokens",), writes=('times',))
def dates(doc: Doc) -> Doc:
    return doc
