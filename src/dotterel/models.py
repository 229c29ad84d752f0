"""The typed records that flow between stages.

``Document`` comes out of ingest; ``Event`` is the contract users, the store, the API and the
tests rely on (see the README, "The event record").  ``Event.model_dump(mode="json")`` is
exactly one line of ``dotterel code`` output.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

Status = Literal[
    "asserted",
    "reported",
    "hedged",
    "denied",
    "negated",
    "hypothetical",
    "future",
    "historical",
]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]

DatePrecision = Literal["day", "month", "year", "none"]
DateSource = Literal["text", "publication", "none"]
LocationSource = Literal["sentence", "paragraph", "actors", "dateline", "document"]


class Document(BaseModel):
    """One article as ingest hands it on.  ``text`` is the text all offsets refer to."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) of publication, when known
    source: str | None = None  # outlet or feed name, when known


class Span(BaseModel):
    """A stretch of the document text: ``text == doc.text[start:end]``."""

    text: str
    start: int
    end: int


class ActorRef(Span):
    """An actor or recipient phrase resolved to a code.

    ``code`` is an ISO-3 country code, an IGO / organisation code (``UNO``, ``NATO``, ``SCO``
    ...), or null when the phrase names no known actor.  ``sector`` is a CAMEO/PLOVER-style
    sector (GOV, MIL, REB, CVL, EDU, MED, BUS, MED, JUD, LEG, OPP, COP, IGO, NGO, ...).
    ``name`` is the canonical name of what was matched (``"Israel"`` for "the Zionist regime").
    ``implied`` marks an actor no phrase names but the act itself implies: only authorities
    arrest, jail or sentence, so "two journalists were arrested in Lagos" has the Nigerian
    police (``NGA``, ``COP``) as its implied actor; its span is the trigger's.
    """

    code: str | None = None
    sector: str | None = None
    name: str | None = None
    implied: bool = False


class Location(Span):
    """Where the event happened.  ``source`` says how the place was found: named in the
    event's own sentence, or inherited from the same paragraph, the dateline, or the country
    the whole document is about (then ``start``/``end`` point at that mention, outside the
    sentence), or the country of the event's actors (``actors``: the span is an actor's
    words, which name the country but no place)."""

    name: str | None = None
    geonameid: int | None = None
    country: str | None = None  # ISO-3
    lat: float | None = None
    lon: float | None = None
    source: LocationSource = "sentence"


class Event(BaseModel):
    """One coded event mention: who did what to whom, when, where, per whom, how certain."""

    doc_id: str | None = None
    sentence: int
    quote: str
    trigger: Span
    plover: str | None = None
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    cameo: str
    quad_class: int  # 0 statement/appeal, 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    intensity: float | None = None
    actor: list[ActorRef] = Field(default_factory=list)
    recipient: list[ActorRef] = Field(default_factory=list)
    date: str | None = None
    date_precision: DatePrecision = "none"
    date_text: str | None = None
    date_source: DateSource = "none"
    location: Location | None = None
    status: Status = "asserted"
    claimant: ActorRef | None = None
    confidence: float = 0.5
    rule: str

    def to_json(self) -> str:
        return self.model_dump_json()
