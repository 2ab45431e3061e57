"""JSON Schemas for knowledge entries, and the text checks every file must pass.

The schemas are checked by `rasd kb lint` and the lint test, not on every
load: loading trusts files that passed lint, so it stays fast.
"""
from __future__ import annotations

import re
import unicodedata

ISO2 = {"type": "string", "pattern": "^[A-Z]{2}$"}
_STR = {"type": "string", "minLength": 1}
_STRS = {"type": "array", "items": _STR}
_SOURCE = {"type": "string", "minLength": 3}

ACTOR_TYPES = [
    "state_force", "rebel_group", "political_militia", "identity_militia", "party",
    "government", "outlet", "person", "civilians", "protesters", "rioters",
    "external_force", "international_org", "ngo", "unidentified", "other",
]

ACTOR = {
    "type": "object",
    "required": ["id", "name", "name_ar", "type", "source"],
    "additionalProperties": False,
    "properties": {
        # "military-forces:IQ": a generic actor's per-country id
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*(:[A-Za-z0-9._-]+)?$"},
        "name": _STR,
        "name_ar": _STR,
        "aliases": _STRS,
        "aliases_en": _STRS,
        "type": {"enum": ACTOR_TYPES},
        "inter": {"type": "integer", "minimum": 0, "maximum": 8},
        "country": {"anyOf": [ISO2, {"type": "null"}]},
        "parent": {"type": ["string", "null"]},
        "role": {"type": "string"},
        "wikidata": {"type": "string", "pattern": "^Q[0-9]+$"},
        "source": _SOURCE,
        "ambiguous": _STRS,
        "exact": _STRS,
        "generic": {"type": "boolean"},
        "name_template": {"type": "string", "pattern": "\\{country\\}"},
        # the per-country id of a generic actor, if not "<id>:<CC>" ("gov-{cc}")
        "id_template": {"type": "string", "pattern": "\\{(cc|CC)\\}"},
        "name_ar_template": {"type": "string", "pattern": "\\{country_ar\\}"},
        "notes": {"type": "string"},
    },
}

PLACE_KINDS = [
    "country", "admin1", "admin2", "admin3", "ppl", "neighbourhood", "landmark", "region",
]

PLACE = {
    "type": "object",
    "required": ["id", "name", "name_ar", "kind", "country", "lat", "lon", "source"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z]+:[A-Za-z0-9._-]+$"},
        "name": _STR,
        "name_ar": _STR,
        "aliases": _STRS,
        "kind": {"enum": PLACE_KINDS},
        "landmark": {"type": "string"},
        "country": ISO2,
        "iso3": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "admin1": {"type": ["string", "null"]},
        "admin1_ar": {"type": ["string", "null"]},
        "admin1_id": {"type": ["string", "null"]},
        "admin2": {"type": ["string", "null"]},
        "admin2_ar": {"type": ["string", "null"]},
        "admin2_id": {"type": ["string", "null"]},
        "parent": {"type": ["string", "null"]},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        "population": {"type": ["integer", "null"], "minimum": 0},
        "capital": {"type": "boolean"},
        "stands_for": {"type": "string"},
        "demonyms": _STRS,
        "source": _SOURCE,
        "ambiguous": _STRS,
        # aliases matched only as written: no article-less core, no article added
        "exact": _STRS,
        # aliases that name the place only right after a place word ("بلدة سلمى")
        "after_cue": _STRS,
    },
}

LEXEME = {
    "type": "object",
    "required": ["id", "forms", "source"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._:-]*$"},
        "forms": {"type": "array", "items": _STR, "minItems": 1},
        "source": _SOURCE,
        "ambiguous": _STRS,
    },
}

_TATWEEL = "\u0640"
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_ARABIC = re.compile("[\u0600-\u06ff]")


# Free-text fields: checked for NFC and letters, not for spacing.
PROSE_FIELDS = frozenset(["notes", "description", "role"])


def text_problems(value: str, *, prose: bool = False) -> list[str]:
    """Text-level problems of one string: NFC, presentation forms, stray tatweel, spacing."""
    problems = []
    if unicodedata.normalize("NFC", value) != value:
        problems.append("not NFC")
    if _PRESENTATION.search(value):
        problems.append("holds Arabic presentation forms")
    if _TATWEEL in value:
        problems.append("holds a tatweel")
    if not prose and (value != value.strip() or "  " in value):
        problems.append("has stray spaces")
    return problems


def has_arabic(value: str) -> bool:
    return bool(_ARABIC.search(value))
