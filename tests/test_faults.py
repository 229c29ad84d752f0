"""Faults of `dotterel code --store`: SIGKILL at random moments then a rerun gives exactly the
store a clean run gives; foreign or corrupted store files are refused untouched (exit 1);
exit statuses 0 / 1 / 2 / 3."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

BIN = Path(sys.executable).parent
DOTTEREL = str(BIN / "dotterel")

COUNTRIES = ["Israel", "Iran", "Pakistan", "China", "India", "Turkey", "Greece", "Russia",
             "Ukraine", "France", "Germany", "Egypt", "Qatar", "Japan"]
TEMPLATES = [
    "{a} attacked {b} on {day}.",
    "{a} and {b} signed a trade agreement on {day}.",
    "{a} accused {b} of violating the ceasefire.",
    "{a} threatened to impose sanctions on {b}.",
    "The foreign minister of {a} met his counterpart from {b} on {day}.",
    "{a} sent humanitarian aid to {b} on {day}.",
    "{a} called on {b} to release the detained sailors.",
    "Officials said {a} expelled diplomats from {b}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_corpus(path: Path, n_docs: int, seed: int = 7) -> None:
    """Generated news-like documents (our own templates), some with duplicate content."""
    rng = random.Random(seed)
    lines = []
    for i in range(n_docs):
        sentences = []
        for _ in range(rng.randint(12, 18)):
            a, b = rng.sample(COUNTRIES, 2)
            sentences.append(rng.choice(TEMPLATES).format(a=a, b=b, day=rng.choice(DAYS)))
        paragraphs = [" ".join(sentences[:2]), " ".join(sentences[2:])]
        lines.append(json.dumps({
            "id": f"gen-{i:03d}",
            "text": "\n\n".join(paragraphs),
            "date": f"2025-06-{1 + i % 28:02d}",
            "source": rng.choice(["Wire", "Post", "Herald"]),
        }))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def code_in_process(*args: str):
    """The command in this process (no model is loaded when the store is refused first)."""
    from typer.testing import CliRunner

    from dotterel.cli import _register, app

    _register()
    return CliRunner().invoke(app, ["code", *args])


def code(corpus: Path, db: Path, *extra: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [DOTTEREL, "code", str(corpus), "--store", str(db), "--processes", "1",
         "--commit-every", "3", "--no-progress", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw,
    )


def snapshot(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute(
                "SELECT * EXCLUDE (coded_at) FROM articles ORDER BY doc_id").fetchall(),
            "mentions": con.execute("SELECT * FROM mentions ORDER BY mention_id").fetchall(),
            "events": con.execute("SELECT * FROM events ORDER BY event_id").fetchall(),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    corpus = tmp / "corpus.jsonl"
    make_corpus(corpus, 45)
    db = tmp / "clean.duckdb"
    start = time.monotonic()
    proc = code(corpus, db)
    out, err = proc.communicate(timeout=300)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, err
    snap = snapshot(db)
    assert len(snap["articles"]) == 45 and len(snap["mentions"]) > 45 and snap["events"]
    return corpus, snap, elapsed


def stored_articles(db: Path) -> int:
    from dotterel.store import Store, StoreError

    try:
        with Store(db, read_only=True, lock_timeout=5) as s:
            return s.stats()["articles"]
    except StoreError:
        return 0


def kill_after(proc: subprocess.Popen, seconds: float) -> None:
    """SIGKILL ``proc`` ``seconds`` after it started, unless it has already ended."""
    deadline = time.monotonic() + seconds
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)


def kill_when(proc: subprocess.Popen, db: Path, at_least: int, extra_delay: float) -> int:
    """SIGKILL ``proc`` once the store holds ``at_least`` articles, ``extra_delay`` s later."""
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        if at_least <= 0 or stored_articles(db) >= at_least:
            break
        time.sleep(0.1)
    time.sleep(extra_delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    return stored_articles(db)


def test_sigkill_at_random_moments_then_rerun_equals_a_clean_run(clean_run, tmp_path: Path):
    corpus, expected, clean_seconds = clean_run
    total = len(expected["articles"])
    db = tmp_path / "killed.duckdb"
    rng = random.Random(2026)
    after_kills = []
    # First while the model loads (nothing committed yet).
    after_kills.append(kill_when(code(corpus, db), db, 0, rng.uniform(0.5, 2.0)))
    # Then at random moments of the run, timed from the clean run, until two kills have landed
    # mid-run.  Polling the store to time them is unreliable while the writer holds it, so a
    # kill that came too late (everything stored) starts over from an empty store, sooner next
    # time, and one that came too early (nothing stored) waits longer next time.
    fraction = rng.uniform(0.55, 0.85)
    mid_run = 0
    landed = tmp_path / "landed"  # the store as the last mid-run kill left it
    for _ in range(8):
        if mid_run >= 2:
            break
        kill_after(code(corpus, db), fraction * clean_seconds)
        n = stored_articles(db)
        after_kills.append(n)
        if n >= total:
            for p in tmp_path.glob("killed.duckdb*"):
                p.unlink()
            if mid_run:  # a later kill came too late: go on from the last one that landed
                for p in landed.glob("killed.duckdb*"):
                    shutil.copy2(p, tmp_path / p.name)
            fraction *= 0.75
        elif n == 0:
            fraction *= 1.25
        else:
            mid_run += 1
            fraction = rng.uniform(0.3, 0.7)
            shutil.rmtree(landed, ignore_errors=True)
            landed.mkdir()
            for p in tmp_path.glob("killed.duckdb*"):
                shutil.copy2(p, landed / p.name)
    assert mid_run >= 1, f"no kill landed mid-run: {after_kills}"
    before = stored_articles(db)
    assert 0 < before < total, after_kills
    # The rerun completes the rest; an unreadable extra input is named and makes the status 3.
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = code(corpus, db, str(empty))
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 3, err
    assert f"rejected {empty}: empty" in err and "rejected 1 (empty: 1)" in err
    assert f"skipped {before} unchanged" in err
    assert f"stored {total - before} new, 0 replaced" in err
    got = snapshot(db)
    for table in ("articles", "mentions", "events"):
        assert got[table] == expected[table], f"{table} differs (articles after kills: {after_kills})"


@pytest.mark.parametrize(
    "content",
    [b"", b"these are my notes, not a database\n" * 30, b"\x00" * 8 + b"DUCK" + os.urandom(3000)],
    ids=["empty", "text", "corrupt-duckdb"],
)
def test_foreign_or_corrupt_store_exits_1_and_is_left_untouched(tmp_path: Path, content: bytes):
    doc = tmp_path / "a.txt"
    doc.write_text("Israel attacked Iran on Friday.")
    db = tmp_path / "store.duckdb"
    db.write_bytes(content)
    result = code_in_process(str(doc), "--store", str(db))
    assert result.exit_code == 1, result.output
    assert str(db) in result.output and "Traceback" not in result.output
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "store.duckdb"]


def test_other_duckdb_database_is_refused_untouched(tmp_path: Path):
    doc = tmp_path / "a.txt"
    doc.write_text("Israel attacked Iran on Friday.")
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE accounts (id INTEGER, balance DOUBLE)")
    con.execute("INSERT INTO accounts VALUES (1, 10.5)")
    con.close()
    before = db.read_bytes()
    result = code_in_process(str(doc), "--store", str(db))
    assert result.exit_code == 1 and "not a Dotterel store" in result.output
    assert db.read_bytes() == before


def test_usage_and_fatal_exit_statuses(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("Israel attacked Iran on Friday.")
    result = code_in_process(str(good), "--date", "June 16")
    assert result.exit_code == 2 and "--date" in result.output
    assert code_in_process(str(good), "--max-bytes", "0").exit_code == 2
    assert code_in_process(str(good), "--actors", str(tmp_path / "missing.txt")).exit_code == 2
    result = code_in_process(str(good), "--store", str(tmp_path / "no" / "such" / "s.duckdb"))
    assert result.exit_code == 1 and "does not exist" in result.output
    result = code_in_process(str(good), "--store", str(tmp_path))
    assert result.exit_code == 1 and "is a folder" in result.output
