"""What keeps the server safe to run: a body-size limit, strict response
headers (a Content-Security-Policy with no inline script), the write token.

Both middlewares are plain ASGI so that they see every request, including
bodies sent in chunks without a Content-Length.
"""
from __future__ import annotations

import hmac
import json

from rasd.errors import WebError

def web_error(code: str, **params: object) -> WebError:
    """A WebError with its message from the catalogue in rasd.errors."""
    return WebError(code, **params)


def error_body(err: Exception, code: str | None = None) -> dict:
    """The JSON body of an error response: {"error": {"code", "message"}}."""
    code = code or getattr(err, "code", "E000")
    msg = str(err)
    if msg.startswith(code + " "):
        msg = msg[len(code) + 1 :]
    return {"error": {"code": code, "message": msg}}


class BodyLimit:
    """413 for a request body over `max_bytes`, by Content-Length or as it streams in."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send) -> None:
        err = web_error("E604", limit=f"{self.max_bytes / 1_000_000:g}")
        body = json.dumps(error_body(err), ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for k, v in scope.get("headers", ()):
            if k == b"content-length":
                try:
                    if int(v) > self.max_bytes:
                        await self._refuse(send)
                        return
                except ValueError:
                    pass
        seen = 0
        started = refused = False

        async def counted():
            nonlocal seen, refused
            msg = await receive()
            if msg["type"] == "http.request" and not refused:
                seen += len(msg.get("body", b""))
                if seen > self.max_bytes:
                    # Answer now and tell the app the client left: frameworks turn an
                    # exception raised here into their own 400, so none is raised.
                    refused = True
                    if not started:
                        await self._refuse(send)
                    return {"type": "http.disconnect"}
            return msg

        async def watched(msg):
            nonlocal started
            if refused:
                return  # the 413 is already sent; drop the app's own answer
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counted, watched)
        except Exception:
            if not refused:
                raise


def csp(tiles_origin: str | None) -> str:
    """The Content-Security-Policy: own origin only, no inline script or style, tiles when set."""
    img = "'self'" + (f" {tiles_origin}" if tiles_origin else "")
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img + "; connect-src 'self'; "
            "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class SecurityHeaders:
    """Adds the CSP and the other hardening headers to every HTTP response."""

    def __init__(self, app, tiles_origin: str | None = None) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp(tiles_origin).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
        ]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope.get("path", "").startswith("/api/")

        async def add(msg):
            if msg["type"] == "http.response.start":
                headers = [h for h in msg.get("headers", []) if h[0].lower() not in {k for k, _ in self.headers}]
                headers += self.headers
                if is_api:
                    headers.append((b"cache-control", b"no-store"))
                msg = {**msg, "headers": headers}
            await send(msg)

        await self.app(scope, receive, add)


def check_token(expected: str | None, authorization: str | None) -> None:
    """Raise unless writing is enabled and `authorization` is 'Bearer <expected>'."""
    if not expected:
        raise web_error("E602")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise web_error("E605")
