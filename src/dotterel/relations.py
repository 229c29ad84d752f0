"""The system of relations the coded news describes.

Pure functions over a table of events (a ``Store.events()`` DataFrame, or any iterable of
:class:`~dotterel.models.Event` / event dicts):

- :func:`dyad_frame`: one row per (event, actor code, recipient code) -- the directed dyads;
- :func:`dyad_series`: per dyad and period (day, week, month): counts by PLOVER type and quad
  class, and a cooperation-conflict score;
- :func:`timeline`: the same over all dyads, per period;
- :func:`graph`: actors as nodes, dyads as edges with volume and score, and for every edge the
  events that make it.

The score of a set of events is the mean PLOVER intensity (-10 conflict ... +10 cooperation),
each event weighted by ``confidence x STATUS_WEIGHTS[status]``: a hedged or denied claim weighs
less than an asserted one, a negated one ("did not attack") not at all.  Events without an
intensity (statements with no PLOVER type) count in the volume but not in the score.  Rows
that share an ``event_id`` (several mentions of one event in the store) make one event, with
the weight of its strongest mention.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pandas as pd

from dotterel.models import PLOVER_TYPES

#: How much an event's claim status counts towards a score (times its confidence).
STATUS_WEIGHTS: dict[str, float] = {
    "asserted": 1.0,  # the outlet states it happened
    "reported": 0.8,  # attributed to a named or unnamed source
    "historical": 0.8,  # a past happening recalled as background
    "hedged": 0.5,  # "may have", "reportedly", "is believed to"
    "future": 0.4,  # announced or planned, not yet done
    "hypothetical": 0.2,  # conditional: "would retaliate if"
    "denied": 0.2,  # claimed by one side, denied by another
    "negated": 0.0,  # the text says it did not happen
}
DEFAULT_STATUS_WEIGHT = 0.5

PERIODS = ("day", "week", "month")
QUAD_NAMES = {
    0: "statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

DYAD_COLUMNS = [
    "event_id",
    "source",
    "target",
    "source_name",
    "target_name",
    "date",
    "plover",
    "quad_class",
    "intensity",
    "confidence",
    "status",
    "weight",
]


def status_weight(status: str | None) -> float:
    return STATUS_WEIGHTS.get(status or "", DEFAULT_STATUS_WEIGHT)


def event_weight(confidence: float | None, status: str | None) -> float:
    """The weight of one event in a score: confidence (0..1) x status weight."""
    c = 0.5 if confidence is None or pd.isna(confidence) else float(confidence)
    return max(0.0, min(1.0, c)) * status_weight(status)


def _as_refs(value: Any) -> list[dict]:
    """Actor/recipient cell -> list of {code, name, ...} dicts.

    Accepts a list of dicts or models, a JSON string of one, a plain code, a
    comma-separated string of codes, or a list of codes."""
    if value is None:
        return []
    if isinstance(value, float) and pd.isna(value):
        return []
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return []
        if s[0] in "[{":
            try:
                return _as_refs(json.loads(s))
            except ValueError:
                pass
        return [{"code": c.strip()} for c in s.split(",") if c.strip()]
    if isinstance(value, dict):
        return [value]
    if hasattr(value, "model_dump"):
        return [value.model_dump()]
    if isinstance(value, list | tuple):
        out: list[dict] = []
        for v in value:
            out.extend(_as_refs(v))
        return out
    return [{"code": str(value)}]


def _records(events: Any) -> list[dict]:
    if isinstance(events, pd.DataFrame):
        return events.to_dict("records")
    out = []
    for e in events:
        out.append(e.model_dump(mode="json") if hasattr(e, "model_dump") else dict(e))
    return out


def _event_id(rec: dict, index: int) -> str:
    for key in ("event_id", "id", "mention_id"):
        v = rec.get(key)
        if v is not None and not (isinstance(v, float) and pd.isna(v)):
            return str(v)
    if rec.get("doc_id") is not None and rec.get("trigger"):
        trig = rec["trigger"]
        start = trig.get("start") if isinstance(trig, dict) else None
        return f"{rec['doc_id']}:{rec.get('sentence')}:{start}"
    return str(index)


def _refs(rec: dict, role: str) -> list[dict]:
    """The resolved actors (or recipients) of a record, from whichever columns it has."""
    for key in (role, f"{role}s"):
        if key in rec and not isinstance(rec[key], float | int):
            refs = _as_refs(rec[key])
            if refs:
                return [r for r in refs if r.get("code")]
    codes = _as_refs(rec.get(f"{role}_codes"))
    if not codes:
        codes = _as_refs(rec.get(f"{role}_code"))
    # a store row names only its first actor: pair that name with that code
    first, name = rec.get(f"{role}_code"), rec.get(f"{role}_name")
    for r in codes:
        if first and name and r.get("code") == first and isinstance(name, str):
            r.setdefault("name", name)
    return [r for r in codes if r.get("code")]


def _date_value(v: Any) -> pd.Timestamp | None:
    """ISO date at day, month ("2025-06") or year ("2025") precision -> Timestamp."""
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v
    s = str(v)[:10]
    if len(s) == 4:
        s += "-01-01"
    elif len(s) == 7:
        s += "-01"
    ts = pd.to_datetime(s, errors="coerce")
    return None if pd.isna(ts) else ts


def dyad_frame(events: Any) -> pd.DataFrame:
    """One row per (event, actor code, recipient code): the directed dyads the events make.

    An event with two actors and one recipient makes two rows; an event without a coded
    recipient makes none.  A self-dyad (same code both sides) is kept out."""
    rows = []
    for i, rec in enumerate(_records(events)):
        actors = _refs(rec, "actor")
        recipients = _refs(rec, "recipient")
        if not actors or not recipients:
            continue
        intensity = rec.get("intensity")
        intensity = None if intensity is None or pd.isna(intensity) else float(intensity)
        quad = rec.get("quad_class")
        quad = None if quad is None or pd.isna(quad) else int(quad)
        conf = rec.get("confidence")
        w = event_weight(conf, rec.get("status"))
        eid = _event_id(rec, i)
        date = _date_value(rec.get("date"))
        seen = set()
        for a in actors:
            for r in recipients:
                pair = (a["code"], r["code"])
                if a["code"] == r["code"] or pair in seen:
                    continue
                seen.add(pair)
                rows.append(
                    {
                        "event_id": eid,
                        "source": a["code"],
                        "target": r["code"],
                        "source_name": a.get("name") or a["code"],
                        "target_name": r.get("name") or r["code"],
                        "date": date,
                        "plover": rec.get("plover") or None,
                        "quad_class": quad,
                        "intensity": intensity,
                        "confidence": None if conf is None or pd.isna(conf) else float(conf),
                        "status": rec.get("status"),
                        "weight": w,
                    }
                )
    frame = pd.DataFrame(rows, columns=DYAD_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    if frame["event_id"].duplicated().any():
        # several mentions of one event (store rows share an event_id): the event counts
        # once, with the weight of its strongest mention
        frame = (
            frame.sort_values("weight", ascending=False, kind="stable")
            .drop_duplicates(subset=["event_id", "source", "target"])
            .sort_index()
            .reset_index(drop=True)
        )
    return frame


def period_key(date: pd.Series, period: str) -> pd.Series:
    """Dates -> period labels: day "2025-06-16", week (its Monday) "2025-06-16", month "2025-06"."""
    if period not in PERIODS:
        raise ValueError(f"period {period!r}: expected one of {', '.join(PERIODS)}")
    d = pd.to_datetime(date)
    if period == "day":
        return d.dt.strftime("%Y-%m-%d")
    if period == "week":
        return (d - pd.to_timedelta(d.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    return d.dt.strftime("%Y-%m")


def score(intensity: Iterable[float | None], weight: Iterable[float]) -> float | None:
    """Weighted mean intensity (-10..+10); None when no event has weight and intensity."""
    num = den = 0.0
    for x, w in zip(intensity, weight, strict=True):
        if x is None or pd.isna(x) or not w:
            continue
        num += float(x) * w
        den += w
    return round(num / den, 3) if den > 0 else None


def _summarise(frame: pd.DataFrame, keys: list[str]) -> list[dict]:
    """Per group of ``keys``: count (distinct events), weight, score, types (PLOVER type ->
    rows), quads ("0".."4" -> rows).  Vectorised: the API calls it on every request.  One
    dict per group, keys first, in sorted key order."""
    if frame.empty:
        return []
    has = frame["intensity"].notna() & (frame["weight"] > 0)
    work = frame.assign(
        _wi=(frame["intensity"].fillna(0.0) * frame["weight"]).where(has, 0.0),
        _wv=frame["weight"].where(has, 0.0),
    )
    g = work.groupby(keys, sort=True)
    base = pd.DataFrame(
        {
            "count": g["event_id"].nunique(),
            "weight": g["weight"].sum(),
            "_wi": g["_wi"].sum(),
            "_wv": g["_wv"].sum(),
        }
    )
    types: dict = {}
    for key_and_type, n in work.groupby([*keys, "plover"], sort=False).size().items():
        *k, t = key_and_type
        types.setdefault(tuple(k), {})[t] = int(n)
    quads: dict = {}
    for key_and_quad, n in work.groupby([*keys, "quad_class"], sort=False).size().items():
        *k, q = key_and_quad
        quads.setdefault(tuple(k), {})[str(int(q))] = int(n)
    order = {t: i for i, t in enumerate(PLOVER_TYPES)}
    out = []
    for key, row in base.iterrows():
        k = key if isinstance(key, tuple) else (key,)
        t = types.get(k, {})
        out.append(
            {
                **dict(zip(keys, k, strict=True)),
                "count": int(row["count"]),
                "weight": round(float(row["weight"]), 3),
                "score": round(row["_wi"] / row["_wv"], 3) if row["_wv"] > 0 else None,
                "types": dict(sorted(t.items(), key=lambda kv: order.get(kv[0], 99))),
                "quads": dict(sorted(quads.get(k, {}).items())),
            }
        )
    return out


def _filter_dates(frame: pd.DataFrame, since: str | None, until: str | None) -> pd.DataFrame:
    if since:
        frame = frame[frame["date"] >= pd.Timestamp(since)]
    if until:
        frame = frame[frame["date"] <= pd.Timestamp(until)]
    return frame


def dyad_series(
    events: Any,
    period: str = "month",
    source: str | None = None,
    target: str | None = None,
    both_directions: bool = False,
) -> pd.DataFrame:
    """Per directed dyad and period: count, weight, score, counts by PLOVER type and quad.

    With ``source``/``target`` only that dyad; ``both_directions`` adds target -> source.
    Undated events are left out (they have no period).  Columns: source, target, period,
    count, weight, score, types (dict), quads (dict, keys "0".."4")."""
    if period not in PERIODS:
        raise ValueError(f"period {period!r}: expected one of {', '.join(PERIODS)}")
    frame = events if _is_dyad_frame(events) else dyad_frame(events)
    frame = _select_dyad(frame, source, target, both_directions)
    frame = frame[frame["date"].notna()]
    cols = ["source", "target", "period", "count", "weight", "score", "types", "quads"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    frame = frame.assign(period=period_key(frame["date"], period))
    return pd.DataFrame(_summarise(frame, ["source", "target", "period"]), columns=cols)


def timeline(events: Any, period: str = "month") -> pd.DataFrame:
    """Over all dyads, per period: count, weight, score, types, quads (an event between
    several dyads counts once)."""
    if period not in PERIODS:
        raise ValueError(f"period {period!r}: expected one of {', '.join(PERIODS)}")
    frame = events if _is_dyad_frame(events) else dyad_frame(events)
    frame = frame[frame["date"].notna()]
    cols = ["period", "count", "weight", "score", "types", "quads"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    frame = frame.drop_duplicates(subset=["event_id"])
    frame = frame.assign(period=period_key(frame["date"], period))
    return pd.DataFrame(_summarise(frame, ["period"]), columns=cols)


def _is_dyad_frame(obj: Any) -> bool:
    return isinstance(obj, pd.DataFrame) and list(obj.columns) == DYAD_COLUMNS


def _select_dyad(
    frame: pd.DataFrame, source: str | None, target: str | None, both: bool
) -> pd.DataFrame:
    if source is None and target is None:
        return frame
    mask = pd.Series(True, index=frame.index)
    if source is not None:
        mask &= frame["source"] == source
    if target is not None:
        mask &= frame["target"] == target
    if both and source is not None and target is not None:
        mask |= (frame["source"] == target) & (frame["target"] == source)
    return frame[mask]


def _names(frame: pd.DataFrame) -> dict[str, str]:
    """Code -> the name most often given to it."""
    long = pd.concat(
        [
            frame[["source", "source_name"]].set_axis(["code", "name"], axis=1),
            frame[["target", "target_name"]].set_axis(["code", "name"], axis=1),
        ]
    )
    if long.empty:
        return {}
    counts = long.groupby(["code", "name"], sort=True).size().reset_index(name="n")
    counts = counts.sort_values(["code", "n"], ascending=[True, False], kind="stable")
    return dict(counts.drop_duplicates("code")[["code", "name"]].itertuples(index=False))


def top_dyads(events: Any, n: int = 10) -> list[dict]:
    """The ``n`` most active directed dyads: source, target, names, count, score."""
    frame = events if _is_dyad_frame(events) else dyad_frame(events)
    names = _names(frame)
    out = _summarise(frame, ["source", "target"])
    for d in out:
        d["source_name"] = names.get(d["source"], d["source"])
        d["target_name"] = names.get(d["target"], d["target"])
    out.sort(key=lambda d: (-d["count"], d["source"], d["target"]))
    return out[:n]


def graph(events: Any, since: str | None = None, until: str | None = None) -> dict:
    """The actor graph for a period (bounds inclusive, ISO dates; None = open).

    ``{"nodes": [{id, name, count, out, in, score}], "edges": [{source, target, count,
    weight, score, types, quads, events: [event ids]}]}``.  A node's ``count`` is the number
    of events it takes part in as actor or recipient; its ``score`` is over those events.
    Undated events are left out as soon as either bound is set."""
    frame = events if _is_dyad_frame(events) else dyad_frame(events)
    if since or until:
        frame = _filter_dates(frame[frame["date"].notna()], since, until)
    edges = _summarise(frame, ["source", "target"])
    ids = frame.groupby(["source", "target"], sort=True)["event_id"].agg(
        lambda v: sorted(set(v))
    )
    for e in edges:
        e["events"] = ids[(e["source"], e["target"])]
    if frame.empty:
        return {"nodes": [], "edges": edges}
    # each event once per actor it involves, whichever side the actor is on
    long = pd.concat(
        [
            frame.rename(columns={"source": "code"}).drop(columns=["target"]),
            frame.rename(columns={"target": "code"}).drop(columns=["source"]),
        ]
    ).drop_duplicates(subset=["code", "event_id"])
    nodes = _summarise(long, ["code"])
    out_n = frame.groupby("source")["event_id"].nunique()
    in_n = frame.groupby("target")["event_id"].nunique()
    names = _names(frame)
    return {
        "nodes": [
            {
                "id": d["code"],
                "name": names.get(d["code"], d["code"]),
                "count": d["count"],
                "out": int(out_n.get(d["code"], 0)),
                "in": int(in_n.get(d["code"], 0)),
                "score": d["score"],
            }
            for d in nodes
        ],
        "edges": edges,
    }
