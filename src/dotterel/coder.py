"""The coder: documents in, events out.

``parse`` turns paragraphs into spaCy Docs; ``extract`` finds triggers, participants, status
and claimant; this module looks up the codes (actors, dates, places) and builds the
``Event`` records, with offsets into ``Document.text``.

    >>> from dotterel.coder import code
    >>> events = code("Israel attacked Iran on Friday.", date="2025-06-16")

``code_documents`` codes many documents in input order, in one process or in a pool of worker
processes that each load the pipeline once (``get_coder``).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from dotterel.extract import Mention, analyse, build_cues, extract_sentence, np_span
from dotterel.extract.arguments import (
    conjuncts,
    entity_span,
    fallback_recipients,
    has_mark,
    is_crowd,
    names_a_count,
    owners_of,
    partners_of,
)
from dotterel.extract.modes import cue_mode
from dotterel.extract.recode import (
    accord_entry,
    considered_entry,
    intent_entry,
    peacekeeping_entry,
    refusal_entry,
)
from dotterel.extract.triggers import PATTERN_CONFIDENCE, carries_claim, cue_indices, select
from dotterel.knowledge.actors import COMBINING_FORMS
from dotterel.models import ActorRef, Document, Event, Location, Span
from dotterel.parse import ParsedDocument, load_pipeline, parse_documents

# How much a status lowers confidence that the event happened as coded.
STATUS_CONFIDENCE = {
    "asserted": 1.0,
    "reported": 0.95,
    "historical": 0.95,
    "negated": 0.9,
    "denied": 0.85,
    "future": 0.8,
    "hedged": 0.75,
    "hypothetical": 0.65,
}


_NAMED_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# A blast is an attack when what blew up was a bomb ("a car bomb exploded", "explosives
# placed on a bicycle detonated"), not a tyre, a gas cylinder or "protests".
_BLAST_VERBS = frozenset({"explode", "detonate"})
# Forces of nature: "areas hit by the earthquake", "the storm killed 12" are disasters, not
# acts of political actors.
_HAZARDS = frozenset({
    "earthquake", "quake", "tremor", "aftershock", "storm", "hurricane", "cyclone", "typhoon",
    "tornado", "flood", "flooding", "tsunami", "drought", "wildfire", "landslide", "mudslide",
    "avalanche", "eruption", "volcano", "heatwave", "blizzard", "lightning", "epidemic",
    "pandemic", "virus", "disease", "famine",
})  # fmt: skip
# Economic and policy abstractions as the agents of violence: "the cuts hit public
# services", "sanctions hit the economy" tell a burden, not an attack.
_ABSTRACT_AGENTS = frozenset({
    "cut", "sanction", "tax", "tariff", "levy", "rise", "increase", "hike", "fall", "drop",
    "price", "cost", "inflation", "recession", "crisis", "slump", "downturn", "crash",
    "slowdown", "shortage", "unemployment", "deficit", "debt", "budget", "policy", "measure",
    "reform", "law", "legislation", "rule", "regulation", "decision", "scandal", "change",
    "trouble", "problem", "difficulty", "bottleneck", "competition", "demand", "consumption",
    "weakness", "strength", "loss", "uncertainty", "volatility", "dip", "economy", "dollar",
    "euro", "currency", "weather",
})  # fmt: skip
# Coercive acts only authorities perform, by the lemma of their trigger, with the sector of
# the authority they imply when the text names no agent ("two journalists were arrested").
STATE_ACTS = {
    **dict.fromkeys(("arrest", "detain", "detention", "apprehend", "apprehension"), "COP"),
    **dict.fromkeys(("sentence", "convict", "conviction", "indict", "indictment", "jail",
                     "imprison", "imprisonment", "incarcerate", "incarceration", "prosecute",
                     "prosecution"), "JUD"),
    **dict.fromkeys(("deport", "deportation", "extradite", "extradition"), "GOV"),
}
_FALLBACK_TRIES = 12  # candidate heads tried for a recipient the object does not name
POOL_CHUNK = 8  # documents per task when coding in a pool of processes


class Coder:
    """One loaded pipeline, lexicon and knowledge base; codes parsed documents."""

    def __init__(self, actor_files: tuple[str, ...] = (), lexicon_files: tuple[str, ...] = ()):
        from dotterel.knowledge.lexicon import get_lexicon

        self.actor_files = tuple(actor_files)
        self.lexicon_files = tuple(lexicon_files)
        self.nlp = load_pipeline(self.actor_files)
        self.lexicon = get_lexicon(self.lexicon_files)
        self.cues = build_cues(self.nlp)
        from dotterel.knowledge.actors import get_actor_kb

        self.actor_kb = get_actor_kb(self.actor_files)

    # ------------------------------------------------------------------ entry points
    def code_batch(self, docs: Sequence[Document], batch_size: int = 32) -> list[list[Event]]:
        """Events for each document, in order."""
        return [
            self.code_parsed(p)
            for p in parse_documents(docs, self.nlp, batch_size=max(1, batch_size))
        ]

    def code_parsed(self, parsed: ParsedDocument) -> list[Event]:
        """Events of one parsed document, in text order."""
        from dotterel.resolve.actors import Coref

        document = parsed.document
        coref = Coref()
        events: list[Event] = []
        index = 0
        for para in parsed.paragraphs:
            for sent in para.doc.sents:
                events.extend(self._code_sentence(sent, index, para.offset, document, coref))
                # remember every actor the sentence names, for "it" and "the country" later
                coref.observe_entities(sent, document.published, self.actor_kb)
                index += 1
        from dotterel.resolve.context import apply_document_context

        # places and dates the sentences leave out, from the rest of the document
        return apply_document_context(events, parsed, document.published)

    # ------------------------------------------------------------------ one sentence
    def _code_sentence(
        self, sent: SpacySpan, index: int, offset: int, document: Document, coref
    ) -> list[Event]:
        mentions = extract_sentence(sent, self.lexicon, self.cues)
        if not mentions:
            return []
        infos = [analyse(m.anchor, self.cues, m.governor) for m in mentions]
        coded: list[tuple[Mention, Event]] = []
        for m, info in select(mentions, infos, self.cues):
            # "accused Israel of attacking ...": the act an accusation alleges is its content
            m.alleged = info.why is not None and info.why.startswith("accused:")
            m.entry = peacekeeping_entry(m.entry, m.anchor)
            m.entry = accord_entry(m.entry, m.anchor)
            if info.considered:
                m.entry = considered_entry(m.entry)  # "is considering sending aid"
            elif info.status in ("future", "hypothetical") and info.why != "condition":
                m.entry = intent_entry(m.entry)  # "will allow" -> intent, "would bomb" -> threat
            elif info.refusal:
                # "will not release" -> refuse to yield; "declined to comment" -> 011; the
                # lexicon's refusal table decides which acts have such a parallel
                refused = refusal_entry(m.entry)
                if refused is not m.entry:
                    m.entry = refused
                    info.status = "reported" if info.claimant is not None else "asserted"
            ev = self._event(sent, index, offset, document, coref, m, info,
                             _other_event_nouns(m, mentions))
            if ev is not None:
                coded.append((m, ev))
        if not coded:
            # "Hun Many rejected accusation he is involved in the beating": a statement gave
            # way to the claim it carries; when that claim names no political actor and the
            # sentence codes nothing else, a statement of its own kind (here a denial, 016;
            # not a plain "said", 010) is the sentence's event after all
            carriers = cue_indices(infos)
            for m, info in zip(mentions, infos, strict=True):
                if carries_claim(m, carriers) and m.entry.cameo != "010":
                    ev = self._event(sent, index, offset, document, coref, m, info)
                    if ev is not None:
                        coded.append((m, ev))
        return _foreground(coded)

    def _event(self, sent, index, offset, document, coref, m: Mention, info,
               event_nouns: frozenset[int] = frozenset()) -> Event | None:
        from dotterel.resolve.dates import is_historical, resolve_date
        from dotterel.resolve.places import resolve_place

        if m.entry.quad_class == 4 and m.actors and all(
                h.lemma_.lower() in _HAZARDS or (
                    m.entry.plover == "ASSAULT" and h.lemma_.lower() in _ABSTRACT_AGENTS)
                for h in m.actors):
            # a disaster's toll or a policy's burden, not an attack ("the law bans" stays
            # the state's coercion)
            return None
        if _harmless_blast(m.anchor):
            return None
        published = document.published
        date = resolve_date(sent, m.anchor, published, event_nouns)
        if date.source != "text":
            date = _bound_date(sent, m.governor or m.anchor, published) or date
        claimant = None
        if info.claimant is not None:  # first: "Switzerland said it had expelled ..."
            claimant = self._actors(info.claimant, date.date, coref, offset)[0]
        actors = [a for h in m.actors
                  for a in self._actors(h, date.date, coref, offset, h.i in m.solo)]
        if m.entry.plover == "PROTEST":
            # "Thousands marched in Paris": a crowd counted, not named, is civilians ("six of
            # the seven victors marched out of the gate" is no crowd)
            for a, h in zip(actors, m.actors, strict=False):
                if not a.code and not a.sector and is_crowd(h):
                    a.sector = "CVL"
        implied_sector = STATE_ACTS.get(m.anchor.lemma_.lower())
        if not actors and implied_sector and m.entry.plover in ("COERCE", "ASSAULT"):
            # "two journalists were arrested": the act implies the authorities
            trig = sent.doc[m.trigger_start : m.trigger_end]
            actors = [ActorRef(text=trig.text, start=offset + trig.start_char,
                               end=offset + trig.end_char, sector=implied_sector,
                               name="authorities (implied by the act)", implied=True)]
        recipients: list[ActorRef] = []
        places: list[ActorRef] = []  # recipients named by a place name ("in Algiers")
        where: list[ActorRef] = []  # ... of them, those a locative preposition introduced
        for h in m.recipients:
            refs = self._actors(h, date.date, coref, offset, h.i in m.solo,
                                keep_unresolved=h.i not in m.weak, role="recipient")
            recipients += refs
            if h.ent_type_ in ("GPE", "LOC", "FAC"):
                places += [r for r in refs if r.code]
                if h.i in m.weak:
                    where += refs
        _share_codes(actors)  # "Israeli helicopters and tanks": the tanks are Israeli too
        _share_codes(recipients)
        has_code = any(a.code for a in actors) or any(r.code for r in recipients)
        placeable = any(a.sector and not a.code for a in actors + recipients)
        violent = m.entry.quad_class == 4
        if violent and not any(a.code or a.sector for a in actors):
            placeable = placeable or bool(actors)  # "a roadside bombing near Samarra killed"
            # "a car bomb detonated in central Baghdad": a bombing is an attack wherever it
            # happens, whoever set it off
            placeable = placeable or (m.entry.cameo or "").startswith("183")
        # An actor the text names (a person, an organisation) or places in a sector ("the
        # governor's office", "police") makes an event even without a country code; a bare
        # passive with an unknown patient ("New commanders were appointed") does not.
        named_actor = any(a.sector for a in actors) or any(
            h.ent_type_ in _NAMED_ENTS for h in m.actors
        )
        if not named_actor and m.entry.quad_class == 4:
            # violence against someone the text names or places ("two soldiers were
            # killed", "the journalist was arrested") is an event even without an agent
            named_actor = any(r.sector for r in recipients) or any(
                h.ent_type_ in _NAMED_ENTS or names_a_count(h) for h in m.recipients
            )
        exclude = [(a.start - offset, a.end - offset) for a in actors + recipients]
        place = None
        if not has_code and not placeable and not named_actor:
            if not (violent and m.pattern == "passive" and m.recipients
                    and all(h.tag_ in ("PRP", "NNP") for h in m.recipients)):
                return None  # no known participant: not an event between political actors
            # "He was later captured in Pakistan": a person the act befell, in a country the
            # sentence names
            place = resolve_place(sent, m.anchor, exclude)
            low, high = m.anchor.left_edge, m.anchor.right_edge
            if (place is None or not place.country or place.start is None
                    or not low.idx <= place.start < high.idx + len(high)):
                return None  # a place told elsewhere in the sentence says nothing of this act
            named_actor = True
        place = place or resolve_place(sent, m.anchor, exclude)
        if placeable and place is not None and place.country:
            # "protesters marched in Nairobi": a sector without a country takes the country of
            # the place where it acted
            for side in (actors, recipients):
                if not any(ref.code for ref in side):
                    for ref in side:
                        if ref.sector or (violent and side is actors):
                            ref.code = place.country
            has_code = True
        if not has_code and not named_actor:
            return None
        if any(a.sector and not a.code for a in actors) and not any(a.code for a in actors):
            # "President Bouteflicka threatened to impose a curfew in Algiers": an office
            # holder the knowledge base does not know belongs where the act is aimed
            if len({r.code for r in places}) == 1:
                for a in actors:
                    if a.sector and not a.code:
                        a.code = places[0].code
        if (not any(r.code for r in recipients) and not m.reciprocal
                and not getattr(m.entry, "roles_reversed", False)):
            # the object names no known actor ("blocked roads ... to press their demands
            # from President Bouteflika's government"): the nearest actor the trigger governs
            recipients += self._fallback_recipient(m, actors, date.date, coref, offset)
        if recipients and _self_directed(actors, recipients):
            # the same actor on both sides ("upgraded their ties", "its partners"): the
            # recipient phrase only points back at the actor
            recipients = [r for r in recipients if r.code is None or any(r is p for p in places)]
        person_target = any(h.ent_type_ == "PERSON" for h in m.recipients)
        if where and (any(r.sector for r in recipients if not any(r is w for w in where))
                      or person_target):
            # "arrested a pastor in Hunan", "arrested Hassan Farouk in Cairo": the act has a
            # target of its own, so the place it happened in says where, not whom
            recipients = [r for r in recipients if not any(r is w for w in where)]
        if getattr(m.entry, "roles_reversed", False):
            actors, recipients = recipients, actors
        status = info.status
        if status in ("asserted", "reported") and is_historical(date, published):
            status = "historical"
        location = None
        if place is not None and place.start is not None:
            location = Location(
                text=place.text, start=place.start + offset, end=place.end + offset,
                name=place.name, geonameid=place.geonameid, country=place.country,
                lat=place.lat, lon=place.lon,
            )
            if (place.country and not m.reciprocal and m.entry.quad_class != 0
                    and not any(r.code for r in recipients) and not person_target
                    and not any(a.code == place.country and a.sector == "GOV" for a in actors)):
                # an act with no named target is aimed at the place where it happens: a
                # protest at its authorities, a blockade or a curfew at its people
                recipients = recipients + [ActorRef(text=location.text, start=location.start,
                                                    end=location.end, code=place.country)]
        doc = sent.doc
        trig = doc[m.trigger_start : m.trigger_end]
        entry = m.entry
        return Event(
            doc_id=document.id,
            sentence=index,
            quote=sent.text,
            trigger=Span(text=trig.text, start=offset + trig.start_char, end=offset + trig.end_char),
            plover=entry.plover,
            mode=_mode(entry, trig, m.actors),
            context=list(getattr(entry, "context", ()) or ()),
            cameo=entry.cameo,
            quad_class=entry.quad_class if entry.quad_class is not None else _quad(entry.cameo),
            intensity=entry.intensity,
            actor=actors,
            recipient=recipients,
            date=date.date,
            date_precision=date.precision,
            date_text=date.text,
            date_source=date.source,
            location=location,
            status=status,
            claimant=claimant,
            confidence=_confidence(m, status, actors, recipients),
            rule=m.rule,
        )

    def _fallback_recipient(self, m: Mention, actors: list[ActorRef], date: str | None, coref,
                            offset: int) -> list[ActorRef]:
        exclude = set(range(m.trigger_start, m.trigger_end))
        for h in m.actors:
            span = np_span(h)
            exclude.update(range(span.start, span.end))
        sides = {(a.code, a.sector) for a in actors if a.code}
        for h in fallback_recipients(m.anchor, exclude)[:_FALLBACK_TRIES]:
            refs: list[ActorRef] = []
            have = set(sides)
            for name in conjuncts(h):  # "the agreement between Saudi Arabia and Yemen": each
                for r in self._actors(name, date, coref, offset, keep_unresolved=False,
                                      role="recipient"):
                    if r.code and (r.code, r.sector) not in have:
                        refs.append(r)
                        have.add((r.code, r.sector))
                if not refs:
                    break  # the first name resolves to no one: try the next candidate
            if refs:
                return refs
        return []

    def _actors(self, head: Token, date: str | None, coref, offset: int, solo: bool = False,
                keep_unresolved: bool = True, role: str = "actor") -> list[ActorRef]:
        """The phrase headed by ``head`` as actor references: one per actor it names ("both
        countries" names two), or one without a code."""
        from dotterel.resolve.actors import resolve_actors

        if solo and head.lower_ in COMBINING_FORMS:  # "Indo" of "the Indo-Pakistani war"
            entry = self.actor_kb.entries.get(f"country:{COMBINING_FORMS[head.lower_]}")
            if entry is not None:
                start = offset + head.idx
                return [ActorRef(text=head.text, start=start, end=start + len(head.text),
                                 code=entry.code, name=entry.name)]
        span = entity_span(head) if solo else np_span(head)
        matches = resolve_actors(span, date, coref, self.actor_kb)
        if (not solo and matches and all(mt.sector and not mt.code for mt in matches)
                and (places := _places_of_people(head)) is not None):
            # "lawmakers in France and Germany": the people of each place named
            wider = resolve_actors(head.doc[span.start : places + 1], date, coref,
                                   self.actor_kb)
            if sum(1 for mt in wider if mt.code) > 1:
                matches = wider
        if not any(mt.code for mt in matches) and head.pos_ == "NOUN" and not head.ent_type_:
            # "Iran's response", "the response of Iran", "calls by Kofi Annan", "an offer
            # from Afghanistan": whose act the phrase names
            candidates = owners_of(head) + (partners_of(head) if not keep_unresolved or
                                             role == "recipient" else [])
            matches = self._first_coded(candidates, date, coref) or matches
        if not any(mt.code for mt in matches):
            # "Salaheddine Sidhoum, Algeria's leading human rights activist": the apposition
            # says who an unknown name is
            appositions = [c for c in head.children if c.dep_ == "appos"]
            matches = self._first_coded(appositions, date, coref) or matches
        start, end = offset + span.start_char, offset + span.end_char
        if not keep_unresolved:
            matches = [m for m in matches if m.code is not None]
        if not matches:
            if not keep_unresolved:
                return []
            return [ActorRef(text=span.text, start=start, end=end)]
        refs = []
        for m in matches:
            # "The Pentagon said it hit ...": the antecedent's words name the actor, not "it"
            a, b, text = m.antecedent or (span.start_char, span.end_char, span.text)
            refs.append(ActorRef(text=text, start=offset + a, end=offset + b, code=m.code,
                                 sector=m.sector, name=m.name))
        return refs

    def _first_coded(self, heads: list[Token], date: str | None, coref) -> list:
        """The matches of the first phrase among ``heads`` that names a coded actor, else []."""
        from dotterel.resolve.actors import resolve_actors

        for head in heads:
            found = resolve_actors(np_span(head), date, coref, self.actor_kb)
            if any(mt.code for mt in found):
                # "ties with Mordor, Rohan and Bree": each coordinated name
                have = {mt.code for mt in found}
                for other in conjuncts(head)[1:]:
                    more = resolve_actors(entity_span(other), date, coref, self.actor_kb)
                    found += [mt for mt in more if mt.code and mt.code not in have]
                    have |= {mt.code for mt in more}
                return found
        return []


def _places_of_people(head: Token) -> int | None:
    """The last token of "in X and Y" on a people noun ("lawmakers in France and Germany")
    when it names several places, else None (one place is the event's, told by its location)."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "from"):
            for obj in prep.children:
                if (obj.dep_ == "pobj" and obj.ent_type_ in ("GPE", "LOC")
                        and len(conjuncts(obj)) > 1):
                    return prep.right_edge.i
    return None


def _harmless_blast(verb: Token) -> bool:
    """Whether ``verb`` tells something blowing up that is no explosive ("a gas cylinder
    exploded", "protests exploded"): a blast verb with no object whose subject names none."""
    if verb.lemma_.lower() not in _BLAST_VERBS or any(c.dep_ == "dobj" for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    # the subject's words name no means of attack (the modes' cues: a bomb, explosives, a
    # rocket, a suicide bomber)
    return bool(subjects) and cue_mode("ASSAULT", (), subjects) is None


_AFTER_PREPS = frozenset({"after", "following", "upon", "since"})


def _bound_date(sent: SpacySpan, anchor: Token, published: str | None):
    """"recognized Pakistan after its independence in 1947": when nothing dates the event
    itself, the date of the episode it follows is the best estimate of its own."""
    tok = anchor
    for _ in range(4):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _AFTER_PREPS:
                for obj in c.children:
                    if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN"):
                        bound = _date_within(sent, obj, published)
                        if bound is not None:
                            return bound
                # "after its independence in 1947" with "in 1947" hung on the verb
                nxt = c.right_edge.i + 1
                if nxt < sent.end and sent.doc[nxt].lower_ == "in" and sent.doc[nxt].head.i == tok.i:
                    bound = _date_within(sent, sent.doc[nxt], published)
                    if bound is not None:
                        return bound
        if tok.head.i == tok.i or tok.dep_ not in ("acl", "relcl", "attr", "xcomp", "conj"):
            break
        tok = tok.head
    return None


def _date_within(sent: SpacySpan, phrase: Token, published: str | None):
    """The first date phrase inside ``phrase`` ("its independence in 1947"), resolved."""
    from dotterel.resolve.dates import date_within

    return date_within(sent.doc, phrase.left_edge.i, phrase.right_edge.i, published)


def _share_codes(refs: list[ActorRef]) -> None:
    """Coordinated phrases on one side share the country a sibling names."""
    code = next((r.code for r in refs if r.code), None)
    if code is None:
        return
    for r in refs:
        if r.code is None and r.sector:
            r.code = code


def _self_directed(actors: list[ActorRef], recipients: list[ActorRef]) -> bool:
    """Every recipient is one of the actors (same code and sector), e.g. "Israeli warplanes"
    shooting down "Israeli warplanes" after a pronoun resolved to the wrong side."""
    sides = {(a.code, a.sector) for a in actors if a.code}
    return bool(sides) and all((r.code, r.sector) in sides for r in recipients)


def _other_event_nouns(m: Mention, mentions: list[Mention]) -> frozenset[int]:
    """The sentence's nominal events other than ``m`` and the means it is linked to: a date
    in their phrases is theirs ("indicted for his role in her killing on Dec. 31")."""
    return frozenset(n.anchor.i for n in mentions
                     if n.pattern == "nominal" and n is not m and n.linked is not m
                     and m.linked is not n)


def _background(m: Mention) -> bool:
    """Told in passing: a nominal event, the act an accusation alleges ("accused Israel of
    attacking ..."), or a verb inside a relative, adverbial or participial clause ("... after
    an air strike on a building where they were holding a meeting")."""
    return m.pattern == "nominal" or m.alleged or _subordination(m.governor or m.anchor) > 0


def _foreground(coded: list[tuple[Mention, Event]]) -> list[Event]:
    """The events a sentence reports, without the ones it only mentions in passing.

    A sentence keeps its most confident event and every event of a main clause (coordinated
    main clauses each report one); background events (nominals, subordinate clauses) stay
    only when the sentence has no foreground event of its own, when they are the means of
    a kept event ("normalization ..., achieved through the mediation of China"), or when
    they are the crime a kept coercive act answers ("jailed for the 2017 killing of ..."),
    or when they tell who did a kept violent act that names no doer ("were killed when
    police opened fire").  ``DOTTEREL_EVENTS=all`` in the environment keeps every event instead.
    """
    if len(coded) <= 1 or os.environ.get("DOTTEREL_EVENTS") == "all":
        return [ev for _m, ev in coded]
    top = max(range(len(coded)), key=lambda k: coded[k][1].confidence)
    fg = {k for k, (m, _ev) in enumerate(coded) if not _background(m)}
    keep = fg | {top}
    if not fg:
        keep = set(range(len(coded)))
    for k, (m, ev) in enumerate(coded):
        if k not in keep and _dated_apart(m, ev, [coded[j][1] for j in keep]):
            keep.add(k)
    kept_mentions = {id(coded[k][0]) for k in keep}
    for k, (m, _ev) in enumerate(coded):
        if m.linked is not None and id(m.linked) in kept_mentions:
            keep.add(k)
    for k, (m, ev) in enumerate(coded):
        for j, (act, act_ev) in enumerate(coded):
            if j in keep and j != k and (_crime_of(m, ev, act, act_ev)
                                         or _violent_circumstance(m, ev, act, act_ev)
                                         or _violent_result(m, ev, act, act_ev)):
                keep.add(k)
    return [ev for k, (_m, ev) in enumerate(coded) if k in keep]


def _violent_circumstance(m: Mention, ev: Event, kept: Mention, kept_ev: Event) -> bool:
    """Whether ``m`` is the violent act, with a known doer, in whose course the actorless
    violent event ``kept`` happened: "Ten people were killed when police opened fire on the
    rioters" keeps the shooting, which says who did it."""
    if ev.quad_class != 4 or kept_ev.quad_class != 4 or kept_ev.actor:
        return False
    if not any(a.code or a.sector for a in ev.actor):
        return False
    return _adverbial_on(m, kept) is not None


def _adverbial_on(m: Mention, kept: Mention) -> Token | None:
    """The adverbial clause ``m`` is told in when it hangs on ``kept``'s verb (through the
    clauses coordinated with it: "killing ten and *wounding* 32"), else None."""
    clause = m.governor or m.anchor
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    hangs = clause.dep_ == "advcl" and clause.head.i == (kept.governor or kept.anchor).i
    return clause if hangs else None


def _dated_apart(m: Mention, ev: Event, kept: list[Event]) -> bool:
    """Whether ``m`` is a violent act told in a relative clause or a participle on a noun
    that dates it apart from every kept event: "freed the girls who were *kidnapped* from a
    school on Friday", "the seven activists *arrested* in December 2020" report that act
    too.  A nominal ("condemned an attack on Thursday") or an adverbial clause ("after it
    conducted a nuclear test in January") stays the kept event's occasion."""
    if ev.quad_class != 4 or ev.date_source != "text" or not ev.date_text \
            or m.pattern == "nominal":
        return False
    clause = m.governor or m.anchor
    if clause.dep_ not in ("relcl", "acl"):
        return False
    words = clause.doc[clause.left_edge.i : clause.right_edge.i + 1].text
    return ev.date_text in words and all(k.date != ev.date for k in kept)


def _violent_result(m: Mention, ev: Event, kept: Mention, kept_ev: Event) -> bool:
    """Whether ``m`` is a violent act told as the outcome or the course of the kept violent
    act, by a participle hung on its verb: "A bomber blew himself up at a bus station,
    *killing* ten people and *wounding* 32"; "launched an assault on the city, *targeting*
    the airport".  The victims and the target are in the participle, so it is an event of
    its own.  An act of another type stays in the background ("opened fire on the crowd,
    killing one and *arresting* 12": PLOVER GSR codes the sentence's assault alone)."""
    if ev.quad_class != 4 or ev.plover != kept_ev.plover:
        return False
    clause = _adverbial_on(m, kept)
    return clause is not None and clause.tag_ == "VBG" and not has_mark(clause)


# "jailed for the 2017 killing of a journalist", "arrested over the murder of ...": the
# crime a judicial or police act answers ("arrested in the slaying of ...") is an event of
# its own, earlier and elsewhere
CRIME_PREPS = frozenset({"for", "over", "in"})
_SHARE_NOUNS = frozenset({"role", "part", "involvement", "participation", "complicity"})


def _crime_of(m: Mention, ev: Event, act: Mention, act_ev: Event) -> bool:
    """Whether nominal or gerund ``m`` is the crime the coercive act ``act`` answers ("jailed
    for the 2017 killing of ...", "arrested a man for killing his wife")."""
    if ev.plover != "ASSAULT" or act_ev.plover != "COERCE":
        return False
    noun = m.anchor
    if noun.dep_ not in ("pobj", "pcomp") or noun.head.lower_ not in CRIME_PREPS:
        return False
    above = noun.head.head
    if above.lemma_.lower() in _SHARE_NOUNS and above.dep_ == "pobj" \
            and above.head.lower_ in CRIME_PREPS:
        above = above.head.head  # "indicted for their role in her killing"
    return above.i == act.anchor.i


def _mode(entry, trigger: SpacySpan, actors: list[Token]) -> str | None:
    """The entry's mode, else the one the means named around the trigger say (``cue_mode``).
    Where a PETRARCH pattern chose its code by the victims ("kill + civilians" -> 202, mass
    killing), the means the text names ("in a suicide car bombing") say more.  CAMEO 183 is
    any non-military bombing, which the CAMEO-to-PLOVER table calls a suicide attack: the
    words decide ("a car bomb exploded" is explosives), and the actor's own words keep a
    suicide attack ("a suicide bomber detonated his vest")."""
    cue = cue_mode(entry.plover, trigger, actors)
    if entry.mode is None:
        return cue
    if cue is not None and entry.source == "cameo2" and getattr(entry, "object_lemmas", ()):
        return cue
    if (entry.cameo == "183" and cue is not None
            and cue_mode(entry.plover, (), actors) != entry.mode):
        return cue
    return entry.mode


def _subordination(tok: Token) -> int:
    """How many relative / adverbial / participial clauses the trigger sits in."""
    n = 0
    for _ in range(12):
        if tok.dep_ in ("relcl", "acl", "advcl"):
            n += 1
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return n


def _quad(cameo: str) -> int:
    from dotterel.knowledge.lexicon import cameo_quad_class

    return cameo_quad_class(cameo)


def _confidence(m: Mention, status: str, actors: list[ActorRef], recipients: list[ActorRef]) -> float:
    c = PATTERN_CONFIDENCE.get(m.pattern, 0.5)
    if m.subject_how not in ("own", ""):
        c -= 0.1  # subject inherited through control, coordination or a participle
    if m.object_shared:
        c -= 0.05  # "raped and killed dozens of women": the object hangs on the last verb
    if not any(a.code for a in actors):
        c -= 0.15
    if recipients and not any(r.code for r in recipients):
        c -= 0.05
    c *= STATUS_CONFIDENCE.get(status, 0.8)
    c *= 0.9 ** _subordination(m.governor or m.anchor)  # background events in side clauses
    return round(min(0.99, max(0.05, c)), 3)


# ---------------------------------------------------------------------- module-level API
@lru_cache(maxsize=4)
def get_coder(actor_files: tuple[str, ...] = (), lexicon_files: tuple[str, ...] = ()) -> Coder:
    """The coder for these user files, loaded once per process."""
    return Coder(tuple(actor_files), tuple(lexicon_files))


def code(
    text: str,
    date: str | None = None,
    doc_id: str | None = None,
    actor_files: tuple[str, ...] = (),
    lexicon_files: tuple[str, ...] = (),
) -> list[Event]:
    """Events in one text.  ``date`` is its publication date (YYYY-MM-DD), used to resolve
    relative dates ("on Friday") and to tell historical events."""
    if not isinstance(text, str):
        raise TypeError(f"code(): text must be a str, not {type(text).__name__}")
    if date is not None:
        from dotterel.resolve.dates import validate_iso_date

        validate_iso_date(date)
    document = Document(id=doc_id or "text", text=text, published=date)
    events = get_coder(tuple(actor_files), tuple(lexicon_files)).code_batch([document])[0]
    if doc_id is None:
        for ev in events:
            ev.doc_id = None
    return events


def code_documents(
    docs: Iterable[Document],
    actor_files: tuple[str, ...] = (),
    n_process: int = 1,
    batch_size: int = 32,
    lexicon_files: tuple[str, ...] = (),
) -> Iterator[tuple[Document, list[Event]]]:
    """``(document, events)`` for each document, in input order.

    ``n_process > 1`` codes batches in a pool of worker processes, each loading the pipeline
    once; tasks are chunks of at most ``POOL_CHUNK`` documents and at most four per worker are
    in flight, so the workers stay evenly loaded and memory stays bounded on any corpus.
    """
    actor_files, lexicon_files = tuple(actor_files), tuple(lexicon_files)
    if n_process > 1:
        # small chunks keep the workers evenly loaded (the last chunks would otherwise leave
        # one worker idle while the other finishes a whole batch)
        batch_size = min(batch_size, POOL_CHUNK)
    batches = _batches(docs, max(1, batch_size))
    if n_process <= 1:
        coder = get_coder(actor_files, lexicon_files)
        for batch in batches:
            yield from zip(batch, coder.code_batch(batch, batch_size), strict=True)
        return
    if sys.platform.startswith("linux"):
        # Load once here and fork: the workers share the loaded pipeline, lexicon and
        # gazetteers copy-on-write instead of each loading them again (as spaCy's own
        # nlp.pipe(n_process=...) does).
        get_coder(actor_files, lexicon_files)
        ctx = multiprocessing.get_context("fork")
    else:
        ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(n_process, initializer=_init_worker, initargs=(actor_files, lexicon_files)) as pool:
        window: deque = deque()
        for batch in batches:
            window.append((batch, pool.apply_async(_code_batch_in_worker, (batch,))))
            if len(window) >= 4 * n_process:
                done, result = window.popleft()
                yield from zip(done, result.get(), strict=True)
        while window:
            done, result = window.popleft()
            yield from zip(done, result.get(), strict=True)


def default_processes(n_docs: int) -> int:
    """One process per core for corpora big enough to repay the pipeline loads."""
    if n_docs < 64:
        return 1
    return max(1, min(os.cpu_count() or 1, n_docs // 32))


_WORKER_FILES: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


def _init_worker(actor_files: tuple[str, ...], lexicon_files: tuple[str, ...]) -> None:
    global _WORKER_FILES
    _WORKER_FILES = (actor_files, lexicon_files)
    get_coder(actor_files, lexicon_files)


def _code_batch_in_worker(batch: list[Document]) -> list[list[Event]]:
    return get_coder(*_WORKER_FILES).code_batch(batch, len(batch))


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        if not isinstance(item, Document):
            raise TypeError(f"code_documents(): expected Document, got {type(item).__name__}")
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
