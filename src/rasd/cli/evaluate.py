"""`rasd evaluate`: score rasd against gold event annotations."""
from __future__ import annotations

import json
from pathlib import Path

import click

from rasd.config import knowledge_files
from rich.console import Console
from rich.table import Table


@click.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--root", type=click.Path(exists=True, file_okay=False), help="Folder the gold 'doc' paths are relative to (default: the gold file's parent's parent).")
@click.option("--knowledge", multiple=True, type=click.Path(), help="Extra knowledge YAML (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--details/--no-details", default=True, show_default=True, help="List misses, extras and field errors.")
def evaluate(gold, root, knowledge, as_json, details) -> None:
    """Score event extraction against GOLD (JSON lines, see docs/evaluation.md)."""
    from rasd.evaluate import evaluate as run
    from rasd.pipeline import Pipeline

    gold_path = Path(gold)
    root_path = Path(root) if root else gold_path.resolve().parent.parent
    report = run(gold_path, root_path, Pipeline(knowledge=knowledge_files(knowledge)))
    data = report.as_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console()
    ev = data["events"]
    console.print(
        f"events: P={ev['precision']:.3f} R={ev['recall']:.3f} F1={ev['f1']:.3f} "
        f"(matched {ev['matched']}/{ev['required']} required; {ev['system']} system events, "
        f"{ev['system_matched_optional']} matched optional gold)"
    )
    t = Table("field", "accuracy on matched events")
    for k, v in data["fields"].items():
        t.add_row(k, f"{v:.3f}")
    console.print(t)
    q = data["quotes"]
    console.print(f"quotes: recall={q['recall']:.3f} ({q['found']}/{q['gold']})")
    if details:
        for title, key in (("missed", "misses"), ("extra", "extras"), ("field errors", "field_errors"), ("quotes missed", "quote_misses")):
            if data[key]:
                console.print(f"[bold]{title}[/bold] ({len(data[key])})")
                for item in data[key]:
                    console.print("  " + json.dumps(item, ensure_ascii=False), soft_wrap=True)
