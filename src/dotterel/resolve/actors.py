"""resolve: an actor phrase (a spaCy span) -> code, sector and the words that named it.

``resolve_actor(span, date, coref)`` reads the phrase's dependency structure:

- the head word is a known name ("Netanyahu", "the UN Security Council", "Islamabad",
  "the Zionist regime"): the entry's code, and its sector on ``date`` (people hold dated roles;
  a capital used as a metonym speaks for the government);
- the head is a common noun ("missiles", "foreign minister", "researcher"): the sector comes
  from the noun, the code from a name modifying it ("Iranian missiles" -> IRN MIL,
  "Pakistan's foreign minister" -> PAK GOV, "officials from Iran" -> IRN GOV);
- the head is a person the knowledge base does not know: what the phrase says about them
  ("Sara Malik from the Institute of Strategic Studies in Islamabad" -> PAK EDU);
- pronouns and definite descriptions ("its", "the country", "this regime", "both countries")
  go to ``Coref``, the per-document memory of actors mentioned so far.

Everything is dictionary lookups on the parse: no model runs here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from dotterel.extract.arguments import conjuncts
from dotterel.knowledge.actors import (
    CAPITAL,
    PLACE,
    ActorEntry,
    ActorKB,
    AliasHit,
    get_actor_kb,
    normalize,
)

# Dependencies that leave the actor's own phrase: coordination, clauses, asides.
_SKIP_DEPS = {"conj", "cc", "relcl", "acl", "advcl", "parataxis", "punct", "preconj", "mark"}
# Modifiers that may name whose thing the head is.
_OWNER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod", "nummod", "det"}
# Prepositions that tie a head to its owner ("officials from Iran", "the army of Pakistan").
_OWNER_PREPS = ("of", "from", "in", "at", "for", "with", "to")
_PRONOUNS_THING = {"it", "its", "itself", "they", "them", "their", "theirs", "themselves"}
_PRONOUNS_PERSON = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
_SKIP_PRONOUNS = {"i", "me", "my", "we", "us", "our", "you", "your", "who", "whom", "which",
                  "that", "this", "these", "those", "one", "someone", "anyone", "everyone"}
# Definite descriptions Coref resolves: head noun -> (wanted kind, sector it implies)
_DESCRIPTIONS = {
    "country": ("country", None), "nation": ("country", None), "state": ("country", None),
    "republic": ("country", None), "kingdom": ("country", None),
    "regime": ("country", "GOV"), "government": ("country", "GOV"),
    "administration": ("country", "GOV"), "leadership": ("country", "GOV"),
    "authorities": ("country", "GOV"), "authority": ("country", "GOV"),
    "capital": ("country", "GOV"),
    "group": ("group", None), "movement": ("group", None), "organisation": ("org", None),
    "organization": ("org", None), "body": ("org", None), "agency": ("org", None),
    "alliance": ("org", None), "bloc": ("org", None),
    "side": ("any", None), "party": ("any", None),
}
_DEFINITE = {"the", "this", "that", "these", "those", "both"}


@dataclass
class ActorMatch:
    """A resolved actor.  ``start``/``end`` are character offsets in ``span.doc``."""

    code: str | None
    sector: str | None
    name: str | None
    start: int
    end: int
    text: str
    entry_key: str | None = None
    kind: str | None = None  # entry kind: country, person, igo, group, framing ...
    framing: str | None = None  # e.g. "delegitimizing" for "the Zionist regime"
    via: str = "name"  # name | modifier | description | coref
    # for a pronoun whose antecedent stands earlier in the same sentence: its offsets and text
    antecedent: tuple[int, int, str] | None = None

    @property
    def cameo(self) -> str | None:
        """CAMEO-style actor code: code followed by sector ("IRNMIL")."""
        if self.code is None:
            return None
        return self.code + (self.sector or "")


class Coref:
    """Per-document memory of the actors mentioned so far, most recent last.

    ``observe(match)`` records a resolved actor; ``resolve(kind, n)`` gives the latest ``n``
    distinct actors of a kind ("country", "person", "group", "org", "thing", "any").
    ``resolve_actor`` observes what it resolves by name, and consults the memory for
    pronouns ("it", "its", "they", "he") and definite descriptions ("the country",
    "this regime", "both countries" -> two).
    """

    def __init__(self, size: int = 12) -> None:
        self.size = size
        self._seen: list[ActorMatch] = []

    def observe(self, match: ActorMatch | None) -> None:
        if match is None or match.code is None or match.via == "coref":
            return
        if self._seen and self._seen[-1].entry_key == match.entry_key \
                and self._seen[-1].code == match.code:
            self._seen[-1] = match
            return
        self._seen.append(match)
        del self._seen[:-self.size]

    def observe_entities(self, span: Span, date: str | None = None,
                         kb: ActorKB | None = None) -> None:
        """Record every known actor named in ``span`` (e.g. each sentence), in text order."""
        kb = kb or get_actor_kb()
        for ent in span.ents:
            if ent.label_ not in ("GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"):
                continue
            match = _match_entity(ent, date, kb, self)
            if match is not None and match.code is not None:
                self.observe(match)

    def resolve(self, kind: str = "any", n: int = 1) -> list[ActorMatch]:
        out: list[ActorMatch] = []
        codes: set[str | None] = set()
        for m in reversed(self._seen):
            if not _kind_fits(m.kind, kind) or m.code in codes:
                continue
            out.append(m)
            codes.add(m.code)
            if len(out) == n:
                break
        return out

    def clear(self) -> None:
        self._seen.clear()


def _kind_fits(have: str | None, want: str) -> bool:
    if want == "any":
        return True
    if want == "person":
        return have == "person"
    if want == "thing":
        return have != "person"
    if want == "country":
        return have in ("country", "framing", "country-alias")
    if want == "group":
        return have in ("group", "institution")
    if want == "org":
        return have in ("igo", "ngo", "group", "institution")
    return have == want


def sector_for_noun(lemma: str, kb: ActorKB | None = None) -> str | None:
    """Sector a head noun denotes ('minister' -> GOV, 'drones' -> MIL, 'researcher' -> EDU)."""
    return (kb or get_actor_kb()).sector_for_noun(lemma)


def resolve_actor(span: Span, date: str | None = None, coref: Coref | None = None,
                  kb: ActorKB | None = None) -> ActorMatch | None:
    """The actor ``span`` names, or None.  See the module docstring for the rules.

    ``kb`` defaults to the built-in knowledge base; pass ``get_actor_kb(files)`` when user
    actor files are in use.  When ``coref`` is given, an actor resolved by name is recorded.
    """
    found = resolve_actors(span, date, coref, kb)
    return found[0] if found else None


def resolve_actors(span: Span, date: str | None = None, coref: Coref | None = None,
                   kb: ActorKB | None = None) -> list[ActorMatch]:
    """Like ``resolve_actor``, but a plural description ("both countries") gives each."""
    kb = kb or get_actor_kb()
    if len(span) == 0:
        return []
    date = date[:10] if date else None
    root = _span_root(span)
    own = _own_tokens(root, span)

    described = _describe_by_coref(root, own, span, coref)
    if described is not None:
        return described

    head_ent = _entity_of(root)
    if head_ent is not None and head_ent.start >= span.start and head_ent.end <= span.end:
        match = _match_entity(head_ent, date, kb, coref)
        if head_ent.label_ == "PERSON" or (match is not None and match.kind == "person"):
            titled = _titled_person(match, head_ent, root, own, span, date, kb, coref)
            if titled is not None:
                _remember(coref, titled)
                return [titled]
        if match is not None and match.code is not None and head_ent.label_ == "NORP":
            match = _resident_country(match, root, date, kb)
        if match is not None and match.code is not None:
            match = _refine_named(match, root, own, kb, date, coref)
            _remember(coref, match)
            entry = kb.entries.get(match.entry_key) if match.entry_key else None
            if entry is not None and entry.also:
                # one name for several actors (a PETRARCH code such as FRO/BIL/SAM)
                return [match] + [_with_code(match, code) for code in entry.also]
            return [match]
        if head_ent.label_ == "PERSON" or match is None or match.code is None:
            # someone or something the knowledge base does not know: what does the phrase
            # say about them?
            described_match = _describe_unknown(head_ent, root, own, span, date, kb, coref)
            if described_match is not None:
                _remember(coref, described_match)
                return [described_match]
            return []

    # a common-noun head: sector from the noun, code from a modifier
    sector = _noun_sector(root, kb)
    if sector is None and root.lemma_.lower() in _PROXY_NOUNS:
        sector = _possessor_sector(root, date, kb)
    owner = _find_owner(root, own, date, kb, coref, actor_noun=sector is not None,
                        span_start=span.start)
    if owner is None:
        if sector is None:
            whole = kb.best(span.text, date)
            if whole is not None:
                m = _from_hit(kb, whole.key, whole.kind, date, span.start_char, span.end_char,
                              span.text)
                _remember(coref, m)
                return [m]
            return []
        start, end = _noun_extent(root)
        return [ActorMatch(None, sector, None, start, end, _text(span.doc, start, end),
                           via="modifier")]
    code, own_sector, tokens_start, entry = owner
    final_sector = sector
    if entry is not None and entry.kind in ("group", "institution") and own_sector:
        final_sector = own_sector  # "Hamas fighters" stay REB, "IRGC commanders" MIL
    elif final_sector is None:
        final_sector = own_sector
    n_start, n_end = _noun_extent(root)
    start = min(tokens_start[0], n_start)
    end = max(tokens_start[1], n_end)
    match = ActorMatch(
        code=code, sector=final_sector, name=entry.name if entry else None,
        start=start, end=end, text=_text(span.doc, start, end),
        entry_key=entry.key if entry else None, kind=entry.kind if entry else None,
        framing=entry.framing if entry else None, via="modifier",
    )
    _remember(coref, match)
    if sector is None:
        return [match]
    # "the foreign ministers of Iran, Pakistan and China": one actor per coordinated owner
    others = _coordinated_owners(span.doc, tokens_start, {code}, date, kb, coref)
    return [match] + [
        ActorMatch(code=c, sector=final_sector, name=e.name if e else None, start=start,
                   end=end, text=match.text, entry_key=e.key if e else None,
                   kind=e.kind if e else None, framing=e.framing if e else None,
                   via="modifier")
        for c, e in others]


# ---------------------------------------------------------------------- helpers

def _text(doc, start: int, end: int) -> str:
    """doc.text[start:end] without building the whole ``doc.text`` (a join over all tokens)."""
    span = doc.char_span(start, end)
    return span.text if span is not None else doc.text[start:end]


def _with_code(match: ActorMatch, code: str) -> ActorMatch:
    return ActorMatch(code=code, sector=match.sector, name=match.name, start=match.start,
                      end=match.end, text=match.text, entry_key=match.entry_key,
                      kind=match.kind, framing=match.framing, via=match.via)


def _remember(coref: Coref | None, match: ActorMatch | None) -> None:
    if coref is not None and match is not None and match.via != "coref":
        coref.observe(match)


def _span_root(span: Span) -> Token:
    """The span's head.  A misparse can leave several words whose heads lie outside the
    span; then the leftmost named or nominal one heads the phrase."""
    roots = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    if len(roots) <= 1:
        return roots[0] if roots else span.root
    for tok in roots:
        if tok.ent_type_ in ("PERSON", "ORG"):
            return tok
    for tok in reversed(roots):
        if tok.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok
    return roots[0]


def _own_tokens(root: Token, span: Span) -> set[int]:
    """Token indices of the root's own phrase: no conjuncts, clauses or asides."""
    keep: set[int] = set()
    stack = [root]
    while stack:
        tok = stack.pop()
        if tok.i < span.start or tok.i >= span.end or tok.i in keep:
            continue
        keep.add(tok.i)
        for child in tok.children:
            if child.dep_ in _SKIP_DEPS:
                continue
            stack.append(child)
    return keep


def _entity_of(token: Token) -> Span | None:
    """The named entity holding ``token``, from the IOB tags (no scan of ``doc.ents``)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def _in_context(ent: Span, hits: list[AliasHit], date: str | None, kb: ActorKB,
                coref: Coref | None) -> AliasHit | None:
    """Of several entries one name gives with equal rank (``hits``, from ``kb.lookup``: "RSF"
    is Reporters Without Borders and Sudan's Rapid Support Forces), the one whose country or
    family the document has named already or its sentence names; None when the name is not
    ambiguous or nothing decides."""
    tied = kb.tied(hits)
    if not tied:
        return None
    seen = _context_codes(ent, date, kb, coref)
    fits = [h for h in tied if {kb.entries[h.key].code, kb.entries[h.key].family} & seen]
    return fits[0] if len(fits) == 1 else None


def _context_codes(ent: Span, date: str | None, kb: ActorKB, coref: Coref | None) -> set:
    """Codes the document has named before ``ent`` and those its sentence names."""
    seen = {m.code for m in coref.resolve("any", coref.size)} if coref is not None else set()
    for other in ent.sent.ents:
        if other.label_ in ("GPE", "NORP") and other.start != ent.start:
            hit = kb.best(other.text, date)
            if hit is not None:
                seen.add(kb.entries[hit.key].code)
    return seen


def _match_entity(ent: Span, date: str | None, kb: ActorKB, coref: Coref | None = None
                  ) -> ActorMatch | None:
    """A named entity looked up in the knowledge base (text first, then the ruler's id); a
    name several entries share is read in the document's context (``_in_context``)."""
    text = ent.text
    hits = kb.lookup(text, date)
    hit = _in_context(ent, hits, date, kb, coref) or (hits[0] if hits else None)
    trimmed = ent
    if hit is None:
        # "Prime Minister Netanyahu", "Iran's": try without title words and possessives
        trimmed = _trim_entity(ent)
        if trimmed is not None and len(trimmed):
            hit = kb.best(trimmed.text, date)
        else:
            trimmed = ent
    ent_id = ent.ent_id_ or ent[0].ent_id_
    if hit is None and ent_id and ent_id in kb.entries:
        return _from_hit(kb, ent_id, "name", date, ent.start_char, ent.end_char, text)
    names = [t for t in (trimmed or ent) if t.pos_ == "PROPN" and not kb.sector_of(t.lemma_)
             and t.lower_ not in _FORMER]
    if hit is None and ent.label_ == "PERSON" and len(names) > 1:
        # "Carlos Menem" is "Carlos Saul Menem": the known name with middle names left out,
        # never with words of its own ("Ahmad Shah Masood" is not "Ahmad Zia Masood")
        told = [normalize(t.text) for t in names]
        namesakes = kb.people_named(names[-1].text)
        keys = [key for key in namesakes if _leaves_out(told, kb.entries[key].name)]
        if date:
            keys = [key for key in keys if kb.entries[key].in_office(date)] or keys
        if (len(keys) == 1 and kb.first_name_count(names[0].text) >= COMMON_FIRST_NAME
                and len(namesakes) >= COMMON_SURNAME
                and not {kb.entries[keys[0]].code, kb.entries[keys[0]].family}
                & _context_codes(ent, date, kb, coref)):
            keys = []  # "John Smith", "Ahmed Ali": many people; the one known needs his country
        if len(keys) == 1:
            hit = AliasHit(keys[0], "name", 0)
    if hit is None and ent.label_ == "PERSON" and len(names) == 1:
        # a bare surname the knowledge base knows ("President Pezeshkian", "Bouteflika");
        # the first name must match too: "Ali Khan" is not "Imran Khan"
        last = names[0].text
        keys = [h.key for h in kb.lookup(last, date) if kb.entries[h.key].kind == "person"]
        keys += [key for key in kb.people_named(last) if key not in keys]
        before = ent.doc[ent.start - 1] if ent.start > 0 else None
        titled = before is not None and before.pos_ in ("NOUN", "PROPN") \
            and kb.sector_of(before.lemma_) is not None
        if before is not None and before.pos_ == "PROPN" and not titled:
            keys = []  # "JP Morgan": a first name the knowledge base does not share
        if date:
            keys = [key for key in keys if kb.entries[key].in_office(date)]
        if len(keys) == 1 and (titled or len(kb.people_named(last)) <= 1):
            hit = AliasHit(keys[0], "name", 0)
    if hit is None:
        return ActorMatch(None, None, None, ent.start_char, ent.end_char, text, via="name",
                          kind="person" if ent.label_ == "PERSON" else None)
    return _from_hit(kb, hit.key, hit.kind, date, trimmed.start_char, trimmed.end_char,
                     trimmed.text)


# A name as common as this (first names, surnames shared by this many people the knowledge
# base holds) is taken for a known person with middle names left out only when the
# document or the sentence names that person's country.
COMMON_FIRST_NAME = 20
COMMON_SURNAME = 4


def _leaves_out(told: list[str], full: str) -> bool:
    """Whether the name words ``told`` are the full name ``full`` with only middle words
    left out: the same first and last word, the rest in order."""
    words = [normalize(w) for w in full.replace("-", " ").split()]
    if len(told) > len(words) or told[0] != words[0] or told[-1] != words[-1]:
        return False
    rest = iter(words[1:-1])
    return all(any(w == t for w in rest) for t in told[1:-1])


def _trim_entity(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and ent.doc[end - 1].tag_ == "POS":
        end -= 1
    if (start, end) == (ent.start, ent.end):
        return None
    return ent.doc[start:end]


def _from_hit(kb: ActorKB, key: str, alias_kind: str, date: str | None, start: int, end: int,
              text: str) -> ActorMatch:
    entry = kb.entries[key]
    code, sector = entry.at(date)
    name = entry.name
    if name is None and code:
        country = kb.entries.get(f"country:{code}")
        name = country.name if country is not None else code
    if alias_kind == CAPITAL and entry.kind == "country":
        sector = sector or "GOV"  # "Islamabad said": the government speaking
    elif alias_kind == PLACE:
        sector = None
    return ActorMatch(code=code, sector=sector, name=name, start=start, end=end,
                      text=text, entry_key=key, kind=entry.kind, framing=entry.framing)


def _resident_country(match: ActorMatch, root: Token, date: str | None,
                      kb: ActorKB) -> ActorMatch:
    """A people named after a place they live in ("Kosovo Albanians"): the place's country,
    not the country their name comes from."""
    for c in root.children:
        if c.dep_ != "compound" or c.ent_type_ != "GPE":
            continue
        ent = _entity_of(c)
        place = _match_entity(ent, date, kb) if ent is not None else None
        if place is not None and place.code and place.code != match.code \
                and place.kind == "country":
            return replace(match, code=place.code, name=place.name,
                           start=min(match.start, place.start), text=_text(
                               root.doc, min(match.start, place.start), match.end))
    return match


def _refine_named(match: ActorMatch, root: Token, own: set[int], kb: ActorKB,
                  date: str | None, coref: Coref | None) -> ActorMatch:
    """A named head may still get a sector from its own title words: "Iran's Foreign Minister
    Abbas Araghchi" is already GOV; "the Pakistan Army" (an ORG the ruler knows only as
    "Pakistan") becomes MIL."""
    if match.kind in ("country", "framing", "country-alias", "igo") and match.sector is None:
        ent = _entity_of(root)
        if ent is not None and ent[-1].i == root.i:
            return match
        sector = _noun_sector(root, kb)
        if sector:
            match.sector = sector
            match.end = max(match.end, root.idx + len(root.text))
            match.text = _text(root.doc, match.start, match.end)
    return match


# Nouns that speak for whoever they belong to: "Netanyahu's office", "the prime minister's
# office", "the president's aides"
_PROXY_NOUNS = frozenset({"office", "aide", "entourage", "camp", "administration"})


def _possessor_sector(root: Token, date: str | None, kb: ActorKB) -> str | None:
    """The sector of the one ``root`` belongs to: a sector noun ("the governor's") or a
    known person's role on ``date`` ("Netanyahu's")."""
    for c in root.children:
        if c.dep_ != "poss" or c.pos_ == "PRON":
            continue
        ent = _entity_of(c)
        if ent is not None:
            m = _match_entity(ent, date, kb)
            entry = kb.entries.get(m.entry_key) if m is not None and m.entry_key else None
            if entry is not None and entry.kind == "person":
                return entry.at(date)[1] or m.sector
            return m.sector if m is not None else None
        return _noun_sector(c, kb)
    return None


def _noun_sector(root: Token, kb: ActorKB) -> str | None:
    """Sector from the head noun and the words compounding it, longest phrase first:
    "air defense system" -> MIL, "foreign minister" -> GOV, "researcher" -> EDU.  A "state
    of" a common noun ("a state of emergency", "of siege") is a condition, not a state."""
    if root.lemma_.lower() == "state" and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(
            g.dep_ == "pobj" and g.pos_ == "NOUN" and not g.ent_type_ for g in c.children)
        for c in root.children
    ):
        return None
    words: list[Token] = [root]
    i = root.i - 1
    while i >= 0:
        tok = root.doc[i]
        if (tok.dep_ in ("compound", "amod") and tok.pos_ in ("NOUN", "ADJ", "PROPN")
                and not tok.ent_type_) or (tok.text == "-" and i > 0):
            words.insert(0, tok)
            i -= 1
            continue
        break
    sector = next((found for k in range(len(words) - 1)
                   if (found := kb.sector_of(" ".join(t.lemma_.lower() for t in words[k:]),
                                             " ".join(t.lower_ for t in words[k:])))),
                  None) or kb.sector_of(root.lemma_, root.lower_)
    operation = sector is None and root.lemma_.lower() in OPERATION_NOUNS
    if sector != "MIL" and not operation:
        return sector
    modifiers = [found for t in words[:-1] if (found := kb.sector_of(t.lemma_.lower(), t.lower_))]
    if operation:
        # "a government raid killed nine", "the police operation": whoever carries out the
        # operation is the actor its nearest modifier names
        return modifiers[-1] if modifiers else None
    # "rebel fighters", "insurgent troops": armed men, but not a state's
    return "REB" if "REB" in modifiers else sector


# Operations an actor carries out, which act in its place as a clause's subject
OPERATION_NOUNS = frozenset({
    "raid", "operation", "offensive", "strike", "airstrike", "attack", "assault", "crackdown",
    "bombardment", "shelling", "bombing", "ambush", "incursion", "sweep", "campaign", "fire",
})


def _noun_extent(root: Token) -> tuple[int, int]:
    """The head noun with the modifiers directly before it (not determiners)."""
    start = root.i
    i = root.i - 1
    while i >= 0 and root.doc[i].head.i in range(i + 1, root.i + 1) \
            and root.doc[i].dep_ in ("compound", "amod", "nmod", "nummod", "hmod", "npadvmod",
                                     "advmod", "punct") and root.doc[i].text not in (",", ";"):
        start = i
        i -= 1
    first = root.doc[start]
    return first.idx, root.idx + len(root.text)


# Participles telling where an actor is based, which gives its country when nothing else
# does.  places.HOME_LEMMAS is another list with another question (participles that do not
# place the event: "justices based in London"); "stationed in X" does place it.
_BASED = frozenset({"base", "headquarter", "headquartered", "locate", "station"})


def _owner_after_prep(prep: Token, own: set[int], date: str | None, kb: ActorKB,
                      coref: Coref | None):
    """The named actor in the object of a preposition ("from Iran", "based in Beirut")."""
    for pobj in prep.children:
        if pobj.dep_ in ("pobj", "pcomp"):
            got = _owner_in_subtree(pobj, own, date, kb, coref)
            if got is not None:
                return got
    return None


def _find_owner(root: Token, own: set[int], date: str | None, kb: ActorKB,
                coref: Coref | None, actor_noun: bool = True, span_start: int | None = None
                ) -> tuple[str | None, str | None, tuple[int, int], ActorEntry | None] | None:
    """The named actor a common-noun head belongs to: modifiers first, then prepositions."""
    doc = root.doc
    # 1. modifiers: "Iranian missiles", "Pakistan's foreign minister", "its army"
    for child in sorted(root.children, key=lambda c: c.i):
        if child.i not in own or child.dep_ not in _OWNER_DEPS:
            continue
        got = _owner_from_token(child, date, kb, coref)
        if got is not None:
            return got
    if not actor_noun:
        return None  # "a solution to Iran's issue" names no actor
    # 2. prepositional owners: "officials from Iran", "the army of Pakistan"
    for prep_word in _OWNER_PREPS:
        for child in root.children:
            if child.i in own and child.dep_ == "prep" and child.lower_ == prep_word:
                got = _owner_after_prep(child, own, date, kb, coref)
                if got is not None:
                    return got
    # 2b. where it is based: "a newspaper based in Beirut", "a group headquartered in Gaza"
    for child in root.children:
        if child.dep_ != "acl" or child.lemma_.lower() not in _BASED:  # outside the phrase
            continue
        for prep in child.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                got = _owner_after_prep(prep, own, date, kb, coref)
                if got is not None:
                    return got
    # 3. anything named in the phrase (compounds of compounds), or named just before the
    #    head but parsed elsewhere ("U.S. and Russian negotiators": "Russian" hangs on "U.S.")
    first = min(own) if span_start is None else span_start
    extra = [t for t in doc[first:root.i] if t.i not in own and not t.is_ancestor(root)
             and t.ent_type_ in ("NORP", "GPE")]
    for tok in sorted([doc[i] for i in own] + extra, key=lambda t: t.i):
        if tok.i == root.i or not tok.ent_type_:
            continue
        got = _owner_from_token(tok, date, kb, coref)
        if got is not None:
            return got
    return None


def _coordinated_owners(doc, where: tuple[int, int], have: set[str | None],
                        date: str | None, kb: ActorKB, coref: Coref | None
                        ) -> list[tuple[str, ActorEntry | None]]:
    """The actors coordinated with the owner found at character range ``where``
    ("of Iran, Pakistan and China", "Iranian and Pakistani"), other than those in ``have``."""
    found = doc.char_span(*where, alignment_mode="expand")
    if found is None:
        return []
    out: list[tuple[str, ActorEntry | None]] = []
    seen = set(have)
    for tok in conjuncts(found.root)[1:]:
        got = _owner_from_token(tok, date, kb, coref)
        if got is not None and got[0] not in seen:
            seen.add(got[0])
            out.append((got[0], got[3]))
    return out


def _owner_in_subtree(tok: Token, own: set[int], date: str | None, kb: ActorKB,
                      coref: Coref | None):
    got = _owner_from_token(tok, date, kb, coref)
    if got is not None:
        return got
    # "the Institute of Pakistan and China Studies in Islamabad": where it sits first,
    # then what it is about
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "at", "from", "based"):
            for pobj in child.children:
                found = _owner_from_token(pobj, date, kb, coref)
                if found is not None:
                    return found
    for sub in tok.subtree:
        if sub.i == tok.i or not sub.ent_type_:
            continue
        found = _owner_from_token(sub, date, kb, coref)
        if found is not None:
            return found
    return None


def _owner_from_token(tok: Token, date: str | None, kb: ActorKB, coref: Coref | None):
    if tok.pos_ == "PRON" or tok.tag_ == "PRP$":
        if coref is None:
            return None
        word = tok.lower_
        kind = "person" if word in _PRONOUNS_PERSON else "thing"
        if word not in _PRONOUNS_PERSON and word not in _PRONOUNS_THING:
            return None
        found = coref.resolve(kind, 1)
        if not found:
            return None
        m = found[0]
        entry = kb.entries.get(m.entry_key) if m.entry_key else None
        return m.code, None, (tok.idx, tok.idx + len(tok.text)), entry
    ent = _entity_of(tok)
    if ent is not None:
        m = _match_entity(ent, date, kb)
        if m is None or m.code is None:
            return None
        entry = kb.entries.get(m.entry_key) if m.entry_key else None
        sector = m.sector
        if entry is not None and entry.kind == "person":
            sector = None  # "Netanyahu's government": the noun decides
        return m.code, sector, (m.start, m.end), entry
    # "the country's army": a description of an actor named before
    if coref is not None and tok.lemma_.lower() in _DESCRIPTIONS and _is_definite(tok):
        want, _ = _DESCRIPTIONS[tok.lemma_.lower()]
        found = coref.resolve("country" if want == "any" else want, 1)
        if found:
            m = found[0]
            entry = kb.entries.get(m.entry_key) if m.entry_key else None
            first = min([c.i for c in tok.children if c.dep_ in ("det", "poss")] + [tok.i])
            return m.code, None, (tok.doc[first].idx, tok.idx + len(tok.text)), entry
    hit = kb.best(tok.text, date) if tok.pos_ in ("PROPN", "ADJ") else None
    if hit is not None:
        m = _from_hit(kb, hit.key, hit.kind, date, tok.idx, tok.idx + len(tok.text), tok.text)
        entry = kb.entries[hit.key]
        return m.code, m.sector if entry.kind != "person" else None, (m.start, m.end), entry
    return None


def _is_definite(tok: Token) -> bool:
    return any(c.dep_ in ("det", "predet", "nummod") and c.lower_ in _DEFINITE | {"two"}
               for c in tok.children)


def _describe_by_coref(root: Token, own: set[int], span: Span,
                       coref: Coref | None) -> list[ActorMatch] | None:
    word = root.lower_
    start, end = root.idx, root.idx + len(root.text)
    if not root.ent_type_ and (
            root.pos_ == "PRON" or word in _PRONOUNS_THING | _PRONOUNS_PERSON | _SKIP_PRONOUNS):
        if coref is None or word not in _PRONOUNS_THING | _PRONOUNS_PERSON:
            return []  # "we", "whatever", "someone": no antecedent we track
        kind = "person" if word in _PRONOUNS_PERSON else "thing"
        sent = root.sent
        out = []
        for m in coref.resolve(kind, 1):
            match = _as_coref(m, start, end, _text(root.doc, start, end), None)
            if (sent.start_char <= m.start < m.end <= start
                    and root.doc.text[m.start:m.end] == m.text):
                # "The Pentagon said it hit five bases": the antecedent stands in the same
                # sentence, so the actor's words are its name, not the pronoun
                match = replace(match, antecedent=(m.start, m.end, m.text))
            out.append(match)
        return out
    lemma = root.lemma_.lower()
    if lemma not in _DESCRIPTIONS or not _is_definite(root):
        return None
    if any(root.doc[i].ent_type_ for i in own if i != root.i):
        return None  # "the Pakistani government" names its owner
    if coref is None:
        return []
    want, sector = _DESCRIPTIONS[lemma]
    plural = root.tag_ in ("NNS", "NNPS") or any(
        c.lower_ in ("both", "two") for c in root.children)
    n = 2 if plural and any(c.lower_ in ("both", "two") for c in root.children) else 1
    found = coref.resolve("country" if want == "any" else want, n)
    first = min([c.i for c in root.children if c.i in own and c.dep_ in ("det", "predet",
                                                                         "nummod", "amod")]
                + [root.i])
    start = root.doc[first].idx
    found.reverse()  # "both countries": in the order they were mentioned
    return [_as_coref(m, start, end, _text(root.doc, start, end), sector) for m in found]


def _as_coref(m: ActorMatch, start: int, end: int, text: str, sector: str | None) -> ActorMatch:
    return ActorMatch(code=m.code, sector=sector if sector is not None else m.sector,
                      name=m.name, start=start, end=end, text=text, entry_key=m.entry_key,
                      kind=m.kind, framing=None, via="coref")


_FORMER = {"former", "ex", "late", "ousted", "deposed", "exiled", "retired", "onetime"}


def _titled_person(match: ActorMatch | None, ent: Span, root: Token, own: set[int],
                   span: Span, date: str | None, kb: ActorKB,
                   coref: Coref | None) -> ActorMatch | None:
    """A person with the words around the name: "Russian President Boris Yeltsin",
    "Lebanon's new President Elias Hrawi", "King Hassan of Morocco", "former prime minister
    X".  The title gives the sector and the phrase's country overrides the person's home
    code; a known person without title words keeps their dated role."""
    doc = root.doc
    title = [t for t in span if t.i in own and t.i < ent.start]
    title += [t for t in ent if t.pos_ != "PROPN" or kb.sector_of(t.lemma_)]
    former = any(t.lower_.removeprefix("ex-") != t.lower_ or t.lower_ in _FORMER
                 for t in title)
    title_sector = None
    for tok in reversed(title):
        if tok.pos_ in ("NOUN", "PROPN") and kb.sector_of(tok.lemma_, tok.lower_):
            title_sector = _noun_sector(tok, kb)
            break
    owner = None
    for tok in title:
        if tok.ent_type_ in ("NORP", "GPE", "ORG") and not (ent.start <= tok.i < ent.end):
            owner = _owner_from_token(tok, date, kb, coref)
            if owner is not None:
                break
    if owner is None:
        for child in root.children:
            if child.i in own and child.dep_ == "prep" and child.lower_ in ("of", "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.ent_type_ in ("GPE", "NORP", "ORG"):
                        owner = _owner_from_token(pobj, date, kb, coref)
    known = match is not None and match.code is not None
    if not known and owner is None and title_sector is None:
        return None
    code = match.code if known else None
    sector = match.sector if known else None
    entry = kb.entries.get(match.entry_key) if known and match.entry_key else None
    if owner is not None and owner[0] != code:
        code = owner[0]
    if former:
        sector = "ELI"
    elif title_sector is not None:
        sector = title_sector
    start = min([ent.start_char] + [t.idx for t in title if t.dep_ not in ("det",)])
    end = ent.end_char
    if owner is not None:
        start, end = min(start, owner[2][0]), max(end, owner[2][1])
    return ActorMatch(code=code, sector=sector, name=entry.name if entry else None,
                      start=start, end=end, text=_text(doc, start, end),
                      entry_key=entry.key if entry else None, kind="person", via="name")


def _describe_unknown(ent: Span, root: Token, own: set[int], span: Span, date: str | None,
                      kb: ActorKB, coref: Coref | None) -> ActorMatch | None:
    """A person or organisation not in the knowledge base, described by the phrase:
    "Pakistani Foreign Minister X" (title words), "X, a researcher at ..." (apposition),
    "X from the Institute of ... in Islamabad" (preposition)."""
    doc = root.doc
    sector = None
    owner = None
    used_end = ent.end_char
    # title words inside or just before the name: "Foreign Minister", "General"
    for tok in list(ent) + [c for c in root.children if c.i in own and c.i < ent.start]:
        s = kb.sector_for_noun(tok.lemma_) if tok.pos_ in ("NOUN", "PROPN") else None
        if s and tok.i != root.i:
            sector = sector or _noun_sector(tok, kb) or s
    # descriptions attached to the name
    for child in sorted(root.children, key=lambda c: c.i):
        if child.i not in own:
            continue
        if child.dep_ in ("appos", "prep"):
            head = child
            if child.dep_ == "prep":
                objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if not objs:
                    continue
                head = objs[0]
            noun_sector = _noun_sector(head, kb) if head.pos_ in ("NOUN", "PROPN") else None
            head_ent = _entity_of(head)
            if head_ent is not None:
                # "the Institute of Pakistan and China Studies" as one ORG entity
                noun_sector = noun_sector or _org_sector(head_ent, kb)
            got = _owner_in_subtree(head, own | {t.i for t in head.subtree}, date, kb, coref)
            if noun_sector or got:
                sector = sector or noun_sector
                if got is not None:
                    owner = got
                    last = max(t.i for t in head.subtree if t.i in own or t.i >= head.i)
                    used_end = max(used_end, got[2][1], doc[last].idx + len(doc[last].text))
                break
        elif child.dep_ in ("amod", "compound", "nmod", "poss") and owner is None:
            got = _owner_from_token(child, date, kb, coref)
            if got is not None:
                owner = got
    if ent.label_ != "PERSON":
        # an unknown organisation: its own words ("Pakistan Army", "Baghdad University")
        for tok in ent if owner is None else ():
            if tok.i == root.i or tok.pos_ not in ("PROPN", "ADJ"):
                continue
            hit = kb.best(tok.text, date)
            if hit is not None and kb.entries[hit.key].kind != "person":
                m = _from_hit(kb, hit.key, hit.kind, date, tok.idx, tok.idx + len(tok.text),
                              tok.text)
                owner = (m.code, None, (m.start, m.end), kb.entries[hit.key])
                break
        sector = sector or _org_sector(ent, kb)
    if owner is None:
        if sector is None:
            return None
        return ActorMatch(None, sector, None, ent.start_char, ent.end_char, ent.text,
                          kind="person" if ent.label_ == "PERSON" else None, via="modifier")
    code, own_sector, (o_start, o_end), entry = owner
    start = min(ent.start_char, o_start)
    end = max(used_end, o_end)
    if entry is not None and entry.kind in ("group", "institution") and own_sector:
        sector = own_sector
    return ActorMatch(code=code, sector=sector, name=None, start=start, end=end,
                      text=_text(doc, start, end), entry_key=None,
                      kind="person" if ent.label_ == "PERSON" else "org", via="modifier")


def _org_sector(ent: Span, kb: ActorKB) -> str | None:
    """Sector of an organisation name from its head words ("... Studies Institute" -> EDU)."""
    for tok in sorted(ent, key=lambda t: (t.i != ent.root.i, -t.i)):
        if tok.pos_ in ("NOUN", "PROPN") or tok.is_title:
            s = kb.sector_for_noun(tok.lemma_.lower()) or kb.sector_for_noun(tok.lower_)
            if s:
                return s
    return None


def resolve_all(spans: Iterable[Span], date: str | None = None,
                coref: Coref | None = None, kb: ActorKB | None = None) -> list[ActorMatch]:
    """Resolve several spans in order (e.g. the conjuncts of a coordinated argument)."""
    out: list[ActorMatch] = []
    for span in spans:
        out.extend(resolve_actors(span, date, coref, kb))
    return out
