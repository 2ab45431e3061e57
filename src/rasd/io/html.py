"""HTML pages: the article's main text through trafilatura, with its metadata.

Title, date, url and outlet come from the page (meta tags, JSON-LD, <title>)
when present.  trafilatura is imported on first use, not at import time.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from rasd.errors import InputError
from rasd.io.decode import check_text, decode_bytes
from rasd.io.readers import Article, reader


def page_article(html: str, path: str, doc_id: str) -> Article:
    """An Article from one HTML page (with the error set when it holds no article)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        return Article(id=doc_id, path=path, error=InputError("E111", path=path))
    try:
        check_text(text, path=path)
    except InputError as exc:
        return Article(id=doc_id, path=path, error=exc)
    title = getattr(doc, "title", None)
    return Article(
        id=doc_id,
        text=text,
        published=getattr(doc, "date", None),
        title=title,
        outlet=getattr(doc, "sitename", None) or None,
        url=getattr(doc, "url", None) or None,
        path=path,
    )


@reader(".html", ".htm")
def read_html(path: str, data: bytes, max_mb: float) -> Iterator[Article]:
    doc_id = Path(path).stem
    try:
        html = decode_bytes(data, path=path, max_mb=max_mb)
    except InputError as exc:
        yield Article(id=doc_id, path=path, error=exc)
        return
    yield page_article(html, path, doc_id)

