"""HRDsAttack articles: attacks on human-rights defenders, labelled per article.

Each article (HTML paragraphs, title, publication date) holds one labelled attack: its date
(year, month, day as far as the annotator gave them), place (country; city or region) and
perpetrator type.  The coder is given the publication date.  Among the violent or coercive
events it finds (PLOVER ASSAULT or COERCE) the first in the article is taken as the attack
("primary"); a lenient figure ("any") asks whether any of them agrees.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dotterel.evaluate.base import (
    IGO_CODES,
    DatasetResult,
    EventsByDoc,
    Table,
    brief_event,
    names_match,
    r3,
    ratio,
)
from dotterel.models import Document, Event

NAME = "hrdsattack"
VIOLENT = frozenset({"ASSAULT", "COERCE"})

STATE_TYPES = frozenset({"state actor", "other state actors"})
NON_STATE_TYPES = frozenset(
    {"other non-state actors", "other actors without permissions", "other actors with permissions"}
)
# Sectors that make an actor an arm of a state.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "PRI", "ELI", "STATE"})

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_COUNTRY_ALIASES = {
    "us": "USA", "usa": "USA", "u.s.": "USA", "united states": "USA", "america": "USA",
    "uk": "GBR", "britain": "GBR", "great britain": "GBR", "england": "GBR",
    "people's republic of china": "CHN", "china": "CHN", "russia": "RUS", "iran": "IRN",
    "syria": "SYR", "south korea": "KOR", "north korea": "PRK", "vietnam": "VNM",
    "laos": "LAO", "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA", "turkey": "TUR",
    "palestine": "PSE", "gaza": "PSE", "west bank": "PSE", "kosovo": "XKX",
    "democratic republic of congo": "COD", "drc": "COD", "congo": "COG", "ivory coast": "CIV",
    "western sahara": "ESH", "bosnia": "BIH", "macedonia": "MKD", "burma": "MMR", "czech republic": "CZE", "moldova": "MDA",
}
# ISO 3166 gives these territories codes of their own; the annotators name their sovereign
# state ("China" for an arrest in Hong Kong), so countries are compared at that level.
_SOVEREIGN = {"HKG": "CHN", "MAC": "CHN"}
_NONE = {"", "none", "unknown", "n/a", "n//a", "nan", "null", "insufficient info"}


@dataclass
class Record:
    doc_id: str
    title: str
    text: str
    published: str | None
    year: int | None
    month: int | None
    day: int | None
    country: str | None  # ISO-3, or None when the label names no single country
    country_label: str | None
    places: list[str]  # city and region labels
    perpetrator: str | None  # "state" | "non-state" | None


def detect(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() != ".json":
        return False
    head = path.read_text(encoding="utf-8", errors="replace")[:3000]
    return "Input.article_interface" in head


def _clean(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return None if s.casefold() in _NONE else s


def _int(v: Any) -> int | None:
    s = _clean(v)
    if s is None:
        return None
    try:
        return int(float(s))
    except ValueError:
        return None


def _month(v: Any) -> int | None:
    s = _clean(v)
    if s is None:
        return None
    if s.replace(".", "").isdigit():
        m = int(float(s))
        return m if 1 <= m <= 12 else None
    s = s.casefold()
    for name, i in _MONTHS.items():  # tolerate typos such as "Novermber": match the first 3
        if s[:3] == name[:3]:
            return i
    return None


@lru_cache(maxsize=512)
def country_iso3(name: str | None) -> str | None:
    """A country label ("USA", "People's Republic of China", "Nigeria") -> ISO-3, else None."""
    s = _clean(name)
    if s is None:
        return None
    key = s.casefold()
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    import pycountry

    try:
        return pycountry.countries.lookup(s).alpha_3
    except LookupError:
        pass
    matches = [c for c in pycountry.countries if key == getattr(c, "common_name", "").casefold()]
    return matches[0].alpha_3 if matches else None


def sovereign(iso3: str | None) -> str | None:
    """The sovereign state of a territory with its own ISO code (Hong Kong -> China)."""
    return _SOVEREIGN.get(iso3, iso3) if iso3 else iso3


def html_to_text(html: str) -> str:
    """Paragraph HTML -> text with a blank line between paragraphs."""
    import lxml.html

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    paras = [p.text_content().strip() for p in root.iter("p")]
    if not paras:
        paras = [root.text_content().strip()]
    return "\n\n".join(re.sub(r"\s+", " ", p) for p in paras if p)


def _perpetrator(v: Any) -> str | None:
    s = (_clean(v) or "").casefold()
    if s in STATE_TYPES:
        return "state"
    if s in NON_STATE_TYPES:
        return "non-state"
    return None


def load(path: Path, limit: int | None = None) -> list[Record]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not valid JSON ({e})") from None
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of HRDsAttack records")
    records = []
    for i, r in enumerate(data):
        try:
            sample, label = r["sample"], r["merged_sample"]
            title = sample.get("Input.title") or ""
            body = html_to_text(sample["Input.article_interface"])
        except (KeyError, TypeError) as e:
            raise ValueError(f"{path}: record {i} is not an HRDsAttack record ({e})") from None
        pub = (sample.get("Input.publish_date") or "")[:10] or None
        year = _int(label.get("year"))
        month = _month(label.get("month")) if year else None
        day = _int(label.get("date")) if month else None
        if day is not None and not 1 <= day <= 31:
            day = None
        country_label = _clean(label.get("country"))
        records.append(Record(
            doc_id=f"hrd-{i:04d}",
            title=title,
            text=(title.strip() + "\n\n" + body) if title.strip() else body,
            published=pub,
            year=year,
            month=month,
            day=day,
            country=country_iso3(country_label),
            country_label=country_label,
            places=[p for p in (_clean(label.get("city")), _clean(label.get("region"))) if p],
            perpetrator=_perpetrator(label.get("perpetrator_type")),
        ))
        if limit and len(records) >= limit:
            break
    return records


def documents(records: list[Record]) -> list[Document]:
    return [Document(id=r.doc_id, text=r.text, title=r.title or None, published=r.published)
            for r in records]


def _date_parts(ev: Event) -> tuple[int | None, int | None, int | None]:
    if not ev.date or ev.date_precision == "none":
        return None, None, None
    parts = ev.date.split("-")
    y = int(parts[0]) if parts[0].isdigit() else None
    m = int(parts[1]) if len(parts) > 1 and ev.date_precision in ("month", "day") else None
    d = int(parts[2]) if len(parts) > 2 and ev.date_precision == "day" else None
    return y, m, d


def date_matches(r: Record, ev: Event) -> dict[str, bool]:
    """Per gold component present: does the event's date agree?"""
    y, m, d = _date_parts(ev)
    out = {}
    if r.year is not None:
        out["year"] = y == r.year
        if r.month is not None:
            out["month"] = out["year"] and m == r.month
            if r.day is not None:
                out["day"] = out["month"] and d == r.day
    return out


def sector_class(ev: Event) -> str | None:
    """state / non-state / None for the event's actors.  A country named with no sector
    ("the U.S.", "the country") acts as its state; an IGO is neither."""
    kinds = set()
    for a in ev.actor:
        sector = (a.sector or "").upper()
        code = (a.code or "").upper()
        if sector in STATE_SECTORS:
            kinds.add("state")
        elif sector == "IGO" or code in IGO_CODES:
            continue
        elif sector:
            kinds.add("non-state")
        elif len(code) == 3 and code.isalpha():
            kinds.add("state")
    if "state" in kinds:
        return "state"
    return "non-state" if kinds else None


def score(records: list[Record], events_by_doc: EventsByDoc) -> DatasetResult:
    n = len(records)
    found = 0
    tallies: dict[str, list[int]] = {}  # figure -> [hits, scored]

    def tally(key: str, ok: bool) -> None:
        t = tallies.setdefault(key, [0, 0])
        t[0] += int(ok)
        t[1] += 1

    misses: list[dict[str, Any]] = []
    for r in records:
        events = events_by_doc.get(r.doc_id, [])
        violent = [e for e in events if e.plover in VIOLENT]
        base = {"id": r.doc_id, "title": r.title}
        if not violent:
            misses.append({**base, "kind": "no_violent_event",
                           "coded_types": sorted({e.plover or e.cameo for e in events})})
            continue
        found += 1
        primary = violent[0]
        for part, ok in date_matches(r, primary).items():
            tally(f"date_{part}", ok)
            if not ok:
                misses.append({**base, "kind": f"date_{part}", "gold": [r.year, r.month, r.day],
                               "predicted": primary.date, "date_text": primary.date_text,
                               "date_source": primary.date_source, "event": brief_event(primary),
                               "quote": primary.quote})
        if r.year is not None:
            tally("any_date_year", any(date_matches(r, e).get("year") for e in violent))
        if r.country:
            gold_state = sovereign(r.country)
            pc = primary.location.country if primary.location else None
            tally("country", sovereign(pc) == gold_state)
            tally("any_country", any(e.location and sovereign(e.location.country) == gold_state
                                     for e in violent))
            if sovereign(pc) != gold_state:
                misses.append({**base, "kind": "country", "gold": r.country,
                               "predicted": pc, "location": primary.location.text
                               if primary.location else None, "quote": primary.quote})
        if r.places:
            loc = primary.location
            ok = bool(loc) and any(names_match(p, loc.text, loc.name) for p in r.places)
            tally("city_region", ok)
            if not ok:
                misses.append({**base, "kind": "city_region", "gold": r.places,
                               "predicted": loc.text if loc else None, "quote": primary.quote})
        if r.perpetrator:
            got = sector_class(primary)
            tally("perpetrator_sector", got == r.perpetrator)
            if got != r.perpetrator:
                misses.append({**base, "kind": "perpetrator_sector", "gold": r.perpetrator,
                               "predicted": got, "event": brief_event(primary),
                               "quote": primary.quote})

    def fig(key: str) -> float | None:
        t = tallies.get(key)
        return ratio(t[0], t[1]) if t else None

    headline = {
        "violent_event_found": ratio(found, n),
        "date_year_accuracy": fig("date_year"),
        "date_month_accuracy": fig("date_month"),
        "date_day_accuracy": fig("date_day"),
        "country_accuracy": fig("country"),
        "city_region_accuracy": fig("city_region"),
        "perpetrator_sector_accuracy": fig("perpetrator_sector"),
        "any_event_date_year_accuracy": fig("any_date_year"),
        "any_event_country_accuracy": fig("any_country"),
    }
    rows = [[k, tallies[k][1], tallies[k][0], r3(fig(k))] for k in sorted(tallies)]
    return DatasetResult(
        name=NAME,
        headline={k: r3(v) for k, v in headline.items()},
        counts={"articles": n, "with_violent_event": found},
        tables=[Table("HRDsAttack: the first violent/coercive event per article",
                      ["figure", "scored", "right", "accuracy"], rows)],
        misses=misses,
        notes=["violent/coercive = PLOVER ASSAULT or COERCE; figures over articles where one "
               "was found; 'any_' figures accept any such event in the article",
               "countries are compared as sovereign states (Hong Kong, Macao: China)",
               "perpetrator: state actor / other state actors = state; other (non-state) actors "
               "= non-state; state sectors: " + ", ".join(sorted(STATE_SECTORS))],
    )
