"""Indexes for the web table's sorts by fatalities and by country.

Without them a page of a large database sorted that way reads and sorts every
event (seconds at tens of thousands of events); with them it walks the index.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_fatalities_id", "events", ["fatalities", "id"])
    op.create_index("ix_events_country_id", "events", ["country", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_country_id", table_name="events")
    op.drop_index("ix_events_fatalities_id", table_name="events")
