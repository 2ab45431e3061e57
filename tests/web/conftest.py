"""Fixtures for the web tests: the corpus of `corpus.py` ingested with the real
pipeline into SQLite (and PostgreSQL when RASD_TEST_PG_URL is set), and
TestClients over it."""
from __future__ import annotations

import uuid

import pytest

from .corpus import PG_URL, TOKEN, client_for, ingest_corpus


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> str:
    """A SQLite database holding the ingested test corpus (read-only use)."""
    folder = tmp_path_factory.mktemp("webdb")
    url = f"sqlite:///{folder / 'rasd.db'}"
    ingest_corpus(url, folder)
    return url


def _pg_db(tmp_path_factory):
    from sqlalchemy import create_engine, text

    from rasd.store.engine import normalise_url

    schema = "w_" + uuid.uuid4().hex[:12]
    admin = create_engine(normalise_url(PG_URL))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    ingest_corpus(url, tmp_path_factory.mktemp("webpg"))
    return url, admin, schema


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def any_db(request, corpus_db, tmp_path_factory):
    """The ingested corpus on SQLite, and on PostgreSQL when RASD_TEST_PG_URL is set."""
    if request.param == "sqlite":
        yield corpus_db
        return
    if not PG_URL:
        pytest.skip("PostgreSQL web tests need RASD_TEST_PG_URL; .ci/run sets it")
    from sqlalchemy import text

    url, admin, schema = _pg_db(tmp_path_factory)
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()




@pytest.fixture(scope="session")
def client(corpus_db):
    """A read-only client over the SQLite corpus."""
    from rasd.web.settings import Settings

    return client_for(Settings(db=corpus_db))


@pytest.fixture(scope="session")
def any_client(any_db):
    """A read-only client over the corpus on each database."""
    from rasd.web.settings import Settings

    return client_for(Settings(db=any_db))


@pytest.fixture
def writable(tmp_path):
    """A client over a fresh copy of the corpus with writing enabled (token TOKEN)."""
    from rasd.web.settings import Settings

    url = f"sqlite:///{tmp_path / 'rw.db'}"
    ingest_corpus(url, tmp_path)
    return client_for(Settings(db=url, token=TOKEN, max_body_bytes=200_000))


@pytest.fixture(scope="session")
def server(corpus_db):
    """`rasd serve` over the corpus, read-only, in a child process."""
    from .browser import Server

    srv = Server(corpus_db)
    try:
        yield srv.wait()
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium under Playwright (skips with the reason when either is missing)."""
    from .browser import launch, need_browser

    pw, b = launch(need_browser())
    try:
        yield b
    finally:
        b.close()
        pw.stop()


@pytest.fixture
def page(browser):
    """A fresh page that records dialogs, script errors and CSP violations."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    # Injected by the driver, not by the page, so the CSP does not apply to it.
    ctx.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation',"
                        " (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
    pg = ctx.new_page()
    pg.dialogs, pg.errors = [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.set_default_timeout(15_000)
    try:
        yield pg
    finally:
        ctx.close()
