"""Document context: places and dates an event's own sentence leaves out.

News names the place and the time of an episode once (in the headline, the dateline, the
first sentence of a paragraph) and then tells the episode in sentences that name neither.
The sentence-level resolvers (``resolve_place``, ``resolve_date``) only read the event's own
sentence; ``apply_document_context`` is a post-pass over one document's events that fills
the gaps from the rest of the document.  It never changes what a sentence itself says: an
event whose sentence gives it a place or a text date keeps them.

Places (for an event without a location), first rule that applies:

1. **paragraph**: the nearest place named *before* the event's sentence in the same
   paragraph (an earlier event's location, or a place name the gazetteer knows: spaCy
   GPE/LOC/FAC entities, including the countries the actor ruler labels).  A place in the
   event's own sentence is not inherited: the sentence resolver already judged that it is
   not this event's place.  Confidence x 0.9.
2. **dateline**: the place of the article's dateline ("KABUL, March 3 -", "(Beirut) -"),
   read by ``places.dateline_place``.  Confidence x 0.85.
3. **document**: the article's dominant country, when it is clearly dominant: named (as a
   country, or through places inside it) in at least ``DOMINANT_MIN_SENTENCES`` different
   sentences and at least ``DOMINANT_RATIO`` times as often as any other country.  The
   location is the first mention of that country itself ("Nigeria"), else the first
   mention of a place inside it.  Confidence x 0.8.

An inherited location keeps the real offsets of the mention it came from (so
``text[start:end]`` is the name), which lie outside the event's sentence: that is how a
reader tells an inherited place from the sentence's own.  Single-sentence documents are
never changed by rules 1 and 3 (there is no earlier sentence and no dominance to measure).

Dates (for an event whose date is the publication fallback, ``date_source ==
"publication"``): the event inherits the date of the nearest *earlier* event of the same
paragraph whose date came from the text, only when the two are plausibly the same episode:
they share the sentence, or they have the same PLOVER type.  The inherited event keeps the
phrase (``date_text``) and ``date_source="text"`` (the words are in the text), its status
becomes ``historical`` when the inherited date is more than a year before publication (as
the coder does for a sentence's own date), and its confidence is multiplied by 0.95.

Setting the environment variable ``DOTTEREL_CONTEXT=off`` switches the pass off (for
measuring what it adds).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

from dotterel.models import Event, Location
from dotterel.parse import ParsedDocument

PLACE_LABELS = ("GPE", "LOC", "FAC")
DOMINANT_MIN_SENTENCES = 2
DOMINANT_RATIO = 2.0
USE_DEMONYMS = True

CONF_PARAGRAPH = 0.9
CONF_DATELINE = 0.85
CONF_DOCUMENT = 0.8
CONF_DATE = 0.95


@dataclass
class _Sentence:
    index: int  # the coder's running sentence number
    para: int
    start: int  # document offsets
    end: int


@dataclass
class _Mention:
    sentence: int
    para: int
    location: Location
    kind: str  # city | country | subdivision | region | unknown


def enabled() -> bool:
    return os.environ.get("DOTTEREL_CONTEXT", "on").lower() not in ("off", "0", "no", "false")


def apply_document_context(
    events: list[Event], parsed: ParsedDocument, published: str | None
) -> list[Event]:
    """Fill missing places and publication-fallback dates of one document's events from the
    document's context (rules in the module docstring).  Returns the same list, events
    updated in place."""
    if not events or not enabled():
        return events
    sentences = _sentences(parsed)
    by_index = {s.index: s for s in sentences}
    if any(ev.location is None for ev in events):
        mentions = _place_mentions(parsed, events, sentences)
        demonyms = _demonyms(parsed, sentences)
        _inherit_places(events, parsed, by_index, mentions, demonyms)
    if any(ev.date_source == "publication" for ev in events):
        _inherit_dates(events, by_index, published)
    return events


# ---------------------------------------------------------------------------------- sentences
def _sentences(parsed: ParsedDocument) -> list[_Sentence]:
    """Every sentence in the coder's numbering (paragraph by paragraph, in order)."""
    out = []
    index = 0
    for p, para in enumerate(parsed.paragraphs):
        for sent in para.doc.sents:
            out.append(_Sentence(index, p, para.offset + sent.start_char,
                                 para.offset + sent.end_char))
            index += 1
    return out


# ---------------------------------------------------------------------------------- places
def _place_mentions(parsed: ParsedDocument, events: list[Event],
                    sentences: list[_Sentence]) -> list[_Mention]:
    """Known places the document names, in text order: event locations and place entities."""
    from dotterel.resolve.places import lookup_place

    text = parsed.document.text
    starts = [s.start for s in sentences]
    found: dict[tuple[int, int], _Mention] = {}
    for ev in events:
        loc = ev.location
        if loc is not None and loc.country and text[loc.start:loc.end] == loc.text:
            s = _sentence_at(sentences, starts, loc.start)
            if s is not None:
                found[(loc.start, loc.end)] = _Mention(s.index, s.para, loc, "event")
    for para in parsed.paragraphs:
        for ent in para.doc.ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            start, end = para.offset + ent.start_char, para.offset + ent.end_char
            if any(a < end and start < b for a, b in found):
                continue
            hit = lookup_place(ent.text)
            if hit is None or not hit.country:
                continue
            s = _sentence_at(sentences, starts, start)
            if s is None:
                continue
            loc = Location(text=ent.text, start=start, end=end, name=hit.name,
                           geonameid=hit.geonameid, country=hit.country, lat=hit.lat,
                           lon=hit.lon)
            found[(start, end)] = _Mention(s.index, s.para, loc, hit.kind)
    return [found[k] for k in sorted(found)]


def _sentence_at(sentences: list[_Sentence], starts: list[int], pos: int) -> _Sentence | None:
    from bisect import bisect_right

    k = bisect_right(starts, pos) - 1
    if k < 0 or pos >= sentences[k].end:
        return None
    return sentences[k]


def _demonyms(parsed: ParsedDocument, sentences: list[_Sentence]) -> list[tuple[int, str]]:
    """(sentence, ISO-3) of every demonym the actor ruler ties to a country ("Ugandan")."""
    starts = [s.start for s in sentences]
    out = []
    for para in parsed.paragraphs:
        for ent in para.doc.ents:
            if ent.label_ == "NORP" and ent.ent_id_.startswith("country:"):
                s = _sentence_at(sentences, starts, para.offset + ent.start_char)
                if s is not None:
                    out.append((s.index, ent.ent_id_.split(":", 1)[1][:3]))
    return out


def _dominant(mentions: list[_Mention], demonyms: list[tuple[int, str]] = ()) -> str | None:
    """The country the article is about, when one clearly dominates; else None."""
    per_country: dict[str, set[int]] = {}
    for m in mentions:
        per_country.setdefault(m.location.country, set()).add(m.sentence)
    if USE_DEMONYMS:
        for sentence, country in demonyms:
            per_country.setdefault(country, set()).add(sentence)
    counts = Counter({c: len(s) for c, s in per_country.items()})
    if not counts:
        return None
    ranked = counts.most_common(2)
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n >= DOMINANT_MIN_SENTENCES and n >= DOMINANT_RATIO * second:
        return top
    return None


def _inherit_places(events: list[Event], parsed: ParsedDocument, by_index: dict[int, _Sentence],
                    mentions: list[_Mention], demonyms: list[tuple[int, str]]) -> None:
    from dotterel.resolve.places import dateline_place

    text = parsed.document.text
    dateline = dateline_place(text)
    dateline_loc = None
    if dateline is not None and dateline.country and dateline.start is not None:
        dateline_loc = Location(text=dateline.text, start=dateline.start, end=dateline.end,
                                name=dateline.name, geonameid=dateline.geonameid,
                                country=dateline.country, lat=dateline.lat, lon=dateline.lon)
    dominant_loc = None
    dominant = _dominant(mentions, demonyms)
    own = [m for m in mentions if m.location.country == dominant]
    if own:
        named = [m for m in own if m.kind == "country"]
        dominant_loc = (named or own)[0].location
    for ev in events:
        if ev.location is not None:
            continue
        sent = by_index.get(ev.sentence)
        if sent is None:
            continue
        earlier = [m for m in mentions if m.para == sent.para and m.sentence < sent.index]
        if earlier:
            _set_location(ev, earlier[-1].location, CONF_PARAGRAPH)
        elif dateline_loc is not None:
            _set_location(ev, dateline_loc, CONF_DATELINE)
        elif dominant_loc is not None:
            _set_location(ev, dominant_loc, CONF_DOCUMENT)


def _set_location(ev: Event, loc: Location, factor: float) -> None:
    ev.location = loc.model_copy()
    ev.confidence = round(max(0.05, ev.confidence * factor), 3)


# ---------------------------------------------------------------------------------- dates
def _family(ev: Event) -> str:
    """Events of one family may tell one episode: material conflict (quad class 4: killings,
    arrests, abductions of one crackdown) is one family, any other PLOVER type its own."""
    if ev.quad_class == 4:
        return "material-conflict"
    return ev.plover or ev.cameo[:2]


def _text_dated(ev: Event) -> bool:
    return ev.date_source == "text" and bool(ev.date) and ev.date_precision != "none"


def _inherit_dates(events: list[Event], by_index: dict[int, _Sentence],
                   published: str | None) -> None:
    from dotterel.resolve.dates import DateResult, is_historical

    own = [_text_dated(ev) for ev in events]  # before any inheritance: no chains across rules
    for k, ev in enumerate(events):
        if ev.date_source != "publication":
            continue
        sent = by_index.get(ev.sentence)
        if sent is None:
            continue
        source = None
        for prev in reversed(events[:k]):  # rule 1: the same episode earlier in the paragraph
            ps = by_index.get(prev.sentence)
            if ps is None or ps.para != sent.para:
                break
            if _text_dated(prev) and (
                prev.sentence == ev.sentence or _family(prev) == _family(ev)
            ):
                source = prev
                break
        if source is None and not any(_family(p) == _family(ev) for p in events[:k]):
            # rule 2: the first event of its family (a headline, a lede) is dated by the
            # first later event of the family the article dates
            source = next((n for j, n in enumerate(events[k + 1:], k + 1)
                           if own[j] and _family(n) == _family(ev)), None)
        if source is None:
            continue
        ev.date = source.date
        ev.date_precision = source.date_precision
        ev.date_text = source.date_text
        ev.date_source = "text"
        ev.confidence = round(max(0.05, ev.confidence * CONF_DATE), 3)
        result = DateResult(ev.date, ev.date_precision, ev.date_text, source="text")
        if ev.status in ("asserted", "reported") and is_historical(result, published):
            ev.status = "historical"
