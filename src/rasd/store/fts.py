"""Full-text search over documents, with Arabic folding, on either engine.

SQLite: an FTS5 table without stored content (the text is in `documents`);
PostgreSQL: a tsvector table with a GIN index, `to_tsvector('simple', ...)`.
Both index the folded text (`rasd.text.normalize.fold`) plus clitic-free
stems, and queries are folded the same way.
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from rasd.text.normalize import fold

_WORD = re.compile(r"\w+", re.UNICODE)


def index(conn: Connection, rows: list[dict]) -> None:
    """Add documents to the index: rows of {"id": document id, "body": folded text}."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO documents_fts(rowid, body) VALUES (:id, :body)"), rows)
    else:
        conn.execute(text("INSERT INTO documents_fts(document_id, body) VALUES (:id, to_tsvector('simple', :body))"), rows)


def query_words(query: str) -> list[str]:
    """The folded words of a query."""
    return _WORD.findall(fold(query).lower())


def match_sql(dialect: str, query: str) -> tuple[str, dict]:
    """SQL selecting ids of documents holding every word of `query`, and its parameters."""
    words = query_words(query)
    if not words:
        return "SELECT NULL WHERE 1=0", {}
    if dialect == "sqlite":
        q = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        return "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :fts_q", {"fts_q": q}
    return (
        "SELECT document_id FROM documents_fts WHERE body @@ plainto_tsquery('simple', :fts_q)",
        {"fts_q": " ".join(words)},
    )
