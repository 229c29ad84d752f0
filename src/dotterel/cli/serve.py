"""``dotterel serve --store DB [--host 127.0.0.1] [--port 8000] [--token T]``: the JSON API
and the pages on localhost."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from dotterel.cli import app


@app.command("serve")
def serve_command(
    store_arg: Path | None = typer.Argument(None, metavar="[DB]", help="the store (or use --store)"),
    store: Path | None = typer.Option(None, "--store", help="DuckDB store written by dotterel code"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to bind; loopback unless told"),
    port: int = typer.Option(8000, "--port", min=0, max=65535),
    token: str | None = typer.Option(
        None,
        "--token",
        help="token that POST /api/code needs to store articles (or DOTTEREL_TOKEN); "
        "without it the server never writes",
    ),
    body_limit: int = typer.Option(1_000_000, "--body-limit", min=1, help="max request bytes"),
    actors: list[Path] = typer.Option([], "--actors", help="extra actor file(s) for /api/code"),
) -> None:
    """Serve the JSON API (OpenAPI at /openapi.json) and the pages over a store."""
    import uvicorn

    from dotterel.serve.app import create_app
    from dotterel.store import StoreError

    if store is not None and store_arg is not None and store != store_arg:
        typer.echo("dotterel serve: give the store once (DB or --store DB)", err=True)
        raise typer.Exit(2)
    path = store or store_arg
    if path is None:
        typer.echo("dotterel serve: --store DB is required", err=True)
        raise typer.Exit(2)
    if not path.is_file():
        typer.echo(f"dotterel serve: --store {path}: no such file", err=True)
        raise typer.Exit(2)
    for f in actors:
        if not f.is_file():
            typer.echo(f"dotterel serve: --actors {f}: no such file", err=True)
            raise typer.Exit(2)
    token = token or os.environ.get("DOTTEREL_TOKEN") or None
    try:
        asgi = create_app(
            path, token=token, body_limit=body_limit, actor_files=tuple(str(a) for a in actors)
        )
    except StoreError as e:
        typer.echo(f"dotterel serve: --store {path}: {e}", err=True)
        raise typer.Exit(2) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"dotterel serve: warning: listening on {host}, not only this machine", err=True)
    typer.echo(f"dotterel serve: http://{host}:{port}/ (store {path})", err=True)
    # keep-alive longer than uvicorn's 5 s: a busy dashboard reuses its connections
    uvicorn.run(
        asgi, host=host, port=port, log_level="warning", server_header=False, timeout_keep_alive=30
    )
