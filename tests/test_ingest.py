"""ingest: every input format from our own fixtures, encodings, size limits, rejections."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from dotterel.ingest import (
    Rejection,
    Unreadable,
    decode_bytes,
    estimate_documents,
    html_fragment_text,
    iso_date,
    read_file,
    read_inputs,
)
from dotterel.models import Document

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def split(items):
    docs = [i for i in items if isinstance(i, Document)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert len(docs) + len(rejected) == len(items)
    return docs, rejected


def test_plain_text_keeps_its_text_exactly():
    docs, rejected = split(list(read_inputs([str(FIXTURES / "plain.txt")], date="2025-01-02")))
    assert not rejected
    (d,) = docs
    assert d.id == "plain" and d.published == "2025-01-02"
    assert d.text == (FIXTURES / "plain.txt").read_text(encoding="utf-8")


def test_html_main_text_title_date_and_url_by_trafilatura():
    (d,) = list(read_inputs([str(FIXTURES / "article.html")], date="2000-01-01"))
    assert isinstance(d, Document)
    assert d.title == "Border crossing reopens after week of talks"
    assert d.published == "2025-03-14"  # the page's own date wins over --date
    assert d.url == "https://lantern.example.org/world/border-crossing-reopens"
    assert d.source == "The Daily Lantern"
    assert "Kessel Pass" in d.text and "harvest season" in d.text
    assert "Home" not in d.text and "All rights reserved" not in d.text  # boilerplate gone
    assert "\n\n" in d.text  # paragraphs stay apart for the parser


def test_jsonl_documents_and_line_rejections():
    docs, rejected = split(list(read_inputs([str(FIXTURES / "docs.jsonl")], date="2024-12-31")))
    assert [d.id for d in docs[:2]] == ["j1", "j2"]
    assert docs[0].published == "2025-02-02" and docs[0].title == "Withdrawal"
    assert docs[0].source == "Lantern"
    assert docs[1].published == "2025-02-03"  # ISO datetime -> day
    assert docs[2].published == "2024-12-31" and len(docs[2].id) == 16  # id from the text
    reasons = {r.input.rsplit(":", 1)[1]: r.reason for r in rejected}
    assert reasons["line 3"].startswith("malformed JSON")
    assert reasons["line 4"] == "empty text"
    assert "string \"text\"" in reasons["line 5"]
    assert reasons["line 6"].startswith("unreadable date") and "ISO" in reasons["line 6"]
    assert "line 7" not in reasons  # blank lines are skipped, not rejected


def test_rss_and_atom_entries_become_documents():
    docs, rejected = split(list(read_inputs([str(FIXTURES / "feed.rss")])))
    assert [d.id for d in docs] == ["lantern-recall-001", "lantern-talks-002"]
    first = docs[0]
    assert first.title == "Norland recalls ambassador" and first.published == "2025-03-10"
    assert first.source == "Lantern World Feed" and first.url.endswith("/recall")
    assert first.text == (
        "Norland recalled its ambassador from Sudria on Monday after a dispute over fishing"
        " rights.\n\nThe foreign ministry called the move temporary."
    )
    assert [r.input for r in rejected] == [f"{FIXTURES / 'feed.rss'}:entry 3"]
    (atom,) = list(read_inputs([str(FIXTURES / "feed.atom")]))
    assert atom.published == "2025-04-01" and atom.source == "Harbour Gazette"
    assert atom.text.startswith("The port authorities of Velmora and Orrin agreed")


def test_a_feed_entry_with_an_unreadable_date_warns_of_nothing(tmp_path):
    import warnings

    # feedparser maps a missing updated date to the published one with a DeprecationWarning
    feed = tmp_path / "undated.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><guid>e1</guid><title>Talks</title><pubDate>not a date</pubDate>"
        "<description>Velmora and Orrin held talks.</description></item></channel></rss>",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (doc,) = list(read_inputs([str(feed)], date="2025-04-02"))
    assert doc.published == "2025-04-02"  # the date given for inputs without one


def test_warc_html_responses_become_documents():
    docs, rejected = split(list(read_inputs([str(FIXTURES / "crawl.warc")])))
    assert [d.url for d in docs] == [
        "https://courier.example.com/2025/05/06/dam",
        "https://courier.example.com/2025/05/07/strike",
    ]
    assert docs[0].id == docs[0].url and docs[0].published == "2025-05-06"
    assert docs[0].title == "Norland and Sudria sign river dam accord"
    assert "joint monitoring office" in docs[0].text
    assert len(rejected) == 1 and "HTTP status 404" in rejected[0].reason  # the PNG is no article


def test_warc_cut_inside_a_records_headers_is_rejected_not_a_crash(tmp_path: Path):
    # the fuzz test's find: warcio raised AttributeError on such a cut
    whole = (FIXTURES / "crawl.warc").read_bytes()
    second = whole.index(b"WARC/1.0", 10)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: second + len(b"WARC/1.0\r\nWARC-Type: response")])
    items = list(read_inputs([str(cut)]))
    assert items and all(isinstance(i, Rejection) for i in items)
    assert any("corrupt WARC" in i.reason or "not a readable WARC" in i.reason for i in items)


def test_gzipped_warc(tmp_path: Path):
    import gzip

    from warcio.archiveiterator import ArchiveIterator
    from warcio.warcwriter import WARCWriter

    gz = tmp_path / "crawl.warc.gz"
    with (FIXTURES / "crawl.warc").open("rb") as src, gz.open("wb") as out:
        writer = WARCWriter(out, gzip=True)  # one gzip member per record, as crawlers write
        for record in ArchiveIterator(src):
            writer.write_record(record)
    docs, _ = split(list(read_inputs([str(gz)])))
    assert len(docs) == 2
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress((FIXTURES / "crawl.warc").read_bytes()))
    items = list(read_inputs([str(whole)]))
    assert isinstance(items[-1], Rejection) and "not a readable WARC" in items[-1].reason


@pytest.mark.parametrize(
    "name, expected",
    [
        ("cp1252.txt", "The mayor’s office"),
        ("latin1.txt", "discuter de la frontière"),
        ("utf16.txt", "treaty — a first"),
    ],
)
def test_encodings_are_detected(name: str, expected: str):
    (d,) = list(read_inputs([str(FIXTURES / name)]))
    assert isinstance(d, Document) and expected in d.text
    assert "\ufeff" not in d.text


def test_utf8_bom_is_dropped_and_utf16_jsonl_is_read(tmp_path: Path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffNorland spoke.".encode())
    (d,) = list(read_inputs([str(p)]))
    assert d.text == "Norland spoke."
    j = tmp_path / "wide.jsonl"
    j.write_bytes(('{"id": "w1", "text": "Sudria — spoke."}\n{"id": "w2", "text": "Again."}\n').encode("utf-16"))
    docs, rejected = split(list(read_inputs([str(j)])))
    assert [d.id for d in docs] == ["w1", "w2"] and docs[0].text == "Sudria — spoke." and not rejected


@pytest.mark.parametrize(
    "name, reason",
    [("binary.txt", "binary"), ("empty.txt", "empty"), ("blank.txt", "empty")],
)
def test_unreadable_files_are_rejected_with_reasons(name: str, reason: str):
    (r,) = list(read_inputs([str(FIXTURES / name)]))
    assert isinstance(r, Rejection) and r.reason.startswith(reason)
    assert r.input == str(FIXTURES / name)


def test_missing_inputs_and_unsupported_files_in_folders(tmp_path: Path):
    (r,) = list(read_inputs([str(tmp_path / "nope.txt")]))
    assert r.reason == "no such file or folder"
    (tmp_path / "a.txt").write_text("Norland spoke.")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / ".hidden.txt").write_text("skipped silently: hidden")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text("Sudria spoke.")
    docs, rejected = split(list(read_inputs([str(tmp_path)])))
    assert [d.id for d in docs] == ["a", "sub/a"]  # ids stay unique across subfolders
    assert [(Path(r.input).name, r.reason) for r in rejected] == [
        ("logo.png", "not a supported input type (.png)")
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    (r,) = list(read_inputs([str(empty)]))
    assert r.reason == "folder holds no files"


def test_files_are_sniffed_when_the_suffix_says_nothing(tmp_path: Path):
    html = tmp_path / "page.dat"
    html.write_bytes((FIXTURES / "article.html").read_bytes())
    feed = tmp_path / "feed.dat"
    feed.write_bytes((FIXTURES / "feed.atom").read_bytes())
    warc = tmp_path / "crawl.bin"
    warc.write_bytes((FIXTURES / "crawl.warc").read_bytes())
    assert list(read_inputs([str(html)]))[0].title.startswith("Border crossing")
    assert list(read_inputs([str(feed)]))[0].source == "Harbour Gazette"
    assert len([d for d in read_inputs([str(warc)]) if isinstance(d, Document)]) == 2


def test_too_large_files_are_rejected_without_reading_them(tmp_path: Path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 5000)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "read_text", no_reading)
    (r,) = list(read_inputs([str(big)], max_bytes=1000))
    assert r.reason.startswith("too large (5,000 bytes; limit 1,000")


def test_too_large_jsonl_lines_are_skipped_with_bounded_reads(tmp_path: Path):
    p = tmp_path / "lines.jsonl"
    long_text = "word " * 2000
    p.write_text(
        json.dumps({"id": "ok1", "text": "Norland spoke."}) + "\n"
        + json.dumps({"id": "huge", "text": long_text}) + "\n"
        + json.dumps({"id": "ok2", "text": "Sudria answered."}) + "\n",
        encoding="utf-8",
    )
    docs, rejected = split(list(read_inputs([str(p)], max_bytes=500)))
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert rejected[0].input.endswith(":line 2") and rejected[0].reason.startswith("too large")


def test_bad_bytes_in_one_jsonl_line_reject_only_that_line(tmp_path: Path):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(
        b'{"id": "a", "text": "fine"}\n'
        b'{"id": "b", "text": "caf\xe9 in Latin-1"}\n'
        b'\x80\x00\x81\x00\x82\x00\n'
        b'{"id": "c", "text": "fine again"}\n'
    )
    docs, rejected = split(list(read_inputs([str(p)])))
    assert [d.id for d in docs] == ["a", "b", "c"] and docs[1].text == "café in Latin-1"
    assert rejected[0].input.endswith(":line 3") and rejected[0].reason.startswith("binary")


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Norland spoke.")))
    (d,) = list(read_inputs(["-"], date="2025-01-01"))
    assert d.id == "stdin" and d.text == "Norland spoke." and d.published == "2025-01-01"


def test_helpers():
    assert decode_bytes("Grüße".encode()) == "Grüße"
    assert decode_bytes("Grüße".encode("utf-16")) == "Grüße"
    with pytest.raises(Unreadable, match="binary"):
        decode_bytes(b"abc\x00def")
    assert iso_date("2025-06-13T10:00:00+02:00") == "2025-06-13"
    assert iso_date(None) is None
    with pytest.raises(Unreadable):
        iso_date("13/06/2025")
    assert html_fragment_text("<p>One.</p><script>x()</script><p>Two<br>three.</p>") == (
        "One.\n\nTwo three."
    )
    assert estimate_documents([str(FIXTURES / "docs.jsonl"), str(FIXTURES / "plain.txt")]) == 9


def test_read_file_with_explicit_id():
    (d,) = list(read_file(FIXTURES / "plain.txt", doc_id="custom"))
    assert d.id == "custom"
