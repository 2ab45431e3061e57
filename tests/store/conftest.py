"""Store tests run on SQLite always and on PostgreSQL when RASD_TEST_PG_URL is set."""
from __future__ import annotations

import os
import uuid

import pytest

PG_URL = os.environ.get("RASD_TEST_PG_URL")


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database URL: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasd.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL tests need RASD_TEST_PG_URL (postgresql://user:pass@host/db); .ci/run sets it")
    from sqlalchemy import create_engine, text

    from rasd.store.engine import normalise_url

    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(normalise_url(PG_URL))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_schema_url(PG_URL, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'rasd.db'}"
