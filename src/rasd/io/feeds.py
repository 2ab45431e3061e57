"""RSS and Atom feeds (.xml): one article per entry, through feedparser.

An entry's text is its full content when the feed carries it, else its
summary; HTML inside is reduced to text with paragraph breaks kept.  Title,
link, publication date and the feed's title (as the outlet) come along.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterator

from rasd.errors import InputError
from rasd.io.decode import check_text
from rasd.io.readers import Article, reader

_BLOCK = re.compile(r"(?i)</?(p|div|br|li|h[1-6]|blockquote|tr)\b[^>]*>")


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one line per block element."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    marked = _BLOCK.sub("\n", fragment)
    try:
        text = lxml.html.fromstring(f"<div>{marked}</div>").text_content()
    except (ValueError, lxml.etree.ParserError):
        text = re.sub(r"<[^>]+>", " ", marked)
    lines = (re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines())
    return "\n".join(ln for ln in lines if ln)


def _published(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return dt.date(t.tm_year, t.tm_mon, t.tm_mday).isoformat()
    return None


@reader(".xml", ".rss", ".atom")
def read_feed(path: str, data: bytes, max_mb: float) -> Iterator[Article]:
    import feedparser

    stem = Path(path).stem
    feed = feedparser.parse(data)
    outlet = (feed.feed.get("title") or "").strip() or None
    if not feed.entries:
        yield Article(id=stem, path=path, error=InputError("E111", path=path))
        return
    for n, e in enumerate(feed.entries, 1):
        where = f"{path}:{n}"
        body = ""
        if e.get("content"):
            body = "\n".join(html_to_text(c.get("value", "")) for c in e.content)
        if not body.strip():
            body = html_to_text(e.get("summary", "") or "")
        title = html_to_text(e.get("title", "") or "") or None
        aid = str(e.get("id") or e.get("link") or f"{stem}:{n}")
        try:
            check_text(body, path=where)
        except InputError as exc:
            yield Article(id=aid, path=where, error=exc)
            continue
        yield Article(id=aid, text=body, published=_published(e), title=title, outlet=outlet,
                      url=e.get("link") or None, path=where)
