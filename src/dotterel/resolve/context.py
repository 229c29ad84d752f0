"""Document context: places and dates an event's own sentence leaves out.

News names the place and the time of an episode once (in the headline, the dateline, the
first sentence of a paragraph) and then tells the episode in sentences that name neither.
The sentence-level resolvers (``resolve_place``, ``resolve_date``) only read the event's own
sentence; ``apply_document_context`` is a post-pass over one document's events that fills
the gaps from the rest of the document.  It never changes what a sentence itself says: an
event whose sentence gives it a place or a text date keeps them.

Only events with a PLOVER type take part: a bare statement (CAMEO 01x, no PLOVER type:
"officials said") happens where and when its speaker speaks, which the article's episode
does not tell.

Place names first: a name several countries share ("Delta": a Canadian city, a Nigerian
state) is read as the one in a country the rest of the document names, when the gazetteer's
first choice lies in a country the document names nowhere else (``_disambiguate``); the
actors the sentence placed by that name alone (a sector, no name: "government troops ...
in Bor") move to the new country with it.  Place
mentions are the sentence resolver's names (``places.name_spans``), so "the Gulf of" +
"Guinea" counts as the gulf, never as Guinea.

Places (for an event without a location), first rule that applies:

1. **paragraph**: the nearest place named *before* the event's sentence in the same
   paragraph (an earlier event's location, or a place name the gazetteer knows: spaCy
   GPE/LOC/FAC entities, including the capitals and countries the actor ruler labels).  A
   place in the event's own sentence is not inherited: the sentence resolver already judged
   that it is not this event's place.  Confidence x 0.9.
2. **actors** (domestic): when every country-coded actor and recipient belongs to one
   country ("Argentina's war against its own people"), that country, ahead of the dateline
   and the document's country.  The location's span is the first actor's words (they name
   the country, not a place).  Confidence x 0.8.
3. **dateline**: the place of the article's dateline ("KABUL, March 3 -", "(Beirut) -"),
   read by ``places.dateline_place``, when the article has no dominant country (rule 4) or
   the dateline lies in it.  A dateline says where the report was filed: a story filed in
   Dakar about Mali names Mali far more often than Senegal, and then rule 4 wins.
   Confidence x 0.85.
4. **document**: the article's dominant country: the country named (by its own name or by
   places inside it) in the most sentences, at least ``DOMINANT_MIN_SENTENCES`` (2) and
   strictly more than any other, or the only country the article names at all (then not for
   an event in the sentence naming it: the sentence resolver judged that mention).  The
   location is the city or first-level subdivision of that country the article names in
   more sentences than any other ("Minsk" in a story on Belarus; HRDsAttack city or region
   0.419 -> 0.565 dev, 0.295 -> 0.497 train, country unchanged), else, when none is named
   or two tie, the first mention of the country itself ("Nigeria"), else the first mention
   of a place inside it.  Confidence x 0.8 when it is clearly dominant (``DOMINANT_RATIO``,
   1.5 times the runner-up's sentences), else x 0.7.  Demonyms ("Ugandan police") count
   only in an article that names no place at all: counted beside place names on the
   HRDsAttack dev articles, they named the right country as often as the wrong one ("Serb"
   policemen in Bosnia, "Italian" fugitives arrested in France).
5. **actors** (last resort): the one country of the event's country-coded actors ("A Swedish
   court sentenced ..."), when nothing above places the event.

A person's surname is not a place: once the article names someone in full ("journalist Lady
Ann Salem"), a bare "Salem" neither counts as a place mention nor stays an event's place (the
event then inherits one by the rules above).

An implied actor (``ActorRef.implied``: the authorities an arrest or a sentence implies) with
no country takes the country of the place the event inherits.

An event whose sentence names a place the gazetteer does not know ("in Ugwuaku village")
keeps that place and takes only its country from the same rules (the place's ``source``
stays "sentence").

An inherited location keeps the real offsets of the mention it came from (so
``text[start:end]`` is the name), which lie outside the event's sentence unless the mention
is the dateline or the dominant country's mention happens to be in it: that is how a reader
tells an inherited place from the sentence's own (with the lower confidence).  A
one-sentence document is only changed by rule 2 (rule 1 needs an earlier sentence, rule 3
two sentences).

Dates.  First, for an event dated by a month its own phrase names without a year ("died of
gunshot wounds on Nov. 16", which the sentence reads as the November before publication):

0. **the year the article gave that month**: when an earlier sentence named the same month
   with a year ("reported missing on Nov. 18, 2019"), and that year is earlier, the event
   takes it: a story retold from a past month stays in it.  The phrase (``date_text``) is
   the event's own.

Next, for a violent act (quad class 4) its own sentence dates only by a year:

5. **the same act, told more precisely**: it takes the month or day another sentence gives
   an act of the same year that is the same act: the same act word as noun or verb ("the
   1985 hijacking" ... "was hijacked on June 14, 1985"), words of one act ("abduction" /
   "kidnapping", "murder" / "killing") or a shared victim (as in rule 3).
   Only dates other events' own sentences give are lent.  Measured on HRDsAttack: train
   year-month 0.570 -> 0.582, dev unchanged.  The act word of a light verb is its event
   noun ("carried out the killing" is a killing, not a "carry"), and the acts one year
   phrase dates ("tortured and killed him in 2017") are refined together (train
   year-month 0.582 -> 0.588).

Then, for an event whose date is the publication fallback (``date_source ==
"publication"``), first rule that applies:

1. **same episode, earlier**: the date of the nearest *earlier* event of the same paragraph
   whose date came from the text, when the two plausibly tell one episode: they share the
   sentence, or they are of the same family (material conflict, quad class 4: killings,
   arrests and abductions of one crackdown, is one family; any other PLOVER type is its
   own).
2. **first of its family**: an event with no earlier event of its family in the document
   (typically the headline or the lede's summary: "Over 300 girls kidnapped in Zamfara")
   takes the date of the first later event of its family that has a date of its own from
   the text ("In the early morning of February 26, 317 girls were kidnapped"), when that
   event is at most ``LEDE_REACH`` sentences further on: a lede is told again soon after,
   and a date further on belongs to another part of the story (background, history).
3. **the same victim**: a violent or coercive act (quad class 4) still undated takes the
   date of the nearest other quad-4 event, in another sentence, dated by its own text, whose
   recipients share a name or a head noun with its own (``_victim_keys``): a trial report
   tells "convicted of the murder of Ana Ruiz" in one paragraph and "Ruiz was shot dead on
   14 July 2019" in another.  Pronouns and vague words ("people", "them", "members")
   recognise no one.  Measured on HRDsAttack: dev year-month 0.473 -> 0.509 (two articles),
   train unchanged (one more year right).
4. **the episode named before**: an act placed inside an episode by a definite noun
   ("nine farmers were killed during the operation": *during*, *in*, *amid* + "the" + noun)
   takes the nearest date the article gave that noun earlier, within its phrase ("the Dec.
   30, 2020 operation", "a raid on 30 December") or through a verb of occurring whose
   subject it is ("the operation began on 3 May").  Measured on HRDsAttack with the civilian
   sector nouns added the same day ("tribesmen"): dev year-month 0.509 -> 0.527, train
   unchanged.

Last, for an event its sentence dates only by a pointer back in time ("At that time, Iran
provided vital military support", "Back then", "That year"), with the publication fallback
or with no date at all (a text with no publication date):

6. **the time named before**: the date of the nearest earlier event of the same paragraph
   dated by its text ("During the Indo-Pakistani war in 1965, Iran firmly stood by
   Pakistan"). No HRDsAttack, PLOVER or event-location figure moved; it dates the
   canonical article's 1965 support.

No rule lends the date of a nominal event in the event's own sentence:
"jailed him for the 2017 killing of a journalist" dates the killing, not the jailing.

An inherited date keeps its phrase (``date_text``) and ``date_source="text"``: the words are
in the text, though not in the event's sentence.  The status becomes ``historical`` when the
inherited date is more than a year before publication (as the coder does for a sentence's
own date); confidence x 0.95.  The same holds for a year rule 0 gave.  Rules 1 to 3 lend
only events' own text dates, never a date phrase no event claims (measured: it helped one dev
set and hurt the other); rule 0 reads only a year from any date phrase of the article
(measured on HRDsAttack: with rule 0 and the new phrase readings in ``dates.py``, the best
event per article matched the gold year-month in 0.709 of dev articles, 0.691 before);
rule 4 reads only the date phrase of the episode's own noun or verb.

Actors.  A violent or coercive act (quad class 4) its sentence tells with no doer at all
("Over 300 girls kidnapped in Zamfara", "gay people were killed and tortured") takes the
actors of the same act told again in another sentence:

A. **the same act, its doer named**: the nearest other quad-4 event whose act word is the
   same (noun or verb, or words of one act: "abduction" / "kidnapping") and whose actors
   have a code or a sector, when the two share a victim (as in rule 3), or lie at most
   ``LEDE_REACH`` sentences apart and one of them names no victim to tell them apart ("gay
   men were tortured and killed by police").  Two acts with different victims ("42 people",
   "300 schoolboys") are two acts, whatever their distance.  Only named doers are lent:
   not an implied actor (the authorities of an arrest: no one's words), not a pronoun
   ("They arrested ..."), and the authorities an arrest implies give way only to a doer
   with a sector ("Zimbabwean police").  The copied actors keep the
   offsets of the words that named them, outside the event's sentence, and the event's
   ``rule`` ends in ``+actor:retold``.  Measured on HRDsAttack (perpetrator state /
   non-state of the first violent event): dev 0.544 -> 0.567, train 0.582 -> 0.590; with
   the victim test dropped (any same act word within reach, or any shared victim) 0.622 and
   0.629, but reading those articles showed most of the extra doers were of other acts
   (the group that kidnapped other children, the court of an implied prosecution).

Setting the environment variable ``DOTTEREL_CONTEXT=off`` switches the pass off (for
measuring what it adds).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from dotterel.models import ActorRef, Event, Location
from dotterel.parse import Paragraph, ParsedDocument

if TYPE_CHECKING:
    from spacy.tokens import Token

DOMINANT_MIN_SENTENCES = 2
DOMINANT_RATIO = 1.5

CONF_PARAGRAPH = 0.9
CONF_DATELINE = 0.85
CONF_DOCUMENT = 0.8
CONF_PLURALITY = 0.7
CONF_HOME = 0.8
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


# A city this large keeps its name against a namesake this many times smaller in a country
# the article names ("Hyderabad" may still move to Pakistan; "London" stays in England).
WORLD_CITY_MIN_POPULATION = 1_000_000
WORLD_CITY_RATIO = 10
# Sentences between a lede event and the event that dates it.  6 -> 9 raised HRDsAttack
# year-month from 0.455 to 0.473 on dev and from 0.549 to 0.561 on the train split;
# 12 and 30 were no better.
LEDE_REACH = 9
# appended to the rule of an event whose actor another sentence named (rule A)
ACTOR_RETOLD = "+actor:retold"


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
    surnames = _surnames(parsed)
    for ev in events:
        if ev.location is not None and ev.location.text.casefold() in surnames:
            ev.location = None  # "Salem" after "Lady Ann Salem": the person, not the city
    mentions = _place_mentions(parsed, events, sentences, surnames)
    _disambiguate(events, mentions)
    if not mentions:  # no place named at all: "Ugandan police", "a Swedish court"
        mentions = _demonym_mentions(parsed, sentences)
    if any(ev.location is None or not (ev.location.country or ev.location.name)
           for ev in events):
        _inherit_places(events, parsed, by_index, mentions)
        for ev in events:  # an implied authority belongs to the country where it acted
            if ev.location is not None and ev.location.country:
                for ref in ev.actor:
                    if ref.implied and not ref.code:
                        ref.code = ev.location.country
    _anchor_years(events, parsed, published)
    # recipients do not change below: whom each violent act befell, read once
    victims = [_victim_keys(ev) if ev.quad_class == 4 else frozenset() for ev in events]
    # and by which act word: the trigger's lemma, read once for rules 5 and A
    acts: dict[int, str] = {}
    for k, ev in enumerate(events):
        if ev.quad_class == 4 and (word := _act_word(ev, parsed)) is not None:
            acts[k] = word
    _refine_years(events, acts, published, victims)
    if any(ev.date_source == "publication" for ev in events):
        _inherit_dates(events, by_index, published, victims)
    if any(ev.date_source == "publication" for ev in events):
        _definite_dates(events, parsed, published)
    _then_dates(events, by_index, published)
    _inherit_actors(events, acts, victims)
    return events


def _inherit_actors(events: list[Event], lemma: dict[int, str],
                    victims: list[frozenset[str]]) -> None:
    """Rule A: a violent or coercive act told without its doer takes the doer of the same act
    told again in another sentence (see the module docstring).  ``lemma``: the act word of
    each violent event."""
    lendable = [[a for a in ev.actor if _names_a_doer(a)] for ev in events]
    for k, ev in enumerate(events):
        if k not in lemma or not all(a.implied for a in ev.actor):
            continue  # a doer the sentence names (an implied one gives way to a named one)
        retold = []
        for j, other in enumerate(events):
            if (j not in lemma or other.sentence == ev.sentence
                    or not _same_act_word(lemma[j], lemma[k]) or not lendable[j]
                    or (ev.actor and not any(a.sector for a in lendable[j]))):
                continue  # the authorities an arrest implies give way only to a named sector
            gap = abs(other.sentence - ev.sentence)
            if victims[j] & victims[k] or (
                gap <= LEDE_REACH and not (victims[j] and victims[k])
            ):
                retold.append((gap, j))
        if retold:
            ev.actor = [a.model_copy() for a in lendable[min(retold)[1]]]
            ev.rule += ACTOR_RETOLD


def _names_a_doer(ref: ActorRef) -> bool:
    """Whether an actor is words another sentence can lend: coded or placed in a sector,
    neither implied (no one's words) nor a pronoun or vague word ("they arrested him":
    whoever "they" are is told elsewhere, and "they" in the lending sentence names no one)."""
    return (not ref.implied and bool(ref.code or ref.sector)
            and ref.text.casefold() not in _VAGUE_WORDS)


# "During the war in 1965, Iran stood by Pakistan. At that time, Iran provided support":
# a sentence that opens on a time it does not name points back to the last one named
_THEN = re.compile(r"^(?:at that time|at the time|back then|in those days|that year|"
                   r"the same year|that same year|by then)\b|\bat that time\b", re.I)


def _then_dates(events: list[Event], by_index: dict[int, _Sentence],
                published: str | None) -> None:
    """Rule 6, the time named before: an event its sentence dates only by "at that time",
    "back then", "that year" (or no date at all, with no publication date to fall back on)
    takes the date of the nearest earlier event of the same paragraph dated by its text."""
    for k, ev in enumerate(events):
        if ev.date_source not in ("publication", "none") or ev.plover is None:
            continue
        if not _THEN.search(ev.quote.strip()):
            continue
        sent = by_index.get(ev.sentence)
        source = None
        for prev in reversed(events[:k]):
            ps = by_index.get(prev.sentence)
            if ps is None or sent is None or ps.para != sent.para:
                break
            if prev.sentence < ev.sentence and _text_dated(prev):
                source = prev
                break
        if source is not None:
            _redate(ev, source.date, source.date_precision, source.date_text, published)


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
def _surnames(parsed: ParsedDocument) -> frozenset[str]:
    """Last words (casefolded) of the people the document names in full ("Lady Ann Salem");
    not of a "person" the gazetteer knows as a place (the small model calls "Tal Afar" a
    person)."""
    out = set()
    for para in parsed.paragraphs:
        for ent in para.doc.ents:
            if (ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].is_title
                    and _lookup(ent.text) is None):
                out.add(ent[-1].text.casefold())
    return frozenset(out)


def _place_mentions(parsed: ParsedDocument, events: list[Event], sentences: list[_Sentence],
                    surnames: frozenset[str] = frozenset()) -> list[_Mention]:
    """Known places the document names, in text order: event locations and place entities
    (not a bare surname of a person the document names in full)."""
    from dotterel.resolve.places import name_spans

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
        for sent in para.doc.sents:
            # the sentence resolver's names: "the Gulf of" + "Guinea" is one name, no Guinea
            for a, b, kind in name_spans(sent):
                span = para.doc[a:b]
                if kind != "place" or span.text.casefold() in surnames:
                    continue
                start, end = para.offset + span.start_char, para.offset + span.end_char
                if any(x < end and start < y for x, y in found):
                    continue
                hit = _lookup(span.text)
                if hit is None or not hit.country:
                    continue
                s = _sentence_at(sentences, starts, start)
                if s is None:
                    continue
                loc = Location(text=span.text, start=start, end=end, name=hit.name,
                               geonameid=hit.geonameid, country=hit.country, lat=hit.lat,
                               lon=hit.lon)
                found[(start, end)] = _Mention(s.index, s.para, loc, hit.kind)
    return [found[k] for k in sorted(found)]


def _demonym_mentions(parsed: ParsedDocument, sentences: list[_Sentence]) -> list[_Mention]:
    """Countries named only by their people's adjective ("Ugandan police"), as mentions of
    the country itself."""
    from dotterel.resolve.places import demonym_country

    starts = [s.start for s in sentences]
    out = []
    for para in parsed.paragraphs:
        for ent in para.doc.ents:
            code = demonym_country(ent)
            start = para.offset + ent.start_char
            s = _sentence_at(sentences, starts, start) if code else None
            if s is None:
                continue
            loc = _country_location(code, ent.text, start, para.offset + ent.end_char)
            out.append(_Mention(s.index, s.para, loc, "demonym"))
    return out


@lru_cache(maxsize=8192)
def _lookup(name: str):
    from dotterel.resolve.places import lookup_place

    return lookup_place(name)


def _sentence_at(sentences: list[_Sentence], starts: list[int], pos: int) -> _Sentence | None:
    from bisect import bisect_right

    k = bisect_right(starts, pos) - 1
    if k < 0 or pos >= sentences[k].end:
        return None
    return sentences[k]


def _disambiguate(events: list[Event], mentions: list[_Mention]) -> None:
    """A name several countries share ("Delta": a Canadian city, a Nigerian state) means the
    one in a country the rest of the document names, when the gazetteer's first choice lies
    in a country the document names nowhere else.  Updates mentions and the events whose
    sentence-level place it is."""
    from dotterel.resolve.places import get_gazetteer

    gaz = get_gazetteer()
    sentences_of: dict[str, set[int]] = {}
    for m in mentions:
        sentences_of.setdefault(m.location.country, set()).add(m.sentence)

    def support(country: str | None, sentence: int) -> int:
        return len(sentences_of.get(country, set()) - {sentence})

    changed: dict[tuple[int, int], Location] = {}
    for m in mentions:
        loc = m.location
        if m.kind == "country" or support(loc.country, m.sentence):
            continue
        entries = gaz.candidates(loc.text)
        by_country: dict[str, object] = {}
        for e in entries:
            by_country.setdefault(gaz.iso3.get(e.iso2), e)
        if len(by_country) < 2:
            continue
        best = max(by_country, key=lambda c: support(c, m.sentence))  # ties: the gazetteer's order
        if best == loc.country or not support(best, m.sentence):
            continue
        chosen = by_country.get(loc.country)
        if chosen is not None and chosen.population >= WORLD_CITY_MIN_POPULATION and (
            chosen.population >= WORLD_CITY_RATIO * by_country[best].population
        ):
            continue  # "east London" in a story on the US is still London, not London, Ohio
        hit = gaz.result(by_country[best], loc.text, loc.start, loc.end)
        m.location = loc.model_copy(update={
            "name": hit.name, "geonameid": hit.geonameid, "country": hit.country,
            "lat": hit.lat, "lon": hit.lon})
        m.kind = hit.kind if m.kind != "event" else m.kind
        changed[(loc.start, loc.end)] = m.location
    if not changed:
        return
    for ev in events:
        loc = ev.location
        if loc is not None and loc.source == "sentence" and (loc.start, loc.end) in changed:
            ev.location = changed[(loc.start, loc.end)]
            for ref in ev.actor + ev.recipient:
                if ref.code == loc.country and ref.name is None and ref.sector:
                    # "government troops attacked rebels in Bor": troops the sentence placed
                    # by the town move with it (South Sudan, not Russia)
                    ref.code = ev.location.country


def _dominant(mentions: list[_Mention]) -> tuple[str | None, bool]:
    """The country the article is about: the one named in most sentences (at least
    ``DOMINANT_MIN_SENTENCES``, strictly more than any other), and whether it clearly
    dominates (``DOMINANT_RATIO`` times as many sentences as the runner-up)."""
    per_country: dict[str, set[int]] = {}
    for m in mentions:
        per_country.setdefault(m.location.country, set()).add(m.sentence)
    counts = Counter({c: len(s) for c, s in per_country.items()})
    if not counts:
        return None, False
    ranked = counts.most_common(2)
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n > second and (n >= DOMINANT_MIN_SENTENCES or second == 0):
        # a country named once is the article's when it is the only one named
        return top, n >= DOMINANT_MIN_SENTENCES and n >= DOMINANT_RATIO * second
    return None, False


def _inherit_places(events: list[Event], parsed: ParsedDocument, by_index: dict[int, _Sentence],
                    mentions: list[_Mention]) -> None:
    from dotterel.resolve.places import dateline_place

    text = parsed.document.text
    dateline = dateline_place(text)
    dateline_loc = None
    if dateline is not None and dateline.country and dateline.start is not None:
        dateline_loc = Location(text=dateline.text, start=dateline.start, end=dateline.end,
                                name=dateline.name, geonameid=dateline.geonameid,
                                country=dateline.country, lat=dateline.lat, lon=dateline.lon)
    dominant_loc = None
    dominant, clear = _dominant(mentions)
    own = [m for m in mentions if m.location.country == dominant]
    if own:
        named = [m for m in own if m.kind == "country"]
        dominant_loc = _main_place(own) or (named or own)[0].location
    dominant_conf = CONF_DOCUMENT if clear else CONF_PLURALITY

    def context(sent: _Sentence) -> tuple[Location, float, str] | None:
        earlier = [m for m in mentions if m.para == sent.para and m.sentence < sent.index]
        if earlier:
            return earlier[-1].location, CONF_PARAGRAPH, "paragraph"
        if dateline_loc is not None and (dominant_loc is None or dateline_loc.country == dominant):
            return dateline_loc, CONF_DATELINE, "dateline"
        if dominant_loc is not None and not (
            len({m.sentence for m in own}) == 1 and own[0].sentence == sent.index
        ):  # a country named once, in the event's own sentence: the sentence resolver's call
            return dominant_loc, dominant_conf, "document"
        return None

    for ev in events:
        if ev.plover is None or (ev.location is not None and (
                ev.location.country or ev.location.name)):
            continue  # placed; a sea or a region spanning countries keeps no country
        sent = by_index.get(ev.sentence)
        found = context(sent) if sent is not None else None
        home = _home_country(ev)
        if home is not None and (found is None or found[2] in ("dateline", "document")):
            found = home  # "Argentina's war against its own people": where it was fought
        if found is None:
            found = _home_country(ev, one_side=True)
        if found is None:
            continue
        loc, factor, source = found
        if ev.location is None:
            _set_location(ev, loc, factor, source)
        else:  # a place the gazetteer does not know: keep it, take the country
            ev.location = ev.location.model_copy(update={"country": loc.country})


def _main_place(own: list[_Mention]) -> Location | None:
    """The place inside the article's country (a city or first-level subdivision) named in
    more sentences than any other such place, or None when none is or two tie.  A capital
    standing for its government ("talks between Tehran and Islamabad") counts too: leaving
    actors' words out lost more places than it saved (HRDsAttack city 0.565 -> 0.500 dev)."""
    per: dict[str, list] = {}
    for m in own:
        kind = m.kind
        if kind == "event":
            hit = _lookup(m.location.text)
            kind = hit.kind if hit is not None else None
        if kind not in ("city", "subdivision"):
            continue
        per.setdefault(m.location.name or m.location.text, [set(), m.location])[0].add(m.sentence)
    ranked = sorted(per.values(), key=lambda v: -len(v[0]))
    if not ranked:
        return None
    if len(ranked) > 1 and len(ranked[1][0]) == len(ranked[0][0]):
        return None
    return ranked[0][1]


def _home_country(ev: Event, one_side: bool = False) -> tuple[Location, float, str] | None:
    """The country a domestic event happens in: the one country every country-coded actor
    and recipient belongs to, when both sides have one ("Argentina's war against its own
    people", "Ugandan police arrested Ugandan journalists"); with ``one_side``, when only
    the actors have one ("Ugandan police arrested a politician")."""
    sides = [[r for r in side if r.code and _country_code(r.code)]
             for side in (ev.actor, ev.recipient)]
    if not sides[0] or not (sides[1] or one_side):
        return None
    codes = {r.code for side in sides for r in side}
    if len(codes) != 1:
        return None
    ref = sides[0][0]
    return _country_location(ref.code, ref.text, ref.start, ref.end), CONF_HOME, "actors"


def _country_location(code: str, text: str, start: int, end: int) -> Location:
    """The country ``code`` as a location whose span is the words that named it."""
    hit = _lookup(_country_name(code) or code)
    return Location(text=text, start=start, end=end,
                    name=hit.name if hit else _country_name(code),
                    geonameid=hit.geonameid if hit else None, country=code,
                    lat=hit.lat if hit else None, lon=hit.lon if hit else None)


@lru_cache(maxsize=1024)
def _country_name(code: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_3=code)
    if c is None:
        return None
    return getattr(c, "common_name", None) or c.name


def _country_code(code: str) -> bool:
    return len(code) == 3 and _country_name(code) is not None


def _set_location(ev: Event, loc: Location, factor: float, source: str) -> None:
    ev.location = loc.model_copy(update={"source": source})
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


def _nouns_own(source: Event, ev: Event) -> bool:
    """A nominal event's date in the event's own sentence is the noun's ("jailed him for the
    2017 killing of ...": 2017 dates the killing), not one to lend."""
    return source.sentence == ev.sentence and source.rule.startswith("nominal")


def _anchor_years(events: list[Event], parsed: ParsedDocument, published: str | None) -> None:
    """Rule 0: a month named without its year ("died on Nov. 16") is read against the
    publication date, unless the article named that month with a year in an earlier sentence
    ("reported missing on Nov. 18, 2019"): a story told of a past month keeps its year."""
    from dotterel.resolve.dates import month_year_named, year_left_open

    open_events = [ev for ev in events
                   if ev.date_source == "text" and ev.date and ev.date_text
                   and ev.date_precision in ("month", "day") and year_left_open(ev.date_text)]
    if not open_events:
        return
    named: list[tuple[int, int, int]] = []  # (sentence, year, month) of phrases naming both
    index = 0
    for para in parsed.paragraphs:
        for sent in para.doc.sents:
            for ent in sent.ents:
                if ent.label_ == "DATE" and (ym := month_year_named(ent.text)):
                    named.append((index, *ym))
            index += 1
    for ev in open_events:
        year, month = (int(p) for p in ev.date.split("-")[:2])
        earlier = [y for s, y, m in named if s < ev.sentence and m == month]
        if not earlier or earlier[-1] >= year:
            continue
        _redate(ev, str(earlier[-1]) + ev.date[4:], ev.date_precision, ev.date_text, published)


def _redate(ev: Event, date: str, precision: str, text: str | None,
            published: str | None) -> None:
    """Give ``ev`` a date from the text outside its own phrase (confidence x CONF_DATE); an
    old one makes an asserted or reported event historical."""
    from dotterel.resolve.dates import DateResult, is_historical, validate_iso_date

    if precision == "day":
        try:
            validate_iso_date(date)
        except ValueError:  # 29 February of a year without one
            return
    ev.date, ev.date_precision = date, precision
    ev.date_text = text
    ev.date_source = "text"
    ev.confidence = round(max(0.05, ev.confidence * CONF_DATE), 3)
    result = DateResult(ev.date, ev.date_precision, ev.date_text, source="text")
    if ev.status in ("asserted", "reported") and is_historical(result, published):
        ev.status = "historical"


def _inherit_dates(events: list[Event], by_index: dict[int, _Sentence],
                   published: str | None, victims: list[frozenset[str]]) -> None:
    own = [_text_dated(ev) for ev in events]  # before any inheritance: no chains across rules
    for k, ev in enumerate(events):
        if ev.date_source != "publication" or ev.plover is None:
            continue
        sent = by_index.get(ev.sentence)
        if sent is None:
            continue
        source = None
        for prev in reversed(events[:k]):  # rule 1: the same episode earlier in the paragraph
            ps = by_index.get(prev.sentence)
            if ps is None or ps.para != sent.para:
                break
            if _nouns_own(prev, ev):
                continue
            if _text_dated(prev) and (
                prev.sentence == ev.sentence or _family(prev) == _family(ev)
            ):
                source = prev
                break
        if source is None and not any(_family(p) == _family(ev) for p in events[:k]):
            # rule 2: the first event of its family (a headline, a lede) is dated by the
            # first later event of the family the article dates
            source = next((n for j, n in enumerate(events[k + 1:], k + 1)
                           if own[j] and _family(n) == _family(ev) and not _nouns_own(n, ev)),
                          None)
            if source is not None and source.sentence - ev.sentence > LEDE_REACH:
                # a lede is told again within a few sentences; a date further on belongs
                # to another part of the story (background, history)
                source = None
        if source is None and victims[k]:
            # rule 3: the same victim, dated where the article retells the act (in another
            # sentence, so never a nominal of the event's own)
            retold = [(abs(j - k), j < k, j) for j, n in enumerate(events)
                      if own[j] and n.sentence != ev.sentence and victims[j] & victims[k]]
            source = events[min(retold)[2]] if retold else None
        if source is None:
            continue
        _redate(ev, source.date, source.date_precision, source.date_text, published)


# Words that name no one in particular: two acts against "people" or "them" need not be one.
_VAGUE_WORDS = frozenset(
    "a an the of and or at least more than some any all several many most few dozens "
    "hundreds thousands one two three four five six seven eight nine ten his her their its "
    "our your people person persons man men woman women others other members member group "
    "who whom them they him he she it we us you i me those these this that".split())


def _victim_keys(ev: Event) -> frozenset[str]:
    """The words by which an event's recipients can be recognised when the act is told
    again: the names in them and their head nouns ("Todd Burkhart and Kyla Hayton" ->
    todd, burkhart, kyla, hayton; "the five-year-old girl" -> girl).  Pronouns and vague
    words ("people", "them") recognise no one."""
    keys: set[str] = set()
    for ref in ev.recipient:
        words = [w for w in ref.text.replace("\u2019", "'").split() if w[:1].isalpha()]
        if not words:
            continue
        for i, word in enumerate(words):
            w = word.strip(".,;:'\"()").removesuffix("'s").casefold()
            if w in _VAGUE_WORDS or not w:
                continue
            if word[0].isupper() or i == len(words) - 1:
                keys.add(w)
    return frozenset(keys)


# "killed during the operation": the prepositions by which an act is placed inside an
# episode that "the" refers back to
_WITHIN_PREPS = frozenset({"during", "in", "amid"})
# verbs by which an episode's own time is told: "the operation began on 3 May"
_OCCUR = frozenset({"begin", "start", "happen", "occur", "take", "launch", "erupt", "unfold"})


def _definite_dates(events: list[Event], parsed: ParsedDocument,
                    published: str | None) -> None:
    """Rule 4: an act placed inside an episode by a definite noun ("were killed during the
    operation") takes the date the article gave that noun earlier ("the Dec. 30, 2020
    operation", "a raid on 30 December", "the operation began on 3 May")."""
    from dotterel.resolve.dates import date_within

    nouns: dict[str, list[tuple[int, Paragraph, Token]]] | None = None  # built when needed
    for ev in events:
        if ev.date_source != "publication" or ev.plover is None:
            continue
        found_at = _trigger_token(ev, parsed)
        if found_at is None:
            continue
        para, root = found_at
        episode = next((c for prep in root.children
                        if prep.dep_ == "prep" and prep.lower_ in _WITHIN_PREPS
                        for c in prep.children
                        if c.dep_ == "pobj" and c.pos_ == "NOUN"
                        and any(d.dep_ == "det" and d.lower_ == "the" for d in c.children)),
                       None)
        if episode is None:
            continue
        if nouns is None:
            nouns = {}
            for other in parsed.paragraphs:
                for tok in other.doc:
                    if tok.pos_ == "NOUN":
                        nouns.setdefault(tok.lemma_.lower(), []).append(
                            (other.offset + tok.idx, other, tok))
        here = para.offset + episode.idx
        found = None  # the nearest earlier mention that dates the episode
        for at, other, tok in nouns.get(episode.lemma_.lower(), ()):
            if at >= here:
                break
            lo, hi = tok.left_edge.i, tok.right_edge.i
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in _OCCUR:
                lo, hi = tok.head.left_edge.i, tok.head.right_edge.i  # "began on 3 May"
            before = next((e for e in other.doc.ents if e.end == tok.i), None)
            if before is not None and before.label_ == "DATE":
                lo = min(lo, before.start)  # "the Dec. 30, 2020 operation", parsed apart
            found = date_within(other.doc, lo, hi, published) or found
        if found is not None:
            _redate(ev, found.date, found.precision, found.text, published)


def _trigger_span(ev: Event, parsed: ParsedDocument):
    """``(paragraph, span)``: the paragraph holding ``ev``'s trigger and the trigger's tokens,
    or None when the offsets fall outside the parse."""
    para = next((p for p in reversed(parsed.paragraphs) if p.offset <= ev.trigger.start), None)
    if para is None:
        return None
    span = para.doc.char_span(ev.trigger.start - para.offset, ev.trigger.end - para.offset,
                              alignment_mode="expand")
    return None if span is None or not len(span) else (para, span)


def _trigger_token(ev: Event, parsed: ParsedDocument):
    """``(paragraph, token)``: the paragraph holding ``ev``'s trigger and the trigger's root
    token, or None when the offsets fall outside the parse."""
    found = _trigger_span(ev, parsed)
    return None if found is None else (found[0], found[1].root)


def _act_word(ev: Event, parsed: ParsedDocument) -> str | None:
    """The lemma naming ``ev``'s act: the trigger's root ("killed"), but the event noun of a
    light verb ("carried out the killing": killing), which names the act the verb only does."""
    found = _trigger_span(ev, parsed)
    if found is None:
        return None
    span = found[1]
    if ev.rule.startswith(("light", "verb-object")):
        nouns = [t for t in span if t.pos_ == "NOUN"]
        if nouns:
            return nouns[-1].lemma_.lower()
    return span.root.lemma_.lower()


# Words news uses in turn for one act: "the 2014 abduction" ... "the Sept. 26, 2014 kidnapping".
_ACT_SYNONYMS = {
    **dict.fromkeys(("kidnap", "kidnapping", "abduct", "abduction"), "abduct"),
    **dict.fromkeys(("kill", "killing", "murder", "slay", "slaying", "assassinate",
                     "assassination"), "kill"),
}


def _same_act_word(a: str, b: str) -> bool:
    """Lemmas of one act told as noun and verb ("hijack" / "hijacking", "kill" / "killing")
    or by words of one meaning ("abduction" / "kidnapping", "murder" / "killing")."""
    if a in _ACT_SYNONYMS and _ACT_SYNONYMS[a] == _ACT_SYNONYMS.get(b):
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.startswith(short)


def _refine_years(events: list[Event], acts: dict[int, str], published: str | None,
                  victims: list[frozenset[str]]) -> None:
    """Rule 5: a violent act its own sentence dates only by year ("the 1985 hijacking") takes
    the month or day the article gives the same act in another sentence ("was hijacked in
    Athens on June 14, 1985"): the same year, the same act word or a shared victim."""
    # before rules 1-4 run, every text date is the event's own sentence's
    own = [_text_dated(ev) and ev.quad_class == 4 for ev in events]
    if not any(o and ev.date_precision == "year" for o, ev in zip(own, events, strict=True)):
        return
    lemma = {k: word for k, word in acts.items() if own[k]}
    for k, ev in enumerate(events):
        if ev.date_precision != "year" or k not in lemma:
            continue
        finer = [(abs(n.sentence - ev.sentence), j) for j, n in enumerate(events)
                 if j in lemma and n.sentence != ev.sentence
                 and n.date_precision in ("month", "day") and n.date[:4] == ev.date
                 and (_same_act_word(lemma[j], lemma[k]) or victims[k] & victims[j])]
        if finer:
            source = events[min(finer)[1]]
            year_text = ev.date_text
            _redate(ev, source.date, source.date_precision, source.date_text, published)
            for other in events:  # "tortured and killed him in 2017": one phrase, one episode
                if (other.sentence == ev.sentence and other.date_precision == "year"
                        and other.date_text == year_text and other.quad_class == 4):
                    _redate(other, source.date, source.date_precision, source.date_text,
                            published)
