"""dotterel.relations: dyads, periods, scores and the actor graph over hand-made events."""

from __future__ import annotations

import pandas as pd
import pytest

from dotterel.models import ActorRef, Event, Span
from dotterel.relations import (
    STATUS_WEIGHTS,
    dyad_frame,
    dyad_series,
    event_weight,
    graph,
    period_key,
    score,
    timeline,
    top_dyads,
)


def ev(actor, recipient, plover, quad, intensity, date, status="asserted", conf=1.0, doc="d1", s=0):
    def refs(codes):
        return [ActorRef(text=c, start=0, end=len(c), code=c, name=f"N{c}") for c in codes]

    return Event(
        doc_id=doc,
        sentence=s,
        quote="q",
        trigger=Span(text="t", start=s, end=s + 1),
        plover=plover,
        cameo="01",
        quad_class=quad,
        intensity=intensity,
        actor=refs(actor),
        recipient=refs(recipient),
        date=date,
        status=status,
        confidence=conf,
        rule="r",
    )


EVENTS = [
    ev(["IRN"], ["PAK"], "AGREE", 1, 4.0, "2025-06-02", s=0),
    ev(["IRN"], ["PAK"], "COOPERATE", 2, 6.0, "2025-06-03", s=1),
    ev(["ISR"], ["IRN"], "ASSAULT", 4, -10.0, "2025-06-13", s=2),
    ev(["ISR"], ["IRN"], "ASSAULT", 4, -10.0, "2025-06-14", status="hedged", conf=0.8, s=3),
    ev(["IRN"], ["ISR"], "THREATEN", 3, -6.0, "2025-07-01", status="future", s=4),
    ev(["IRN", "PAK"], ["USA"], "ACCUSE", 3, -4.0, "2025-07-02", s=5),
    ev(["IRN"], [], "MOBILIZE", 4, -7.0, "2025-07-02", s=6),  # no recipient: no dyad
    ev(["IRN"], ["ISR"], "ASSAULT", 4, -10.0, None, status="negated", s=7),  # undated, weight 0
]


def test_weights_order_asserted_above_hedged_above_negated():
    assert STATUS_WEIGHTS["asserted"] > STATUS_WEIGHTS["reported"] > STATUS_WEIGHTS["hedged"]
    assert STATUS_WEIGHTS["hedged"] > STATUS_WEIGHTS["denied"] > STATUS_WEIGHTS["negated"] == 0
    assert event_weight(0.8, "hedged") == pytest.approx(0.4)
    assert event_weight(None, "asserted") == pytest.approx(0.5)
    assert event_weight(2.0, "asserted") == 1.0  # clipped


def test_score_is_weighted_mean_and_none_without_weight():
    assert score([4.0, -10.0], [1.0, 0.5]) == pytest.approx((4 - 5) / 1.5, abs=1e-3)
    assert score([None, 3.0], [1.0, 0.0]) is None
    assert score([], []) is None


def test_dyad_frame_expands_multi_actor_and_skips_no_recipient():
    frame = dyad_frame(EVENTS)
    pairs = sorted(zip(frame["source"], frame["target"], strict=True))
    assert ("PAK", "USA") in pairs and ("IRN", "USA") in pairs
    assert len(frame) == 8  # 8 events, one without recipient, one with two actors
    assert frame["date"].isna().sum() == 1


def test_dyad_frame_accepts_flat_store_columns():
    df = pd.DataFrame(
        {
            "event_id": ["e1", "e2"],
            "actor_code": ["IRN", "ISR,USA"],
            "recipient_code": ["PAK", "IRN"],
            "plover": ["AGREE", "ASSAULT"],
            "quad_class": [1, 4],
            "intensity": [4.0, -10.0],
            "date": ["2025-06-02", "2025-06"],
            "status": ["asserted", "reported"],
            "confidence": [1.0, 0.5],
        }
    )
    frame = dyad_frame(df)
    assert sorted(zip(frame["source"], frame["target"], strict=True)) == [
        ("IRN", "PAK"),
        ("ISR", "IRN"),
        ("USA", "IRN"),
    ]
    assert str(frame["date"].iloc[1].date()) == "2025-06-01"  # month precision -> first day


def test_period_keys():
    d = pd.Series(pd.to_datetime(["2025-06-18", "2025-06-22"]))
    assert period_key(d, "day").tolist() == ["2025-06-18", "2025-06-22"]
    assert period_key(d, "week").tolist() == ["2025-06-16", "2025-06-16"]  # Monday
    assert period_key(d, "month").tolist() == ["2025-06", "2025-06"]
    with pytest.raises(ValueError, match="period 'year'"):
        period_key(d, "year")


def test_dyad_series_counts_types_quads_and_score():
    series = dyad_series(EVENTS, period="month", source="ISR", target="IRN")
    assert series["period"].tolist() == ["2025-06"]
    row = series.iloc[0]
    assert row["count"] == 2
    assert row["types"] == {"ASSAULT": 2}
    assert row["quads"] == {"4": 2}
    assert row["score"] == -10.0
    week = dyad_series(EVENTS, period="week", source="IRN", target="PAK")
    assert week["period"].tolist() == ["2025-06-02"]
    assert week.iloc[0]["score"] == pytest.approx(5.0)
    both = dyad_series(EVENTS, "month", source="IRN", target="ISR", both_directions=True)
    assert set(zip(both["source"], both["period"], strict=True)) == {
        ("ISR", "2025-06"),
        ("IRN", "2025-07"),
    }  # the undated negated IRN->ISR event has no period


def test_hedged_claim_weighs_less_in_score():
    events = [
        ev(["A"], ["B"], "AGREE", 1, 4.0, "2025-01-01", s=0),
        ev(["A"], ["B"], "ASSAULT", 4, -10.0, "2025-01-02", status="hedged", s=1),
    ]
    asserted = [
        ev(["A"], ["B"], "AGREE", 1, 4.0, "2025-01-01", s=0),
        ev(["A"], ["B"], "ASSAULT", 4, -10.0, "2025-01-02", s=1),
    ]
    hedged_score = dyad_series(events).iloc[0]["score"]
    asserted_score = dyad_series(asserted).iloc[0]["score"]
    assert hedged_score == pytest.approx((4 - 5) / 1.5, abs=1e-3)
    assert asserted_score == pytest.approx(-3.0)
    assert hedged_score > asserted_score


def test_graph_nodes_edges_and_their_events():
    g = graph(EVENTS)
    assert {n["id"] for n in g["nodes"]} == {"IRN", "PAK", "ISR", "USA"}
    edges = {(e["source"], e["target"]): e for e in g["edges"]}
    assert set(edges) == {("IRN", "PAK"), ("ISR", "IRN"), ("IRN", "ISR"), ("IRN", "USA"), ("PAK", "USA")}
    assert edges[("IRN", "PAK")]["count"] == 2 and edges[("IRN", "PAK")]["score"] == 5.0
    assert edges[("IRN", "PAK")]["events"] == ["d1:0:0", "d1:1:1"]
    assert edges[("IRN", "ISR")]["count"] == 2  # future threat + undated negated assault
    irn = next(n for n in g["nodes"] if n["id"] == "IRN")
    assert irn["name"] == "NIRN" and irn["out"] == 5 and irn["in"] == 2


def test_graph_period_bounds():
    g = graph(EVENTS, since="2025-06-01", until="2025-06-30")
    assert {(e["source"], e["target"]) for e in g["edges"]} == {("IRN", "PAK"), ("ISR", "IRN")}
    assert graph(EVENTS, since="2030-01-01") == {"nodes": [], "edges": []}


def test_timeline_and_top_dyads():
    t = timeline(EVENTS, "month")
    assert t["period"].tolist() == ["2025-06", "2025-07"]
    assert t["count"].tolist() == [4, 2]
    top = top_dyads(EVENTS, n=2)
    assert [(d["source"], d["target"], d["count"]) for d in top][0][2] == 2
    assert len(top) == 2


def test_empty_input():
    assert dyad_frame([]).empty
    assert dyad_series([]).empty
    assert timeline([]).empty
    assert graph([]) == {"nodes": [], "edges": []}


def test_mentions_of_one_event_count_once_with_strongest_weight():
    rows = [
        {"event_id": "e1", "actor_codes": ["IRN"], "recipient_codes": ["ISR"], "plover": "ASSAULT",
         "quad_class": 4, "intensity": -10.0, "date": "2025-06-13", "status": "hedged", "confidence": 0.9},
        {"event_id": "e1", "actor_codes": ["IRN"], "recipient_codes": ["ISR"], "plover": "ASSAULT",
         "quad_class": 4, "intensity": -10.0, "date": "2025-06-13", "status": "asserted", "confidence": 0.7,
         "actor_code": "IRN", "actor_name": "Iran"},
        {"event_id": "e2", "actor_codes": ["IRN"], "recipient_codes": ["ISR"], "plover": "CONSULT",
         "quad_class": 1, "intensity": 1.0, "date": "2025-06-20", "status": "asserted", "confidence": 0.7},
    ]
    frame = dyad_frame(pd.DataFrame(rows))
    assert frame["event_id"].tolist() == ["e1", "e2"]
    assert frame["weight"].tolist() == [pytest.approx(0.7), pytest.approx(0.7)]
    assert frame["source_name"].iloc[0] == "Iran"
    edge = graph(frame)["edges"][0]
    assert edge["count"] == 2 and edge["score"] == pytest.approx(-4.5)
