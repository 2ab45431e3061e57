"""Articles from files, folders and standard input, one `Article` at a time.

Each reader turns one file into articles; a problem with one article is
yielded as an `Article` carrying the error, so a batch goes on.  Readers are
registered by file suffix in `READERS`.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from rasd.errors import InputError, RasdError
from rasd.io.decode import DEFAULT_MAX_MB, check_text, decode_bytes


@dataclass(slots=True)
class Article:
    """One input article, or the error that kept it from being read."""

    id: str
    text: str = ""
    published: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    path: str = ""
    error: RasdError | None = None


Reader = Callable[[str, bytes, float], Iterator[Article]]
READERS: dict[str, Reader] = {}


def reader(*suffixes: str):
    """Register a reader for file suffixes (".txt")."""

    def register(fn: Reader) -> Reader:
        for s in suffixes:
            READERS[s] = fn
        return fn

    return register


def _doc_id(path: str) -> str:
    return Path(path).stem if path not in ("-", "<stdin>") else "stdin"


@reader(".txt", ".text", "")
def read_text_file(path: str, data: bytes, max_mb: float) -> Iterator[Article]:
    try:
        text = decode_bytes(data, path=path, max_mb=max_mb)
    except InputError as exc:
        yield Article(id=_doc_id(path), path=path, error=exc)
        return
    yield Article(id=_doc_id(path), text=text, path=path)


def _from_mapping(obj: dict, path: str, line: int | None) -> Article:
    where = f"{path}:{line}" if line else path
    aid = str(obj.get("id") or (f"{_doc_id(path)}:{line}" if line else _doc_id(path)))
    text = obj.get("text")
    if not isinstance(text, str):
        return Article(id=aid, path=where, error=InputError("E107", path=path, line=line or 1, detail="no \"text\" string"))
    try:
        check_text(text, path=where)
    except InputError as exc:
        return Article(id=aid, path=where, error=exc)
    return Article(
        id=aid,
        text=text.replace("\r\n", "\n"),
        published=obj.get("published") or obj.get("date"),
        title=obj.get("title"),
        outlet=obj.get("source") or obj.get("outlet"),
        url=obj.get("url"),
        path=where,
    )


@reader(".jsonl", ".ndjson")
def read_jsonl(path: str, data: bytes, max_mb: float) -> Iterator[Article]:
    # The size limit applies per article here, not to the whole batch file.
    text = data.decode("utf-8-sig", errors="replace")
    for n, line in enumerate(io.StringIO(text), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            yield Article(id=f"{_doc_id(path)}:{n}", path=f"{path}:{n}", error=InputError("E107", path=path, line=n, detail=str(exc)))
            continue
        if len(obj.get("text") or "") > max_mb * 1_000_000:
            yield Article(id=str(obj.get("id", n)), path=f"{path}:{n}", error=InputError("E105", path=f"{path}:{n}", size=f"{len(obj['text']) / 1e6:.1f}", limit=max_mb))
            continue
        yield _from_mapping(obj, path, n)


@reader(".json")
def read_json(path: str, data: bytes, max_mb: float) -> Iterator[Article]:
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        yield Article(id=_doc_id(path), path=path, error=InputError("E107", path=path, line=1, detail=str(exc)))
        return
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items, 1):
        if isinstance(item, dict):
            yield _from_mapping(item, path, i if len(items) > 1 else None)
        else:
            yield Article(id=f"{_doc_id(path)}:{i}", path=path, error=InputError("E107", path=path, line=i, detail="not an object"))


@reader(".csv", ".tsv")
def read_csv(path: str, data: bytes, max_mb: float) -> Iterator[Article]:
    text = data.decode("utf-8-sig", errors="replace")
    dialect = "excel-tab" if path.endswith(".tsv") else "excel"
    csv.field_size_limit(int(max_mb * 1_000_000) + 1)
    for n, row in enumerate(csv.DictReader(io.StringIO(text), dialect=dialect), 2):
        yield _from_mapping({k.strip().lower(): v for k, v in row.items() if k}, path, n)


def iter_articles(paths: Iterable[str], *, max_mb: float = DEFAULT_MAX_MB) -> Iterator[Article]:
    """Articles from files, folders (recursively, sorted) and '-' for stdin."""
    for p in paths:
        if p == "-":
            yield from _read_one("<stdin>", sys.stdin.buffer.read(), "", max_mb)
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not f.name.startswith(".") and f.suffix.lower() in READERS:
                    yield from _read_path(f, max_mb)
        elif path.exists():
            yield from _read_path(path, max_mb)
        else:
            yield Article(id=_doc_id(p), path=p, error=InputError("E106", path=p))


def _read_path(path: Path, max_mb: float) -> Iterator[Article]:
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if suffix not in (".jsonl", ".ndjson", ".csv", ".tsv") and size > max_mb * 1_000_000:
            yield Article(id=path.stem, path=str(path), error=InputError("E105", path=path, size=f"{size / 1e6:.1f}", limit=max_mb))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Article(id=path.stem, path=str(path), error=InputError("E110", path=path, detail=exc.strerror or str(exc)))
        return
    yield from _read_one(str(path), data, suffix, max_mb)


def _read_one(path: str, data: bytes, suffix: str, max_mb: float) -> Iterator[Article]:
    fn = READERS.get(suffix)
    if fn is None:
        yield Article(id=_doc_id(path), path=path, error=InputError("E108", path=path, suffix=suffix))
        return
    yield from fn(path, data, max_mb)


def _register_optional_readers() -> None:
    """HTML and feed readers live in their own modules (they import heavier libraries lazily)."""
    for mod in ("rasd.io.html", "rasd.io.feeds"):
        try:
            __import__(mod)
        except ImportError:
            pass


_register_optional_readers()
