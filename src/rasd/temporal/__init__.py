"""Arabic temporal expressions: find them (grammar over lexicon tables) and
resolve them against the publication date (pure functions).

    atoms = find_atoms(norm_text, get_tables(kb))
    for parts in parse(norm_text, atoms):
        resolution = resolve(parts, published)

The vocabulary is data: `knowledge/lexicon/temporal_*.yaml`.  See docs/dates.md.
"""
from rasd.temporal.grammar import parse
from rasd.temporal.parts import Parts
from rasd.temporal.resolve import Resolution, resolve
from rasd.temporal.tables import Atom, Tables, find_atoms, get_tables

__all__ = ["Atom", "Parts", "Resolution", "Tables", "find_atoms", "get_tables", "parse", "resolve"]
