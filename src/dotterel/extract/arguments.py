"""arguments: who does it and to whom, read off the dependency parse.

Every function here takes a spaCy ``Token`` and looks only at its children or its chain of
heads: no subtree is walked more than once per argument, so the cost stays proportional to
the number of triggers, not to the square of the sentence length.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

# Edges that end a noun phrase: what hangs off them is another clause, another conjunct or
# an aside, not part of the name of the actor.
_NP_STOP_DEPS = frozenset(
    {"relcl", "acl", "conj", "cc", "appos", "punct", "advcl", "parataxis", "ccomp", "dep",
     "preconj", "mark", "advmod", "npadvmod"}
)
# Prepositions that stay inside an actor phrase: "the Islamic Republic of Iran",
# "a researcher from the Institute of Pakistan and China Studies".
_NP_KEEP_PREPS = frozenset({"of", "from"})
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
# Heads that quantify the real argument: "some of Iran's officials", "dozens of protesters".
_QUANTIFIERS = frozenset(
    {"some", "many", "several", "most", "all", "one", "two", "three", "few", "none", "dozens",
     "dozen", "tens", "hundreds", "hundred", "thousands", "thousand", "millions", "scores",
     "number", "majority", "part", "group", "members", "each", "both", "any", "rest",
     "remnants", "unit", "units", "lots", "lot", "batch", "contingent", "patch", "crowd",
     "crowds", "handful", "kg", "kilogram", "ton", "tonne", "tons", "tonnes", "amount",
     "quantity", "consignment", "truckload", "load", "portion", "team"}
)
# Heads that count or bundle acts: "a new round of talks", "a wave of airstrikes", "a
# barrage of missiles", "a package of sanctions".
_PARTITIVES = frozenset(
    {"round", "wave", "series", "spate", "string", "barrage", "flurry", "volley", "salvo",
     "bout", "burst", "hail", "rash", "raft", "package", "set", "slew", "spree",
     "state"}  # "declared a state of emergency"
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Prepositions whose gerund takes the verb's object (or passive subject) as its doer:
# "accused X of", "arrested X for", "charged X with", "prevented X from".
_OBJECT_CONTROL_PREPS = frozenset({"of", "for", "with", "from", "over"})
_COPULA_LEMMAS = frozenset({"be", "become", "remain"})


def np_span(head: Token) -> Span:
    """The noun phrase headed by ``head`` without its relative clauses, conjuncts and asides.

    "the Islamic Republic of Iran" stays whole; "Tel Aviv and Haifa" gives "Tel Aviv" for the
    head "Aviv" (the conjunct "Haifa" is its own phrase).
    """
    left = right = head.i
    for child in head.children:
        dep = child.dep_
        if dep in _NP_STOP_DEPS:
            continue
        if dep == "prep" and child.lower_ not in _NP_KEEP_PREPS:
            continue
        if child.i < head.i:
            left = min(left, child.left_edge.i)
        else:
            right = max(right, child.right_edge.i)
    doc = head.doc
    while left < head.i and (doc[left].is_punct or doc[left].dep_ == "cc"):
        left += 1
    while right > head.i and (doc[right].is_punct or doc[right].dep_ in ("cc", "case")):
        right -= 1
    return doc[left : right + 1]


def entity_span(tok: Token) -> Span:
    """The named entity ``tok`` belongs to, or the token alone."""
    doc = tok.doc
    if not tok.ent_type_:
        return doc[tok.i : tok.i + 1]
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def owner_of(noun: Token) -> Token | None:
    """Whose thing a common noun is: its possessor ("Iran's response") or its "of" object
    ("the response of the Islamic Republic of Iran")."""
    for c in noun.children:
        if c.dep_ == "poss":
            return argument_head(c)
    obj = _pobj_of(noun, "of")
    return argument_head(obj) if obj is not None else None


def owners_of(noun: Token) -> list[Token]:
    """Who a common noun belongs to or comes from, nearest first: its possessor, its "of",
    "by" or "from" object ("calls by Kofi Annan", "an offer from Afghanistan")."""
    out = []
    first = owner_of(noun)
    if first is not None:
        out.append(first)
    for prep in ("by", "from"):
        obj = _pobj_of(noun, prep)
        if obj is not None:
            out.append(argument_head(obj))
    return out


def partners_of(noun: Token) -> list[Token]:
    """Whom an abstract noun is aimed at: "evidence with the U.S.", "a truce with Moslem
    forces", "its demand that Israel ease ..." (the subject of its clause)."""
    out = []
    for prep in ("with", "to", "against", "on", "for"):
        obj = _pobj_of(noun, prep)
        if obj is not None:
            out.append(argument_head(obj))
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp"):
            out.extend(argument_head(g) for g in c.children if g.dep_ == "nsubj")
    return out


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens coordinated with it ("Tel Aviv and Haifa" -> Aviv, Haifa)."""
    out = [tok]
    for t in out:  # grows while iterating: conj of conj
        for c in t.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM"):
                out.append(c)
    return out


def argument_head(tok: Token) -> Token:
    """The token that names the participant: relative pronouns point to their antecedent,
    quantifiers to what they count ("some of Iran's officials" -> officials)."""
    for _ in range(3):
        low = tok.lower_
        dateline = _dateline_appos(tok)
        if dateline is not None:
            tok = dateline
            continue
        if low in _RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            tok = tok.head.head
            continue
        if low in _QUANTIFIERS or tok.lemma_ in _QUANTIFIERS or (
                tok.pos_ == "NOUN" and tok.lemma_ in _PARTITIVES):
            nxt = _pobj_of(tok, "of")
            if nxt is not None:
                tok = nxt
                continue
        break
    return tok


_DASHES = frozenset({"-", "–", "—", "--"})


def _dateline_appos(tok: Token) -> Token | None:
    """"AFP – A French diplomat said ...": the outlet's dateline is not the subject."""
    if tok.i != tok.sent.start:
        return None
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].text not in _DASHES:
        return None
    for c in tok.children:
        if c.dep_ == "appos" and c.i > tok.i + 1:
            return c
    return None


def _pobj_of(tok: Token, prep: str) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == prep:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def pobjs(tok: Token, preps) -> list[tuple[str, Token]]:
    """(preposition, object) pairs under ``tok`` for prepositions in ``preps`` (None: all)."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and (preps is None or c.lower_ in preps):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    out.append((c.lower_, g))
    return out


def root_predicate(verb: Token) -> bool:
    """A verb the parser hung on the sentence's noun as a participle although it is the
    sentence's predicate: "A suicide bombing and shelling killed at least nine people" (a
    participle modifying a noun takes no direct object)."""
    return (
        verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and verb.head.dep_ == "ROOT"
        and verb.head.pos_ in ("NOUN", "PROPN") and verb.i > verb.head.i
        and any(c.dep_ == "dobj" for c in verb.children)
    )


def is_passive(verb: Token) -> bool:
    for c in verb.children:
        if c.dep_ in ("auxpass", "nsubjpass"):
            return True
    # "networks supported by foreign services": a past participle modifying a noun
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return not root_predicate(verb)
    # "was shot and wounded": the second participle shares the first one's passive;
    # "was found murdered", "was reported killed": a participle completing a passive
    return _follows_participle(verb) and verb.head.i != verb.i and any(
        c.dep_ == "auxpass" for c in verb.head.children
    )


def _follows_participle(verb: Token) -> bool:
    """A past participle coordinated with, or completing, the verb above it."""
    return verb.dep_ in ("conj", "xcomp") and verb.tag_ == "VBN"


_BARE_VERB_DEPS = frozenset({"cc", "punct", "conj", "nsubj", "advmod", "neg", "aux"})


def shared_objects(verb: Token) -> list[Token]:
    """The object a verb shares with the conjuncts after it: "raped and killed dozens of
    women", "beat, robbed and detained the protesters".  Only a bare verb shares (no object,
    complement or preposition of its own), and only with verbs that have no subject of their
    own."""
    if verb.pos_ != "VERB" or any(c.dep_ not in _BARE_VERB_DEPS for c in verb.children):
        return []
    for c in verb.children:
        if c.dep_ != "conj" or c.pos_ != "VERB" or c.i < verb.i:
            continue
        if any(g.dep_ in SUBJECT_DEPS for g in c.children):
            return []
        found = [g for g in c.children if g.dep_ == "dobj"] or shared_objects(c)
        if found:
            return found
    return []


def shared_passive_subjects(verb: Token) -> list[Token]:
    """The patient of a coordinated passive participle ("X was shot and wounded" -> X) or
    of one completing a passive ("X was found murdered")."""
    if _follows_participle(verb):
        return [c for c in verb.head.children if c.dep_ == "nsubjpass"]
    return []


def passive_agents(verb: Token) -> list[Token]:
    for c in verb.children:
        if c.dep_ == "agent":
            return [g for g in c.children if g.dep_ == "pobj"]
    # "were killed, raped and kidnapped by ISIS": the agent of the last coordinated
    # participle is every one's
    for c in verb.children:
        if c.dep_ == "conj" and c.tag_ == "VBN" and not any(
                g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            return passive_agents(c)
    return []


def subjects(verb: Token) -> tuple[list[Token], str]:
    """The grammatical subject(s) of ``verb`` and how they were found.

    Returns (tokens, how) where how is "own", "control" (xcomp: "Israel attempted to destroy"),
    "shared" (coordinated verbs share the first verb's subject), "participle" ("..., targeting
    X"), "purpose" (an infinitive of purpose: "sent officials to Qatar to investigate"),
    "relative" (infinitival relatives: "the first country to recognize Pakistan") or "" when
    none is found.
    """
    tok = verb
    how = "own"
    for _ in range(6):
        found = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
        if not found and tok is verb:
            found = [c for c in tok.children if c.dep_ == "nsubjpass"] or [
                # "Russia is opposed to ...": the model may hang the subject on the auxiliary
                g for c in tok.children if c.dep_ in ("aux", "auxpass")
                for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
        if found:
            return [argument_head(f) for f in found], how
        dep = tok.dep_
        head = tok.head
        if head.i == tok.i:
            break
        if root_predicate(tok):
            return [argument_head(head)], how  # "A suicide bombing ... killed nine people"
        if dep == "xcomp":
            objs = [c for c in head.children if c.dep_ == "dobj"]
            if objs:  # object control: "urged Iran to stop"
                return [argument_head(objs[0])], "control"
            how = "control"
        elif dep == "conj" and head.pos_ in ("VERB", "AUX"):
            how = "shared"
        elif (dep == "pcomp" and tok.tag_ == "VBG" and head.dep_ == "prep"
              and head.head.pos_ in ("VERB", "AUX")):
            # a gerund after a preposition: "accused Israel of attacking", "arrested a man for
            # killing", "was charged with kidnapping" name the doer as the verb's object or
            # passive subject; "after raiding", "by bombing", "confessed to murdering" as its
            # subject
            head = head.head
            if head.lemma_ == "come" and tok.head.lower_ == "to" and any(
                    c.dep_ == "nsubj" and c.lower_ == "it" for c in head.children):
                break  # "when it comes to resolving ...": a topic, no doer
            if tok.head.lower_ in _OBJECT_CONTROL_PREPS:
                objs = [c for c in head.children if c.dep_ == "dobj"]
                if not objs and is_passive(head):
                    objs = [c for c in head.children if c.dep_ == "nsubjpass"]
                if objs:
                    return [argument_head(objs[0])], "gerund"
            how = "gerund"
        elif dep in ("acomp", "attr") and head.lemma_ in _COPULA_LEMMAS:
            how = "control"  # "Arnor is about / ready / willing to restore ties"
        elif dep == "advcl" and tok.tag_ in ("VBG", "VBN") and not has_mark(tok):
            how = "participle"
        elif is_purpose_clause(tok):
            how = "purpose"  # "sent a team to Qatar to investigate": the sender's act
        elif dep in ("acl", "relcl") and tok.tag_ in ("VB", "VBG") and head.pos_ in ("NOUN", "PROPN"):
            # "the first country to recognize X": the noun, or the subject it predicates
            if head.dep_ == "attr" and head.head.lemma_ in _COPULA_LEMMAS:
                subj = [c for c in head.head.children if c.dep_ == "nsubj"]
                if subj:
                    return [argument_head(subj[0])], "relative"
            return [head], "relative"
        else:
            break
        tok = head
    return [], ""


def is_purpose_clause(tok: Token) -> bool:
    """An infinitive of purpose hung on a verb: "sent officials to Qatar *to investigate*"."""
    return (tok.dep_ == "advcl" and tok.tag_ == "VB" and not has_mark(tok)
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children))


def has_mark(tok: Token) -> bool:
    """Whether a clause opens on a subordinator ("after", "when", "because")."""
    return any(c.dep_ == "mark" for c in tok.children)


_COUNT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "conj", "pobj"})


def names_a_count(tok: Token) -> bool:
    """A number standing for the people it counts: "three were killed", "another nine were
    wounded", "killed 25", "two others were injured"."""
    if tok.tag_ == "CD":
        return tok.dep_ in _COUNT_DEPS and tok.ent_type_ in ("CARDINAL", "")
    if tok.lower_ in _ROUND_COUNTS:  # "thousands marched", "killed dozens"
        return tok.dep_ in _COUNT_DEPS and _pobj_of(tok, "of") is None
    return tok.lower_ == "others" and any(c.dep_ == "nummod" for c in tok.children)


_ROUND_COUNTS = frozenset({"dozens", "scores", "hundreds", "thousands", "tens", "millions"})


def is_crowd(tok: Token) -> bool:
    """A crowd counted in round numbers: "thousands marched", "hundreds gathered"."""
    return tok.lower_ in _ROUND_COUNTS and names_a_count(tok)


def is_state_predicate(tok: Token) -> bool:
    """A copula or a predicate noun of one ("Both are members of the SCO"): a state, not an
    event."""
    if tok.lemma_ in _COPULA_LEMMAS or tok.lemma_ == "have" and tok.pos_ == "AUX":
        return True
    if tok.tag_ == "VBG" and tok.dep_ == "attr":
        return False  # "Qatar is mediating between ...": a progressive the model misread
    return tok.dep_ in ("attr", "acomp") and tok.head.lemma_ in _COPULA_LEMMAS


# What a legal act rests on, not whom it is aimed at: "sentenced on charges of ...",
# "detained on suspicion of ...", "jailed over allegations of plotting against ...".
_GROUNDS_NOUNS = frozenset({
    "charge", "suspicion", "accusation", "allegation", "count", "ground", "basis", "pretext",
})
_GROUNDS_PREPS = frozenset({"on", "upon", "under", "over", "for"})
# Edges a search for a further recipient does not follow from the trigger itself: its own
# subject (the actor), asides and the statement frame around it.
_FALLBACK_SKIP_TOP = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "expl"})
_FALLBACK_SKIP = frozenset({"punct", "parataxis", "npadvmod", "cc", "aux", "auxpass", "neg",
                            "det", "case", "mark"})
_FALLBACK_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE = frozenset({"in", "at", "inside", "into", "within", "near", "outside", "across",
                       "around", "along", "off", "beyond", "through", "throughout"})


def is_grounds(tok: Token) -> bool:
    """The object of a phrase naming what a legal act rests on ("on charges of", "over
    allegations of"): no participant of the act."""
    return (tok.dep_ == "pobj" and tok.head.lower_ in _GROUNDS_PREPS
            and tok.lemma_.lower() in _GROUNDS_NOUNS)


def _grounds_phrase(prep: Token) -> bool:
    return prep.dep_ == "prep" and any(is_grounds(g) for g in prep.children)


def fallback_recipients(anchor: Token, exclude: set[int], depth: int = 10) -> list[Token]:
    """Noun heads that may name whom an event is aimed at when its object does not: the
    words the trigger governs, nearest first (breadth first over the dependency tree).

    "denounced as an ugly crime Serbia's suppression of ..." -> Serbia; "blocked roads ... to
    press their demands from President Bouteflika's government" -> government; "threatened
    to hold a strike unless Israel rescinded ..." -> Israel.  The trigger's own subject is
    not searched, nor are places named after a locative preposition ("in Montenegro"): the
    coder keeps a candidate only when it resolves to a known actor.
    """
    out: list[Token] = []
    frontier = [anchor]
    seen = {anchor.i}
    for level in range(depth):
        nxt: list[Token] = []
        for tok in frontier:
            for c in tok.children:
                if c.i in seen or c.dep_ in _FALLBACK_SKIP:
                    continue
                if level == 0 and (c.dep_ in _FALLBACK_SKIP_TOP or _grounds_phrase(c)):
                    continue  # the subject; "over allegations of plotting against X"
                seen.add(c.i)
                nxt.append(c)
        nxt.sort(key=lambda t: t.i)
        for c in nxt:
            if c.i in exclude:
                continue
            if c.pos_ not in ("NOUN", "PROPN", "ADJ"):
                continue
            if c.pos_ == "ADJ" and c.ent_type_ not in _FALLBACK_ENTS:
                continue
            if (c.ent_type_ in _PLACE_ENTS and c.dep_ == "pobj"
                    and c.head.lower_ in _LOCATIVE):
                continue  # "in Montenegro": where, not whom
            if any(g.dep_ == "poss" and g.pos_ == "PRON" for g in c.children):
                continue  # "their mattresses": points back at a participant already named
            if c.ent_type_ and c.ent_iob_ == "I" and c.head.ent_type_ == c.ent_type_:
                continue  # inside a name whose head is also a candidate
            out.append(c)
        frontier = nxt
    return out
