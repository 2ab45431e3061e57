"""Stage `quotes` (placeholder until its real implementation lands)."""
from rasd.doc import Doc
from rasd.registry import stage


@stage("quotes", reads=("tokens",), writes=('quotes', 'sources'))
def quotes(doc: Doc) -> Doc:
    return doc
