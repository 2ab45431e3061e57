"""The event database schema: documents, what was found in them, and merged events.

One schema for SQLite and PostgreSQL.  A *report* is one event record as a
single document gives it (the `events` list of `doc_record`); an *event* is
one real happening, the merge of every report of it.  Full records are kept as
JSON; the columns the filters use are copied out and indexed.

The full-text index is not an ORM table: it is an FTS5 virtual table on
SQLite and a tsvector table on PostgreSQL (see `rasd.store.fts`).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Document(Base):
    """An ingested article, or one that failed (status 'failed' and its error)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    doc_id: Mapped[str] = mapped_column(String(512))  # the article's own id (file stem, JSON id)
    url: Mapped[str | None] = mapped_column(String(2048), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    outlet: Mapped[str | None] = mapped_column(String(256))
    path: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), index=True)  # "ok" or "failed"
    error_code: Mapped[str | None] = mapped_column(String(8))
    error: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # doc_record["document"] + sources
    seq: Mapped[int] = mapped_column(Integer, default=0)  # position in the input of the run that stored it


class EntityRow(Base):
    """An entity mention of one document."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    entry_id: Mapped[str | None] = mapped_column(String(128), index=True)
    text: Mapped[str] = mapped_column(Text)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)


class QuoteRow(Base):
    """Quoted words of one document and who said them."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_id: Mapped[str | None] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)


class Report(Base):
    """One document's record of an event; `event_id` is the merged event it belongs to."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # content hash + "#" + index: stable
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str | None] = mapped_column(String(128))
    event_date: Mapped[dt.date | None] = mapped_column(Date)
    country_code: Mapped[str | None] = mapped_column(String(8))
    location: Mapped[str | None] = mapped_column(String(256))  # folded, for "same place"
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    cell: Mapped[int | None] = mapped_column(Integer)  # 0.1-degree grid cell, for the 10 km neighbour search
    fatalities: Mapped[int | None] = mapped_column(Integer)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    event_id: Mapped[str | None] = mapped_column(String(32), index=True)
    comp: Mapped[str | None] = mapped_column(String(80))  # component label: its smallest report key

    # Merging looks for neighbours by name or by grid cell, in a date window.
    __table_args__ = (
        Index("ix_reports_type_loc_date", "event_type", "location", "event_date"),
        Index("ix_reports_type_cell_date", "event_type", "cell", "event_date"),
        Index("ix_reports_comp_date", "comp", "event_date"),  # a component's date window
    )


class Event(Base):
    """One real happening: the merge of its reports, with ACLED-named fields."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # "ev-" + hash of the anchor report key
    event_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str | None] = mapped_column(String(128))
    actor1_id: Mapped[str | None] = mapped_column(String(128), index=True)
    actor1: Mapped[str | None] = mapped_column(String(256))
    actor2_id: Mapped[str | None] = mapped_column(String(128), index=True)
    actor2: Mapped[str | None] = mapped_column(String(256))
    country: Mapped[str | None] = mapped_column(String(128))
    country_code: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin2: Mapped[str | None] = mapped_column(String(128))
    location: Mapped[str | None] = mapped_column(String(256))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_min: Mapped[int | None] = mapped_column(Integer)
    fatalities_max: Mapped[int | None] = mapped_column(Integer)
    n_reports: Mapped[int] = mapped_column(Integer, default=1)
    n_sources: Mapped[int] = mapped_column(Integer, default=1)
    confidence: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)  # actors, assoc actors, per-report figures
    why: Mapped[dict[str, Any]] = mapped_column(JSON)  # the merge explanation

    __table_args__ = (
        Index("ix_events_type_date", "event_type", "event_date"),
        Index("ix_events_country_date", "country_code", "event_date"),
        Index("ix_events_admin1_date", "admin1", "event_date"),
        Index("ix_events_lat_lon", "latitude", "longitude"),
        Index("ix_events_fatalities_id", "fatalities", "id"),  # the web table's sorts (migration 0002)
        Index("ix_events_country_id", "country", "id"),
    )


class SplitPair(Base):
    """Two reports a user split apart ('rasd split'): never merged again."""

    __tablename__ = "split_pairs"

    a: Mapped[str] = mapped_column(String(80), primary_key=True)  # report keys, a < b
    b: Mapped[str] = mapped_column(String(80), primary_key=True)
