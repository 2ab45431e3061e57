"""rasd (رصد): Arabic news in, evidence-backed conflict and political event records out."""

__version__ = "0.1.0"


def extract(text: str, **meta):
    """Run the default pipeline over one article; see `rasd.pipeline.Pipeline.make_doc`."""
    from rasd.pipeline import extract as _extract

    return _extract(text, **meta)
