"""Exports: PLOVER JSON Lines, GDELT 2.0 (61 columns in GDELT's order), Parquet, CSV; and the
query / dyads / export commands."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_store import KABUL, TEHRAN, doc, event

from dotterel.export import GDELT_COLUMNS, export
from dotterel.store import Store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("export") / "events.duckdb"
    with Store(db) as s:
        s.add(
            [
                (doc("a", published="2025-06-14", source="Wire").model_copy(
                    update={"url": "https://wire.example/a"}), [
                    event(sentence=0, place=TEHRAN),
                    event(sentence=4, status="reported", claimant="IRN"),
                ]),
                (doc("b", published="2025-06-15", source="Post"), [event(status="hedged", sentence=1)]),
                (doc("c", published="2025-07-01", source="Post"), [
                    event(plover="AID", cameo="0711", quad=2, actors=("CHN",), recipients=("UNO",),
                          date="2025-07-01", intensity=7.0, place=KABUL, sentence=6),
                    event(plover=None, cameo="010", quad=0, actors=("PAK",), recipients=("IND",),
                          date="2025-07-01", intensity=0.0, sentence=7),
                ]),
            ],
            coder_version="t1",
        )
    return db


def test_gdelt_tsv_has_61_columns_in_gdelt_order(store_path: Path, tmp_path: Path):
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[0] == "GLOBALEVENTID" and GDELT_COLUMNS[1] == "SQLDATE"
    assert GDELT_COLUMNS[5] == "Actor1Code" and GDELT_COLUMNS[15] == "Actor2Code"
    assert GDELT_COLUMNS[26] == "EventCode" and GDELT_COLUMNS[29] == "QuadClass"
    assert GDELT_COLUMNS[30] == "GoldsteinScale" and GDELT_COLUMNS[31] == "NumMentions"
    assert GDELT_COLUMNS[51] == "ActionGeo_Type" and GDELT_COLUMNS[58] == "ActionGeo_FeatureID"
    assert GDELT_COLUMNS[59] == "DATEADDED" and GDELT_COLUMNS[60] == "SOURCEURL"
    out = tmp_path / "events.tsv"
    with Store(store_path, read_only=True) as s:
        assert export(s, "gdelt-tsv", out) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines]
    assert all(len(r) == 61 for r in rows)
    assert not lines[0].startswith("GLOBALEVENTID")  # no header
    by_code = {r[26]: dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows}
    assault = by_code["190"]
    assert assault["GLOBALEVENTID"].isdigit()
    assert (assault["SQLDATE"], assault["MonthYear"], assault["Year"]) == ("20250613", "202506", "2025")
    assert assault["Actor1Code"] == "ISR" and assault["Actor1CountryCode"] == "ISR"
    assert assault["Actor2CountryCode"] == "IRN"
    assert (assault["EventBaseCode"], assault["EventRootCode"]) == ("190", "19")
    assert assault["QuadClass"] == "4" and assault["GoldsteinScale"] == "-9"
    assert (assault["NumMentions"], assault["NumArticles"], assault["NumSources"]) == ("3", "2", "2")
    assert assault["IsRootEvent"] == "1"
    assert assault["ActionGeo_FullName"] == "Tehran" and assault["ActionGeo_Type"] == "4"
    assert assault["ActionGeo_Lat"] == "35.69" and assault["ActionGeo_FeatureID"] == "112931"
    # GDELT's geography speaks FIPS 10-4: Iran is "IR", Tehran province "IR26"
    assert (assault["ActionGeo_CountryCode"], assault["ActionGeo_ADM1Code"]) == ("IR", "IR26")
    assert assault["SOURCEURL"] == "https://wire.example/a"
    assert assault["DATEADDED"] == "20250614000000"
    assert assault["AvgTone"] == "" and assault["Actor1Geo_Type"] == ""
    aid = by_code["0711"]
    assert aid["Actor2KnownGroupCode"] == "UNO" and aid["Actor2CountryCode"] == ""
    assert aid["EventBaseCode"] == "071" and aid["QuadClass"] == "2"
    assert aid["IsRootEvent"] == "0" and aid["SOURCEURL"] == "c"
    assert by_code["010"]["QuadClass"] == "1"  # GDELT folds statements into verbal cooperation


@pytest.mark.parametrize("place, expected", [
    # (name, GeoNames id, ISO-3) -> (Type, CountryCode, ADM1Code)
    (("Britain", 2635167, "GBR"), ("1", "UK", "UK")),  # a country: FIPS, not ISO ("GB")
    (("Houston", 4699066, "USA"), ("3", "US", "USTX")),
    (("Texas", 4736286, "USA"), ("2", "US", "USTX")),
    (("Kabul", 1138958, "AFG"), ("4", "AF", "AF13")),
    (("Balochistan", None, "PAK"), ("4", "PK", "")),  # no GeoNames id: no division code
])
def test_gdelt_action_geography_in_fips_codes(place, expected):
    from dotterel.export import gdelt_row

    name, gid, iso3 = place
    row = dict(zip(GDELT_COLUMNS, gdelt_row({
        "event_id": "ab" * 16, "place_name": name, "geonameid": gid, "place_country": iso3,
    }), strict=True))
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"], row["ActionGeo_ADM1Code"]) == expected


def test_gdelt_tsv_reads_with_pandas_as_gdelt_tooling_does(store_path: Path, tmp_path: Path):
    import pandas as pd

    out = tmp_path / "events.tsv"
    with Store(store_path, read_only=True) as s:
        export(s, "gdelt-tsv", out)
    df = pd.read_csv(out, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype={"EventCode": str})
    assert len(df) == 3 and set(df.EventCode) == {"190", "0711", "010"}
    assert df.NumMentions.sum() == 5


def test_plover_jsonl_is_the_first_mention_record_with_counts_and_mentions(store_path: Path, tmp_path: Path):
    out = tmp_path / "events.jsonl"
    with Store(store_path, read_only=True) as s:
        assert export(s, "plover-jsonl", out) == 3
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assault = next(r for r in recs if r["plover"] == "ASSAULT")
    assert assault["doc_id"] == "a" and assault["sentence"] == 0
    assert assault["actor"][0]["code"] == "ISR" and assault["location"]["name"] == "Tehran"
    assert (assault["n_mentions"], assault["n_articles"], assault["n_sources"]) == (3, 2, 2)
    assert assault["first_seen"] == "2025-06-14" and assault["last_seen"] == "2025-06-15"
    assert [m["mention_id"] for m in assault["mentions"]] == ["a#0", "a#1", "b#0"]
    assert assault["mentions"][1]["claimant"] == "IRN" and assault["mentions"][1]["status"] == "reported"
    assert {"cameo", "quad_class", "intensity", "date", "status", "rule", "event_id"} <= set(assault)


def test_parquet_and_csv(store_path: Path, tmp_path: Path):
    with Store(store_path, read_only=True) as s:
        assert export(s, "parquet", tmp_path / "e.parquet") == 3
        assert export(s, "parquet", tmp_path / "m.parquet", table="mentions") == 5
        assert export(s, "csv", tmp_path / "e.csv") == 3
        assert export(s, "csv", tmp_path / "none.csv", filters={"actor": "XXX"}) == 0
        with pytest.raises(ValueError, match="unknown format"):
            export(s, "xml", tmp_path / "x")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 3 and "n_mentions" in table.column_names
    assert pq.read_table(tmp_path / "m.parquet").column("record").to_pylist()[0].startswith("{")
    with (tmp_path / "e.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3 and {r["actor_codes"] for r in rows} == {"ISR", "CHN", "PAK"}
    assert (tmp_path / "none.csv").read_text().startswith('"event_id"')
    assert not list(tmp_path.glob("*.part"))


def _cli(*args: str) -> subprocess.CompletedProcess:
    """The command in this process (each subprocess would pay the CLI's start-up)."""
    from typer.testing import CliRunner

    from dotterel.cli import _register, app

    _register()
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


def test_query_dyads_and_export_commands(store_path: Path, tmp_path: Path):
    run = _cli("query", "--store", str(store_path), "--actor", "ISR", "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    (rec,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert rec["type"] == "ASSAULT" and rec["date"] == "2025-06-13" and rec["actor_codes"] == ["ISR"]

    run = _cli("query", "--store", str(store_path), "--format", "csv", "--since", "2025-07-01")
    assert run.returncode == 0 and len(run.stdout.splitlines()) == 3  # header + 2 events

    run = _cli("query", "--store", str(store_path), "--mentions", "--status", "reported", "--format", "jsonl")
    (m,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert m["claimant_text"] == "IRN"

    run = _cli("query", "--store", str(store_path), "--type", "ASSAULT", "--limit", "5")
    assert run.returncode == 0 and "ASSAULT" in run.stdout  # the table format

    run = _cli("dyads", "--store", str(store_path), "--format", "jsonl")
    dyads = {(d["actor"], d["recipient"]): d for d in map(json.loads, run.stdout.splitlines())}
    assert dyads[("ISR", "IRN")]["n_mentions"] == 3 and dyads[("CHN", "UNO")]["n_material_coop"] == 1

    run = _cli("dyads", "--store", str(store_path), "--series", "--actor", "ISR", "--recipient", "IRN",
               "--format", "csv")
    assert run.returncode == 0 and run.stdout.splitlines()[1].startswith("2025-06-01,1,")

    out = tmp_path / "x.tsv"
    run = _cli("export", "--store", str(store_path), "--format", "gdelt-tsv", "--output", str(out))
    assert run.returncode == 0 and len(out.read_text().splitlines()) == 3


def test_store_commands_fail_clearly(store_path: Path, tmp_path: Path):
    foreign = tmp_path / "notes.duckdb"
    foreign.write_text("my notes\n" * 50)
    before = foreign.read_bytes()
    for cmd in ("query", "dyads"):
        run = _cli(cmd, "--store", str(foreign))
        assert run.returncode == 1 and "not a DuckDB database" in run.stderr
    run = _cli("export", "--store", str(foreign), "--format", "csv", "--output", str(tmp_path / "o.csv"))
    assert run.returncode == 1
    assert foreign.read_bytes() == before
    assert _cli("query", "--store", str(tmp_path / "missing.duckdb")).returncode == 1
    assert _cli("query", "--store", str(store_path), "--since", "yesterday").returncode == 2
    assert _cli("query", "--store", str(store_path), "--format", "xml").returncode == 2
    assert _cli("query", "--store", str(store_path), "--status", "rumoured").returncode == 2
    assert _cli("export", "--store", str(store_path), "--format", "xml", "-o", str(tmp_path / "o")).returncode == 2
