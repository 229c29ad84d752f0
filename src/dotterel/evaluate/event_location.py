"""Event location sentences: verb span -> the span naming where the event happened (or none).

For each record, the coded event whose trigger overlaps the gold verb is looked up.  Its
location is right when it overlaps a gold location span, or when both gold and coder say
"no location".  A country the coder inferred from the actors (location ``source="actors"``)
counts as "no location": its span is the actors' phrase, which names no place.  Records
whose verb the coder did not code count as not found.

The set holds ~7,000 records; ``limit`` takes an evenly spaced (deterministic) sample so the
sources, which come in blocks, stay represented.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotterel.evaluate.base import (
    DatasetResult,
    EventsByDoc,
    Table,
    brief_event,
    jsonl_first_line,
    overlaps,
    r3,
    ratio,
)
from dotterel.models import Document, Event

NAME = "event_location"


@dataclass
class Record:
    id: str
    doc_id: str
    text: str
    verb: tuple[int, int]
    locations: list[tuple[int, int]] = field(default_factory=list)
    source: str | None = None
    repaired: int = 0  # gold spans re-anchored on their own text (see ``anchor``)
    unplaceable: bool = False  # a gold span names words its sentence does not hold


def detect(path: Path) -> bool:
    first = jsonl_first_line(path)
    return first is not None and '"spans"' in first and '"VERB"' in first


def evenly_spaced(n: int, k: int) -> list[int]:
    """k indices spread evenly over range(n), deterministic."""
    if k >= n:
        return list(range(n))
    return [i * n // k for i in range(k)]


def doc_id_for(text: str) -> str:
    return "loc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


_TOKEN = re.compile(r"\w+|[^\w\s]")


def anchor(text: str, span: dict[str, Any]) -> tuple[tuple[int, int] | None, bool]:
    """Character offsets of a gold span, and whether they had to be repaired.

    About a sixth of the set's LOCATION spans carry token indices (or other stray numbers) in
    ``start``/``end`` while their ``text`` and ``token_start`` name the annotated words.  Such
    a span is re-anchored on its text: the occurrence whose token position is nearest
    ``token_start``.  ``None`` when the text does not occur in the sentence at all.
    """
    start, end = span["start"], span["end"]
    words = span.get("text")
    if words is None or text[start:end] == words:
        return (start, end), False
    if text[start:end].strip() == words.strip() and words.strip():
        return (start, end), False
    words = words.strip()
    hits = [m.start() for m in re.finditer(re.escape(words), text)] if words else []
    if not hits:
        return None, False
    want = span.get("token_start")
    if want is None:
        best = hits[0]
    else:
        best = min(hits, key=lambda i: (abs(len(_TOKEN.findall(text[:i])) - want), i))
    return (best, best + len(words)), True


def load(path: Path, limit: int | None = None) -> list[Record]:
    records = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                text = r["text"]
                spans = r.get("spans") or []
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise ValueError(f"{path}:{n}: not an event-location record ({e})") from None
            anchored = [(s.get("label"), *anchor(text, s)) for s in spans]
            verbs = [(off, fixed) for label, off, fixed in anchored if label == "VERB"]
            if not verbs:
                continue  # nothing to score: the record names no event verb
            locs = [(off, fixed) for label, off, fixed in anchored if label == "LOCATION"]
            placed = [off for off, _ in verbs[:1] + locs if off is not None]
            records.append(Record(
                str(r.get("_id") or n), doc_id_for(text), text, verbs[0][0] or (0, 0),
                [off for off, _ in locs if off is not None], r.get("source"),
                repaired=sum(fixed for _, fixed in verbs[:1] + locs),
                unplaceable=len(placed) < 1 + len(locs),
            ))
    if limit:
        records = [records[i] for i in evenly_spaced(len(records), limit)]
    return records


def documents(records: list[Record]) -> list[Document]:
    seen: dict[str, Document] = {}
    for r in records:
        seen.setdefault(r.doc_id, Document(id=r.doc_id, text=r.text))
    return list(seen.values())


def event_for_verb(events: list[Event], verb: tuple[int, int]) -> Event | None:
    """The event whose trigger overlaps the verb; the tightest trigger if several do."""
    hits = [e for e in events if overlaps((e.trigger.start, e.trigger.end), verb)]
    if not hits:
        return None
    return min(hits, key=lambda e: (e.trigger.end - e.trigger.start, e.trigger.start))


def score(records: list[Record], events_by_doc: EventsByDoc) -> DatasetResult:
    outcome: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    skipped = [r for r in records if r.unplaceable]
    records = [r for r in records if not r.unplaceable]
    inferred = 0
    for r in records:
        ev = event_for_verb(events_by_doc.get(r.doc_id, []), r.verb)
        gold_locs = [r.text[s:e] for s, e in r.locations]
        base = {"id": r.id, "text": r.text, "verb": r.text[r.verb[0]:r.verb[1]], "gold": gold_locs}
        if ev is None:
            outcome["verb not coded"] += 1
            misses.append({**base, "kind": "verb_not_coded", "verb_span": list(r.verb)})
            continue
        loc = ev.location
        if loc is not None and loc.source == "actors":
            # a country inferred from the actors: its span is their phrase, not a place name
            inferred += 1
            loc = None
        if r.locations:
            if loc is None:
                outcome["gold place, coder none"] += 1
                kind = "location_missing"
            elif any(overlaps((loc.start, loc.end), g) for g in r.locations):
                outcome["gold place, coder same"] += 1
                continue
            else:
                outcome["gold place, coder other"] += 1
                kind = "location_wrong"
        else:
            if loc is None:
                outcome["no place, coder none"] += 1
                continue
            outcome["no place, coder some"] += 1
            kind = "location_spurious"
        misses.append({**base, "kind": kind, "predicted": loc.text if loc else None,
                       "event": brief_event(ev)})
    found = len(records) - outcome["verb not coded"]
    correct = outcome["gold place, coder same"] + outcome["no place, coder none"]
    with_gold = sum(v for k, v in outcome.items() if k.startswith("gold place"))
    predicted_some = outcome["gold place, coder same"] + outcome["gold place, coder other"] + \
        outcome["no place, coder some"]
    headline = {
        "verb_found": ratio(found, len(records)),
        "location_accuracy": ratio(correct, found),
        "location_recall": ratio(outcome["gold place, coder same"], with_gold),
        "location_precision": ratio(outcome["gold place, coder same"], predicted_some),
    }
    order = ["gold place, coder same", "gold place, coder other", "gold place, coder none",
             "no place, coder none", "no place, coder some", "verb not coded"]
    return DatasetResult(
        name=NAME,
        headline={k: r3(v) for k, v in headline.items()},
        counts={"records": len(records), "verb_found": found,
                "sentences": len({r.doc_id for r in records}),
                "repaired_spans": sum(r.repaired for r in records),
                "skipped_unplaceable": len(skipped), "country_from_actors": inferred},
        tables=[Table("Event location outcomes", ["outcome", "records"],
                      [[k, outcome[k]] for k in order])],
        misses=misses,
        notes=["location_accuracy counts a right place and a right 'no place', over records whose "
               "verb was coded as an event",
               "gold spans whose offsets do not match their own text are re-anchored on that text "
               "(repaired_spans); records with a span whose text is not in the sentence are "
               "skipped (skipped_unplaceable)",
               "a country inferred from the actors (location source 'actors') names no place "
               "span and counts as 'no place' (country_from_actors)"],
    )
