"""`rasd evaluate`: score rasd against gold event annotations."""
from __future__ import annotations

import click


@click.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--root", type=click.Path(exists=True, file_okay=False), help="Folder the gold file's doc paths are relative to.")
def evaluate(gold, root) -> None:
    """Score event extraction against GOLD (JSON lines)."""
    raise NotImplementedError
