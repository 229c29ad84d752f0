"""PLOVER gold standard records (v0.5 labels, one event per record).

Scored as (sentence, PLOVER type) pairs: micro and macro precision/recall/F1 and per type.
Where the type is right: actor and recipient code accuracy, mode accuracy (where gold gives a
mode) and event-location accuracy (where gold gives a location).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotterel.evaluate.base import (
    PRF_COLUMNS,
    DatasetResult,
    EventsByDoc,
    Table,
    any_code_matches,
    brief_event,
    macro_f1,
    names_match,
    normalize_gold_code,
    pair_prf,
    per_label_prf,
    prf_row,
    r3,
    ratio,
)
from dotterel.models import PLOVER_TYPES, Document

NAME = "plover_gsr"

# PLOVER v0.5 labels -> today's PLOVER.
V05_TO_CURRENT = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# PLOVER v0.5 modes renamed or merged in today's manual (tables of PROTEST, COERCE and
# ASSAULT modes); modes without a one-to-one successor ("ban", "violence") stay as they are.
V05_MODES = {
    "demo-org": "demo", "demo-spon": "demo", "riot-org": "riot", "riot-spon": "riot",
    "strike-hun": "hunger", "strike-gen": "strike", "detain": "arrest", "confiscate": "seize",
}


@dataclass
class GoldActor:
    text: str
    code: str | None
    sector: str | None


@dataclass
class Record:
    id: str
    doc_id: str
    text: str
    plover: str
    trigger: str = ""  # the gold event text ("demonstrated", "suicide bombers killed")
    source: list[GoldActor] = field(default_factory=list)
    target: list[GoldActor] = field(default_factory=list)
    mode: str | None = None
    location: str | None = None


def detect(path: Path) -> bool:
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    return '"eventText"' in head and '"textInfo"' in head


def map_mode(mode: str | None) -> str | None:
    if not mode:
        return None
    mode = mode.strip().lower()
    return V05_MODES.get(mode, mode)


def map_label(label: str) -> str:
    label = label.strip().upper()
    return V05_TO_CURRENT.get(label, label)


def _actors(value: Any) -> list[GoldActor]:
    if not isinstance(value, list):
        return []
    out = []
    for a in value:
        if isinstance(a, dict):
            sector = (a.get("sector") or "").strip()
            # Gold sectors carry ethnic/religious suffixes ("CVLalb"); "***" means unknown.
            sector = sector[:3].upper() if sector and sector != "***" else None
            out.append(GoldActor(a.get("actorText") or "", normalize_gold_code(a.get("code")), sector))
    return out


def _location(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("name") or None
    if isinstance(value, str):
        return value or None
    return None


def load(path: Path, limit: int | None = None) -> list[Record]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not valid JSON ({e})") from None
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of PLOVER records")
    doc_ids: dict[str, str] = {}
    records = []
    for i, r in enumerate(data):
        if not isinstance(r, dict) or "text" not in r or "event" not in r:
            raise ValueError(f"{path}: record {i} has no 'text' or 'event'")
        text = r["text"]
        doc_id = doc_ids.setdefault(text, f"gsr-{len(doc_ids):04d}")
        records.append(
            Record(
                id=r.get("id") or f"record-{i}",
                doc_id=doc_id,
                text=text,
                plover=map_label(r["event"]),
                trigger=r.get("eventText") or "",
                source=_actors(r.get("source")),
                target=_actors(r.get("target")),
                mode=map_mode(r.get("mode")),
                location=_location(r.get("eventLoc")),
            )
        )
    return records[:limit] if limit else records


def documents(records: list[Record]) -> list[Document]:
    seen: dict[str, Document] = {}
    for r in records:
        # GSR dates are placeholders (2000-01-01): no publication date is passed.
        seen.setdefault(r.doc_id, Document(id=r.doc_id, text=r.text))
    return list(seen.values())


def score(records: list[Record], events_by_doc: EventsByDoc) -> DatasetResult:
    gold = {(r.doc_id, r.plover) for r in records}
    pred = {
        (doc_id, ev.plover)
        for doc_id in {r.doc_id for r in records}
        for ev in events_by_doc.get(doc_id, [])
        if ev.plover
    }
    micro = pair_prf(gold, pred)
    per_type = per_label_prf(gold, pred)

    actor_hit = actor_n = recip_hit = recip_n = mode_hit = mode_n = loc_hit = loc_n = 0
    sector_hit = sector_n = 0
    misses: list[dict[str, Any]] = []
    for r in records:
        events = events_by_doc.get(r.doc_id, [])
        same = [e for e in events if e.plover == r.plover]
        base = {"id": r.id, "text": r.text, "gold_type": r.plover, "gold_trigger": r.trigger}
        if not same:
            misses.append(
                {**base, "kind": "type_missed", "predicted": [brief_event(e) for e in events]}
            )
            continue
        codes = [a.code for a in r.source if a.code]
        if codes:
            actor_n += 1
            refs = [a for e in same for a in e.actor]
            if any_code_matches(codes, refs):
                actor_hit += 1
            else:
                misses.append({**base, "kind": "actor", "gold": [f"{a.text}={a.code}" for a in r.source],
                               "predicted": [brief_event(e) for e in same]})
        codes = [a.code for a in r.target if a.code]
        if codes:
            recip_n += 1
            refs = [a for e in same for a in e.recipient]
            if any_code_matches(codes, refs):
                recip_hit += 1
            else:
                misses.append({**base, "kind": "recipient", "gold": [f"{a.text}={a.code}" for a in r.target],
                               "predicted": [brief_event(e) for e in same]})
        sectors = {a.sector for a in r.source if a.sector}
        if sectors:
            sector_n += 1
            if any((a.sector or "").upper() in sectors for e in same for a in e.actor):
                sector_hit += 1
        if r.mode:
            mode_n += 1
            if any(e.mode == r.mode for e in same):
                mode_hit += 1
            else:
                misses.append({**base, "kind": "mode", "gold": r.mode,
                               "predicted": [e.mode for e in same]})
        if r.location:
            loc_n += 1
            if any(e.location and names_match(r.location, e.location.text, e.location.name)
                   for e in same):
                loc_hit += 1
            else:
                misses.append({**base, "kind": "location", "gold": r.location,
                               "predicted": [e.location.text if e.location else None for e in same]})
    for doc_id, label in sorted(pred - gold):
        text = next(r.text for r in records if r.doc_id == doc_id)
        evs = [brief_event(e) for e in events_by_doc.get(doc_id, []) if e.plover == label]
        misses.append({"id": doc_id, "text": text, "kind": "type_spurious", "predicted_type": label,
                       "gold_types": sorted(p for d, p in gold if d == doc_id),
                       "coded_types": sorted(p for d, p in pred if d == doc_id), "predicted": evs})

    headline = {
        "type_micro_precision": micro.precision,
        "type_micro_recall": micro.recall,
        "type_micro_f1": micro.f1,
        "type_macro_f1": macro_f1(per_type),
        "actor_code_accuracy": ratio(actor_hit, actor_n),
        "recipient_code_accuracy": ratio(recip_hit, recip_n),
        "actor_sector_accuracy": ratio(sector_hit, sector_n),
        "mode_accuracy": ratio(mode_hit, mode_n),
        "location_accuracy": ratio(loc_hit, loc_n),
    }
    counts = {
        "records": len(records),
        "sentences": len({r.doc_id for r in records}),
        "gold_pairs": len(gold),
        "predicted_pairs": len(pred),
        "actor_scored": actor_n,
        "recipient_scored": recip_n,
        "sector_scored": sector_n,
        "mode_scored": mode_n,
        "location_scored": loc_n,
    }
    rows = [prf_row(t, per_type[t]) for t in PLOVER_TYPES if t in per_type]
    rows += [prf_row(t, p) for t, p in per_type.items() if t not in PLOVER_TYPES]
    rows.append(prf_row("micro", micro))
    return DatasetResult(
        name=NAME,
        headline={k: r3(v) if v is not None else None for k, v in headline.items()},
        counts=counts,
        tables=[Table("PLOVER type per (sentence, type) pair", PRF_COLUMNS, rows)],
        misses=misses,
        notes=[
            "v0.5 modes mapped: " + ", ".join(f"{a}->{b}" for a, b in V05_MODES.items()),
            "v0.5 labels mapped: DEMAND->REQUEST, DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE, "
            "FIGHT->ASSAULT",
            "actor/recipient/mode/location scored only where the PLOVER type is right",
        ],
    )
