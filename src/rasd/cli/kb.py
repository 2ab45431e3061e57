"""`rasd kb`: check knowledge files and look up what rasd knows about a name."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from rasd.knowledge import load
from rasd.knowledge.lint import lint_paths, lint_user_files
from rasd.text.normalize import fold


@click.group()
def kb() -> None:
    """Inspect and check the knowledge base."""


@kb.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def lint(paths) -> None:
    """Check knowledge files (default: the built-in ones) for schema and hygiene problems."""
    # a user's file is also checked against the built-in entries (shared aliases)
    problems = lint_user_files([Path(p) for p in paths]) if paths else lint_paths()
    for p in problems:
        click.echo(p)
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo("ok")


@kb.command()
@click.argument("name")
@click.option("--country", help="The article's country (ISO code), as context for choosing.")
@click.option("--admin1", help="The article's governorate (P-code such as IQG13), as context.")
@click.option("--cue", help="The word before the name (محافظة، مدينة، قرية...).")
@click.option("--knowledge", multiple=True, type=click.Path(), help="Extra knowledge YAML (repeatable).")
def find(name, country, admin1, cue, knowledge) -> None:
    """Show what rasd knows about NAME (any spelling) and which reading it would choose."""
    from collections import Counter

    from rasd.config import knowledge_files
    from rasd.geo.resolve import GeoContext, score_parts

    base = load(knowledge_files(knowledge))
    hits = base.names.find(" ".join(fold(name).split()))
    if not hits:
        click.echo(f"nothing known as {name!r}")
        sys.exit(1)
    ctx = GeoContext(Counter({country.upper(): 1} if country else {}), Counter({admin1: 1} if admin1 else {}))
    cue_key = fold(cue) if cue else None
    for h in hits:
        click.echo(f"{h.key}:")
        places = [base.places[i] for k, i in h.payloads if k == "place" and i in base.places]
        actors = [base.actors[i] for k, i in h.payloads if k == "actor" and i in base.actors]
        for a in actors:
            click.echo(f"  actor {a['id']}: {a['name']} / {a['name_ar']} ({a['type']}, {a.get('country') or '-'}) "
                       f"[source: {a.get('source')}]")
        scored = sorted(((sum(score_parts(p, ctx, cue_key).values()), score_parts(p, ctx, cue_key), p) for p in places),
                        key=lambda x: -x[0])
        for rank, (total, parts, p) in enumerate(scored):
            why = ", ".join(f"{k} {v:+.2f}" for k, v in parts.items() if v)
            mark = "=>" if rank == 0 else "  "
            click.echo(f"{mark} place {p['id']}: {p['name']} / {p['name_ar']} {p['kind']} {p['country']} "
                       f"{p.get('admin1') or ''} ({p['lat']}, {p['lon']}) pop={p.get('population')} "
                       f"score {total:.2f} ({why}) [source: {p.get('source')}]")
        if actors and places:
            click.echo("  (an organisation's name is read as the actor; a place that stands for a government"
                       " is read as that government when it acts in a political sentence)")
