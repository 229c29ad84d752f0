"""Cluster benchmark: two local Dask workers against one, and both against serial coding.

    .venv/bin/python benchmarks/cluster.py --limit 200
    .venv/bin/python benchmarks/cluster.py --limit 400 --workers 1 2 --json results.json
    .venv/bin/python benchmarks/cluster.py --scheduler tcp://HOST:8786 --limit 2000

Reports, for the first ``--limit`` BBC articles: serial in-process coding time (model already
loaded), the time on a local cluster of N single-threaded worker processes (workers started
and models loaded beforehand, reported apart), the speed-up of the largest cluster over one
worker, and the per-document overhead of going through the cluster (one worker against serial:
serialisation, scheduling, transfer).  Each run checks that the cluster gave exactly the serial
events.  A machine shared with other jobs gives noisy figures: the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from dotterel.distributed import (
    DEFAULT_PARTITION_SIZE,
    cluster_client,
    prepare_client,
    run_partitions,
)
from dotterel.ingest import Rejection, read_inputs
from dotterel.models import Event

DEFAULT_CORPUS = (
    Path(os.environ.get("DOTTEREL_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    / "corpora"
    / "bbc_fulltext.jsonl"
)


def load_docs(corpus: Path, limit: int):
    docs = []
    for item in read_inputs([str(corpus)]):
        if isinstance(item, Rejection):
            continue
        docs.append(item)
        if len(docs) >= limit:
            break
    return docs


def warm_up() -> int:
    """Runs on each worker: code one short text so spaCy's first-call costs are paid."""
    from dotterel.coder import get_coder
    from dotterel.models import Document

    get_coder().code_batch([Document(id="warm", text="Iran and Pakistan signed a trade agreement.")])
    return os.getpid()


def fingerprint(coded) -> list[str]:
    return [e.to_json() for evs in coded for e in evs]


def run_serial(docs, partition_size):
    from dotterel.coder import get_coder

    t = time.perf_counter()
    coder = get_coder()
    warm_up()
    load = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    coded = []
    for i in range(0, len(docs), partition_size):
        coded.extend(coder.code_batch(docs[i : i + partition_size]))
    return {"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - cpu,
            "model_load_seconds": load}, coded


def process_cpu_seconds() -> float:
    """CPU time of the calling process (runs on workers and on the scheduler too)."""
    import psutil

    times = psutil.Process().cpu_times()
    return times.user + times.system


def worker_rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def cluster_cpu(client) -> float:
    return sum(client.run(process_cpu_seconds).values()) + client.run_on_scheduler(process_cpu_seconds)


def run_cluster(docs, partition_size, workers=None, scheduler=None):
    t = time.perf_counter()
    with cluster_client(address=scheduler, workers=workers) as client:
        prepare_client(client)
        client.run(warm_up)
        startup = time.perf_counter() - t
        n_workers = len(client.scheduler_info()["workers"])
        cpu_before, driver_before = cluster_cpu(client), time.process_time()
        t = time.perf_counter()
        coded, task_cpu = [], 0.0
        # What code_on_cluster does, keeping each partition's own CPU time as well.
        for _batch, result in run_partitions(client, docs, partition_size=partition_size):
            task_cpu += result["cpu_seconds"]
            coded.extend([Event.model_validate(e) for e in evs] for evs in result["by_document"])
        elapsed = time.perf_counter() - t
        cpu = cluster_cpu(client) - cpu_before + time.process_time() - driver_before
        rss = max(client.run(worker_rss_mb).values())
    return {"seconds": elapsed, "cpu_seconds": cpu, "task_cpu_seconds": task_cpu,
            "startup_seconds": startup, "workers": n_workers, "worker_rss_mb": rss}, coded


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=200, help="number of articles (default 200)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="local cluster sizes")
    ap.add_argument("--scheduler", help="also time an existing scheduler (tcp://HOST:PORT)")
    ap.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION_SIZE)
    ap.add_argument("--no-serial", action="store_true", help="skip the serial run")
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        print(f"cluster benchmark: corpus {args.corpus} not found (set DOTTEREL_SHARED)", file=sys.stderr)
        return 2

    docs = load_docs(args.corpus, args.limit)
    n = len(docs)
    chars = sum(len(d.text) for d in docs)
    print(f"{n} articles, {chars / n:.0f} characters on average; partition size {args.partition_size}; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")
    results: dict = {"documents": n, "partition_size": args.partition_size, "runs": {}}

    reference = None
    if not args.no_serial:
        run, coded = run_serial(docs, args.partition_size)
        reference = fingerprint(coded)
        results["runs"]["serial"] = run
        print(f"serial in-process: {run['seconds']:7.2f} s  {n / run['seconds']:6.1f} docs/s  "
              f"CPU {run['cpu_seconds']:6.2f} s  (model load {run['model_load_seconds']:.1f} s, "
              "not counted)")

    targets = [(f"local-{w}", w, None) for w in args.workers]
    if args.scheduler:
        targets.append(("scheduler", None, args.scheduler))
    for name, workers, scheduler in targets:
        run, coded = run_cluster(docs, args.partition_size, workers, scheduler)
        got = fingerprint(coded)
        run["same_events"] = reference is None or got == reference
        results["runs"][name] = run
        print(f"{name:>17}: {run['seconds']:7.2f} s  {n / run['seconds']:6.1f} docs/s  "
              f"CPU {run['cpu_seconds']:6.2f} s, of which in tasks {run['task_cpu_seconds']:6.2f} s  "
              f"({run['workers']} workers; start-up and model "
              f"load {run['startup_seconds']:.1f} s, not counted; worker memory "
              f"{run['worker_rss_mb']:.0f} MB)  same events as serial: {run['same_events']}")
        if not run["same_events"]:
            first = next(
                (i for i, (a, b) in enumerate(zip(got, reference, strict=False)) if a != b),
                min(len(got), len(reference)),
            )
            print(f"ERROR: the cluster's events differ from the serial run ({len(got)} events "
                  f"against {len(reference)}; first difference at event {first}). Was the code "
                  "edited while the benchmark ran?", file=sys.stderr)
            if first < min(len(got), len(reference)):
                print(f"  serial:  {reference[first]}\n  cluster: {got[first]}", file=sys.stderr)
            return 1

    runs = results["runs"]
    local = sorted((v["workers"], v["seconds"]) for k, v in runs.items() if k.startswith("local-"))
    if len(local) >= 2 and local[0][0] == 1:
        (_, one), (most, best) = local[0], local[-1]
        results["speedup"] = one / best
        print(f"speed-up, {most} workers over 1: {one / best:.2f}x (wall clock)")
    if "serial" in runs and "local-1" in runs:
        serial, one = runs["serial"], runs["local-1"]
        results["overhead_ms_per_doc"] = (one["seconds"] - serial["seconds"]) / n * 1000
        results["overhead_cpu_ms_per_doc"] = (one["cpu_seconds"] - serial["cpu_seconds"]) / n * 1000
        results["overhead_task_cpu_ms_per_doc"] = (one["task_cpu_seconds"] - serial["cpu_seconds"]) / n * 1000
        results["serial_ms_per_doc"] = serial["seconds"] / n * 1000
        print(f"cluster overhead, 1 worker against serial: {results['overhead_ms_per_doc']:+.2f} ms "
              f"wall clock and {results['overhead_cpu_ms_per_doc']:+.2f} ms CPU per document, "
              f"{results['overhead_task_cpu_ms_per_doc']:+.2f} ms of it inside the tasks "
              f"(serial: {results['serial_ms_per_doc']:.1f} ms, "
              f"{serial['cpu_seconds'] / n * 1000:.1f} ms CPU per document)")
    results["load_average_after"] = os.getloadavg()[0]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
