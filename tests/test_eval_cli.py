"""``dotterel eval`` end to end with a stand-in coder (no spaCy): tables, JSON report, errors."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dotterel.cli import _register, app
from dotterel.models import Event, Span

ROWS = [
    {"id": "g1", "event": "FIGHT", "eventText": "attacked", "textInfo": {},
     "text": "Rebels attacked the garrison.", "source": [{"actorText": "Rebels", "code": "SDN"}]},
    {"id": "g2", "event": "AGREE", "eventText": "agreed", "textInfo": {},
     "text": "Both sides agreed to talk.", "source": []},
]


@pytest.fixture
def fake_coder(monkeypatch):
    """A stand-in ``dotterel.coder`` that codes every "attacked" as ASSAULT and records the
    calls, so the test can check batching and the actor files passed."""
    calls = []

    def code_documents(docs, actor_files=(), n_process=1, batch_size=32, lexicon_files=()):
        docs = list(docs)
        calls.append((len(docs), actor_files, lexicon_files))
        for d in docs:
            evs = []
            i = d.text.find("attacked")
            if i >= 0:
                evs.append(Event(sentence=0, quote=d.text, trigger=Span(text="attacked", start=i,
                                 end=i + 8), plover="ASSAULT", cameo="190", quad_class=4,
                                 rule="fake"))
            yield d, evs

    module = types.ModuleType("dotterel.coder")
    module.code_documents = code_documents
    monkeypatch.setitem(sys.modules, "dotterel.coder", module)
    return calls


def test_eval_prints_table_and_writes_report(tmp_path: Path, fake_coder):
    gold = tmp_path / "gsr.json"
    gold.write_text(json.dumps(ROWS))
    report = tmp_path / "report.json"
    _register()
    result = CliRunner().invoke(app, ["eval", str(gold), "--report", str(report), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "type_micro_f1" in result.output
    assert "ASSAULT" in result.output
    assert fake_coder == [(2, (), ())]  # one batch through code_documents, no user files
    data = json.loads(report.read_text())
    h = data["datasets"]["plover_gsr"]["headline"]
    assert h["type_micro_precision"] == 1.0
    assert h["type_micro_recall"] == 0.5
    assert h["actor_code_accuracy"] == 0.0  # the stand-in codes no actor
    misses = data["datasets"]["plover_gsr"]["misses"]
    assert {m["kind"] for m in misses} == {"type_missed", "actor"}
    assert data["command"].startswith("dotterel eval")


def test_eval_passes_actor_files(tmp_path: Path, fake_coder):
    gold = tmp_path / "gsr.json"
    gold.write_text(json.dumps(ROWS))
    actors = tmp_path / "a.actors.txt"
    actors.write_text("RURITANIA [RUR]\n")
    _register()
    verbs = tmp_path / "v.verbs.txt"
    verbs.write_text("--- PRAISE [051] ---\nPRAISE\n")
    result = CliRunner().invoke(app, ["eval", str(gold), "--actors", str(actors), "--quiet",
                                      "--lexicon", str(verbs),
                                      "--limit", "plover_gsr=1", "--limit", "event_location=5"])
    assert result.exit_code == 0, result.output
    assert fake_coder == [(1, (str(actors),), (str(verbs),))]


def test_eval_bad_inputs(tmp_path: Path, fake_coder):
    _register()
    runner = CliRunner()
    r = runner.invoke(app, ["eval", str(tmp_path / "missing.json")])
    assert r.exit_code == 2
    assert "missing.json: no such file" in r.output
    odd = tmp_path / "odd.json"
    odd.write_text("{}")
    r = runner.invoke(app, ["eval", str(odd)])
    assert r.exit_code == 2 and "format not recognised" in r.output
    r = runner.invoke(app, ["eval", str(odd), "--format", "nonsense"])
    assert r.exit_code == 2 and "unknown format 'nonsense'" in r.output
    r = runner.invoke(app, ["eval", str(odd), "--actors", str(tmp_path / "nope.txt")])
    assert r.exit_code == 2 and "nope.txt: no such file" in r.output
    r = runner.invoke(app, ["eval", str(odd), "--limit", "gsr=3"])
    assert r.exit_code == 2 and "unknown format 'gsr'" in r.output
    r = runner.invoke(app, ["eval", str(odd), "--limit", "0"])
    assert r.exit_code == 2 and "positive number" in r.output
    assert fake_coder == []
