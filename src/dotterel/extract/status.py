"""status: is the event claimed, reported, hedged, denied, negated, hypothetical or future,
and who claims it.

The word lists (reporting verbs, denial verbs, hedges, future markers) come from the
lexicon's discourse file (``dotterel.knowledge.lexicon.get_discourse``); the grammar (which
clause embeds which, what a negation or an "if" attaches to) is read off the parse here.
Walking up from the trigger, the nearest cue decides; a reporting verb above the trigger makes
its subject the claimant.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from dotterel.extract.arguments import argument_head, passive_agents, pobjs

# Grammar, not vocabulary: these are closed classes of English.
_NEG_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_HEDGE_AUX = frozenset({"may", "might", "could"})
# Modal auxiliaries ("'ll" and "wo" as the tokenizer splits "they'll", "won't").
MODALS = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must",
                    "ought", "'ll", "wo"})
_CLAUSE_UP_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl", "parataxis", "relcl", "acl",
                             "pcomp", "pobj", "prep", "dobj", "csubj", "nsubj", "nsubjpass",
                             "acomp"})
# The prepositions by which an accusation names the act it alleges.
_GROUNDS_PREPS = frozenset({"of", "for", "with", "over"})
_STATUS_ORDER = ("denied", "negated", "hypothetical", "hedged", "future", "reported")


@dataclass(frozen=True)
class Cues:
    """Vocabulary of attribution and modality (lemmas, lower case)."""

    reporting_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    hedge_verbs: frozenset[str]  # "it is believed", "appears to": the claim is uncertain
    hedge_nouns: frozenset[str]  # "reports", "sources" as a claimant
    hedge_adverbs: frozenset[str]  # "reportedly", "allegedly", "apparently"
    hedge_conditions: frozenset[str]  # "if confirmed"
    future_verbs: frozenset[str]  # "plan to", "intend to", "is set to"
    failure_verbs: frozenset[str] = frozenset()  # "failed to", "refused to"
    attribution_preps: frozenset[str] = frozenset({"according"})
    attribution_verbs: frozenset[str] = frozenset()  # "citing", "quoting"
    hypothetical_words: frozenset[str] = frozenset()  # "possible", "potential" (on nouns)
    historical_phrases: tuple[str, ...] = ()
    modal_governors: frozenset[str] = frozenset()  # xcomp heads that only add modality
    raising_verbs: frozenset[str] = frozenset()  # "is said to", "is believed to" (passive)
    accusation_verbs: frozenset[str] = frozenset()  # "accused of", "arrested for": alleged
    prevention_verbs: frozenset[str] = frozenset()  # "prevented ... from": did not happen

    @classmethod
    def from_discourse(cls, discourse: dict, lemmatize=None) -> Cues:
        """Build from ``get_discourse()`` (lists of lower-case words and phrases).

        ``lemmatize(phrase) -> list[(lemma, pos)]`` (the coder passes its spaCy pipeline) reads
        the phrases: "reports suggest" gives the hedging noun "report", "it is believed" the
        hedging verb "believe", "plan to" the future verb "plan".
        """

        def words(key: str) -> list[str]:
            return [w.lower() for w in discourse.get(key, ()) if isinstance(w, str)]

        def single(key: str) -> set[str]:
            return {w for w in words(key) if " " not in w}

        lem = lemmatize or (lambda text: [(w, "") for w in text.split()])
        hedge_verbs = single("hedge_verbs")
        for word in single("hedge_words"):
            (lemma, pos), *_rest = lem(word) or [(word, "")]
            if word.endswith("ed") and lemma != word:
                hedge_verbs.add(lemma)  # "suspected", "alleged": the verbs hedge too
        hedge_nouns: set[str] = set()
        hedge_conditions: set[str] = set()
        raising: set[str] = set()
        for phrase in words("hedge_phrases"):
            toks = lem(phrase)
            if len(toks) == 2 and toks[0][1] in ("NOUN", "") and toks[0][0] not in ("it",):
                hedge_nouns.add(toks[0][0])  # "reports suggest", "sources said"
            elif toks and toks[0][0] == "if" and len(toks) == 2:
                hedge_conditions.add(toks[1][0])  # "if confirmed"
            elif len(toks) >= 3 and toks[0][0] == "it" and toks[1][0] == "be":
                hedge_verbs.add(toks[2][0])  # "it is believed"
            elif len(toks) >= 3 and toks[0][0] == "be" and toks[-1][0] == "to":
                raising.add(toks[1][0])  # "is said to"
        future_verbs = single("future_verbs")
        for phrase in words("future_markers"):
            toks = [t for t, _pos in lem(phrase)]
            if len(toks) >= 2 and toks[-1] == "to":
                future_verbs.add(toks[-2])  # "plan to", "is set to", "going to"
        negating = single("negating_verbs") - single("denial_verbs")
        attribution = {p.split()[0] for p in words("attribution_preps")}
        intent = single("intent_verbs")
        # Verbs that only frame the event they govern ("plans to send", "failed to stop",
        # "wants to join"): the framed event is coded, not the frame.  Refusing, threatening,
        # agreeing or urging are events in their own right and stay.
        modal_governors = (
            future_verbs
            | (negating & {"fail", "avoid"})
            | (intent & {"want", "seek", "try", "attempt", "hope", "wish", "decide"})
        )
        return cls(
            reporting_verbs=frozenset(single("reporting_verbs")),
            denial_verbs=frozenset(single("denial_verbs")),
            hedge_verbs=frozenset(hedge_verbs),
            hedge_nouns=frozenset(hedge_nouns),
            hedge_adverbs=frozenset(single("hedge_words")),
            hedge_conditions=frozenset(hedge_conditions),
            future_verbs=frozenset(future_verbs),
            failure_verbs=frozenset(negating),
            attribution_preps=frozenset(a for a in attribution if a in ("according", "as")),
            attribution_verbs=frozenset(a for a in attribution if a.endswith("ing")
                                        and a != "according"),
            hypothetical_words=frozenset(single("hypothetical_markers")
                                         - _CONDITIONAL_MARKS - MODALS),
            historical_phrases=tuple(words("historical_markers")),
            modal_governors=frozenset(modal_governors),
            raising_verbs=frozenset(raising | hedge_verbs),
            accusation_verbs=frozenset(single("accusation_verbs")),
            prevention_verbs=frozenset(single("prevention_verbs")),
        )


def build_cues(nlp=None) -> Cues:
    """The cues from the lexicon's discourse file, phrases read with ``nlp`` when given."""
    from dotterel.knowledge.lexicon import get_discourse

    def lemmatize(text: str) -> list[tuple[str, str]]:
        return [(t.lemma_.lower(), t.pos_) for t in nlp(text)]

    return Cues.from_discourse(get_discourse(), lemmatize if nlp is not None else None)


@dataclass
class StatusInfo:
    status: str = "asserted"
    claimant: Token | None = None  # head of the claimant phrase
    cue: Token | None = None  # the reporting / denial / hedge verb that embeds the event
    why: str = ""
    refusal: bool = False  # "will not release", "failed to reach": a refusal, not a non-event
    considered: bool = False  # "is considering sending aid": a policy option weighed


def _neg(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in _NEG_WORDS):
            return True
    return False


def _negated_subject(tok: Token) -> bool:
    """"Neither France nor Italy condemned", "No country recognized"."""
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return any(
                g.lower_ in ("neither", "no", "none") and g.dep_ in ("preconj", "det")
                for g in c.children
            )
    return False


def _subject(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return argument_head(c)
    if tok.dep_ == "conj" and tok.head.i != tok.i:
        return _subject(tok.head)
    return None


def _local_cues(tok: Token, cues: Cues, reported: bool) -> str | None:
    """Status cues attached to one verb or event noun: negation, modal auxiliaries, hedging
    adverbs and adjectives ("allegedly", "an alleged attack"), conditional clauses."""
    found: list[str] = []
    modal: str | None = None
    perfect = False
    for c in tok.children:
        dep = c.dep_
        low = c.lower_
        if dep == "neg" or (dep in ("advmod", "det") and low in _NEG_WORDS):
            found.append("negated")
        elif dep in ("nsubj", "nsubjpass") and _negated_subject(tok):
            found.append("negated")
        elif dep in ("aux", "auxpass"):
            if low in _FUTURE_AUX:
                found.append("future")
            elif low in MODALS:
                modal = low
            elif c.lemma_ == "have":
                perfect = True
        elif dep in ("advmod", "amod") and (low in cues.hedge_adverbs or c.lemma_ in cues.hedge_adverbs):
            found.append("hedged")
        elif dep == "amod" and low in cues.hypothetical_words:
            found.append("hypothetical")  # "a possible attack"
        elif dep == "advcl":
            mark = next((m.lower_ for m in c.children if m.dep_ == "mark"), None)
            if mark in _CONDITIONAL_MARKS:
                if c.lemma_ in cues.hedge_conditions and not any(
                    g.dep_ in ("nsubj", "nsubjpass") for g in c.children
                ):
                    found.append("hedged")  # "which, if confirmed, would ..."
                else:
                    found.append("hypothetical")  # "would attack if talks fail"
    if modal == "would":
        found.append("future" if reported else "hypothetical")
    if "negated" in found and ("future" in found or modal == "would"):
        found.append("refusal")
    elif modal in _HEDGE_AUX:
        found.append("hedged" if perfect else "hypothetical")  # "may have attacked"
    elif modal == "should":
        found.append("hypothetical")
    for s in _STATUS_ORDER:
        if s in found:
            return "refusal" if s == "negated" and "refusal" in found else s
    return None


# Future verbs that weigh an option rather than plan it: "is considering sending aid" is a
# policy option considered (CAMEO 014), not a promise to send it.
_CONSIDER_VERBS = frozenset({"consider", "mull", "weigh", "contemplate"})


def analyse(trigger: Token, cues: Cues, governor: Token | None = None) -> StatusInfo:
    """Status and claimant of the event whose trigger is ``trigger``.

    ``governor`` is the verb that carries a light-verb noun ("launched" for "an attack"); the
    walk starts from it.  The nearest embedding decides: the trigger's own clause (negation,
    modals, "if"), then the verbs above it (xcomp: "plans to", "failed to", "is said to";
    complement clauses of reporting, hedging and denial verbs), then "according to".
    """
    start = governor if governor is not None else trigger
    local_from_chain: str | None = None
    considered = False
    embedding: StatusInfo | None = None
    in_condition = False
    tok = start
    if tok.dep_ == "advcl":
        mark = next((m.lower_ for m in tok.children if m.dep_ == "mark"), None)
        if mark in _CONDITIONAL_MARKS:
            local_from_chain = "hypothetical"  # the event sits in an "if" clause
            in_condition = True
    steps = 0
    while tok.head.i != tok.i and steps < 12:
        steps += 1
        dep = tok.dep_
        head = tok.head
        lemma = head.lemma_.lower()
        if dep == "xcomp" and local_from_chain is None and embedding is None:
            if lemma in cues.hedge_verbs or (lemma in cues.raising_verbs and _is_passive(head)):
                local_from_chain = "hedged"  # "is said to have", "appears to have"
            elif lemma in cues.failure_verbs:
                local_from_chain = "refusal"  # "failed to reach", "refused to release"
            elif lemma in cues.future_verbs or _future_head(head, cues):
                local_from_chain = "future"
                considered = lemma in _CONSIDER_VERBS
            elif _neg(head):
                local_from_chain = "negated"  # "did not try to attack"
        elif dep in ("ccomp", "parataxis") or (dep == "pcomp" and lemma in cues.denial_verbs):
            if embedding is None:
                embedding = _embedding(head, lemma, cues)
        elif dep == "dobj" and lemma in cues.denial_verbs and embedding is None:
            embedding = _embedding(head, lemma, cues)  # "denied attacking"
        elif (dep == "prep" and lemma in cues.raising_verbs and _is_passive(head)
              and local_from_chain is None and embedding is None):
            local_from_chain = "hedged"  # "are suspected of having burned"
        elif dep == "prep" and local_from_chain is None and embedding is None:
            if lemma in cues.accusation_verbs and tok.lower_ in _GROUNDS_PREPS:
                # "accused Israel of attacking", "arrested for killing": alleged, by the
                # accuser ("was accused by rights groups of ...")
                accuser = (next(iter(passive_agents(head)), None) if _is_passive(head)
                           else _subject(head))
                embedding = StatusInfo("hedged", accuser, head, f"accused:{lemma}")
            elif (lemma in cues.prevention_verbs and tok.lower_ == "from") or (
                    tok.lower_ == "without"):
                # "prevented the militants from attacking", "gave arms without demanding
                # payment"
                local_from_chain = "negated"
        if dep not in _CLAUSE_UP_DEPS:
            break
        tok = head
    if embedding is None:
        embedding = _inverted_report(start, cues)
    local = _local_cues(start, cues, reported=embedding is not None)
    if start is not trigger and local is None:
        local = _local_cues(trigger, cues, reported=embedding is not None)
    local = local or local_from_chain
    if local is None and _historical_marker(start, cues):
        local = "historical"
    info = StatusInfo()
    if local == "refusal":
        local, info.refusal = "negated", True
    if local is not None:
        info.status, info.why = local, "condition" if in_condition else "local"
        info.considered = considered and local == local_from_chain == "future"
    if embedding is not None:
        if local is None or (
            local in _STATUS_ORDER
            and _STATUS_ORDER.index(embedding.status) < _STATUS_ORDER.index(local)
        ):
            info.status = embedding.status
        info.claimant, info.cue = embedding.claimant, embedding.cue
        info.why = info.why or embedding.why
    if info.claimant is None:
        attribution = _according_to(start, cues)
        if attribution is not None:
            info.claimant = attribution
            if attribution.lemma_.lower() in cues.hedge_nouns and info.status in (
                "asserted", "reported"
            ):
                info.status = "hedged"  # "according to unconfirmed reports"
            elif info.status == "asserted":
                info.status = "reported"
            info.why = info.why or "according-to"
    return info


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _future_head(head: Token, cues: Cues) -> bool:
    """"is set to", "is due to", "is going to", "is willing to", "is ready to": the future
    sits on the adjective/participle."""
    lemma = head.lemma_.lower()
    if lemma in ("willing", "ready", "prepared") and head.dep_ == "acomp":
        return head.head.lemma_ == "be"  # "Pakistan is willing to withdraw"
    return lemma in ("go", "set", "due", "poise", "expect", "schedule") and any(
        c.dep_ in ("aux", "auxpass") and c.lemma_ == "be" for c in head.children
    )


def _historical_marker(start: Token, cues: Cues) -> bool:
    """"years ago", "back in", "previously" attached to the event's clause."""
    if not cues.historical_phrases:
        return False
    for c in start.children:
        if c.dep_ in ("advmod", "npadvmod", "prep") and c.dep_ != "mark":
            text = start.doc[c.left_edge.i : c.right_edge.i + 1].text.lower()
            for phrase in cues.historical_phrases:
                if text == phrase or text.startswith(phrase + " ") or text.endswith(" " + phrase):
                    return True
    return False


def _embedding(head: Token, lemma: str, cues: Cues) -> StatusInfo | None:
    subj = _subject(head)
    if lemma in cues.denial_verbs:
        status = "denied"
    elif lemma in cues.hedge_verbs or (subj is not None and subj.lemma_.lower() in cues.hedge_nouns):
        status = "hedged"
    elif lemma in cues.reporting_verbs:
        status = "reported"
    else:
        return None
    if _neg(head) and status == "reported":
        status = "negated"  # "did not say that": treat as not asserted
    return StatusInfo(status, subj, head, f"embedded:{lemma}")


def _inverted_report(start: Token, cues: Cues) -> StatusInfo | None:
    clause = start
    for _ in range(4):
        for c in clause.children:
            if c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_.lower() in cues.reporting_verbs:
                if not any(g.dep_ in ("ccomp", "xcomp") for g in c.children):
                    info = _embedding(c, c.lemma_.lower(), cues)
                    if info is not None:
                        return info
        if clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
            clause = clause.head
        else:
            break
    return None


def _according_to(start: Token, cues: Cues) -> Token | None:
    """"According to the report of Reuters, ..." -> the claimant (its head, "report" -> "Reuters")."""
    tok = start
    for _ in range(8):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in cues.attribution_preps:
                for _prep, obj in pobjs(c, ("to",)):
                    return _claimant_head(obj)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def _claimant_head(tok: Token) -> Token:
    """"the report of Pakistan News Network" names its source through "of"."""
    if tok.pos_ == "NOUN" and not tok.ent_type_:
        for _prep, obj in pobjs(tok, ("of", "by", "from")):
            return argument_head(obj)
    return argument_head(tok)
