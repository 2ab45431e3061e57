"""Stage `numbers` (placeholder until its real implementation lands)."""
from rasd.doc import Doc
from rasd.registry import stage


@stage("numbers", reads=("tokens",), writes=('numbers',))
def numbers(doc: Doc) -> Doc:
    return doc
