"""Load the knowledge base (built-in files plus a user's own) and its matcher.

Built-in data lives beside this module:

- `actors/*.yaml`: a list of actor entries each;
- `places/*.jsonl`: one place entry per line;
- `lexicon/*.yaml`: `{name, description, entries: [...]}` word lists (triggers,
  months, number words, titles...).

A user file (`--knowledge PATH`) is YAML with `actors:`, `places:` and/or
`lexicon: {name: [entries]}`; an entry whose id already exists replaces it.

Parsing YAML and compiling the automaton is the slow part, so the loaded
knowledge base is pickled under a name made from the content hash of every
file it was built from; the next load with the same files reads the pickle.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import yaml

from rasd.errors import KnowledgeError
from rasd.knowledge.matcher import Matcher, alias_keys

KB_DIR = Path(__file__).resolve().parent
# Bump when the pickled structure or matching rules change.
FORMAT_VERSION = "5"  # 4: matchers carry `shared`; 5: after_cue is key -> ids

try:  # libyaml's loader is ~10x faster; fall back when it is not compiled in.
    _YamlLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _YamlLoader = yaml.SafeLoader

T = TypeVar("T")


@dataclass
class KnowledgeBase:
    """Actors, places and lexicons, with a name matcher over actors and places."""

    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    lexicons: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lexicon_match: dict[str, str] = field(default_factory=dict)  # name -> "words"/"suffixes"
    origin: dict[str, str] = field(default_factory=dict)  # entry id -> file it came from
    digest: str = ""

    @cached_property
    def names(self) -> Matcher:
        """Matcher over actor and place aliases; payloads are (kind, id)."""
        return Matcher(self._name_items())

    def _name_items(self) -> Iterable[tuple[str, tuple[str, str], bool]]:
        for kind, table in (("actor", self.actors), ("place", self.places)):
            for eid, e in table.items():
                # a name counted only after a place word is also matched only as written
                exact = set(e.get("exact", ())) | set(e.get("after_cue", ()))
                for alias in entry_aliases(e):
                    yield alias, (kind, eid), alias in exact

    @cached_property
    def after_cue(self) -> dict[str, frozenset[str]]:
        """Matcher key -> ids of the places it names only right after a place word."""
        out: dict[str, set[str]] = {}
        for eid, e in self.places.items():
            for a in e.get("after_cue", ()):
                for key, _ in alias_keys(a)[:1]:
                    out.setdefault(key, set()).add(eid)
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def demonyms(self) -> Matcher:
        """Matcher over nationality adjectives (العراقي، السورية); payloads are country codes."""
        items = (
            (d, p["country"]) for p in self.places.values() if p["kind"] == "country"
            for d in p.get("demonyms", ())
        )
        return Matcher(items)

    def lexicon(self, name: str) -> list[dict[str, Any]]:
        return self.lexicons.get(name, [])

    def derived(self, key: Any, build: Callable[["KnowledgeBase"], T]) -> T:
        """What `build` makes from this knowledge base, made on first use and kept with it.

        Stages compile their lexicons through this, so each is built once per
        knowledge base rather than once per document.
        """
        cache = self.__dict__.setdefault("_derived", {})
        try:
            return cache[key]
        except KeyError:
            made = cache[key] = build(self)
            return made

    def lexicon_matcher(self, name: str, *, suffixes: bool = False) -> Matcher:
        """A matcher over one lexicon's forms; payloads are entry ids."""
        return self.derived(("matcher", name, suffixes), lambda kb: Matcher(
            ((f, e["id"]) for e in kb.lexicon(name) for f in e["forms"]), suffixes=suffixes))

    def lexicon_matchers(self) -> list[Matcher]:
        """The matchers of every lexicon the knowledge files declare matchable."""
        return [self.lexicon_matcher(n, suffixes=how == "suffixes")
                for n, how in self.lexicon_match.items() if how in ("words", "suffixes")]

    def lexicon_entry(self, name: str, entry_id: str) -> dict[str, Any]:
        index = self.derived(("index", name), lambda kb: {e["id"]: e for e in kb.lexicon(name)})
        return index[entry_id]

    def compile(self) -> "KnowledgeBase":
        """Build every matcher now (before pickling or timing)."""
        _ = self.names
        _ = self.demonyms
        _ = self.after_cue
        self.lexicon_matchers()
        return self


def entry_aliases(entry: dict[str, Any]) -> list[str]:
    """Arabic names an entry is matched by: its Arabic name and aliases."""
    out = [entry["name_ar"], *entry.get("aliases", ())]
    return [a for a in dict.fromkeys(out) if a]


def builtin_files() -> list[Path]:
    files = []
    for sub, pattern in (("actors", "*.yaml"), ("places", "*.jsonl"), ("lexicon", "*.yaml")):
        files.extend(sorted((KB_DIR / sub).glob(pattern)))
    return files


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        raise KnowledgeError("E202", path=path, fmt="YAML", detail=str(exc).splitlines()[0]) from None
    except OSError as exc:
        raise KnowledgeError("E201", path=path, detail=exc.strerror or str(exc)) from None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise KnowledgeError("E202", path=f"{path}:{n}", fmt="JSON", detail=exc.msg) from None
    except OSError as exc:
        raise KnowledgeError("E201", path=path, detail=exc.strerror or str(exc)) from None
    return rows


def _add(table: dict, origin: dict, entries: Any, path: Path, what: str) -> None:
    if entries is None:
        return
    if not isinstance(entries, list):
        raise KnowledgeError("E201", path=path, detail=f"{what} must be a list of entries")
    for e in entries:
        if not isinstance(e, dict) or "id" not in e:
            raise KnowledgeError("E201", path=path, detail=f"every {what} entry needs an id")
        table[e["id"]] = e
        origin[e["id"]] = str(path)


def load_files(files: list[Path], user_files: list[Path] = ()) -> KnowledgeBase:
    """Parse knowledge files into a KnowledgeBase (no cache)."""
    kb = KnowledgeBase()
    for path in files:
        if path.parent.name == "actors":
            _add(kb.actors, kb.origin, read_yaml(path), path, "actor")
        elif path.parent.name == "places":
            _add(kb.places, kb.origin, read_jsonl(path), path, "place")
        else:
            doc = read_yaml(path) or {}
            if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
                raise KnowledgeError("E201", path=path, detail="a lexicon file needs 'entries: [...]'")
            name = doc.get("name", path.stem)
            kb.lexicons.setdefault(name, []).extend(doc["entries"])
            if doc.get("match"):
                kb.lexicon_match[name] = doc["match"]
    for path in user_files:
        merge_user_file(kb, path)
    return kb


def merge_user_file(kb: KnowledgeBase, path: Path) -> None:
    """Extend or override the knowledge base with a user's YAML file."""
    if not path.exists():
        raise KnowledgeError("E201", path=path, detail="no such file")
    doc = read_yaml(path) or {}
    if not isinstance(doc, dict):
        raise KnowledgeError("E201", path=path, detail="expected 'actors:', 'places:' or 'lexicon:' at the top")
    _add(kb.actors, kb.origin, doc.get("actors"), path, "actor")
    _add(kb.places, kb.origin, doc.get("places"), path, "place")
    for name, entries in (doc.get("lexicon") or {}).items():
        existing = {e["id"]: i for i, e in enumerate(kb.lexicons.setdefault(name, []))}
        for e in entries:
            if e.get("id") in existing:
                kb.lexicons[name][existing[e["id"]]] = e
            else:
                kb.lexicons[name].append(e)


def content_digest(files: Iterable[Path]) -> str:
    h = hashlib.sha256(FORMAT_VERSION.encode())
    for path in files:
        h.update(str(path.name).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:20]


def cache_dir() -> Path | None:
    """Where compiled knowledge is cached: $RASD_CACHE_DIR, else ~/.cache/rasd."""
    if os.environ.get("RASD_NO_CACHE"):
        return None
    base = os.environ.get("RASD_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "rasd"
    )
    return Path(base)


_LOADED: dict[str, KnowledgeBase] = {}


def load(user_files: Iterable[str | os.PathLike] = ()) -> KnowledgeBase:
    """The knowledge base, from memory, the on-disk cache, or parsed and compiled."""
    users = [Path(p) for p in user_files]
    for p in users:
        if not p.exists():
            raise KnowledgeError("E201", path=p, detail="no such file")
    files = builtin_files()
    digest = content_digest([*files, *users])
    if digest in _LOADED:
        return _LOADED[digest]
    kb = _read_cache(digest)
    if kb is None:
        kb = load_files(files, users).compile()
        kb.digest = digest
        _write_cache(digest, kb)
    _LOADED[digest] = kb
    return kb


def _read_cache(digest: str) -> KnowledgeBase | None:
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"kb-{digest}.pickle"
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            kb = pickle.load(fh)
    except Exception:  # a stale or truncated cache is rebuilt, never trusted
        return None
    return kb if isinstance(kb, KnowledgeBase) and kb.digest == digest else None


def _write_cache(digest: str, kb: KnowledgeBase) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".kb-{digest}.{os.getpid()}.tmp"
        with tmp.open("wb") as fh:
            pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"kb-{digest}.pickle")
    except OSError:
        pass  # a read-only home only costs the next run the compile time
