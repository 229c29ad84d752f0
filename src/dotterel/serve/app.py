"""``dotterel serve``: the JSON API and the pages, one FastAPI app over one store.

Every read opens the store read-only for the length of the request (the STORE contract: a
reader sees what writers have committed), every parameter is validated before it reaches the
store (bad ones get 422 naming the parameter and the reason), pages escape every piece of
article text, and nothing is loaded from anywhere but this server.
"""

from __future__ import annotations

import hmac
import json
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import Body, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from dotterel import relations
from dotterel.models import PLOVER_TYPES, STATUSES
from dotterel.serve.highlight import article_segments
from dotterel.serve.security import BodyLimit, SecurityHeaders

HERE = Path(__file__).resolve().parent
DEFAULT_BODY_LIMIT = 1_000_000  # bytes; an article is far smaller
MAX_LIMIT = 1000
ACTOR_CODE = re.compile(r"^[A-Za-z0-9_]{2,16}$")
DOC_ID = re.compile(r"^[^\x00-\x1f\x7f]{1,2000}$")  # ids may be paths or URLs (ingest)


# Query parameters shared by the endpoints (module level: FastAPI resolves them by name).
ActorQ = Annotated[str | None, Query(description="actor code, e.g. IRN", max_length=16)]
RecipientQ = Annotated[str | None, Query(description="recipient code", max_length=16)]
TypeQ = Annotated[
    str | None,
    Query(description="PLOVER type (ASSAULT), CAMEOxx, or a CAMEO code prefix (19)", max_length=16),
]
StatusQ = Annotated[str | None, Query(description="claim status", max_length=16)]
SinceQ = Annotated[str | None, Query(description="YYYY-MM-DD, inclusive", max_length=10)]
UntilQ = Annotated[str | None, Query(description="YYYY-MM-DD, inclusive", max_length=10)]
PlaceQ = Annotated[
    str | None, Query(description="ISO-3 country, place name or GeoNames id", max_length=200)
]
LimitQ = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"1..{MAX_LIMIT}")]
OffsetQ = Annotated[int, Query(ge=0, le=100_000_000)]


class CodeRequest(BaseModel):
    text: str = Field(..., min_length=1, description="the article text")
    date: str | None = Field(None, description="publication date YYYY-MM-DD")
    doc_id: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    store: bool = Field(False, description="also add the article and its events to the store")


def _records(df: pd.DataFrame) -> list[dict]:
    """DataFrame -> JSON-ready records (NaN -> null, timestamps -> ISO, numpy -> Python)."""
    if df is None or len(df) == 0:
        return []
    dates = {}
    for col in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            values = df[col].dropna()
            if len(values) and (values == values.dt.normalize()).all():
                # a DATE column: "2025-06-13", not "2025-06-13T00:00:00.000"
                dates[col] = df[col].dt.strftime("%Y-%m-%d")
    if dates:
        df = df.assign(**dates)
    return json.loads(df.to_json(orient="records", date_format="iso", default_handler=str))


def _jsonable(obj: Any) -> Any:
    return json.loads(json.dumps(obj, default=str))


class FastJSON(JSONResponse):
    """JSON straight from ``json.dumps`` (our payloads are plain dicts and lists already), so
    FastAPI's field-by-field encoder is skipped.  NaN would not be JSON: it becomes null."""

    def render(self, content: Any) -> bytes:
        try:
            text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except ValueError:
            text = json.dumps(_no_nan(content), ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8")


def _no_nan(obj: Any) -> Any:
    if isinstance(obj, float) and obj != obj:
        return None
    if isinstance(obj, dict):
        return {k: _no_nan(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_no_nan(v) for v in obj]
    return obj


def _bad(param: str, reason: str) -> HTTPException:
    return HTTPException(status_code=422, detail=f"query parameter {param!r}: {reason}")


def _check_date(param: str, value: str | None) -> str | None:
    if value is None:
        return None
    from dotterel.resolve.dates import validate_iso_date

    try:
        return validate_iso_date(value)
    except ValueError as e:
        raise _bad(param, f"{value!r} is not a valid date ({e})") from None


def _check_code(param: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not ACTOR_CODE.match(value):
        raise _bad(param, f"{value!r} is not an actor code (2-16 letters, digits or _)")
    return value.upper()


CAMEO_TYPE = re.compile(r"^(CAMEO\d{2}|\d{2,4})$")


def _check_type(value: str | None) -> str | None:
    """A PLOVER type (ASSAULT), a CAMEO root with no PLOVER type (CAMEO01), or a CAMEO code
    prefix (19): as ``dotterel query --type``."""
    if value is None:
        return None
    v = value.strip().upper()
    if v in PLOVER_TYPES or CAMEO_TYPE.match(v):
        return v
    raise _bad(
        "type",
        f"{value!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)}), "
        "CAMEOxx or a CAMEO code prefix of 2-4 digits",
    )


def _check_choice(param: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    v = value.upper() if param == "type" else value.lower()
    if v not in choices:
        raise _bad(param, f"{value!r} is not one of {', '.join(choices)}")
    return v


def _check_doc_id(doc_id: str) -> str:
    if not DOC_ID.match(doc_id):
        raise HTTPException(422, detail=f"doc_id {doc_id!r}: not a valid document id")
    return doc_id


class _ReadWriteLock:
    """Many readers or one writer within this process: DuckDB refuses a read-write
    connection while read-only ones to the same file are open in the same process."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def reading(self):
        with self._cond:
            while self._writing:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self):
        with self._cond:
            while self._writing or self._readers:
                self._cond.wait()
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class StoreAccess:
    """The store as the server sees it, following the STORE contract: read-only, a short
    connection per call (so ``dotterel code --store`` can write between our reads), one
    ``Store`` object per worker thread so reads run side by side.

    ``snapshot()`` keeps every mention (parsed back into event records) and their dyads in
    memory until the file changes on disk; the pages and the graph are computed from it."""

    def __init__(self, path: str | Path, lock_timeout: float = 30.0):
        from dotterel.store import Store

        self.path = Path(path)
        self.lock_timeout = lock_timeout
        Store(self.path, read_only=True, lock_timeout=lock_timeout)  # validates, else StoreError
        self._local = threading.local()
        self.rw = _ReadWriteLock()
        self._snapshot_lock = threading.Lock()
        self._snapshot: tuple[tuple, dict] | None = None
        self._cache: dict = {}
        self._cache_stamp: tuple | None = None
        self._cache_lock = threading.Lock()

    def _reader(self):
        store = getattr(self._local, "store", None)
        if store is None:
            from dotterel.store import Store

            store = Store(self.path, read_only=True, lock_timeout=self.lock_timeout)
            self._local.store = store
        return store

    def memo(self, key: tuple, compute):
        """``compute()``, remembered while the store file is unchanged (see ``call``)."""
        key = ("memo", *key)
        stamp = self._stamp()
        with self._cache_lock:
            if self._cache_stamp != stamp:
                self._cache.clear()
                self._cache_stamp = stamp
            if key in self._cache:
                return self._cache[key]
        result = compute()
        with self._cache_lock:
            if self._cache_stamp == stamp:
                if len(self._cache) >= 512:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[key] = result
        return result

    def call(self, method: str, *args, **kwargs):
        """``Store.<method>(*args, **kwargs)``, answered from memory while the file on disk
        is unchanged: every commit changes the file (or its WAL), so a reader still sees each
        committed batch, without paying a connection (tens of ms) per request."""
        key = (method, args, tuple(sorted(kwargs.items())))
        return self.memo(key, lambda: self.fresh(method, *args, **kwargs))

    def fresh(self, method: str, *args, **kwargs):
        """``Store.<method>(...)`` now, through a short read-only connection."""
        with self.rw.reading():
            return getattr(self._reader(), method)(*args, **kwargs)

    def add(self, results, coder_version: str):
        from dotterel.store import Store

        with self.rw.writing():
            store = Store(self.path, shared=True, lock_timeout=self.lock_timeout)
            try:
                return store.add(results, coder_version)
            finally:
                store.close()

    def _stamp(self) -> tuple:
        out = []
        for p in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = p.stat()
                out.append((st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:
                out.append(None)
        return tuple(out)

    def snapshot(self) -> dict:
        """{"records": [event record dicts with event_id], "dyads": dyad frame}."""
        with self._snapshot_lock:
            stamp = self._stamp()
            if self._snapshot is not None and self._snapshot[0] == stamp:
                return self._snapshot[1]
            mentions = self.call("mentions")
            records = mention_records(mentions)
            data = {"records": records, "dyads": relations.dyad_frame(records)}
            self._snapshot = (stamp, data)
            return data


def mention_records(mentions: pd.DataFrame) -> list[dict]:
    """Store mention rows -> full event records (the Event JSON) with their store ids."""
    out = []
    if mentions is None or mentions.empty:
        return out
    cols = list(mentions.columns)
    for row in mentions.itertuples(index=False, name=None):
        r = dict(zip(cols, row, strict=True))
        try:
            rec = json.loads(r["record"]) if isinstance(r.get("record"), str) else {}
        except ValueError:
            rec = {}
        rec["event_id"] = r.get("event_id")
        rec["mention_id"] = r.get("mention_id")
        rec["doc_id"] = r.get("doc_id") or rec.get("doc_id")
        out.append(rec)
    return out


def _filter_records(
    records: list[dict], since: str | None = None, until: str | None = None, type: str | None = None
) -> list[dict]:
    out = []
    for r in records:
        d = (r.get("date") or "")[:10]
        if (since or until) and not d:
            continue
        if since and d < since:
            continue
        if until and d > until:
            continue
        if type and not _type_matches(r, type):
            continue
        out.append(r)
    return out


def _type_matches(record: dict, type: str) -> bool:
    """The store's ``type`` filter on one record: PLOVER type, CAMEOxx root, or code prefix."""
    cameo = str(record.get("cameo") or "")
    if type.isdigit():
        return cameo.startswith(type)
    return (record.get("plover") or f"CAMEO{cameo[:2]}").upper() == type


def places(records: list[dict]) -> list[dict]:
    """Event places: one entry per located place, its events (one per event id), count, score."""
    groups: dict[tuple, dict] = {}
    for r in records:
        loc = r.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        key = (loc.get("geonameid") or loc.get("name") or loc.get("text"), loc["lat"], loc["lon"])
        g = groups.setdefault(
            key,
            {
                "name": loc.get("name") or loc.get("text"),
                "country": loc.get("country"),
                "geonameid": loc.get("geonameid"),
                "lat": loc["lat"],
                "lon": loc["lon"],
                "events": {},
            },
        )
        eid = r.get("event_id") or r.get("mention_id")
        w = relations.event_weight(r.get("confidence"), r.get("status"))
        if eid not in g["events"] or g["events"][eid][0] < w:
            g["events"][eid] = (w, r)
    out = []
    for g in groups.values():
        evs = [r for _, r in g["events"].values()]
        weights = [w for w, _ in g["events"].values()]
        out.append(
            {
                **{k: v for k, v in g.items() if k != "events"},
                "count": len(evs),
                "score": relations.score([e.get("intensity") for e in evs], weights),
                "events": [_event_summary(e) for e in evs[:50]],
            }
        )
    out.sort(key=lambda p: (-p["count"], str(p["name"])))
    return out


def _event_summary(r: dict) -> dict:
    keys = (
        "event_id", "mention_id", "doc_id", "quote", "plover", "cameo", "quad_class",
        "intensity", "actor", "recipient", "date", "status", "confidence",
    )
    return {k: r.get(k) for k in keys}


def create_app(
    store_path: str | Path,
    token: str | None = None,
    body_limit: int = DEFAULT_BODY_LIMIT,
    actor_files: tuple[str, ...] = (),
    lock_timeout: float = 30.0,
) -> Any:
    """The ASGI app: FastAPI wrapped in the body-size limit and the security headers.

    Raises ``dotterel.store.StoreError`` when ``store_path`` is not a readable store."""
    from dotterel.store import StoreBusy, StoreError

    access = StoreAccess(store_path, lock_timeout=lock_timeout)
    api = FastAPI(
        title="Dotterel",
        version="0.1.0",
        description="Political events coded from news (PLOVER / CAMEO): the JSON API behind "
        "the pages. Bad parameters get 422, oversized bodies 413, writes need the token.",
        docs_url=None,  # the Swagger/ReDoc pages load scripts from a CDN: nothing may leave
        redoc_url=None,
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    api.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    api.state.access = access
    coder_lock = threading.Lock()

    @api.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        problems = []
        for err in exc.errors():
            loc = [str(x) for x in err.get("loc", ())]
            if loc and loc[0] == "body":
                where = "request body" + (f" field {'.'.join(loc[1:])!r}" if len(loc) > 1 else "")
            elif len(loc) > 1:
                where = f"{loc[0]} parameter {loc[-1]!r}"
            else:
                where = ".".join(loc)
            problems.append(f"{where}: {err.get('msg')}")
        return JSONResponse(
            status_code=422,
            content={"error": "; ".join(problems), "detail": _jsonable(exc.errors())},
        )

    @api.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if not request.url.path.startswith(("/api/", "/static/", "/openapi.json")):
            # a person's page: say what went wrong in a page, not in JSON
            names = {404: "Not found", 422: "Bad request", 503: "Busy"}
            message = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else (
                f"There is no page at {request.url.path}."
            )
            return templates.TemplateResponse(
                request,
                "error.html",
                {"title": names.get(exc.status_code, "Error"), "status": names.get(exc.status_code, "Error"),
                 "message": message},
                status_code=exc.status_code,
            )
        return JSONResponse(
            status_code=exc.status_code,
            content={"error": exc.detail},
            headers=getattr(exc, "headers", None),
        )

    @api.exception_handler(StoreBusy)
    async def store_busy(request: Request, exc: StoreBusy):
        return JSONResponse(
            status_code=503, content={"error": str(exc)}, headers={"Retry-After": "2"}
        )

    @api.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        return JSONResponse(status_code=503, content={"error": str(exc)})

    def check_period(since: str | None, until: str | None) -> tuple[str | None, str | None]:
        since, until = _check_date("since", since), _check_date("until", until)
        if since and until and since > until:
            raise _bad("since", f"{since} is after until {until}")
        return since, until

    def event_filters(actor, recipient, type, status, since, until, place) -> dict:
        since, until = check_period(since, until)
        return {
            "actor": _check_code("actor", actor),
            "recipient": _check_code("recipient", recipient),
            "type": _check_type(type),
            "status": _check_choice("status", status, STATUSES),
            "since": since,
            "until": until,
            "place": place,
        }

    def paged(key: str, rows: list[dict], limit: int, offset: int) -> dict:
        return {
            key: rows,
            "count": len(rows),
            "limit": limit,
            "offset": offset,
            "next_offset": offset + limit if len(rows) == limit else None,
        }

    # ---------------------------------------------------------------- API

    @api.get("/api/events", tags=["api"])
    def api_events(
        actor: ActorQ = None,
        recipient: RecipientQ = None,
        type: TypeQ = None,
        status: StatusQ = None,
        since: SinceQ = None,
        until: UntilQ = None,
        place: PlaceQ = None,
        limit: LimitQ = 100,
        offset: OffsetQ = 0,
    ) -> dict:
        """Deduplicated events (the store's ``events`` table) matching every filter given,
        oldest first, paged with limit/offset."""
        filters = event_filters(actor, recipient, type, status, since, until, place)
        rows = access.memo(
            ("events-json", tuple(filters.items()), limit, offset),
            lambda: _records(access.fresh("events", **filters, limit=limit, offset=offset)),
        )
        return FastJSON(paged("events", rows, limit, offset))

    @api.get("/api/mentions", tags=["api"])
    def api_mentions(
        actor: ActorQ = None,
        recipient: RecipientQ = None,
        type: TypeQ = None,
        status: StatusQ = None,
        since: SinceQ = None,
        until: UntilQ = None,
        place: PlaceQ = None,
        doc_id: Annotated[str | None, Query(max_length=2000)] = None,
        event_id: Annotated[str | None, Query(max_length=64)] = None,
        limit: LimitQ = 100,
        offset: OffsetQ = 0,
    ) -> dict:
        """Mentions (each sentence that reports an event) as full event records, with quotes,
        status and offsets; same filters as /api/events plus doc_id and event_id."""
        filters = event_filters(actor, recipient, type, status, since, until, place)
        if doc_id is not None:
            _check_doc_id(doc_id)
        rows = access.memo(
            ("mentions-json", tuple(filters.items()), doc_id, event_id, limit, offset),
            lambda: _jsonable(
                mention_records(
                    access.fresh(
                        "mentions",
                        **filters,
                        doc_id=doc_id,
                        event_id=event_id,
                        limit=limit,
                        offset=offset,
                    )
                )
            ),
        )
        return FastJSON(paged("mentions", rows, limit, offset))

    def load_article(doc_id: str) -> tuple[dict, list[dict]]:
        _check_doc_id(doc_id)

        def fetch():
            article = access.fresh("article", doc_id)
            if article is None:
                return None
            events = mention_records(access.fresh("mentions", doc_id=doc_id))
            return _jsonable(article), _jsonable(events)

        found = access.memo(("article", doc_id), fetch)
        if found is None:
            raise HTTPException(404, detail=f"no article with doc_id {doc_id!r}")
        return found

    @api.get("/api/articles/{doc_id:path}", tags=["api"])
    def api_article(doc_id: str) -> dict:
        """One article: its text and metadata, and the events coded from it (one record per
        mention, offsets into ``text``)."""
        article, events = load_article(doc_id)
        return FastJSON({**article, "events": events})

    @api.get("/api/graph", tags=["api"])
    def api_graph(since: SinceQ = None, until: UntilQ = None) -> dict:
        """The actor graph of a period: nodes (actors: id = code, name, count, score) and
        edges (directed dyads: source, target, count, score, types, quads, event ids)."""
        since, until = check_period(since, until)
        g = access.memo(
            ("graph", since, until),
            lambda: relations.graph(access.snapshot()["dyads"], since=since, until=until),
        )
        months_ = access.memo(("months",), months)
        return FastJSON({"since": since, "until": until, **g, "months": months_})

    def months() -> list[dict]:
        """Months with dyadic events in the whole store (for the period control)."""
        frame = access.snapshot()["dyads"]
        frame = frame[frame["date"].notna()]
        if frame.empty:
            return []
        keys = relations.period_key(frame["date"], "month")
        counts = frame.assign(month=keys).groupby("month")["event_id"].nunique()
        return [{"month": m, "count": int(n)} for m, n in counts.items()]

    @api.get("/api/places", tags=["api"])
    def api_places(since: SinceQ = None, until: UntilQ = None, type: TypeQ = None) -> dict:
        """Event places for the map: name, country, lat, lon, count, score and events."""
        since, until = check_period(since, until)
        type = _check_type(type)
        def compute():
            selected = _filter_records(access.snapshot()["records"], since, until, type)
            pl = places(selected)
            located = sum(p["count"] for p in pl)
            total = len({r.get("event_id") for r in selected})
            return _jsonable({"places": pl, "located": located, "total": total})

        return FastJSON(access.memo(("places", since, until, type), compute))

    def dyad_data(a: str, b: str, period: str, since=None, until=None) -> dict:
        return access.memo(
            ("dyad", a, b, period, since, until), lambda: _dyad_data(a, b, period, since, until)
        )

    def _dyad_data(a: str, b: str, period: str, since=None, until=None) -> dict:
        snap = access.snapshot()
        frame = relations._select_dyad(snap["dyads"], a, b, True)  # noqa: SLF001
        if since or until:
            frame = relations._filter_dates(frame[frame["date"].notna()], since, until)  # noqa: SLF001
        ids = set(frame["event_id"])
        events = [r for r in snap["records"] if r.get("event_id") in ids]
        events.sort(key=lambda e: (str(e.get("date") or ""), str(e.get("mention_id"))))
        return {
            "a": a,
            "b": b,
            "period": period,
            "series": _records(relations.dyad_series(frame, period)),
            "overall": _records(relations.timeline(frame, period)),
            "totals": relations.top_dyads(frame, 2),
            "events": _jsonable(events),
        }

    @api.get("/api/dyads/{a}/{b}", tags=["api"])
    def api_dyad(
        a: str,
        b: str,
        period: Annotated[str, Query(pattern="^(day|week|month)$")] = "month",
        since: SinceQ = None,
        until: UntilQ = None,
    ) -> dict:
        """The dyad a -> b and b -> a: per period counts by type and quad class and the score
        (``series``, one row per direction and period), both directions together
        (``overall``), and every mention of their events (``events``)."""
        a, b = _check_code("a", a), _check_code("b", b)
        since, until = check_period(since, until)
        return FastJSON(dyad_data(a, b, period, since, until))

    @api.post("/api/code", tags=["api"])
    def api_code(
        req: Annotated[CodeRequest, Body()],
        authorization: Annotated[str | None, Header()] = None,
        x_dotterel_token: Annotated[str | None, Header()] = None,
    ) -> dict:
        """Code posted text and return its events; with ``store: true`` also add it to the
        store, which needs the token set at start-up (``Authorization: Bearer TOKEN``)."""
        date = None
        if req.date:
            from dotterel.resolve.dates import validate_iso_date

            try:
                date = validate_iso_date(req.date)
            except ValueError as e:
                raise HTTPException(422, detail=f"request body field 'date': {e}") from None
        if req.store:
            if not token:
                raise HTTPException(
                    403, detail="storing is disabled: the server was started without --token"
                )
            given = x_dotterel_token
            if authorization and authorization.lower().startswith("bearer "):
                given = authorization[7:].strip()
            if not given or not hmac.compare_digest(given.encode(), token.encode()):
                raise HTTPException(
                    401,
                    detail="storing needs the server's token (Authorization: Bearer TOKEN)",
                    headers={"WWW-Authenticate": "Bearer"},
                )
        from dotterel import CODER_VERSION
        from dotterel.coder import code_documents
        from dotterel.models import Document

        doc_id = req.doc_id
        if doc_id is None:
            import hashlib

            doc_id = "posted-" + hashlib.sha256(req.text.encode()).hexdigest()[:16]
        else:
            _check_doc_id(doc_id)
        doc = Document(id=doc_id, text=req.text, url=req.url, title=req.title, published=date)
        with coder_lock:
            results = list(code_documents([doc], actor_files=actor_files))
        events = results[0][1] if results else []
        summary = access.add(results, CODER_VERSION) if req.store else None
        return {
            "doc_id": doc_id,
            "events": [e.model_dump(mode="json") for e in events],
            "stored": bool(req.store),
            "summary": _jsonable(vars(summary)) if summary is not None else None,
        }

    @api.get("/api/health", tags=["api"])
    def api_health() -> dict:
        return {"ok": True, "store": str(access.path)}

    # ---------------------------------------------------------------- pages
    def page(request: Request, name: str, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    @api.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request):
        return page(request, "overview.html", title="Overview", **access.memo(("overview",), overview_data))

    def overview_data() -> dict:
        snap = access.snapshot()
        records, frame = snap["records"], snap["dyads"]
        by_event: dict = {}
        for r in records:
            by_event.setdefault(r.get("event_id"), r)
        statuses: dict[str, int] = {}
        types: dict[str, int] = {}
        for r in by_event.values():
            statuses[r.get("status")] = statuses.get(r.get("status"), 0) + 1
            t = r.get("plover") or f"CAMEO {r.get('cameo')}"
            types[t] = types.get(t, 0) + 1
        return {
            "n_events": len(by_event),
            "n_mentions": len(records),
            "n_articles": len({r.get("doc_id") for r in records}),
            "n_dyads": len(frame.groupby(["source", "target"])) if len(frame) else 0,
            "n_actors": len(set(frame["source"]) | set(frame["target"])),
            "statuses": dict(sorted(statuses.items(), key=lambda kv: -kv[1])),
            "types": dict(sorted(types.items(), key=lambda kv: -kv[1])),
            "top": relations.top_dyads(frame, 12),
            "timeline": _records(relations.timeline(frame, "month")),
        }

    @api.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network(request: Request):
        return page(request, "network.html", title="Actor network")

    @api.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def world_map(request: Request):
        return page(request, "map.html", title="Map", plover_types=PLOVER_TYPES)

    @api.get("/code", response_class=HTMLResponse, include_in_schema=False)
    def code_page(request: Request):
        return page(request, "code.html", title="Code an article", can_store=bool(token))

    @api.get("/dyads/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, a: str, b: str):
        a, b = _check_code("a", a), _check_code("b", b)
        data = dyad_data(a, b, "month")
        names = {a: a, b: b}
        for d in data["totals"]:
            names[d["source"]], names[d["target"]] = d["source_name"], d["target_name"]
        events = sorted(data["events"], key=lambda e: str(e.get("date") or ""), reverse=True)
        return page(
            request,
            "dyad.html",
            title=f"{a} – {b}",
            a=a,
            b=b,
            names=names,
            events=events,
            ab=[d for d in data["totals"] if d["source"] == a],
            ba=[d for d in data["totals"] if d["source"] == b],
        )

    @api.get("/articles/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, doc_id: str):
        article, events = load_article(doc_id)
        segments, legend = article_segments(article.get("text") or "", events)
        return page(
            request,
            "article.html",
            title=article.get("title") or doc_id,
            article=article,
            segments=segments,
            legend=legend,
            events=events,
        )

    @api.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(request: Request):
        rows = _records(access.call("articles", limit=500))
        return page(request, "articles.html", title="Articles", articles=rows)

    app = SecurityHeaders(BodyLimit(api, body_limit))
    app.api = api  # the FastAPI object, for callers that want its schema or state
    return app
