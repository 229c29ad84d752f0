"""Cluster benchmark: two Dask workers against one, and one against serial in-process coding.

    .venv/bin/python benchmarks/cluster.py --limit 200
    .venv/bin/python benchmarks/cluster.py --limit 400 --rounds 3 --json results.json
    .venv/bin/python benchmarks/cluster.py --scheduler tcp://HOST:8786 --limit 2000

One local cluster of ``--workers`` single-threaded processes (default 2) is started and every
worker loads the model before any timing (start-up is reported apart).  Each round then codes
the first ``--limit`` BBC articles three ways, one after the other: serially in this process
(model already loaded), on ONE worker of the cluster (tasks pinned to it), and on ALL workers.
Interleaving the three in rounds, on the same processes, keeps a machine shared with other
jobs from favouring one of them; the best and the median round are reported.

- speed-up: one worker's time over all workers' time;
- overhead: one worker against serial, per document, in wall-clock time and in CPU time
  (CPU of the workers, the scheduler and this driver; and CPU inside the tasks alone).

Each run checks that the cluster gave exactly the serial events.  The load average is printed:
figures taken on a busy machine are noisy, CPU figures less so.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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

    get_coder((), ()).code_batch([Document(id="warm", text="Iran and Pakistan signed a trade agreement.")])
    return os.getpid()


def process_cpu_seconds() -> float:
    """CPU time of the calling process (runs on the workers and on the scheduler too)."""
    import psutil

    times = psutil.Process().cpu_times()
    return times.user + times.system


def worker_rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def cluster_cpu(client) -> float:
    return sum(client.run(process_cpu_seconds).values()) + client.run_on_scheduler(process_cpu_seconds)


def fingerprint(coded) -> list[str]:
    return [e.to_json() for evs in coded for e in evs]


def run_serial(docs, partition_size):
    from dotterel.coder import get_coder

    coder = get_coder((), ())
    t, cpu = time.perf_counter(), time.process_time()
    coded = []
    for i in range(0, len(docs), partition_size):
        coded.extend(coder.code_batch(docs[i : i + partition_size]))
    return {"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - cpu}, coded


def run_cluster(client, docs, partition_size, workers=None):
    cpu_before, driver_before = cluster_cpu(client), time.process_time()
    t = time.perf_counter()
    coded, task_cpu = [], 0.0
    # What code_on_cluster does, keeping each partition's own CPU time as well.
    for _batch, result in run_partitions(client, docs, partition_size=partition_size, workers=workers):
        task_cpu += result["cpu_seconds"]
        coded.extend([Event.model_validate(e) for e in evs] for evs in result["by_document"])
    elapsed = time.perf_counter() - t
    cpu = cluster_cpu(client) - cpu_before + time.process_time() - driver_before
    return {"seconds": elapsed, "cpu_seconds": cpu, "task_cpu_seconds": task_cpu}, coded


def summarise(runs: list[dict]) -> dict:
    out = {}
    for key in runs[0]:
        values = [r[key] for r in runs]
        out[key] = {"best": min(values), "median": statistics.median(values), "all": values}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=200, help="number of articles (default 200)")
    ap.add_argument("--workers", type=int, default=2, help="size of the local cluster (default 2)")
    ap.add_argument("--scheduler", help="use this running scheduler (tcp://HOST:PORT) instead")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of serial / 1 worker / all workers")
    ap.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION_SIZE)
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        print(f"cluster benchmark: corpus {args.corpus} not found (set DOTTEREL_SHARED)", file=sys.stderr)
        return 2

    docs = load_docs(args.corpus, args.limit)
    n = len(docs)
    print(f"{n} articles, {sum(len(d.text) for d in docs) / n:.0f} characters on average; "
          f"partition size {args.partition_size}; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.2f}")
    results: dict = {"documents": n, "partition_size": args.partition_size,
                     "load_average_before": os.getloadavg()[0]}

    t = time.perf_counter()
    from dotterel.coder import get_coder

    get_coder((), ())
    warm_up()
    results["serial_model_load_seconds"] = time.perf_counter() - t

    t = time.perf_counter()
    local = None if args.scheduler else args.workers
    with cluster_client(address=args.scheduler, workers=local) as client:
        prepare_client(client)
        client.run(warm_up)
        results["cluster_startup_seconds"] = time.perf_counter() - t
        addresses = sorted(client.scheduler_info()["workers"])
        k = len(addresses)
        print(f"cluster of {k} workers up, models loaded: {results['cluster_startup_seconds']:.1f} s; "
              f"serial model load {results['serial_model_load_seconds']:.1f} s (neither counted)")
        runs: dict[str, list[dict]] = {"serial": [], "1 worker": [], f"{k} workers": []}
        for r in range(args.rounds):
            serial, coded = run_serial(docs, args.partition_size)
            reference = fingerprint(coded)
            runs["serial"].append(serial)
            for name, pin in (("1 worker", addresses[:1]), (f"{k} workers", None)):
                run, coded = run_cluster(client, docs, args.partition_size, pin)
                got = fingerprint(coded)
                if got != reference:
                    first = next(
                        (i for i, (a, b) in enumerate(zip(got, reference, strict=False)) if a != b),
                        min(len(got), len(reference)),
                    )
                    print(f"ERROR: {name}: events differ from the serial run ({len(got)} against "
                          f"{len(reference)}; first difference at event {first}). The coder must "
                          "not depend on the process (e.g. PYTHONHASHSEED).", file=sys.stderr)
                    if first < min(len(got), len(reference)):
                        print(f"  serial:  {reference[first]}\n  cluster: {got[first]}", file=sys.stderr)
                    return 1
                runs[name].append(run)
            line = "  ".join(f"{name} {rs[-1]['seconds']:6.2f} s" for name, rs in runs.items())
            print(f"round {r + 1}: {line}  (load {os.getloadavg()[0]:.2f}; same events: yes)")
        results["worker_rss_mb"] = max(client.run(worker_rss_mb).values())

    summary = {name: summarise(rs) for name, rs in runs.items()}
    results["runs"] = summary
    for name, s in summary.items():
        sec = s["seconds"]
        extra = ""
        if "task_cpu_seconds" in s:
            extra = f", in tasks {s['task_cpu_seconds']['best']:6.2f} s"
        print(f"{name:>10}: best {sec['best']:7.2f} s ({n / sec['best']:5.1f} docs/s), median "
              f"{sec['median']:7.2f} s; CPU best {s['cpu_seconds']['best']:6.2f} s{extra}")
    one, many, serial = summary["1 worker"], summary[f"{k} workers"], summary["serial"]
    results["speedup_best"] = one["seconds"]["best"] / many["seconds"]["best"]
    results["speedup_median"] = one["seconds"]["median"] / many["seconds"]["median"]
    results["overhead_ms_per_doc"] = (one["seconds"]["best"] - serial["seconds"]["best"]) / n * 1000
    results["overhead_cpu_ms_per_doc"] = (one["cpu_seconds"]["best"] - serial["cpu_seconds"]["best"]) / n * 1000
    results["overhead_task_cpu_ms_per_doc"] = (
        one["task_cpu_seconds"]["best"] - serial["cpu_seconds"]["best"]) / n * 1000
    results["serial_ms_per_doc"] = serial["seconds"]["best"] / n * 1000
    results["serial_cpu_ms_per_doc"] = serial["cpu_seconds"]["best"] / n * 1000
    results["load_average_after"] = os.getloadavg()[0]
    print(f"speed-up, {k} workers over 1: {results['speedup_best']:.2f}x (best rounds), "
          f"{results['speedup_median']:.2f}x (median rounds)")
    print(f"cluster overhead, 1 worker against serial, per document: "
          f"{results['overhead_ms_per_doc']:+.1f} ms wall clock; {results['overhead_cpu_ms_per_doc']:+.1f} ms "
          f"CPU in all processes, {results['overhead_task_cpu_ms_per_doc']:+.1f} ms of it inside the tasks "
          f"(serial: {results['serial_ms_per_doc']:.1f} ms, {results['serial_cpu_ms_per_doc']:.1f} ms CPU)")
    print(f"worker memory {results['worker_rss_mb']:.0f} MB; load average now {results['load_average_after']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
