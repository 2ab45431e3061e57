"""The pipeline: a list of named stages run in order over a `Doc`."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from rasd.doc import Doc
from rasd.knowledge import KnowledgeBase, load
from rasd.registry import check_order
from rasd.stages.scan import share_scan

DEFAULT_STAGES = [
    "normalise", "segment", "entities", "dates", "numbers", "quotes", "events", "dedupe",
]


class Pipeline:
    """Runs stages by name over documents, with one knowledge base for all."""

    def __init__(
        self,
        stages: Iterable[str] | None = None,
        kb: KnowledgeBase | None = None,
        knowledge: Iterable[str] = (),
    ) -> None:
        self.names = list(stages or DEFAULT_STAGES)
        self.stages = check_order(self.names)
        self.kb = kb if kb is not None else load(knowledge)
        share_scan(self.kb, self.names)

    def __call__(self, doc: Doc) -> Doc:
        doc.kb = self.kb
        for st in self.stages:
            doc = st.fn(doc)
            doc.done.append(st.name)
        return doc

    def make_doc(
        self,
        text: str,
        *,
        id: str = "",
        published: dt.date | str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        url: str | None = None,
    ) -> Doc:
        if isinstance(published, str):
            published = parse_date(published)
        return Doc(text=text, id=id, published=published, title=title, outlet=outlet, url=url)

    def extract(self, text: str, **meta) -> Doc:
        """Run the pipeline over one text; `meta` as for `make_doc`."""
        return self(self.make_doc(text, **meta))

    def extract_safely(self, text: str, *, path: str = "<input>", **meta) -> Doc:
        """Like `extract`, but a failure in a stage becomes an ExtractionError (E399)."""
        from rasd.errors import ExtractionError, RasdError

        try:
            return self.extract(text, **meta)
        except RasdError:
            raise
        except Exception as exc:  # noqa: BLE001 - one article's bug must not stop a batch
            raise ExtractionError("E399", path=path, detail=f"{type(exc).__name__}: {exc}") from exc


def parse_date(value: str) -> dt.date:
    """A publication date from 'YYYY-MM-DD' or an ISO timestamp (its date part)."""
    from rasd.errors import InputError

    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError("E109", value=value) from None


_DEFAULT: Pipeline | None = None


def extract(text: str, **meta) -> Doc:
    """Extract events from one article with the default pipeline."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT.extract(text, **meta)
