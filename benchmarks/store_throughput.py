"""Coding + storing throughput against spaCy's parse alone, and peak memory per process.

    .venv/bin/python benchmarks/store_throughput.py [--limit N] [--corpus PATH] [--processes 2]

Runs, in this order and in the same run of this script, two child commands on the same
documents (the first N lines of the BBC corpus by default):
1. spaCy alone: ``spacy.load(MODEL)`` and ``nlp.pipe(texts, n_process=P)`` over every text;
2. ``dotterel code CORPUS --store tmp.duckdb`` with default settings (its own process count).
Both are timed wall-clock from process start to exit (model loading included in both), while
every process of each tree is sampled for its resident memory (RSS) five times a second.
Prints the ratio time(dotterel code --store) / time(spaCy alone) (target <= 1.25) and the peak
RSS of each process (target < 1.5 GB).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc_fulltext.jsonl"
BIN = Path(sys.executable).parent

SPACY_ALONE = """
import json, sys
import spacy
from dotterel.parse import MODEL_NAME
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
nlp = spacy.load(MODEL_NAME)
n = 0
for doc in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=32):
    n += len(doc)
print(n, "tokens")
"""


def run_measured(cmd: list[str]) -> tuple[float, dict[int, tuple[str, int]], subprocess.CompletedProcess]:
    """Wall time, {pid: (name, peak RSS bytes)} over the process tree, and the result."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, tuple[str, int]] = {}
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            procs = []
        for p in procs:
            try:
                rss = p.memory_info().rss
                label = "main" if p.pid == proc.pid else "worker"
                if rss > peaks.get(p.pid, ("", 0))[1]:
                    peaks[p.pid] = (label, rss)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        time.sleep(0.2)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    return elapsed, peaks, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def describe(peaks: dict[int, tuple[str, int]]) -> str:
    parts = sorted(((label, rss) for label, rss in peaks.values()), key=lambda x: -x[1])
    return ", ".join(f"{label} {rss / 1e6:.0f} MB" for label, rss in parts[:6])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--processes", type=int, default=2, help="spaCy's n_process for the baseline")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: no such corpus")
    with tempfile.TemporaryDirectory(prefix="dotterel-throughput-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n_docs = 0
        with args.corpus.open(encoding="utf-8") as src, corpus.open("w", encoding="utf-8") as dst:
            for line in src:
                if args.limit is not None and n_docs >= args.limit:
                    break
                if line.strip():
                    json.loads(line)
                    dst.write(line)
                    n_docs += 1
        size = corpus.stat().st_size / 1e6
        print(f"{n_docs} documents ({size:.1f} MB) from {args.corpus}")

        t_spacy, peaks_spacy, r = run_measured(
            [sys.executable, "-c", SPACY_ALONE, str(corpus), str(args.processes)]
        )
        if r.returncode != 0:
            sys.exit(f"spaCy baseline failed:\n{r.stderr}")
        print(f"spaCy alone ({args.processes} processes): {t_spacy:.1f} s, {n_docs / t_spacy:.1f} docs/s"
              f"; {r.stdout.strip()}; peak RSS: {describe(peaks_spacy)}")

        db = Path(tmp) / "events.duckdb"
        t_code, peaks_code, r = run_measured(
            [str(BIN / "dotterel"), "code", str(corpus), "--store", str(db), "--no-progress"]
        )
        if r.returncode not in (0, 3):
            sys.exit(f"dotterel code failed ({r.returncode}):\n{r.stderr}")
        summary = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
        print(f"dotterel code --store (defaults): {t_code:.1f} s, {n_docs / t_code:.1f} docs/s;"
              f" peak RSS: {describe(peaks_code)}")
        print(f"  {summary}")

        ratio = t_code / t_spacy
        worst = max(rss for _label, rss in peaks_code.values())
        print(f"\nratio time(code+store) / time(spaCy parse) = {ratio:.2f}"
              f" [{'PASS' if ratio <= 1.25 else 'FAIL'} <= 1.25]")
        print(f"peak RSS of any dotterel process = {worst / 1e6:.0f} MB"
              f" [{'PASS' if worst < 1.5e9 else 'FAIL'} < 1500 MB]")


if __name__ == "__main__":
    main()
