"""Every message rasd shows a user, numbered, in one place.

Library code raises a subclass of `RasdError` with a code from `MESSAGES`; the
CLI prints `str(error)` (one line: what went wrong and what to do) and exits
non-zero.  Codes are stable: tests and users may rely on them.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Input (E1xx)
    "E101": "{path}: file is empty; give an article with Arabic text.",
    "E102": "{path}: looks like binary data ({detail}), not text; give a UTF-8, UTF-16 or cp1256 text file.",
    "E103": "{path}: could not decode the text ({detail}); save it as UTF-8 and try again.",
    "E104": "{path}: holds no Arabic text; rasd reads Arabic news only.",
    "E105": "{path}: is {size} MB, over the limit of {limit} MB; split it or raise --max-mb.",
    "E106": "{path}: no such file or folder; check the path.",
    "E107": "{path}, line {line}: not a JSON object with an \"id\" and a \"text\" ({detail}); fix that line.",
    "E108": "{path}: unsupported input format {suffix!r}; give .txt, .json, .jsonl, .csv, .html or .xml.",
    "E109": "{value!r} is not a date; give the publication date as YYYY-MM-DD.",
    "E110": "{path}: could not read it ({detail}); check that it exists and that you may read it.",
    "E111": "{path}: no articles found in it; check the format (one article per file, or JSON lines with \"text\").",
    # Knowledge base (E2xx)
    "E201": "{path}: {detail}; fix the knowledge file (see docs/knowledge.md).",
    "E202": "{path}: knowledge file is not valid {fmt} ({detail}); fix its syntax.",
    "E203": "knowledge entry {entry!r} in {path}: {detail}.",
    "E204": "the knowledge cache {path} is unreadable ({detail}); delete it and run again.",
    "E205": "RASD_CONFIG names {path}, which does not exist; fix the variable or create the file.",
    "E206": "{path}: a rasd configuration file holds 'knowledge:' followed by a list of files; fix it.",
    # Pipeline (E3xx)
    "E301": "unknown stage {name!r}; known stages: {known}.",
    "E302": "stage {name!r} needs {field!r}, which no earlier stage writes; put {producer!r} before it.",
    "E399": "{path}: rasd failed on this article ({detail}); this is a bug: please report it with the article. Other articles go on.",
    # Evaluation (E4xx)
    "E401": "{path}, line {line}: gold line is not valid ({detail}).",
    "E402": "{path}: the article named by the gold file is missing; pass --root pointing at the folder that holds it.",
    # Storage (E5xx)
    "E501": "cannot open the database {url} ({detail}); check the --db URL and that the server runs.",
    "E502": "no event with id {id}; list events with 'rasd events'.",
    "E503": "event {id} is not a merge of several reports; there is nothing to split.",
    "E504": "the database {url} has no rasd schema; run 'rasd ingest' first.",
    "E505": "cannot reach the Dask scheduler at {address} ({detail}); check the address or drop --dask.",
    "E506": "{value!r} is not a valid --near; give LAT,LON,KM such as 33.3,44.4,25.",
    # Web (E6xx)
    "E601": "port {port} on {host} is busy; choose another with --port.",
    "E602": "writing needs a token: set RASD_TOKEN for the server and send it as 'Authorization: Bearer ...'.",
    "E603": "no {what} with id {id}; list them at {where}.",
    "E604": "the request body is over the limit of {limit} MB; send less, or start the server with a larger --max-body-mb.",
    "E605": "the token does not match; send the RASD_TOKEN the server was started with as 'Authorization: Bearer ...'.",
}


class RasdError(Exception):
    """Base class: carries a stable code and a one-line user message."""

    code = "E000"

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        template = MESSAGES[code]
        try:
            message = template.format(**params)
        except (KeyError, IndexError):  # a missing parameter must not hide the error
            message = template
        super().__init__(f"{code} {message}")


class InputError(RasdError):
    """The input could not be read as an Arabic article."""


class KnowledgeError(RasdError):
    """A knowledge file is missing, malformed or fails its schema."""


class PipelineError(RasdError):
    """The pipeline is misconfigured."""


class ExtractionError(RasdError):
    """A stage failed on one article (a bug); the batch goes on."""


class EvaluationError(RasdError):
    """The gold file or its articles cannot be used."""


class StorageError(RasdError):
    """The event database cannot be used as asked."""


class WebError(RasdError):
    """The web server cannot start or refuses a request."""
