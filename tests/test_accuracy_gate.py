"""Accuracy gate: the dev evaluation must not fall below the floors in accuracy_floor.json.

The floors are the measured figures rounded down a little; they are raised as the coder
improves and never lowered.  The run codes every dev gold set once (event_location as an
evenly spaced sample, see the floor file) and checks each headline figure listed there.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

FLOOR_FILE = Path(__file__).parent / "accuracy_floor.json"
FLOOR = json.loads(FLOOR_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results(shared: Path) -> dict:
    from dotterel.evaluate import load_gold, run_evaluation

    golds = []
    for name, spec in FLOOR["datasets"].items():
        base = Path(__file__).parent if spec["root"] == "tests" else shared
        golds.append(load_gold(base / spec["path"], format=name, limit=spec.get("limit")))
    t0 = time.perf_counter()
    out = {r.name: r for r in run_evaluation(golds, progress=False)}
    out["_seconds"] = time.perf_counter() - t0
    return out


@pytest.mark.shared
@pytest.mark.parametrize("dataset", sorted(FLOOR["floors"]))
def test_headline_figures_hold_their_floor(results, dataset):
    got = results[dataset].headline
    low = []
    for figure, floor in FLOOR["floors"][dataset].items():
        value = got.get(figure)
        assert value is not None, f"{dataset}.{figure}: no value (nothing scored?)"
        if value < floor:
            low.append(f"{dataset}.{figure} = {value:.3f} < floor {floor:.3f}")
    assert not low, "accuracy fell below the floor:\n" + "\n".join(low)


@pytest.mark.shared
def test_every_dataset_has_floors(results):
    assert set(FLOOR["floors"]) == set(FLOOR["datasets"])
    for name in FLOOR["datasets"]:
        assert results[name].counts, f"{name}: nothing scored"
