"""recode: CAMEO's conventions for events that have not happened.

A cooperative act announced for the future ("Turkey will allow refugees to return") is coded
as an expression of intent (CAMEO 03x, PLOVER AGREE); a conflictual one ("farmers said they
would blockade Paris") as a threat (CAMEO 13x, PLOVER THREATEN).  A refused cooperative act
("will not release the soldiers", "failed to reach agreement") is a rejection (CAMEO 12x,
PLOVER REJECT).  "X said that Y must V" is a demand by X on Y (CAMEO 10x, PLOVER REQUEST).
An act only considered ("Japan is considering sending aid") is a policy option weighed (CAMEO
014).  Claiming an act of one's own claims responsibility for it (CAMEO 015).  Agreeing
with someone or with a view, committing to nothing, expresses accord (CAMEO
019).  A generic threat, demand or appeal takes the parallel code of the act it governs
("threatened to shell" -> 1384, ``governed_entry``).  Troops sent or arriving to keep the
peace provide military protection (CAMEO 074).
The parallel codes themselves are lexicon knowledge (``cameo_intent``, ``cameo_refusal``,
``cameo_demand`` in ``dotterel.knowledge.lexicon``); this module decides when they apply.
"""

from __future__ import annotations

from dotterel.extract.status import MODALS


def _recode(entry, helper_name: str, tag: str):
    from dotterel.knowledge import lexicon

    cameo = getattr(entry, "cameo", None)
    if not cameo:
        return entry
    code = getattr(lexicon, helper_name)(cameo)
    if code is None or code == cameo:
        return entry
    return lexicon.recode(entry, code, tag)


def intent_entry(entry):
    """The entry for promising / threatening ``entry``'s act, or ``entry`` when CAMEO has no
    such parallel (statements, appeals, verbal conflict, or already a promise or threat)."""
    return _recode(entry, "cameo_intent", "intent")


def considered_entry(entry):
    """"Japan is considering sending aid": the option weighed (CAMEO 014, consider policy
    option), whatever the act would be."""
    from dotterel.knowledge import lexicon

    if not getattr(entry, "cameo", None) or entry.cameo == "014":
        return entry
    return lexicon.recode(entry, "014", "considered")


def refusal_entry(entry):
    """The entry for refusing ``entry``'s act, or ``entry`` unchanged."""
    return _recode(entry, "cameo_refusal", "refusal")


def demand_entry(demand, demanded):
    """"said that Sudan must return the helicopter": the demand entry specialised to what is
    demanded (return -> 1053), or the plain demand entry."""
    if demanded is None:
        return demand
    from dotterel.knowledge import lexicon

    code = lexicon.cameo_demand(getattr(demanded, "cameo", None) or "")
    if not code:
        return demand
    return lexicon.recode(demand, code, "demand")


# the generic codes a threat, a demand or an appeal carries before its content is known
_GENERIC = {"13": "cameo_intent", "130": "cameo_intent", "10": "cameo_demand",
            "100": "cameo_demand", "02": "cameo_appeal", "020": "cameo_appeal"}


def governed_entry(governor, content):
    """"threatened to shell Iraqi towns" (130 -> 1384, mode violence), "threatened to impose a
    curfew" (-> 1323), "urged Israel to release the prisoners" (020 -> 0253): a generic
    threat, demand or appeal specialised to the act it governs; ``governor`` unchanged when
    it is no generic one or CAMEO has no parallel for the act."""
    helper = _GENERIC.get(getattr(governor, "cameo", None) or "")
    cameo = getattr(content, "cameo", None)
    if helper is None or not cameo:
        return governor
    from dotterel.knowledge import lexicon

    code = getattr(lexicon, helper)(cameo)
    if not code or code[:2] != governor.cameo[:2]:
        return governor
    return lexicon.recode(governor, code, "content")


# Clauses that tell another event, not the purpose or destination of this one.
_OTHER_CLAUSES = frozenset({"conj", "ccomp", "parataxis", "relcl", "csubj"})
_MOVES = frozenset({"arrive", "deploy"})


def moves_forces(entry, anchor) -> bool:
    """A deployment, dispatch or arrival of people or forces (a show of force, 15x, or a
    verb of arriving or deploying), as opposed to what they were sent to do."""
    cameo = getattr(entry, "cameo", None) or ""
    return cameo.startswith("15") or anchor.lemma_.lower() in _MOVES


def peacekeeping_entry(entry, anchor):
    """"Britain is deploying 300 troops to the UN peacekeeping mission in Mali", "peacekeepers
    arrived in South Sudan": troops sent or arriving to keep the peace provide military
    protection (CAMEO 074, PLOVER AID), not a show of force (154) or a visit (042)."""
    from dotterel.knowledge import lexicon

    if not moves_forces(entry, anchor):
        return entry
    stack = [anchor]
    while stack:
        tok = stack.pop()
        if tok.lemma_.lower().startswith("peacekeep"):
            return lexicon.recode(entry, "074", "peacekeeping")
        for c in tok.children:
            if c.dep_ in _OTHER_CLAUSES:
                continue
            if c.dep_ == "advcl" and any(g.dep_ == "mark" for g in c.children):
                continue  # "while UN peacekeepers watched": another event's time
            stack.append(c)
    return entry


def accord_entry(entry, anchor):
    """"agreed with the Senate that ...", "said they agree with the recommendation", "agreed
    there was an urgent need for progress": concurring on a view commits to nothing, so it
    is accord (CAMEO 019), not an intent to cooperate (030: "agreed to cooperate", "agreed
    that their countries should cooperate")."""
    from dotterel.knowledge import lexicon

    if getattr(entry, "cameo", None) != "030" or anchor.lemma_.lower() != "agree":
        return entry
    deps = {c.dep_: c for c in anchor.children}
    if "xcomp" in deps or any(c.dep_ == "prep" and c.lower_ in ("to", "on", "upon")
                              for c in anchor.children):
        return entry  # "agreed to withdraw", "agreed to the plan", "agreed on a deal"
    with_someone = any(c.dep_ == "prep" and c.lower_ == "with" for c in anchor.children)
    view = deps.get("ccomp")
    plain_view = view is not None and not any(
        c.dep_ == "aux" and c.lower_ in MODALS for c in view.children)
    if with_someone or plain_view:
        return lexicon.recode(entry, "019", "accord")
    return entry


def responsibility_entry(entry):
    """"UNITA claimed that they had attacked the air base": claiming (or admitting) an act
    of one's own is claiming responsibility for it (CAMEO 015)."""
    from dotterel.knowledge import lexicon

    if getattr(entry, "cameo", None) == "015":
        return entry
    return lexicon.recode(entry, "015", "responsibility")
