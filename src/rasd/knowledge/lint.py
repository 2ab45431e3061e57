"""Check knowledge files: schema, text hygiene, unique ids, shared aliases.

Used by `rasd kb lint` and by the lint test over every built-in file.  Returns
problems as strings ("file: entry: what is wrong"); an empty list means clean.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from jsonschema import Draft202012Validator

from rasd.knowledge import loader
from rasd.knowledge.matcher import alias_keys
from rasd.knowledge.schema import ACTOR, LEXEME, PLACE, PROSE_FIELDS, has_arabic, text_problems

_VALIDATORS = {
    "actor": Draft202012Validator(ACTOR),
    "place": Draft202012Validator(PLACE),
    "lexeme": Draft202012Validator(LEXEME),
}


def lint_paths(paths: Iterable[Path] | None = None) -> list[str]:
    """Lint the given files (default: every built-in file) as one knowledge base."""
    files = list(paths) if paths is not None else loader.builtin_files()
    problems: list[str] = []
    groups: dict[str, list[tuple[Path, dict[str, Any]]]] = defaultdict(list)
    for path in files:
        try:
            for group, entry in _entries_of(path):
                groups[group].append((path, entry))
        except Exception as exc:  # noqa: BLE001 - a lint reports, it does not stop
            problems.append(f"{path}: {exc}")
    for group, items in groups.items():
        kind = "lexeme" if group.startswith("lexicon:") else group
        problems.extend(_lint_group(kind, items))
    return problems


def _entries_of(path: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    if path.suffix == ".jsonl":
        for e in loader.read_jsonl(path):
            yield "place", e
        return
    doc = loader.read_yaml(path)
    if path.parent.name == "actors":
        for e in doc or []:
            yield "actor", e
    elif path.parent.name == "lexicon":
        name = doc.get("name", path.stem)
        for e in doc.get("entries", []):
            yield f"lexicon:{name}", e
    else:  # a user file
        for e in doc.get("actors") or []:
            yield "actor", e
        for e in doc.get("places") or []:
            yield "place", e
        for name, entries in (doc.get("lexicon") or {}).items():
            for e in entries:
                yield f"lexicon:{name}", e


def _lint_group(kind: str, items: list[tuple[Path, dict[str, Any]]]) -> list[str]:
    problems: list[str] = []
    seen_ids: dict[str, Path] = {}
    by_key: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    validator = _VALIDATORS[kind]
    for path, e in items:
        eid = e.get("id", "?") if isinstance(e, dict) else "?"
        where = f"{path.name}: {eid}"
        if not isinstance(e, dict):
            problems.append(f"{where}: entry is not a mapping")
            continue
        for err in validator.iter_errors(e):
            loc = "/".join(str(p) for p in err.absolute_path) or "entry"
            problems.append(f"{where}: {loc}: {err.message}")
        if eid in seen_ids:
            problems.append(f"{where}: id also used in {seen_ids[eid].name}")
        seen_ids[eid] = path
        for key, value in _strings(e):
            for p in text_problems(value, prose=key in PROSE_FIELDS):
                problems.append(f"{where}: {key}: {value!r} {p}")
        if kind in ("actor", "place") and not has_arabic(str(e.get("name_ar", ""))):
            problems.append(f"{where}: name_ar has no Arabic letters")
        ambiguous = {k for a in e.get("ambiguous", []) for k, _ in alias_keys(a)}
        forms = e.get("forms", []) if kind == "lexeme" else loader.entry_aliases(e)
        for name in ("exact", "after_cue"):
            for a in set(e.get(name, ())) - set(forms):
                problems.append(f"{where}: {name}: {a!r} is not one of the entry's names")
        for alias in forms:
            for key, bare in alias_keys(alias)[:1]:
                by_key[key].append((eid, key in ambiguous))
    for key, owners in by_key.items():
        ids = sorted({o for o, _ in owners})
        if len(ids) > 1 and not all(marked for _, marked in owners):
            problems.append(
                f"{kind} alias {key!r} is shared by {', '.join(ids[:5])}"
                " without being marked ambiguous in each"
            )
    return problems


def _strings(e: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for k, v in e.items():
        if isinstance(v, str):
            out.append((k, v))
        elif isinstance(v, list):
            out.extend((k, x) for x in v if isinstance(x, str))
    return out


def lint_user_files(paths: Iterable[Path]) -> list[str]:
    """Lint a user's files, and check their aliases against the built-in entries.

    A user entry with a built-in id overrides it (no problem); a new entry
    whose alias already names a built-in entry of the same kind must mark it
    in `ambiguous`, as built-in entries must.
    """
    paths = list(paths)
    problems = lint_paths(paths)
    builtin: dict[str, dict[str, set[str]]] = {"actor": {}, "place": {}}
    for path in loader.builtin_files():
        if path.parent.name not in ("actors", "places"):
            continue
        for group, e in _entries_of(path):
            for alias in loader.entry_aliases(e):
                for key, _ in alias_keys(alias)[:1]:
                    builtin[group].setdefault(key, set()).add(e["id"])
    for path in paths:
        for group, e in _entries_of(path):
            if group not in builtin or not isinstance(e, dict) or "name_ar" not in e:
                continue
            marked = {k for a in e.get("ambiguous", []) for k, _ in alias_keys(a)}
            for alias in loader.entry_aliases(e):
                for key, _ in alias_keys(alias)[:1]:
                    others = builtin[group].get(key, set()) - {e.get("id")}
                    if others and key not in marked:
                        problems.append(
                            f"{path.name}: {e.get('id')}: alias {alias!r} also names built-in "
                            f"{', '.join(sorted(others)[:3])}; list it under 'ambiguous' or use that id to override"
                        )
    return problems
