"""ingest: files, folders, stdin, JSON Lines, HTML, RSS/Atom and WARC -> ``Document``s.

Every input that cannot be read becomes a ``Rejection`` naming the input and the reason; nothing
is dropped in silence.  ``read_inputs`` yields both, in input order, one at a time (a huge JSONL
file or WARC is streamed, never read whole).

Inputs, by suffix (a file given by name with another suffix is sniffed):
- ``.txt``/``.text``: the whole file is one document; id = file stem (path under the folder,
  without suffix, for files found in a folder).
- ``.html``/``.htm``/``.xhtml``: main text, title, URL and publication date by trafilatura
  (dates by htmldate, which trafilatura calls; htmldate directly as a fallback).
- ``.jsonl``/``.ndjson``: one object a line with a string ``text``; optional ``id``, ``title``,
  ``url``, ``source``, ``date`` or ``published``.
- ``.rss``/``.atom``/``.xml``: feeds (feedparser); each entry with content or a summary.
- ``.warc``/``.warc.gz``: web archives (warcio); every HTML response record is an article.

Size limit: a text/HTML/feed file, a JSONL line, or a WARC record over ``max_bytes`` (default
10 MB) is rejected without being read whole: files are stat()ed first, lines and records read
with a bounded read.  Encodings: BOMs (UTF-8/16/32) first, then strict UTF-8, then
charset-normalizer (Latin-1, Windows-1252, ...).  NUL bytes or many control characters without
a BOM mean binary.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import hashlib
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dotterel.models import Document

DEFAULT_MAX_BYTES = 10_000_000

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc", ".arc.gz"}
ALL_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES | WARC_SUFFIXES

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13)) + b"\x7f"


@dataclass
class Rejection:
    input: str  # the file, "file:line N", "file:entry N" or "file:record N (url)"
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


class Unreadable(ValueError):
    """Raised by the decoding helpers; the message is the rejection reason."""


# ---------------------------------------------------------------------------------------------
# Bytes -> text


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``: BOM, then a declared charset, then UTF-8, then charset-normalizer.

    Raises ``Unreadable`` with the reason (binary, undecodable).
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise Unreadable(f"undecodable: {enc.upper()} BOM but bad bytes at {e.start}") from None
    sample = data[:65536]
    if b"\x00" in sample:
        raise Unreadable("binary (NUL bytes, no UTF-16/32 byte-order mark)")
    if sample:
        controls = sum(sample.count(bytes([c])) for c in _CONTROL)
        if controls / len(sample) > 0.05:
            raise Unreadable("binary (control characters)")
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise Unreadable("undecodable: no text encoding fits")
    return str(best)


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or datetime string; None when absent.

    Raises ``Unreadable`` for a value that is there but is not an ISO date.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise Unreadable(f"unreadable date ({value!r} is not a string)")
    v = value.strip()
    try:
        return _dt.date.fromisoformat(v[:10]).isoformat()
    except ValueError:
        pass
    try:
        return _dt.datetime.fromisoformat(v.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise Unreadable(f"unreadable date ({value!r} is not an ISO date, YYYY-MM-DD)") from None


# ---------------------------------------------------------------------------------------------
# Inputs


def read_inputs(
    inputs: list[str],
    date: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | Rejection]:
    """Documents and rejections from files, folders (recursively) and ``-`` (stdin).

    ``date`` is the publication date for documents that carry none.
    """
    for raw in inputs:
        if raw == "-":
            yield from _read_stdin(date, max_bytes)
            continue
        path = Path(raw)
        try:
            if not path.exists():
                yield Rejection(raw, "no such file or folder")
            elif path.is_dir():
                yield from _read_folder(path, date, max_bytes)
            else:
                yield from read_file(path, date, max_bytes, doc_id=path.stem)
        except OSError as e:
            yield Rejection(raw, f"cannot be read ({e.strerror or e})")


def _read_stdin(date: str | None, max_bytes: int) -> Iterator[Document | Rejection]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Rejection("-", f"too large (over the {max_bytes:,}-byte limit)")
        return
    try:
        text = decode_bytes(data)
    except Unreadable as e:
        yield Rejection("-", str(e))
        return
    if not text.strip():
        yield Rejection("-", "empty")
        return
    yield Document(id="stdin", text=text, published=date)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for s in (".warc.gz", ".arc.gz"):
        if name.endswith(s):
            return s
    return path.suffix.lower()


def _read_folder(folder: Path, date: str | None, max_bytes: int) -> Iterator[Document | Rejection]:
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        yield Rejection(str(folder), "folder holds no files")
        return
    for f in files:
        suffix = _suffix(f)
        if suffix not in ALL_SUFFIXES:
            yield Rejection(str(f), f"not a supported input type ({suffix or 'no suffix'})")
            continue
        rel = f.relative_to(folder).as_posix()
        doc_id = rel[: len(rel) - len(suffix)] if suffix else rel
        try:
            yield from read_file(f, date, max_bytes, doc_id=doc_id)
        except OSError as e:
            yield Rejection(str(f), f"cannot be read ({e.strerror or e})")


def _sniff(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(1024)
    if head.startswith(b"WARC/") or (head.startswith(b"\x1f\x8b") and "warc" in path.name.lower()):
        return "warc"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith(b"<?xml") or low.startswith(b"<rss") or low.startswith(b"<feed"):
        if b"<rss" in low or b"<feed" in low or b"<rdf" in low:
            return "feed"
    if low.startswith(b"<!doctype html") or low.startswith(b"<html"):
        return "html"
    return "text"


def read_file(
    path: Path,
    date: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    doc_id: str | None = None,
) -> Iterator[Document | Rejection]:
    """Documents and rejections from one file (format by suffix, else by content)."""
    doc_id = doc_id if doc_id is not None else path.stem
    suffix = _suffix(path)
    if suffix in JSONL_SUFFIXES:
        kind = "jsonl"
    elif suffix in WARC_SUFFIXES:
        kind = "warc"
    elif suffix in FEED_SUFFIXES:
        kind = "feed"
    elif suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        kind = _sniff(path)
    if kind == "jsonl":
        yield from _read_jsonl(path, date, max_bytes)
        return
    if kind == "warc":
        yield from _read_warc(path, date, max_bytes)
        return
    size = path.stat().st_size
    if size > max_bytes:
        yield Rejection(str(path), f"too large ({size:,} bytes; limit {max_bytes:,}, see --max-bytes)")
        return
    if size == 0:
        yield Rejection(str(path), "empty")
        return
    data = path.read_bytes()
    if kind == "feed":
        yield from _read_feed(path, data, date)
        return
    try:
        text = decode_bytes(data)
    except Unreadable as e:
        yield Rejection(str(path), str(e))
        return
    if not text.strip():
        yield Rejection(str(path), "empty")
        return
    if kind == "html":
        yield from _from_html(str(path), text, date, doc_id=doc_id)
        return
    yield Document(id=doc_id, text=text, published=date)


# ---------------------------------------------------------------------------------------------
# HTML


def html_document(
    html: str, doc_id: str, date: str | None = None, url: str | None = None
) -> Document | str:
    """A Document from an HTML page, or the reason there is none."""
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except (ValueError, TypeError) as e:
        return f"unparseable HTML ({e})"
    if tree is None:
        return "unparseable HTML"
    try:
        extracted = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, favor_recall=True, include_comments=False
        )
    except Exception as e:  # noqa: BLE001 - trafilatura raises many kinds on odd markup
        return f"HTML extraction failed ({type(e).__name__}: {e})"
    text = (getattr(extracted, "text", None) or "") if extracted is not None else ""
    if not text.strip():
        return "no main text found in the HTML"
    # trafilatura puts one paragraph a line; the parser splits paragraphs on blank lines.
    text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    published = getattr(extracted, "date", None)
    if not published:
        published = _htmldate(html)
    try:
        published = iso_date(published)
    except Unreadable:
        published = None
    return Document(
        id=doc_id,
        text=text,
        title=getattr(extracted, "title", None) or None,
        url=url or getattr(extracted, "url", None) or None,
        published=published or date,
        source=getattr(extracted, "sitename", None) or None,
    )


def _htmldate(html: str) -> str | None:
    from htmldate import find_date
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)  # a tree, never a string: htmldate fetches strings that look like URLs
        if tree is None:
            return None
        return find_date(tree, original_date=True, extensive_search=False)
    except Exception:  # noqa: BLE001 - a missing date is not an error
        return None


def _from_html(where: str, html: str, date: str | None, doc_id: str, url: str | None = None):
    result = html_document(html, doc_id, date, url)
    if isinstance(result, str):
        yield Rejection(where, result)
    else:
        yield result


_BLOCK_TAGS = (
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
    "table", "section", "article", "pre", "dd", "dt", "figure", "figcaption", "header", "footer",
)  # fmt: skip


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs on blank lines."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    for bad in list(root.iter("script", "style")):
        bad.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n\n" + (el.tail or "")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().splitlines()]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


# ---------------------------------------------------------------------------------------------
# JSON Lines


def _read_jsonl(path: Path, date: str | None, max_bytes: int) -> Iterator[Document | Rejection]:
    with path.open("rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.startswith(
            (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
        ):
            enc = "utf-32" if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "utf-16"
            text_fh = io.TextIOWrapper(fh, encoding=enc, errors="strict", newline="\n")
            yield from _jsonl_lines(path, _text_lines(text_fh, max_bytes), date)
        else:
            yield from _jsonl_lines(path, _byte_lines(fh, max_bytes), date)


def _byte_lines(fh, max_bytes: int) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text, reason) per line, reading at most ``max_bytes + 1`` bytes a time."""
    n = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        if len(line) > max_bytes:
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = fh.readline(1 << 20)
            yield n, None, f"too large (line over the {max_bytes:,}-byte limit, see --max-bytes)"
            continue
        if n == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        try:
            yield n, line.decode("utf-8"), None
        except UnicodeDecodeError:
            try:
                yield n, decode_bytes(line), None
            except Unreadable as e:
                yield n, None, str(e)


def _text_lines(fh, max_bytes: int) -> Iterator[tuple[int, str | None, str | None]]:
    n = 0
    limit = max(1, max_bytes // 2)
    while True:
        try:
            line = fh.readline(limit + 1)
        except UnicodeDecodeError as e:
            yield n + 1, None, f"undecodable ({e.reason}); rest of file skipped"
            return
        if not line:
            return
        n += 1
        if len(line) > limit:
            while line and not line.endswith("\n"):
                line = fh.readline(1 << 20)
            yield n, None, f"too large (line over the {max_bytes:,}-byte limit, see --max-bytes)"
            continue
        yield n, line, None


def _jsonl_lines(path: Path, lines, date: str | None) -> Iterator[Document | Rejection]:
    produced = 0
    for item in _jsonl_items(path, lines, date):
        produced += 1
        yield item
    if not produced:
        yield Rejection(str(path), "empty (no JSON lines)")


def _jsonl_items(path: Path, lines, date: str | None) -> Iterator[Document | Rejection]:
    for n, line, reason in lines:
        where = f"{path}:line {n}"
        if reason is not None:
            yield Rejection(where, reason)
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as e:
            msg = getattr(e, "msg", "nested too deeply")
            yield Rejection(where, f"malformed JSON ({msg})")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield Rejection(where, 'not an object with a string "text"')
            continue
        if not rec["text"].strip():
            yield Rejection(where, "empty text")
            continue
        try:
            published = iso_date(rec.get("date") or rec.get("published"))
        except Unreadable as e:
            yield Rejection(where, str(e))
            continue
        doc_id = rec.get("id")
        if doc_id is None or doc_id == "":
            doc_id = hashlib.sha1(rec["text"].encode("utf-8", "surrogatepass")).hexdigest()[:16]
        fields = {}
        for name in ("url", "title", "source"):
            v = rec.get(name)
            fields[name] = v if isinstance(v, str) and v else None
        yield Document(id=str(doc_id), text=rec["text"], published=published or date, **fields)


# ---------------------------------------------------------------------------------------------
# RSS / Atom


def _read_feed(path: Path, data: bytes, date: str | None) -> Iterator[Document | Rejection]:
    import feedparser

    try:
        feed = feedparser.parse(data)  # bytes: feedparser never fetches them
    except Exception as e:  # noqa: BLE001
        yield Rejection(str(path), f"unreadable feed ({type(e).__name__})")
        return
    if not feed.entries:
        why = getattr(feed, "bozo_exception", None)
        reason = f"malformed feed ({why})" if why else "feed holds no entries"
        if not feed.get("version") and not why:
            reason = "not an RSS or Atom feed"
        yield Rejection(str(path), reason)
        return
    source = (feed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(feed.entries, 1):
        where = f"{path}:entry {n}"
        body = ""
        for content in entry.get("content") or []:
            if (content.get("value") or "").strip():
                body = content["value"]
                break
        if not body:
            body = entry.get("summary") or entry.get("description") or ""
        text = html_fragment_text(body) if body else ""
        if not text.strip():
            yield Rejection(where, "entry has no content or summary")
            continue
        link = entry.get("link") or None
        ident = entry.get("id") or link
        if not ident:
            ident = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        published = None
        for key in ("published_parsed", "updated_parsed", "created_parsed"):
            # the plain dict lookup: feedparser's own maps a missing published date to the
            # updated one with a DeprecationWarning, and we try that next anyway
            st = dict.get(entry, key)
            if st:
                try:
                    published = _dt.date(st.tm_year, st.tm_mon, st.tm_mday).isoformat()
                except (ValueError, AttributeError):
                    published = None
                if published:
                    break
        yield Document(
            id=str(ident),
            text=text,
            title=(entry.get("title") or "").strip() or None,
            url=link,
            published=published or date,
            source=source,
        )


# ---------------------------------------------------------------------------------------------
# WARC


def _read_warc(path: Path, date: str | None, max_bytes: int) -> Iterator[Document | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    n = 0
    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh, arc2warc=True):
                n += 1
                item = _warc_record(path, n, record, date, max_bytes)
                if item is not None:
                    found += 1
                    yield item
        except ArchiveLoadFailed as e:
            where = str(path) if n == 0 else f"{path}:record {n + 1}"
            yield Rejection(where, f"not a readable WARC ({_first_line(str(e))})")
            return
        except (OSError, EOFError, ValueError, AttributeError, TypeError) as e:
            # warcio fails with AttributeError on a record cut inside its headers
            yield Rejection(f"{path}:record {n + 1}", f"corrupt WARC ({type(e).__name__}: {e})")
            return
    if n == 0:
        yield Rejection(str(path), "empty WARC")
    elif found == 0:
        yield Rejection(str(path), f"WARC holds no HTML responses ({n} records)")


def _warc_record(path: Path, n: int, record, date, max_bytes) -> Document | Rejection | None:
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    where = f"{path}:record {n}" + (f" ({uri})" if uri else "")
    ctype = ""
    if record.http_headers is not None:
        ctype = record.http_headers.get_header("Content-Type") or ""
        status = record.http_headers.get_statuscode()
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
        status = None
    if "html" not in ctype.lower():
        return None
    if status and not str(status).startswith("2"):
        return Rejection(where, f"HTTP status {status}, not an article")
    length = record.rec_headers.get_header("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        return Rejection(where, f"too large ({int(length):,} bytes; limit {max_bytes:,})")
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Rejection(where, f"too large (over the {max_bytes:,}-byte limit)")
    declared = None
    if "charset=" in ctype.lower():
        declared = ctype.lower().split("charset=", 1)[1].split(";")[0].strip().strip("\"'") or None
    try:
        html = decode_bytes(data, declared=declared)
    except Unreadable as e:
        return Rejection(where, str(e))
    if not html.strip():
        return Rejection(where, "empty response")
    doc_id = uri or record.rec_headers.get_header("WARC-Record-ID") or f"{path.stem}#{n}"
    result = html_document(html, doc_id, date, url=uri)
    if isinstance(result, str):
        return Rejection(where, result)
    return result


def _first_line(msg: str) -> str:
    return msg.strip().splitlines()[0] if msg.strip() else msg


def estimate_documents(inputs: list[str]) -> int:
    """A quick guess of how many documents ``inputs`` hold (progress bar total, process count).

    Exact for text/HTML files and JSONL (lines counted by scanning bytes); a feed counts as 20
    entries and a WARC as one article per 30 kB.
    """
    total = 0
    for raw in inputs:
        if raw == "-":
            total += 1
            continue
        path = Path(raw)
        try:
            files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
            for f in files:
                suffix = _suffix(f)
                if suffix in JSONL_SUFFIXES:
                    with f.open("rb") as fh:
                        for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                            total += chunk.count(b"\n")
                elif suffix in WARC_SUFFIXES:
                    total += f.stat().st_size // 30_000 + 1
                elif suffix in FEED_SUFFIXES:
                    total += 20
                else:
                    total += 1
        except OSError:
            total += 1
    return total
