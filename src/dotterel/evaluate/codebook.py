"""CAMEO codebook example sentences: does the coder find the example's CAMEO root?"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.evaluate.base import (
    PRF_COLUMNS,
    DatasetResult,
    EventsByDoc,
    Table,
    brief_event,
    cameo_root,
    fix_mojibake,
    jsonl_first_line,
    pair_prf,
    per_label_prf,
    prf_row,
    r3,
    ratio,
)
from dotterel.models import Document

NAME = "cameo_codebook"


@dataclass
class Record:
    doc_id: str
    text: str
    code: str
    root: str
    name: str


def detect(path: Path) -> bool:
    first = jsonl_first_line(path)
    return first is not None and '"root_code"' in first and '"goldstein"' in first


def load(path: Path, limit: int | None = None) -> list[Record]:
    records = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                root = cameo_root(r["root_code"]) or cameo_root(r["code"])
                if root is None:
                    raise ValueError(f"no CAMEO root in {r['root_code']!r}")
                records.append(Record(f"cb-ex-{n:04d}", fix_mojibake(r["text"]), r["code"], root,
                                      r.get("name") or ""))
            except (KeyError, ValueError, TypeError) as e:
                raise ValueError(f"{path}:{n}: not a CAMEO codebook record ({e})") from None
            if limit and len(records) >= limit:
                break
    return records


def documents(records: list[Record]) -> list[Document]:
    return [Document(id=r.doc_id, text=r.text) for r in records]


def score(records: list[Record], events_by_doc: EventsByDoc) -> DatasetResult:
    hit = 0
    confusions: Counter[tuple[str, str]] = Counter()
    misses: list[dict[str, Any]] = []
    gold = set()
    pred = set()
    for r in records:
        events = events_by_doc.get(r.doc_id, [])
        roots = {cameo_root(e.cameo) for e in events} - {None}
        gold.add((r.doc_id, r.root))
        pred |= {(r.doc_id, x) for x in roots}
        if r.root in roots:
            hit += 1
        else:
            for x in roots or {"none"}:
                confusions[(r.root, x)] += 1
            misses.append({"id": r.doc_id, "text": r.text, "kind": "root_missed", "gold": r.code,
                           "gold_name": r.name, "predicted": [brief_event(e) for e in events]})
    micro = pair_prf(gold, pred)
    per_root = per_label_prf(gold, pred)
    rows = [prf_row(k, v) for k, v in sorted(per_root.items())]
    rows.append(prf_row("micro", micro))
    top = [[g, p, n] for (g, p), n in confusions.most_common(15)]
    return DatasetResult(
        name=NAME,
        headline={"root_accuracy": r3(ratio(hit, len(records))),
                  "root_pair_precision": r3(micro.precision), "root_pair_f1": r3(micro.f1)},
        counts={"examples": len(records), "root_found": hit},
        tables=[Table("CAMEO root per (sentence, root) pair", PRF_COLUMNS, rows),
                Table("Most frequent root confusions on misses", ["gold", "predicted", "n"], top)],
        misses=misses,
        notes=["root_accuracy: the example's root is among the roots coded for the sentence"],
    )
