"""Document context: places and dates inherited from the rest of the article."""

from __future__ import annotations

import pytest

from dotterel.models import ActorRef, Document, Event, Location, Span
from dotterel.parse import parse_documents
from dotterel.resolve.context import apply_document_context


@pytest.fixture(scope="module")
def nlp():
    from dotterel.parse import load_pipeline

    return load_pipeline()  # with the actor ruler, as the coder parses


def _parse(nlp, text: str, published: str | None = "2023-03-10"):
    doc = Document(id="t", text=text, published=published)
    return next(parse_documents([doc], nlp))


def _sentences(parsed):
    """(index, start, end, text) of every sentence, in the coder's numbering."""
    out = []
    for para in parsed.paragraphs:
        for sent in para.doc.sents:
            s = para.offset + sent.start_char
            out.append((len(out), s, s + len(sent.text), sent.text))
    return out


def _event(parsed, word: str, plover: str = "ASSAULT", published: str | None = "2023-03-10",
           **kw) -> Event:
    """An event triggered by ``word`` as the coder would emit it without context: no place,
    the publication date (unless ``kw`` says otherwise)."""
    text = parsed.document.text
    start = text.index(word)
    index, _s, _e, quote = next(s for s in _sentences(parsed) if s[1] <= start < s[2])
    fields = dict(
        sentence=index, quote=quote, trigger=Span(text=word, start=start, end=start + len(word)),
        plover=plover, cameo="190", quad_class=4, date=published,
        date_precision="day" if published else "none",
        date_source="publication" if published else "none", confidence=0.8, rule="test",
    )
    fields.update(kw)
    return Event(**fields)


def _slices(text: str, ev: Event) -> None:
    assert ev.location is not None
    assert text[ev.location.start : ev.location.end] == ev.location.text


def _in_context(nlp, text: str, word: str, published: str = "2023-03-10", **kw) -> Event:
    """The event triggered by ``word`` after the document pass over ``text``."""
    parsed = _parse(nlp, text, published)
    ev = _event(parsed, word, published=published, **kw)
    apply_document_context([ev], parsed, published)
    return ev


def _words(text: str, words: str) -> dict:
    """Span fields (text, start, end) of the first ``words`` in ``text``."""
    start = text.index(words)
    return {"text": words, "start": start, "end": start + len(words)}

def _dated(parsed, word: str, date: str, date_text: str, published: str, **kw) -> Event:
    """An event triggered by ``word`` that its own sentence dates (``date_text``)."""
    precision = {4: "year", 7: "month"}.get(len(date), "day")
    return _event(parsed, word, published=published, date=date, date_precision=precision,
                  date_text=date_text, date_source="text", **kw)


def test_place_named_once_in_paragraph_is_inherited_by_later_sentences(nlp):
    text = (
        "Police raided an office in Nairobi on Monday. Officers detained two activists. "
        "They beat a lawyer."
    )
    parsed = _parse(nlp, text)
    raided = _event(parsed, "raided", location=Location(
        text="Nairobi", start=text.index("Nairobi"), end=text.index("Nairobi") + 7,
        name="Nairobi", country="KEN"))
    detained = _event(parsed, "detained", plover="COERCE")
    beat = _event(parsed, "beat")
    out = apply_document_context([raided, detained, beat], parsed, "2023-03-10")
    assert [e.location.country for e in out] == ["KEN", "KEN", "KEN"]
    for ev in out:
        _slices(text, ev)
        assert ev.location.text == "Nairobi"
    assert detained.confidence < 0.8  # inherited: less sure than a sentence's own place


def test_place_mention_not_an_event_location_is_inherited(nlp):
    text = "Security forces in Harare stepped up patrols. They arrested three journalists."
    arrested = _in_context(nlp, text, "arrested", plover="COERCE")
    _slices(text, arrested)
    assert arrested.location.country == "ZWE"
    assert arrested.location.start < text.index("They")  # the mention before the sentence


def test_place_in_the_events_own_sentence_is_not_inherited(nlp):
    # the sentence resolver judged "Kenya" not to be the event's place: keep its judgement
    text = "Activists from Kenya said they were beaten."
    ev = _in_context(nlp, text, "beaten")
    assert ev.location is None


def test_dateline_place_when_the_paragraph_names_none(nlp):
    text = (
        "KABUL, March 3 (Reuters) - Gunmen shot dead a rights worker on Friday.\n\n"
        "The attackers fled on motorbikes."
    )
    parsed = _parse(nlp, text)
    shot = _event(parsed, "shot")
    fled = _event(parsed, "fled", plover="RETREAT")
    apply_document_context([shot, fled], parsed, "2023-03-04")
    for ev in (shot, fled):
        _slices(text, ev)
        assert ev.location.country == "AFG"
        assert ev.location.text == "KABUL"


_BELARUS = (
    "Rights groups condemn crackdown in Belarus\n\n"
    "Belarus has jailed more critics this year. Courts in Minsk sentenced a blogger.\n\n"
    "The opposition said the authorities tortured prisoners."
)


def test_dominant_country_for_an_article_about_one_country(nlp):
    text = _BELARUS
    tortured = _in_context(nlp, text, "tortured")
    _slices(text, tortured)
    assert tortured.location.country == "BLR"
    # the one place inside the country the article names, more precise than "Belarus"
    assert tortured.location.text == "Minsk" and tortured.location.source == "document"
    assert tortured.confidence < 0.8


def test_the_articles_country_is_its_own_place_when_two_of_its_cities_tie(nlp):
    text = _BELARUS.replace("in Minsk sentenced a blogger", "in Minsk and Gomel sentenced bloggers")
    tortured = _in_context(nlp, text, "tortured")
    _slices(text, tortured)
    assert tortured.location.text == "Belarus"
    more = text.replace("\n\nThe opposition",
                        "\n\nA student was beaten in Gomel.\n\nThe opposition")
    assert _in_context(nlp, more, "tortured").location.text == "Gomel"


def test_no_dominant_country_when_two_share_the_article(nlp):
    text = (
        "Talks between Kenya and Uganda\n\n"
        "Kenya sent envoys. Uganda received them.\n\n"
        "Later, police beat protesters."
    )
    beat = _in_context(nlp, text, "beat")
    assert beat.location is None


def test_date_inherited_from_same_episode_in_the_paragraph(nlp):
    text = "Soldiers attacked a village on 2 March 2023. They attacked a school too."
    parsed = _parse(nlp, text)
    first = _event(parsed, "attacked a village", date="2023-03-02", date_precision="day",
                   date_text="2 March 2023", date_source="text")
    second = _event(parsed, "attacked a school")
    apply_document_context([first, second], parsed, "2023-03-10")
    assert (second.date, second.date_precision, second.date_source) == (
        "2023-03-02", "day", "text")
    assert second.date_text == "2 March 2023" and second.date_text in text


def test_date_not_inherited_across_episodes_or_paragraphs(nlp):
    text = (
        "Soldiers attacked a village on 2 March 2023. Ministers met the envoy.\n\n"
        "They attacked a school."
    )
    parsed = _parse(nlp, text)
    first = _event(parsed, "attacked a village", date="2023-03-02", date_precision="day",
                   date_text="2 March 2023", date_source="text")
    met = _event(parsed, "met", plover="CONSULT", cameo="040", quad_class=1)
    later = _event(parsed, "attacked a school")
    apply_document_context([first, met, later], parsed, "2023-03-10")
    assert (met.date, met.date_source) == ("2023-03-10", "publication")  # other type
    assert (later.date, later.date_source) == ("2023-03-10", "publication")  # other paragraph


def test_headline_event_dated_by_the_first_dated_event_of_its_family(nlp):
    text = (
        "Gunmen abduct teachers in Zamfara\n\n"
        "Gunmen abducted six teachers on 2 March 2023. Police later arrested a suspect."
    )
    parsed = _parse(nlp, text)
    headline = _event(parsed, "abduct teachers", plover="COERCE")
    lede = _event(parsed, "abducted", plover="COERCE", date="2023-03-02",
                  date_precision="day", date_text="2 March 2023", date_source="text")
    arrested = _event(parsed, "arrested", plover="COERCE")
    apply_document_context([headline, lede, arrested], parsed, "2023-03-10")
    assert (headline.date, headline.date_source, headline.date_text) == (
        "2023-03-02", "text", "2 March 2023")
    # same paragraph, same family, after a dated event: the same episode
    assert arrested.date == "2023-03-02"


def test_inherited_old_date_makes_the_event_historical(nlp):
    text = "Troops attacked the town in 2015. They attacked it again."
    parsed = _parse(nlp, text)
    first = _event(parsed, "attacked the town", date="2015", date_precision="year",
                   date_text="2015", date_source="text", status="historical")
    second = _event(parsed, "attacked it")
    apply_document_context([first, second], parsed, "2023-03-10")
    assert (second.date, second.status) == ("2015", "historical")


def test_switch_off(nlp, monkeypatch):
    monkeypatch.setenv("DOTTEREL_CONTEXT", "off")
    text = "Security forces in Harare stepped up patrols. They arrested three journalists."
    arrested = _in_context(nlp, text, "arrested", plover="COERCE")
    assert arrested.location is None


def test_statements_keep_no_place(nlp):
    text = "Security forces in Harare stepped up patrols. Officials said little."
    said = _in_context(nlp, text, "said", plover=None, cameo="010", quad_class=0)
    assert said.location is None


def test_dominant_country_beats_a_dateline_elsewhere(nlp):
    text = (
        "DAKAR, March 3 (Reuters) - Mali's junta faces new pressure.\n\n"
        "In Mali, the army has ruled since a coup. Mali's courts jailed critics.\n\n"
        "Soldiers beat a lawyer."
    )
    beat = _in_context(nlp, text, "beat", published="2023-03-04")
    _slices(text, beat)
    assert beat.location.country == "MLI"


def test_coder_runs_the_pass():
    from dotterel.coder import code

    text = (
        "KABUL, March 3 (Reuters) - Gunmen shot dead a rights activist on Friday.\n\n"
        "They also beat two journalists."
    )
    events = code(text, date="2023-03-04")
    assert events
    for ev in events:
        if ev.location is not None:
            assert text[ev.location.start : ev.location.end] == ev.location.text
    inherited = [ev for ev in events if ev.plover and ev.location is not None
                 and not (ev.location.start >= text.index(ev.quote)
                          and ev.location.end <= text.index(ev.quote) + len(ev.quote))]
    assert inherited and all(ev.location.country == "AFG" for ev in inherited)


def test_a_place_the_gazetteer_does_not_know_takes_its_country_from_context(nlp):
    text = (
        "Police in Nigeria raided villages this week.\n\n"
        "Soldiers in Nigeria burned homes in Ugwuaku village. Officials in Abuja denied it."
    )
    burned = _in_context(nlp, text, "burned",
                         location=Location(**_words(text, "Ugwuaku village")))
    assert burned.location.text == "Ugwuaku village"  # the sentence's own place is kept
    assert burned.location.name is None
    assert burned.location.country == "NGA"
    assert burned.location.source == "sentence"


def test_a_persons_surname_is_not_a_place(nlp):
    # "Salem" names a city, but once the article has called someone "Lady Ann Salem" the
    # bare surname is that person: it neither places an event nor counts for a country.
    text = (
        "MANILA, Philippines - Police in Quezon City arrested journalist Lady Ann Salem and "
        "a union leader in December.\n\n"
        "Salem was held for weeks. Salem said officers beat her. Salem was later freed.\n\n"
        "The officers tortured other detainees."
    )
    parsed = _parse(nlp, text)
    start = text.index("Salem was held")  # the bare surname, not "Lady Ann Salem"
    held = _event(parsed, "held", plover="COERCE", location=Location(
        text="Salem", start=start, end=start + 5, name="Salem", country="IND"))
    tortured = _event(parsed, "tortured")
    apply_document_context([held, tortured], parsed, "2023-03-10")
    assert held.location.country == "PHL" and held.location.text != "Salem"
    assert tortured.location.country == "PHL"


def test_a_place_the_model_calls_a_person_gives_no_surname(nlp):
    from dotterel.resolve.context import _surnames

    parsed = _parse(nlp, "Militants seized Dera Ismail Khan on Monday. The journalist Lady Ann "
                         "Salem was arrested.")
    assert "salem" in _surnames(parsed)
    # the small model calls the town a person; the gazetteer knows it: "Khan" is no surname
    assert "khan" not in _surnames(parsed)


def test_implied_authority_takes_the_inherited_country(nlp):
    from dotterel.models import ActorRef

    text = "KABUL, March 3 (Reuters) - Two reporters were detained on Friday."
    ev = _in_context(nlp, text, "detained", published="2023-03-04", plover="COERCE",
                     actor=[ActorRef(**_words(text, "detained"), sector="COP", implied=True)])
    assert ev.location.country == "AFG" and ev.actor[0].code == "AFG"


def test_a_sea_keeps_no_country(nlp):
    text = ("Nigeria's navy patrols its coast.\n\nPirates in Nigeria are busy. Pirates seized "
            "a tanker in the Gulf of Guinea.")
    seized = _in_context(nlp, text, "seized", location=Location(
        **_words(text, "Gulf of Guinea"), name="Gulf of Guinea"))
    assert seized.location.name == "Gulf of Guinea" and seized.location.country is None


def test_a_name_several_countries_share_means_the_one_the_article_names(nlp):
    # GeoNames' first "Delta" is a Canadian city; the article is about Nigeria
    text = ("Nigeria's oil output fell in March.\n\nNigeria blamed theft. Gunmen abducted "
            "four workers in Delta on Monday.")
    ev = _in_context(nlp, text, "abducted", location=Location(
        **_words(text, "Delta"), name="Delta", country="CAN", source="sentence"))
    assert ev.location.country == "NGA" and ev.location.text == "Delta"
    alone = "Gunmen abducted four workers in Delta on Monday."
    ev = _in_context(nlp, alone, "abducted", location=Location(
        **_words(alone, "Delta"), name="Delta", country="CAN", source="sentence"))
    assert ev.location.country == "CAN"  # nothing in the article says otherwise


def test_a_world_city_keeps_its_country_against_a_small_namesake(nlp):
    # the United States has towns called London; an American story's "London" is London
    text = ("The United States charged him in May.\n\nUS prosecutors called him a danger. "
            "He was arrested in London on Monday.")
    start = text.index("London on")
    ev = _in_context(nlp, text, "arrested", location=Location(
        text="London", start=start, end=start + 6, name="London", country="GBR",
        source="sentence"))
    assert ev.location.country == "GBR"


def test_a_domestic_event_happens_in_the_country_of_both_sides(nlp):
    text = ("She left for Britain in 1980.\n\nLondon was her home. She studied in Britain."
            "\n\nArgentina waged war against its own people.")
    ev = _in_context(nlp, text, "waged",
                     actor=[ActorRef(**_words(text, "Argentina"), code="ARG")],
                     recipient=[ActorRef(**_words(text, "its own people"), code="ARG")])
    assert ev.location.country == "ARG" and ev.location.source == "actors"
    assert ev.location.text == "Argentina"  # the actor's words: where the country came from
    other = _in_context(nlp, text, "waged",
                        actor=[ActorRef(**_words(text, "Argentina"), code="ARG")],
                        recipient=[ActorRef(**_words(text, "its own people"), code="GBR")])
    assert other.location.country == "GBR" and other.location.source == "document"


def test_the_actors_country_places_an_event_when_nothing_else_does(nlp):
    text = "A Swedish court sentenced a man to ten years in prison."
    ev = _in_context(nlp, text, "sentenced",
                     actor=[ActorRef(**_words(text, "A Swedish court"), code="SWE",
                                     sector="JUD")])
    assert ev.location.country == "SWE" and ev.location.source == "actors"


def test_a_country_named_once_and_alone_is_the_articles(nlp):
    text = ("The army seized power in Burma in February.\n\nSoldiers arrested a rapper. "
            "They beat him.")
    ev = _in_context(nlp, text, "beat")
    assert ev.location.country == "MMR" and ev.location.source == "document"
    two = ("The army seized power in Burma in February. Thailand watched.\n\n"
           "Soldiers arrested a rapper. They beat him.")
    assert _in_context(nlp, two, "beat").location is None  # one mention each: no winner


def test_demonyms_place_an_article_that_names_no_place(nlp):
    text = "Ugandan activists are angry.\n\nA politician was tortured in custody."
    ev = _in_context(nlp, text, "tortured")
    assert ev.location.country == "UGA" and ev.location.text == "Ugandan"
    named = "Ugandan activists met in Kenya.\n\nA politician was tortured in custody."
    assert _in_context(nlp, named, "tortured").location.country == "KEN"


def _yearless(nlp, text: str, word: str) -> Event:
    """The event ``word`` dated "Nov. 16" by its own sentence (read as November 2021 against a
    publication of January 2022), after the document pass."""
    parsed = _parse(nlp, text, "2022-01-28")
    ev = _event(parsed, word, published="2022-01-28", date="2021-11-16", date_precision="day",
                date_text="Nov. 16", date_source="text")
    apply_document_context([ev], parsed, "2022-01-28")
    return ev


def test_a_month_without_year_takes_the_year_the_article_gave_that_month(nlp):
    # a trial report of January 2022 retells November 2019: "Nov. 16" is November 2019,
    # not the November before publication
    died = _yearless(nlp, "The couple were reported missing on Nov. 18, 2019. Her body was "
                          "found days later.\n\nShe died of gunshot wounds on Nov. 16, the "
                          "coroner said.", "died")
    assert (died.date, died.date_precision, died.date_text) == ("2019-11-16", "day", "Nov. 16")
    assert died.status == "historical"
    # a month the article never gave a year keeps the publication's reading
    shot = _yearless(nlp, "Troops were deployed in 2019.\n\nThey shot a protester on Nov. 16.",
                     "shot")
    assert shot.date == "2021-11-16"
    # a year named with the month later in the article does not reach back
    shot = _yearless(nlp, "They shot a protester on Nov. 16.\n\nA similar shooting took place "
                          "on Nov. 3, 2019.", "shot")
    assert shot.date == "2021-11-16"


def _opening_arrest(parsed) -> Event:
    """The undated "arrested" that opens the document: the first of the violent family, so
    rule 2 (the family's first event dated by a later one) stays out of a test of rule 3."""
    return _event(parsed, "arrested", plover="COERCE")


def test_an_act_against_the_same_victim_takes_the_date_the_article_gives_it(nlp):
    # a trial report names the crime in one paragraph and dates it in another: the conviction's
    # sentence tells "the murder of Ana Ruiz", the date comes with the killing told later
    text = (
        "Police arrested a former guard.\n\n"
        "A court convicted him of the murder of Ana Ruiz.\n\n"
        "Prosecutors said the trial lasted two weeks.\n\n"
        "Ruiz was shot dead outside her office on 14 July 2019."
    )
    parsed = _parse(nlp, text)
    arrested = _opening_arrest(parsed)
    murder = _event(parsed, "murder", recipient=[ActorRef(**_words(text, "Ana Ruiz"))])
    ruiz = text.rindex("Ruiz")  # the surname alone, in the last paragraph
    shot = _dated(parsed, "shot dead", "2019-07-14", "14 July 2019", "2023-03-10",
                  status="historical", recipient=[ActorRef(text="Ruiz", start=ruiz,
                                                           end=ruiz + 4)])
    apply_document_context([arrested, murder, shot], parsed, "2023-03-10")
    assert (murder.date, murder.date_precision, murder.date_text) == (
        "2019-07-14", "day", "14 July 2019")
    assert murder.status == "historical"


def test_acts_against_unnamed_people_are_not_one_act(nlp):
    text = (
        "Police arrested protesters.\n\n"
        "Gunmen killed five people in the market.\n\n"
        "In 2015 soldiers killed many people in the same town."
    )
    parsed = _parse(nlp, text)
    arrested = _opening_arrest(parsed)
    killed = _event(parsed, "killed five", recipient=[ActorRef(**_words(text, "five people"))])
    old = _dated(parsed, "killed many", "2015", "2015", "2023-03-10",
                 recipient=[ActorRef(**_words(text, "many people"))])
    apply_document_context([arrested, killed, old], parsed, "2023-03-10")
    assert (killed.date, killed.date_source) == ("2023-03-10", "publication")
    # a named victim of another act is another victim
    other = _event(parsed, "killed five", recipient=[ActorRef(**_words(text, "five people"))])
    other.recipient[0].text = "Omar Diallo"  # the same offsets, another victim's name
    old.recipient[0].text = "Ana Ruiz"
    apply_document_context([arrested, other, old], parsed, "2023-03-10")
    assert other.date_source == "publication"


def test_an_act_inside_an_episode_named_earlier_takes_the_episodes_date(nlp):
    text = (
        "Police and soldiers raided three villages in the Dec. 30, 2020 operation.\n\n"
        "Officials defended the raid.\n\n"
        "At least nine farmers were killed during the operation."
    )
    parsed = _parse(nlp, text, "2021-07-13")
    raided = _dated(parsed, "raided", "2020-12-30", "the Dec. 30, 2020", "2021-07-13")
    killed = _event(parsed, "killed", published="2021-07-13")
    apply_document_context([raided, killed], parsed, "2021-07-13")
    assert (killed.date, killed.date_precision, killed.date_source) == (
        "2020-12-30", "day", "text")
    assert killed.date_text == "the Dec. 30, 2020"


def test_only_a_definite_episode_named_before_lends_its_date(nlp):
    def killed_date(text: str) -> str:
        parsed = _parse(nlp, text, "2021-07-13")
        ev = _event(parsed, "killed", published="2021-07-13")
        apply_document_context([ev], parsed, "2021-07-13")
        return ev.date

    # "an operation" is not the one the article dated
    assert killed_date("Troops began an operation on 3 May 2019.\n\nOfficials met.\n\n"
                       "Nine farmers were killed during an operation.") == "2021-07-13"
    # the episode is dated only after the act is told
    assert killed_date("Nine farmers were killed during the operation.\n\nOfficials met.\n\n"
                       "The operation began on 3 May 2019.") == "2021-07-13"
    assert killed_date("The operation began on 3 May 2019.\n\nOfficials met.\n\n"
                       "Nine farmers were killed during the operation.") == "2019-05-03"


@pytest.mark.parametrize(("text", "year_word", "year", "finer_word", "finer", "finer_text"), [
    # the same act word as noun and verb
    ("Police reopened the case of the 1985 hijacking.\n\nOfficials met.\n\n"
     "The plane was hijacked over Greece on June 14, 1985 by gunmen.",
     "hijacking", "1985", "hijacked", "1985-06-14", "June 14, 1985"),
    # words of one act
    ("Police reopened the case of the 2014 abduction.\n\nOfficials met.\n\n"
     "The students were kidnapped in Iguala on Sept. 26, 2014.",
     "abduction", "2014", "kidnapped", "2014-09-26", "Sept. 26, 2014"),
])
def test_an_act_dated_by_year_takes_the_month_the_article_gives_the_same_act(
        nlp, text, year_word, year, finer_word, finer, finer_text):
    parsed = _parse(nlp, text, "2019-09-21")
    coarse = _dated(parsed, year_word, year, year, "2019-09-21")
    fine = _dated(parsed, finer_word, finer, finer_text, "2019-09-21")
    apply_document_context([coarse, fine], parsed, "2019-09-21")
    assert (coarse.date, coarse.date_precision, coarse.date_text) == (finer, "day", finer_text)


def test_a_year_is_not_refined_by_another_act_or_another_year(nlp):
    def refined(text: str, later: str, date: str) -> str:
        parsed = _parse(nlp, text, "2019-09-21")
        first = _dated(parsed, "hijacking", "1985", "1985", "2019-09-21")
        other = _dated(parsed, later, date, "June 14, " + date[:4], "2019-09-21")
        apply_document_context([first, other], parsed, "2019-09-21")
        return first.date

    assert refined("Police reopened the case of the 1985 hijacking.\n\nSoldiers shot a "
                   "farmer on June 14, 1985.", "shot", "1985-06-14") == "1985"
    assert refined("Police reopened the case of the 1985 hijacking.\n\nA bus was hijacked "
                   "on June 14, 1986.", "hijacked", "1986-06-14") == "1985"


def test_a_year_is_refined_by_the_act_a_light_verb_names_for_each_act_of_its_phrase():
    from dotterel.coder import code

    text = ("Gunmen tortured and killed a farmer in 2017.\n\nOfficials met on Monday.\n\n"
            "Witnesses said the gang carried out the killing in June 2017.")
    by_word = {ev.trigger.text: ev for ev in code(text, date="2024-05-01")}
    # "carried out the killing" is a killing; "tortured" shares the phrase "in 2017"
    assert by_word["killed"].date == by_word["tortured"].date == "2017-06"
    assert by_word["tortured"].date_text == "June 2017"
    # another act a light verb names refines nothing ("carried out" is no act of its own)
    other = code("Gunmen tortured and killed a farmer in 2017.\n\n"
                 "Witnesses said a gang carried out an attack on a bus in June 2017.",
                 date="2024-05-01")
    assert [ev.date for ev in other if ev.trigger.text in ("tortured", "killed")] == [
        "2017", "2017"]


def _doers(ev: Event) -> list[tuple[str | None, str | None]]:
    return [(a.code, a.sector) for a in ev.actor]


def test_a_headline_act_takes_the_doer_the_story_names():
    from dotterel.coder import code

    text = ("Forty students kidnapped in Kebbi\n\n"
            "Armed bandits kidnapped forty students from a boarding school in Kebbi on Friday.")
    headline, story = (ev for ev in code(text, date="2024-05-01") if ev.cameo == "181")
    assert headline.sentence == 0 and story.sentence == 1
    assert _doers(headline) == _doers(story) == [("NGA", "CRM")]
    assert text[headline.actor[0].start : headline.actor[0].end] == "Armed bandits"
    assert headline.rule.endswith("+actor:retold") and not story.rule.endswith("+actor:retold")


def test_a_named_doer_replaces_the_authorities_an_arrest_implies():
    from dotterel.coder import code

    text = ("Two lawyers were arrested in Harare on Monday.\n\n"
            "Zimbabwean police arrested the two lawyers outside a court.")
    first = code(text, date="2024-05-01")[0]
    assert first.sentence == 0
    assert [(a.text, a.implied) for a in first.actor] == [("Zimbabwean police", False)]


def test_acts_against_other_victims_lend_no_doer():
    from dotterel.coder import code

    # the same act word, near, but two named sets of victims: two acts
    text = ("Two lawyers were shot in Harare on Monday.\n\n"
            "Militiamen shot three farmers near Bulawayo.")
    lawyers = next(ev for ev in code(text, date="2024-05-01") if ev.sentence == 0)
    assert lawyers.actor == [] and "+actor" not in lawyers.rule
    # another act against the same victims is not the same act either
    text = ("Two lawyers were shot in Harare on Monday.\n\n"
            "Police later arrested the two lawyers.")
    lawyers = next(ev for ev in code(text, date="2024-05-01") if ev.sentence == 0)
    assert lawyers.actor == []


def test_a_pronoun_lends_no_doer():
    from dotterel.coder import code

    text = ("Zimbabwean police raided a law firm in Harare on Friday.\n\n"
            "Two lawyers were arrested on Monday.\n\n"
            "They arrested the two lawyers outside a court.")
    arrests = [ev for ev in code(text, date="2024-05-01") if ev.cameo == "173"]
    assert [ev.sentence for ev in arrests] == [1, 2]
    assert arrests[1].actor[0].text == "They"  # the later sentence's own words
    # the earlier arrest keeps the authorities its act implies, not "They"
    assert [(a.sector, a.implied) for a in arrests[0].actor] == [("COP", True)]
    assert "+actor" not in arrests[0].rule


def test_people_placed_by_a_town_move_with_it_when_the_document_reads_the_town_again():
    from dotterel.coder import code

    [ev] = code("Fighting in South Sudan spread on Monday.\n\n"
                "Government troops attacked rebels in Bor.", date="2024-05-01")
    assert ev.location.country == "SSD"
    assert [(a.code, a.sector) for a in ev.actor] == [("SSD", "MIL")]
    assert [r.code for r in ev.recipient] == ["SSD"]
