"""Stages by name.

A stage is a function `Doc -> Doc` registered with the fields of the `Doc` it
reads and writes.  `Pipeline` checks that each stage's inputs are written by a
stage before it, so a misordered pipeline fails when it is built, not halfway
through a corpus.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rasd.doc import Doc
from rasd.errors import PipelineError

StageFn = Callable[[Doc], Doc]

# Fields present on every Doc before any stage runs.
BASE_FIELDS = frozenset({"text", "id", "title", "published", "outlet", "url"})


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    fn: StageFn
    reads: tuple[str, ...]
    writes: tuple[str, ...]


_STAGES: dict[str, Stage] = {}


def stage(name: str, *, reads: tuple[str, ...] = (), writes: tuple[str, ...] = ()):
    """Register a `Doc -> Doc` function under `name`."""

    def register(fn: StageFn) -> StageFn:
        _STAGES[name] = Stage(name, fn, tuple(reads), tuple(writes))
        return fn

    return register


def get_stage(name: str) -> Stage:
    _load_builtin_stages()
    try:
        return _STAGES[name]
    except KeyError:
        raise PipelineError("E301", name=name, known=", ".join(sorted(_STAGES))) from None



def check_order(names: list[str]) -> list[Stage]:
    """Resolve names to stages and check every read field is written before."""
    stages = [get_stage(n) for n in names]
    available = set(BASE_FIELDS)
    for st in stages:
        for f in st.reads:
            if f not in available:
                producer = next((s.name for s in _STAGES.values() if f in s.writes), "?")
                raise PipelineError("E302", name=st.name, field=f, producer=producer)
        available.update(st.writes)
    return stages


def _load_builtin_stages() -> None:
    # Importing the package registers the built-in stages (no I/O happens).
    import rasd.stages  # noqa: F401
