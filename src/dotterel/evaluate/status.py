"""Claim status: our own sentences with the expected status and claimant of one event.

Each JSON line: ``{"id", "text", "published", "trigger", "status", "claimant"}`` where
``trigger`` is the word (first occurrence in ``text``) that expresses the scored event and
``claimant`` the text of who makes the claim, or null when the publisher asserts it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.evaluate.base import (
    DatasetResult,
    EventsByDoc,
    Table,
    brief_event,
    content_words,
    jsonl_first_line,
    r3,
    ratio,
)
from dotterel.evaluate.event_location import event_for_verb
from dotterel.models import STATUSES, Document

NAME = "claim_status"
MISSING = "(no event)"


@dataclass
class Record:
    doc_id: str
    text: str
    published: str | None
    trigger: tuple[int, int]
    status: str
    claimant: str | None


def detect(path: Path) -> bool:
    first = jsonl_first_line(path)
    return first is not None and '"status"' in first and '"trigger"' in first


def load(path: Path, limit: int | None = None) -> list[Record]:
    records = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                text, trig, status = r["text"], r["trigger"], r["status"]
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise ValueError(f"{path}:{n}: not a status record ({e})") from None
            if status not in STATUSES:
                raise ValueError(f"{path}:{n}: status {status!r} is not one of {STATUSES}")
            m = re.search(r"\b" + re.escape(trig) + r"\b", text)
            if m is None:
                raise ValueError(f"{path}:{n}: trigger {trig!r} does not occur in the text")
            records.append(Record(str(r.get("id") or f"status-{n:03d}"), text, r.get("published"),
                                  (m.start(), m.end()), status, r.get("claimant") or None))
            if limit and len(records) >= limit:
                break
    return records


def documents(records: list[Record]) -> list[Document]:
    return [Document(id=r.doc_id, text=r.text, published=r.published) for r in records]


def claimant_matches(gold: str | None, predicted: str | None) -> bool:
    if gold is None:
        return predicted is None
    if predicted is None:
        return False
    g, p = content_words(gold), content_words(predicted)
    return bool(g & p)


def score(records: list[Record], events_by_doc: EventsByDoc) -> DatasetResult:
    confusion: Counter[tuple[str, str]] = Counter()
    claim_hit = claim_n = 0
    misses: list[dict[str, Any]] = []
    for r in records:
        ev = event_for_verb(events_by_doc.get(r.doc_id, []), r.trigger)
        got = ev.status if ev else MISSING
        confusion[(r.status, got)] += 1
        base = {"id": r.doc_id, "text": r.text, "trigger": r.text[r.trigger[0]:r.trigger[1]]}
        if ev is None:
            misses.append({**base, "kind": "no_event", "gold": r.status})
            continue
        if got != r.status:
            misses.append({**base, "kind": "status", "gold": r.status, "predicted": got,
                           "event": brief_event(ev)})
        claim_n += 1
        pred_claimant = ev.claimant.text if ev.claimant else None
        if claimant_matches(r.claimant, pred_claimant):
            claim_hit += 1
        else:
            misses.append({**base, "kind": "claimant", "gold": r.claimant,
                           "predicted": pred_claimant})
    found = sum(v for (g, p), v in confusion.items() if p != MISSING)
    right = sum(v for (g, p), v in confusion.items() if g == p)
    gold_statuses = [s for s in STATUSES if any(g == s for g, _ in confusion)]
    pred_cols = [s for s in STATUSES if any(p == s for _, p in confusion)] + (
        [MISSING] if any(p == MISSING for _, p in confusion) else [])
    rows = [[g, *[confusion[(g, p)] for p in pred_cols],
             r3(ratio(confusion[(g, g)], sum(confusion[(g, p)] for p in pred_cols)))]
            for g in gold_statuses]
    per_status = {f"recall_{g}": r3(ratio(confusion[(g, g)],
                                          sum(v for (x, _), v in confusion.items() if x == g)))
                  for g in gold_statuses}
    return DatasetResult(
        name=NAME,
        headline={"event_found": r3(ratio(found, len(records))),
                  "status_accuracy": r3(ratio(right, found)),
                  "status_accuracy_all": r3(ratio(right, len(records))),
                  "claimant_accuracy": r3(ratio(claim_hit, claim_n)),
                  **per_status},
        counts={"sentences": len(records), "event_found": found},
        tables=[Table("Claim status confusion (rows gold, columns coded)",
                      ["gold \\ coded", *pred_cols, "recall"], rows)],
        misses=misses,
        notes=["status_accuracy is over sentences whose event was coded; status_accuracy_all "
               "counts a missing event as wrong"],
    )
