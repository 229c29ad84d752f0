"""PLOVER modes from how the sentence says an act was done: the weapon, the tactic.

A lexicon entry gives a mode when its words fix one ("kidnap" -> abduct); most violent and
protest verbs ("killed", "attacked", "protested") do not, and the mode sits in the words
around them: "a car bomb killed", "suicide bombers killed", "shelled", "a hunger strike".
``cue_mode`` reads where a sentence names the means, not the target: the trigger's words and
their modifiers ("a suicide attack", "air strikes", "a car bomb attack"), its instrument
phrases ("with", "using", "by": "attacked protesters with tear gas"; "in" an attack: "killed
in a car bomb explosion"), the actor's phrase ("suicide bombers killed", "warplanes
struck"), and the object of a verb that wields it ("fired tear gas", "planted a bomb").
Other objects and targets are left out: "attacked nuclear facilities" is no nuclear attack,
"shot down jets" no aerial one. The cue words are those of the PLOVER manual's mode tables
(ASSAULT, PROTEST, COERCE); the first row that matches wins, the rows running from the most
specific (a suicide attack is also an explosion) to the least.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

# (mode, cue lemmas); "a b" is words in a row (up to three).
_CUES: dict[str, list[tuple[str, frozenset[str]]]] = {
    "ASSAULT": [
        ("suicide-attack", frozenset({"suicide", "self-immolation"})),
        ("unconventional", frozenset({"chemical", "sarin", "chlorine", "nerve agent", "mustard gas",
                                      "nuclear", "biological", "radiological"})),
        ("drone", frozenset({"drone", "uav"})),
        ("aerial", frozenset({"airstrike", "air strike", "air raid", "warplane", "jet",
                              "helicopter", "gunship", "aircraft", "airplane", "fighter jet"})),
        ("heavy-weapons", frozenset({"artillery", "shell", "shelling", "mortar", "rocket",
                                     "tank", "howitzer", "missile", "katyusha"})),
        ("explosives", frozenset({"bomb", "bombing", "explosive", "explosion", "blast", "ied",
                                  "landmine", "mine", "grenade", "detonate", "car bomb",
                                  "dynamite", "tnt", "booby", "munition", "warhead"})),
        ("crowd-control", frozenset({"tear gas", "teargas", "water cannon", "rubber bullet",
                                     "baton", "lathi"})),
        ("firearms", frozenset({"gun", "gunman", "gunfire", "rifle", "pistol", "sniper",
                                "bullet", "machine gun"})),
        ("primitive", frozenset({"knife", "machete", "axe", "stone", "rock", "arson", "spear",
                                 "sword", "stab", "club"})),
        ("sexual", frozenset({"rape", "sexual"})),
        ("torture", frozenset({"torture"})),
        ("abduct", frozenset({"abduct", "abduction", "kidnap", "kidnapping", "hostage",
                              "hijack"})),
    ],
    "PROTEST": [
        ("hunger", frozenset({"hunger strike", "hunger"})),
        ("riot", frozenset({"riot", "rioter", "rioting", "loot", "looting"})),
        ("strike", frozenset({"strike", "walkout", "general strike"})),
        ("boycott", frozenset({"boycott"})),
        ("obstruct", frozenset({"blockade", "barricade", "sit-in", "block"})),
        ("demo", frozenset({"demonstrate", "demonstration", "demonstrator", "march", "rally",
                            "marcher"})),
    ],
    "COERCE": [
        ("curfew", frozenset({"curfew"})),
        ("martial-law", frozenset({"martial law", "state of emergency"})),
        ("deport", frozenset({"deport", "deportation"})),
        ("censor", frozenset({"censor", "censorship"})),
        ("arrest", frozenset({"arrest", "detain", "detention", "jail", "imprison"})),
        ("seize", frozenset({"confiscate", "confiscation", "raid", "seize"})),
    ],
}


def _words(tokens: Iterable[Token]) -> set[str]:
    """Lemmas, two-word lemma sequences and three-word sequences of the tokens, lower-cased."""
    toks = sorted(set(tokens), key=lambda t: t.i)
    out = {t.lemma_.lower() for t in toks} | {t.lower_ for t in toks}
    for a, b in zip(toks, toks[1:], strict=False):
        if b.i == a.i + 1:
            out.add(f"{a.lemma_.lower()} {b.lemma_.lower()}")
    for a, b, c in zip(toks, toks[1:], toks[2:], strict=False):
        if c.i == b.i + 1 == a.i + 2:
            out.add(f"{a.lower_} {b.lower_} {c.lower_}")  # "state of emergency"
            out.add(f"{a.lower_} {b.lower_}")
    return out


_MODIFIERS = frozenset({"compound", "amod", "nmod", "npadvmod"})
_INSTRUMENT_PREPS = frozenset({"with", "using", "by", "via"})
# Event nouns that tell how, after "in": "killed in a car bomb explosion", "in an air raid".
_MEANS_EVENTS = frozenset({"attack", "explosion", "blast", "bombing", "strike", "airstrike",
                           "raid", "ambush", "shooting", "shelling", "assault", "clash"})
# Verbs whose object is the means: "fired tear gas", "used chemical weapons", "planted a bomb".
_WIELD = frozenset({"fire", "use", "launch", "drop", "hurl", "throw", "lob", "detonate",
                    "plant", "deploy", "spray", "explode", "set"})


def _means(trigger: Iterable[Token]) -> list[Token]:
    """The trigger's words, their modifiers and their instrument phrases."""
    out: list[Token] = []
    for tok in trigger:
        out.append(tok)
        for child in tok.children:
            if child.dep_ in _MODIFIERS:
                out.extend(child.subtree)
            elif child.dep_ == "prep" and child.lower_ in _INSTRUMENT_PREPS:
                out.extend(child.subtree)
            elif child.dep_ == "agent":
                out.extend(child.subtree)  # "killed by a roadside bomb"
            elif child.dep_ == "prep" and child.lower_ in ("in", "during") and any(
                g.dep_ == "pobj" and g.lemma_.lower() in _MEANS_EVENTS for g in child.children
            ):
                out.extend(child.subtree)  # "wounded two soldiers in a bomb attack"
            elif child.dep_ == "dobj" and tok.lemma_.lower() in _WIELD:
                out.extend(child.subtree)
            elif child.dep_ in ("advcl", "xcomp") and child.lemma_.lower() == "use":
                out.extend(child.subtree)  # "dispersed the crowd using tear gas"
            elif child.dep_ == "dobj":
                # "killed ten villagers with machetes": the weapon hung on the object
                out.extend(t for p in child.children
                           if p.dep_ == "prep" and p.lower_ in _INSTRUMENT_PREPS
                           and any(names_weapon(g) for g in p.children if g.dep_ == "pobj")
                           for t in p.subtree)
    return out


def _wielded(actors: Iterable[Token]) -> list[Token]:
    """What the actor is said to use: "British aircraft using guided missiles"."""
    return [t for head in actors for c in head.children
            if c.dep_ == "acl" and c.lemma_.lower() == "use" for t in c.subtree]


# Rows whose cues name weapons (not people, tactics or acts): "with rockets" is the means.
_WEAPON_MODES = frozenset({"unconventional", "drone", "aerial", "heavy-weapons", "explosives",
                           "crowd-control", "firearms", "primitive"})
_NOT_WEAPONS = frozenset({"gunman", "sniper", "nuclear", "chemical", "biological",
                          "radiological", "arson", "stab", "detonate", "explosion",
                          "blast", "bombing", "shelling", "gunfire", "air strike", "airstrike",
                          "air raid", "mine"})
_WEAPONS = frozenset(c for mode, cues in _CUES["ASSAULT"] if mode in _WEAPON_MODES
                     for c in cues) - _NOT_WEAPONS | {"weapon"}


def wields(verb: Token) -> bool:
    """Whether ``verb``'s object is the means it wields ("fired tear gas", "used chemical
    weapons", "planted a bomb")."""
    return verb.lemma_.lower() in _WIELD


def names_weapon(head: Token) -> bool:
    """Whether the noun phrase headed by ``head`` names a weapon ("rockets", "tear gas",
    "chemical weapons"): an instrument, never a participant of the act."""
    if head.lemma_.lower() in _WEAPONS or head.lower_ in _WEAPONS:
        return True
    return any(f"{c.lemma_.lower()} {head.lemma_.lower()}" in _WEAPONS
               for c in head.children if c.dep_ in ("compound", "amod"))


def cue_mode(plover: str | None, trigger: Iterable[Token], actors: Iterable[Token] = ()
             ) -> str | None:
    """The mode the means named around the trigger (its tokens) say, or None."""
    rows = _CUES.get(plover or "")
    if not rows:
        return None
    # the means named around the act first ("gunmen killed ten with machetes", "aircraft
    # using guided missiles"), then the actor's own words ("suicide bombers killed")
    actor_tokens = [t for head in actors for t in head.subtree]
    for tokens in (_means(trigger) + _wielded(actors), actor_tokens):
        words = _words(tokens)
        for mode, cues in rows:
            if words & cues:
                return mode
    return None
