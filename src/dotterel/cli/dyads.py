"""``dotterel dyads --store DB [filters]``: who did what to whom, summed per actor pair."""

from __future__ import annotations

from pathlib import Path

import typer

from dotterel.cli import app
from dotterel.cli._store_common import STORE_OPTION_HELP, open_store, print_frame


@app.command("dyads")
def dyads_command(
    store: Path = typer.Option(Path("events.duckdb"), "--store", envvar="DOTTEREL_STORE", help=STORE_OPTION_HELP),
    actor: str | None = typer.Option(None, "--actor", help="actor code"),
    recipient: str | None = typer.Option(None, "--recipient", help="recipient code"),
    type_: str | None = typer.Option(None, "--type", help="PLOVER type or CAMEO prefix"),
    status: str | None = typer.Option(None, "--status", help="mention status"),
    since: str | None = typer.Option(None, "--since", help="event date from (YYYY-MM-DD)"),
    until: str | None = typer.Option(None, "--until", help="event date until (YYYY-MM-DD)"),
    fmt: str = typer.Option("table", "--format", help="table, jsonl or csv"),
    limit: int | None = typer.Option(None, "--limit", min=0, help="at most N dyads"),
    series: bool = typer.Option(False, "--series", help="monthly time series of one dyad (needs --actor and --recipient)"),
    period: str = typer.Option("month", "--period", help="with --series: day, week, month, quarter, year"),
) -> None:
    """Directed dyads (actor -> recipient) with event counts per quad class and mean intensity."""
    if fmt not in ("table", "jsonl", "csv"):
        typer.echo(f"dotterel dyads: --format {fmt!r}: use table, jsonl or csv", err=True)
        raise typer.Exit(2)
    if series and not (actor and recipient):
        typer.echo("dotterel dyads: --series needs --actor and --recipient", err=True)
        raise typer.Exit(2)
    s = open_store("dyads", store)
    try:
        if series:
            df = s.dyad_series(actor, recipient, period=period, since=since, until=until)
        else:
            df = s.dyads(
                actor=actor, recipient=recipient, type=type_, status=status, since=since,
                until=until, limit=limit,
            )
    except ValueError as e:
        typer.echo(f"dotterel dyads: {e}", err=True)
        raise typer.Exit(2) from None
    print_frame(df, fmt)
