"""The same input gives the same events in every process.

A cluster run must equal a serial run, so nothing in the coder may depend on Python's
per-process string hashing (set iteration order deciding a tie, for example).  Two
subprocesses with different PYTHONHASHSEED code the same articles and must agree exactly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES

N_BBC = 25


def _code(path: Path, seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed, DOTTEREL_PROGRESS="0")
    proc = subprocess.run(
        [sys.executable, "-m", "dotterel", "code", str(path), "--processes", "1"],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_events_do_not_depend_on_hash_seed(tmp_path: Path, shared: Path) -> None:
    corpus = tmp_path / "sample.jsonl"
    with (shared / "corpora" / "bbc_fulltext.jsonl").open(encoding="utf-8") as src, \
            corpus.open("w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i >= N_BBC:
                break
            out.write(line)
    # the example articles too: they hold the constructions the coder handles
    with corpus.open("a", encoding="utf-8") as out:
        for f in sorted(EXAMPLES.glob("*.txt")):
            rec = {"id": f.stem, "text": f.read_text(encoding="utf-8"), "date": f.name[:10]}
            out.write(json.dumps(rec) + "\n")
    first = _code(corpus, "1")
    second = _code(corpus, "7")
    assert first.count("\n") > 50  # the sample really produced events
    assert first == second
