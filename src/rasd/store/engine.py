"""Database URLs, engines and schema migrations.

`open_engine(url)` gives a SQLAlchemy engine for a `--db` value: a URL
(`sqlite:///rasd.db`, `postgresql://user@host/db`) or a bare file path, which
means SQLite.  `migrate(engine)` brings the schema to the newest revision with
alembic, whose scripts ship inside this package.
"""
from __future__ import annotations

import os
from pathlib import Path

import orjson
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from rasd.errors import StorageError

DEFAULT_DB = "sqlite:///rasd.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def normalise_url(url: str | None) -> str:
    """A SQLAlchemy URL from a --db value; PostgreSQL goes through psycopg 3."""
    url = url or os.environ.get("RASD_DB") or DEFAULT_DB
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def open_engine(url: str | None = None) -> Engine:
    """An engine for `url`, checked by connecting once (StorageError E501 if it fails)."""
    url = normalise_url(url)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 60}, json_serializer=_json, json_deserializer=orjson.loads)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True, json_serializer=_json, json_deserializer=orjson.loads)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, ImportError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StorageError("E501", url=_safe(url), detail=detail) from None
    return engine


def _json(obj) -> str:
    # orjson: records are written and read back at every re-merge, and the
    # standard library's json was a tenth of an ingest's time.  Arabic is
    # written as itself (UTF-8), not as \\uXXXX escapes.
    return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets `rasd events` read while an ingest writes; NORMAL sync is still
    # crash-safe in WAL mode (a kill loses at most uncommitted transactions).
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def _alembic_config(conn):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision."""
    from alembic import command

    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "head")
    except OperationalError as exc:
        raise StorageError("E501", url=_safe(str(engine.url)), detail=str(exc.orig).splitlines()[0]) from None


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("events")


def open_store(url: str | None = None, *, create: bool = False) -> Engine:
    """An engine whose schema is current: created if `create`, else E504 when absent."""
    full = normalise_url(url)
    if not create and full.startswith("sqlite"):
        db = make_url(full).database
        if db and db != ":memory:" and not Path(db).exists():  # do not leave an empty file behind
            raise StorageError("E504", url=_safe(full))
    engine = open_engine(full)
    if create:
        migrate(engine)
    elif not has_schema(engine):
        raise StorageError("E504", url=_safe(str(engine.url)))
    return engine
