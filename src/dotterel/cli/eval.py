"""``dotterel eval GOLD... [--report FILE] [--format F] [--actors FILE] [--limit N]``."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer

from dotterel.cli import app


@app.command("eval")
def eval_command(
    gold: list[Path] = typer.Argument(..., help="gold file(s) or folder (PETRARCH-2 unit tests)"),
    report: Path | None = typer.Option(None, "--report", help="write figures and misses as JSON"),
    format: str | None = typer.Option(
        None, "--format",
        help="plover_gsr, conflibert_cameo, cameo_codebook, hrdsattack, event_location, "
             "petrarch2_unittest or claim_status (detected when omitted)"),
    actors: list[Path] = typer.Option(
        [], "--actors", help="user actor file(s), e.g. PETR.Validate.actors.txt"),
    lexicon: list[Path] = typer.Option(
        [], "--lexicon", help="user lexicon file(s) (our JSONL or a PETRARCH-2 verb dictionary)"),
    limit: list[str] = typer.Option(
        [], "--limit",
        help="N (every gold set) or FORMAT=N (one format): at most N records; event_location "
             "takes an evenly spaced sample"),
    jobs: int = typer.Option(1, "--jobs", min=1, help="coding processes"),
    quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
) -> None:
    """Code gold sets and report precision, recall and accuracy."""
    from rich.console import Console

    from dotterel.evaluate import load_gold, run_evaluation
    from dotterel.evaluate.report import render, write_report

    for opt, files in (("--actors", actors), ("--lexicon", lexicon)):
        for f in files:
            if not f.is_file():
                typer.echo(f"dotterel eval: {opt} {f}: no such file", err=True)
                raise typer.Exit(2)
    from dotterel.evaluate import detect_format

    try:
        limits = parse_limits(limit)
    except ValueError as e:
        typer.echo(f"dotterel eval: --limit: {e}", err=True)
        raise typer.Exit(2) from None
    golds = []
    for path in gold:
        try:
            fmt = format or detect_format(path)
            n = limits.get(fmt, limits.get(""))
            golds.append(load_gold(path, format=fmt, limit=n,
                                   actor_files=tuple(str(a) for a in actors),
                                   lexicon_files=tuple(str(f) for f in lexicon)))
        except ValueError as e:
            typer.echo(f"dotterel eval: {e}", err=True)
            raise typer.Exit(2) from None
    results = run_evaluation(golds, n_process=jobs, progress=not quiet)
    # Piped output would otherwise be cut to 80 columns and the tables folded.
    render(results, Console() if sys.stdout.isatty() else Console(width=140))
    if report is not None:
        command = "dotterel eval " + " ".join(shlex.quote(a) for a in sys.argv[2:])
        try:
            write_report(report, results, command=command)
        except OSError as e:
            typer.echo(f"dotterel eval: --report {report}: {e.strerror}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"report written to {report}", err=True)


def parse_limits(values: list[str]) -> dict[str, int]:
    """``["1500"]`` -> {"": 1500}; ``["event_location=1500"]`` -> {"event_location": 1500}."""
    from dotterel.evaluate import FORMATS

    out: dict[str, int] = {}
    for v in values:
        fmt, _, n = v.rpartition("=")
        if fmt and fmt not in FORMATS:
            raise ValueError(f"{v!r}: unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"{v!r}: expected a positive number of records")
        out[fmt] = int(n)
    return out
