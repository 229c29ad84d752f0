"""store: coded documents -> one DuckDB file (articles, mentions, events).

- ``articles``: one row per document, with the hash of its content and the coder version that
  coded it.  Re-adding an unchanged article coded by the same coder version is a no-op; a
  changed article or a new coder version replaces all its old mentions in one transaction.
- ``mentions``: one row per coded event mention (a sentence that reports an event), flattened
  for queries, plus ``record``: the full event record as JSON.
- ``events``: the happening itself.  Mentions with the same type, actor set, recipient set and
  day share an ``event_id``; the events row aggregates them (mention, article and source
  counts, first and last seen).  It is derived from ``mentions`` and kept in step with it in the
  same transaction, so the two never disagree.
- ``event_dyads``: one row per directed (actor code, recipient code) pair of each event, with
  scalar columns so dyad summaries and time series scan no lists; also derived in the same
  transaction.  ``Store.optimize()`` re-sorts it for zone-map skipping.

Concurrency (README, "Reading while coding"): DuckDB lets one process write, or
several read, never both at once.  A ``Store(path, shared=True)`` writer and every
``Store(path, read_only=True)`` reader open a connection per operation and close it at once,
retrying on a lock conflict, so readers see every committed batch while a long coding run goes
on (``with store.session():`` holds one connection for a few calls).  A plain ``Store(path)``
keeps one connection open (fastest; for notebooks and scripts).

Every query is parameterised; no SQL is ever built from user strings.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from dotterel.models import Document, Event

SCHEMA_VERSION = 1
STORE_KIND = "dotterel-store"
DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file

# Most to least assertive: an event's status is that of its most assertive mention.
STATUS_ORDER = (
    "asserted",
    "reported",
    "historical",
    "future",
    "hedged",
    "hypothetical",
    "denied",
    "negated",
)

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS dotterel_meta (key VARCHAR, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS articles (
        doc_id VARCHAR NOT NULL,
        url VARCHAR,
        title VARCHAR,
        source VARCHAR,
        published DATE,
        text VARCHAR,
        content_hash VARCHAR NOT NULL,
        coder_version VARCHAR NOT NULL,
        n_mentions INTEGER NOT NULL,
        coded_at TIMESTAMP
    )""",
    """CREATE TABLE IF NOT EXISTS mentions (
        mention_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        ordinal INTEGER NOT NULL,
        event_id VARCHAR NOT NULL,
        sentence INTEGER,
        quote VARCHAR,
        trigger_text VARCHAR,
        trigger_start INTEGER,
        trigger_end INTEGER,
        plover VARCHAR,
        mode VARCHAR,
        context VARCHAR[],
        cameo VARCHAR,
        quad_class TINYINT,
        intensity DOUBLE,
        actor_code VARCHAR,
        actor_codes VARCHAR[],
        actor_sector VARCHAR,
        actor_name VARCHAR,
        actor_text VARCHAR,
        recipient_code VARCHAR,
        recipient_codes VARCHAR[],
        recipient_sector VARCHAR,
        recipient_name VARCHAR,
        recipient_text VARCHAR,
        date DATE,
        date_precision VARCHAR,
        date_text VARCHAR,
        date_source VARCHAR,
        place_text VARCHAR,
        place_name VARCHAR,
        geonameid BIGINT,
        place_country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        status VARCHAR,
        claimant_text VARCHAR,
        claimant_code VARCHAR,
        confidence DOUBLE,
        rule VARCHAR,
        record VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        event_id VARCHAR NOT NULL,
        type VARCHAR,
        plover VARCHAR,
        mode VARCHAR,
        cameo VARCHAR,
        quad_class TINYINT,
        intensity DOUBLE,
        actor_code VARCHAR,
        actor_codes VARCHAR[],
        actor_sector VARCHAR,
        actor_name VARCHAR,
        recipient_code VARCHAR,
        recipient_codes VARCHAR[],
        recipient_sector VARCHAR,
        recipient_name VARCHAR,
        date DATE,
        date_precision VARCHAR,
        place_name VARCHAR,
        geonameid BIGINT,
        place_country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        status VARCHAR,
        statuses VARCHAR[],
        n_mentions INTEGER,
        n_articles INTEGER,
        n_sources INTEGER,
        first_seen DATE,
        last_seen DATE,
        first_doc_id VARCHAR,
        first_mention_id VARCHAR
    )""",
    # One row per directed (actor code, recipient code) pair of each event: scalar columns
    # make dyad queries fast (no list unnesting at query time; see benchmarks/store_query.py).
    """CREATE TABLE IF NOT EXISTS event_dyads (
        event_id VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        recipient VARCHAR NOT NULL,
        date DATE,
        quad_class TINYINT,
        intensity DOUBLE,
        n_mentions INTEGER
    )""",
]

_DYADS_FROM_EVENTS = """
INSERT INTO event_dyads
SELECT e.event_id, a.actor, r.recipient, e.date, e.quad_class, e.intensity, e.n_mentions
FROM events e, unnest(e.actor_codes) AS a(actor), unnest(e.recipient_codes) AS r(recipient)
WHERE e.event_id IN (SELECT event_id FROM touched_events)
  AND a.actor IS NOT NULL AND r.recipient IS NOT NULL AND a.actor <> r.recipient
"""

_EVENTS_FROM_MENTIONS = """
WITH m AS (
    SELECT m.event_id, m.mention_id, m.doc_id, m.plover, m.mode, m.cameo, m.quad_class,
           m.intensity, m.actor_code, m.actor_codes, m.actor_sector, m.actor_name,
           m.recipient_code, m.recipient_codes, m.recipient_sector, m.recipient_name, m.date,
           m.date_precision, m.place_name, m.geonameid, m.place_country, m.lat, m.lon,
           m.status, a.published, a.source AS art_source,
           row_number() OVER (
               PARTITION BY m.event_id
               ORDER BY a.published NULLS LAST, m.doc_id, m.ordinal) AS rank_in_event,
           list_position(?, m.status) AS status_rank
    FROM mentions m JOIN articles a USING (doc_id)
    WHERE m.event_id IN (SELECT event_id FROM touched_events)
)
SELECT
    event_id,
    any_value(CASE WHEN rank_in_event = 1 THEN coalesce(plover, 'CAMEO' || left(cameo, 2)) END),
    any_value(CASE WHEN rank_in_event = 1 THEN plover END),
    any_value(CASE WHEN rank_in_event = 1 THEN mode END),
    any_value(CASE WHEN rank_in_event = 1 THEN cameo END),
    any_value(CASE WHEN rank_in_event = 1 THEN quad_class END),
    avg(intensity),
    any_value(CASE WHEN rank_in_event = 1 THEN actor_code END),
    any_value(CASE WHEN rank_in_event = 1 THEN actor_codes END),
    arg_min(actor_sector, rank_in_event) FILTER (WHERE actor_sector IS NOT NULL),
    any_value(CASE WHEN rank_in_event = 1 THEN actor_name END),
    any_value(CASE WHEN rank_in_event = 1 THEN recipient_code END),
    any_value(CASE WHEN rank_in_event = 1 THEN recipient_codes END),
    arg_min(recipient_sector, rank_in_event) FILTER (WHERE recipient_sector IS NOT NULL),
    any_value(CASE WHEN rank_in_event = 1 THEN recipient_name END),
    any_value(CASE WHEN rank_in_event = 1 THEN date END),
    any_value(CASE WHEN rank_in_event = 1 THEN date_precision END),
    arg_min(place_name, rank_in_event) FILTER (WHERE place_name IS NOT NULL),
    arg_min(geonameid, rank_in_event) FILTER (WHERE place_name IS NOT NULL),
    arg_min(place_country, rank_in_event) FILTER (WHERE place_name IS NOT NULL),
    arg_min(lat, rank_in_event) FILTER (WHERE place_name IS NOT NULL),
    arg_min(lon, rank_in_event) FILTER (WHERE place_name IS NOT NULL),
    arg_min(status, status_rank),
    list_sort(list(DISTINCT status)),
    count(*)::INTEGER,
    count(DISTINCT doc_id)::INTEGER,
    count(DISTINCT art_source)::INTEGER,
    min(published),
    max(published),
    any_value(CASE WHEN rank_in_event = 1 THEN doc_id END),
    any_value(CASE WHEN rank_in_event = 1 THEN mention_id END)
FROM m
GROUP BY event_id
"""


class StoreError(Exception):
    """A store that cannot be opened or written: the message names the file and the reason."""


class StoreBusy(StoreError):
    """The store is locked by another process (DuckDB: one writer, or several readers)."""


@dataclass
class AddSummary:
    added: int = 0  # new articles
    replaced: int = 0  # articles whose content or coder version changed
    unchanged: int = 0  # articles skipped: same content hash and coder version
    mentions: int = 0  # mentions written
    events_touched: int = 0  # events rows recomputed
    doc_ids: list[str] = field(default_factory=list)  # articles written (added or replaced)

    def __iadd__(self, other: AddSummary) -> AddSummary:
        self.added += other.added
        self.replaced += other.replaced
        self.unchanged += other.unchanged
        self.mentions += other.mentions
        self.events_touched += other.events_touched
        self.doc_ids.extend(other.doc_ids)
        return self


# ---------------------------------------------------------------------------------------------
# Row building (pure Python; no database)


def content_hash(doc: Document) -> str:
    """Hash of everything that can change a document's coding."""
    payload = json.dumps(
        [doc.text, doc.title, doc.url, doc.published, doc.source], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _actor_key(refs) -> list[str]:
    keys = set()
    for r in refs:
        if r.code:
            keys.add(r.code)
        elif r.text and r.text.strip():
            keys.add("?" + " ".join(r.text.lower().split()))
    return sorted(keys)


def _codes(refs) -> list[str]:
    seen: list[str] = []
    for r in refs:
        if r.code and r.code not in seen:
            seen.append(r.code)
    return seen


def event_type(ev: Event) -> str:
    """PLOVER type, or ``CAMEOxx`` (the CAMEO root) where CAMEO 01/02 has no PLOVER type."""
    return ev.plover or f"CAMEO{ev.cameo[:2]}"


def event_key(ev: Event) -> str:
    """Same type, actor set, recipient set and day: the same happening."""
    return "|".join(
        [
            event_type(ev),
            ",".join(_actor_key(ev.actor)),
            ",".join(_actor_key(ev.recipient)),
            _day(ev.date) or "",
        ]
    )


def event_id_for(ev: Event) -> str:
    return hashlib.blake2b(event_key(ev).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _day(value: str | None) -> str | None:
    """An ISO date, month or year as a DATE string (month/year precision -> first day)."""
    if not value:
        return None
    v = value.strip()[:10]
    if len(v) == 4 and v.isdigit():
        v += "-01-01"
    elif len(v) == 7:
        v += "-01"
    if len(v) != 10:
        return None
    try:
        import datetime as _dt

        _dt.date.fromisoformat(v)
    except ValueError:
        return None
    return v


def _first(refs):
    for r in refs:
        if r.code:
            return r
    return refs[0] if refs else None


def _mention_row(doc_id: str, ordinal: int, ev: Event) -> dict[str, Any]:
    actor = _first(ev.actor)
    recipient = _first(ev.recipient)
    loc = ev.location
    record = ev.model_dump(mode="json")
    record["doc_id"] = doc_id
    return {
        "mention_id": f"{doc_id}#{ordinal}",
        "doc_id": doc_id,
        "ordinal": ordinal,
        "event_id": event_id_for(ev),
        "sentence": ev.sentence,
        "quote": ev.quote,
        "trigger_text": ev.trigger.text,
        "trigger_start": ev.trigger.start,
        "trigger_end": ev.trigger.end,
        "plover": ev.plover,
        "mode": ev.mode,
        "context": list(ev.context),
        "cameo": ev.cameo,
        "quad_class": ev.quad_class,
        "intensity": ev.intensity,
        "actor_code": actor.code if actor else None,
        "actor_codes": _codes(ev.actor),
        "actor_sector": actor.sector if actor else None,
        "actor_name": actor.name if actor else None,
        "actor_text": actor.text if actor else None,
        "recipient_code": recipient.code if recipient else None,
        "recipient_codes": _codes(ev.recipient),
        "recipient_sector": recipient.sector if recipient else None,
        "recipient_name": recipient.name if recipient else None,
        "recipient_text": recipient.text if recipient else None,
        "date": _day(ev.date),
        "date_precision": ev.date_precision,
        "date_text": ev.date_text,
        "date_source": ev.date_source,
        "place_text": loc.text if loc else None,
        "place_name": loc.name if loc else None,
        "geonameid": loc.geonameid if loc else None,
        "place_country": loc.country if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "status": ev.status,
        "claimant_text": ev.claimant.text if ev.claimant else None,
        "claimant_code": ev.claimant.code if ev.claimant else None,
        "confidence": ev.confidence,
        "rule": ev.rule,
        "record": json.dumps(record, ensure_ascii=False),
    }


def _source_of(doc: Document) -> str | None:
    if doc.source:
        return doc.source
    if doc.url:
        from urllib.parse import urlsplit

        try:
            host = urlsplit(doc.url).hostname
        except ValueError:
            return None
        if host:
            return host.removeprefix("www.")
    return None


def _arrow_table(rows: list[dict[str, Any]], schema):
    import pyarrow as pa

    columns = {name: [r[name] for r in rows] for name in schema.names}
    return pa.table(columns, schema=schema)


def _mention_schema():
    import pyarrow as pa

    s, i, f = pa.string(), pa.int32(), pa.float64()
    return pa.schema(
        [
            ("mention_id", s), ("doc_id", s), ("ordinal", i), ("event_id", s), ("sentence", i),
            ("quote", s), ("trigger_text", s), ("trigger_start", i), ("trigger_end", i),
            ("plover", s), ("mode", s), ("context", pa.list_(s)), ("cameo", s),
            ("quad_class", pa.int8()), ("intensity", f),
            ("actor_code", s), ("actor_codes", pa.list_(s)), ("actor_sector", s),
            ("actor_name", s), ("actor_text", s),
            ("recipient_code", s), ("recipient_codes", pa.list_(s)), ("recipient_sector", s),
            ("recipient_name", s), ("recipient_text", s),
            ("date", s), ("date_precision", s), ("date_text", s), ("date_source", s),
            ("place_text", s), ("place_name", s), ("geonameid", pa.int64()),
            ("place_country", s), ("lat", f), ("lon", f),
            ("status", s), ("claimant_text", s), ("claimant_code", s), ("confidence", f),
            ("rule", s), ("record", s),
        ]
    )  # fmt: skip


def _article_schema():
    import pyarrow as pa

    s = pa.string()
    return pa.schema(
        [
            ("doc_id", s), ("url", s), ("title", s), ("source", s), ("published", s),
            ("text", s), ("content_hash", s), ("coder_version", s), ("n_mentions", pa.int32()),
        ]
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The store


def check_store_file(path: Path) -> None:
    """Refuse, without touching it, a file that is not a DuckDB database."""
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as e:
        raise StoreError(f"{path}: cannot be read ({e.strerror})") from None
    if len(head) < 12 or head[8:12] != DUCKDB_MAGIC:
        raise StoreError(f"{path}: not a DuckDB database (empty, corrupted or another kind of file)")


class Store:
    """One DuckDB file of articles, mentions and events.

    ``Store(path)`` creates the file when missing (unless ``read_only``).  ``read_only=True``
    never writes and opens a short-lived connection per call, retrying while a writer holds
    the lock (up to ``lock_timeout`` seconds).  ``shared=True`` does the same for a writer, so
    readers in other processes get in between its batches.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        read_only: bool = False,
        shared: bool = False,
        lock_timeout: float = 30.0,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.shared = shared or read_only
        self.lock_timeout = lock_timeout
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.RLock()
        check_store_file(self.path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such store")
        if not read_only and not self.path.parent.exists():
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist")
        with self._connection() as con:
            self._check_or_create_schema(con)

    # -- connections ------------------------------------------------------------------------

    def _open(self) -> duckdb.DuckDBPyConnection:
        import duckdb

        deadline = time.monotonic() + self.lock_timeout
        delay = 0.01
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as e:
                msg = str(e)
                if "lock" in msg.lower():
                    if time.monotonic() >= deadline:
                        raise StoreBusy(
                            f"{self.path}: in use by another process "
                            f"(waited {self.lock_timeout:g} s for its lock)"
                        ) from None
                    time.sleep(delay * (1 + random.random()))
                    delay = min(delay * 2, 0.5)
                    continue
                raise StoreError(f"{self.path}: cannot open the store ({_short(msg)})") from None
            except duckdb.Error as e:
                raise StoreError(f"{self.path}: cannot open the store ({_short(str(e))})") from None

    @contextmanager
    def _connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            if self._con is not None:
                yield self._con
                return
            con = self._open()
            if self.shared:
                try:
                    yield con
                finally:
                    con.close()
            else:
                self._con = con
                yield con

    @contextmanager
    def session(self) -> Iterator[Store]:
        """Hold one connection for several calls (a web request's queries), then release it.

        For ``read_only``/``shared`` stores, which otherwise open a connection per call; keep
        sessions short: while one is open a writer in another process waits.
        """
        with self._lock:
            if self._con is not None:
                yield self
                return
            self._con = self._open()
            try:
                yield self
            finally:
                con, self._con = self._con, None
                con.close()

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _check_or_create_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "dotterel_meta" in tables:
            meta = dict(con.execute("SELECT key, value FROM dotterel_meta").fetchall())
            if meta.get("kind") != STORE_KIND:
                raise StoreError(f"{self.path}: a DuckDB database, but not a Dotterel store")
            version = int(meta.get("schema_version", "0"))
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: store schema {version} is newer than this Dotterel "
                    f"({SCHEMA_VERSION}); upgrade Dotterel"
                )
            if "event_dyads" not in tables:
                self._add_dyads_table(con)
            return
        if tables:
            raise StoreError(
                f"{self.path}: a DuckDB database holding other tables, not a Dotterel store"
            )
        if self.read_only:
            raise StoreError(f"{self.path}: an empty DuckDB database, not a Dotterel store")
        con.execute("BEGIN TRANSACTION")
        for ddl in _SCHEMA:
            con.execute(ddl)
        con.execute(
            "INSERT INTO dotterel_meta VALUES ('kind', ?), ('schema_version', ?)",
            [STORE_KIND, str(SCHEMA_VERSION)],
        )
        con.execute("COMMIT")

    def _add_dyads_table(self, con) -> None:
        """Stores written before ``event_dyads`` existed get it on their first writable open."""
        if self.read_only:
            raise StoreError(
                f"{self.path}: written by an older Dotterel; open it once for writing "
                "(e.g. `dotterel code` on any input) to upgrade it"
            )
        con.execute("BEGIN TRANSACTION")
        con.execute(_SCHEMA[-1])
        con.execute("CREATE OR REPLACE TEMP TABLE touched_events AS SELECT event_id FROM events")
        con.execute(_DYADS_FROM_EVENTS)
        con.execute("COMMIT")

    def optimize(self) -> None:
        """Rewrite ``event_dyads`` sorted by (actor, recipient, date): dyad queries then skip
        most of the table (DuckDB zone maps).  Worth it after large loads; one transaction."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        with self._connection() as con:
            con.execute("BEGIN TRANSACTION")
            con.execute(
                "CREATE OR REPLACE TEMP TABLE sorted_dyads AS "
                "SELECT * FROM event_dyads ORDER BY actor, recipient, date"
            )
            con.execute("DELETE FROM event_dyads")
            con.execute("INSERT INTO event_dyads SELECT * FROM sorted_dyads")
            con.execute("COMMIT")
            con.execute("DROP TABLE IF EXISTS sorted_dyads")
            con.execute("CHECKPOINT")

    # -- writing ----------------------------------------------------------------------------

    def unchanged(self, docs: Sequence[Document], coder_version: str) -> set[str]:
        """Ids of ``docs`` already stored with the same content and coder version."""
        if not docs:
            return set()
        import pyarrow as pa

        probe = pa.table(
            {
                "doc_id": [d.id for d in docs],
                "content_hash": [content_hash(d) for d in docs],
            }
        )
        import duckdb

        with self._connection() as con:
            con.register("probe_docs", probe)
            try:
                rows = con.execute(
                    """SELECT a.doc_id FROM articles a
                       JOIN probe_docs p ON a.doc_id = p.doc_id AND a.content_hash = p.content_hash
                       WHERE a.coder_version = ?""",
                    [coder_version],
                ).fetchall()
            except duckdb.Error as e:
                raise StoreError(f"{self.path}: reading failed ({_short(str(e))})") from e
            finally:
                con.unregister("probe_docs")
        return {r[0] for r in rows}

    def add(
        self,
        documents_with_events: Iterable[tuple[Document, list[Event]]],
        coder_version: str | None = None,
    ) -> AddSummary:
        """Store documents and their events in ONE transaction.

        Unchanged articles (same content hash and coder version) are skipped; changed ones
        have their old mentions replaced; the events they touch are recomputed.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        if coder_version is None:
            from dotterel import CODER_VERSION

            coder_version = CODER_VERSION
        latest: dict[str, tuple[Document, list[Event]]] = {}
        for doc, events in documents_with_events:
            latest.pop(doc.id, None)  # a later copy of the same id wins
            latest[doc.id] = (doc, events)
        summary = AddSummary()
        if not latest:
            return summary
        article_rows, mention_rows = [], []
        for doc, events in latest.values():
            article_rows.append(
                {
                    "doc_id": doc.id,
                    "url": doc.url,
                    "title": doc.title,
                    "source": _source_of(doc),
                    "published": _day(doc.published),
                    "text": doc.text,
                    "content_hash": content_hash(doc),
                    "coder_version": coder_version,
                    "n_mentions": len(events),
                }
            )
            for i, ev in enumerate(events):
                mention_rows.append(_mention_row(doc.id, i, ev))
        new_articles = _arrow_table(article_rows, _article_schema())
        new_mentions = _arrow_table(mention_rows, _mention_schema())
        with self._connection() as con:
            con.register("new_articles", new_articles)
            con.register("new_mentions", new_mentions)
            try:
                self._add_in_transaction(con, coder_version, summary)
            except BaseException as e:
                try:
                    con.execute("ROLLBACK")
                except Exception:  # noqa: BLE001 - the original error matters more
                    pass
                import duckdb

                if isinstance(e, duckdb.Error):
                    raise StoreError(f"{self.path}: writing failed ({_short(str(e))})") from e
                raise
            finally:
                con.unregister("new_articles")
                con.unregister("new_mentions")
        return summary

    def _add_in_transaction(self, con, coder_version: str, summary: AddSummary) -> None:
        con.execute("BEGIN TRANSACTION")
        con.execute(
            """CREATE OR REPLACE TEMP TABLE incoming AS
               SELECT n.doc_id,
                      a.doc_id IS NOT NULL AS existed,
                      coalesce(a.content_hash = n.content_hash AND a.coder_version = ?, false)
                          AS same
               FROM new_articles n LEFT JOIN articles a USING (doc_id)""",
            [coder_version],
        )
        counts = con.execute(
            """SELECT count(*) FILTER (WHERE NOT existed),
                      count(*) FILTER (WHERE existed AND NOT same),
                      count(*) FILTER (WHERE same)
               FROM incoming"""
        ).fetchone()
        summary.added, summary.replaced, summary.unchanged = (int(c) for c in counts)
        if summary.added + summary.replaced == 0:
            con.execute("COMMIT")
            return
        con.execute(
            """CREATE OR REPLACE TEMP TABLE touched_events AS
               SELECT DISTINCT event_id FROM mentions
               WHERE doc_id IN (SELECT doc_id FROM incoming WHERE existed AND NOT same)
               UNION
               SELECT DISTINCT event_id FROM new_mentions
               WHERE doc_id IN (SELECT doc_id FROM incoming WHERE NOT same)"""
        )
        con.execute(
            """DELETE FROM mentions
               WHERE doc_id IN (SELECT doc_id FROM incoming WHERE existed AND NOT same)"""
        )
        con.execute(
            """DELETE FROM articles
               WHERE doc_id IN (SELECT doc_id FROM incoming WHERE existed AND NOT same)"""
        )
        con.execute(
            """INSERT INTO articles
               SELECT doc_id, url, title, source, CAST(published AS DATE), text, content_hash,
                      coder_version, n_mentions, now()::TIMESTAMP
               FROM new_articles
               WHERE doc_id IN (SELECT doc_id FROM incoming WHERE NOT same)"""
        )
        con.execute(
            """INSERT INTO mentions
               SELECT * REPLACE (CAST(date AS DATE) AS date) FROM new_mentions
               WHERE doc_id IN (SELECT doc_id FROM incoming WHERE NOT same)"""
        )
        summary.mentions = int(
            con.execute(
                """SELECT count(*) FROM new_mentions
                   WHERE doc_id IN (SELECT doc_id FROM incoming WHERE NOT same)"""
            ).fetchone()[0]
        )
        summary.doc_ids = [
            r[0] for r in con.execute("SELECT doc_id FROM incoming WHERE NOT same").fetchall()
        ]
        _recompute_events(con)
        summary.events_touched = int(
            con.execute("SELECT count(*) FROM touched_events").fetchone()[0]
        )
        con.execute("COMMIT")
        con.execute("DROP TABLE IF EXISTS touched_events")
        con.execute("DROP TABLE IF EXISTS incoming")

    def delete_articles(self, doc_ids: Sequence[str]) -> int:
        """Remove articles and their mentions; recompute the events they fed."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        import pyarrow as pa

        gone = pa.table({"doc_id": pa.array(list(doc_ids), pa.string())})
        with self._connection() as con:
            con.register("gone_docs", gone)
            try:
                con.execute("BEGIN TRANSACTION")
                con.execute(
                    """CREATE OR REPLACE TEMP TABLE touched_events AS SELECT DISTINCT event_id
                       FROM mentions WHERE doc_id IN (SELECT doc_id FROM gone_docs)"""
                )
                n = con.execute(
                    "SELECT count(*) FROM articles WHERE doc_id IN (SELECT doc_id FROM gone_docs)"
                ).fetchone()[0]
                con.execute("DELETE FROM mentions WHERE doc_id IN (SELECT doc_id FROM gone_docs)")
                con.execute("DELETE FROM articles WHERE doc_id IN (SELECT doc_id FROM gone_docs)")
                _recompute_events(con)
                con.execute("COMMIT")
            except BaseException:
                try:
                    con.execute("ROLLBACK")
                except Exception:  # noqa: BLE001
                    pass
                raise
            finally:
                con.unregister("gone_docs")
        return int(n)

    # -- reading ----------------------------------------------------------------------------

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run a (parameterised) SQL query of your own; returns a DataFrame."""
        with self._connection() as con:
            return con.execute(query, list(params or [])).df()

    def _filters(
        self,
        actor=None,
        recipient=None,
        type=None,  # noqa: A002 - the agreed API name
        status=None,
        since=None,
        until=None,
        place=None,
        doc_id=None,
        table="events",
    ) -> tuple[str, list[Any]]:
        where, params = [], []
        if actor:
            where.append("(list_contains(actor_codes, ?) OR actor_code = ?)")
            params += [actor, actor]
        if recipient:
            where.append("(list_contains(recipient_codes, ?) OR recipient_code = ?)")
            params += [recipient, recipient]
        if type:
            t = str(type).strip()
            if t.isdigit():
                where.append("starts_with(cameo, ?)")
                params.append(t)
            else:
                where.append("upper(coalesce(plover, 'CAMEO' || left(cameo, 2))) = upper(?)")
                params.append(t)
        if status:
            where.append("status = ?")
            params.append(status)
        if since:
            where.append("date >= CAST(? AS DATE)")
            params.append(_require_date(since, "since"))
        if until:
            where.append("date <= CAST(? AS DATE)")
            params.append(_require_date(until, "until"))
        if place:
            p = str(place).strip()
            if p.isdigit():
                where.append("geonameid = ?")
                params.append(int(p))
            else:
                where.append("(place_country = upper(?) OR lower(place_name) = lower(?))")
                params += [p, p]
        if doc_id and table == "mentions":
            where.append("doc_id = ?")
            params.append(doc_id)
        return (" WHERE " + " AND ".join(where)) if where else "", params

    def events(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        type: str | None = None,  # noqa: A002
        status: str | None = None,
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Deduplicated events, oldest first.  ``type`` is a PLOVER type (``ASSAULT``), a
        ``CAMEOxx`` root or a CAMEO code prefix (``19``); ``place`` an ISO-3 country, a place
        name or a GeoNames id; ``actor``/``recipient`` a code in the event's actor/recipient set.
        """
        where, params = self._filters(actor, recipient, type, status, since, until, place)
        q = f"SELECT * FROM events{where} ORDER BY date NULLS LAST, event_id" + _page(
            limit, offset, params
        )
        return self.sql(q, params)

    def mentions(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        type: str | None = None,  # noqa: A002
        status: str | None = None,
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
        doc_id: str | None = None,
        event_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Mentions (one per coded sentence-event), with the same filters as ``events``."""
        where, params = self._filters(
            actor, recipient, type, status, since, until, place, doc_id, table="mentions"
        )
        if event_id:
            where = (where + " AND " if where else " WHERE ") + "event_id = ?"
            params.append(event_id)
        q = (
            f"SELECT * FROM mentions{where} ORDER BY date NULLS LAST, doc_id, ordinal"
            + _page(limit, offset, params)
        )
        return self.sql(q, params)

    def article(self, doc_id: str) -> dict[str, Any] | None:
        """One article with its text and metadata, or None."""
        df = self.sql("SELECT * FROM articles WHERE doc_id = ?", [doc_id])
        if df.empty:
            return None
        row = df.iloc[0].to_dict()
        pub = row.get("published")
        row["published"] = None if _isnull(pub) else str(pub)[:10]
        row["coded_at"] = None if _isnull(row.get("coded_at")) else str(row["coded_at"])
        return row

    def articles(self, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """Articles without their text, newest first."""
        params: list[Any] = []
        q = (
            "SELECT * EXCLUDE (text) FROM articles ORDER BY published DESC NULLS LAST, doc_id"
            + _page(limit, offset, params)
        )
        return self.sql(q, params)

    def dyads(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        type: str | None = None,  # noqa: A002
        status: str | None = None,
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """One row per directed (actor code, recipient code) pair over the matching events:
        event and mention counts, counts per quad class, mean intensity, first and last day.
        An event with several actors or recipients counts once for each pair."""
        where, params = _dyad_filters(actor, recipient, since, until)
        if type or status or place:
            ev_where, ev_params = self._filters(type=type, status=status, place=place)
            where = (where + " AND " if where else " WHERE ") + (
                f"event_id IN (SELECT event_id FROM events{ev_where})"
            )
            params += ev_params
        q = f"""
            SELECT actor, recipient, count(*) AS n_events, sum(n_mentions) AS n_mentions,
                   count(*) FILTER (WHERE quad_class = 0) AS n_statement,
                   count(*) FILTER (WHERE quad_class = 1) AS n_verbal_coop,
                   count(*) FILTER (WHERE quad_class = 2) AS n_material_coop,
                   count(*) FILTER (WHERE quad_class = 3) AS n_verbal_conflict,
                   count(*) FILTER (WHERE quad_class = 4) AS n_material_conflict,
                   avg(intensity) AS mean_intensity,
                   min(date) AS first_date, max(date) AS last_date
            FROM event_dyads{where}
            GROUP BY actor, recipient
            ORDER BY n_events DESC, actor, recipient"""
        q += _page(limit, 0, params)
        return self.sql(q, params)

    def dyad_series(
        self,
        actor: str,
        recipient: str,
        period: str = "month",
        since: str | None = None,
        until: str | None = None,
        both_directions: bool = False,
    ) -> pd.DataFrame:
        """Time series for one dyad: per period, event and mention counts, counts of cooperation
        and conflict, mean intensity.  ``period``: day, week, month, quarter or year."""
        if period not in {"day", "week", "month", "quarter", "year"}:
            raise ValueError(f"period must be day, week, month, quarter or year, not {period!r}")
        params: list[Any] = [period]
        if both_directions:
            where = "((actor = ? AND recipient = ?) OR (actor = ? AND recipient = ?))"
            params += [actor, recipient, recipient, actor]
        else:
            where = "actor = ? AND recipient = ?"
            params += [actor, recipient]
        if since:
            where += " AND date >= CAST(? AS DATE)"
            params.append(_require_date(since, "since"))
        if until:
            where += " AND date <= CAST(? AS DATE)"
            params.append(_require_date(until, "until"))
        if both_directions:  # an event counts once even when it links the pair both ways
            source = f"""(SELECT any_value(date) AS date, any_value(n_mentions) AS n_mentions,
                           any_value(quad_class) AS quad_class, any_value(intensity) AS intensity
                    FROM event_dyads WHERE date IS NOT NULL AND {where}
                    GROUP BY event_id)"""
        else:  # actor and recipient code lists hold each code once: one row per event
            source = f"(SELECT * FROM event_dyads WHERE date IS NOT NULL AND {where})"
        q = f"""WITH d AS {source}
                SELECT date_trunc(?, date)::DATE AS period, count(*) AS n_events,
                       sum(n_mentions) AS n_mentions,
                       count(*) FILTER (WHERE quad_class IN (1, 2)) AS n_cooperation,
                       count(*) FILTER (WHERE quad_class IN (3, 4)) AS n_conflict,
                       avg(intensity) AS mean_intensity
                FROM d GROUP BY 1 ORDER BY 1"""
        # date_trunc's ? comes after the WHERE parameters in the text
        params = params[1:] + [params[0]]
        return self.sql(q, params)

    def iter_batches(
        self, query: str, params: Sequence[Any] | None = None, rows: int = 20_000
    ) -> Iterator[Any]:
        """Stream a parameterised query as ``pyarrow.RecordBatch``es (bounded memory)."""
        with self._connection() as con:
            rel = con.sql(query, params=list(params or []))
            # DuckDB 2.0 names it to_arrow_reader; older versions fetch_record_batch.
            fetch = getattr(rel, "to_arrow_reader", None) or rel.fetch_record_batch
            yield from fetch(rows)

    def stats(self) -> dict[str, int]:
        """Row counts of the three tables."""
        with self._connection() as con:
            return {
                t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # fixed names
                for t in ("articles", "mentions", "events")
            }


def _recompute_events(con) -> None:
    """Rebuild the events (and their dyads) listed in the temp table ``touched_events``."""
    con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM touched_events)")
    con.execute("DELETE FROM event_dyads WHERE event_id IN (SELECT event_id FROM touched_events)")
    con.execute("INSERT INTO events " + _EVENTS_FROM_MENTIONS, [list(STATUS_ORDER)])
    con.execute(_DYADS_FROM_EVENTS)


def _dyad_filters(actor, recipient, since, until) -> tuple[str, list[Any]]:
    where, params = [], []
    if actor:
        where.append("actor = ?")
        params.append(actor)
    if recipient:
        where.append("recipient = ?")
        params.append(recipient)
    if since:
        where.append("date >= CAST(? AS DATE)")
        params.append(_require_date(since, "since"))
    if until:
        where.append("date <= CAST(? AS DATE)")
        params.append(_require_date(until, "until"))
    return (" WHERE " + " AND ".join(where)) if where else "", params


def _page(limit: int | None, offset: int, params: list[Any]) -> str:
    out = ""
    if limit is not None:
        out += " LIMIT ?"
        params.append(int(limit))
    if offset:
        out += " OFFSET ?"
        params.append(int(offset))
    return out


def _require_date(value: str, name: str) -> str:
    d = _day(str(value))
    if d is None:
        raise ValueError(f"{name}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return d


def _isnull(v: Any) -> bool:
    try:
        import pandas as pd

        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _short(msg: str) -> str:
    return msg.splitlines()[0] if msg else msg
