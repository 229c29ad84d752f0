"""Dotterel: sourced political event data from news text."""

from dotterel.models import PLOVER_TYPES, ActorRef, Document, Event, Location, Span

__version__ = "0.1.0"
CODER_VERSION = __version__

__all__ = [
    "PLOVER_TYPES",
    "ActorRef",
    "Document",
    "Event",
    "Location",
    "Span",
    "code",
    "code_documents",
    "__version__",
]


def code(text: str, date: str | None = None, doc_id: str | None = None, **kwargs) -> list[Event]:
    """Code one text; ``date`` is its publication date (YYYY-MM-DD)."""
    from dotterel.coder import code as _code

    return _code(text, date=date, doc_id=doc_id, **kwargs)


def code_documents(docs, **kwargs):
    """Code an iterable of ``Document``; yields ``(document, [Event, ...])`` in input order."""
    from dotterel.coder import code_documents as _code_documents

    return _code_documents(docs, **kwargs)
