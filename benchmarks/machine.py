"""What machine a benchmark ran on, for the results it writes."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def _proc_field(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def describe() -> dict:
    """nproc, CPU model, RAM and Python of this machine."""
    kb = _proc_field("/proc/meminfo", "MemTotal")
    ram = f"{int(kb.split()[0]) / 1024 / 1024:.1f} GiB" if kb else None
    return {
        "nproc": os.cpu_count(),
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "ram": ram,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def summary() -> str:
    """The same on one line."""
    m = describe()
    return f"{m['platform']}, {m['nproc']} cores, {m['cpu']}, {m['ram']} RAM, Python {m['python']}"
