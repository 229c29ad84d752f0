"""PETRARCH-2 unit-test sentences (fictional actors): CAMEO root and dyad agreement.

The records use invented countries (Arnor = ARN, ...) that resolve only with the suite's own
actor file, which the runner passes as a user actor file.  Gold events whose code is no CAMEO
root (the suite's 9xx test codes and similar) are left out; records marked ``error`` are left
out; records marked ``noevents`` expect nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotterel.evaluate.base import (
    DatasetResult,
    EventsByDoc,
    Table,
    brief_event,
    cameo_root,
    pair_prf,
    r3,
)
from dotterel.models import Document, Event

NAME = "petrarch2_unittest"
RECORDS_FILE = "PETR.UnitTest.records.jsonl"
ACTORS_FILE = "PETR.Validate.actors.txt"
AGENTS_FILE = "PETR.Validate.agents.txt"
VERBS_FILE = "PETR.Validate.verbs.txt"


@dataclass
class GoldEvent:
    source: str | None  # 3-letter country part, None when unknown ("---") or absent
    target: str | None
    root: str


@dataclass
class Record:
    doc_id: str
    text: str
    date: str | None
    category: str
    events: list[GoldEvent] = field(default_factory=list)
    skipped: int = 0  # gold events whose code is no CAMEO root


def records_path(path: Path) -> Path:
    return path / RECORDS_FILE if path.is_dir() else path


def actors_path(path: Path) -> Path | None:
    p = (path if path.is_dir() else path.parent) / ACTORS_FILE
    return p if p.is_file() else None


def suite_files(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(actor files, lexicon files) of the suite found beside the records."""
    folder = path if path.is_dir() else path.parent
    actors = tuple(str(folder / f) for f in (ACTORS_FILE, AGENTS_FILE) if (folder / f).is_file())
    verbs = (str(folder / VERBS_FILE),) if (folder / VERBS_FILE).is_file() else ()
    return actors, verbs


def detect(path: Path) -> bool:
    p = records_path(path)
    if not p.is_file():
        return False
    with p.open(encoding="utf-8", errors="replace") as f:
        first = f.readline()
    return '"eventcode"' in first or ('"category"' in first and '"events"' in first)


def _country(code: str | None) -> str | None:
    if not code:
        return None
    c = code.strip().upper()[:3]
    return None if not c.isalpha() else c


def _iso(date: str | None) -> str | None:
    if date and len(date) == 8 and date.isdigit():
        return f"{date[:4]}-{date[4:6]}-{date[6:]}"
    return None


def load(path: Path, limit: int | None = None) -> list[Record]:
    p = records_path(path)
    records = []
    with p.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                evs = r.get("events") or []
            except (json.JSONDecodeError, AttributeError) as e:
                raise ValueError(f"{p}:{n}: not a PETRARCH record ({e})") from None
            if any("error" in e for e in evs):
                continue
            gold, skipped = [], 0
            for e in evs:
                if "noevents" in e:
                    continue
                root = cameo_root(e.get("eventcode"))
                if root is None:
                    skipped += 1
                    continue
                gold.append(GoldEvent(_country(e.get("sourcecode")), _country(e.get("targetcode")), root))
            records.append(Record(f"petr-{r.get('id', n)}", r["text"], _iso(r.get("date")),
                                  r.get("category", ""), gold, skipped))
            if limit and len(records) >= limit:
                break
    return records


def documents(records: list[Record]) -> list[Document]:
    return [Document(id=r.doc_id, text=r.text, published=r.date) for r in records]


def _pred_dyads(ev: Event, root: str) -> set[tuple[str | None, str | None, str]]:
    srcs = [_country(a.code) for a in ev.actor] or [None]
    tgts = [_country(a.code) for a in ev.recipient] or [None]
    return {(s, t, root) for s in srcs for t in tgts}


def score(records: list[Record], events_by_doc: EventsByDoc) -> DatasetResult:
    skipped = sum(r.skipped for r in records)
    # A record whose every gold event carries a test-only code cannot be scored: leave it out.
    records = [r for r in records if r.events or not r.skipped]
    gold_roots, pred_roots, gold_dyads, pred_dyads = set(), set(), set(), set()
    misses: list[dict[str, Any]] = []
    for r in records:
        events = events_by_doc.get(r.doc_id, [])
        g_roots = {(r.doc_id, e.root) for e in r.events}
        g_dyads = {(r.doc_id, e.source, e.target, e.root) for e in r.events}
        p_roots, p_dyads = set(), set()
        for ev in events:
            root = cameo_root(ev.cameo)
            if root:
                p_roots.add((r.doc_id, root))
                p_dyads |= {(r.doc_id, *d) for d in _pred_dyads(ev, root)}
        gold_roots |= g_roots
        pred_roots |= p_roots
        gold_dyads |= g_dyads
        pred_dyads |= p_dyads
        if g_roots != p_roots or not g_dyads <= p_dyads:
            misses.append({"id": r.doc_id, "text": r.text, "category": r.category,
                           "kind": "root" if g_roots != p_roots else "dyad",
                           "gold": [f"{e.source or '-'}>{e.target or '-'} {e.root}" for e in r.events],
                           "predicted": [brief_event(e) for e in events]})
    roots = pair_prf(gold_roots, pred_roots)
    dyads = pair_prf(gold_dyads, pred_dyads)
    sentence_exact = sum(1 for r in records if not any(m["id"] == r.doc_id for m in misses))
    rows = [
        ["CAMEO root", roots.tp + roots.fn, roots.tp + roots.fp, r3(roots.precision),
         r3(roots.recall), r3(roots.f1)],
        ["dyad + root", dyads.tp + dyads.fn, dyads.tp + dyads.fp, r3(dyads.precision),
         r3(dyads.recall), r3(dyads.f1)],
    ]
    return DatasetResult(
        name=NAME,
        headline={"root_f1": r3(roots.f1), "root_recall": r3(roots.recall),
                  "dyad_f1": r3(dyads.f1),
                  "sentence_exact": r3(sentence_exact / len(records)) if records else None},
        counts={"sentences": len(records), "gold_events": sum(len(r.events) for r in records),
                "gold_events_without_cameo_root": skipped},
        tables=[Table("PETRARCH-2 unit tests: (sentence, root) and (sentence, source, target, root)",
                      ["pairs", "gold", "predicted", "precision", "recall", "F1"], rows)],
        misses=misses,
        notes=["actors compared on their 3-letter country part; coded with the suite's own "
               "actor, agent and verb dictionaries as user files unless others are given",
               f"{skipped} gold events with non-CAMEO test codes left out; 'error' records left out"],
    )
