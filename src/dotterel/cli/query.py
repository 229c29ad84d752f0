"""``dotterel query --store DB [filters] [--format table|jsonl|csv]``: events from a store."""

from __future__ import annotations

from pathlib import Path

import typer

from dotterel.cli import app
from dotterel.cli._store_common import STORE_OPTION_HELP, open_store, print_frame

TABLE_COLUMNS = [
    "date", "type", "cameo", "actor_code", "recipient_code", "place_name", "status",
    "n_mentions", "n_articles", "n_sources", "event_id",
]  # fmt: skip
MENTION_COLUMNS = [
    "date", "plover", "cameo", "actor_code", "recipient_code", "status", "claimant_text",
    "doc_id", "trigger_text", "quote",
]  # fmt: skip


@app.command("query")
def query_command(
    store: Path = typer.Option(Path("events.duckdb"), "--store", envvar="DOTTEREL_STORE", help=STORE_OPTION_HELP),
    actor: str | None = typer.Option(None, "--actor", help="actor code (ISO-3, IGO ...)"),
    recipient: str | None = typer.Option(None, "--recipient", help="recipient code"),
    type_: str | None = typer.Option(None, "--type", help="PLOVER type (ASSAULT), CAMEOxx, or a CAMEO code prefix (19)"),
    status: str | None = typer.Option(None, "--status", help="asserted, reported, hedged, denied, negated, hypothetical, future, historical"),
    since: str | None = typer.Option(None, "--since", help="event date from (YYYY-MM-DD)"),
    until: str | None = typer.Option(None, "--until", help="event date until (YYYY-MM-DD)"),
    place: str | None = typer.Option(None, "--place", help="ISO-3 country, place name or GeoNames id"),
    fmt: str = typer.Option("table", "--format", help="table, jsonl or csv"),
    limit: int | None = typer.Option(None, "--limit", min=0, help="at most N rows"),
    mentions: bool = typer.Option(False, "--mentions", help="list mentions (one per sentence) instead of events"),
) -> None:
    """Events (deduplicated happenings) matching the filters, oldest first."""
    from dotterel.models import STATUSES

    if fmt not in ("table", "jsonl", "csv"):
        typer.echo(f"dotterel query: --format {fmt!r}: use table, jsonl or csv", err=True)
        raise typer.Exit(2)
    if status is not None and status not in STATUSES:
        typer.echo(f"dotterel query: --status {status!r}: use one of {', '.join(STATUSES)}", err=True)
        raise typer.Exit(2)
    s = open_store("query", store)
    filters = dict(
        actor=actor, recipient=recipient, type=type_, status=status, since=since, until=until,
        place=place, limit=limit,
    )
    try:
        df = s.mentions(**filters) if mentions else s.events(**filters)
    except ValueError as e:
        typer.echo(f"dotterel query: {e}", err=True)
        raise typer.Exit(2) from None
    print_frame(df, fmt, MENTION_COLUMNS if mentions else TABLE_COLUMNS)
