"""``dotterel export --store DB --format plover-jsonl|gdelt-tsv|parquet|csv --output PATH``."""

from __future__ import annotations

from pathlib import Path

import typer

from dotterel.cli import app
from dotterel.cli._store_common import STORE_OPTION_HELP, open_store


@app.command("export")
def export_command(
    output: Path = typer.Option(..., "--output", "-o", help="file to write (replaced when it exists)"),
    fmt: str = typer.Option(..., "--format", help="plover-jsonl, gdelt-tsv, parquet or csv"),
    store: Path = typer.Option(Path("events.duckdb"), "--store", envvar="DOTTEREL_STORE", help=STORE_OPTION_HELP),
    table: str = typer.Option("events", "--table", help="parquet/csv: events, mentions or articles"),
    actor: str | None = typer.Option(None, "--actor", help="only events with this actor code"),
    recipient: str | None = typer.Option(None, "--recipient", help="only events with this recipient code"),
    since: str | None = typer.Option(None, "--since", help="event date from (YYYY-MM-DD)"),
    until: str | None = typer.Option(None, "--until", help="event date until (YYYY-MM-DD)"),
) -> None:
    """Export the store's events for other tools (GDELT readers, PLOVER/POLECAT users, analysts)."""
    from dotterel.export import FORMATS, TABLES, export

    if fmt not in FORMATS:
        typer.echo(f"dotterel export: --format {fmt!r}: use one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    if table not in TABLES:
        typer.echo(f"dotterel export: --table {table!r}: use one of {', '.join(TABLES)}", err=True)
        raise typer.Exit(2)
    if not output.parent.exists() or output.is_dir():
        typer.echo(f"dotterel export: --output {output}: folder missing or output is a folder", err=True)
        raise typer.Exit(2)
    s = open_store("export", store)
    filters = dict(actor=actor, recipient=recipient, since=since, until=until)
    try:
        n = export(s, fmt, output, table=table, filters=filters)
    except ValueError as e:
        typer.echo(f"dotterel export: {e}", err=True)
        raise typer.Exit(2) from None
    except OSError as e:
        typer.echo(f"dotterel export: --output {output}: {e.strerror or e}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {n} rows to {output} ({fmt})", err=True)
