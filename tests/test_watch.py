"""``dotterel watch`` against a real HTTP server on 127.0.0.1 serving feeds and pages we wrote.

The pages carry navigation, a cookie banner, a sidebar and a footer, so main-text extraction is
really exercised.  The server honours ETag and Last-Modified and logs every request, so the
tests can see conditional requests, 304s and which pages were (not) fetched again.
"""

from __future__ import annotations

import json
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dotterel.models import Event
from dotterel.store import Store
from dotterel.watch import (
    Fetcher,
    FetchError,
    HostRateLimiter,
    Watcher,
    WatchState,
    canonical_url,
    parse_feed,
    parse_interval,
)

NAV = """<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/login">Sign in to your account</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
</header>"""
FOOTER = """<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Ten recipes for summer</a></li>
<li><a href="/y">Celebrity weddings of the year</a></li></ul></aside>
<footer><p>Subscribe to our newsletter for daily headlines.</p>
<p>Copyright 2025 The Daily Lantern. All rights reserved. Privacy policy. Terms of use.</p></footer>"""

STORIES = {
    "a1": (
        "Ministers meet over border trade",
        "2025-06-20",
        [
            "The foreign minister of Pakistan met his Iranian counterpart in Tehran on Thursday "
            "to discuss trade across their shared border.",
            "Officials from both governments signed an agreement to reopen two crossings that "
            "had been closed for months, according to a statement released after the talks.",
            "The ministers said they would meet again in Islamabad before the end of the year.",
        ],
    ),
    "a2": (
        "Rebels attack convoy in the north",
        "2025-06-21",
        [
            "Rebel fighters attacked a government convoy near the northern city of Mosul on "
            "Saturday, the army said.",
            "Three soldiers were wounded in the attack, which local officials condemned in a "
            "statement issued the same evening.",
        ],
    ),
    "a3": (
        "Aid reaches flooded villages",
        "2025-06-22",
        [
            "The United Nations sent food and medical aid to villages in Bangladesh cut off by "
            "floods last week.",
            "The government of Bangladesh thanked the United Nations and asked donors for more "
            "support as the water recedes.",
        ],
    ),
    "a4": (
        "Protest outside the embassy",
        "2025-06-23",
        [
            "Thousands of students protested outside the French embassy in Algiers on Monday, "
            "demanding an apology for remarks made by a French minister.",
            "Police in Algeria kept the crowd away from the gates, witnesses said.",
        ],
    ),
}


def page_html(key: str) -> bytes:
    title, date, paragraphs = STORIES[key]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Lantern</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T08:30:00Z">
<meta property="og:site_name" content="The Daily Lantern">
</head><body>{NAV}
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
{body}
</article></main>
{FOOTER}</body></html>""".encode()


def rss(items: list[str]) -> bytes:
    entries = "".join(
        f"<item><title>{k}</title>"
        f"<link>/news/{k}</link><pubDate>Sat, 21 Jun 2025 09:00:00 GMT</pubDate></item>"
        for k in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Lantern World</title>'
        f"<link>/</link><description>World news</description>{entries}</channel></rss>"
    ).encode()


def atom(items: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>{k}</title><link href="/news/{k}"/><id>urn:{k}</id>'
        "<updated>2025-06-22T10:00:00Z</updated></entry>"
        for k in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Lantern Asia</title><id>urn:lantern-asia</id>"
        f"<updated>2025-06-22T10:00:00Z</updated>{entries}</feed>"
    ).encode()


class Site:
    """What the server serves, and what it was asked."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[tuple[str, dict[str, str], int]] = []
        self.world_version = 1
        self.world_items = ["a1.html", "a2.html", "missing.html", "a1.html#comments"]
        self.asia_items = ["a3.html", "a2-copy.html"]
        self.asia_modified = formatdate(1750000000, usegmt=True)

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _h, _s in self.requests if p == path)

    def statuses(self, path: str) -> list[int]:
        with self.lock:
            return [s for p, _h, s in self.requests if p == path]

    def respond(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if path == "/feeds/world.xml":
            etag = f'"world-v{self.world_version}"'
            if headers.get("if-none-match") == etag:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, rss(self.world_items)
        if path == "/feeds/asia.xml":
            if headers.get("if-modified-since") == self.asia_modified:
                return 304, {}, b""
            return (
                200,
                {"Content-Type": "application/atom+xml", "Last-Modified": self.asia_modified},
                atom(self.asia_items),
            )
        if path == "/feeds/broken.xml":
            return 500, {"Content-Type": "text/plain"}, b"internal error"
        if path.startswith("/news/"):
            name = path.removeprefix("/news/").removesuffix(".html")
            key = "a2" if name == "a2-copy" else name
            if key in STORIES:
                return 200, {"Content-Type": "text/html; charset=utf-8"}, page_html(key)
        return 404, {"Content-Type": "text/html"}, b"<html><body><h1>Not found</h1></body></html>"


@pytest.fixture
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            headers = {k.lower(): v for k, v in self.headers.items()}
            with state.lock:
                status, extra, body = state.respond(self.path, headers)
                state.requests.append((self.path, headers, status))
            self.send_response(status)
            for k, v in extra.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def make_watcher(site, db, feeds=("world", "asia", "broken")):
    return Watcher(
        [f"{site.base}/feeds/{f}.xml" for f in feeds],
        db,
        fetcher=Fetcher(timeout=5, retries=1, backoff=0.01, host_interval=0.0),
    )


def test_poll_stores_new_articles_and_skips_failures(site, tmp_path):
    db = tmp_path / "events.duckdb"
    watcher = make_watcher(site, db)
    first = watcher.poll_once()
    watcher.close()

    # The 500-ing feed is tried twice (one retry), logged and skipped; the others go on.
    assert site.statuses("/feeds/broken.xml") == [500, 500]
    assert first.feeds_failed == 1 and first.feeds_read == 2
    assert any("broken.xml" in f and "HTTP 500" in f for f in first.failures)
    # The 404 page is skipped (not retried: a 404 is not a passing failure).
    assert site.statuses("/news/missing.html") == [404]
    assert any("missing.html" in f and "HTTP 404" in f for f in first.failures)
    # a1 is listed twice (once with a #fragment) and fetched once.
    assert site.hits("/news/a1.html") == 1
    # a2-copy carries a2's text under another URL: fetched, but not stored again.
    assert first.duplicates == 1
    assert first.stored == 3

    with Store(db, read_only=True) as store:
        arts = store.sql("SELECT doc_id, url, title, published, text FROM articles ORDER BY url")
    assert sorted(u.rsplit("/", 1)[1] for u in arts["url"]) == ["a1.html", "a2.html", "a3.html"]
    a1 = arts[arts["url"].str.endswith("/a1.html")].iloc[0]
    assert a1["title"] == "Ministers meet over border trade"
    assert str(a1["published"])[:10] == "2025-06-20"  # from the page, not the feed's date
    assert "signed an agreement to reopen two crossings" in a1["text"]
    for boilerplate in ("cookies", "newsletter", "Copyright", "Sign in", "Ten recipes"):
        assert boilerplate not in a1["text"]
    assert first.events > 0
    with Store(db, read_only=True) as store:
        assert store.stats()["mentions"] == first.events


def test_second_poll_uses_conditional_requests_and_fetches_nothing_again(site, tmp_path):
    db = tmp_path / "events.duckdb"
    watcher = make_watcher(site, db)
    watcher.poll_once()
    pages_before = sum(site.hits(f"/news/{k}.html") for k in ("a1", "a2", "a3", "a2-copy", "missing"))

    second = watcher.poll_once()
    watcher.close()
    world = [h for p, h, _s in site.requests if p == "/feeds/world.xml"]
    asia = [h for p, h, _s in site.requests if p == "/feeds/asia.xml"]
    assert world[-1].get("if-none-match") == '"world-v1"'
    assert asia[-1].get("if-modified-since") == site.asia_modified
    assert site.statuses("/feeds/world.xml")[-1] == 304
    assert site.statuses("/feeds/asia.xml")[-1] == 304
    assert second.feeds_not_modified == 2 and second.stored == 0
    pages_after = sum(site.hits(f"/news/{k}.html") for k in ("a1", "a2", "a3", "a2-copy", "missing"))
    assert pages_after == pages_before

    # The feed changes: a new story, plus one already stored.  A fresh watcher (state read back
    # from the file beside the store) fetches only the new page.
    site.world_version = 2
    site.world_items = ["a4.html", "a1.html", "missing.html"]
    again = make_watcher(site, db)
    third = again.poll_once()
    again.close()
    assert site.statuses("/feeds/world.xml")[-1] == 200
    assert site.hits("/news/a4.html") == 1
    assert site.hits("/news/a1.html") == 1
    assert site.hits("/news/missing.html") == 1
    assert third.stored == 1
    with Store(db, read_only=True) as store:
        ids = store.sql("SELECT doc_id, count(*) AS n FROM articles GROUP BY doc_id")
    assert len(ids) == 4 and set(ids["n"]) == {1}
    state = json.loads((tmp_path / "events.duckdb.watch.json").read_text())
    assert state["pages"][f"{site.base}/news/missing.html"]["status"] == "failed"


def test_cli_watch_once(site, tmp_path):
    from typer.testing import CliRunner

    from dotterel.cli import _register, app

    _register()
    db = tmp_path / "w.duckdb"
    args = ["watch", f"{site.base}/feeds/asia.xml", "--store", str(db), "--once",
            "--host-interval", "0", "--retries", "0", "--quiet"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        assert store.stats()["articles"] == 2  # a3, and a2-copy (a new text in this store)
    bad = CliRunner().invoke(app, ["watch", "ftp://example.org/feed", "--store", str(db), "--once"])
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.output
    bad = CliRunner().invoke(app, ["watch", f"{site.base}/x", "--store", str(db), "--every", "soon"])
    assert bad.exit_code == 2 and "not a duration" in bad.output


def test_parse_interval():
    assert parse_interval("15m") == 900
    assert parse_interval("30s") == 30
    assert parse_interval("2h") == 7200
    assert parse_interval("45") == 45
    for bad in ("", "soon", "0m", "-5m"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_host_rate_limiter_spaces_requests_per_host():
    now = [100.0]
    slept: list[float] = []

    def sleep(s):
        slept.append(s)
        now[0] += s

    limiter = HostRateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait("http://a.example/1")
    limiter.wait("http://b.example/1")  # another host: no wait
    assert slept == []
    now[0] += 0.5
    limiter.wait("http://a.example/2")
    assert slept == [pytest.approx(1.5)]


def test_fetch_retries_then_gives_up_and_unreachable_host(site):
    fetcher = Fetcher(timeout=2, retries=2, backoff=0.01, host_interval=0.0)
    with pytest.raises(FetchError) as err:
        fetcher.get(f"{site.base}/feeds/broken.xml")
    assert err.value.transient and site.hits("/feeds/broken.xml") == 3
    with pytest.raises(FetchError) as err:
        fetcher.get("http://127.0.0.1:9/feed.xml")  # discard port: nothing listens
    assert err.value.transient
    fetcher.close()


def test_parse_feed_resolves_links_and_rejects_non_feeds():
    entries = parse_feed(rss(["a1.html", "a2.html#top"]), "http://h.example/feeds/w.xml")
    assert [e.url for e in entries] == ["http://h.example/news/a1.html", "http://h.example/news/a2.html"]
    assert entries[0].published == "2025-06-21" and entries[0].feed_title == "Lantern World"
    with pytest.raises(ValueError):
        parse_feed(b"<html><body>not a feed</body></html>", "http://h.example/")
    assert canonical_url("http://h.example/a#b") == "http://h.example/a"


def test_corrupt_state_file_is_a_clear_error(tmp_path):
    (tmp_path / "db.duckdb.watch.json").write_text("{not json")
    with pytest.raises(ValueError, match="unreadable watch state"):
        WatchState.beside(tmp_path / "db.duckdb")


def test_a_page_the_coder_fails_on_is_skipped_and_retried_later(site, tmp_path):
    """Coding is injected here so that one page fails: the others are still stored."""
    from dotterel.models import Span

    def coder(docs):
        out = []
        for d in docs:
            if "Rebel fighters" in d.text:
                raise RuntimeError("the coder broke on this page")
            out.append([Event(doc_id=d.id, sentence=0, quote=d.text[:40],
                              trigger=Span(text=d.text[:4], start=0, end=4), cameo="040",
                              quad_class=1, rule="test")])
        return out

    db = tmp_path / "events.duckdb"
    watcher = Watcher([f"{site.base}/feeds/world.xml"], db, coder=coder,
                      fetcher=Fetcher(timeout=5, retries=0, host_interval=0.0))
    first = watcher.poll_once()
    assert first.stored == 1 and any("the coder broke" in f for f in first.failures)
    a2 = f"{site.base}/news/a2.html"
    assert watcher.state.pages[a2]["status"] == "retry"
    assert watcher.state.pages[a2]["title"] == "Rebels attack convoy in the north"  # kept for the retry
    second = watcher.poll_once()  # the feed is unchanged (304) but a2 is tried again
    assert site.hits("/news/a2.html") == 2 and second.stored == 0
    watcher.close()
    with Store(db, read_only=True) as store:
        assert store.stats()["articles"] == 1
