"""Show evaluation results as Rich tables, or write them as JSON (with the misses)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table as RichTable

from dotterel.evaluate.base import DatasetResult


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def render(results: list[DatasetResult], console: Console) -> None:
    summary = RichTable(title="Dotterel accuracy: headline figures", show_lines=False)
    summary.add_column("dataset", style="bold")
    summary.add_column("figure")
    summary.add_column("value", justify="right")
    for res in results:
        first = True
        for k, v in res.headline.items():
            summary.add_row(res.name if first else "", k, _fmt(v))
            first = False
        summary.add_section()
    for res in results:
        for t in res.tables:
            table = RichTable(title=f"{res.name}: {t.title}")
            for i, c in enumerate(t.columns):
                table.add_column(c, justify="left" if i == 0 else "right")
            for row in t.rows:
                table.add_row(*[_fmt(x) for x in row])
            console.print(table)
        counts = ", ".join(f"{k} {v}" for k, v in res.counts.items())
        console.print(f"[dim]{res.name}: {counts}; misses {len(res.misses)}[/dim]")
        for note in res.notes:
            console.print(f"[dim]  note: {note}[/dim]")
        console.print()
    console.print(summary)


def to_json(results: list[DatasetResult], command: str | None = None) -> dict[str, Any]:
    from dotterel import __version__

    return {
        "coder_version": __version__,
        "command": command,
        "datasets": {r.name: r.as_dict() for r in results},
    }


def write_report(path: Path, results: list[DatasetResult], command: str | None = None) -> None:
    path.write_text(json.dumps(to_json(results, command), indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")
