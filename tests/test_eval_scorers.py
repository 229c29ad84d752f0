"""The evaluation scorers are pure functions: check them on tiny hand-built fixtures whose
figures are worked out by hand, so a wrong scorer fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dotterel.evaluate import (
    codebook,
    conflibert,
    detect_format,
    event_location,
    hrdsattack,
    load_gold,
    petrarch,
    plover_gsr,
    status,
)
from dotterel.evaluate.base import (
    PRF,
    cameo_root,
    code_matches,
    macro_f1,
    names_match,
    pair_prf,
    penta_class,
)
from dotterel.models import ActorRef, Event, Location, Span


def ev(
    text: str,
    trigger: str,
    *,
    plover: str | None = None,
    cameo: str = "010",
    mode: str | None = None,
    actor: list[tuple[str, str | None, str | None]] = (),
    recipient: list[tuple[str, str | None, str | None]] = (),
    location: str | None = None,
    loc_name: str | None = None,
    loc_country: str | None = None,
    status: str = "asserted",
    claimant: str | None = None,
    date: str | None = None,
    date_precision: str = "none",
) -> Event:
    """An Event whose spans are found in ``text`` (first occurrence)."""

    def span(s: str) -> dict:
        i = text.index(s)
        return {"text": s, "start": i, "end": i + len(s)}

    return Event(
        sentence=0,
        quote=text,
        trigger=Span(**span(trigger)),
        plover=plover,
        mode=mode,
        cameo=cameo,
        quad_class=penta_class(cameo) or 0,
        actor=[ActorRef(**span(t), code=c, sector=s) for t, c, s in actor],
        recipient=[ActorRef(**span(t), code=c, sector=s) for t, c, s in recipient],
        location=Location(**span(location), name=loc_name, country=loc_country) if location else None,
        status=status,
        claimant=ActorRef(**span(claimant)) if claimant else None,
        date=date,
        date_precision=date_precision,
        rule="test",
    )


# ---------------------------------------------------------------------------------------------
# helpers


def test_pair_prf_and_macro():
    gold = {(1, "A"), (2, "B"), (3, "A")}
    pred = {(1, "A"), (2, "A"), (3, "A")}
    prf = pair_prf(gold, pred)
    assert (prf.tp, prf.fp, prf.fn) == (2, 1, 1)
    assert prf.precision == pytest.approx(2 / 3)
    assert prf.recall == pytest.approx(2 / 3)
    assert prf.f1 == pytest.approx(2 / 3)
    assert PRF().f1 is None
    assert PRF(tp=0, fp=3, fn=2).f1 == 0.0
    # A: P 2/3, R 1 -> F1 0.8; B: 0 -> macro 0.4
    from dotterel.evaluate.base import per_label_prf

    per = per_label_prf(gold, pred)
    assert per["A"].f1 == pytest.approx(0.8)
    assert macro_f1(per) == pytest.approx(0.4)
    assert macro_f1(per, ["A", "B", "C"]) == pytest.approx(0.4)  # C never seen: left out


@pytest.mark.parametrize(
    "code,root,penta",
    [("010", "01", 0), ("0211", "02", 0), ("036", "03", 1), ("057", "05", 1), ("061", "06", 2),
     ("0874", "08", 2), ("090", "09", 3), ("130", "13", 3), ("160", "16", 3), ("145", "14", 4),
     ("150", "15", 4), ("173", "17", 4), ("190", "19", 4), ("2041", "20", 4), ("903", None, None),
     ("223", None, None), ("", None, None), (None, None, None)],
)
def test_cameo_root_and_penta(code, root, penta):
    assert cameo_root(code) == root
    assert penta_class(code) == penta


def test_code_matching():
    assert code_matches("JAP", ActorRef(text="x", start=0, end=1, code="JPN"))
    assert code_matches("IGO", ActorRef(text="x", start=0, end=1, code="UNO"))
    assert code_matches("IGO", ActorRef(text="x", start=0, end=1, code="XYZ", sector="IGO"))
    assert not code_matches("IGO", ActorRef(text="x", start=0, end=1, code="USA", sector="GOV"))
    assert not code_matches("USA", ActorRef(text="x", start=0, end=1, code="GBR"))
    assert not code_matches("---", ActorRef(text="x", start=0, end=1, code=None))
    assert names_match("town of Rafah", "Rafah")
    assert not names_match("Basra", "Baghdad")


# ---------------------------------------------------------------------------------------------
# PLOVER GSR

GSR = [
    {"id": "g1", "event": "DEMAND", "eventText": "called on", "textInfo": {},
     "text": "Ruritania called on the U.N. to send monitors.",
     "source": [{"actorText": "Ruritania", "code": "USA", "sector": "GOV"}],
     "target": [{"actorText": "U.N.", "code": "IGO"}], "mode": "monitor"},
    {"id": "g2", "event": "FIGHT", "eventText": "shelled", "textInfo": {},
     "text": "Rebels shelled the port on Monday.",
     "source": [{"actorText": "Rebels", "code": "SDN", "sector": "REB"}], "target": None},
    {"id": "g3", "event": "AGREE", "eventText": "agreed", "textInfo": {},
     "text": "Tokyo agreed with Beijing on fishing quotas in the town of Rafah.",
     "source": [{"actorText": "Tokyo", "code": "JAP", "sector": "***"}],
     "target": [{"actorText": "Beijing", "code": "CHN"}], "eventLoc": {"name": "town of Rafah"}},
]


@pytest.fixture
def gsr_file(tmp_path: Path) -> Path:
    p = tmp_path / "plover_gsr_dev.json"
    p.write_text(json.dumps(GSR), encoding="utf-8")
    return p


def test_plover_gsr_scores(gsr_file: Path):
    assert detect_format(gsr_file) == "plover_gsr"
    records = plover_gsr.load(gsr_file)
    assert [r.plover for r in records] == ["REQUEST", "ASSAULT", "AGREE"]
    t1, t2, t3 = (r.text for r in records)
    d1, d2, d3 = (r.doc_id for r in records)
    events = {
        d1: [ev(t1, "called on", plover="REQUEST", cameo="020", mode="monitor",
                actor=[("Ruritania", "USA", "GOV")], recipient=[("U.N.", "UNO", "IGO")])],
        d2: [ev(t2, "shelled", plover="ACCUSE", cameo="112", actor=[("Rebels", "SDN", "REB")])],
        d3: [ev(t3, "agreed", plover="AGREE", cameo="030", actor=[("Tokyo", "JPN", "GOV")],
                recipient=[("Beijing", "USA", "GOV")], location="Rafah")],
    }
    res = plover_gsr.score(records, events)
    h = res.headline
    assert h["type_micro_precision"] == pytest.approx(0.667, abs=1e-3)
    assert h["type_micro_recall"] == pytest.approx(0.667, abs=1e-3)
    assert h["type_micro_f1"] == pytest.approx(0.667, abs=1e-3)
    # REQUEST 1, AGREE 1, ASSAULT 0 (gold only), ACCUSE 0 (predicted only)
    assert h["type_macro_f1"] == pytest.approx(0.5)
    assert h["actor_code_accuracy"] == 1.0  # USA=USA, JAP=JPN
    assert h["recipient_code_accuracy"] == 0.5  # IGO~UNO right, CHN vs USA wrong
    assert h["actor_sector_accuracy"] == 1.0  # only g1 has a usable sector
    assert h["mode_accuracy"] == 1.0
    assert h["location_accuracy"] == 1.0
    kinds = sorted(m["kind"] for m in res.misses)
    assert kinds == ["recipient", "type_missed", "type_spurious"]


def test_plover_gsr_nothing_coded(gsr_file: Path):
    records = plover_gsr.load(gsr_file)
    res = plover_gsr.score(records, {})
    assert res.headline["type_micro_recall"] == 0.0
    assert res.headline["type_micro_precision"] is None
    assert len(res.misses) == 3


# ---------------------------------------------------------------------------------------------
# ConfliBERT


def _cb_line(tokens: list[str], tags: list[str], qc: str | None) -> str:
    return json.dumps({"text_tokens": tokens, "tags": tags, "text": " ".join(tokens),
                       "quadclass": qc, "source": [], "target": [], "reciprocal": []})


def test_conflibert_scores(tmp_path: Path):
    p = tmp_path / "cb.jsonl"
    lines = [
        _cb_line(["Army", "troops", "raided", "the", "camp", "."],
                 ["B-S", "I-S", "O", "B-T", "I-T", "O"], "4"),
        _cb_line(["Leaders", "praised", "the", "deal", "."], ["B-S", "O", "O", "O", "O"], "0"),
        _cb_line(["The", "weather", "was", "mild", "."], ["O"] * 5, None),
        _cb_line(["A", "and", "B", "met", "."], ["B-R", "I-R", "I-R", "O", "O"], "1"),
        _cb_line(["C", "visited", "D", "."], ["B-S", "O", "B-T", "O"], None),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert detect_format(p) == "conflibert_cameo"
    recs = conflibert.load(p)
    assert recs[0].sources == [(0, 11)] and recs[0].targets == [(19, 27)]
    assert recs[3].sources == recs[3].targets == [(0, 7)]
    a, b, c, d, e = recs
    events = {
        a.doc_id: [ev(a.text, "raided", cameo="190", actor=[("troops", None, None)],
                      recipient=[("raided", None, None)])],
        b.doc_id: [ev(b.text, "praised", cameo="051")],  # class 1, gold 0
        c.doc_id: [ev(c.text, "was", cameo="120")],  # unlabelled: not scored
        # e: unlabelled, actor spans, nothing coded: counts against event_found
        d.doc_id: [ev(d.text, "met", cameo="040", actor=[("A", None, None)],
                      recipient=[("B", None, None)])],
    }
    res = conflibert.score(recs, events)
    h = res.headline
    # gold {a4, b0, d1}; pred {a4, b1, d1} (c, e unlabelled): tp 2, fp 1, fn 1
    assert h["penta_micro_precision"] == pytest.approx(0.667, abs=1e-3)
    assert h["penta_micro_recall"] == pytest.approx(0.667, abs=1e-3)
    assert h["penta_micro_f1"] == pytest.approx(0.667, abs=1e-3)
    # sentences with actor spans: a, b, d, e; coded: a, b, d
    assert h["event_found"] == 0.75
    # a: source overlaps, target does not; d: both overlap (reciprocal)
    assert h["source_span_overlap"] == 1.0
    assert h["target_span_overlap"] == 0.5
    # classes 0 (F1 0), 1 (P .5 R 1 -> .667), 4 (1): macro over seen classes
    assert h["penta_macro_f1"] == pytest.approx((0 + 2 / 3 + 1) / 3, abs=1e-3)
    assert [m["kind"] for m in res.misses if m["id"] == e.doc_id] == ["unlabelled_not_coded"]


# ---------------------------------------------------------------------------------------------
# CAMEO codebook


def test_codebook_root_accuracy(tmp_path: Path):
    p = tmp_path / "cb_ex.jsonl"
    rows = [
        {"code": "0231", "name": "Appeal for aid", "root_code": "02", "goldstein": "3.4",
         "text": "Freedonia asked donors for aid.", "coding_note": None},
        {"code": "173", "name": "Arrest", "root_code": "17", "goldstein": "-5",
         "text": "Police in SylvaniaÇƒÙs capital arrested two men.", "coding_note": None},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert detect_format(p) == "cameo_codebook"
    recs = codebook.load(p)
    assert "Sylvania's capital" in recs[1].text  # mojibake repaired
    events = {recs[0].doc_id: [ev(recs[0].text, "asked", cameo="0231"),
                               ev(recs[0].text, "donors", cameo="070")],
              recs[1].doc_id: [ev(recs[1].text, "arrested", cameo="112")]}
    res = codebook.score(recs, events)
    assert res.headline["root_accuracy"] == 0.5
    assert res.headline["root_pair_precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert res.misses[0]["gold"] == "173"


# ---------------------------------------------------------------------------------------------
# Event location


def test_event_location_outcomes(tmp_path: Path):
    texts = [
        ("Gunmen attacked a bus in Kandahar.", "attacked", ["Kandahar"]),
        ("Troops fired on a crowd near Gao.", "fired", ["Gao"]),
        ("The minister resigned.", "resigned", []),
        ("Rebels seized the town.", "seized", []),
        ("Police detained a man in Lyon.", "detained", ["Lyon"]),
    ]
    p = tmp_path / "loc.jsonl"
    with p.open("w") as f:
        for t, v, locs in texts:
            spans = [{"start": t.index(v), "end": t.index(v) + len(v), "label": "VERB"}]
            spans += [{"start": t.index(x), "end": t.index(x) + len(x), "label": "LOCATION"}
                      for x in locs]
            f.write(json.dumps({"text": t, "spans": spans, "_id": v}) + "\n")
    assert detect_format(p) == "event_location"
    recs = event_location.load(p)
    r = {x.id: x for x in recs}
    events = {
        r["attacked"].doc_id: [ev(r["attacked"].text, "attacked", location="Kandahar")],
        r["fired"].doc_id: [ev(r["fired"].text, "fired", location="Troops")],  # wrong place
        r["resigned"].doc_id: [ev(r["resigned"].text, "resigned")],  # right: no place
        r["seized"].doc_id: [ev(r["seized"].text, "seized", location="town")],  # spurious
        # "detained" not coded at all
    }
    res = event_location.score(recs, events)
    assert res.headline["verb_found"] == 0.8
    assert res.headline["location_accuracy"] == 0.5
    assert res.headline["location_recall"] == 0.5
    assert res.headline["location_precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert sorted(m["kind"] for m in res.misses) == ["location_spurious", "location_wrong",
                                                    "verb_not_coded"]
    # the sample is deterministic and evenly spaced
    assert event_location.evenly_spaced(10, 3) == [0, 3, 6]
    assert [x.id for x in event_location.load(p, limit=2)] == ["attacked", "resigned"]


# ---------------------------------------------------------------------------------------------
# PETRARCH-2


def test_petrarch_roots_and_dyads(tmp_path: Path):
    d = tmp_path / "petr"
    d.mkdir()
    rows = [
        {"id": "A-1", "date": "19950101", "category": "A", "text": "Arnor praised Gondor.",
         "events": [{"sourcecode": "ARNGOV", "targetcode": "GON", "eventcode": "051"}]},
        {"id": "A-2", "date": "19950101", "category": "A", "text": "Arnor attacked Rohan.",
         "events": [{"sourcecode": "ARN", "targetcode": "ROH", "eventcode": "190"}]},
        {"id": "A-3", "date": "19950101", "category": "A", "text": "Nothing happened.",
         "events": [{"noevents": "True"}]},
        {"id": "A-4", "date": "19950101", "category": "A", "text": "Test code only.",
         "events": [{"sourcecode": "ARN", "targetcode": "GON", "eventcode": "903"}]},
        {"id": "A-5", "date": "19950101", "category": "A", "text": "Broken.",
         "events": [{"error": "x"}]},
    ]
    (d / petrarch.RECORDS_FILE).write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    (d / petrarch.ACTORS_FILE).write_text("ARNOR [ARN]\n")
    (d / petrarch.VERBS_FILE).write_text("--- PRAISE [051] ---\nPRAISE\n")
    assert detect_format(d) == "petrarch2_unittest"
    gold = load_gold(d)
    assert gold.actor_files == (str(d / petrarch.ACTORS_FILE),)  # no agents file here
    assert gold.lexicon_files == (str(d / petrarch.VERBS_FILE),)
    assert load_gold(d, actor_files=("x",)).lexicon_files == ()  # user files replace the suite's
    recs = gold.records
    assert [r.doc_id for r in recs] == ["petr-A-1", "petr-A-2", "petr-A-3", "petr-A-4"]
    assert recs[0].date == "1995-01-01"
    t = {r.doc_id: r.text for r in recs}
    events = {
        "petr-A-1": [ev(t["petr-A-1"], "praised", cameo="051", actor=[("Arnor", "ARN", "GOV")],
                        recipient=[("Gondor", "GON", None)])],
        "petr-A-2": [ev(t["petr-A-2"], "attacked", cameo="190", actor=[("Arnor", "ARN", None)],
                        recipient=[("Rohan", "GON", None)])],
        "petr-A-3": [ev(t["petr-A-3"], "happened", cameo="010")],
        "petr-A-4": [ev(t["petr-A-4"], "Test", cameo="010")],  # record left out: not counted
    }
    res = petrarch.score(recs, events)
    # roots: gold {A1 05, A2 19}; pred {A1 05, A2 19, A3 01}: P 2/3 R 1
    assert res.headline["root_recall"] == 1.0
    assert res.headline["root_f1"] == pytest.approx(0.8)
    # dyads: gold {A1 ARN>GON 05, A2 ARN>ROH 19}; pred A1 right, A2 wrong target, A3 extra
    assert res.headline["dyad_f1"] == pytest.approx(2 * (1 / 3 * 0.5) / (1 / 3 + 0.5), abs=1e-3)
    assert res.counts["gold_events_without_cameo_root"] == 1
    assert res.headline["sentence_exact"] == pytest.approx(1 / 3, abs=1e-3)


# ---------------------------------------------------------------------------------------------
# HRDsAttack


def _hrd(title: str, paras: list[str], pub: str, **label) -> dict:
    base = {"perpetrator_mention": True, "perpetrator_type": "None", "year": "None",
            "month": "None", "date": "None", "city": "None", "region": "None", "country": "None"}
    base.update(label)
    html = " ".join(f"<p>{p}</p>" for p in paras)
    return {"sample": {"Input.title": title, "Input.publish_date": pub + " 10:00:00",
                       "Input.article_interface": html}, "annotations": [], "merged_sample": base}


def test_hrdsattack_scores(tmp_path: Path):
    data = [
        _hrd("Activist beaten", ["Police beat an activist in Lagos on 3 May.", "More text &amp; more."],
             "2021-05-05", year="2021.0", month="May", date="3.0", city="Lagos",
             country="Nigeria", perpetrator_type="state actor"),
        _hrd("Lawyer shot", ["Gunmen shot a lawyer in Cali."], "2020-02-01", year="2020",
             month="01", country="Colombia", perpetrator_type="other non-state actors"),
        _hrd("Nothing violent", ["A court heard the case."], "2019-01-01", year="2019",
             country="USA"),
    ]
    p = tmp_path / "hrdsattack_dev.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    assert detect_format(p) == "hrdsattack"
    recs = hrdsattack.load(p)
    assert recs[0].text.startswith("Activist beaten\n\nPolice beat")
    assert "More text & more." in recs[0].text
    assert (recs[0].year, recs[0].month, recs[0].day) == (2021, 5, 3)
    assert recs[0].country == "NGA" and recs[2].country == "USA"
    assert recs[0].published == "2021-05-05"
    a, b, c = recs
    events = {
        a.doc_id: [ev(a.text, "beat", plover="ASSAULT", cameo="180", actor=[("Police", "NGA", "COP")],
                      location="Lagos", loc_name="Lagos", loc_country="NGA",
                      date="2021-05-03", date_precision="day")],
        b.doc_id: [ev(b.text, "shot", plover="ASSAULT", cameo="180",
                      actor=[("Gunmen", None, "GOV")], location="Cali", loc_country="COL",
                      date="2020-02-01", date_precision="day")],
        c.doc_id: [ev(c.text, "heard", plover="CONSULT", cameo="040")],
    }
    res = hrdsattack.score(recs, events)
    h = res.headline
    assert h["violent_event_found"] == pytest.approx(0.667, abs=1e-3)
    assert h["date_year_accuracy"] == 1.0
    assert h["date_month_accuracy"] == 0.5  # b: gold January, coded February
    assert h["date_day_accuracy"] == 1.0
    assert h["country_accuracy"] == 1.0
    assert h["city_region_accuracy"] == 1.0
    assert h["perpetrator_sector_accuracy"] == 0.5  # b's gunmen coded as GOV
    assert hrdsattack.country_iso3("People's Republic of China") == "CHN"
    t = "The U.S. and rebels and the UN acted."
    assert hrdsattack.sector_class(ev(t, "acted", actor=[("The U.S.", "USA", None)])) == "state"
    assert hrdsattack.sector_class(ev(t, "acted", actor=[("rebels", None, "REB")])) == "non-state"
    assert hrdsattack.sector_class(ev(t, "acted", actor=[("UN", "UNO", None)])) is None
    assert hrdsattack.sector_class(ev(t, "acted")) is None
    assert hrdsattack.country_iso3("Africa") is None


# ---------------------------------------------------------------------------------------------
# Claim status


def test_status_confusion(tmp_path: Path):
    rows = [
        {"text": "Ruritania did not attack Freedonia.", "trigger": "attack", "status": "negated",
         "claimant": None, "published": "2024-01-01"},
        {"text": "Officials said Ruritania attacked Freedonia.", "trigger": "attacked",
         "status": "reported", "claimant": "Officials", "published": "2024-01-01"},
        {"text": "Ruritania will visit Freedonia.", "trigger": "visit", "status": "future",
         "claimant": None},
    ]
    p = tmp_path / "status.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert detect_format(p) == "claim_status"
    recs = status.load(p)
    events = {
        recs[0].doc_id: [ev(recs[0].text, "attack", status="asserted")],
        recs[1].doc_id: [ev(recs[1].text, "attacked", status="reported", claimant="Officials")],
    }
    res = status.score(recs, events)
    assert res.headline["event_found"] == pytest.approx(0.667, abs=1e-3)
    assert res.headline["status_accuracy"] == 0.5
    assert res.headline["status_accuracy_all"] == pytest.approx(0.333, abs=1e-3)
    assert res.headline["claimant_accuracy"] == 1.0
    assert res.headline["recall_negated"] == 0.0
    assert res.headline["recall_reported"] == 1.0
    table = res.tables[0]
    assert table.columns[-2] == status.MISSING
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**rows[0], "status": "rumoured"}) + "\n")
    with pytest.raises(ValueError, match="rumoured"):
        status.load(bad)


def test_status_set_is_complete():
    """Our own status set: 60+ sentences covering every status."""
    path = Path(__file__).parent / "status_set.jsonl"
    recs = status.load(path)
    assert len(recs) >= 60
    assert {r.status for r in recs} == {"asserted", "reported", "hedged", "denied", "negated",
                                        "hypothetical", "future", "historical"}
    assert all(r.published for r in recs)
    assert any(r.claimant for r in recs if r.status == "reported")


def test_unknown_format_is_a_clear_error(tmp_path: Path):
    p = tmp_path / "x.json"
    p.write_text("[]")
    with pytest.raises(ValueError, match="x.json: format not recognised"):
        detect_format(p)
    with pytest.raises(ValueError, match="no such file"):
        load_gold(tmp_path / "missing.json", format="plover_gsr")


def test_event_location_repairs_spans_whose_offsets_are_token_indices(tmp_path: Path):
    # Part of the gold writes token indices into start/end while "text" and token_start name
    # the annotated words; such spans are re-anchored on their text, nearest that token.
    t = "Police in Gao said troops fired on a crowd in Gao on Monday."
    spans = [
        {"start": 26, "end": 31, "label": "VERB", "text": "fired"},
        {"start": 10, "end": 10, "token_start": 10, "token_end": 10, "label": "LOCATION",
         "text": "Gao"},
    ]
    bad = {"text": "Rebels seized the town.", "_id": "lost", "spans": [
        {"start": 7, "end": 13, "label": "VERB", "text": "seized"},
        {"start": 2, "end": 2, "token_start": 3, "token_end": 3, "label": "LOCATION",
         "text": "Timbuktu"},
    ]}
    p = tmp_path / "loc.jsonl"
    p.write_text(json.dumps({"text": t, "spans": spans, "_id": "fired"}) + "\n"
                 + json.dumps(bad) + "\n")
    recs = event_location.load(p)
    rec, lost = recs
    assert rec.verb == (26, 31)
    assert [rec.text[s:e] for s, e in rec.locations] == ["Gao"]
    assert rec.locations[0][0] == t.rindex("Gao")  # the second "Gao": token 10, not token 2
    assert rec.repaired == 1 and lost.unplaceable  # "Timbuktu" is not in its text
    res = event_location.score(recs, {rec.doc_id: [ev(t, "fired", location="Gao on Monday")]})
    assert res.counts["records"] == 1 and res.counts["skipped_unplaceable"] == 1
    assert res.counts["repaired_spans"] == 1
    assert res.headline["location_accuracy"] == 1.0
    first_gao = event_location.score(recs, {rec.doc_id: [ev(t, "fired", location="Gao")]})
    assert first_gao.headline["location_accuracy"] == 0.0


def test_hrdsattack_compares_countries_as_sovereign_states(tmp_path: Path):
    # The annotators name the sovereign state ("China") where ISO 3166 gives a territory its
    # own code (Hong Kong HKG, Macao MAC): both sides are compared as sovereign states.
    data = [
        _hrd("Publisher arrested", ["Police arrested a publisher in Hong Kong."], "2020-08-10",
             country="China", city="Hong Kong"),
        _hrd("Activist held", ["Police held an activist in Taipei."], "2020-08-10",
             country="China"),
    ]
    p = tmp_path / "hrdsattack_dev.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    a, b = hrdsattack.load(p)
    events = {
        a.doc_id: [ev(a.text, "arrested", plover="COERCE", cameo="173", location="Hong Kong",
                      loc_country="HKG")],
        b.doc_id: [ev(b.text, "held", plover="COERCE", cameo="173", location="Taipei",
                      loc_country="TWN")],  # Taiwan is not folded into China
    }
    res = hrdsattack.score([a, b], events)
    assert res.headline["country_accuracy"] == 0.5
    assert [m["id"] for m in res.misses if m["kind"] == "country"] == [b.doc_id]
    assert hrdsattack.sovereign("MAC") == "CHN" and hrdsattack.sovereign("GBR") == "GBR"


def test_plover_gsr_maps_v05_modes():
    assert plover_gsr.map_mode("riot-spon") == "riot"
    assert plover_gsr.map_mode("Strike-Hun") == "hunger"
    assert plover_gsr.map_mode("explosives") == "explosives"  # unchanged names pass through
    assert plover_gsr.map_mode("") is None


def test_event_location_a_country_from_the_actors_names_no_place(tmp_path: Path):
    t = "Ugandan police detained a politician."
    p = tmp_path / "loc.jsonl"
    verb = {"start": t.index("detained"), "end": t.index("detained") + 8, "label": "VERB"}
    p.write_text(json.dumps({"text": t, "spans": [verb], "_id": "d"}) + "\n", encoding="utf-8")
    [rec] = event_location.load(p)
    inferred = ev(t, "detained", location="Ugandan police", loc_country="UGA")
    inferred.location.source = "actors"
    res = event_location.score([rec], {rec.doc_id: [inferred]})
    assert res.headline["location_accuracy"] == 1.0  # gold: no place; the coder names none
    assert res.counts["country_from_actors"] == 1
    named = ev(t, "detained", location="Ugandan police", loc_country="UGA")
    assert event_location.score([rec], {rec.doc_id: [named]}).headline[
        "location_accuracy"] == 0.0  # the same span claimed as a place name is spurious
