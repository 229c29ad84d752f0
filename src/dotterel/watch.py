"""watch: poll RSS/Atom feeds, fetch each new article, code it and store it.

One poll: every feed is fetched with a conditional request (``If-None-Match`` /
``If-Modified-Since`` from the validators the feed sent last time; a ``304`` means nothing
new); each entry's page that was never fetched before is fetched, its main text, title and
publication date extracted, and the new documents are coded and added to the store.

What the watcher remembers lives in a small JSON file beside the store (``DB.watch.json``):
the feeds' validators, every page URL it fetched with its outcome, and a hash of every text it
stored.  So a URL is never fetched twice (a page that failed for a passing reason, a timeout or
a 5xx, is tried again on later polls, at most ``MAX_PAGE_ATTEMPTS`` times) and the same text
under two URLs is stored once.  A failing feed or page is logged and skipped; it never stops
the others.  Requests to one host are spaced by ``host_interval`` seconds; transient failures
are retried with exponential backoff.
"""

from __future__ import annotations

import calendar
import contextlib
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from dotterel.models import Document, Event

log = logging.getLogger(__name__)

MAX_PAGE_ATTEMPTS = 3
MAX_PAGE_BYTES = 5_000_000
USER_AGENT = "dotterel-watch/0.1 (+https://github.com/; political event coding)"
_RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)


def parse_interval(text: str) -> float:
    """``"15m"`` -> 900.0; units s, m, h, d; a bare number is seconds."""
    m = _INTERVAL.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a duration such as 30s, 15m, 2h or 1d")
    seconds = float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2).lower()]
    if seconds <= 0:
        raise ValueError(f"{text!r}: the interval must be positive")
    return seconds


def check_feed_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http(s) URL")
    return url


def canonical_url(url: str) -> str:
    """The URL without its fragment: ``page#comments`` and ``page`` are one page."""
    return urldefrag(url.strip())[0]


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def doc_id_for_url(url: str) -> str:
    return "web-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# HTTP: per-host spacing, timeouts, retries with backoff


class FetchError(Exception):
    def __init__(self, url: str, reason: str, transient: bool):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.transient = transient


class HostRateLimiter:
    """At most one request per ``interval`` seconds to any one host."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.interval = interval
        self._last: dict[str, float] = {}
        self._clock = clock
        self._sleep = sleep

    def wait(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last.get(host)
        if last is not None:
            delay = last + self.interval - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._last[host] = self._clock()


class Fetcher:
    def __init__(
        self,
        timeout: float = 15.0,
        retries: int = 2,
        backoff: float = 1.0,
        host_interval: float = 1.0,
        client: httpx.Client | None = None,
    ):
        self.retries = retries
        self.backoff = backoff
        self.limiter = HostRateLimiter(host_interval)
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        """The response (2xx or 304); raises ``FetchError`` once retries are spent."""
        attempt = 0
        while True:
            self.limiter.wait(url)
            try:
                resp = self.client.get(url, headers=headers or {})
            except (httpx.RequestError, httpx.InvalidURL) as e:
                # Timeouts and network errors pass; a redirect loop or a bad URL does not.
                transient = isinstance(e, httpx.TransportError) and not isinstance(
                    e, httpx.UnsupportedProtocol
                )
                error = FetchError(url, f"{type(e).__name__}: {e}", transient=transient)
                retry_after = None
            else:
                if resp.status_code < 400 and resp.status_code != 300:
                    if len(resp.content) > MAX_PAGE_BYTES:
                        raise FetchError(url, f"larger than {MAX_PAGE_BYTES} bytes", transient=False)
                    return resp
                transient = resp.status_code in _RETRY_STATUSES
                error = FetchError(url, f"HTTP {resp.status_code}", transient=transient)
                retry_after = _retry_after(resp)
            if not error.transient or attempt >= self.retries:
                raise error
            delay = self.backoff * 2**attempt
            if retry_after is not None:
                delay = max(delay, min(retry_after, 60.0))
            log.info("retrying %s in %.1fs (%s)", url, delay, error.reason)
            time.sleep(delay)
            attempt += 1


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    if value and value.strip().isdigit():
        return float(value)
    return None


# ---------------------------------------------------------------------------------------------
# What the watcher remembers


class WatchState:
    """Feed validators, fetched pages and stored texts, kept in a JSON file (atomic writes)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.feeds: dict[str, dict[str, Any]] = {}
        self.pages: dict[str, dict[str, Any]] = {}
        self.texts: dict[str, str] = {}
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.feeds = dict(data.get("feeds", {}))
                self.pages = dict(data.get("pages", {}))
                self.texts = dict(data.get("texts", {}))
            except (json.JSONDecodeError, AttributeError, TypeError) as e:
                raise ValueError(f"{self.path}: unreadable watch state ({e})") from e

    @classmethod
    def beside(cls, store_path: str | Path) -> WatchState:
        p = Path(store_path)
        return cls(p.with_name(p.name + ".watch.json"))

    def validators(self, feed_url: str) -> dict[str, str]:
        known = self.feeds.get(feed_url, {})
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        return headers

    def remember_feed(self, feed_url: str, resp: httpx.Response) -> None:
        self.feeds[feed_url] = {
            "etag": resp.headers.get("ETag"),
            "last_modified": resp.headers.get("Last-Modified"),
            "checked": _now(),
        }

    def should_fetch(self, url: str) -> bool:
        page = self.pages.get(url)
        if page is None:
            return True
        return page["status"] == "retry" and page.get("attempts", 0) < MAX_PAGE_ATTEMPTS

    def pages_to_retry(self) -> list[str]:
        return [u for u, p in self.pages.items() if p["status"] == "retry"
                and p.get("attempts", 0) < MAX_PAGE_ATTEMPTS]

    def remember_page(self, url: str, status: str, **extra: Any) -> None:
        attempts = self.pages.get(url, {}).get("attempts", 0) + 1
        self.pages[url] = {"status": status, "attempts": attempts, "at": _now(), **extra}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        data = {"version": 1, "feeds": self.feeds, "pages": self.pages, "texts": self.texts}
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------------
# Feeds and pages


@dataclass
class FeedEntry:
    url: str
    title: str | None
    published: str | None
    feed_title: str | None


def parse_feed(content: bytes, feed_url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom document; raises ``ValueError`` when it is neither."""
    import feedparser

    parsed = feedparser.parse(content)
    if parsed.bozo and not parsed.entries:
        raise ValueError(f"not an RSS or Atom feed ({parsed.get('bozo_exception')})")
    if not parsed.version and not parsed.entries:
        raise ValueError("not an RSS or Atom feed")
    feed_title = parsed.feed.get("title")
    entries = []
    for e in parsed.entries:
        link = e.get("link")
        if not link:
            log.warning("%s: an entry without a link (%r) skipped", feed_url, e.get("title"))
            continue
        # plain dict lookups: no feedparser fallback mapping (and its DeprecationWarning)
        stamp = dict.get(e, "published_parsed") or dict.get(e, "updated_parsed")
        published = (
            datetime.fromtimestamp(calendar.timegm(stamp), UTC).date().isoformat() if stamp else None
        )
        entries.append(
            FeedEntry(canonical_url(urljoin(feed_url, link)), e.get("title"), published, feed_title)
        )
    return entries


# ---------------------------------------------------------------------------------------------
# The watcher


@dataclass
class PollSummary:
    feeds_read: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    pages_fetched: int = 0
    pages_failed: int = 0
    duplicates: int = 0
    stored: int = 0
    events: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"feeds: {self.feeds_read} read, {self.feeds_not_modified} unchanged, "
            f"{self.feeds_failed} failed; pages: {self.pages_fetched} fetched, "
            f"{self.pages_failed} failed, {self.duplicates} duplicate; "
            f"stored {self.stored} articles with {self.events} events"
        )


class Watcher:
    def __init__(
        self,
        feeds: Iterable[str],
        store_path: str | Path,
        actor_files: tuple[str, ...] = (),
        fetcher: Fetcher | None = None,
        state: WatchState | None = None,
        coder: Callable[[list[Document]], list[list[Event]]] | None = None,
    ):
        self.feeds = [check_feed_url(f) for f in feeds]
        self.store_path = Path(store_path)
        self.actor_files = tuple(actor_files)
        self.fetcher = fetcher or Fetcher()
        self.state = state or WatchState.beside(self.store_path)
        # How documents are coded: by default in this process with ``code_documents``.
        self.coder = coder

    def close(self) -> None:
        self.fetcher.close()

    def _code(self, docs: list[Document]) -> list[list[Event]]:
        if self.coder is not None:
            return self.coder(docs)
        from dotterel.coder import code_documents

        return [evs for _doc, evs in code_documents(docs, actor_files=self.actor_files)]

    def poll_once(self) -> PollSummary:
        summary = PollSummary()
        docs: list[tuple[Document, str]] = []  # (document, text hash)
        planned: set[str] = set()
        for url in self.state.pages_to_retry():
            planned.add(url)
            known = self.state.pages[url]
            entry = FeedEntry(url, known.get("title"), known.get("published"), known.get("feed_title"))
            self._guarded_fetch(entry, summary, docs)
        for feed_url in self.feeds:
            try:
                entries = self._read_feed(feed_url, summary)
            except Exception as e:  # noqa: BLE001 - one feed must never stop the others
                summary.feeds_failed += 1
                summary.failures.append(f"feed {feed_url}: {type(e).__name__}: {e}")
                log.exception("feed %s skipped", feed_url)
                continue
            for entry in entries or ():
                if entry.url in planned or not self.state.should_fetch(entry.url):
                    continue
                planned.add(entry.url)
                self._guarded_fetch(entry, summary, docs)
        if docs:
            self._code_and_store(docs, summary)
        self.state.save()
        return summary

    def run(self, every: float, once: bool = False, on_poll: Callable[[PollSummary], None] | None = None) -> None:
        """One poll (``once``), or a poll every ``every`` seconds until interrupted."""
        if not once:
            self.run_forever(every, on_poll)
            return
        summary = self.poll_once()
        if on_poll:
            on_poll(summary)

    def run_forever(self, every: float, on_poll: Callable[[PollSummary], None] | None = None) -> None:
        """Poll every ``every`` seconds until interrupted; a poll that fails is logged."""
        while True:
            started = time.monotonic()
            try:
                summary = self.poll_once()
            except Exception:  # noqa: BLE001 - a watcher outlives one bad poll
                log.exception("poll failed; trying again in %.0f s", every)
            else:
                if on_poll:
                    on_poll(summary)
            time.sleep(max(0.0, every - (time.monotonic() - started)))

    # -- steps ------------------------------------------------------------------------------

    def _read_feed(self, feed_url: str, summary: PollSummary) -> list[FeedEntry] | None:
        try:
            resp = self.fetcher.get(feed_url, self.state.validators(feed_url))
            if resp.status_code == 304:
                summary.feeds_not_modified += 1
                log.info("%s: not modified", feed_url)
                return None
            entries = parse_feed(resp.content, str(resp.url))  # links relative to where it ended up
        except (FetchError, ValueError) as e:
            summary.feeds_failed += 1
            summary.failures.append(f"feed {feed_url}: {getattr(e, 'reason', e)}")
            log.warning("feed %s skipped: %s", feed_url, getattr(e, "reason", e))
            return None
        summary.feeds_read += 1
        self.state.remember_feed(feed_url, resp)
        log.info("%s: %d entries", feed_url, len(entries))
        return entries

    def _guarded_fetch(self, entry: FeedEntry, summary: PollSummary, docs: list) -> None:
        try:
            self._fetch_page(entry, summary, docs)
        except Exception as e:  # noqa: BLE001 - one page must never stop the others
            self._skip(entry.url, summary, f"{type(e).__name__}: {e}", retry=True, entry=entry)
            log.exception("page %s", entry.url)

    def _fetch_page(self, entry: FeedEntry, summary: PollSummary, docs: list[tuple[Document, str]]) -> None:
        url = entry.url
        try:
            resp = self.fetcher.get(url)
        except FetchError as e:
            summary.pages_failed += 1
            summary.failures.append(f"page {url}: {e.reason}")
            self.state.remember_page(url, "retry" if e.transient else "failed", reason=e.reason,
                                     **_entry_fields(entry))
            log.warning("page %s skipped: %s", url, e.reason)
            return
        summary.pages_fetched += 1
        doc = self._document(entry, resp)
        if isinstance(doc, str):
            self._skip(url, summary, doc)
            return
        digest = text_hash(doc.text)
        if digest in self.state.texts or any(h == digest for _, h in docs):
            summary.duplicates += 1
            first = self.state.texts.get(digest, "a page of this poll")
            self.state.remember_page(url, "duplicate", same_as=first)
            log.info("page %s has the text of %s; not stored again", url, first)
            return
        docs.append((doc, digest))

    def _document(self, entry: FeedEntry, resp: httpx.Response) -> Document | str:
        """The page as a Document (main text, title, date by trafilatura), or why not."""
        from dotterel.ingest import Unreadable, decode_bytes, html_document

        ctype = resp.headers.get("Content-Type", "text/html").split(";")[0].strip().lower()
        if ctype not in ("text/html", "application/xhtml+xml"):
            return f"content type {ctype} is not a web page"
        try:
            html = decode_bytes(resp.content, declared=resp.charset_encoding)
        except Unreadable as e:
            return str(e)
        doc = html_document(html, doc_id_for_url(entry.url), date=entry.published, url=entry.url)
        if isinstance(doc, str):
            return doc
        return doc.model_copy(update={
            "title": doc.title or entry.title,
            "source": doc.source or entry.feed_title or urlsplit(entry.url).netloc,
        })

    def _skip(self, url: str, summary: PollSummary, reason: str, retry: bool = False,
              entry: FeedEntry | None = None) -> None:
        summary.pages_failed += 1
        summary.failures.append(f"page {url}: {reason}")
        fields = _entry_fields(entry) if retry and entry is not None else {}
        self.state.remember_page(url, "retry" if retry else "failed", reason=reason, **fields)
        log.warning("page %s skipped: %s", url, reason)

    def _code_and_store(self, docs: list[tuple[Document, str]], summary: PollSummary) -> None:
        from dotterel import CODER_VERSION
        from dotterel.store import Store, StoreError

        coded = []
        try:
            results = self._code([d for d, _ in docs])
            coded = [(d, evs, h) for evs, (d, h) in zip(results, docs, strict=True)]
        except Exception:
            # Find the page that breaks the coder, one at a time; it must not stop the others.
            for doc, digest in docs:
                try:
                    (events,) = self._code([doc])
                except Exception as e:
                    reason = f"coding failed: {type(e).__name__}: {e}"
                    # Tried again on later polls (a bounded number of times).
                    entry = FeedEntry(doc.url or doc.id, doc.title, doc.published, doc.source)
                    self._skip(entry.url, summary, reason, retry=True, entry=entry)
                    continue
                coded.append((doc, events, digest))
        if not coded:
            return
        try:
            # shared: the file is open only while writing, so `dotterel serve` can read it
            with Store(self.store_path, shared=True) as store:
                store.add([(doc, events) for doc, events, _ in coded], CODER_VERSION)
        except StoreError as e:
            # Marked for retry: the next poll fetches these pages again.
            for doc, _events, _digest in coded:
                summary.failures.append(f"page {doc.url}: not stored ({e})")
                self.state.remember_page(doc.url or doc.id, "retry", reason=f"store: {e}")
            log.error("could not write to the store: %s", e)
            return
        for doc, events, digest in coded:
            self.state.texts[digest] = doc.url or doc.id
            self.state.remember_page(doc.url or doc.id, "stored", doc_id=doc.id, events=len(events))
            summary.stored += 1
            summary.events += len(events)
            log.info("stored %s (%d events)", doc.url, len(events))
        # Saved right after the store commit: a crash now cannot make the next run store again.
        with contextlib.suppress(OSError):
            self.state.save()


def _entry_fields(entry: FeedEntry) -> dict[str, Any]:
    """What a page to retry keeps of its feed entry (title and date as fallbacks)."""
    return {"title": entry.title, "published": entry.published, "feed_title": entry.feed_title}
