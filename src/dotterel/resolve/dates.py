"""Dates: which date phrase governs an event trigger, and what day, month or year it names.

``resolve_date(sent, trigger, published)`` looks at the date phrases of the sentence (spaCy
DATE/TIME entities, adjacent ones merged, plus bare years such as "in 1965"), keeps those that
attach to the trigger or to the trigger's own chain of heads, and takes the one closest to the
trigger along the dependency tree (each clause boundary crossed and each noun passed through
costs extra).  A phrase is not the trigger's when it sits in another verb's clause (except a
conjoined verb sharing the trigger's subject, "shot and killed them on Friday", a
when/while/as clause and the verbs it governs ("arrested while taking her daughter to see
her parents in April 2016"), or a relative clause telling when a nominal event happened:
"the murder, which took place in October 2018"; or a date the parser hung on a purpose
clause before its "to": "seized her in September 2013 to prevent ..."), lies in the phrase
of another event noun of the sentence the caller names ("indicted for their role in her
killing on Dec. 31": the killing's; unless that noun is the trigger's occasion, "during the
war in 1965"), premodifies a noun ("the 1979
revolution"; but not the attack the event happened in: "killed in an October 2017 car bomb
blast"), bounds a period ("since
Wednesday", "until 2030", "since Egypt in 1979"; a passive's "by police" is no bound; but
"since" on a lasting state names when it began: "detained since 2016"), dates the act the
trigger's event came before or after ("arrested on April 2 after being detained"), or
when the trigger is in the future tense and the phrase dates the reporting verb ("said on
Friday it will ...").  An entity the model joined at a comma ("21 November 2019, days
after"; "Armistice Day, 1919") gives its first part that is a date.
The phrase is then put on the calendar:

* ``1965`` / ``in 1965`` -> ``"1965"``, precision ``year``
* ``June 2025`` -> ``"2025-06"``, precision ``month``; ``June`` alone -> the most recent June
  at or before publication (the next one for an event in the future tense); ``last June`` ->
  the most recent June before the publication's month; ``June last year`` (``the end of
  June last year``) / ``this year`` / ``next year`` -> June of that year.  The document pass
  (``resolve/context.py``) may still give a yearless month the year the article named it
  with earlier ("found on Nov. 22, 2019 ... died on Nov. 16")
* ``10 March 2023``, ``2023-03-10``, ``March 10`` -> a day
* fixed-day holidays (``New Year's Eve``, ``Christmas Day 2018``) -> that day, the most recent
  one on or before publication when no year is named
* a part of a month (``the end of September``) -> the month; a range (``between April and
  June 2021``, ``13 and 19 July``) -> its start, with the year or month its end names
* weekdays (``Friday``, ``early Friday morning``) -> the most recent such day on or before the
  publication date: a paper dated Friday that says "on Friday" means that day
* ``yesterday``, ``two days ago``, ``last Friday`` -> a day; ``last month`` -> a month;
  ``last year`` / ``this year`` -> a year (dateparser, relative to the publication date)
* ``last week`` / ``this week`` / ``next week``: a week is no allowed precision, and naming its
  Monday as a day would claim a precision the text lacks, so the date is the *month* holding
  the week's Thursday (the month with most of that week's days), precision ``month``.
* decades ("the 1980s") name no day, month or year: ``date`` is None, precision ``none``,
  source ``text`` (the phrase was found; it just is not a calendar date).  ``is_historical``
  still recognises them.
* vague spans ("within days", "in recent weeks", "recently", durations such as "three days",
  counted spans such as "one year" ("sentenced to one year"), ages such as "50-year-old",
  "the same day") are not treated as dates at all: they name no
  point on the calendar we could honestly give, so the event falls back to the publication
  date with source ``publication`` (precision day), like a sentence without a date.

Without any usable date phrase the result is the publication date with source
``publication``; without a publication date, ``date=None``, precision ``none``, source
``none``.  A fallback never pretends to come from the text.

Words that only narrow the time of day or the part of a period ("early", "late", "mid",
"morning", "night", "overnight", "dawn" ...) are stripped before parsing.  dateparser is only
called when cheap regular expressions cannot settle the phrase, and its answers are cached.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from spacy.tokens import Span, Token

Precision = Literal["day", "month", "year", "none"]
Source = Literal["text", "publication", "none"]

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def validate_iso_date(s: str) -> str:
    """Return ``s`` unchanged when it is a real calendar date written ``YYYY-MM-DD``.

    Raises ``ValueError`` naming the reason otherwise (wrong shape, impossible day).
    """
    if not isinstance(s, str):
        raise ValueError(f"expected a date string YYYY-MM-DD, got {type(s).__name__}")
    m = _ISO_DATE.match(s.strip())
    if not m:
        raise ValueError(f"{s!r} is not a date written YYYY-MM-DD")
    try:
        _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as e:
        raise ValueError(f"{s!r} is not a real calendar date ({e})") from None
    return s.strip()


@dataclass(frozen=True)
class DateResult:
    """When an event happened.  ``date`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` by
    ``precision``; ``text``/``start``/``end`` locate the phrase in ``sent.doc`` (None for a
    fallback); ``source`` says where the date came from."""

    date: str | None
    precision: Precision
    text: str | None = None
    start: int | None = None
    end: int | None = None
    source: Source = "none"


# ---------------------------------------------------------------------------------------------
# Putting a phrase on the calendar

_MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_WEEKDAYS.update({calendar.day_abbr[i].lower(): i for i in range(7)})

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NOISE = re.compile(
    r"\b(?:early|late|mid|earlier|later|morning|mornings|afternoon|evening|night|overnight|"
    r"dawn|dusk|midday|noon|midnight|daybreak|nightfall|hours|around|about|approximately|"
    r"on|in|at|by|since|during|of|the|from|as|until|till|before|after)\b|[.,]|-(?=\s|$)",
    re.IGNORECASE,
)
_WORD_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")
_YEAR_RE = r"1[6-9]\d\d|20\d\d|2100"
_YEAR = re.compile(rf"^({_YEAR_RE})$")
_DECADE = re.compile(r"^(1[6-9]\d|20\d)0'?s$", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{4}})$", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?\s+(\d{{4}})$", re.I)
_MONTH_DAY_YEAR = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+(\d{{4}})$", re.I)
_ISO_ANY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WEEKDAY_ONLY = re.compile(r"^(?:(last|this|next|past|coming)\s+)?([a-z]+)$", re.IGNORECASE)
# "last November", "this past March": the most recent such month before the current one.
_LAST_MONTH = re.compile(rf"^(?:last|this past|past)\s+({_MONTH_RE})$", re.IGNORECASE)
# "December last year", "the end of June last year", "March this year".
_MONTH_OF_YEAR = re.compile(
    rf"^(?:(?:end|beginning|start|middle)\s+)?({_MONTH_RE})\s+(last|this|next)\s+year$",
    re.IGNORECASE,
)
_COUNT_RE = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+"
# "one year", "a month": a counted span of time ("sentenced to one year"), no calendar point.
_COUNTED_SPAN = re.compile(rf"^(?:{_COUNT_RE})\s+(?:day|week|month|year)$", re.IGNORECASE)
# Phrases that say "around now" or "for a while" without naming a point on the calendar.
_VAGUE = re.compile(
    r"\b(?:recent(?:ly)?|within|coming|past|few|several|days|weeks|months|years|decades|"
    r"centuries|year-old|years-old|annual|annually|daily|weekly|monthly|yearly|same|that|"
    r"those|then|future|soon|once|time|times|period|ages?|long|old|first|second|end)\b",
    re.IGNORECASE,
)
# An age ("36-year-old", "the 5 years old boy"): the model tags it DATE, but it names no time,
# and merged with the date before it ("April 1, 2019: 36-year-old Kolade Johnson") it spoils
# that date's reading.
_AGE = re.compile(r"^\d+\s*-?\s*(?:day|week|month|year)s?\s*-?\s*old$", re.IGNORECASE)
_RELATIVE_OK = re.compile(
    r"^(?:yesterday|today|tonight|tomorrow|"
    r"(?:last|this|next|past|previous)\s+(?:week|month|year|weekend)|"
    rf"(?:{_COUNT_RE})\s+(?:days?|weeks?|months?|years?)\s+ago)$",
    re.IGNORECASE,
)
# Cheap pre-check: anything dateparser could turn into a date holds one of these.
_DATEISH = re.compile(
    rf"\d|\b(?:{_MONTH_RE}|{'|'.join(_WEEKDAYS)}|yesterday|today|tonight|tomorrow|week|"
    r"month|year|weekend|ago)\b",
    re.IGNORECASE,
)


# Holidays of a fixed day ("on New Year's Eve", "Christmas Day 2018"), the most recent one on
# or before publication when no year is named.  Movable feasts (Easter, Eid) and national
# days (whose date depends on the country) are not read.
_HOLIDAYS = {
    "new year's eve": (12, 31), "new year's day": (1, 1), "christmas eve": (12, 24),
    "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
    "valentine's day": (2, 14), "halloween": (10, 31), "may day": (5, 1),
}
_HOLIDAY = re.compile(
    rf"^(?:(last|this|next)\s+)?({'|'.join(sorted(_HOLIDAYS, key=len, reverse=True))})"
    rf"(?:\s+({_YEAR_RE}))?$", re.IGNORECASE)


def _holiday_match(text: str) -> re.Match | None:
    return _HOLIDAY.match(_clean(text).replace("\u2019", "'"))


def _holiday(low: str, base_date: _dt.date | None, prefer: str) -> str | None:
    m = _holiday_match(low)
    if m is None:
        return None
    month, day = _HOLIDAYS[m[2].lower()]
    if m[3]:
        return _dt.date(int(m[3]), month, day).isoformat()
    if base_date is None:
        return None
    modifier = (m[1] or "").lower()
    this_year = _dt.date(base_date.year, month, day)
    if modifier == "this":
        return this_year.isoformat()
    # "last Christmas": strictly before publication; "Christmas": on or before it (after it,
    # on or after, for an event in the future tense); "next Christmas": strictly after
    if modifier == "next" or (not modifier and prefer == "future"):
        late = this_year <= base_date if modifier else this_year < base_date
        return this_year.replace(year=base_date.year + 1).isoformat() if late \
            else this_year.isoformat()
    early = this_year >= base_date if modifier else this_year > base_date
    return this_year.replace(year=base_date.year - 1).isoformat() if early \
        else this_year.isoformat()


_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b")
_DAY_OF_MONTH = re.compile(r"^(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)$")


def _day_of_month(base: _dt.date, day: int, prefer: str) -> str | None:
    """"the 14th": that day of the publication's month, or of the month before (after, when
    ``prefer`` is "future") when the day has not come yet."""
    year, month = base.year, base.month
    if prefer == "future" and day < base.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif prefer != "future" and day > base.day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _fmt(d: _dt.date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _clean(text: str) -> str:
    cleaned = _NOISE.sub(" ", _WORD_HYPHEN.sub(" ", text))
    return re.sub(r"\s+", " ", cleaned).strip()


# A part of a month names the month: "the end of September", "the month of June".
_PART_OF = re.compile(r"^(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|month|course)"
                      r"\s+of\s+", re.IGNORECASE)
# A determiner or possessive before a dated day: "a July 4, 2020 rally", "his June 3, 2019".
_LEAD_DET = re.compile(rf"^(?:a|an|his|her|their|its|this|last|post-)\s*(?=(?:{_MONTH_RE})\b)",
                       re.IGNORECASE)
# Ranges: "between April and June 2021", "January 27 and 28, 2020", "13 and 19 July",
# "February 22 to 24", "February 2-4", "June and July 2018".
_RANGE = re.compile(r"^(?:between\s+|from\s+)?(.+?)\s*(?:\band\b|\bto\b|[\u2013\u2014-])\s*(.+)$",
                    re.IGNORECASE)
_BARE_DAY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?$")


def _simplify(text: str) -> str | None:
    """A simpler phrase for one dateparser and the patterns cannot read: the first line of
    an entity the model ran across a paragraph break; a month's part ("the end of
    September") as the month; a determiner before a date dropped; a range as its start, with
    the year (and month) the end names when the start leaves them out ("between April and
    June 2021" -> "April 2021", "13 and 19 July" -> "13 July"): an event over a period is
    dated by its onset."""
    first = text.split("\n", 1)[0].strip()
    out = _LEAD_DET.sub("", _PART_OF.sub("", first)).strip()
    m = _RANGE.match(out)
    if m:
        start, end = m[1].strip(" ,"), m[2].strip(" ,")
        end_year = _FOUR_DIGIT_YEAR.search(end)
        end_month = _MONTH_WORD.search(end)
        if _BARE_DAY.match(start) and end_month:
            start = f"{start} {end_month[0]}"
        elif not _MONTH_WORD.search(start):
            start = None  # "2019 to 2020", "three to five": no month to start from
        end_relative = re.search(r"\b(?:last|this|next)\s+year\b", end, re.IGNORECASE)
        if start and not _FOUR_DIGIT_YEAR.search(start):
            if end_year:
                start = f"{start} {end_year[0]}"
            elif end_relative:
                start = f"{start} {end_relative[0]}"  # "March to December of last year"
        if start:
            out = start
    elif out.lower().startswith("between "):
        out = out[8:]  # "between late March" (the range's end fell outside the entity)
    return out if out and out != text else None


@lru_cache(maxsize=8192)
def parse_date_phrase(
    text: str, base: str | None, prefer: str = "past"
) -> tuple[str | None, Precision] | None:
    """Put one date phrase on the calendar relative to ``base`` (ISO publication date).

    Returns ``(date, precision)``, ``(None, "none")`` for a phrase that is a date but no
    calendar point (a decade), or None when the phrase names no date we can resolve.
    ``prefer`` is ``"past"`` or ``"future"``: which side of ``base`` an incomplete date
    ("June", "Friday") falls on.  A phrase read as is or else in its simpler form
    (``_simplify``: a range's start, a month's end as the month).
    """
    parsed = _parse_phrase(text, base, prefer)
    if parsed is None and (simpler := _simplify(text)) is not None:
        parsed = _parse_phrase(simpler, base, prefer)
    return parsed


def _parse_phrase(
    text: str, base: str | None, prefer: str = "past"
) -> tuple[str | None, Precision] | None:
    cleaned = _clean(text)
    if not cleaned:
        return None
    base_date = _dt.date.fromisoformat(base) if base else None
    low = cleaned.lower()

    if m := _YEAR.match(low):
        return m[1], "year"
    if _ORDINAL.search(low) and not re.search(rf"\b(?:{_MONTH_RE})\b", low):
        # "the 14th" is a day of a month; "the 1000th day", "the 2nd week", "25th
        # anniversary" count something and name no date
        m = _DAY_OF_MONTH.match(low)
        if m is None or base_date is None or not 1 <= int(m[1]) <= 31:
            return None
        day = _day_of_month(base_date, int(m[1]), prefer)
        return (day, "day") if day else None
    if low.isdigit():
        return None  # "35" (an age), "300": numbers, not dates
    if (holiday := _holiday(low, base_date, prefer)) is not None:
        return holiday, "day"
    if _DECADE.match(low):
        return None, "none"
    if m := _MONTH_YEAR.match(low):
        return f"{int(m[2]):04d}-{_MONTHS[m[1].lower()]:02d}", "month"
    for rx, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_ISO_ANY, "ymd")):
        if m := rx.match(low):
            parts = dict(zip(order, m.groups(), strict=True))
            month = _MONTHS[parts["m"]] if not parts["m"].isdigit() else int(parts["m"])
            try:
                return _dt.date(int(parts["y"]), month, int(parts["d"])).isoformat(), "day"
            except ValueError:
                return None
    if _COUNTED_SPAN.match(low):
        return None
    if base_date is not None and (m := _LAST_MONTH.match(low)):
        # the most recent such month before the publication's own month
        before = base_date.replace(day=1) - _dt.timedelta(days=1)
        return _bare_month(before, _MONTHS[m[1].lower()], "past"), "month"
    if base_date is not None and (m := _MONTH_OF_YEAR.match(low)):
        year = base_date.year + {"last": -1, "this": 0, "next": 1}[m[2].lower()]
        return f"{year:04d}-{_MONTHS[m[1].lower()]:02d}", "month"
    if m := _WEEKDAY_ONLY.match(low):
        if m[2] in _WEEKDAYS:
            if base_date is None:
                return None
            return _weekday(base_date, _WEEKDAYS[m[2]], m[1], prefer).isoformat(), "day"
        if m[2] in _MONTHS and not m[1]:
            if base_date is None:
                return None
            return _bare_month(base_date, _MONTHS[m[2]], prefer), "month"
    if base_date is None and not re.search(r"\d{4}", low):
        return None  # relative phrase, nothing to be relative to
    if not _DATEISH.search(low):
        return None
    if _VAGUE.search(low) and not _RELATIVE_OK.match(low):
        return None
    return _dateparser(low, base, prefer)


_FOUR_DIGIT_YEAR = re.compile(rf"\b(?:{_YEAR_RE})\b")
_MONTH_WORD = re.compile(rf"\b(?:{_MONTH_RE})\b\.?", re.IGNORECASE)
_RELATIVE_WORD = re.compile(r"\b(?:last|this|next|past|coming|ago|year)\b", re.IGNORECASE)


def month_year_named(text: str) -> tuple[int, int] | None:
    """(year, month) when a date phrase names both ("Nov. 18, 2019", "in March 2017")."""
    if not _FOUR_DIGIT_YEAR.search(text) or not _MONTH_WORD.search(text):
        return None
    parsed = parse_date_phrase(text, None)
    if parsed is None or parsed[0] is None or parsed[1] not in ("month", "day"):
        return None
    year, month = parsed[0].split("-")[:2]
    return int(year), int(month)


def year_left_open(text: str) -> bool:
    """Whether a date phrase names a month (and maybe a day) but leaves its year to the
    reader ("Nov. 16", "in March"; not "last March", "March this year", "March 2019")."""
    return bool(_MONTH_WORD.search(text)) and not _FOUR_DIGIT_YEAR.search(text) \
        and not _RELATIVE_WORD.search(text)


def _weekday(base: _dt.date, wd: int, modifier: str | None, prefer: str) -> _dt.date:
    if (modifier or "").lower() == "next" or (prefer == "future" and modifier is None):
        return base + _dt.timedelta(days=(wd - base.weekday()) % 7)
    back = (base.weekday() - wd) % 7
    if (modifier or "").lower() in ("last", "past") and back == 0:
        back = 7
    return base - _dt.timedelta(days=back)


def _bare_month(base: _dt.date, month: int, prefer: str) -> str:
    year = base.year
    if prefer == "future" and month < base.month:
        year += 1
    elif prefer != "future" and month > base.month:
        year -= 1
    return f"{year:04d}-{month:02d}"


def _dateparser(text: str, base: str | None, prefer: str) -> tuple[str | None, Precision] | None:
    parser = _date_data_parser(base, prefer)
    try:
        data = parser.get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; none is fatal here
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if not 1600 <= d.year <= 2100:
        return None  # a number dateparser read as a year ("1000 more troops")
    period = data.period or "day"
    if period == "week" and "ago" not in text.split():
        thursday = d - _dt.timedelta(days=d.weekday()) + _dt.timedelta(days=3)
        return _fmt(thursday, "month"), "month"
    if period in ("month", "year"):
        return _fmt(d, period), period  # type: ignore[return-value]
    return _fmt(d, "day"), "day"


@lru_cache(maxsize=64)
def _date_data_parser(base: str | None, prefer: str):
    from dateparser.date import DateDataParser

    settings = {
        "PREFER_DATES_FROM": prefer,
        "RETURN_TIME_AS_PERIOD": False,
        "STRICT_PARSING": False,
    }
    if base:
        settings["RELATIVE_BASE"] = _dt.datetime.fromisoformat(base)
    return DateDataParser(languages=["en"], settings=settings)


# ---------------------------------------------------------------------------------------------
# Choosing the phrase that governs the trigger

_CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "parataxis", "csubj"}
_PREMOD_DEPS = {"nummod", "compound", "amod", "poss", "nmod", "quantmod"}
_BOUND_PREPS = {"since", "until", "till", "before", "after", "by", "through", "from"}
_FUTURE_AUX = {"will", "would", "shall", "'ll", "wo"}
_HAPPEN_LEMMAS = {"happen", "occur"}
# States that begin and last: "since" names when they began ("detained since 2016").
_LASTING_LEMMAS = {
    "detain", "hold", "jail", "imprison", "incarcerate", "intern", "confine", "besiege",
    "blockade", "occupy",
}  # fmt: skip


@dataclass
class _Candidate:
    start: int  # token index in doc
    end: int
    text: str
    score: float


def _candidates(sent: Span) -> list[tuple[int, int]]:
    """Token ranges of date phrases: DATE/TIME entities (adjacent ones merged) + bare years."""
    doc = sent.doc
    ranges: list[list[int]] = []
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME") and not (
                ent.label_ == "EVENT" and _holiday_match(ent.text)):
            continue  # the model calls "New Year's Eve" an EVENT
        if _AGE.match(ent.text):
            continue
        if ranges and ranges[-1][1] == ent.start:
            ranges[-1][1] = ent.end
        else:
            ranges.append([ent.start, ent.end])
    covered = {i for a, b in ranges for i in range(a, b)}
    for tok in sent:
        if tok.i in covered or not _YEAR.match(tok.text):
            continue
        prev = doc[tok.i - 1] if tok.i > sent.start else None
        if tok.dep_ in ("nummod", "quantmod") and not (prev is not None and prev.lower_ == "in"):
            continue  # "1947 people": a count
        ranges.append([tok.i, tok.i + 1])
    return [(a, b) for a, b in ranges]


def _root(doc, a: int, b: int) -> Token:
    for i in range(a, b):
        h = doc[i].head
        if h.i < a or h.i >= b or h.i == i:
            return doc[i]
    return doc[a]


def _chain(tok: Token) -> list[Token]:
    out = [tok]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def _is_future(trigger: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in trigger.children)


def _attachment_score(root: Token, trigger: Token,
                      event_nouns: frozenset[int] = frozenset()) -> float | None:
    """Distance from the date phrase to the trigger along the tree; None when the phrase
    belongs to another event (inside another verb's clause, a noun's premodifier, or the
    phrase of another event noun, ``event_nouns``)."""
    t_chain = _chain(trigger)
    t_index = {t.i: n for n, t in enumerate(t_chain)}
    if root.i not in t_index and root.dep_ in _PREMOD_DEPS and root.head.i != trigger.i:
        if root.head.pos_ in ("NOUN", "PROPN") and not _circumstance(root.head, trigger):
            return None  # "the 1979 revolution": dates the noun, not the event
    prep = root.head
    if root.dep_ == "pobj" and prep.i > 0:
        before = root.doc[prep.i - 1]
        if before.dep_ == "pobj" and _bound(before.head):
            return None  # "since Egypt in 1979": the date belongs to the bound's phrase
    steps = 0
    noun_hops = 0
    verb_hops = 0
    cur = root
    while cur.i not in t_index:
        if cur.dep_ == "pobj" and _bound(cur.head) and not _onset(cur.head, trigger):
            return None  # "since Egypt in 1979": the date of a bound, not of the event
        if cur is not root:
            if cur.i in event_nouns and not _circumstance(cur, trigger):
                # "indicted for his role in her killing on Dec. 31": the killing's date; but
                # "during the war in 1965" is the occasion of the trigger's event too
                return None
            if cur.pos_ in ("VERB", "AUX"):
                if not (_shares_adjuncts(cur, t_index) or _before_infinitive(root, cur, t_index)):
                    return None  # inside another verb's clause
                verb_hops += 1
            elif cur.pos_ in ("NOUN", "PROPN"):
                noun_hops += 1
        cur = cur.head
        steps += 1
    up = t_index[cur.i]
    if any(t.dep_ == "pcomp" and _bound(t.head) for t in t_chain[:up]):
        return None  # "arrested on April 2 after being detained": the arrest's date
    clause_hops = sum(1 for t in t_chain[:up] if t.dep_ in _CLAUSE_DEPS)
    if clause_hops and _is_future(trigger):
        return None  # "said on Friday it will ...": Friday is not when it will happen
    return steps + up + 3 * clause_hops + 2 * noun_hops + 3 * verb_hops


def _bound(prep: Token) -> bool:
    """A preposition bounding a period ("since", "until", "by" 2030); not the "by" of a
    passive's agent ("arrested by police on April 11")."""
    return prep.lower_ in _BOUND_PREPS and prep.dep_ != "agent"


def _onset(prep: Token, trigger: Token) -> bool:
    """"detained since 2016": "since" on a lasting state dates when it began."""
    return (prep.lower_ == "since" and prep.head.i == trigger.i
            and trigger.lemma_.lower() in _LASTING_LEMMAS)


def _circumstance(noun: Token, trigger: Token) -> bool:
    """Whether ``noun`` names the occasion of the trigger's event ("killed in an October
    2017 car bomb blast", "wounded during the 2014 raid"): the object of "in" or "during"
    on the trigger, so a date before it dates the event too."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in ("in", "during") and prep.head.i == trigger.i


def _before_infinitive(root: Token, verb: Token, t_index: dict[int, int]) -> bool:
    """"seized her, who was ill, in September 2013 to prevent her from travelling": a date
    the parser hung on a purpose clause but that comes before its "to" dates the act the
    clause is the purpose of."""
    if verb.dep_ not in ("advcl", "xcomp") or verb.head.i not in t_index:
        return False
    to = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"), None)
    return to is not None and verb.head.i < root.i < to.i


def _shares_adjuncts(verb: Token, t_index: dict[int, int]) -> bool:
    """A verb whose time is the trigger's too: a conjunct of a verb on the trigger's chain
    ("shot and killed them last Thursday"), or a when/while/as clause attached to it ("was
    captured when the convoy was ambushed on 9 April"), or a verb such a clause governs."""
    if (verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))) \
            and verb.head.dep_ == "advcl" and verb.head.i not in t_index:
        # "arrested while taking her daughter to see her parents in April 2016": a verb the
        # when/while clause governs (its complement, its purpose) tells its time too
        return _shares_adjuncts(verb.head, t_index)
    if verb.head.i not in t_index:
        return False
    if verb.dep_ == "conj":
        # "shot and killed": one subject, one time; "India struck and Pakistan replied on
        # Saturday": each clause has its own.
        return not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
    if verb.dep_ == "advcl":
        return any((c.dep_ == "mark" and c.lower_ in ("when", "while", "as"))
                   or (c.dep_ == "advmod" and c.lower_ in ("when", "while"))
                   for c in verb.children)
    if verb.dep_ == "relcl" and t_index[verb.head.i] == 0 and verb.head.pos_ == "NOUN":
        # "Khashoggi's murder, which happened ... in October 2018": a clause telling when
        # the event the noun names took place
        return verb.lemma_.lower() in _HAPPEN_LEMMAS or (
            verb.lemma_.lower() == "take" and any(c.lower_ == "place" for c in verb.children)
        )
    return False


def resolve_date(sent: Span, trigger: Token, published: str | None,
                 event_nouns: frozenset[int] = frozenset()) -> DateResult:
    """The date of the event whose trigger is ``trigger`` in sentence ``sent``.

    ``published`` is the publication date (``YYYY-MM-DD``) relative expressions are resolved
    against; ``event_nouns`` are the token indices of the sentence's other event nouns, whose
    phrases date their own events; see the module docstring for the rules.
    """
    if published is not None:
        validate_iso_date(published)
    doc = sent.doc
    scored: list[_Candidate] = []
    for a, b in _candidates(sent):
        root = _root(doc, a, b)
        score = _attachment_score(root, trigger, event_nouns)
        if score is None:
            continue
        scored.append(_Candidate(a, b, doc[a:b].text, score))
    scored.sort(key=lambda c: (c.score, c.start))
    prefer = "future" if _is_future(trigger) else "past"
    for cand in scored:
        start, end = cand.start, cand.end
        parsed = parse_date_phrase(cand.text, published, prefer)
        if parsed is None:
            # "on 21 November 2019, days after ...", "On Armistice Day, 1919": an entity
            # that joined two phrases at a comma; the first part that is a date
            cuts = [t.i for t in doc[cand.start : cand.end] if t.text == ","]
            if cuts:
                for a, b in zip([cand.start] + [c + 1 for c in cuts], [*cuts, cand.end],
                                strict=True):
                    if a < b and (parsed := parse_date_phrase(doc[a:b].text, published,
                                                              prefer)):
                        start, end = a, b
                        break
        if parsed is None:
            continue
        span = doc[start:end]
        date, precision = parsed
        return DateResult(date, precision, span.text, span.start_char, span.end_char, "text")
    if published:
        return DateResult(published, "day", source="publication")
    return DateResult(None, "none", source="none")


def date_within(doc, lo: int, hi: int, published: str | None) -> DateResult | None:
    """The first date phrase inside tokens ``lo``..``hi`` of ``doc`` ("its independence in
    1947", "the Dec. 30, 2020 operation"), resolved against ``published``; a bare year the
    NER left out ("in 1821") counts too."""
    for ent in doc.ents:
        if ent.label_ == "DATE" and lo <= ent.start and ent.end - 1 <= hi:
            parsed = parse_date_phrase(ent.text, published)
            if parsed is not None and parsed[0]:
                return DateResult(parsed[0], parsed[1], ent.text, ent.start_char, ent.end_char,
                                  "text")
    for tok in doc[lo : hi + 1]:
        if tok.dep_ == "pobj" and tok.head.lower_ == "in" and _YEAR.match(tok.text):
            return DateResult(tok.text, "year", tok.text, tok.idx, tok.idx + 4, "text")
    return None


def is_historical(result: DateResult, published: str | None, years: float = 1.0) -> bool:
    """True when the event lies more than ``years`` (about one) before publication.

    Compares the *latest* day the date could denote, so "2024" in a mid-2025 article is not
    historical, while "2023" is.  Decades ("the 1980s") count by their last year.
    """
    if not published:
        return False
    pub = _dt.date.fromisoformat(validate_iso_date(published))
    latest: _dt.date | None = None
    if result.date:
        parts = [int(p) for p in result.date.split("-")]
        if result.precision == "year" or len(parts) == 1:
            latest = _dt.date(parts[0], 12, 31)
        elif result.precision == "month" or len(parts) == 2:
            latest = _dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        else:
            latest = _dt.date(*parts[:3])
    elif result.text and (m := _DECADE.match(_clean(result.text).lower())):
        latest = _dt.date(int(m[1]) * 10 + 9, 12, 31)
    if latest is None:
        return False
    return (pub - latest).days > 365 * years
