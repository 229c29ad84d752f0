"""Hand-made articles and events for the API and browser tests, and a live server fixture
helper (uvicorn on a free 127.0.0.1 port in a thread)."""

from __future__ import annotations

import socket
import threading
import time

import httpx

from dotterel.models import ActorRef, Document, Event, Location, Span

HOSTILE = (
    'Officials said <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned=2"> '
    "that Iran attacked Israel on 13 June 2025 in Haifa."
)


def _ref(text: str, doc: str, code: str, name: str, sector: str | None = None) -> ActorRef:
    start = doc.index(text)
    return ActorRef(text=text, start=start, end=start + len(text), code=code, name=name, sector=sector)


def _event(doc: Document, quote: str, trigger: str, plover, cameo, quad, intensity, actor, recipient,
           date=None, date_text=None, place=None, status="asserted", confidence=0.8) -> Event:
    text = doc.text
    qs = text.index(quote)
    ts = text.index(trigger, qs)
    loc = None
    if place:
        ptext, name, country, lat, lon = place
        ps = text.index(ptext, qs)
        loc = Location(text=ptext, start=ps, end=ps + len(ptext), name=name, country=country, lat=lat, lon=lon)
    return Event(
        doc_id=doc.id,
        sentence=text[:qs].count(". "),
        quote=quote,
        trigger=Span(text=trigger, start=ts, end=ts + len(trigger)),
        plover=plover,
        cameo=cameo,
        quad_class=quad,
        intensity=intensity,
        actor=[_ref(a[0], text, a[1], a[2], a[3] if len(a) > 3 else None) for a in actor],
        recipient=[_ref(r[0], text, r[1], r[2]) for r in recipient],
        date=date or doc.published,
        date_precision="day",
        date_text=date_text,
        date_source="text" if date_text else "publication",
        location=loc,
        status=status,
        confidence=confidence,
        rule="test",
    )


def sample_corpus() -> list[tuple[Document, list[Event]]]:
    """Three small articles: Iran-Pakistan cooperation, Israel-Iran strikes, a hostile one."""
    a = Document(
        id="2025-05-20-irn-pak",
        title="Iran and Pakistan agree on border trade",
        published="2025-05-20",
        source="test",
        text="Iran and Pakistan signed an agreement on border trade in Islamabad on Monday. "
        "Pakistan's foreign minister met Iranian officials in Tehran.",
    )
    ea = [
        _event(a, "Iran and Pakistan signed an agreement on border trade in Islamabad on Monday.",
               "signed", "AGREE", "057", 1, 6.5, [("Iran", "IRN", "Iran")], [("Pakistan", "PAK", "Pakistan")],
               date="2025-05-19", date_text="Monday",
               place=("Islamabad", "Islamabad", "PAK", 33.72, 73.04)),
        _event(a, "Pakistan's foreign minister met Iranian officials in Tehran.", "met", "CONSULT", "040",
               1, 1.0, [("Pakistan's foreign minister", "PAK", "Pakistan", "GOV")],
               [("Iranian officials", "IRN", "Iran")], place=("Tehran", "Tehran", "IRN", 35.69, 51.42)),
    ]
    b = Document(
        id="2025-06-14-isr-irn",
        title="Israeli strikes on Iran",
        published="2025-06-14",
        source="test",
        text="Israeli jets struck nuclear sites in Natanz on 13 June 2025, the army said. "
        "Iran reportedly fired missiles at Tel Aviv. "
        "The United States condemned Iran.",
    )
    eb = [
        _event(b, "Israeli jets struck nuclear sites in Natanz on 13 June 2025, the army said.", "struck",
               "ASSAULT", "195", 4, -10.0, [("Israeli jets", "ISR", "Israel", "MIL")], [("Natanz", "IRN", "Iran")],
               date="2025-06-13", date_text="13 June 2025", place=("Natanz", "Natanz", "IRN", 33.51, 51.92),
               status="reported"),
        _event(b, "Iran reportedly fired missiles at Tel Aviv.", "fired", "ASSAULT", "190", 4, -10.0,
               [("Iran", "IRN", "Iran")], [("Tel Aviv", "ISR", "Israel")],
               place=("Tel Aviv", "Tel Aviv", "ISR", 32.08, 34.78), status="hedged", confidence=0.6),
        _event(b, "The United States condemned Iran.", "condemned", "ACCUSE", "122", 3, -5.0,
               [("The United States", "USA", "United States")], [("Iran.", "IRN", "Iran")]),
    ]
    c = Document(
        id="2025-06-20-hostile",
        title="<script>window.__pwned = 3</script>Hostile <b>title</b>",
        published="2025-06-20",
        source="test",
        text=HOSTILE,
    )
    ec = [
        _event(c, HOSTILE, "attacked", "ASSAULT", "190", 4,
               -10.0, [("Iran", "IRN", "Iran")], [("Israel", "ISR", "Israel")], date="2025-06-13",
               date_text="13 June 2025", place=("Haifa", "Haifa", "ISR", 32.79, 34.99), status="denied"),
    ]
    return [(a, ea), (b, eb), (c, ec)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving ``asgi`` on 127.0.0.1:<free port> in a daemon thread."""

    def __init__(self, asgi):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(asgi, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("the test server did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
