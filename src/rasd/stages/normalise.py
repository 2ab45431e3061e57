"""Stage `normalise`: the normalised copy of the text and its offset map."""
from rasd.doc import Doc
from rasd.registry import stage
from rasd.text.normalize import normalize


@stage("normalise", reads=("text",), writes=("norm",))
def normalise(doc: Doc) -> Doc:
    """Set `doc.norm` (see rasd.text.normalize)."""
    doc.norm = normalize(doc.text)
    return doc
