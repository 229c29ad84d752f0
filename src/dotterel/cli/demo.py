"""``dotterel demo [FOLDER]``: code the bundled example articles and show their events.

Each ``.txt`` file in the folder is one article; a ``YYYY-MM-DD`` prefix of its file name is
its publication date (``2024-04-14-iran-attack-israel.txt``).  For each article a table shows
when (date and precision), who did what to whom (actor -> PLOVER type (CAMEO) -> recipient),
how certain (status and claimant), where, and the words the event came from.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dotterel.cli import app
from dotterel.models import ActorRef, Document, Event

_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")
QUOTE_CONTEXT = 60  # characters of the sentence shown either side of the trigger


class DemoError(Exception):
    """A demo folder that cannot be used; the message names it and says why."""


def find_examples(folder: Path | None = None) -> Path:
    """The folder to code: ``folder`` if given, else ``./examples``, else the ``examples``
    folder of a source checkout this package was installed from (editable installs)."""
    if folder is not None:
        if not folder.is_dir():
            raise DemoError(f"{folder}: no such folder")
        return folder
    candidates = [Path.cwd() / "examples", Path(__file__).resolve().parents[3] / "examples"]
    for c in candidates:
        if c.is_dir() and any(c.glob("*.txt")):
            return c
    raise DemoError(
        "no examples folder: run from the repository root (where examples/ holds the "
        "bundled articles) or pass a folder of .txt articles: dotterel demo FOLDER"
    )


def publication_date(path: Path) -> str | None:
    """The ``YYYY-MM-DD`` prefix of a file name when it is a real date, else None."""
    from dotterel.resolve.dates import validate_iso_date

    m = _DATE_PREFIX.match(path.name)
    if not m:
        return None
    try:
        return validate_iso_date(m[1])
    except ValueError:
        return None


def demo_documents(folder: Path) -> tuple[list[Document], list[str]]:
    """Documents for every ``.txt`` file in ``folder`` (sorted by name), and the problems
    met (unreadable files, names without a date prefix), each naming its file."""
    from dotterel.ingest import Rejection, read_file

    files = sorted(p for p in folder.glob("*.txt") if p.is_file())
    if not files:
        raise DemoError(f"{folder}: no .txt articles in this folder")
    docs: list[Document] = []
    problems: list[str] = []
    for path in files:
        date = publication_date(path)
        if date is None:
            problems.append(f"{path.name}: no YYYY-MM-DD prefix; coded without a publication date")
        for item in read_file(path, date=date):
            if isinstance(item, Rejection):
                problems.append(f"{item.input}: {item.reason}")
            else:
                docs.append(item)
    return docs, problems


# ---------------------------------------------------------------------------------------------
# Rendering


def _actors(refs: Sequence[ActorRef]) -> str:
    if not refs:
        return "—"
    parts = []
    for r in refs:
        label = r.code or r.text
        if r.code and r.sector:
            label = f"{r.code} {r.sector}"
        parts.append(label)
    return " + ".join(parts)


def _when(ev: Event) -> Text:
    if not ev.date:
        return Text("unknown", style="dim")
    text = Text(ev.date)
    if ev.date_precision != "day":
        text.append(f" ({ev.date_precision})", style="dim")
    if ev.date_source == "publication":
        text.append(" pub.", style="dim italic")
    return text


def _what(ev: Event) -> Text:
    text = Text(_actors(ev.actor), style="bold")
    text.append(" → ")
    text.append(ev.plover or "—", style="cyan")
    text.append(f" ({ev.cameo})", style="dim")
    text.append(" → ")
    text.append(_actors(ev.recipient), style="bold")
    return text


def _status(ev: Event) -> Text:
    style = {"asserted": "green", "denied": "red", "negated": "red", "hedged": "yellow"}
    text = Text(ev.status, style=style.get(ev.status, ""))
    if ev.claimant is not None:
        text.append(f"\nper {ev.claimant.code or ev.claimant.text}", style="dim")
    return text


def _where(ev: Event) -> Text:
    loc = ev.location
    if loc is None:
        return Text("—", style="dim")
    text = Text(loc.name or loc.text)
    if loc.country:
        text.append(f" {loc.country}", style="dim")
    return text


def quote_with_trigger(ev: Event, doc_text: str | None = None) -> Text:
    """The sentence around the trigger (shortened to ``QUOTE_CONTEXT`` characters either
    side), the trigger highlighted."""
    quote = ev.quote
    rel = -1
    if doc_text is not None:
        sent_start = doc_text.find(quote, max(0, ev.trigger.end - len(quote)))
        if 0 <= sent_start <= ev.trigger.start:
            rel = ev.trigger.start - sent_start
    if rel < 0 or quote[rel : rel + len(ev.trigger.text)] != ev.trigger.text:
        rel = quote.find(ev.trigger.text)
    if rel < 0:
        return Text(_shorten(quote, 2 * QUOTE_CONTEXT))
    end = rel + len(ev.trigger.text)
    left = max(0, rel - QUOTE_CONTEXT)
    right = min(len(quote), end + QUOTE_CONTEXT)
    text = Text("…" if left > 0 else "")
    text.append(quote[left:rel])
    text.append(quote[rel:end], style="bold reverse")
    text.append(quote[end:right])
    if right < len(quote):
        text.append("…")
    return text


def _shorten(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def article_table(doc: Document, events: Sequence[Event]) -> Table:
    """One article's events as a Rich table."""
    title = doc.text.strip().splitlines()[0] if doc.text.strip() else doc.id
    caption = f"{doc.id} · published {doc.published or 'unknown'} · {len(events)} events"
    table = Table(title=_shorten(title, 100), caption=caption, show_lines=True, expand=True)
    table.add_column("date", no_wrap=True)
    table.add_column("who → what (CAMEO) → whom", ratio=3, min_width=18)
    table.add_column("status", no_wrap=True)
    table.add_column("place", ratio=2, min_width=10)
    table.add_column("quote", ratio=5, min_width=24)
    for ev in events:
        table.add_row(_when(ev), _what(ev), _status(ev), _where(ev), quote_with_trigger(ev, doc.text))
    if not events:
        table.add_row("", Text("no events found", style="dim"), "", "", "")
    return table


def summary_line(results: Iterable[tuple[Document, Sequence[Event]]], seconds: float) -> str:
    """One line: articles, events, statuses, how many have a place and a date from the text."""
    n_docs = 0
    events: list[Event] = []
    for _doc, evs in results:
        n_docs += 1
        events.extend(evs)
    statuses = Counter(ev.status for ev in events)
    status_part = ", ".join(f"{n} {s}" for s, n in statuses.most_common())
    placed = sum(1 for ev in events if ev.location is not None)
    dated = sum(1 for ev in events if ev.date_source == "text")
    return (
        f"{n_docs} articles, {len(events)} events"
        + (f" ({status_part})" if status_part else "")
        + f"; {placed} with a place, {dated} dated from the text; {seconds:.1f} s"
    )


@app.command("demo")
def demo_command(
    folder: Path | None = typer.Argument(
        None, help="folder of .txt articles named YYYY-MM-DD-*.txt (default: ./examples)"
    ),
) -> None:
    """Code the example articles and print their events, one table per article."""
    console = Console()
    err = Console(stderr=True)
    try:
        folder = find_examples(folder)
        docs, problems = demo_documents(folder)
    except DemoError as e:
        typer.echo(f"dotterel demo: {e}", err=True)
        raise typer.Exit(2) from None
    for p in problems:
        typer.echo(f"dotterel demo: {p}", err=True)
    from dotterel.coder import code_documents

    start = time.perf_counter()
    results: list[tuple[Document, list[Event]]] = []
    with err.status(f"Coding {len(docs)} articles from {folder} ..."):
        for doc, events in code_documents(docs):
            results.append((doc, events))
    for doc, events in results:
        console.print(article_table(doc, events))
    typer.echo(summary_line(results, time.perf_counter() - start))
