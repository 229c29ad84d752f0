"""``dotterel watch FEED_URL... --store DB [--every 15m] [--once]``: code live feeds."""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from dotterel.cli import app


@app.command("watch")
def watch_command(
    feeds: list[str] = typer.Argument(..., help="RSS or Atom feed URL(s)"),
    store: Path = typer.Option(..., "--store", help="DuckDB file the coded articles go into"),
    every: str = typer.Option("15m", "--every", help="time between polls: 30s, 15m, 2h, 1d"),
    once: bool = typer.Option(False, "--once", help="poll once and exit"),
    actors: list[Path] = typer.Option([], "--actors", help="extra actor file(s)"),
    timeout: float = typer.Option(15.0, "--timeout", help="seconds before an HTTP request gives up"),
    retries: int = typer.Option(2, "--retries", help="retries of a request that failed for a passing reason"),
    host_interval: float = typer.Option(1.0, "--host-interval", help="seconds between two requests to one host"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="log only warnings"),
) -> None:
    """Poll feeds; fetch, extract, code and store every new article.  Failures are logged and
    skipped.  Validators and seen pages are kept in DB.watch.json beside the store."""
    from dotterel.watch import Fetcher, Watcher, WatchState, check_feed_url, parse_interval

    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    for name in ("httpx", "httpcore", "trafilatura", "htmldate"):
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        interval = parse_interval(every)
        for f in feeds:
            check_feed_url(f)
    except ValueError as e:
        typer.echo(f"dotterel watch: {e}", err=True)
        raise typer.Exit(2) from None
    for f in actors:
        if not f.is_file():
            typer.echo(f"dotterel watch: --actors {f}: no such file", err=True)
            raise typer.Exit(2)
    from dotterel.store import Store, StoreError

    try:
        with Store(store, shared=True):  # created when missing; a foreign file is refused now
            pass
    except StoreError as e:
        typer.echo(f"dotterel watch: --store {e}", err=True)
        raise typer.Exit(1) from None
    try:
        state = WatchState.beside(store)
    except ValueError as e:
        typer.echo(f"dotterel watch: {e}", err=True)
        raise typer.Exit(1) from None

    watcher = Watcher(
        feeds,
        store,
        actor_files=tuple(str(a) for a in actors),
        fetcher=Fetcher(timeout=timeout, retries=retries, host_interval=host_interval),
        state=state,
    )
    try:
        watcher.run(interval, once=once, on_poll=lambda s: typer.echo(s.line(), err=True))
    except KeyboardInterrupt:
        typer.echo("dotterel watch: stopped", err=True)
    finally:
        watcher.close()
