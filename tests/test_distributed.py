"""Coding on a Dask cluster gives exactly the events of a serial run.

A real ``dask scheduler`` and two ``dask worker`` processes (each with its nanny) run on
loopback; the documents are short texts written for this test.  One test SIGKILLs a worker
while partitions run and checks that nothing is lost or stored twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from dotterel.distributed import (
    EVENT_SCHEMA,
    check_output_dir,
    code_on_cluster,
    partition_size_for,
    partitions,
    prepare_client,
    read_events,
    write_parquet_on_cluster,
    write_partition,
)
from dotterel.models import Document, Event, Span

BIN = Path(sys.executable).parent
DASK = str(BIN / "dask")
SCHEDULER_ARGS = ["--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
WORKER_ARGS = ["--nworkers", "1", "--nthreads", "1", "--no-dashboard"]

TEXTS = [
    "Iran and Pakistan agreed on Monday to expand trade across their border.",
    "Pakistan's foreign minister visited Tehran and met the Iranian president.",
    "Israeli aircraft struck targets deep inside Iran on Friday, the army said.",
    "The United Nations called on both sides to show restraint.",
    "Turkey accused Greece of violating its airspace near the islands.",
    "Rebels attacked a police station in northern Nigeria, killing two officers.",
    "China and Russia signed an energy agreement in Beijing.",
    "The European Union imposed new sanctions on Belarus over the crackdown.",
    "Protesters gathered outside the parliament in Nairobi to demand lower taxes.",
    "India offered humanitarian aid to Sri Lanka after the cyclone.",
    "Egypt hosted talks between Israel and Hamas on a ceasefire.",
    "The weather in the capital was warm and sunny all week.",
]


def make_docs(copies: int = 1) -> list[Document]:
    docs = []
    for c in range(copies):
        for i, t in enumerate(TEXTS):
            # Two paragraphs, so each document has more than one sentence to code.
            other = TEXTS[(i + 5 + c) % len(TEXTS)]
            docs.append(Document(id=f"doc-{c}-{i:02d}", text=f"{t}\n\n{other}", published="2025-06-20"))
    return docs


def serial(docs: list[Document]) -> list[list[Event]]:
    from dotterel.coder import code_documents

    return [evs for _doc, evs in code_documents(docs)]


def dumps(coded) -> list[list[dict]]:
    return [[e.model_dump(mode="json") for e in evs] for evs in coded]


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    from distributed import Client

    where = tmp_path_factory.mktemp("dask")
    sched_file = where / "scheduler.json"
    procs = [
        subprocess.Popen(
            [DASK, "scheduler", *SCHEDULER_ARGS, "--scheduler-file", str(sched_file)],
            stdout=subprocess.DEVNULL,
            stderr=open(where / "scheduler.log", "wb"),  # noqa: SIM115
        )
    ]
    client = None
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists():
            if time.monotonic() > deadline or procs[0].poll() is not None:
                pytest.fail("the dask scheduler did not start: " + (where / "scheduler.log").read_text())
            time.sleep(0.1)
        for n in range(2):
            procs.append(
                subprocess.Popen(
                    [DASK, "worker", "--scheduler-file", str(sched_file), *WORKER_ARGS,
                     "--local-directory", str(where / f"w{n}")],
                    stdout=subprocess.DEVNULL,
                    stderr=open(where / f"worker{n}.log", "wb"),  # noqa: SIM115
                )
            )
        client = Client(scheduler_file=str(sched_file), timeout=60)
        client.wait_for_workers(2, timeout=120)
        prepare_client(client)  # each worker loads the model now, once
        yield client, json.loads(sched_file.read_text())["address"]
    finally:
        if client is not None:
            try:
                client.shutdown()  # closes the workers and the scheduler
            except Exception:  # noqa: BLE001 - the processes are terminated below anyway
                client.close()
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture(scope="module")
def docs_and_serial():
    docs = make_docs()
    return docs, serial(docs)


def test_partitions_keep_order_and_size():
    docs = make_docs()
    parts = list(partitions(docs, 5))
    assert [first for first, _ in parts] == [0, 5, 10]
    assert [d for _, batch in parts for d in batch] == docs
    with pytest.raises(ValueError):
        list(partitions(docs, 0))
    # Small inputs are cut finer so that every worker gets several partitions.
    assert partition_size_for(6, 2) == 1 and partition_size_for(40, 2) == 5
    assert partition_size_for(100_000, 64) == partition_size_for(0, 2) == 16


def test_same_events_as_serial_on_a_real_scheduler(dask_cluster, docs_and_serial):
    client, _address = dask_cluster
    docs, expected = docs_and_serial
    assert sum(map(len, expected)) > 5, "the test texts should give events"
    got = list(code_on_cluster(client, docs, partition_size=2))
    assert [d.id for d, _ in got] == [d.id for d in docs]
    assert dumps(evs for _, evs in got) == dumps(expected)
    # Both workers took part (each keeps its coder loaded once, in its own process).
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2


def test_workers_write_parquet_read_as_one_table(dask_cluster, docs_and_serial, tmp_path):
    client, _address = dask_cluster
    docs, expected = docs_and_serial
    out = tmp_path / "events"
    summary = write_parquet_on_cluster(client, docs, out, partition_size=5)
    assert (summary.documents, summary.partitions) == (len(docs), 3)
    assert summary.events == sum(map(len, expected))
    files = sorted(p.name for p in out.iterdir())
    assert files == ["part-000000.parquet", "part-000001.parquet", "part-000002.parquet"]
    for f in out.iterdir():
        assert pq.read_schema(f).remove_metadata() == EVENT_SCHEMA.remove_metadata()
    back = read_events(out)
    assert [e.model_dump(mode="json") for e in back] == [
        e.model_dump(mode="json") for evs in expected for e in evs
    ]
    n, n_docs = duckdb.sql(
        f"SELECT count(*), count(DISTINCT doc_id) FROM read_parquet('{out}/*.parquet')"
    ).fetchall()[0]
    assert n == summary.events and n_docs == sum(1 for evs in expected if evs)
    with pytest.raises(ValueError, match="already holds"):
        write_parquet_on_cluster(client, docs, out, partition_size=5)


def test_partition_write_is_atomic_and_idempotent(tmp_path):
    ev = Event(doc_id="d1", sentence=0, quote="Iran met Pakistan.", trigger=Span(text="met", start=5, end=8),
               plover="CONSULT", cameo="040", quad_class=1, intensity=1.0,
               actor=[{"text": "Iran", "start": 0, "end": 4, "code": "IRN"}], rule="test")
    docs = [Document(id="d1", text="Iran met Pakistan."), Document(id="d2", text="Nothing.")]
    first = write_partition(tmp_path, 7, 40, docs, [[ev], []])
    content = pq.read_table(first)
    again = write_partition(tmp_path, 7, 40, docs, [[ev], []])  # a retried partition
    assert again == first and pq.read_table(again).equals(content)
    assert [p.name for p in tmp_path.iterdir()] == ["part-000007.parquet"]  # no temporaries
    assert content.column("doc_index").to_pylist() == [40]
    assert read_events(tmp_path) == [ev]
    empty = write_partition(tmp_path / "e", 0, 0, docs[1:], [[]])
    assert pq.read_table(empty).num_rows == 0 and pq.read_schema(empty).names == EVENT_SCHEMA.names
    (tmp_path / "f").write_text("x")
    with pytest.raises(ValueError, match="not a folder"):
        check_output_dir(tmp_path / "f")


def test_cli_code_on_the_cluster(dask_cluster, docs_and_serial, tmp_path):
    from dotterel.store import Store

    _client, address = dask_cluster
    docs, expected = docs_and_serial
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(
        json.dumps({"id": d.id, "text": d.text, "date": d.published}) + "\n" for d in docs
    ))
    run = subprocess.run(
        [str(BIN / "dotterel"), "code", str(src), "--cluster", address],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [e.to_json() for evs in expected for e in evs]

    db, out = tmp_path / "events.duckdb", tmp_path / "parquet"
    run = subprocess.run(
        [str(BIN / "dotterel"), "code", str(src), "--cluster", address, "--store", str(db),
         "--output", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert len(list(out.glob("*.parquet"))) >= 1
    assert len(read_events(out)) == sum(map(len, expected))
    with Store(db, read_only=True) as store:
        stats = store.stats()
    assert stats["articles"] == len(docs) and stats["mentions"] == sum(map(len, expected))



def test_cli_cluster_option_errors(tmp_path):
    from typer.testing import CliRunner

    from dotterel.cli import _register, app

    _register()
    src = tmp_path / "a.txt"
    src.write_text("Iran met Pakistan.")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "part-000000.parquet").write_bytes(b"")
    cases = [
        (["--cluster", "tcp://127.0.0.1:9", "--workers", "2"], "exclude each other"),
        (["--output", str(tmp_path / "out")], "--output needs --cluster"),
        (["--workers", "2", "--processes", "2"], "--processes"),
        (["--workers", "2", "--output", str(tmp_path / "old")], "already holds"),
        (["--cluster", "nowhere"], "scheduler address"),
    ]
    for args, message in cases:
        result = CliRunner().invoke(app, ["code", str(src), *args])
        assert result.exit_code == 2 and message in result.output, (args, result.output)
    # A scheduler that is not there: a clear fatal error, not a traceback.
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = CliRunner().invoke(app, ["code", str(src), "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1 and "cannot reach the Dask scheduler" in result.output


def test_cli_code_with_local_workers(docs_and_serial, tmp_path):
    docs, expected = docs_and_serial
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(
        json.dumps({"id": d.id, "text": d.text, "date": d.published}) + "\n" for d in docs[:6]
    ))
    run = subprocess.run(
        [str(BIN / "dotterel"), "code", str(src), "--workers", "2"],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [e.to_json() for evs in expected[:6] for e in evs]


def test_worker_killed_mid_run_loses_nothing_and_stores_nothing_twice(dask_cluster, tmp_path):
    """Runs last in this module: the killed worker's nanny restarts it afterwards."""
    from distributed import Client

    from dotterel import CODER_VERSION
    from dotterel.store import Store

    client, address = dask_cluster
    docs = make_docs(copies=2)
    expected = serial(docs)
    victim = sorted(client.scheduler_info()["workers"])[0]
    victim_pid = client.run(os.getpid, workers=[victim])[victim]

    out = tmp_path / "parquet"
    db = tmp_path / "events.duckdb"
    got: list[tuple[Document, list[Event]]] = []
    errors: list[BaseException] = []

    def drive():
        try:
            # A client of its own: the test's thread watches the scheduler meanwhile.
            with Client(address, timeout=30) as c, Store(db) as store:
                batch = []
                for doc, events in code_on_cluster(c, docs, partition_size=1, output_dir=out):
                    got.append((doc, events))
                    batch.append((doc, events))
                    if len(batch) == 8:
                        store.add(batch, CODER_VERSION)
                        batch = []
                store.add(batch, CODER_VERSION)
        except BaseException as e:  # noqa: BLE001 - reported by the test
            errors.append(e)

    runner = threading.Thread(target=drive)
    runner.start()
    killed_while_busy = False
    deadline = time.monotonic() + 60
    while runner.is_alive() and time.monotonic() < deadline:
        busy = client.processing(workers=[victim]).get(victim, ())
        if any(str(k).startswith("dotterel-code-") for k in busy):
            os.kill(victim_pid, signal.SIGKILL)
            killed_while_busy = True
            break
        time.sleep(0.005)
    runner.join(timeout=180)
    assert not runner.is_alive(), "the run did not finish after the worker was killed"
    assert not errors, errors
    assert killed_while_busy, "the run finished before the worker could be killed"

    assert [d.id for d, _ in got] == [d.id for d in docs]
    assert dumps(evs for _, evs in got) == dumps(expected)
    n_events = sum(map(len, expected))
    assert [e.model_dump() for e in read_events(out)] == [e.model_dump() for evs in expected for e in evs]
    assert sorted(p.name for p in out.iterdir()) == [f"part-{i:06d}.parquet" for i in range(len(docs))]
    with Store(db, read_only=True) as store:
        per_doc = store.sql("SELECT doc_id, count(*) AS n FROM articles GROUP BY doc_id")
        dup_mentions = store.sql(
            "SELECT mention_id FROM mentions GROUP BY mention_id HAVING count(*) > 1"
        )
        stats = store.stats()
    assert len(per_doc) == len(docs) and set(per_doc["n"]) == {1}
    assert dup_mentions.empty and stats["mentions"] == n_events
