"""The FastAPI application: state, middleware, error handling, the page and its files."""
from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from rasd import __version__
from rasd.errors import RasdError
from rasd.web.security import BodyLimit, SecurityHeaders, error_body
from rasd.web.settings import Settings

STATIC = Path(__file__).resolve().parent / "static"

# HTTP status for an error code; codes not listed are the client's mistake (400).
STATUS = {"E502": 404, "E603": 404, "E501": 503, "E504": 503, "E602": 403, "E604": 413, "E605": 401, "E399": 500}


def status_of(code: str) -> int:
    """The HTTP status for a rasd error code: input problems (E1xx) are 422."""
    return STATUS.get(code, 422 if code.startswith("E1") else 400)


class State:
    """What the handlers share: settings, the database, and (built on first use)
    the knowledge base and the pipeline."""

    def __init__(self, settings: Settings) -> None:
        from rasd.store.engine import open_store

        self.settings = settings
        # Read-only servers never create a database; a writable one may start empty.
        self.engine = open_store(settings.db, create=settings.writable)
        self.write_lock = threading.Lock()  # one writer: re-merging is not safe to interleave
        self.extract_lock = threading.Lock()  # stages keep per-process caches; a few ms each, so serialise
        self._pipeline = None
        self._views: OrderedDict[Any, Any] = OrderedDict()
        self._views_lock = threading.Lock()

    @property
    def kb(self):
        from rasd.knowledge import load

        return load()

    @property
    def pipeline(self):
        if self._pipeline is None:
            with self.extract_lock:
                if self._pipeline is None:
                    from rasd.pipeline import Pipeline

                    self._pipeline = Pipeline(kb=self.kb)
        return self._pipeline

    def extract(self, text: str, **meta):
        """Run the pipeline on a text (serialised; see extract_lock)."""
        pipe = self.pipeline
        with self.extract_lock:
            return pipe.extract_safely(text, path="<web>", **meta)

    def cached(self, key, build):
        """`build()` for `key`, from a small LRU of recent answers (article spans)."""
        with self._views_lock:
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
        value = build()
        with self._views_lock:
            self._views[key] = value
            while len(self._views) > 256:
                self._views.popitem(last=False)
        return value

    def pool_capacity(self) -> int:
        """How many connections the engine's pool hands out at once (size plus overflow)."""
        pool = self.engine.pool
        size = getattr(pool, "size", lambda: 5)()
        overflow = getattr(pool, "_max_overflow", 10)
        return size + max(0, overflow) if overflow >= 0 else 40

    def warm(self) -> None:
        """Load the knowledge base and compile matchers before the first request."""
        self.extract("قتل شخص في انفجار في بغداد.", published="2024-01-01")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The rasd web application over `settings.db` (E504 if it has no rasd schema)."""
    settings = settings or Settings.from_env()
    state = State(settings)

    @asynccontextmanager
    async def lifespan(_app):
        # At most as many request threads as the pool has connections: the rest
        # wait their turn in the thread limiter, which has no timeout, rather
        # than in the pool, which gives up after 30 s.
        import anyio.to_thread

        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(4, min(limiter.total_tokens, state.pool_capacity()))
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="rasd", version=__version__,
        description="Arabic news turned into ACLED-style event records, every field backed by a span of its article. "
                    "Read-only unless the operator sets RASD_TOKEN; then POST /api/documents and /api/extract?store=true "
                    "need 'Authorization: Bearer <token>'.",
        docs_url=None, redoc_url=None,  # their pages load script from a CDN: not offline, not under our CSP
        openapi_url="/openapi.json",
    )
    app.state.rasd = state

    from rasd.web.api import router

    app.include_router(router)

    @app.exception_handler(RasdError)
    async def rasd_error(_request: Request, exc: RasdError):
        return JSONResponse(error_body(exc), status_code=status_of(exc.code))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return JSONResponse({"error": {"code": "E422", "message": problems}}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": {"code": f"E{exc.status_code}", "message": str(exc.detail)}}, status_code=exc.status_code)

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", headers={"cache-control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # The last added runs first: headers go on every answer, refusals included;
    # then the Host check (DNS rebinding), then the body limit, then compression.
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)  # 9 costs CPU for ~2% smaller pages
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.hosts())
    app.add_middleware(SecurityHeaders, tiles_origin=settings.tiles_origin())
    return app


SETTINGS_ENV = "RASD_WEB_SETTINGS"


def app_from_env() -> FastAPI:
    """The app for each worker process of `rasd serve --workers N` (settings passed as JSON in the environment)."""
    import json
    import os

    settings = Settings(**json.loads(os.environ[SETTINGS_ENV]), token=os.environ.get("RASD_TOKEN") or None)
    app = create_app(settings)
    app.state.rasd.warm()
    return app

