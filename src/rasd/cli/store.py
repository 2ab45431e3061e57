"""`rasd ingest`, `events`, `export`, `errors`, `split`: the event database from the command line."""
from __future__ import annotations

import json
import sys

import click

from rasd.io.decode import DEFAULT_MAX_MB

DB_HELP = "Database URL (sqlite:///file.db, postgresql://user@host/db) or a file path; default ./rasd.db or $RASD_DB."
db_option = click.option("--db", "db", default=None, help=DB_HELP)


def _date(ctx, param, value):
    if value is None:
        return None
    from rasd.pipeline import parse_date

    return parse_date(value)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes (default: all cores; 1 = in this process).")
@click.option("--dask", "dask", default=None, metavar="ADDRESS", help="Run extraction on this Dask scheduler (tcp://host:8786).")
@click.option("--published", help="Publication date (YYYY-MM-DD) for articles that carry none.")
@click.option("--knowledge", multiple=True, type=click.Path(), help="Extra knowledge YAML (repeatable).")
@click.option("--max-mb", type=float, default=DEFAULT_MAX_MB, show_default=True, help="Largest article to read, in MB.")
@click.option("--batch", "batch_size", type=int, default=200, show_default=True, help="Documents per transaction.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def ingest(paths, db, jobs, dask, published, knowledge, max_mb, batch_size, quiet) -> None:
    """Read articles from PATHS (files and folders) into the event database."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from rasd.store.ingest import ingest as run

    if published:
        _date(None, None, published)
    console = Console(stderr=True)
    bar = Progress(SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(bar_width=None),
                   TextColumn("{task.fields[seen]} docs, {task.fields[rate]:.0f} docs/s, {task.fields[events]} events found, "
                              "{task.fields[failed]} failed"), TimeElapsedColumn(), console=console, disable=quiet)
    with bar:
        task = bar.add_task("ingest", total=None, seen=0, rate=0.0, events=0, failed=0)

        def progress(s) -> None:
            bar.update(task, seen=s.seen, rate=s.rate, events=s.reports, failed=s.failed)

        summary = run(paths, db, jobs=jobs, dask=dask, published=published, knowledge=knowledge,
                      max_mb=max_mb, batch_size=batch_size, progress=progress)
    if not quiet:
        for err in summary.errors[:20]:
            console.print(f"rasd: {err}", markup=False, highlight=False)
        if len(summary.errors) > 20:
            console.print(f"... and {len(summary.errors) - 20} more; see 'rasd errors'.")
    click.echo(
        f"{summary.seen} documents read: {summary.stored} stored, {summary.skipped} already stored, "
        f"{summary.failed} failed; {summary.reports} event reports; {summary.seconds:.1f} s "
        f"({summary.rate:.0f} documents/s).",
        err=True,
    )


def _filters(country, admin1, etype, since, until, actor, near, text, limit):
    from rasd.store.query import Filters, parse_near

    return Filters(country=country, admin1=admin1, type=etype, since=since, until=until, actor=actor,
                   near=parse_near(near) if near else None, text=text, limit=limit)


def filter_options(fn):
    for opt in reversed([
        click.option("--country", help="ISO code (IQ) or name."),
        click.option("--admin1", help="Governorate (first-level division), English name."),
        click.option("--type", "etype", help="ACLED event type or sub-event type."),
        click.option("--since", callback=_date, help="Earliest event date, YYYY-MM-DD."),
        click.option("--until", callback=_date, help="Latest event date, YYYY-MM-DD."),
        click.option("--actor", help="Actor id or name (a parent includes its units)."),
        click.option("--near", help="LAT,LON,KM: events within KM kilometres."),
        click.option("--text", help="Words the event's articles contain (Arabic folded)."),
    ]):
        fn = opt(fn)
    return fn


def _kb_actors():
    from rasd.knowledge import load

    return load().actors


@click.command()
@db_option
@filter_options
@click.option("--id", "event_id", help="Show one event with all its reports.")
@click.option("--why", is_flag=True, help="With --id: why its reports were merged.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--limit", type=int, default=None, help="At most this many events (table default: 50).")
def events(db, country, admin1, etype, since, until, actor, near, text, event_id, why, fmt, limit) -> None:
    """List merged events, newest first, filtered."""
    from rasd.store.engine import open_store
    from rasd.store.export import acled_row, flat
    from rasd.store.query import explain, find_events, get_event

    engine = open_store(db)
    with engine.connect() as conn:
        if event_id:
            ev = get_event(conn, event_id)
            if why:
                click.echo("\n".join(explain(ev)))
            elif fmt == "table":
                _print_table([ev], title=f"event {event_id}")
                for r in ev["reports"]:
                    click.echo(f"  {r['key'][:16]}#{r['key'].split('#')[-1]}  {r['document']}  {r['outlet'] or ''}  {r['url'] or ''}  "
                               f"fatalities={r['event'].get('fatalities')}")
            else:
                click.echo(json.dumps({**flat(ev), **{k: ev["record"].get(k) for k in ("actor1", "actor2")},
                                       "reports": ev["reports"], "why": ev["why"]}, ensure_ascii=False, indent=2, default=str))
            return
        if fmt == "table" and limit is None:
            limit = 50
        f = _filters(country, admin1, etype, since, until, actor, near, text, limit)
        rows = find_events(conn, f, _kb_actors() if actor else None)
        if fmt == "table":
            rows = list(rows)
            _print_table(rows, title=f"{len(rows)} events" + (f" (first {limit}; use --limit)" if limit and len(rows) == limit else ""))
        elif fmt == "json":
            click.echo(json.dumps([flat(r) for r in rows], ensure_ascii=False, indent=2, default=str))
        else:
            import csv

            from rasd.output import ACLED_COLUMNS

            w = csv.DictWriter(sys.stdout, fieldnames=ACLED_COLUMNS, lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow(acled_row(r))


def _print_table(rows, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title)
    for col in ("id", "date", "type", "actors", "where", "fatalities", "sources"):
        t.add_column(col, overflow="fold")
    for r in rows:
        fat = "" if r.get("fatalities") is None else str(r["fatalities"])
        if r.get("fatalities_min") is not None and r["fatalities_min"] != r["fatalities_max"]:
            fat += f" ({r['fatalities_min']}-{r['fatalities_max']})"
        where = ", ".join(x for x in (r.get("location"), r.get("admin1"), r.get("country_code")) if x)
        t.add_row(r["id"], str(r.get("event_date") or ""), f"{r['event_type']}\n{r.get('sub_event_type') or ''}",
                  " vs ".join(x for x in (r.get("actor1"), r.get("actor2")) if x), where, fat, str(r.get("n_sources", 1)))
    Console().print(t)


@click.command()
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["acled-csv", "geojson", "jsonl", "parquet"]), required=True)
@click.option("-o", "--output", "output", default=None, help="File to write (default stdout; Parquet: events.parquet).")
def export(db, country, admin1, etype, since, until, actor, near, text, fmt, output) -> None:
    """Write merged events as ACLED CSV, GeoJSON, JSON lines or Parquet."""
    from rasd.store.engine import open_store
    from rasd.store.export import write
    from rasd.store.query import find_events

    engine = open_store(db)
    f = _filters(country, admin1, etype, since, until, actor, near, text, None)
    with engine.connect() as conn:
        rows = find_events(conn, f, _kb_actors() if actor else None)
        if fmt == "parquet":
            path = output or "events.parquet"
            n = write(conn, rows, fmt, None, path=path)
        elif output and output != "-":
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = write(conn, rows, fmt, fh)
        else:
            n = write(conn, rows, fmt, sys.stdout)
    click.echo(f"{n} events written" + (f" to {output or 'events.parquet'}" if fmt == "parquet" or output else ""), err=True)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def errors(db, fmt) -> None:
    """List documents that failed, with their reasons."""
    from rasd.store.engine import open_store
    from rasd.store.query import failures

    with open_store(db).connect() as conn:
        rows = failures(conn)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['path'] or r['doc_id']}\t{r['error']}")
    click.echo(f"{len(rows)} failed documents.", err=True)


@click.command()
@click.argument("event_id")
@db_option
@click.option("--report", help="Split off only this report (its key, document id or per-document event id).")
def split(event_id, db, report) -> None:
    """Undo the merge of EVENT_ID; the split holds on later ingests."""
    from rasd.knowledge import load
    from rasd.store.engine import open_store
    from rasd.store.merge import Actors
    from rasd.store.query import split as do_split

    with open_store(db).begin() as conn:
        ids = do_split(conn, event_id, Actors(load().actors), report=report)
    click.echo(f"{event_id} split into {len(ids)} events: {', '.join(ids)}")
