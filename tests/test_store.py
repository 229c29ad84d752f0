"""The DuckDB store with hand-built events: dedup, replacement, aggregation, filters, errors,
the read-only contract."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from dotterel.models import ActorRef, Document, Event, Location, Span
from dotterel.store import AddSummary, Store, StoreBusy, StoreError, content_hash, event_id_for


def actor(code: str | None, text: str | None = None, sector: str | None = None) -> ActorRef:
    text = text or code or "someone"
    return ActorRef(text=text, start=0, end=len(text), code=code, sector=sector, name=code)


def event(
    plover: str | None = "ASSAULT",
    cameo: str = "190",
    quad: int = 4,
    actors=("ISR",),
    recipients=("IRN",),
    date: str | None = "2025-06-13",
    status: str = "asserted",
    sentence: int = 0,
    place: tuple | None = None,
    intensity: float | None = -9.0,
    claimant: str | None = None,
) -> Event:
    loc = None
    if place is not None:
        name, gid, country, lat, lon = place
        loc = Location(text=name, start=0, end=len(name), name=name, geonameid=gid,
                       country=country, lat=lat, lon=lon)
    return Event(
        sentence=sentence,
        quote=f"sentence {sentence}",
        trigger=Span(text="hit", start=0, end=3),
        plover=plover,
        mode=None,
        cameo=cameo,
        quad_class=quad,
        intensity=intensity,
        actor=[actor(a) for a in actors],
        recipient=[actor(r) for r in recipients],
        date=date,
        date_precision="day" if date else "none",
        date_source="text" if date else "none",
        location=loc,
        status=status,
        claimant=actor(claimant) if claimant else None,
        confidence=0.8,
        rule="test.rule",
    )


def doc(doc_id: str, text: str = "text", published: str | None = "2025-06-16",
        source: str | None = "Wire") -> Document:
    return Document(id=doc_id, text=f"{doc_id}: {text}", published=published, source=source)


KABUL = ("Kabul", 1138958, "AFG", 34.53, 69.17)
TEHRAN = ("Tehran", 112931, "IRN", 35.69, 51.42)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "events.duckdb"


@pytest.fixture
def filled(db: Path) -> Path:
    with Store(db) as s:
        s.add(
            [
                (doc("a", published="2025-06-14", source="Wire"), [
                    event(sentence=0, place=TEHRAN),
                    event(sentence=3, status="reported", claimant="IRN"),
                    event(plover="CONSULT", cameo="040", quad=1, actors=("PAK",),
                          recipients=("IRN",), date="2025-06-20", intensity=1.0, sentence=5),
                ]),
                (doc("b", published="2025-06-15", source="Post"), [
                    event(status="hedged", sentence=1),
                    event(plover=None, cameo="010", quad=0, actors=("IRN",), recipients=(),
                          date="2025-06-15", intensity=0.0, sentence=2),
                ]),
                (doc("c", published="2025-07-01", source="Post"), [
                    event(plover="AID", cameo="070", quad=2, actors=("CHN",), recipients=("PAK",),
                          date="2025-07-01", intensity=7.0, place=KABUL, status="denied"),
                ]),
            ],
            coder_version="t1",
        )
    return db


def test_add_creates_the_file_and_aggregates_mentions_into_events(filled: Path):
    with Store(filled, read_only=True) as s:
        assert s.stats() == {"articles": 3, "mentions": 6, "events": 4}
        ev = s.events(type="ASSAULT")
        assert len(ev) == 1
        row = ev.iloc[0]
        assert row.n_mentions == 3 and row.n_articles == 2 and row.n_sources == 2
        assert row.status == "asserted"  # the most assertive of asserted/reported/hedged
        assert sorted(row.statuses) == ["asserted", "hedged", "reported"]
        assert str(row.first_seen)[:10] == "2025-06-14" and str(row.last_seen)[:10] == "2025-06-15"
        assert row.first_doc_id == "a" and row.first_mention_id == "a#0"
        assert row.place_name == "Tehran" and row.place_country == "IRN"
        assert list(row.actor_codes) == ["ISR"] and list(row.recipient_codes) == ["IRN"]
        assert row.event_id == event_id_for(event())
        # a CAMEO 01 statement has no PLOVER type: its type is the CAMEO root
        assert s.events(type="CAMEO01").iloc[0].actor_code == "IRN"


def test_readding_unchanged_adds_nothing_and_changes_replace(filled: Path):
    with Store(filled) as s:
        before = s.sql("SELECT * EXCLUDE (coded_at) FROM articles ORDER BY doc_id")
        again = s.add([(doc("a", published="2025-06-14", source="Wire"), [event()])], "t1")
        assert (again.added, again.replaced, again.unchanged) == (0, 0, 1)
        assert s.stats() == {"articles": 3, "mentions": 6, "events": 4}
        assert s.sql("SELECT * EXCLUDE (coded_at) FROM articles ORDER BY doc_id").equals(before)

        changed = s.add([(doc("b", text="corrected", published="2025-06-15", source="Post"),
                          [event(plover="THREATEN", cameo="138", quad=3)])], "t1")
        assert (changed.added, changed.replaced) == (0, 1)
        assert s.stats()["mentions"] == 5
        assault = s.events(type="ASSAULT").iloc[0]
        assert assault.n_mentions == 2 and assault.n_articles == 1
        assert sorted(assault.statuses) == ["asserted", "reported"]
        assert s.events(type="CAMEO01").empty  # b's statement went with its old coding
        assert len(s.events(type="THREATEN")) == 1

        recoded = s.add([(doc("c", published="2025-07-01", source="Post"), [])], "t2")
        assert recoded.replaced == 1 and s.events(type="AID").empty
        assert s.article("c")["coder_version"] == "t2"


def test_later_copy_of_a_document_in_one_batch_wins(db: Path):
    with Store(db) as s:
        summary = s.add([(doc("x", "one"), [event()]), (doc("x", "two"), [event(), event(sentence=1)])])
        assert summary.added == 1
        assert s.article("x")["text"] == "x: two"
        assert s.stats()["mentions"] == 2


def test_filters_are_combined(filled: Path):
    with Store(filled, read_only=True) as s:
        assert set(s.events(actor="PAK").type) == {"CONSULT"}
        assert set(s.events(recipient="PAK").type) == {"AID"}
        assert set(s.events(type="07").type) == {"AID"}  # CAMEO prefix
        assert set(s.events(type="assault").type) == {"ASSAULT"}
        assert set(s.events(status="denied").type) == {"AID"}
        assert set(s.events(since="2025-06-16").type) == {"CONSULT", "AID"}
        assert set(s.events(until="2025-06-14").type) == {"ASSAULT"}
        assert set(s.events(since="2025-06", until="2025-06-30").type) == {"ASSAULT", "CONSULT", "CAMEO01"}
        assert set(s.events(place="AFG").type) == {"AID"}
        assert set(s.events(place="tehran").type) == {"ASSAULT"}
        assert set(s.events(place="1138958").type) == {"AID"}
        assert set(s.events(actor="ISR", recipient="IRN", since="2025-06-01").type) == {"ASSAULT"}
        assert len(s.events(limit=2)) == 2
        assert list(s.events(limit=2, offset=2).event_id) == list(s.events().event_id[2:4])
        assert len(s.mentions(doc_id="a")) == 3
        assert len(s.mentions(event_id=event_id_for(event()))) == 3
        with pytest.raises(ValueError, match="not a date"):
            s.events(since="last week")


def test_user_strings_never_become_sql(filled: Path):
    with Store(filled, read_only=True) as s:
        for evil in ["ISR' OR '1'='1", "x); DROP TABLE events; --", "%", "ISR\x00"]:
            assert s.events(actor=evil).empty
            assert s.events(place=evil).empty
            assert s.events(type=evil).empty
        assert s.stats()["events"] == 4


def test_dyads_and_series(filled: Path):
    with Store(filled, read_only=True) as s:
        d = s.dyads()
        pairs = {(r.actor, r.recipient): r for r in d.itertuples()}
        assert set(pairs) == {("ISR", "IRN"), ("PAK", "IRN"), ("CHN", "PAK")}  # no recipient: no dyad
        assert pairs[("ISR", "IRN")].n_events == 1 and pairs[("ISR", "IRN")].n_mentions == 3
        assert pairs[("CHN", "PAK")].n_material_coop == 1
        assert s.dyads(actor="PAK").actor.tolist() == ["PAK"]
        series = s.dyad_series("ISR", "IRN")
        assert series.n_events.tolist() == [1] and str(series.period[0])[:10] == "2025-06-01"
        both = s.dyad_series("IRN", "ISR", both_directions=True, period="year")
        assert both.n_events.tolist() == [1]
        assert s.dyad_series("IRN", "ISR").empty
        with pytest.raises(ValueError, match="period"):
            s.dyad_series("ISR", "IRN", period="decade")


def test_article_lookup(filled: Path):
    with Store(filled, read_only=True) as s:
        a = s.article("a")
        assert a["published"] == "2025-06-14" and a["source"] == "Wire" and a["n_mentions"] == 3
        assert a["content_hash"] == content_hash(doc("a", published="2025-06-14", source="Wire"))
        assert a["content_hash"] != content_hash(doc("a", published="2025-06-15", source="Wire"))
        assert s.article("nope") is None
        assert set(s.articles().doc_id) == {"a", "b", "c"}


def test_uncoded_actors_are_keyed_by_their_words_and_month_dates_work(db: Path):
    with Store(db) as s:
        s.add([(doc("m"), [
            event(actors=(None,), recipients=("IRN",)),
            event(actors=(None,), recipients=("IRN",), sentence=2),
        ])])
        s.add([(doc("n"), [event(date="2025-06", actors=("ISR",), recipients=("IRN",))])])
        # the same uncoded phrase "someone" on the same day is one event
        assert s.stats()["events"] == 2
        month = s.events(since="2025-06-01", until="2025-06-01")
        assert len(month) == 1 and month.iloc[0].actor_code == "ISR"


def test_delete_articles_recomputes_events(filled: Path):
    with Store(filled) as s:
        assert s.delete_articles(["a"]) == 1
        assault = s.events(type="ASSAULT").iloc[0]
        assert assault.n_mentions == 1 and assault.first_doc_id == "b"
        assert s.events(type="CONSULT").empty


def test_read_only_store_refuses_writes_and_missing_files(filled: Path, tmp_path: Path):
    with Store(filled, read_only=True) as s:
        with pytest.raises(StoreError, match="read-only"):
            s.add([(doc("z"), [])])
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "dir.duckdb")


@pytest.mark.parametrize(
    "content",
    [b"", b"just some text, not a database\n" * 20, b"PK\x03\x04" + bytes(600)],
    ids=["empty", "text", "zip"],
)
def test_foreign_files_are_refused_and_left_byte_identical(tmp_path: Path, content: bytes):
    p = tmp_path / "foreign.duckdb"
    p.write_bytes(content)
    with pytest.raises(StoreError, match="not a DuckDB database"):
        Store(p)
    assert p.read_bytes() == content
    assert sorted(x.name for x in tmp_path.iterdir()) == ["foreign.duckdb"]


def test_corrupted_duckdb_file_is_refused_unchanged(filled: Path):
    data = bytearray(filled.read_bytes())
    for i in range(4096, min(len(data), 4096 * 8)):
        data[i] ^= 0x5A  # scramble the database headers and first blocks, keep the magic
    filled.write_bytes(bytes(data))
    before = filled.read_bytes()
    with pytest.raises(StoreError):
        s = Store(filled)
        s.stats()  # some damage only shows on the first read
        s.events()
    assert filled.read_bytes() == before


def test_other_duckdb_databases_are_not_taken_over(tmp_path: Path):
    p = tmp_path / "other.duckdb"
    con = duckdb.connect(str(p))
    con.execute("CREATE TABLE sales (id INTEGER)")
    con.close()
    before = p.read_bytes()
    with pytest.raises(StoreError, match="not a Dotterel store"):
        Store(p)
    assert p.read_bytes() == before
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(StoreError, match="not a Dotterel store"):
        Store(empty, read_only=True)
    Store(empty).close()  # an empty DuckDB file may become a store


def test_shared_writer_lets_readers_in_between_batches(db: Path):
    writer = Store(db, shared=True)
    writer.add([(doc("a"), [event()])])
    out = _in_subprocess(f"""
        from dotterel.store import Store
        s = Store({str(db)!r}, read_only=True, lock_timeout=10)
        print(s.stats()["events"])
    """)
    assert out.strip() == "1"
    writer.add([(doc("b"), [event(plover="AID", cameo="070", quad=2)])])
    out = _in_subprocess(f"""
        from dotterel.store import Store
        print(Store({str(db)!r}, read_only=True).stats()["events"])
    """)
    assert out.strip() == "2"
    writer.close()


def test_reader_gives_up_with_store_busy_while_a_writer_holds_the_file(db: Path):
    Store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from dotterel.store import Store
            s = Store({str(db)!r})
            s.stats()
            print("ready", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreBusy, match="in use by another process"):
            Store(db, read_only=True, lock_timeout=0.3)
    finally:
        holder.communicate("\n", timeout=30)
    assert Store(db, read_only=True).stats()["articles"] == 0


def test_add_summary_accumulates():
    total = AddSummary()
    total += AddSummary(added=2, mentions=3, doc_ids=["a", "b"])
    total += AddSummary(replaced=1, unchanged=4, doc_ids=["c"])
    assert (total.added, total.replaced, total.unchanged, total.mentions) == (2, 1, 4, 3)
    assert total.doc_ids == ["a", "b", "c"]


def _in_subprocess(code: str) -> str:
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_optimize_keeps_every_dyad_and_old_stores_get_the_dyads_table(filled: Path):
    with Store(filled) as s:
        before = s.dyads()
        series = s.dyad_series("ISR", "IRN")
        s.optimize()
        assert s.dyads().equals(before) and s.dyad_series("ISR", "IRN").equals(series)
    con = duckdb.connect(str(filled))
    con.execute("DROP TABLE event_dyads")  # as written before the table existed
    con.close()
    with pytest.raises(StoreError, match="older Dotterel"):
        Store(filled, read_only=True)
    with Store(filled) as s:
        assert s.dyads().equals(before)


def test_a_session_holds_one_connection_then_releases_the_file(filled: Path):
    reader = Store(filled, read_only=True)
    with reader.session() as s:
        assert s.stats()["events"] == 4 and len(s.events(actor="ISR")) == 1
        assert reader._con is not None
    assert reader._con is None
    with Store(filled) as writer:  # the file is free again for a writer
        assert writer.stats()["articles"] == 3
