"""The event database: documents, entities, quotes, reports and merged events.

`rasd.store.ingest.ingest` fills it; `rasd.store.query` reads it;
`rasd.store.export` writes it out.  Nothing is opened at import time.
"""
