"""ingest: files, folders, stdin and JSON Lines -> ``Document``s.

Every input that cannot be read becomes a ``Rejection`` with its reason; nothing is dropped in
silence.  ``read_inputs`` yields both, in input order.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dotterel.models import Document

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass
class Rejection:
    input: str  # the file, or "file:line N"
    reason: str


def doc_id_for(path: Path) -> str:
    return path.stem


def read_inputs(inputs: list[str], date: str | None = None) -> Iterator[Document | Rejection]:
    for raw in inputs:
        if raw == "-":
            text = sys.stdin.read()
            yield Document(id="stdin", text=text, published=date)
            continue
        path = Path(raw)
        if not path.exists():
            yield Rejection(raw, "no such file or folder")
        elif path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
            )
            if not files:
                yield Rejection(raw, "folder holds no .txt, .html or .jsonl files")
            for f in files:
                yield from _read_file(f, date)
        else:
            yield from _read_file(path, date)


def _read_file(path: Path, date: str | None) -> Iterator[Document | Rejection]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, date)
        return
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        yield Rejection(str(path), f"undecodable as UTF-8 ({e.reason} at byte {e.start})")
        return
    if suffix in HTML_SUFFIXES:
        yield from _from_html(path, text, date)
        return
    if not text.strip():
        yield Rejection(str(path), "empty")
        return
    yield Document(id=doc_id_for(path), text=text, published=date, source=None)


def _from_html(path: Path, html: str, date: str | None) -> Iterator[Document | Rejection]:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True)
    if extracted is None or not (getattr(extracted, "text", None) or "").strip():
        yield Rejection(str(path), "no main text found in the HTML")
        return
    published = date or getattr(extracted, "date", None)
    yield Document(
        id=doc_id_for(path),
        text=extracted.text,
        title=getattr(extracted, "title", None),
        url=getattr(extracted, "url", None),
        published=published,
        source=getattr(extracted, "sitename", None),
    )


def _read_jsonl(path: Path, date: str | None) -> Iterator[Document | Rejection]:
    with path.open(encoding="utf-8", errors="strict") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:line {n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                yield Rejection(where, f"malformed JSON ({e.msg})")
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                yield Rejection(where, 'not an object with a string "text"')
                continue
            if not rec["text"].strip():
                yield Rejection(where, "empty text")
                continue
            doc_id = rec.get("id")
            if doc_id is None:
                doc_id = hashlib.sha1(rec["text"].encode()).hexdigest()[:16]
            yield Document(
                id=str(doc_id),
                text=rec["text"],
                published=rec.get("date") or date,
                url=rec.get("url"),
                title=rec.get("title"),
                source=rec.get("source"),
            )
