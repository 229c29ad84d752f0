"""ConfliBERT CAMEO sentences (Multi-CoPED): penta-class and source/target spans.

Scored as (sentence, penta-class) pairs, the class derived from each event's CAMEO root.
Sentences whose gold class is null are unlabelled, not event-free (most carry source and
target spans of a plain event), so they are left out of the class figures; ``event_found``
counts, over every sentence with an annotated actor span, those where any event was coded.
Source/target overlap is measured where an event of the gold class was found.
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
    brief_event,
    jsonl_first_line,
    macro_f1,
    overlaps,
    pair_prf,
    penta_class,
    per_label_prf,
    prf_row,
    r3,
    ratio,
)
from dotterel.models import Document

NAME = "conflibert_cameo"
CLASS_NAMES = {
    0: "0 statement/appeal (01-02)",
    1: "1 verbal coop (03-05)",
    2: "2 material coop (06-08)",
    3: "3 verbal conflict (09-13,16)",
    4: "4 material conflict (14,15,17-20)",
}


@dataclass
class Record:
    doc_id: str
    text: str
    penta: int | None
    sources: list[tuple[int, int]] = field(default_factory=list)
    targets: list[tuple[int, int]] = field(default_factory=list)


def detect(path: Path) -> bool:
    first = jsonl_first_line(path)
    return first is not None and '"text_tokens"' in first and '"tags"' in first


def _token_offsets(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for t in tokens:
        i = text.find(t, pos)
        if i < 0:
            raise ValueError(f"token {t!r} not found in text")
        out.append((i, i + len(t)))
        pos = i + len(t)
    return out


def _tag_spans(tags: list[str], offsets: list[tuple[int, int]], letters: set[str]) -> list[tuple[int, int]]:
    """BIO tags -> char spans for tags whose role letter is in ``letters`` (S, T, R)."""
    spans = []
    cur: list[int] | None = None
    for tag, (s, e) in zip(tags, offsets, strict=True):
        bio, _, role = tag.partition("-")
        if bio == "B" and role in letters:
            if cur:
                spans.append((cur[0], cur[1]))
            cur = [s, e]
        elif bio == "I" and role in letters and cur:
            cur[1] = e
        else:
            if cur:
                spans.append((cur[0], cur[1]))
            cur = None
    if cur:
        spans.append((cur[0], cur[1]))
    return spans


def load(path: Path, limit: int | None = None) -> list[Record]:
    records = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                text, tokens, tags = r["text"], r["text_tokens"], r["tags"]
                offsets = _token_offsets(text, tokens)
                qc = r.get("quadclass")
                records.append(
                    Record(
                        doc_id=f"cb-{n:05d}",
                        text=text,
                        penta=int(qc) if qc not in (None, "") else None,
                        # reciprocal actors (R) are both source and target
                        sources=_tag_spans(tags, offsets, {"S", "R"}),
                        targets=_tag_spans(tags, offsets, {"T", "R"}),
                    )
                )
            except (KeyError, ValueError, TypeError) as e:
                raise ValueError(f"{path}:{n}: not a ConfliBERT record ({e})") from None
            if limit and len(records) >= limit:
                break
    return records


def documents(records: list[Record]) -> list[Document]:
    return [Document(id=r.doc_id, text=r.text) for r in records]


def score(records: list[Record], events_by_doc: EventsByDoc) -> DatasetResult:
    labelled = [r for r in records if r.penta is not None]
    gold = {(r.doc_id, r.penta) for r in labelled}
    pred = set()
    for r in labelled:
        for ev in events_by_doc.get(r.doc_id, []):
            pc = penta_class(ev.cameo)
            if pc is not None:
                pred.add((r.doc_id, pc))
    micro = pair_prf(gold, pred)
    per_class = per_label_prf(gold, pred)
    with_actors = [r for r in records if r.sources or r.targets]
    found = sum(1 for r in with_actors if events_by_doc.get(r.doc_id))

    src_hit = src_n = tgt_hit = tgt_n = 0
    misses: list[dict[str, Any]] = []
    for r in records:
        events = events_by_doc.get(r.doc_id, [])
        classes = sorted({c for d, c in pred if d == r.doc_id})
        if r.penta is None:
            if not events and (r.sources or r.targets):
                misses.append({"id": r.doc_id, "text": r.text, "kind": "unlabelled_not_coded"})
            continue
        same = [e for e in events if penta_class(e.cameo) == r.penta]
        if not same:
            misses.append({"id": r.doc_id, "text": r.text, "kind": "class_missed",
                           "gold_class": r.penta, "predicted_classes": classes,
                           "predicted": [brief_event(e) for e in events]})
            continue
        if r.sources:
            src_n += 1
            if any(overlaps((a.start, a.end), g) for e in same for a in e.actor for g in r.sources):
                src_hit += 1
            else:
                misses.append({"id": r.doc_id, "text": r.text, "kind": "source_span",
                               "gold": [r.text[s:e] for s, e in r.sources],
                               "predicted": [a.text for e in same for a in e.actor]})
        if r.targets:
            tgt_n += 1
            if any(overlaps((a.start, a.end), g) for e in same for a in e.recipient
                   for g in r.targets):
                tgt_hit += 1
            else:
                misses.append({"id": r.doc_id, "text": r.text, "kind": "target_span",
                               "gold": [r.text[s:e] for s, e in r.targets],
                               "predicted": [a.text for e in same for a in e.recipient]})
        extra = [c for c in classes if c != r.penta]
        if extra:
            misses.append({"id": r.doc_id, "text": r.text, "kind": "extra_class",
                           "gold_class": r.penta, "predicted_classes": classes})

    rows = [prf_row(CLASS_NAMES[c], per_class[str(c)]) for c in range(5) if str(c) in per_class]
    rows.append(prf_row("micro", micro))
    headline = {
        "penta_micro_precision": micro.precision,
        "penta_micro_recall": micro.recall,
        "penta_micro_f1": micro.f1,
        "penta_macro_f1": macro_f1(per_class, [str(c) for c in range(5)]),
        "event_found": ratio(found, len(with_actors)),
        "source_span_overlap": ratio(src_hit, src_n),
        "target_span_overlap": ratio(tgt_hit, tgt_n),
    }
    return DatasetResult(
        name=NAME,
        headline={k: r3(v) for k, v in headline.items()},
        counts={"sentences": len(records), "labelled": len(labelled), "gold_pairs": len(gold),
                "predicted_pairs": len(pred), "with_actor_spans": len(with_actors),
                "event_found": found, "source_scored": src_n, "target_scored": tgt_n},
        tables=[Table("CAMEO penta-class per (sentence, class) pair", PRF_COLUMNS, rows)],
        misses=misses,
        notes=["class from each event's CAMEO root; sentences with a null class are unlabelled "
               "and left out of the class figures",
               "span overlap scored only where an event of the gold class was found; "
               "reciprocal spans count as source and target"],
    )
