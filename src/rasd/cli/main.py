"""The `rasd` command: a thin click layer over the library."""
from __future__ import annotations

import sys

import click

from rasd import __version__
from rasd.errors import RasdError


class RasdGroup(click.Group):
    """Turns a RasdError into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RasdError as exc:
            click.echo(f"rasd: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("rasd: interrupted", err=True)
            sys.exit(130)


@click.group(cls=RasdGroup)
@click.version_option(__version__, prog_name="rasd")
def cli() -> None:
    """rasd reads Arabic news and turns it into event records with evidence."""


def _register() -> None:
    from rasd.cli import evaluate, extract, kb

    cli.add_command(extract.extract)
    cli.add_command(evaluate.evaluate)
    cli.add_command(kb.kb)
    for mod, names in (("rasd.cli.store", ("ingest", "events", "export", "errors", "split")), ("rasd.cli.serve", ("serve",))):
        try:
            m = __import__(mod, fromlist=list(names))
        except ImportError:
            continue
        for n in names:
            if hasattr(m, n):
                cli.add_command(getattr(m, n))


_register()
