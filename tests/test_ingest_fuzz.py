"""Fuzzing the ingest path: random and mutated inputs of every kind never crash or hang it.

Every input yields only Documents and Rejections; a Document always has non-blank text.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dotterel.ingest import Rejection, read_inputs
from dotterel.models import Document

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SUFFIXES = [".txt", ".html", ".jsonl", ".rss", ".atom", ".warc", ".dat"]
SEEDS = sorted(
    p for p in FIXTURES.iterdir() if p.suffix in {".txt", ".html", ".jsonl", ".rss", ".atom", ".warc"}
)
PER_INPUT_SECONDS = 20  # far above the normal few milliseconds: only a hang would reach it

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check(path: Path, max_bytes: int = 10_000_000) -> None:
    start = time.monotonic()
    items = list(read_inputs([str(path)], date="2025-01-01", max_bytes=max_bytes))
    assert time.monotonic() - start < PER_INPUT_SECONDS
    assert items, "every input yields at least a document or a rejection"
    for item in items:
        assert isinstance(item, Document | Rejection)
        if isinstance(item, Document):
            assert item.text.strip()
            assert item.id
        else:
            assert item.reason and item.input


@pytest.mark.timeout(300)
@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(tmp_path_factory, data: bytes, suffix: str):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    _check(path)


@pytest.mark.timeout(300)
@FUZZ
@given(
    text=st.text(max_size=2000),
    suffix=st.sampled_from(SUFFIXES),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "latin-1", "cp1252"]),
)
def test_random_text_in_any_encoding(tmp_path_factory, text: str, suffix: str, encoding: str):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(text.encode(encoding, errors="replace"))
    _check(path)


@st.composite
def mutated(draw):
    seed = draw(st.sampled_from(SEEDS))
    data = bytearray(seed.read_bytes())
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "duplicate", "truncate"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del data[i : i + draw(st.integers(1, 64))]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=32))
        elif op == "duplicate":
            data[i:i] = data[i : i + draw(st.integers(1, 256))]
        else:
            del data[i:]
    suffix = draw(st.sampled_from([seed.suffix, seed.suffix, ".dat"]))
    return bytes(data), suffix


@pytest.mark.timeout(300)
@FUZZ
@given(case=mutated(), max_bytes=st.sampled_from([10_000_000, 300]))
def test_mutated_fixtures(tmp_path_factory, case, max_bytes: int):
    data, suffix = case
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    _check(path, max_bytes=max_bytes)
