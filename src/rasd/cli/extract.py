"""`rasd extract`: articles in, JSON / JSON lines / ACLED CSV out."""
from __future__ import annotations

import json
import sys

import click

from rasd.config import knowledge_files

from rasd.errors import RasdError
from rasd.io.decode import DEFAULT_MAX_MB
from rasd.io.readers import iter_articles
from rasd.output import acled_csv, doc_record
from rasd.pipeline import Pipeline, parse_date


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for articles that carry none.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), default="json", show_default=True)
@click.option("--knowledge", "knowledge", multiple=True, type=click.Path(), help="Extra knowledge YAML (repeatable).")
@click.option("--max-mb", type=float, default=DEFAULT_MAX_MB, show_default=True, help="Largest article to read, in MB.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Write here instead of stdout.")
def extract(inputs, published, fmt, knowledge, max_mb, output) -> None:
    """Extract events from INPUTS (files, folders, .jsonl batches, or - for stdin)."""
    default_date = parse_date(published) if published else None
    pipeline = Pipeline(knowledge=knowledge_files(knowledge))
    failures = 0
    records = []
    for art in iter_articles(inputs, max_mb=max_mb):
        if art.error is not None:
            failures += 1
            click.echo(f"rasd: {art.error}", err=True)
            if fmt == "jsonl":
                output.write(json.dumps({"document": {"id": art.id}, "error": str(art.error)}, ensure_ascii=False) + "\n")
            continue
        try:
            doc = pipeline.extract_safely(
                art.text,
                path=art.path,
                id=art.id,
                published=parse_date(art.published) if art.published else default_date,
                title=art.title,
                outlet=art.outlet,
                url=art.url,
            )
        except RasdError as exc:
            failures += 1
            click.echo(f"rasd: {exc}", err=True)
            if fmt == "jsonl":
                output.write(json.dumps({"document": {"id": art.id}, "error": str(exc)}, ensure_ascii=False) + "\n")
            continue
        rec = doc_record(doc)
        if fmt == "jsonl":
            output.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            records.append(rec)
    if fmt == "json":
        body = records[0] if len(records) == 1 and failures == 0 else records
        output.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        output.write(acled_csv(records))
    if failures and not records and fmt != "jsonl":
        sys.exit(1)
