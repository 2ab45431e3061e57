"""What the operator decides: database, bind address, token, tiles, body limit."""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY_MB = 2.0
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass
class Settings:
    """Server settings; `from_env` fills the ones an operator sets in the environment."""

    db: str | None = None
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None  # RASD_TOKEN: with none, every write is refused
    tiles: str | None = None  # RASD_TILES: e.g. https://tiles.example/{z}/{x}/{y}.png
    max_body_bytes: int = int(DEFAULT_MAX_BODY_MB * 1_000_000)
    allowed_hosts: list[str] = field(default_factory=list)  # Host headers accepted; empty: from `host`
    page_size_max: int = 500
    points_max: int = 50_000

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Settings from RASD_DB, RASD_TOKEN, RASD_TILES, RASD_MAX_BODY_MB, then `overrides`."""
        env = os.environ
        s = cls(
            db=env.get("RASD_DB") or None,
            token=env.get("RASD_TOKEN") or None,
            tiles=env.get("RASD_TILES") or None,
        )
        if env.get("RASD_MAX_BODY_MB"):
            s.max_body_bytes = int(float(env["RASD_MAX_BODY_MB"]) * 1_000_000)
        for k, v in overrides.items():
            if v is not None:
                setattr(s, k, v)
        return s

    @property
    def writable(self) -> bool:
        return bool(self.token)

    def hosts(self) -> list[str]:
        """Host headers to accept: loopback names when bound to loopback (a guard
        against DNS rebinding), anything when bound to all interfaces."""
        if self.allowed_hosts:
            return self.allowed_hosts
        if is_loopback(self.host):
            return ["127.0.0.1", "localhost", "::1", "[::1]"]
        if self.host in ("0.0.0.0", "::", ""):
            return ["*"]
        return [self.host, *LOOPBACK_NAMES]

    def tiles_origin(self) -> str | None:
        """scheme://host[:port] of the tile server, for the Content-Security-Policy."""
        if not self.tiles:
            return None
        u = urlsplit(self.tiles)
        if u.scheme not in ("http", "https") or not u.netloc:
            return None
        # {s} subdomain templates cannot be named in a CSP source: allow the parent domain's subdomains.
        host = u.netloc.replace("{s}.", "*.")
        return f"{u.scheme}://{host}"


def is_loopback(host: str) -> bool:
    """Whether `host` only reaches this machine."""
    if host in ("localhost", "[::1]"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
