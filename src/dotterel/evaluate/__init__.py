"""evaluate: accuracy of the coder against gold sets.

``run_evaluation(paths)`` detects each gold file's format, codes its texts through
``code_documents`` (one pipeline load a process) and scores them.  Each dataset module's
``score(records, events_by_doc)`` is a pure function, testable with hand-built events.

Formats: plover_gsr, conflibert_cameo, cameo_codebook, hrdsattack, event_location,
petrarch2_unittest, claim_status.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from dotterel.evaluate import (
    codebook,
    conflibert,
    event_location,
    hrdsattack,
    petrarch,
    plover_gsr,
    status,
)
from dotterel.evaluate.base import DatasetResult, EventsByDoc
from dotterel.models import Document, Event

# Detection order matters only where formats could look alike; these are all distinct.
FORMATS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (plover_gsr, conflibert, codebook, hrdsattack, event_location, petrarch, status)
}

__all__ = [
    "FORMATS",
    "DatasetResult",
    "GoldSet",
    "code_gold",
    "detect_format",
    "load_gold",
    "run_evaluation",
]


@dataclass
class GoldSet:
    path: Path
    format: str
    records: list[Any]
    documents: list[Document]
    actor_files: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()

    @property
    def module(self) -> ModuleType:
        return FORMATS[self.format]


def detect_format(path: Path) -> str:
    """The format name of a gold file or folder; ValueError naming the path if none fits."""
    if not path.exists():
        raise ValueError(f"{path}: no such file or folder")
    for name, module in FORMATS.items():
        try:
            if module.detect(path):
                return name
        except OSError:
            continue
    raise ValueError(
        f"{path}: format not recognised (use --format with one of: {', '.join(FORMATS)})"
    )


def load_gold(
    path: Path,
    format: str | None = None,
    limit: int | None = None,
    actor_files: tuple[str, ...] = (),
    lexicon_files: tuple[str, ...] = (),
) -> GoldSet:
    """Read a gold set.  The PETRARCH-2 unit tests get the suite's own dictionaries (actors,
    agents, verbs) as user files unless actor or lexicon files are given."""
    path = Path(path)
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    if not path.exists():
        raise ValueError(f"{path}: no such file or folder")
    module = FORMATS[fmt]
    records = module.load(path, limit=limit)
    if not records:
        raise ValueError(f"{path}: no {fmt} records found")
    if fmt == petrarch.NAME and not actor_files and not lexicon_files:
        # The unit tests' fictional countries only resolve with the suite's own actor and
        # agent files, and their expected codes follow the suite's own verb dictionary.
        actor_files, lexicon_files = petrarch.suite_files(path)
    return GoldSet(path, fmt, records, module.documents(records), tuple(actor_files),
                   tuple(lexicon_files))


ProgressFn = Callable[[int], None]


def code_gold(
    gold: GoldSet,
    n_process: int = 1,
    advance: ProgressFn | None = None,
) -> EventsByDoc:
    """Code every document of a gold set; events keyed by document id."""
    from dotterel.coder import code_documents

    out: EventsByDoc = {}
    extra = {"lexicon_files": gold.lexicon_files} if gold.lexicon_files else {}
    for doc, events in code_documents(gold.documents, actor_files=gold.actor_files,
                                      n_process=n_process, **extra):
        out[doc.id] = list(events)
        if advance:
            advance(1)
    return out


def score_gold(gold: GoldSet, events_by_doc: dict[str, list[Event]]) -> DatasetResult:
    return gold.module.score(gold.records, events_by_doc)


def run_evaluation(
    golds: Iterable[GoldSet],
    n_process: int = 1,
    progress: bool = True,
) -> list[DatasetResult]:
    """Code and score each gold set; a Rich progress bar on stderr when ``progress``."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    golds = list(golds)
    results = []
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not progress,
        transient=False,
    ) as bar:
        tasks = {id(g): bar.add_task(f"coding {g.format}", total=len(g.documents)) for g in golds}
        for g in golds:
            task = tasks[id(g)]
            t0 = time.perf_counter()
            events = code_gold(g, n_process=n_process,
                               advance=lambda k, task=task: bar.advance(task, k))
            seconds = time.perf_counter() - t0
            result = score_gold(g, events)
            result.counts["coding_seconds"] = round(seconds)
            result.notes.append(f"gold: {g.path}" + (
                f"; actor files: {', '.join(g.actor_files)}" if g.actor_files else "") + (
                f"; lexicon files: {', '.join(g.lexicon_files)}" if g.lexicon_files else ""))
            results.append(result)
    return results
