"""Shared fixtures: the knowledge base, a pipeline, and the ../shared data folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def kb():
    from rasd.knowledge import load

    return load()


@pytest.fixture(scope="session")
def pipeline(kb):
    from rasd.pipeline import Pipeline

    return Pipeline(kb=kb)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder (seed, corpus, gold); tests needing it skip without it."""
    if not (SHARED / "eval" / "dev.jsonl").exists():
        pytest.skip(f"shared data not found at {SHARED} (set RASD_SHARED to the folder holding eval/ and corpus/)")
    return SHARED
