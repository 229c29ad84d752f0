"""The HTTP API, over real HTTP against the real app (uvicorn on a free 127.0.0.1 port)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from dotterel.serve.app import create_app
from dotterel.serve.security import CONTENT_SECURITY_POLICY
from dotterel.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from serve_fixtures import LiveServer, sample_corpus  # noqa: E402

TOKEN = "t0ken-for-tests"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("api") / "events.duckdb"
    store = Store(path)
    store.add(sample_corpus(), "test")
    store.close()
    return path


@pytest.fixture(scope="module")
def server(store_path):
    with LiveServer(create_app(store_path, token=TOKEN, body_limit=200_000)) as live:
        yield live


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def test_openapi_schema_lists_the_endpoints(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for p in ("/api/events", "/api/articles/{doc_id}", "/api/graph", "/api/dyads/{a}/{b}", "/api/code"):
        assert p in paths
    params = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"actor", "recipient", "type", "status", "since", "until", "place", "limit", "offset"} <= params
    assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN


def test_events_filters(client):
    everything = client.get("/api/events").json()
    assert everything["count"] == 6
    assert {e["date"] for e in everything["events"]} >= {"2025-05-19", "2025-06-13"}
    isr = client.get("/api/events", params={"actor": "isr"}).json()["events"]
    assert [e["actor_codes"] for e in isr] == [["ISR"]]
    to_irn = client.get("/api/events", params={"recipient": "IRN"}).json()["events"]
    assert {tuple(e["actor_codes"]) for e in to_irn} == {("ISR",), ("USA",), ("PAK",)}
    assaults = client.get("/api/events", params={"type": "assault"}).json()["events"]
    assert len(assaults) == 3 and {e["plover"] for e in assaults} == {"ASSAULT"}
    cameo19 = client.get("/api/events", params={"type": "19"}).json()["events"]  # CAMEO prefix
    assert {e["cameo"] for e in cameo19} == {"190", "195"}
    denied = client.get("/api/events", params={"status": "denied"}).json()["events"]
    assert len(denied) == 1 and denied[0]["place_name"] == "Haifa"
    june = client.get("/api/events", params={"since": "2025-06-01", "until": "2025-06-13"}).json()
    assert {e["date"] for e in june["events"]} == {"2025-06-13"}
    in_isr = client.get("/api/events", params={"place": "ISR"}).json()["events"]
    assert {e["place_name"] for e in in_isr} == {"Tel Aviv", "Haifa"}


def test_events_paging(client):
    first = client.get("/api/events", params={"limit": 4}).json()
    second = client.get("/api/events", params={"limit": 4, "offset": 4}).json()
    assert first["count"] == 4 and first["next_offset"] == 4
    assert second["count"] == 2 and second["next_offset"] is None
    ids = [e["event_id"] for e in first["events"] + second["events"]]
    assert len(set(ids)) == 6


@pytest.mark.parametrize(
    "params, needle",
    [
        ({"since": "2025-13-01"}, "'since'"),
        ({"until": "yesterday"}, "'until'"),
        ({"since": "2025-06-10", "until": "2025-06-01"}, "after until"),
        ({"limit": "0"}, "'limit'"),
        ({"limit": "5000"}, "'limit'"),
        ({"limit": "ten"}, "'limit'"),
        ({"offset": "-1"}, "'offset'"),
        ({"type": "BOMB"}, "'type'"),
        ({"type": "1; DROP TABLE events"}, "'type'"),
        ({"status": "maybe"}, "'status'"),
        ({"actor": "<script>"}, "'actor'"),
        ({"recipient": "I R N"}, "'recipient'"),
        ({"place": "x" * 300}, "'place'"),
    ],
)
def test_bad_parameters_get_422_naming_them(client, params, needle):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422, r.text
    assert needle in r.json()["error"]


def test_article_with_its_events(client):
    r = client.get("/api/articles/2025-06-14-isr-irn")
    assert r.status_code == 200
    art = r.json()
    assert art["title"] == "Israeli strikes on Iran" and art["published"] == "2025-06-14"
    assert len(art["events"]) == 3
    ev = art["events"][0]
    assert art["text"][ev["trigger"]["start"] : ev["trigger"]["end"]] == ev["trigger"]["text"]
    missing = client.get("/api/articles/no-such-article")
    assert missing.status_code == 404 and "no-such-article" in missing.json()["error"]
    assert client.get("/api/articles/bad%00id").status_code == 422


def test_graph_nodes_and_edges(client):
    g = client.get("/api/graph").json()
    assert {n["id"] for n in g["nodes"]} == {"IRN", "ISR", "PAK", "USA"}
    edges = {(e["source"], e["target"]): e for e in g["edges"]}
    assert set(edges) == {("IRN", "PAK"), ("PAK", "IRN"), ("ISR", "IRN"), ("IRN", "ISR"), ("USA", "IRN")}
    assert edges[("IRN", "ISR")]["count"] == 2
    assert edges[("IRN", "ISR")]["score"] == -10.0
    assert edges[("IRN", "PAK")]["score"] == 6.5
    assert all(len(e["events"]) == e["count"] for e in g["edges"])
    may = client.get("/api/graph", params={"since": "2025-05-01", "until": "2025-05-31"}).json()
    assert {(e["source"], e["target"]) for e in may["edges"]} == {("IRN", "PAK"), ("PAK", "IRN")}
    assert client.get("/api/graph", params={"since": "05/01/2025"}).status_code == 422


def test_dyad_series_and_events(client):
    d = client.get("/api/dyads/IRN/ISR", params={"period": "month"}).json()
    rows = {(r["source"], r["period"]): r for r in d["series"]}
    assert rows[("IRN", "2025-06")]["count"] == 2
    assert rows[("IRN", "2025-06")]["types"] == {"ASSAULT": 2}
    assert rows[("ISR", "2025-06")]["quads"] == {"4": 1}
    assert {e["doc_id"] for e in d["events"]} == {"2025-06-14-isr-irn", "2025-06-20-hostile"}
    assert all(e["quote"] for e in d["events"])
    assert client.get("/api/dyads/IRN/ISR", params={"period": "year"}).status_code == 422
    assert client.get("/api/dyads/IRN/%3Cb%3E").status_code == 422


def test_places(client):
    p = client.get("/api/places").json()
    names = {pl["name"]: pl for pl in p["places"]}
    assert set(names) == {"Islamabad", "Tehran", "Natanz", "Tel Aviv", "Haifa"}
    assert names["Haifa"]["lat"] == pytest.approx(32.79)
    assert p["located"] == 5 and p["total"] == 6


def test_security_headers_everywhere(client):
    for path in ("/", "/api/events", "/static/dotterel.css", "/articles/2025-06-20-hostile", "/nope"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_article_markup_stays_text(client):
    html = client.get("/articles/2025-06-20-hostile").text
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "&lt;b&gt;title&lt;/b&gt;" in html  # the hostile title too
    # the events' JSON for the page's script keeps markup escaped too
    assert "\\u003cscript\\u003ewindow.__pwned = 1\\u003c/script\\u003e" in html
    dyad = client.get("/dyads/IRN/ISR").text
    assert "<script>window.__pwned" not in dyad and "&lt;script&gt;window.__pwned" in dyad


def test_static_paths_never_escape(client, store_path):
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2Fapp.py",
                 "/static/%2e%2e/%2e%2e/store.py", f"/static/{store_path}"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "def create_app" not in r.text


def test_body_limit_413(client, server):
    big = {"text": "x" * 300_000}
    r = client.post("/api/code", json=big)
    assert r.status_code == 413
    assert "too large" in r.json()["error"] and "200000" in r.json()["error"]

    def chunks():
        for _ in range(30):
            yield b"y" * 10_000

    r = client.post("/api/code", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_code_validation_and_token(client):
    assert client.post("/api/code", json={}).status_code == 422
    assert "'text'" in client.post("/api/code", json={}).json()["error"]
    assert client.post("/api/code", content=b"{not json", headers={"content-type": "application/json"}).status_code == 422
    r = client.post("/api/code", json={"text": "Iran met Pakistan.", "date": "2025-02-30"})
    assert r.status_code == 422 and "'date'" in r.json()["error"]
    r = client.post("/api/code", json={"text": "Iran met Pakistan.", "store": True})
    assert r.status_code == 401 and "token" in r.json()["error"]
    r = client.post("/api/code", json={"text": "Iran met Pakistan.", "store": True},
                    headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401


def test_storing_disabled_without_token(store_path):
    with LiveServer(create_app(store_path)) as live:
        r = httpx.post(live.url + "/api/code", json={"text": "Iran met Pakistan.", "store": True})
        assert r.status_code == 403 and "--token" in r.json()["error"]


def _coder_ready() -> bool:
    return all(importlib.util.find_spec(m) for m in ("dotterel.resolve.actors", "dotterel.knowledge.actors"))


@pytest.mark.skipif(not _coder_ready(), reason="the coder's actor resolution is not in the tree yet")
def test_code_and_store_with_token(tmp_path):
    path = tmp_path / "code.duckdb"
    Store(path).close()
    text = "Iran and Pakistan signed an agreement on border security in Islamabad on Monday."
    with LiveServer(create_app(path, token=TOKEN)) as live:
        r = httpx.post(live.url + "/api/code", json={"text": text, "date": "2025-06-16"}, timeout=120)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["stored"] is False and body["events"]
        assert httpx.get(live.url + "/api/events").json()["count"] == 0
        r = httpx.post(live.url + "/api/code", json={"text": text, "date": "2025-06-16", "doc_id": "mine", "store": True},
                       headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
        assert r.status_code == 200 and r.json()["stored"] is True
        art = httpx.get(live.url + "/api/articles/mine").json()
        assert art["text"] == text and len(art["events"]) == len(body["events"])


def test_serve_reads_while_code_writes(tmp_path):
    """`dotterel serve` over a store that `dotterel code --store` is filling, batch by batch:
    every read answers 200 and sees each committed batch, never a half-written one."""
    from serve_fixtures import free_port

    exe = Path(sys.executable).with_name("dotterel")
    not_a_store = tmp_path / "notes.duckdb"
    not_a_store.write_text("hello")
    bad = subprocess.run([str(exe), "serve", "--store", str(not_a_store)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "notes.duckdb" in bad.stderr

    examples = sorted(str(p) for p in (Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))[:4]
    if not examples:
        pytest.skip("no example articles")
    path = tmp_path / "live.duckdb"
    Store(path).close()
    port = free_port()
    server = subprocess.Popen([str(exe), "serve", "--store", str(path), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writer = None
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                httpx.get(base + "/api/health", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "dotterel serve did not start"
                time.sleep(0.2)
        listening = _listening_addresses(port)
        if listening is not None:
            assert listening == {"127.0.0.1"}, listening  # loopback unless told otherwise
        writer = subprocess.Popen([str(exe), "code", *examples, "--store", str(path), "--commit-every", "1"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        statuses, seen = [], []
        with httpx.Client(base_url=base, timeout=60) as c:
            deadline = time.monotonic() + 240
            while writer.poll() is None and time.monotonic() < deadline:
                r = c.get("/api/mentions", params={"limit": 1000})
                statuses.append(r.status_code)
                if r.status_code == 200:
                    seen.append(len({m["doc_id"] for m in r.json()["mentions"]}))
                statuses.append(c.get("/api/graph").status_code)
                time.sleep(0.1)
            _, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, err
            final = c.get("/api/mentions", params={"limit": 1000}).json()["mentions"]
            events = c.get("/api/events", params={"limit": 1000}).json()["events"]
        assert set(statuses) == {200}, statuses
        assert seen == sorted(seen)  # batches appear one by one, never go back
        assert len({m["doc_id"] for m in final}) == len(examples)  # every committed batch is seen
        assert events and f"stored {len(examples)} new" in err
    finally:
        for proc in (writer, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)


def _listening_addresses(port: int) -> set[str] | None:
    """IPv4 addresses with a socket listening on ``port`` (Linux /proc), or None elsewhere."""
    table = Path("/proc/net/tcp")
    if not table.exists():
        return None
    out = set()
    for line in table.read_text().splitlines()[1:]:
        fields = line.split()
        addr, p = fields[1].split(":")
        if int(p, 16) == port and fields[3] == "0A":
            out.add(".".join(str(int(addr[i : i + 2], 16)) for i in (6, 4, 2, 0)))
    return out


def test_doc_ids_that_are_paths_or_urls(tmp_path):
    from urllib.parse import quote

    doc, events = sample_corpus()[0]
    odd = "feeds/news/https://example.org/a?b=1#c d"
    path = tmp_path / "odd.duckdb"
    store = Store(path)
    store.add([(doc.model_copy(update={"id": odd}), [e.model_copy(update={"doc_id": odd}) for e in events])], "t")
    store.close()
    with LiveServer(create_app(path)) as live:
        for encoded in (quote(odd, safe=""), quote(odd, safe="/")):  # JS encodeURIComponent / Jinja urlencode
            r = httpx.get(f"{live.url}/api/articles/{encoded}")
            assert r.status_code == 200 and r.json()["doc_id"] == odd
            page = httpx.get(f"{live.url}/articles/{encoded}")
            assert page.status_code == 200 and "signed" in page.text
        r = httpx.get(f"{live.url}/api/mentions", params={"doc_id": odd})
        assert r.json()["count"] == len(events)


def test_pages_explain_errors_in_html(client):
    r = client.get("/articles/no-such-article")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no article with doc_id" in r.text and "no-such-article" in r.text
    r = client.get("/dyads/IRN/%3Cscript%3E")
    assert r.status_code == 422 and "&lt;script&gt;" in r.text and "<script>" not in r.text.split("</header>")[1]
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "There is no page at /no/such/page" in r.text
    assert client.get("/api/nothing").headers["content-type"] == "application/json"


def test_actor_macro_marks_an_implied_actor():
    # The pages show an actor the act implies (an agentless arrest's police) as such.
    from jinja2 import Environment, FileSystemLoader

    import dotterel.serve.app as app_module

    env = Environment(loader=FileSystemLoader(str(Path(app_module.__file__).parent / "templates")),
                      autoescape=True)
    actors = env.get_template("macros.html").module.actors
    implied = str(actors([{"text": "arrested", "code": "NGA", "sector": "COP", "implied": True,
                           "name": "authorities (implied by the act)"}]))
    named = str(actors([{"text": "Police", "code": "NGA", "sector": "COP", "implied": False}]))
    assert "NGA COP" in implied and "(implied)" in implied
    assert "NGA COP" in named and "(implied)" not in named
