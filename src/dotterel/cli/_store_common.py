"""Helpers shared by the store commands (query, dyads, export): open a store read-only, print
DataFrames as a table, JSON Lines or CSV."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import typer

STORE_OPTION_HELP = "the DuckDB store (default: $DOTTEREL_STORE or events.duckdb)"


HEADERS = {
    "actor_code": "actor", "recipient_code": "recipient", "place_name": "place",
    "n_mentions": "mentions", "n_articles": "articles", "n_sources": "sources",
    "claimant_text": "claimant", "trigger_text": "trigger",
}  # fmt: skip


def open_store(command: str, path: Path):
    from dotterel.store import Store, StoreError

    try:
        return Store(path, read_only=True)
    except StoreError as e:
        typer.echo(f"dotterel {command}: --store {e}", err=True)
        raise typer.Exit(1) from None


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "isoformat"):
        s = v.isoformat()
        return s[:10] if s.endswith("T00:00:00") else s
    if hasattr(v, "tolist"):
        return _plain(v.tolist())
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def records(df) -> list[dict[str, Any]]:
    import pandas as pd

    out = []
    for row in df.to_dict(orient="records"):
        rec = {}
        for k, v in row.items():
            if not isinstance(v, list | tuple | dict) and not hasattr(v, "tolist") and pd.isna(v):
                rec[k] = None
            else:
                rec[k] = _plain(v)
        out.append(rec)
    return out


def print_frame(df, fmt: str, columns: list[str] | None = None, title: str | None = None) -> None:
    rows = records(df)
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        import csv

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(list(df.columns))
        for r in rows:
            w.writerow(
                [";".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v) for v in r.values()]
            )
        return
    from rich.console import Console
    from rich.table import Table

    cols = [c for c in (columns or list(df.columns)) if c in df.columns]
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(HEADERS.get(c, c), no_wrap=c in ("date", "event_id", "type"))
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c)
            cells.append("" if v is None else (", ".join(map(str, v)) if isinstance(v, list) else str(v)))
        table.add_row(*cells)
    # A pipe gets the whole table, not one wrapped to 80 columns.
    Console(width=None if sys.stdout.isatty() else 250).print(table)
    if not rows:
        typer.echo("no rows match", err=True)
