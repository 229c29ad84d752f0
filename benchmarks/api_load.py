"""Load on the HTTP API: N concurrent clients send a bounded number of mixed requests
(including malformed ones) to a real uvicorn on 127.0.0.1, and we report status counts and
latency percentiles.

    .venv/bin/python benchmarks/api_load.py [--clients 50] [--requests 1000] [--articles 300]

The store is generated here (seeded, synthetic events among a dozen actors), so the run needs
nothing but the package.  Pass/fail: no 5xx, every malformed request answered 422 (or 413 for
the oversized body, 401/403 for the unauthenticated write).  Loopback only; bounded in count
(``--requests``) and time (``--deadline`` seconds); stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

from dotterel.models import PLOVER_TYPES, ActorRef, Document, Event, Location, Span
from dotterel.store import Store

ACTORS = ["IRN", "ISR", "USA", "PAK", "SAU", "RUS", "UKR", "CHN", "IND", "TUR", "ARE", "QAT"]
PLACES = [("Tehran", "IRN", 35.69, 51.42), ("Tel Aviv", "ISR", 32.08, 34.78),
          ("Islamabad", "PAK", 33.72, 73.04), ("Kyiv", "UKR", 50.45, 30.52),
          ("Riyadh", "SAU", 24.69, 46.72), ("Doha", "QAT", 25.29, 51.53)]
INTENSITY = {"AGREE": 5, "CONSULT": 1, "SUPPORT": 3.5, "CONCEDE": 4, "COOPERATE": 6, "AID": 7,
             "RETREAT": 4.5, "REQUEST": -1, "ACCUSE": -2, "REJECT": -4, "THREATEN": -6,
             "PROTEST": -6.5, "SANCTION": -7, "MOBILIZE": -7.5, "COERCE": -8, "ASSAULT": -10}
STATUSES = ["asserted", "asserted", "reported", "hedged", "denied", "future"]


def synthetic_corpus(n_articles: int, seed: int = 7) -> list[tuple[Document, list[Event]]]:
    rng = random.Random(seed)
    out = []
    for i in range(n_articles):
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        sentences, events = [], []
        offset = 0
        for s in range(rng.randint(1, 5)):
            a, r = rng.sample(ACTORS, 2)
            plover = rng.choice(PLOVER_TYPES)
            place = rng.choice(PLACES)
            sent = f"{a} acted on {r} near {place[0]}."
            sentences.append(sent)
            ps = offset + sent.index(place[0])
            events.append(Event(
                sentence=s, quote=sent,
                trigger=Span(text="acted", start=offset + 4, end=offset + 9),
                plover=plover, cameo="01", quad_class=1 if INTENSITY[plover] > 0 else 3,
                intensity=INTENSITY[plover],
                actor=[ActorRef(text=a, start=offset, end=offset + 3, code=a, name=a)],
                recipient=[ActorRef(text=r, start=offset + 13, end=offset + 16, code=r, name=r)],
                date=day, date_precision="day", date_source="publication",
                location=Location(text=place[0], start=ps, end=ps + len(place[0]), name=place[0],
                                  country=place[1], lat=place[2], lon=place[3]),
                status=rng.choice(STATUSES), confidence=round(rng.uniform(0.4, 0.95), 2),
                rule="synthetic",
            ))
            offset += len(sent) + 1
        doc = Document(id=f"doc-{i:05d}", text=" ".join(sentences), published=day,
                       title=f"Synthetic article {i}")
        out.append((doc, [e.model_copy(update={"doc_id": doc.id}) for e in events]))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER = """
import sys, uvicorn
from dotterel.serve.app import create_app
uvicorn.run(create_app(sys.argv[1], token="bench-token"), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="error", timeout_keep_alive=30)
"""


def request_plan(n: int, rng: random.Random, n_articles: int) -> list[tuple[str, str, str, dict]]:
    """(kind, method, url, kwargs); kind 'bad' expects 422, 'big' 413, 'auth' 401."""
    plan = []
    for _ in range(n):
        x = rng.random()
        a, b = rng.sample(ACTORS, 2)
        if x < 0.25:
            params = {"actor": a, "limit": rng.choice([10, 50, 100])}
            if rng.random() < 0.5:
                params["type"] = rng.choice(PLOVER_TYPES)
            if rng.random() < 0.5:
                params["since"] = "2025-03-01"
            plan.append(("events", "GET", "/api/events", {"params": params}))
        elif x < 0.35:
            plan.append(("graph", "GET", "/api/graph", {"params": rng.choice([{}, {"since": "2025-06-01", "until": "2025-08-31"}])}))
        elif x < 0.45:
            plan.append(("dyad", "GET", f"/api/dyads/{a}/{b}", {"params": {"period": rng.choice(["day", "week", "month"])}}))
        elif x < 0.55:
            plan.append(("article", "GET", f"/api/articles/doc-{rng.randrange(n_articles):05d}", {}))
        elif x < 0.62:
            plan.append(("mentions", "GET", "/api/mentions", {"params": {"recipient": b, "limit": 50}}))
        elif x < 0.67:
            plan.append(("places", "GET", "/api/places", {}))
        elif x < 0.77:
            page = rng.choice(["/", "/network", "/map", f"/dyads/{a}/{b}",
                               f"/articles/doc-{rng.randrange(n_articles):05d}", "/static/common.js"])
            plan.append(("page", "GET", page, {}))
        elif x < 0.95:
            bad = rng.choice([
                {"since": "2025-13-40"}, {"until": "tomorrow"}, {"limit": "0"}, {"limit": "abc"},
                {"offset": "-5"}, {"type": "NUKE"}, {"status": "maybe"}, {"actor": "<script>"},
                {"since": "2025-09-01", "until": "2025-01-01"}, {"place": "x" * 500},
            ])
            url = rng.choice(["/api/events", "/api/mentions", "/api/graph"])
            if url == "/api/graph":
                bad = rng.choice([{"since": "2025-13-40"}, {"until": "x"}])
            plan.append(("bad", "GET", url, {"params": bad}))
        elif x < 0.97:
            plan.append(("bad", "POST", "/api/code", {"content": b"{not json", "headers": {"content-type": "application/json"}}))
        elif x < 0.985:
            plan.append(("big", "POST", "/api/code", {"json": {"text": "x" * 1_200_000}}))
        else:
            plan.append(("auth", "POST", "/api/code", {"json": {"text": "Iran met Pakistan.", "store": True}}))
    return plan


EXPECTED = {"bad": {422}, "big": {413}, "auth": {401}}


async def run(base: str, plan, clients: int, deadline: float):
    results = []
    queue: asyncio.Queue = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    stop_at = time.monotonic() + deadline
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(client):
        while not queue.empty() and time.monotonic() < stop_at:
            kind, method, url, kw = queue.get_nowait()
            t = time.perf_counter()
            try:
                r = await client.request(method, url, **kw)
                status = r.status_code
            except httpx.HTTPError as e:
                status = f"error:{type(e).__name__}"
            results.append((kind, status, time.perf_counter() - t))

    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    return results


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--deadline", type=float, default=600.0, help="seconds; stop sending after")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "load.duckdb"
        store = Store(path)
        summary = store.add(synthetic_corpus(args.articles), "bench")
        store.close()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(path), str(port)],
                                  env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            t0 = time.monotonic()
            while time.monotonic() - t0 < 60:
                try:
                    if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                print("server did not start", file=sys.stderr)
                return 2
            plan = request_plan(args.requests, random.Random(args.seed), args.articles)
            t = time.perf_counter()
            results = asyncio.run(run(base, plan, args.clients, args.deadline))
            wall = time.perf_counter() - t
        finally:
            server.terminate()
            server.wait(timeout=30)

    by_kind = defaultdict(list)
    statuses = Counter()
    wrong = []
    for kind, status, dt in results:
        by_kind[kind].append(dt)
        statuses[status] += 1
        ok = EXPECTED.get(kind, {200})
        if status not in ok:
            wrong.append((kind, status))
    lat = [dt for _, _, dt in results]
    print(f"store: {args.articles} articles, {summary.mentions} mentions; "
          f"{args.clients} clients, {len(results)}/{args.requests} requests in {wall:.1f} s "
          f"({len(results) / wall:.0f} req/s)")
    print("status counts:", dict(sorted(statuses.items(), key=lambda kv: str(kv[0]))))
    print(f"{'kind':10} {'n':>5} {'p50 ms':>8} {'p99 ms':>8}")
    for kind in sorted(by_kind):
        v = by_kind[kind]
        print(f"{kind:10} {len(v):5d} {pct(v, 50) * 1000:8.0f} {pct(v, 99) * 1000:8.0f}")
    print(f"{'all':10} {len(lat):5d} {pct(lat, 50) * 1000:8.0f} {pct(lat, 99) * 1000:8.0f}")
    five = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
    print(f"5xx: {five}; unexpected statuses: {len(wrong)} {Counter(wrong).most_common(5)}")
    if len(results) < args.requests:
        print(f"deadline reached after {len(results)} requests")
    return 0 if five == 0 and not wrong and len(results) == args.requests else 1


if __name__ == "__main__":
    raise SystemExit(main())
