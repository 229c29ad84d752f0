"""triggers: which words in a sentence name an event, and of which kind.

Four patterns, tried on every verb and noun of a parsed sentence:

- verbal ("Iran attacked Israel", "were attacked by", "shot down", "stood by"): the verb's
  lemma, particles, object lemmas and prepositions are looked up in the lexicon; the most
  specific entry wins (the lexicon decides).
- light verb ("launched an attack", "provided support"): a semantically light verb whose
  object is an event noun; the noun decides the type, the verb's subject is the actor.
- nominal ("the normalization of relations between Iran and Saudi Arabia", "Iran's response",
  "the mediation of China"): an event noun with its participants in possessives and
  prepositional phrases.  A nominal needs an actor of its own, or for a violent or coercive
  act a victim ("the killing of a woman", "her arrest": a person's possessive on an act
  done to people names the victim): a bare "the attack" is a reference to an event told
  elsewhere, not a new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from dotterel.extract.arguments import (
    argument_head,
    conjuncts,
    is_grounds,
    is_passive,
    is_purpose_clause,
    is_state_predicate,
    names_a_count,
    passive_agents,
    pobjs,
    shared_objects,
    shared_passive_subjects,
    subjects,
)
from dotterel.extract.modes import names_weapon, wields
from dotterel.extract.recode import governed_entry, moves_forces, responsibility_entry
from dotterel.knowledge.actors import COMBINING_FORMS
from dotterel.knowledge.lexicon import norm

# Verbs whose meaning lies in their object ("launch an attack", "provide support", "hold
# talks"): a closed class of English support verbs.
LIGHT_VERBS = frozenset(
    {"launch", "carry", "conduct", "provide", "give", "offer", "extend", "make", "hold", "stage",
     "mount", "take", "issue", "express", "impose", "sign", "deliver", "send", "pledge",
     "announce", "begin", "start", "continue", "resume", "initiate", "unleash", "wage",
     "step", "intensify", "escalate", "lodge", "file", "grant", "lend", "perform", "undertake",
     "open", "pay", "reach", "conclude", "strike", "seal", "forge", "establish", "renew",
     "restore", "voice", "level", "register", "declare", "proclaim", "enforce", "institute",
     "introduce", "reimpose", "lift", "revoke", "rescind", "cancel", "terminate", "annul",
     "abrogate"}
)
# The means or manner of another event: "achieved through the mediation of China".
_MEANS_PREPS = frozenset({"through", "via", "with", "under", "by", "thanks"})
_MOD_ENT_TYPES = frozenset({"NORP", "GPE", "ORG", "PERSON"})

PATTERN_CONFIDENCE = {
    "active-svo": 0.8,
    "phrasal": 0.8,
    "verb-object": 0.8,
    "light": 0.75,
    "passive": 0.75,
    "nominal": 0.55,
    "reported-must": 0.7,
}


@dataclass
class Mention:
    """One event trigger with its participants, before codes are looked up."""

    trigger_start: int  # token index (in the paragraph Doc) of the first trigger word
    trigger_end: int  # exclusive
    anchor: Token  # the word dates, places and status are read from (verb, or the noun)
    entry: object  # LexEntry
    pattern: str
    actors: list[Token] = field(default_factory=list)  # heads of the actor phrases
    recipients: list[Token] = field(default_factory=list)
    reciprocal: bool = False
    subject_how: str = "own"
    light_noun: Token | None = None
    governor: Token | None = None  # the verb carrying a light-verb noun
    weak: set[int] = field(default_factory=set)  # participants kept only if they resolve
    content: Token | None = None  # for demands: the clause that says what is demanded
    linked: Mention | None = None  # the event this one is the means of ("through the mediation")
    solo: set[int] = field(default_factory=set)  # participants named by their own entity only
    object_shared: bool = False  # the object is a later conjunct's ("raped and killed women")
    alleged: bool = False  # what an accusation alleges ("accused X of attacking"): background

    @property
    def rule(self) -> str:
        how = "" if self.subject_how in ("own", "") else f"+{self.subject_how}"
        if self.object_shared:
            how += "+shared-object"
        return f"{self.pattern}{how}|{self.entry.id}"


# Prepositions that say where more than to whom: a phrase they introduce is a recipient only
# when it names a known actor ("struck inside Iran"), never "in one swift blow".
LOCATIVE_PREPS = frozenset(
    {"in", "at", "inside", "into", "within", "near", "outside", "across", "over", "around",
     "along", "off", "beyond", "through"}
)
_PREP_VARIANTS = {"in": ("inside", "into", "within"), "on": ("upon", "onto")}


_OUTCOME_NOUNS = frozenset({"death", "prison", "jail", "custody", "exile", "imprisonment"})


def _pattern_object(tok: Token, entry) -> bool:
    """The object our own pattern names as the act's content, no participant: "death" in
    "sentenced two men to death", "the deal" in "withdrew from the deal"."""
    objects = getattr(entry, "prep_objects", None)
    if not objects or tok.dep_ != "pobj" or tok.head.lower_ != getattr(entry, "prep", None):
        return False
    lemma = tok.lemma_.lower()
    # PETRARCH's patterns also name participants ("meet with (leaders)"): of theirs, only
    # outcomes ("hacked to death") are content
    return lemma in objects and (entry.source == "own" or lemma in _OUTCOME_NOUNS)


def _entry_preps(entry) -> set[str]:
    preps = set(getattr(entry, "recipient_preps", None) or ())
    for attr in ("prep", "particle"):
        value = getattr(entry, attr, None)
        if value:
            preps.add(value)
    for p, variants in _PREP_VARIANTS.items():
        if p in preps:
            preps.update(variants)
    return preps


def _weak(pairs: list[tuple[str, Token]], entry) -> set[int]:
    """Token ids of objects of locative prepositions the entry did not ask for by name."""
    own = getattr(entry, "prep", None)
    return {o.i for p, o in pairs if p in LOCATIVE_PREPS and p != own}


# Entities that measure or date an event and never take part in it.
_NON_PARTICIPANT_ENTS = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
)


def _collect(heads: list[Token], exclude: set[int]) -> list[Token]:
    out: list[Token] = []
    seen = set(exclude)
    for h in heads:
        if is_grounds(argument_head(h)):
            continue  # "sentenced on charges of ...": what the act rests on
        if h.dep_ == "pcomp" and h.tag_ == "VBG":
            continue  # "accused Israel of attacking ...": an act, coded on its own
        for c in conjuncts(argument_head(h)):
            if c.ent_type_ in _NON_PARTICIPANT_ENTS and not names_a_count(c):
                continue  # "attacked ... on Monday"
            if c.i not in seen and not c.is_punct:
                seen.add(c.i)
                out.append(c)
    return out


# Participles whose passive names a state of the subject ("X is opposed to Y": X opposes Y),
# with the preposition that then introduces the object
_STATIVE_PASSIVES = {"oppose": "to"}


# Violent acts that always take an object: without one, "X killed in ambush" is a passive.
_TRANSITIVE_HARM = frozenset({
    "kill", "murder", "abduct", "kidnap", "torture", "injure", "wound", "execute",
    "assassinate", "behead", "massacre", "lynch", "rape", "maim", "slay",
})


def _reduced_passive(verb: Token, lexicon) -> bool:
    """A headline passive without its auxiliary: "Journalists arrested for reporting",
    "Fugitive arrested in Minnesota".  The verb has a subject but no auxiliary and no object,
    and is an act that cannot go without an object (a coercive act such as arrest or detain,
    or a harm such as kill or abduct), in either tagging (the small model tags such headlines
    VBN or VBD).  "Rebels attacked at dawn" and "Kenya condemned as a mistake ..." stay
    active."""
    if verb.dep_ not in ("ROOT", "conj", "ccomp") or verb.tag_ not in ("VBN", "VBD"):
        return False
    deps = {c.dep_ for c in verb.children}
    if "nsubj" not in deps or deps & {"aux", "auxpass", "dobj", "nsubjpass", "expl", "dative",
                                      "ccomp", "xcomp"}:
        return False
    if verb.dep_ == "conj" and any(c.dep_ in ("dobj", "aux") for c in verb.head.children):
        return False  # "police beat and arrested protesters": the object is shared
    lemma = verb.lemma_.lower()
    preps = [c.lower_ for c in verb.children if c.dep_ == "prep"]
    phrasal = lexicon.match_verb(lemma, [], [], preps) if preps else None
    if phrasal is not None and (getattr(phrasal, "particle", None) in preps
                                or getattr(phrasal, "prep", None) in preps):
        return False  # "hackers hacked into the grid": a verb and its preposition, active
    if lemma in _TRANSITIVE_HARM:
        return True
    bare = lexicon.match_verb(lemma, [], [], [])
    return bare is not None and bare.plover == "COERCE"


def _state_pattern(verb: Token, lexicon) -> bool:
    """A state the lexicon names with a copula and a prepositional object ("troops remained on
    alert", "were on standby"): an event after all."""
    pairs = pobjs(verb, None)
    if not pairs:
        return False
    entry = lexicon.match_verb(verb.lemma_.lower(), [], [], [p for p, _o in pairs],
                               [o.lemma_.lower() for _p, o in pairs])
    return entry is not None and bool(getattr(entry, "prep_objects", ()))


def _asked_for(verb: Token, lexicon) -> bool:
    """Whether ``verb`` is what a request noun asks for: "Hamas's demand to release all
    prisoners", "a UN appeal for deploying troops", "a call for Israel to halt its
    offensive".  The act has not happened; it is the request's content."""
    head = verb.head
    if verb.dep_ == "pcomp" and head.lower_ == "for" and head.dep_ == "prep":
        head = head.head
    elif verb.dep_ not in ("acl", "ccomp", "advcl", "xcomp"):
        return False
    # the small model tags some a plural noun as a verb ("meet hostage-takers demands")
    if head.i == verb.i or not (head.pos_ == "NOUN" or (
            head.pos_ == "VERB" and head.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass"))):
        return False
    entry = noun_entry_for(head, lexicon)
    return entry is not None and entry.plover == "REQUEST"


def verb_mention(verb: Token, lexicon, consumed: set[int]) -> Mention | None:
    """The event a verb names, if the lexicon knows it, with its actor and recipient heads."""
    if verb.dep_ == "prep":
        return None  # "according to", "including": prepositions in verb form
    if is_state_predicate(verb) and not _state_pattern(verb, lexicon):
        return None
    if _asked_for(verb, lexicon):
        return None
    particles: list[str] = []
    preps: list[str] = []
    objects: list[Token] = []
    datives: list[Token] = []
    passive_subjects: list[Token] = []
    for c in verb.children:
        dep = c.dep_
        if dep == "prt":
            particles.append(c.lower_)
        elif dep == "prep":
            if not any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in c.children):
                preps.append(c.lower_)  # "on Monday" says when, it governs no pattern
        elif dep == "dobj":
            # "captured the towns on Friday, a strategic victory": a comment on the act the
            # parser took for a second object
            if not objects or c.left_edge.i == 0 or c.doc[c.left_edge.i - 1].text != ",":
                objects.append(c)
        elif dep in ("dative", "iobj"):
            if c.pos_ == "ADP":
                preps.append(c.lower_)
            else:
                datives.append(c)
        elif dep == "nsubjpass":
            passive_subjects.append(c)
    passive = is_passive(verb)
    stative = _STATIVE_PASSIVES.get(verb.lemma_.lower()) if passive else None
    if stative and not passive_agents(verb):
        # "Russia is opposed to new sanctions": a state of the subject, who opposes
        to = [o for _p, o in pobjs(verb, {stative})]
        if to:
            passive, objects = False, to
            preps = [p for p in preps if p != stative]
    shared = not objects and not passive and not passive_subjects and shared_objects(verb)
    if shared:
        objects = shared  # "raped and killed dozens of women"
    if not passive and not shared and _reduced_passive(verb, lexicon):
        passive = True
        passive_subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    noun_candidates = objects if not passive else passive_subjects
    if passive and not passive_subjects and verb.dep_ == "acl":
        # "sanctions imposed by the US on Iran", "the attack carried out by Hamas": the
        # noun a participle modifies is its object, and may name the event
        noun_candidates = [verb.head]
    # "handed over 700 kg of medicine", "some of the peacekeepers": what is counted
    object_tokens = [t for o in noun_candidates for t in conjuncts(argument_head(o))]
    object_lemmas = [t.lemma_.lower() for t in object_tokens]
    object_mods = [c.lemma_.lower() for t in object_tokens for c in t.children
                   if c.dep_ in ("amod", "compound", "nmod")]
    prep_objects = [o.lemma_.lower() for _p, o in pobjs(verb, None)]
    for _p, o in (pair for t in [*noun_candidates, *object_tokens] for pair in pobjs(t, ("as",))):
        # "held families as human shields": an "as" phrase the parser hung on the object
        # says what the object is made in the act, as it does on the verb
        preps.append("as")
        prep_objects.append(o.lemma_.lower())
    entry = lexicon.match_verb(verb.lemma_.lower(), particles, object_lemmas, preps,
                               prep_objects, object_mods)
    light_noun: Token | None = None
    solo: set[int] = set()
    pattern = "passive" if passive else ("phrasal" if particles else "active-svo")
    theme: Token | None = None
    theme_pairs: list[tuple[str, Token]] = []
    if entry is not None and getattr(entry, "object_lemmas", None):
        # The pattern names its object ("launch + attack", "attack + position").  The object
        # is part of the trigger when the verb is light or the noun is itself an event;
        # otherwise it stays the recipient and only chose the code, unless it is what is
        # given, sent or stated (``_theme``).
        wanted = {norm(x) for x in entry.object_lemmas}
        hit = next((t for t in object_tokens if norm(t.lemma_) in wanted), None)
        if hit is not None and not passive:
            theme, theme_pairs = _theme(verb, hit, entry)
        if hit is not None and (
            verb.lemma_.lower() in LIGHT_VERBS or noun_entry_for(hit, lexicon) is not None
        ):
            light_noun, pattern = hit, "verb-object"
        # otherwise ("expelled inspectors") the object only chose the code: it stays recipient
    # A statement verb with an event noun as object ("announced a suspension of aid",
    # "declared a ceasefire") reports that event: the noun decides, like a light verb.
    statement = entry is not None and entry.plover is None and entry.quad_class == 0
    if light_noun is None and (verb.lemma_.lower() in LIGHT_VERBS or statement):
        for t in object_tokens:
            if t.pos_ != "NOUN":
                continue
            noun_entry = noun_entry_for(t, lexicon)
            if noun_entry is not None:
                entry, light_noun, pattern = noun_entry, t, "light"
                break
    if entry is None:
        return None
    if (light_noun is None and entry.plover is None and entry.quad_class == 0
            # our own and users' statement patterns name their object ("claimed
            # responsibility"); PETRARCH's ("approve + resolution") are too loose
            and not (entry.source != "cameo2" and getattr(entry, "object_lemmas", None))
            and any(t.pos_ == "NOUN" and not t.ent_type_ for t in object_tokens)
            and not any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in verb.children)):
        return None  # "maintain strong relations", "described the grounds": no statement
    rec_preps = _entry_preps(entry)
    if light_noun is not None:
        noun_entry = noun_entry_for(light_noun, lexicon)
        if noun_entry is not None:
            rec_preps |= _entry_preps(noun_entry)  # "mounted its invasion of South Lebanon"
        consumed.update(t.i for t in conjuncts(light_noun))
        actors_h = passive_agents(verb) if passive else None
        how = "own"
        if actors_h is None or not actors_h:
            if passive:
                actors_h, how = [], ""
            else:
                actors_h, how = subjects(verb)
        # "sent vehicles and a team of paratroopers to Lebanon": the one the goods go to
        # may hang on the noun's last conjunct
        pairs = [p for c in conjuncts(light_noun)
                 for p in _through_of(pobjs(argument_head(c), rec_preps), rec_preps)]
        pairs += pobjs(verb, rec_preps)
        rec_h = [o for _p, o in pairs]
        rec_h += datives
        if not rec_h:
            # "rejected North Korea's demand", "rejected an Indian proposal": whose the
            # event noun is, when that is not the actor
            rec_h += _noun_owners(light_noun, {a.i for a in actors_h}, solo)
        rec_h += [o for o in objects if passive]  # rare: "was given support"
        anchor = verb
    elif passive:
        actors_h, how = passive_agents(verb), "own"
        rec_h = (passive_subjects[:] or shared_passive_subjects(verb)
                 or ([verb.head] if verb.dep_ == "acl" else []))
        pairs = pobjs(verb, rec_preps - {"by"})
        rec_h += [o for _p, o in pairs]
        anchor = verb
    else:
        actors_h, how = subjects(verb)
        pairs = pobjs(verb, rec_preps)
        if theme is not None:
            pairs = pairs + theme_pairs
        rec_h = [o for o in objects
                 if theme is None or argument_head(o).i != theme.i] + datives + [
            o for _p, o in pairs]
        if not rec_h and entry.plover == "REQUEST":
            # "demanded that the Sudanese government end curbs": the one asked is the subject
            # of the demanded clause
            rec_h += [g for c in verb.children if c.dep_ == "ccomp" for g in c.children
                      if g.dep_ in ("nsubj", "nsubjpass")]
        anchor = verb
    # "attacked Israel with rockets", "fired tear gas": a weapon the act is done with, or
    # that the verb wields, is no recipient; where it is aimed is ("fired a barrage of
    # rockets at Israel"; "shot down a jet": the jet is the target, not wielded)
    wielded = [h for h in objects if names_weapon(argument_head(h))] if wields(verb) else []
    rec_h = [h for h in rec_h if not (
        h.dep_ == "pobj" and h.head.lower_ in ("with", "using") and names_weapon(h))
        and h not in wielded]
    aimed = [o for t in wielded + ([verb] if wielded else [])
             for _p, o in pobjs(t, _AIMED_PREPS)]
    rec_h += [o for o in aimed if o not in rec_h]
    weak_extra: list[tuple[str, Token]] = []
    if not rec_h:
        # "threatened to deliver blows to the United States", "refused to allow United
        # Nations planes": whom the complement's act is aimed at; else the place the act is
        # aimed at ("sought refuge in Germany", "extend the curfew in Abidjan"), kept only
        # when it names a known actor
        weak_extra = _complement_targets(verb)
        if not weak_extra and not getattr(entry, "reciprocal", False):
            weak_extra = pobjs(verb, _WHERE_PREPS) + (
                _through_of(pobjs(light_noun, _WHERE_PREPS), rec_preps)
                if light_noun is not None else [])
        rec_h = [o for _p, o in weak_extra]
    rec_h = [h for h in rec_h if not _pattern_object(h, entry)]
    actors = _collect(actors_h, set())
    recipients = _collect(rec_h, {a.i for a in actors} | {verb.i})
    if light_noun is not None:
        recipients = [r for r in recipients if r.i != light_noun.i]
    start, end = _trigger_range(verb, light_noun, verb.doc, particles)
    m = Mention(start, end, anchor, entry, pattern, actors, recipients,
                reciprocal=bool(getattr(entry, "reciprocal", False)) and not recipients
                and len(actors) > 1,
                subject_how=how, light_noun=light_noun, object_shared=bool(shared),
                governor=verb if light_noun is not None else None,
                weak=(_weak_conj(pairs, entry)
                      | {c.i for _p, o in weak_extra for c in conjuncts(argument_head(o))})
                # where a weapon is aimed is no mere place
                - {c.i for o in aimed for c in conjuncts(argument_head(o))},
                solo=solo)
    return m


def _theme(verb: Token, obj: Token, entry) -> tuple[Token | None, list[tuple[str, Token]]]:
    """Whether the object the pattern names is what is given, sent or stated rather than a
    party to the act, and the recipients hung on it: "returned two paintings to Brazil",
    "deploying troops to Mali", "eased restrictions on foreign workers", "sent vehicles and a
    team of paratroopers to Lebanon", "claimed responsibility".  (None, []) when the object
    is the target ("expelled inspectors")."""
    preps = _entry_preps(entry)
    if entry.quad_class == 0 or ("to" in preps and pobjs(verb, {"to"})):
        return obj, []
    if (entry.cameo or "")[:2] in _GIVING_ROOTS:
        aimed = preps - {"of"}
        on_object = [p for c in conjuncts(obj) for p in pobjs(argument_head(c), aimed)]
        if on_object or pobjs(verb, aimed):
            return obj, on_object
    return None, []


def _weak_conj(pairs: list[tuple[str, Token]], entry) -> set[int]:
    weak = _weak(pairs, entry)
    return {c.i for p, o in pairs if o.i in weak for c in conjuncts(argument_head(o))}


def _trigger_range(verb: Token, noun: Token | None, doc, particles: list[str]) -> tuple[int, int]:
    lo = hi = verb.i
    if noun is not None and abs(noun.i - verb.i) <= 4:
        lo, hi = min(lo, noun.i), max(hi, noun.i)
    elif particles:
        for c in verb.children:
            if c.dep_ == "prt" and c.i == hi + 1:
                hi = c.i
    return lo, hi + 1


def noun_entry_for(noun: Token, lexicon):
    """The lexicon entry of an event noun with its prepositions, modifiers ("air" strike) and
    the objects of its prepositions ("suspension of aid")."""
    preps: list[str] = []
    mods: list[str] = []
    pobj_lemmas: list[str] = []
    for c in noun.children:
        dep = c.dep_
        if dep == "prep":
            preps.append(c.lower_)
            pobj_lemmas.extend(g.lemma_.lower() for g in c.children if g.dep_ == "pobj")
        elif dep in ("amod", "compound", "nmod"):
            mods.append(c.lemma_.lower())
    return lexicon.match_noun(noun.lemma_.lower(), preps, mods, pobj_lemmas)


# Nominal events whose "of" object undergoes the act rather than performs it ("the killing
# of a woman", "the arrest of a journalist") ...
_PATIENT_OF_TYPES = frozenset({"ASSAULT", "COERCE"})
# ... except nouns whose "of" names the side that acts: "the attacks of the state", "the
# aggression of the regime", "the repression of the junta".
_AGENT_OF_NOUNS = frozenset({
    "attack", "assault", "aggression", "offensive", "violence", "repression", "crackdown",
    "war", "fighting", "hostility", "terror", "terrorism", "brutality", "campaign",
})
# Nouns whose possessor, when a person, is the one the act befalls ("his arrest", "Monique
# Baugh's kidnapping", "Khashoggi's murder") unless an "of" phrase names the victim ("Iran's
# execution of dissidents").  A purge, ban or campaign keeps its possessor as the actor
# ("Erdogan's purge").
_POSS_PATIENT_NOUNS = frozenset({
    "arrest", "detention", "abduction", "kidnapping", "kidnap", "murder", "killing",
    "assassination", "execution", "imprisonment", "torture", "disappearance", "beating", "rape",
    "jailing", "deportation", "extradition", "expulsion", "incarceration", "internment",
    "conviction", "sentencing", "capture", "lynching", "stabbing", "shooting", "slaying",
    "hanging", "prosecution", "eviction",
})
_PERSONAL_POSS = frozenset({"his", "her", "their", "my", "our", "your"})


# Sectors of people one by one (a journalist, a pastor, a student), not of institutions that
# act as a body (government, army, police, rebels)
_PERSON_SECTORS = frozenset({"CVL", "JRN", "EDU", "MED", "REL", "LAB", "AGR", "REF", "CRM",
                             "HRI", "BUS", "ENV"})


def _victim_possessor(noun: Token, poss: Token) -> bool:
    """Whether the possessor of a patient noun is a person ("his arrest", "Khashoggi's
    murder", "the journalist's detention"), not a state or body that acts ("Iran's
    executions")."""
    if noun.lemma_.lower() not in _POSS_PATIENT_NOUNS:
        return False
    if poss.ent_type_ == "PERSON" or poss.lower_ in _PERSONAL_POSS:
        return True
    known = poss.ent_id_
    if poss.pos_ == "PROPN":
        # a name the actor ruler does not know as a country or organisation (the model
        # tags many a surname GPE or ORG: "Khashoggi's murder")
        return (known.startswith("person:") or not known) and poss.ent_type_ != "NORP"
    if poss.pos_ == "NOUN" and not known:
        from dotterel.knowledge.actors import get_actor_kb

        return get_actor_kb().sector_for_noun(poss.lemma_.lower()) in _PERSON_SECTORS
    return False


def _patient_of(noun: Token, entry) -> bool:
    return entry.plover in _PATIENT_OF_TYPES and noun.lemma_.lower() not in _AGENT_OF_NOUNS


# Nouns of a war fought in a place: a bare place name compounded on them ("the Iraq war",
# "the Gaza war", "the Ukraine invasion") names the theatre, not a side; an adjective ("the
# Russian invasion") or a pair ("the Iran-Iraq war") names the sides.
_THEATRE_NOUNS = frozenset({"war", "conflict", "invasion", "occupation", "siege"})


# A prison term being served is a state, not the act that imposed it: "is serving his
# sentence", "finished the latter part of her sentence".
_TERM_NOUNS = frozenset({"sentence", "term"})
_SERVING_VERBS = frozenset({"serve", "finish", "complete", "spend", "begin", "start", "end",
                            "continue", "resume"})
_PART_NOUNS = frozenset({"part", "rest", "remainder", "balance", "end", "half", "third", "most",
                         "portion", "year", "month"})


def _term_served(noun: Token) -> bool:
    """Whether ``noun`` is a prison term being served (its object of serve, finish ...)."""
    if noun.lemma_.lower() not in _TERM_NOUNS:
        return False
    tok = noun
    # "the latter part of her sentence", "two years of his sentence"
    while (tok.dep_ == "pobj" and tok.head.lower_ == "of"
           and tok.head.head.lemma_.lower() in _PART_NOUNS):
        tok = tok.head.head
    return tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in _SERVING_VERBS


def noun_mention(noun: Token, lexicon) -> Mention | None:
    """A nominal event with the participants its own phrase names."""
    if noun.dep_ in ("compound", "poss") or is_state_predicate(noun) or _term_served(noun):
        return None
    entry = noun_entry_for(noun, lexicon)
    if entry is None:
        return None
    rec_preps = _entry_preps(entry)
    reciprocal = bool(getattr(entry, "reciprocal", False))
    actors_h: list[Token] = []
    recipients_h: list[Token] = []
    between: list[Token] = []
    of_objs: list[Token] = []
    mods: list[Token] = []
    rec_pairs: list[tuple[str, Token]] = []
    solo: set[int] = set()
    poss_victims: list[Token] = []
    for c in noun.children:
        if c.dep_ == "poss":
            (poss_victims if _victim_possessor(noun, c) else actors_h).append(c)
        elif c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in _MOD_ENT_TYPES:
            pair = _hyphen_partner(c)
            if (pair is None and c.dep_ == "compound" and c.pos_ == "PROPN"
                    and c.ent_type_ in ("GPE", "LOC") and noun.lemma_.lower() in _THEATRE_NOUNS):
                recipients_h.append(c)  # "the Iraq war", "the Ukraine invasion": where, on whom
                continue
            mods.append(c)
            if pair is not None:  # "Iran-Pakistan cooperation", "Israel-Hamas war"
                mods.insert(len(mods) - 1, pair)
                solo.update((c.i, pair.i))
    for prep, obj in _through_of(pobjs(noun, None), rec_preps):
        if prep == "by":
            actors_h.append(obj)
        elif prep in ("between", "among"):
            between.append(obj)
        elif prep == "of":
            of_objs.append(obj)
        elif prep in rec_preps:
            recipients_h.append(obj)
            rec_pairs.append((prep, obj))
    for obj in of_objs:
        h = argument_head(obj)
        inner = [o for _p, o in pobjs(h, ("between", "among"))]
        if inner and not h.ent_type_:
            between.extend(inner)  # "normalization of relations between X and Y"
        elif actors_h or _patient_of(noun, entry):
            # "the killing of a woman", "the arrest of a journalist": the victim
            recipients_h.append(h)
        else:
            actors_h.append(h)
    if of_objs:
        actors_h.extend(poss_victims)  # "his arrest of the protesters": he acts
    else:
        recipients_h.extend(poss_victims)
    # PP-attachment repair: "the aggression of the regime against Iran" hangs "against Iran"
    # on "regime"; a directed preposition of the event belongs to the event.
    for h in actors_h:
        for _p, o in pobjs(h, rec_preps & _REPAIR_PREPS):
            recipients_h.append(o)
    if between:
        if reciprocal or not actors_h:
            actors_h.extend(between)
        else:
            recipients_h.extend(between)
    if not actors_h and mods:
        actors_h.extend(mods)
    actors = _collect(actors_h, {noun.i})
    if reciprocal and not recipients_h and len(actors) < 2 and not between:
        return None if not actors else Mention(
            noun.i, noun.i + 1, noun, entry, "nominal", actors, [], reciprocal=False
        )
    recipients = _collect(recipients_h, {a.i for a in actors} | {noun.i})
    if not actors and not (_patient_of(noun, entry) and (of_objs or poss_victims) and recipients):
        # an agentless nominal event is kept only when its phrase names the victim ("the
        # killing of a woman", "her arrest"), as an agentless passive is ("a woman was killed")
        return None
    return Mention(noun.i, noun.i + 1, noun, entry, "nominal", actors, recipients,
                   reciprocal=reciprocal and not recipients and len(actors) > 1,
                   weak=_weak_conj(rec_pairs, entry), solo=solo)


_DIRECTED = frozenset({"to", "against", "on", "for", "with"})
_REPAIR_PREPS = frozenset({"against", "on", "into", "upon"})


_TARGET_PREPS = frozenset({"to", "against", "on", "with", "into", "from", "for", "at", "in"})
_AIMED_PREPS = frozenset({"at", "on", "into", "against", "toward", "towards", "upon"})
# Material cooperation, aid and yielding (CAMEO 06-08): the pattern's object is what is given,
# shared or eased, and the one it is aimed at is named by a preposition.
_GIVING_ROOTS = frozenset({"06", "07", "08"})
_AID_ROOTS = frozenset({"06", "07"})  # material cooperation and aid, without yielding
_WHERE_PREPS = frozenset({"in", "inside", "at", "into"})


def _complement_targets(verb: Token) -> list[tuple[str, Token]]:
    """Objects and directed prepositional objects of an infinitival complement (and of its
    object): candidates for the recipient, kept only when they name a known actor."""
    out: list[tuple[str, Token]] = []
    for c in verb.children:
        if c.dep_ != "xcomp":
            continue
        for g in c.children:
            if g.dep_ in ("dobj", "dative"):
                out.append(("", g))
                out.extend(pobjs(g, _TARGET_PREPS))
            elif g.dep_ == "ccomp" or g.dep_ == "xcomp":
                out.extend(("", x) for x in g.children if x.dep_ in ("nsubj", "dobj"))
        out.extend(pobjs(c, _TARGET_PREPS))
    return out


def _noun_owners(noun: Token, actor_ids: set[int], solo: set[int]) -> list[Token]:
    """Whose an event noun is, when that is not its actor; the two names of a hyphenated
    pair are added to ``solo``."""
    out = []
    for c in noun.children:
        if c.i in actor_ids:
            continue
        if c.dep_ == "poss" and c.pos_ != "PRON":
            out.append(c)
        elif c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in _MOD_ENT_TYPES:
            pair = _hyphen_partner(c)
            if pair is not None and pair.i not in actor_ids:
                out.append(pair)  # "strengthening Iran-Pakistan cooperation"
                solo.update((pair.i, c.i))
            out.append(c)
    return out


def _through_of(pairs: list[tuple[str, Token]], rec_preps: set[str]) -> list[tuple[str, Token]]:
    """"suspension of aid to Egypt", "10 million euros in aid to Lebanon": the recipient
    sits under the object of "of" or "in"."""
    out = []
    for prep, obj in pairs:
        if prep in ("of", "in") and obj.pos_ == "NOUN" and not obj.ent_type_:
            inner = [(p, o) for p, o in pobjs(obj, (rec_preps | _DIRECTED) - {"of"})
                     if p not in LOCATIVE_PREPS]
            if inner:
                out.extend(inner)
                continue
        out.append((prep, obj))
    return out


def _hyphen_partner(tok: Token) -> Token | None:
    """The other name of a hyphenated pair: "Iran-Pakistan" -> Iran for Pakistan."""
    doc = tok.doc
    for c in tok.children:
        if (c.dep_ in ("compound", "amod", "nmod")
                and (c.ent_type_ in _MOD_ENT_TYPES or c.lower_ in COMBINING_FORMS)
                and c.i + 2 == tok.i and doc[c.i + 1].text in ("-", "–")):
            return c  # "Sino-Indian talks": a combining form stands for its country
    return None



def means_antecedent(noun: Token) -> Token | None:
    """For "X, which was achieved through the mediation of China": the event ("X") that the
    nominal ``noun`` is the means of, as a token (verb or event noun), else None."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in _MEANS_PREPS:
        return None
    verb = noun.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return argument_head(c)
    if verb.dep_ == "relcl":
        return verb.head
    return verb


_TITLE_VERBS = frozenset({"entitle", "title", "headline", "subtitle", "caption"})


def _titled(sent: Span) -> set[int]:
    """Token ids inside the name of a work ("a report entitled 'Winds of War'"):
    words there name a text, not an event."""
    out: set[int] = set()
    for tok in sent:
        if tok.lemma_.lower() in _TITLE_VERBS and tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ in ("oprd", "xcomp", "ccomp", "dobj", "attr", "dep", "npadvmod"):
                    out.update(range(c.left_edge.i, c.right_edge.i + 1))
    return out


_OBLIGATION = frozenset({"must", "should"})


def demand_mention(verb: Token, lexicon, cues) -> Mention | None:
    """"Russia said that Sudan must return the helicopter": a demand by the speaker on the
    subject of the obligation (CAMEO 10, PLOVER REQUEST)."""
    if cues is None or verb.lemma_.lower() not in cues.reporting_verbs:
        return None
    for c in verb.children:
        if c.dep_ != "ccomp":
            continue
        if not any(a.dep_ == "aux" and a.lower_ in _OBLIGATION for a in c.children):
            continue
        entry = lexicon.match_verb("demand")
        if entry is None:
            return None
        actors_h, how = subjects(verb)
        actors = _collect(actors_h, set())
        targets = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
        recipients = _collect(targets, {a.i for a in actors})
        m = Mention(verb.i, verb.i + 1, verb, entry, "reported-must", actors, recipients,
                    subject_how=how)
        m.content = c
        return m
    return None


_KEYS: dict[int, tuple[object, frozenset[str], frozenset[str]]] = {}


def _lexicon_keys(lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The verb lemmas and noun keys the lexicon knows: one set lookup per token decides
    whether a word is worth matching at all."""
    hit = _KEYS.get(id(lexicon))
    if hit is None or hit[0] is not lexicon:
        hit = (lexicon, frozenset(lexicon.verb_lemmas()), frozenset(lexicon.noun_lemmas()))
        _KEYS[id(lexicon)] = hit
    return hit[1], hit[2]


def extract_sentence(sent: Span, lexicon, cues=None) -> list[Mention]:
    """All event mentions in one sentence (status is added by the caller).  ``cues`` (the
    discourse vocabulary) enables the reported-obligation pattern ("said X must ...")."""
    mentions: list[Mention] = []
    consumed: set[int] = _titled(sent)
    demands: list[Mention] = []
    noun_keys = _lexicon_keys(lexicon)[1]  # verbs: the lexicon repairs lemmas ("stag")
    for tok in sent:
        if tok.pos_ == "VERB" and tok.i not in consumed:
            d = demand_mention(tok, lexicon, cues)
            if d is not None:
                demands.append(d)
                continue
            m = verb_mention(tok, lexicon, consumed)
            if m is not None:
                mentions.append(m)
    if demands:
        # the content of a demand is not an event of its own; it specialises the demand
        from dotterel.extract.recode import demand_entry

        for d in demands:
            lo, hi = d.content.left_edge.i, d.content.right_edge.i
            inner = [m for m in mentions if lo <= m.anchor.i <= hi]
            main = next((m for m in inner if (m.governor or m.anchor).i == d.content.i), None)
            d.entry = demand_entry(d.entry, main.entry if main is not None else None)
            mentions = [m for m in mentions if m not in inner]
        mentions += demands
    by_token: dict[int, Mention] = {m.anchor.i: m for m in mentions}
    nominal: list[Mention] = []
    for tok in sent:
        if tok.pos_ == "NOUN" and tok.i not in consumed and norm(tok.lemma_) in noun_keys:
            m = noun_mention(tok, lexicon)
            if m is not None:
                nominal.append(m)
                by_token[tok.i] = m
    for m in nominal:
        if m.recipients:
            continue
        target = means_antecedent(m.anchor)
        other = by_token.get(target.i) if target is not None else None
        if other is None and target is not None and target.dep_ == "pobj":
            other = by_token.get(target.head.head.i)  # "normalization of relations, which"
        if other is not None and other is not m:
            seen = {a.i for a in m.actors}
            m.recipients = [t for t in other.actors + other.recipients if t.i not in seen]
            m.reciprocal = False
            m.linked = other
    mentions.extend(nominal)
    mentions.sort(key=lambda m: m.trigger_start)
    return mentions


def _lend_recipients(content: Mention, governor: Mention) -> None:
    """A governing event with no recipient of its own takes those of the act it governs."""
    if not governor.recipients:
        governor.recipients = list(content.recipients)
        governor.weak = governor.weak | content.weak


def cue_indices(infos: list) -> set[int]:
    """Token ids of the reporting, denial and hedge verbs that embed the mentions' events."""
    return {info.cue.i for info in infos if getattr(info, "cue", None) is not None}


def carries_claim(m: Mention, carriers: set[int]) -> bool:
    """A statement ("said", "denied") whose complement carries another mention's event."""
    verb = m.governor or m.anchor
    return verb.i in carriers and (m.entry.quad_class == 0 or m.entry.plover is None)


_OWNING_VERBS = frozenset({"claim", "admit", "confess", "acknowledge"})
_SELF_PRONOUNS = frozenset({"they", "it", "we", "he", "she", "i"})


def _owns_act(statement: Mention, carried: list[Mention]) -> bool:
    """"UNITA claimed that they had attacked the air base", "the group admitted it killed
    the hostages": the speaker claims an act of its own, which is claiming responsibility
    (CAMEO 015) as well as the act claimed."""
    if statement.anchor.lemma_.lower() not in _OWNING_VERBS or not statement.actors:
        return False
    speakers = {a.lower_ for a in statement.actors}
    return any(
        c.entry.quad_class == 4 and c.actors
        and all(a.lower_ in _SELF_PRONOUNS or a.lower_ in speakers for a in c.actors)
        for c in carried)


# prepositions whose gerund is what a warning or a demand is about, or its condition
_CONTENT_PREPS = frozenset({"against", "for", "about", "of", "on", "before"})


def _warned_of(verb: Token, k: int, by_anchor: dict[int, int], mentions: list[Mention]
               ) -> int | None:
    """The index of the threat or demand whose prepositional gerund is ``verb`` ("warned
    Kyiv against using", "called for ending"), else None."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in _CONTENT_PREPS:
        return None  # "warned Israel after attacking its embassy": that attack happened
    g = by_anchor.get(prep.head.i)
    if g is None or g == k or mentions[g].entry.plover not in ("THREATEN", "REQUEST"):
        return None
    return g


def _demand_of(verb: Token, k: int, by_head: dict[int, int], mentions: list[Mention]
               ) -> int | None:
    """The index of the demand whose that-clause (or, on its noun, for-clause: "a call for
    Israel to halt") is ``verb``, else None.  A demanded act is a subjunctive ("demanded
    that Iran release the sailors"): no modal marks it unreal, so it is the demand's content.
    A threat's or a promise's clause carries its modal ("warned that it could cut aid") and
    stays an event of its own with that status."""
    if verb.dep_ not in ("ccomp", "acl") and not (
            verb.dep_ == "advcl" and verb.head.pos_ == "NOUN"):
        return None
    g = by_head.get(verb.head.i)
    if g is None or g == k or mentions[g].entry.plover != "REQUEST":
        return None
    return g


def select(mentions: list[Mention], infos: list, cues) -> list[tuple[Mention, object]]:
    """Keep one event per happening where the grammar nests one trigger in another.

    - A statement verb ("said", "denied") whose complement carries a coded event is the
      claim about that event, not an event of its own (its status/claimant already say it);
      the coder codes it after all when nothing else in the sentence is coded.  A speaker
      claiming or admitting a violent act of its own claims responsibility (015): both stay.
    - "plans to send", "failed to stop", "refused to comment": the framing verb (a modal
      governor, or a refusal of comment) gives way to the event it governs; "threatened to
      attack", "agreed to withdraw", "urged X to stop": the governing verb is the event and
      the governed one is its content (a generic threat, demand or appeal takes its code
      from it: ``governed_entry``).
    - What a demand asks for ("demanded that Iran release ...", "its demand that Israel
      ease ...") and what a warning or demand is about ("warned Kyiv against using ...")
      has not happened: the content, not an event.
    """
    by_anchor = {(m.governor or m.anchor).i: k for k, m in enumerate(mentions)}
    # a clause may hang on the governing verb or on its event noun ("its demand that ...")
    by_head = by_anchor | {m.light_noun.i: k for k, m in enumerate(mentions)
                           if m.light_noun is not None}
    carriers = cue_indices(infos)
    drop: set[int] = set()
    for k, m in enumerate(mentions):
        verb = m.governor or m.anchor
        if carries_claim(m, carriers):
            if _owns_act(m, [c for c, info in zip(mentions, infos, strict=True)
                             if getattr(info, "cue", None) is not None
                             and info.cue.i == verb.i]):
                m.entry = responsibility_entry(m.entry)  # both are events
                continue
            drop.add(k)
            continue
        if verb.dep_ == "xcomp" and verb.head.i in by_anchor:
            h = by_anchor[verb.head.i]
            if verb.head.lemma_.lower() in cues.modal_governors or (
                verb.head.lemma_.lower() in cues.failure_verbs and m.entry.cameo == "010"
            ) or (verb.tag_ == "VBN" and verb.head.lemma_.lower() in cues.reporting_verbs):
                # "refused to comment": declining comment (011), not a rejection; "were
                # reported killed": the report gives way to the act it reports
                drop.add(h)
            else:
                drop.add(k)
                # "threatened to impose restrictions against German goods": the threatened
                # act names whom the threat is against, and what is threatened
                _lend_recipients(m, mentions[h])
                mentions[h].entry = governed_entry(mentions[h].entry, m.entry)
        elif (g := _warned_of(verb, k, by_anchor, mentions)) is not None:
            # "warned Kyiv against using Western missiles", "called for ending the war": what
            # a warning or a demand is about has not happened
            drop.add(k)
            _lend_recipients(m, mentions[g])
        elif (g := _demand_of(verb, k, by_head, mentions)) is not None:
            # "demanded that Iran release the sailors", "its demand that Israel ease
            # restrictions": what is demanded has not happened; it is the demand's content,
            # and the one asked to act is whom the demand is aimed at
            drop.add(k)
            if not mentions[g].recipients:
                mentions[g].recipients = list(m.actors)
            mentions[g].entry = governed_entry(mentions[g].entry, m.entry)
        elif is_purpose_clause(verb) and verb.head.i in by_anchor:
            g = by_anchor[verb.head.i]
            governor = mentions[g]
            if governor.entry.plover == "PROTEST":
                # "continued their hunger strike to demand the resignation of the
                # president": a protest is aimed at whom its purpose names; both are events
                _lend_recipients(m, governor)
            elif (m.entry.cameo or "")[:2] in _AID_ROOTS and moves_forces(
                    governor.entry, governor.anchor):
                # "soldiers deployed to Nigeria to train Nigerian soldiers", "troops have
                # arrived in Nepal to help deliver aid": the aid or cooperation is the event,
                # the deployment how it came
                drop.add(g)
    return [(m, info) for k, (m, info) in enumerate(zip(mentions, infos, strict=True))
            if k not in drop]
