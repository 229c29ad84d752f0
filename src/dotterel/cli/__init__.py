"""The ``dotterel`` command.  One file per command, each thin over library functions."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="dotterel",
    help="Sourced political event data from news text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each command module adds itself to ``app``; a module not yet written is simply absent.
    import importlib

    for name in ("code", "eval", "query", "dyads", "export", "serve", "watch", "demo"):
        try:
            importlib.import_module(f"dotterel.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"dotterel.cli.{name}":
                raise


def main() -> None:
    _register()
    app()
