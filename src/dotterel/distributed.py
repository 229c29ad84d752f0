"""distributed: code a corpus on a Dask cluster, with the same events as a serial run.

Documents travel to the workers in partitions (lists of plain dicts); each partition is coded by
``code_partition``, a pure function of its input whose result the driver puts back in input
order.  The coder loads once per worker process: ``CoderPlugin`` warms it when a worker joins
(and again when a nanny restarts a killed worker), and ``dotterel.coder.get_coder`` is cached
per process anyway.

Because a partition's result depends only on its documents, the scheduler may run it again
when a worker dies (its results die with it) and nothing is lost or counted twice: the driver
takes exactly one result per partition.  With an output folder the workers also write one
Parquet file per partition, through a temporary file renamed into place, so a retried partition
overwrites its file atomically with the same content and readers never see half a file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from distributed.diagnostics.plugin import WorkerPlugin

from dotterel.models import Document, Event

log = logging.getLogger(__name__)

DEFAULT_PARTITION_SIZE = 16
PART_GLOB = "part-*.parquet"

# The Parquet schema of one event row: the Event record with ``trigger`` flattened and the
# nested objects (actor and recipient lists, location, claimant) as JSON text, so that
# DuckDB, Spark and pandas all read the folder as one table.  ``doc_index`` and
# ``event_index`` give back the serial order: ORDER BY doc_index, event_index.
EVENT_SCHEMA = pa.schema(
    [
        ("doc_index", pa.int64()),
        ("event_index", pa.int32()),
        ("doc_id", pa.string()),
        ("sentence", pa.int32()),
        ("quote", pa.string()),
        ("trigger_text", pa.string()),
        ("trigger_start", pa.int32()),
        ("trigger_end", pa.int32()),
        ("plover", pa.string()),
        ("mode", pa.string()),
        ("context", pa.list_(pa.string())),
        ("cameo", pa.string()),
        ("quad_class", pa.int8()),
        ("intensity", pa.float64()),
        ("actor_code", pa.string()),  # the first actor's code, for quick dyad queries
        ("recipient_code", pa.string()),
        ("actor", pa.string()),  # JSON list of {text, start, end, code, sector, name}
        ("recipient", pa.string()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("date_text", pa.string()),
        ("date_source", pa.string()),
        ("location", pa.string()),  # JSON object or null
        ("status", pa.string()),
        ("claimant", pa.string()),  # JSON object or null
        ("confidence", pa.float64()),
        ("rule", pa.string()),
    ],
    metadata={"dotterel.schema": "events/1"},
)


# ---------------------------------------------------------------------------------------------
# What runs on the workers


class CoderPlugin(WorkerPlugin):
    """Loads the coder when a worker starts, so the first partition does not pay for it."""

    idempotent = True

    def __init__(self, actor_files: tuple[str, ...] = (), lexicon_files: tuple[str, ...] = ()):
        self.actor_files = tuple(actor_files)
        self.lexicon_files = tuple(lexicon_files)
        self.name = "dotterel-coder:" + json.dumps([self.actor_files, self.lexicon_files])

    def setup(self, worker: Any) -> None:
        _coder(self.actor_files, self.lexicon_files)


def _coder(actor_files: tuple[str, ...], lexicon_files: tuple[str, ...] = ()):
    from dotterel.coder import get_coder

    return get_coder(tuple(actor_files), tuple(lexicon_files))


def code_partition(
    documents: list[dict],
    actor_files: tuple[str, ...] = (),
    first_index: int = 0,
    partition: int = 0,
    output_dir: str | None = None,
    return_events: bool = True,
    lexicon_files: tuple[str, ...] = (),
) -> dict:
    """Code one partition.  Pure: the same documents give the same result, however often run.

    ``documents`` are ``Document.model_dump()`` dicts; ``first_index`` is the position of the
    first one in the whole input.  Returns a dict: ``partition``, ``documents`` and ``events``
    (counts), ``path`` (the Parquet file, if any), ``by_document`` (when ``return_events``: one
    list of ``Event.model_dump(mode="json")`` dicts per document) and ``cpu_seconds`` (the CPU
    time of this task on its worker thread; the only part that varies between runs).
    """
    started = time.thread_time()
    docs = [Document.model_validate(d) for d in documents]
    coded = _coder(tuple(actor_files), tuple(lexicon_files)).code_batch(docs) if docs else []
    if len(coded) != len(docs):
        raise RuntimeError(
            f"partition {partition}: the coder returned {len(coded)} results for {len(docs)} documents"
        )
    path = None
    if output_dir is not None:
        path = str(write_partition(Path(output_dir), partition, first_index, docs, coded))
    by_document = [[e.model_dump(mode="json") for e in evs] for evs in coded] if return_events else None
    return {
        "partition": partition,
        "documents": len(docs),
        "events": sum(len(evs) for evs in coded),
        "path": path,
        "by_document": by_document,
        "cpu_seconds": time.thread_time() - started,  # this task's own CPU time on the worker
    }


# ---------------------------------------------------------------------------------------------
# Parquet partitions


def partition_path(output_dir: Path, partition: int) -> Path:
    return output_dir / f"part-{partition:06d}.parquet"


def events_table(first_index: int, docs: Sequence[Document], coded: Sequence[list[Event]]) -> pa.Table:
    rows: dict[str, list] = {name: [] for name in EVENT_SCHEMA.names}
    for offset, (doc, events) in enumerate(zip(docs, coded, strict=True)):
        for k, ev in enumerate(events):
            rec = ev.model_dump(mode="json")
            trig = rec.pop("trigger")
            rec["doc_id"] = rec["doc_id"] if rec["doc_id"] is not None else doc.id
            rec.update(
                doc_index=first_index + offset,
                event_index=k,
                trigger_text=trig["text"],
                trigger_start=trig["start"],
                trigger_end=trig["end"],
                actor_code=next((a["code"] for a in rec["actor"] if a.get("code")), None),
                recipient_code=next((a["code"] for a in rec["recipient"] if a.get("code")), None),
            )
            for key in ("actor", "recipient", "location", "claimant"):
                rec[key] = None if rec[key] is None else json.dumps(rec[key], ensure_ascii=False)
            for name in EVENT_SCHEMA.names:
                rows[name].append(rec[name])
    return pa.Table.from_pydict(rows, schema=EVENT_SCHEMA)


def write_partition(
    output_dir: Path,
    partition: int,
    first_index: int,
    docs: Sequence[Document],
    coded: Sequence[list[Event]],
) -> Path:
    """Write one partition's events; atomic (temporary file in the same folder, then rename).

    Temporary names start with a dot and end in ``.tmp``, so ``*.parquet`` globs never see them.
    A partition with no events still gets its (empty) file: every partition is accounted for.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    final = partition_path(output_dir, partition)
    tmp = output_dir / f".{final.name}.{uuid.uuid4().hex}.tmp"
    try:
        pq.write_table(events_table(first_index, docs, coded), tmp)
        os.replace(tmp, final)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return final


def event_from_row(row: dict) -> Event:
    """Rebuild an ``Event`` from one Parquet row (the inverse of ``events_table``)."""
    rec = {k: v for k, v in row.items() if k in Event.model_fields}
    rec["trigger"] = {
        "text": row["trigger_text"],
        "start": row["trigger_start"],
        "end": row["trigger_end"],
    }
    for key in ("actor", "recipient", "location", "claimant"):
        value = row.get(key)
        rec[key] = json.loads(value) if isinstance(value, str) else value
    rec["context"] = list(row.get("context") or [])
    return Event.model_validate(rec)


def read_events(output_dir: str | Path) -> list[Event]:
    """All events of a Parquet output folder, in serial order (via DuckDB)."""
    import duckdb

    pattern = str(Path(output_dir) / PART_GLOB)
    con = duckdb.connect()
    try:
        cur = con.execute(
            "SELECT * FROM read_parquet(?) ORDER BY doc_index, event_index", [pattern]
        )
        names = [d[0] for d in cur.description]
        return [event_from_row(dict(zip(names, r, strict=True))) for r in cur.fetchall()]
    finally:
        con.close()


def check_output_dir(output_dir: Path) -> None:
    """Refuse a folder that already holds partitions: old ones would mix with the new run."""
    if output_dir.exists() and not output_dir.is_dir():
        raise ValueError(f"{output_dir} exists and is not a folder")
    if output_dir.is_dir() and any(output_dir.glob(PART_GLOB)):
        raise ValueError(
            f"{output_dir} already holds {PART_GLOB} files from an earlier run; "
            "remove them or choose another folder"
        )


def remove_stale_temporaries(output_dir: Path) -> int:
    """Temporary files a killed worker left behind (the retried partition wrote the real one)."""
    n = 0
    for p in output_dir.glob(".part-*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
            n += 1
    return n


# ---------------------------------------------------------------------------------------------
# The driver


@dataclass
class ClusterSummary:
    documents: int = 0
    events: int = 0
    partitions: int = 0
    output_dir: str | None = None


def partitions(docs: Iterable[Document], size: int) -> Iterator[tuple[int, list[Document]]]:
    """(index of the first document, documents) in input order, ``size`` documents each."""
    if size < 1:
        raise ValueError(f"partition size must be at least 1, not {size}")
    batch: list[Document] = []
    start = 0
    for doc in docs:
        batch.append(doc)
        if len(batch) == size:
            yield start, batch
            start += size
            batch = []
    if batch:
        yield start, batch


def prepare_client(
    client: Any, actor_files: tuple[str, ...] = (), lexicon_files: tuple[str, ...] = ()
) -> None:
    """Register the coder plugin: every current and future worker loads the model once.

    User actor and lexicon files are opened by the workers: on a multi-node cluster they must
    be at the same path on every node (a shared file system)."""
    if not client.scheduler_info().get("workers"):
        log.warning("the scheduler has no workers yet; partitions wait until one joins")
    client.register_plugin(CoderPlugin(tuple(map(str, actor_files)), tuple(map(str, lexicon_files))))


def run_partitions(
    client: Any,
    docs: Iterable[Document],
    actor_files: tuple[str, ...] = (),
    partition_size: int = DEFAULT_PARTITION_SIZE,
    output_dir: str | Path | None = None,
    return_events: bool = True,
    max_in_flight: int | None = None,
    retries: int = 2,
    lexicon_files: tuple[str, ...] = (),
    workers: list[str] | None = None,
) -> Iterator[tuple[list[Document], dict]]:
    """Submit partitions and yield ``(documents, result)`` in input order.

    At most ``max_in_flight`` partitions are on the cluster at a time (default: three per worker
    thread), so a corpus of any size streams through with bounded memory on the driver.
    ``retries`` covers exceptions inside a task; a task whose worker died is rescheduled by the
    scheduler itself (``distributed.scheduler.allowed-failures``).  ``workers`` restricts the
    run to these worker addresses (the benchmark uses it to compare one worker with two on the
    same cluster).
    """
    actor_files = tuple(str(a) for a in actor_files)
    lexicon_files = tuple(str(a) for a in lexicon_files)
    out = None
    if output_dir is not None:
        check_output_dir(Path(output_dir))
        Path(output_dir).mkdir(parents=True, exist_ok=True)
        out = str(Path(output_dir).resolve())
    window = _Window(client, max_in_flight if max_in_flight or not workers else 3 * len(workers))
    run = uuid.uuid4().hex[:12]
    pending: deque[tuple[list[Document], Any]] = deque()
    source = partitions(docs, partition_size)

    def submit_next() -> bool:
        if len(pending) >= window.size():
            return False
        nxt = next(source, None)
        if nxt is None:
            return False
        first, batch = nxt
        index = first // partition_size
        future = client.submit(
            code_partition,
            [d.model_dump() for d in batch],
            actor_files,
            first,
            index,
            out,
            return_events,
            lexicon_files,
            key=f"dotterel-code-{run}-{index:06d}",
            retries=retries,
            workers=workers,
        )
        pending.append((batch, future))
        return True

    while submit_next():
        pass
    try:
        yield from _in_order(pending, submit_next)
    finally:
        for _batch, future in pending:
            future.cancel()
    if out is not None:
        remove_stale_temporaries(Path(out))


def _in_order(pending: deque, submit_next) -> Iterator[tuple[list[Document], dict]]:
    """Wait for the oldest partition, hand it on, top the queue up; repeat."""
    while pending:
        batch, future = pending.popleft()
        try:
            result = future.result()
        except Exception as e:
            ids = ", ".join(d.id for d in batch[:5]) + (", ..." if len(batch) > 5 else "")
            raise RuntimeError(
                f"coding failed on the cluster for documents {ids}: {type(e).__name__}: {e}"
            ) from e
        finally:
            future.release()
        while submit_next():  # the window grows when workers join
            pass
        yield batch, result


class _Window:
    """How many partitions may be on the cluster: three per worker thread unless fixed.
    Asked again every few seconds, so an elastic cluster that grows gets more work."""

    def __init__(self, client: Any, fixed: int | None):
        self.client = client
        self.fixed = fixed
        self._size = 3
        self._asked = float("-inf")

    def size(self) -> int:
        if self.fixed is not None:
            return max(1, self.fixed)
        now = time.monotonic()
        if now - self._asked > 5.0:
            self._asked = now
            self._size = 3 * max(1, sum(self.client.nthreads().values()))
        return self._size


def code_on_cluster(
    client: Any,
    docs: Iterable[Document],
    actor_files: tuple[str, ...] = (),
    partition_size: int = DEFAULT_PARTITION_SIZE,
    output_dir: str | Path | None = None,
    max_in_flight: int | None = None,
    lexicon_files: tuple[str, ...] = (),
) -> Iterator[tuple[Document, list[Event]]]:
    """Like ``dotterel.coder.code_documents``, on a Dask cluster: ``(document, events)`` in
    input order, exactly the events of a serial run.  With ``output_dir`` the workers also
    write the events as Parquet partitions there."""
    for batch, result in run_partitions(
        client, docs, actor_files, partition_size, output_dir, True, max_in_flight,
        lexicon_files=lexicon_files,
    ):
        for doc, events in zip(batch, result["by_document"], strict=True):
            yield doc, [Event.model_validate(e) for e in events]


def write_parquet_on_cluster(
    client: Any,
    docs: Iterable[Document],
    output_dir: str | Path,
    actor_files: tuple[str, ...] = (),
    partition_size: int = DEFAULT_PARTITION_SIZE,
    max_in_flight: int | None = None,
    lexicon_files: tuple[str, ...] = (),
) -> ClusterSummary:
    """The workers write the events straight to ``output_dir/part-NNNNNN.parquet``; nothing
    but counts comes back to the driver."""
    summary = ClusterSummary(output_dir=str(output_dir))
    for _batch, result in run_partitions(
        client, docs, actor_files, partition_size, output_dir, False, max_in_flight,
        lexicon_files=lexicon_files,
    ):
        summary.partitions += 1
        summary.documents += result["documents"]
        summary.events += result["events"]
    return summary


@contextlib.contextmanager
def cluster_client(
    address: str | None = None,
    workers: int | None = None,
    scheduler_file: str | None = None,
    timeout: float | None = None,
) -> Iterator[Any]:
    """A ``distributed.Client`` on an existing scheduler (``address`` such as
    ``tcp://host:8786``, or a ``scheduler_file``) or on a new local cluster of ``workers``
    single-threaded processes.  Closes what it opened.

    A local cluster starts processes with the ``spawn`` method: a script that calls this must
    keep its top level under ``if __name__ == "__main__":``.  ``timeout`` (seconds to reach the
    scheduler) defaults to Dask's ``distributed.comm.timeouts.connect`` (30 s).
    """
    from distributed import Client, LocalCluster

    given = sum(x is not None for x in (address, workers, scheduler_file))
    if given != 1:
        raise ValueError("give exactly one of a scheduler address, a scheduler file or a worker count")
    if workers is not None:
        if workers < 1:
            raise ValueError(f"the number of workers must be at least 1, not {workers}")
        cluster = LocalCluster(
            n_workers=workers,
            processes=True,
            threads_per_worker=1,
            dashboard_address=":0",
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        extra = {} if timeout is None else {"timeout": timeout}
        client = Client(address=address, scheduler_file=scheduler_file, **extra)
    except OSError as e:
        where = address or scheduler_file
        raise ConnectionError(f"cannot reach the Dask scheduler at {where}: {e}") from e
    try:
        yield client
    finally:
        client.close()


def cluster_usage_error(
    cluster: str | None, workers: int | None, output: Path | None, processes: int | None
) -> str | None:
    """What is wrong with this combination of ``dotterel code`` options, or None."""
    if cluster is not None and workers is not None:
        return "--cluster and --workers exclude each other (an existing scheduler, or a local cluster)"
    if output is not None and cluster is None and workers is None:
        return "--output needs --cluster ADDRESS or --workers N (the workers write the Parquet files)"
    if processes is not None and (cluster is not None or workers is not None):
        return "--processes is for in-process coding; with --cluster or --workers, leave it out"
    if cluster is not None and "://" not in cluster and ":" not in cluster:
        return f"--cluster {cluster!r}: expected a scheduler address such as tcp://HOST:8786"
    if output is not None:
        try:
            check_output_dir(output)
        except ValueError as e:
            return f"--output {e}"
    return None


def partition_size_for(estimate: int, threads: int) -> int:
    """At least four partitions per worker thread when the input is small, so every worker
    gets work and the last partitions do not leave one worker idle; large inputs use the
    default size."""
    if estimate <= 0:
        return DEFAULT_PARTITION_SIZE
    return max(1, min(DEFAULT_PARTITION_SIZE, -(-estimate // (4 * max(1, threads)))))


def run_code_command(
    run: Any,
    docs: Iterable[Document],
    address: str | None,
    workers: int | None,
    output_dir: Path | None,
    actor_files: tuple[str, ...] = (),
    lexicon_files: tuple[str, ...] = (),
) -> None:
    """``dotterel code --cluster/--workers``: the cluster part of the CLI's run.

    ``run`` is the CLI's ``CodeRun`` (its ``consume`` writes stdout or the store, in input
    order; its ``store``, ``coded`` and ``events`` feed the summary).  With ``--output`` and
    no ``--store`` only counts come back from the workers.  Raises ``ConnectionError`` when
    the scheduler cannot be reached.
    """
    with cluster_client(address=address, workers=workers) as client:
        prepare_client(client, actor_files, lexicon_files)
        threads = sum(client.nthreads().values()) or (workers or 1)
        size = partition_size_for(getattr(run, "estimate", 0), threads)
        if output_dir is not None and getattr(run, "store", None) is None:
            summary = write_parquet_on_cluster(
                client, docs, output_dir, actor_files, size, lexicon_files=lexicon_files
            )
            run.coded += summary.documents
            run.events += summary.events
            print(
                f"wrote {summary.events} events of {summary.documents} documents to "
                f"{summary.partitions} Parquet files in {output_dir}",
                file=sys.stderr,
            )
            return
        run.consume(
            code_on_cluster(
                client, docs, actor_files, size, output_dir, lexicon_files=lexicon_files
            )
        )
