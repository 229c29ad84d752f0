"""``dotterel code INPUT... [--date YYYY-MM-DD] [--store DB]``: code news text into events.

Without ``--store`` the events go to stdout as JSON Lines.  With ``--store DB`` they go into a
DuckDB store (created when missing), committed in batches: an interrupted run keeps what it
finished and a rerun codes only the rest (unchanged articles are skipped).

Exit status: 0 all inputs coded; 1 fatal error (store unreadable, foreign or unwritable);
2 usage error; 3 some inputs rejected (each named on stderr with its reason; the rest coded).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import typer

from dotterel.cli import app
from dotterel.ingest import DEFAULT_MAX_BYTES

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3


@app.command("code")
def code_command(
    inputs: list[str] = typer.Argument(..., help="files (.txt .html .jsonl .rss .atom .warc[.gz]), folders, or '-' for stdin"),
    date: str | None = typer.Option(None, "--date", help="publication date YYYY-MM-DD for inputs without one"),
    actors: list[Path] = typer.Option([], "--actors", help="extra actor file(s) overriding the built-in ones"),
    lexicon: list[Path] = typer.Option([], "--lexicon", help="extra lexicon file(s) (JSONL) winning over built-in entries"),
    processes: int | None = typer.Option(None, "--processes", min=1, help="worker processes (default: one per core for large inputs)"),
    store: Path | None = typer.Option(None, "--store", help="DuckDB store to write into (created when missing) instead of stdout"),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="reject a file, JSONL line or WARC record larger than this"),
    commit_every: int = typer.Option(64, "--commit-every", min=1, help="documents per store transaction"),
    progress: bool | None = typer.Option(None, "--progress/--no-progress", help="progress bar on stderr (default: when stderr is a terminal and --store is given)"),
    cluster: str | None = typer.Option(None, "--cluster", help="code on an existing Dask scheduler, e.g. tcp://HOST:8786"),
    workers: int | None = typer.Option(None, "--workers", min=1, help="code on a local Dask cluster of N worker processes"),
    output: Path | None = typer.Option(None, "--output", help="with --cluster/--workers: the workers write the events as Parquet files (part-NNNNNN.parquet) into this folder"),
) -> None:
    """Code news text into events: JSON Lines on stdout, or into a store with --store."""
    import logging

    from dotterel.coder import code_documents, default_processes
    from dotterel.ingest import estimate_documents
    from dotterel.resolve.dates import validate_iso_date

    # Every rejected input is reported with its reason below; the extractors' own log lines
    # about odd HTML would only repeat that as noise.
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)

    if date is not None:
        try:
            validate_iso_date(date)
        except ValueError as e:
            typer.echo(f"dotterel code: --date {date!r}: {e}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
    for f in actors:
        if not f.is_file():
            typer.echo(f"dotterel code: --actors {f}: no such file", err=True)
            raise typer.Exit(EXIT_USAGE)
    for f in lexicon:
        if not f.is_file():
            typer.echo(f"dotterel code: --lexicon {f}: no such file", err=True)
            raise typer.Exit(EXIT_USAGE)
    lexicon_files = tuple(str(f) for f in lexicon)
    if lexicon_files:
        from dotterel.knowledge.lexicon import LexiconError, get_lexicon

        try:
            get_lexicon(lexicon_files)
        except LexiconError as e:
            typer.echo(f"dotterel code: --lexicon: {e}", err=True)
            raise typer.Exit(EXIT_USAGE) from None

    if cluster is not None or workers is not None or output is not None:
        from dotterel.distributed import cluster_usage_error

        problem = cluster_usage_error(cluster, workers, output, processes)
        if problem:
            typer.echo(f"dotterel code: {problem}", err=True)
            raise typer.Exit(EXIT_USAGE)

    estimate = estimate_documents(inputs)
    run = CodeRun(store, estimate, commit_every, show_progress=progress)
    with run:
        docs = run.documents(inputs, date, max_bytes)
        if cluster is not None or workers is not None:
            from dotterel.distributed import run_code_command

            try:
                run_code_command(run, docs, cluster, workers, output,
                                 tuple(str(a) for a in actors), lexicon_files)
            except ConnectionError as e:
                typer.echo(f"dotterel code: --cluster: {e}", err=True)
                raise typer.Exit(EXIT_FATAL) from None
        else:
            n_process = processes if processes is not None else default_processes(estimate)
            coded = code_documents(
                docs, actor_files=tuple(str(a) for a in actors), n_process=n_process,
                lexicon_files=lexicon_files,
            )
            run.consume(coded)
    raise typer.Exit(run.exit_code)


class CodeRun:
    """One ``dotterel code`` run: reads inputs (reporting rejections), skips documents the store
    already holds unchanged, writes events to stdout or to the store in batches, shows progress
    and prints the summary."""

    def __init__(
        self,
        store_path: Path | None,
        estimate: int,
        commit_every: int = 64,
        show_progress: bool | None = None,
        commit_seconds: float = 10.0,
    ) -> None:
        from dotterel import CODER_VERSION

        self.store_path = store_path
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self.coder_version = CODER_VERSION
        self.read = self.coded = self.unchanged = self.events = 0
        self.added = self.replaced = 0
        self.store_seconds = 0.0  # time spent looking up and writing the store
        self.rejections: Counter[str] = Counter()
        self.store = None
        self.exit_code = EXIT_OK
        if show_progress is None:
            show_progress = store_path is not None and sys.stderr.isatty()
        self.progress = None
        self.task = None
        self.estimate = estimate
        self._show_progress = show_progress

    # -- context: open the store, start the bar, always print the summary --------------------
    def __enter__(self) -> CodeRun:
        if self.store_path is not None:
            from dotterel.store import Store, StoreError

            try:
                self.store = Store(self.store_path, shared=True)
            except StoreError as e:
                typer.echo(f"dotterel code: --store {e}", err=True)
                raise typer.Exit(EXIT_FATAL) from None
        if self._show_progress:
            self._start_progress()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        from dotterel.store import StoreError

        if self.progress is not None:
            self.progress.stop()
        if exc_type is not None and issubclass(exc_type, StoreError):
            typer.echo(f"dotterel code: --store {exc}", err=True)
            self.exit_code = EXIT_FATAL
        elif exc_type is KeyboardInterrupt:
            typer.echo("dotterel code: interrupted; committed batches are kept", err=True)
            self.exit_code = 130
        elif exc_type is None and self.rejections:
            self.exit_code = EXIT_REJECTED
        if exc_type is None and self.store is not None and self.added + self.replaced >= 1000:
            try:
                self.store.optimize()  # a large load: re-sort the dyads for fast dyad queries
            except StoreError as e:
                typer.echo(f"dotterel code: dyads not re-sorted ({e}); the data is stored", err=True)
        if self.store is not None or self._show_progress:
            self._print_summary()
        if self.store is not None:
            self.store.close()
        if exc_type is not None and (issubclass(exc_type, StoreError) or exc_type is KeyboardInterrupt):
            return True  # reported; exit_code says how it ended
        return False

    def _start_progress(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.1f} docs/s" if speed else "-- docs/s")

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("coding"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TextColumn("{task.fields[events]} events"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task("coding", total=self.estimate or None, events=0)
        self.progress.start()

    def _say(self, line: str) -> None:
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(line, err=True)

    # -- the document stream -------------------------------------------------------------------
    def documents(self, inputs: list[str], date: str | None, max_bytes: int) -> Iterator:
        """Documents to code, in input order; rejections are reported as they come."""
        from dotterel.ingest import Rejection, read_inputs

        def readable() -> Iterator:
            for item in read_inputs(inputs, date=date, max_bytes=max_bytes):
                if isinstance(item, Rejection):
                    self.rejections[_reason_kind(item.reason)] += 1
                    self._say(f"rejected {item.input}: {item.reason}")
                    self._advance(0)
                else:
                    self.read += 1
                    yield item

        if self.store is None:
            return readable()
        return self._skip_unchanged(readable())

    def _skip_unchanged(self, docs: Iterable) -> Iterator:
        chunk: list = []
        for doc in docs:
            chunk.append(doc)
            if len(chunk) >= 256:
                yield from self._filter(chunk)
                chunk = []
        if chunk:
            yield from self._filter(chunk)

    def _filter(self, chunk: list) -> Iterator:
        start = time.perf_counter()
        stored = self.store.unchanged(chunk, self.coder_version)
        self.store_seconds += time.perf_counter() - start
        for doc in chunk:
            if doc.id in stored:
                self.unchanged += 1
                self._advance(0)
            else:
                yield doc

    def _advance(self, events: int) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, events=self.events)

    # -- the coded stream ----------------------------------------------------------------------
    def consume(self, coded: Iterable) -> None:
        if self.store is None:
            out = sys.stdout
            for _doc, events in coded:
                self.coded += 1
                self.events += len(events)
                for ev in events:
                    out.write(ev.to_json() + "\n")
                self._advance(len(events))
            out.flush()
            return
        pending: list = []
        last = time.monotonic()
        for doc, events in coded:
            pending.append((doc, events))
            self.coded += 1
            self.events += len(events)
            self._advance(len(events))
            if len(pending) >= self.commit_every or time.monotonic() - last > self.commit_seconds:
                self._commit(pending)
                pending = []
                last = time.monotonic()
        if pending:
            self._commit(pending)

    def _commit(self, pending: list) -> None:
        start = time.perf_counter()
        summary = self.store.add(pending, self.coder_version)
        self.store_seconds += time.perf_counter() - start
        self.added += summary.added
        self.replaced += summary.replaced
        self.unchanged += summary.unchanged  # same document twice in one run

    def _print_summary(self) -> None:
        n_rejected = sum(self.rejections.values())
        parts = [
            f"read {self.read} documents",
            f"coded {self.coded} ({self.events} events)",
        ]
        if self.store is not None:
            parts.append(f"skipped {self.unchanged} unchanged")
            parts.append(
                f"stored {self.added} new, {self.replaced} replaced in {self.store_path}"
                f" ({self.store_seconds:.1f} s in the store)"
            )
        line = "; ".join(parts) + f"; rejected {n_rejected}"
        if n_rejected:
            line += " (" + ", ".join(f"{k}: {v}" for k, v in self.rejections.most_common()) + ")"
        typer.echo(line, err=True)


def _reason_kind(reason: str) -> str:
    """'malformed JSON (Expecting value)' -> 'malformed JSON': reasons grouped for the summary."""
    return reason.split(" (", 1)[0].split(":", 1)[0].split(",", 1)[0].strip()
