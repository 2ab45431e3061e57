"""`rasd kb`: check knowledge files and look up what rasd knows about a name."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from rasd.knowledge import load
from rasd.knowledge.lint import lint_paths
from rasd.text.normalize import fold


@click.group()
def kb() -> None:
    """Inspect and check the knowledge base."""


@kb.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def lint(paths) -> None:
    """Check knowledge files (default: the built-in ones) for schema and hygiene problems."""
    problems = lint_paths([Path(p) for p in paths] if paths else None)
    for p in problems:
        click.echo(p)
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo("ok")


@kb.command()
@click.argument("name")
@click.option("--knowledge", multiple=True, type=click.Path(), help="Extra knowledge YAML (repeatable).")
def find(name, knowledge) -> None:
    """Show the entries NAME (Arabic, any spelling) can refer to."""
    base = load(knowledge)
    hits = base.names.find(" ".join(fold(name).split()))
    if not hits:
        click.echo(f"nothing known as {name!r}")
        sys.exit(1)
    for h in hits:
        for kind, eid in h.payloads:
            e = base.actors.get(eid) if kind == "actor" else base.places.get(eid)
            if e is None:
                continue
            where = ""
            if kind == "place":
                where = f" {e.get('kind')} {e.get('country')} {e.get('admin1') or ''} ({e['lat']}, {e['lon']}) pop={e.get('population')}"
            else:
                where = f" {e.get('type')} {e.get('country') or ''}"
            click.echo(f"{kind} {eid}: {e['name']} / {e['name_ar']}{where} [source: {e.get('source')}]")
