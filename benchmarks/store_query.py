"""Query speed of the store over one million synthetic events.

    .venv/bin/python benchmarks/store_query.py [--events 1000000] [--repeat 20] [--keep PATH]

Builds a store whose events table holds N generated events (random dyads among 60 country
codes, 20 types, dates over ten years; 1-3 actors), then times through the public API:
- ``Store.dyad_series(actor, recipient)`` (monthly series of one dyad): the target is < 200 ms;
- ``Store.events(actor=..., since=..., limit=100)`` and ``Store.dyads(since=...)``;
each with a long-lived connection (``Store(path)``) and with the read-only per-call connection
the server uses (``Store(path, read_only=True)``: open, query, close).  Also compares the
events table in insertion order with the table sorted by (actor_code, recipient_code, date),
the order ``Store`` does not need but DuckDB's zone maps could use.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from dotterel.store import _DYADS_FROM_EVENTS, Store

CODES = [
    "AFG", "ARE", "ARM", "AUS", "AZE", "BGD", "BRA", "CAN", "CHN", "COL", "DEU", "EGY", "ESP",
    "ETH", "FRA", "GBR", "GRC", "IDN", "IND", "IRN", "IRQ", "ISR", "ITA", "JOR", "JPN", "KEN",
    "KOR", "LBN", "LBY", "MEX", "MLI", "MMR", "NGA", "NLD", "PAK", "PHL", "POL", "PRK", "PSE",
    "QAT", "RUS", "SAU", "SDN", "SOM", "SSD", "SYR", "THA", "TUR", "TWN", "UKR", "USA", "VEN",
    "YEM", "ZAF", "NATO", "UNO", "EU", "AU", "SCO", "ASEAN",
]  # fmt: skip
TYPES = [
    ("AGREE", "030", 1), ("CONSULT", "040", 1), ("SUPPORT", "051", 1), ("CONCEDE", "080", 2),
    ("COOPERATE", "060", 2), ("AID", "070", 2), ("RETREAT", "087", 2), ("REQUEST", "020", 0),
    ("ACCUSE", "112", 3), ("REJECT", "120", 3), ("THREATEN", "130", 3), ("PROTEST", "140", 4),
    ("SANCTION", "163", 3), ("MOBILIZE", "150", 4), ("COERCE", "170", 4), ("ASSAULT", "190", 4),
    ("CAMEO01", "010", 0), ("CAMEO02", "020", 0), ("AGREE", "057", 1), ("ASSAULT", "195", 4),
]  # fmt: skip


def build(path: Path, n: int) -> float:
    """Generate ``n`` events straight into the store's events table (SQL, no Python loop)."""
    start = time.perf_counter()
    Store(path).close()  # creates the schema
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("CREATE TEMP TABLE codes AS SELECT unnest(?) AS code, generate_subscripts(?, 1) AS i",
                [CODES, CODES])
    con.execute(
        "CREATE TEMP TABLE types AS SELECT * FROM (VALUES "
        + ",".join(f"('{p}','{c}',{q},{k})" for k, (p, c, q) in enumerate(TYPES, 1))
        + ") t(plover, cameo, quad, i)"
    )  # constant literals from this file, no user input
    con.execute(
        f"""
        INSERT INTO events
        WITH g AS (
            SELECT range AS r,
                   1 + (hash(range, 1) % {len(CODES)}) AS a,
                   1 + (hash(range, 2) % {len(CODES)}) AS b,
                   1 + (hash(range, 5) % {len(CODES)}) AS a2,
                   1 + (hash(range, 3) % {len(TYPES)}) AS t,
                   DATE '2015-01-01' + CAST(hash(range, 4) % 3650 AS INTEGER) AS d,
                   hash(range, 6) % 10 AS multi
            FROM range(?)
        ),
        e AS (
            SELECT printf('%016x', hash(r, 99)) AS event_id, t.plover AS type,
                   CASE WHEN t.plover LIKE 'CAMEO%' THEN NULL ELSE t.plover END AS plover,
                   NULL AS mode, t.cameo, t.quad AS quad_class,
                   (hash(r, 7) % 200) / 10.0 - 10 AS intensity,
                   ca.code AS actor_code,
                   CASE WHEN multi = 0 AND a2 <> a THEN [ca.code, cc.code] ELSE [ca.code] END
                       AS actor_codes,
                   'GOV' AS actor_sector, ca.code AS actor_name,
                   cb.code AS recipient_code, [cb.code] AS recipient_codes,
                   NULL AS recipient_sector, cb.code AS recipient_name,
                   d AS date, 'day' AS date_precision,
                   NULL AS place_name, NULL AS geonameid, NULL AS place_country,
                   NULL AS lat, NULL AS lon,
                   'asserted' AS status, ['asserted'] AS statuses,
                   1 + CAST(hash(r, 8) % 5 AS INTEGER) AS n_mentions, 1 AS n_articles,
                   1 AS n_sources, d AS first_seen, d AS last_seen,
                   'doc-' || r AS first_doc_id, 'doc-' || r || '#0' AS first_mention_id
            FROM g
            JOIN codes ca ON ca.i = g.a
            JOIN codes cb ON cb.i = g.b
            JOIN codes cc ON cc.i = g.a2
            JOIN types t ON t.i = g.t
            WHERE g.a <> g.b
        )
        SELECT * FROM e
        """,
        [n],
    )
    con.execute("CREATE TEMP TABLE touched_events AS SELECT event_id FROM events")
    con.execute(_DYADS_FROM_EVENTS)  # what Store.add does for the events it touches
    con.execute("CHECKPOINT")
    con.close()
    return time.perf_counter() - start


def timed(fn, repeat: int) -> tuple[float, float, object]:
    fn()  # warm the OS cache
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times), result


def run(path: Path, repeat: int, label: str) -> dict[str, float]:
    out = {}
    held = Store(path)
    cases = {
        "dyad_series(USA, CHN) month": lambda s: s.dyad_series("USA", "CHN"),
        "dyad_series(ISR, IRN) both ways, since 2020": lambda s: s.dyad_series(
            "ISR", "IRN", since="2020-01-01", both_directions=True),
        "events(actor=RUS, since=2023, limit=100)": lambda s: s.events(
            actor="RUS", since="2023-01-01", limit=100),
        "dyads(since=2024-01-01)": lambda s: s.dyads(since="2024-01-01"),
    }
    for name, q in cases.items():
        med, worst, df = timed(lambda q=q: q(held), repeat)
        print(f"  [{label}] held connection   {name:48s} median {med:7.1f} ms  max {worst:7.1f} ms"
              f"  ({len(df)} rows)")
        out[f"{name} held"] = med
    held.close()
    reader = Store(path, read_only=True)
    for name, q in cases.items():
        med, worst, df = timed(lambda q=q: q(reader), max(3, repeat // 4))
        print(f"  [{label}] read-only per call {name:48s} median {med:7.1f} ms  max {worst:7.1f} ms"
              f"  (incl. open+close)")
        out[f"{name} per-call"] = med
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dotterel-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "events.duckdb"
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()
    seconds = build(path, args.events)
    with Store(path, read_only=True) as s:
        n = s.stats()["events"]
    print(f"built {n:,} events in {seconds:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
    results = {"insertion order": run(path, args.repeat, "insertion order")}
    start = time.perf_counter()
    with Store(path) as s:
        s.optimize()
    print(f"Store.optimize() (dyads sorted by actor, recipient, date): {time.perf_counter() - start:.1f} s")
    results["optimized"] = run(path, args.repeat, "optimized")
    key = "dyad_series(USA, CHN) month"
    for label, res in results.items():
        held, per_call = res[f"{key} held"], res[f"{key} per-call"]
        verdict = "PASS" if held < 200 else "FAIL"
        print(f"dyad time series over {n:,} events ({label}): {held:.1f} ms on a held connection"
              f" [{verdict} < 200 ms]; {per_call:.1f} ms opening a read-only connection per call")
    if not args.keep:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
