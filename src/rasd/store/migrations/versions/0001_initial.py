"""Initial schema: documents, entities, quotes, reports, events, split pairs, full-text index.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("doc_id", sa.String(512), nullable=False),
        sa.Column("url", sa.String(2048)),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("outlet", sa.String(256)),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error_code", sa.String(8)),
        sa.Column("error", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
    )
    op.create_index("ix_documents_url", "documents", ["url"])
    op.create_index("ix_documents_status", "documents", ["status"])
    for name in ("entities", "quotes"):
        cols = [
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
            sa.Column("start", sa.Integer, nullable=False),
            sa.Column("end", sa.Integer, nullable=False),
        ]
        if name == "entities":
            cols += [
                sa.Column("kind", sa.String(16), nullable=False),
                sa.Column("entry_id", sa.String(128)),
            ]
        else:
            cols += [sa.Column("speaker", sa.Text), sa.Column("speaker_id", sa.String(128))]
        cols += [sa.Column("text", sa.Text, nullable=False), sa.Column("record", sa.JSON, nullable=False)]
        op.create_table(name, *cols)
        op.create_index(f"ix_{name}_document_id", name, ["document_id"])
    op.create_index("ix_entities_entry_id", "entities", ["entry_id"])
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(80), nullable=False, unique=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(128)),
        sa.Column("event_date", sa.Date),
        sa.Column("country_code", sa.String(8)),
        sa.Column("location", sa.String(256)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("cell", sa.Integer),
        sa.Column("fatalities", sa.Integer),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("event_id", sa.String(32)),
        sa.Column("comp", sa.String(80)),
    )
    op.create_index("ix_reports_comp_date", "reports", ["comp", "event_date"])
    op.create_index("ix_reports_document_id", "reports", ["document_id"])
    op.create_index("ix_reports_event_id", "reports", ["event_id"])
    op.create_index("ix_reports_type_loc_date", "reports", ["event_type", "location", "event_date"])
    op.create_index("ix_reports_type_cell_date", "reports", ["event_type", "cell", "event_date"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("event_date", sa.Date),
        sa.Column("time_precision", sa.Integer),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(128)),
        sa.Column("actor1_id", sa.String(128)),
        sa.Column("actor1", sa.String(256)),
        sa.Column("actor2_id", sa.String(128)),
        sa.Column("actor2", sa.String(256)),
        sa.Column("country", sa.String(128)),
        sa.Column("country_code", sa.String(8)),
        sa.Column("admin1", sa.String(128)),
        sa.Column("admin2", sa.String(128)),
        sa.Column("location", sa.String(256)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("fatalities", sa.Integer),
        sa.Column("fatalities_min", sa.Integer),
        sa.Column("fatalities_max", sa.Integer),
        sa.Column("n_reports", sa.Integer, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float),
        sa.Column("notes", sa.Text),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("why", sa.JSON, nullable=False),
    )
    op.create_index("ix_events_event_date", "events", ["event_date"])
    op.create_index("ix_events_actor1_id", "events", ["actor1_id"])
    op.create_index("ix_events_actor2_id", "events", ["actor2_id"])
    op.create_index("ix_events_type_date", "events", ["event_type", "event_date"])
    op.create_index("ix_events_country_date", "events", ["country_code", "event_date"])
    op.create_index("ix_events_admin1_date", "events", ["admin1", "event_date"])
    op.create_index("ix_events_lat_lon", "events", ["latitude", "longitude"])
    op.create_table(
        "split_pairs",
        sa.Column("a", sa.String(80), primary_key=True),
        sa.Column("b", sa.String(80), primary_key=True),
    )
    # The full-text index lives outside the ORM: its form depends on the engine.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(body, content='', tokenize='unicode61 remove_diacritics 0')")
    else:
        op.execute("CREATE TABLE documents_fts (document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, body tsvector NOT NULL)")
        op.execute("CREATE INDEX ix_documents_fts_body ON documents_fts USING GIN (body)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS documents_fts")
    for name in ("split_pairs", "events", "reports", "quotes", "entities", "documents"):
        op.drop_table(name)
