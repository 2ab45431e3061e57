"""The user's configuration file: knowledge files to load on every run.

rasd looks for, in order: the file named by $RASD_CONFIG, `rasd.yaml` in the
current folder, and `~/.config/rasd/config.yaml` (or under $XDG_CONFIG_HOME).
It holds

    knowledge:            # YAML knowledge files, relative to this file
      - my-actors.yaml

Files given with `--knowledge` are loaded after these, so they win.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from rasd.errors import KnowledgeError


def config_path() -> Path | None:
    """The configuration file in effect, if any."""
    env = os.environ.get("RASD_CONFIG")
    if env:
        p = Path(env)
        if not p.exists():
            raise KnowledgeError("E205", path=p)
        return p
    local = Path.cwd() / "rasd.yaml"
    if local.exists():
        return local
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    user = base / "rasd" / "config.yaml"
    return user if user.exists() else None


def read_config(path: Path) -> dict[str, Any]:
    from rasd.knowledge.loader import read_yaml

    data = read_yaml(path) or {}
    if not isinstance(data, dict) or not isinstance(data.get("knowledge", []), list):
        raise KnowledgeError("E206", path=path)
    return data


def knowledge_files(explicit: Iterable[str] = ()) -> list[str]:
    """Knowledge files from the configuration file, then the explicit ones."""
    files: list[str] = []
    path = config_path()
    if path is not None:
        for entry in read_config(path).get("knowledge", []):
            p = Path(str(entry)).expanduser()
            files.append(str(p if p.is_absolute() else path.parent / p))
    files.extend(str(p) for p in explicit)
    return files
