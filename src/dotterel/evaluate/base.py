"""Shared pieces of the evaluation: the result record, counting helpers, span and code matching.

Every dataset module offers the same four things: ``detect(path)``, ``load(path, limit)``,
``documents(records)`` and ``score(records, events_by_doc)``.  ``score`` is a pure function of
the gold records and the coded events, so it can be tested with hand-built ``Event``s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotterel.models import ActorRef, Event

EventsByDoc = dict[str, list[Event]]


@dataclass
class Table:
    """A small table for the terminal and the JSON report."""

    title: str
    columns: list[str]
    rows: list[list[Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "columns": self.columns, "rows": self.rows}


@dataclass
class DatasetResult:
    """What a scorer returns.  ``headline`` holds the figures the accuracy gate watches."""

    name: str
    headline: dict[str, float | None]
    counts: dict[str, int] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "headline": self.headline,
            "counts": self.counts,
            "tables": [t.as_dict() for t in self.tables],
            "notes": self.notes,
            "misses": self.misses,
        }


# ---------------------------------------------------------------------------------------------
# Counting


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def jsonl_first_line(path: Path) -> str | None:
    """The first line of a JSON Lines file (for format detection), or None when ``path`` is
    not a ``.jsonl`` / ``.ndjson`` file."""
    if not path.is_file() or path.suffix.lower() not in {".jsonl", ".ndjson"}:
        return None
    with path.open(encoding="utf-8", errors="replace") as f:
        return f.readline()


def pair_prf(gold: set[tuple], pred: set[tuple]) -> PRF:
    """Precision/recall over sets of (item, label) pairs."""
    tp = len(gold & pred)
    return PRF(tp=tp, fp=len(pred - gold), fn=len(gold - pred))


def per_label_prf(gold: set[tuple], pred: set[tuple]) -> dict[str, PRF]:
    """The same split by the last element of each pair (the label)."""
    labels = sorted({p[-1] for p in gold | pred}, key=str)
    out = {}
    for label in labels:
        g = {p for p in gold if p[-1] == label}
        q = {p for p in pred if p[-1] == label}
        out[str(label)] = pair_prf(g, q)
    return out


def macro_f1(per_label: dict[str, PRF], labels: Iterable[str] | None = None) -> float | None:
    """Mean F1 over ``labels`` (default: every label seen in gold or predictions).

    A label with no gold and no prediction is left out; a label with only one side counts 0.
    """
    keys = list(labels) if labels is not None else list(per_label)
    vals = []
    for k in keys:
        prf = per_label.get(k)
        if prf is None or prf.tp + prf.fp + prf.fn == 0:
            continue
        vals.append(prf.f1 or 0.0)
    return sum(vals) / len(vals) if vals else None


def ratio(hit: int, total: int) -> float | None:
    return hit / total if total else None


def prf_row(label: str, prf: PRF) -> list[Any]:
    return [label, prf.tp + prf.fn, prf.tp + prf.fp, r3(prf.precision), r3(prf.recall), r3(prf.f1)]


PRF_COLUMNS = ["label", "gold", "predicted", "precision", "recall", "F1"]


def r3(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


# ---------------------------------------------------------------------------------------------
# Spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def span_of(s: Any) -> tuple[int, int]:
    return (s.start, s.end)


_WORD = re.compile(r"[\w]+", re.UNICODE)
_STOP = {"the", "of", "a", "an", "in", "at", "on", "to", "from", "near", "town", "city", "and"}


def content_words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").casefold()) if w not in _STOP}


def names_match(gold: str | None, *candidates: str | None) -> bool:
    """Loose place/actor name agreement: the gold name's content words appear in a candidate,
    or a candidate's in the gold (``"town of Rafah"`` ~ ``"Rafah"``)."""
    g = content_words(gold)
    if not g:
        return False
    for c in candidates:
        cw = content_words(c)
        if cw and (g <= cw or cw <= g):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# CAMEO helpers


def cameo_root(code: str | None) -> str | None:
    """``"0431"`` -> ``"04"``; None for codes outside the 20 CAMEO roots."""
    if not code:
        return None
    digits = code.strip()
    if not digits.isdigit() or len(digits) < 2:
        return None
    root = digits[:2]
    return root if 1 <= int(root) <= 20 else None


def penta_class(code: str | None) -> int | None:
    """CAMEO root -> the 5-way class: 0 = 01-02, 1 = 03-05, 2 = 06-08, 3 = 09-13 and 16,
    4 = 14, 15, 17-20."""
    root = cameo_root(code)
    if root is None:
        return None
    r = int(root)
    if r <= 2:
        return 0
    if r <= 5:
        return 1
    if r <= 8:
        return 2
    if r <= 13 or r == 16:
        return 3
    return 4


# ---------------------------------------------------------------------------------------------
# Actor codes

# Non-ISO country codes that appear in CAMEO-era gold (old CAMEO abbreviations).
GOLD_CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "GMY": "DEU", "UKG": "GBR", "ROM": "ROU"}

# Codes our knowledge base uses for intergovernmental organisations; the gold's generic "IGO"
# matches any of them (or any actor whose sector is IGO).
IGO_CODES = frozenset(
    {
        "IGO", "UNO", "UN", "NATO", "NTO", "EU", "EUR", "AU", "AFU", "ASEAN", "ASN", "SCO",
        "ARL", "OIC", "IAEA", "WHO", "ICC", "ICJ", "OPEC", "GCC", "ECOWAS", "WAS", "APEC",
        "IMF", "WBK", "WTO", "OSCE", "OAS", "OAU", "CIS", "BRICS", "EEC", "ILO", "UNHCR",
        "UNICEF", "UNESCO", "WFP", "CWN", "COE", "ICRC", "IRC", "NAM", "ECO", "SAARC", "IOM",
    }
)
NGO_SECTORS = frozenset({"NGO", "NGM", "HRI"})
ARMED_GROUP_SECTORS = frozenset({"IMG", "REB", "INS", "TER", "MIL", "UAF"})


def normalize_gold_code(code: str | None) -> str | None:
    if not code:
        return None
    c = code.strip().upper()
    if not c or c in {"---", "***", "###"}:
        return None
    return GOLD_CODE_ALIASES.get(c, c)


def code_matches(gold_code: str | None, ref: ActorRef) -> bool:
    """Whether a predicted actor carries the gold actor code.

    Country codes compare exactly (after mapping old CAMEO abbreviations); the generic
    ``IGO``/``NGO``/``IMG`` gold codes match any actor of that kind.
    """
    g = normalize_gold_code(gold_code)
    if g is None:
        return False
    code = (ref.code or "").upper()
    sector = (ref.sector or "").upper()
    if g == "IGO":
        return code in IGO_CODES or sector == "IGO"
    if g == "NGO":
        return code == "NGO" or sector in NGO_SECTORS
    if g == "IMG":
        return code == "IMG" or (sector in ARMED_GROUP_SECTORS and len(code) != 3)
    return code == g or code[:3] == g


def any_code_matches(gold_codes: Sequence[str | None], refs: Sequence[ActorRef]) -> bool:
    return any(code_matches(g, r) for g in gold_codes for r in refs)


def brief_event(ev: Event) -> dict[str, Any]:
    """A short, readable summary of an event for the misses list."""
    return {
        "trigger": ev.trigger.text,
        "plover": ev.plover,
        "cameo": ev.cameo,
        "mode": ev.mode,
        "actor": [f"{a.text}={a.code or '?'}/{a.sector or '-'}" for a in ev.actor],
        "recipient": [f"{a.text}={a.code or '?'}/{a.sector or '-'}" for a in ev.recipient],
        "location": ev.location.text if ev.location else None,
        "date": ev.date,
        "status": ev.status,
        "rule": ev.rule,
    }


def fix_mojibake(text: str) -> str:
    """Repair the MacRoman-mangled curly quotes found in CAMEO codebook text."""
    for bad, good in (("ÇƒÙ", "'"), ("ÇƒÚ", "'"), ("ÇƒÓ", "'"), ("Çƒ˙", '"'), ("Çƒ˘", '"')):
        text = text.replace(bad, good)
    return text
