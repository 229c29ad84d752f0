"""``dotterel code INPUT... [--date YYYY-MM-DD]``: events as JSON Lines on stdout."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from dotterel.cli import app


@app.command("code")
def code_command(
    inputs: list[str] = typer.Argument(..., help=".txt/.html file, folder, '-' for stdin, or .jsonl"),
    date: str | None = typer.Option(None, "--date", help="publication date YYYY-MM-DD for inputs without one"),
    actors: list[Path] = typer.Option([], "--actors", help="extra actor file(s) overriding the built-in ones"),
) -> None:
    """Code news text into events, one JSON object per line."""
    from dotterel.coder import code_documents
    from dotterel.ingest import Rejection, read_inputs
    from dotterel.resolve.dates import validate_iso_date

    if date is not None:
        try:
            validate_iso_date(date)
        except ValueError as e:
            typer.echo(f"dotterel code: --date {date!r}: {e}", err=True)
            raise typer.Exit(2) from None
    for f in actors:
        if not f.is_file():
            typer.echo(f"dotterel code: --actors {f}: no such file", err=True)
            raise typer.Exit(2)

    rejected = 0
    docs = []
    for item in read_inputs(inputs, date=date):
        if isinstance(item, Rejection):
            rejected += 1
            typer.echo(f"rejected {item.input}: {item.reason}", err=True)
        else:
            docs.append(item)
    out = sys.stdout
    for _doc, events in code_documents(docs, actor_files=tuple(str(a) for a in actors)):
        for ev in events:
            out.write(ev.to_json() + "\n")
    out.flush()
    if rejected:
        raise typer.Exit(3)
