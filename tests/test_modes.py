"""PLOVER modes read from the weapon or tactic a sentence names."""

from __future__ import annotations

import pytest

from dotterel.coder import code

PUBLISHED = "2024-05-10"


def modes(text: str, trigger: str) -> list[str | None]:
    return [e.mode for e in code(text, date=PUBLISHED) if e.trigger.text.split()[0] == trigger]


@pytest.mark.parametrize(("text", "trigger", "mode"), [
    ("Two suicide bombers killed 20 people at a market in Kabul.", "killed", "suicide-attack"),
    ("A car bomb killed five soldiers near Mosul on Monday.", "killed", "explosives"),
    ("Army artillery shelled rebel positions outside Aleppo.", "shelled", "heavy-weapons"),
    ("Government warplanes attacked a village in Darfur.", "attacked", "aerial"),
    ("Gunmen killed a lawyer in Karachi.", "killed", "firearms"),
    ("Police fired tear gas at protesters in Nairobi.", "fired", "crowd-control"),
])
def test_assault_mode_from_the_weapon(text, trigger, mode):
    assert modes(text, trigger) == [mode]


def test_protest_mode_from_the_tactic():
    assert modes("Prisoners in Ankara began a hunger strike to protest their detention.",
                 "began") == ["hunger"]


def test_no_cue_no_mode():
    assert modes("Rebels attacked an army post in Mali.", "attacked") == [None]


@pytest.mark.parametrize(("text", "trigger"), [
    ("Israel attacked nuclear facilities in Iran.", "attacked"),  # the target, not the weapon
    ("Rebels shot down two army helicopters near Goma.", "shot"),
])
def test_the_target_gives_no_mode(text, trigger):
    assert modes(text, trigger) in ([None], [])


def test_instrument_phrase_gives_the_mode():
    assert modes("Police attacked the protesters with tear gas in Nairobi.",
                 "attacked") == ["crowd-control"]


def test_the_attack_an_event_happened_in_gives_the_mode():
    assert modes("Two soldiers were wounded in a bomb attack near Belfast.",
                 "wounded") == ["explosives"]


def test_three_word_cue():
    assert modes("The government imposed a state of emergency in Addis Ababa.",
                 "imposed") == ["martial-law"]


@pytest.mark.parametrize(("text", "trigger", "mode"), [
    # the means named around the act beat the actor's own words
    ("Gunmen killed ten villagers with machetes.", "killed", "primitive"),
    ("British aircraft using guided missiles killed four soldiers.", "killed", "heavy-weapons"),
])
def test_the_means_beat_the_actors_words(text, trigger, mode):
    assert modes(text, trigger) == [mode]
