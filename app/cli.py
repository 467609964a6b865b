"""The ``vizora`` command: serve, database chores, exports.

Each command imports what it runs when it runs: the server, the billing and the database code
take seconds to import, which ``vizora --help`` and a mistyped option should not wait for.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from app.config import Settings
from app.models.enums import SchemaSourceFormat, SqlDialect

if TYPE_CHECKING:
    from app.billing.periods import TickReport

cli = typer.Typer(help="Vizora API: serve it, migrate it, seed it, export its schema.", no_args_is_help=True)
db_cli = typer.Typer(help="Database migrations, demo data, the embedded server.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
console = Console()

GRACEFUL_SHUTDOWN_SECONDS = 20


@cli.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to bind; default VIZORA_HOST or 127.0.0.1.")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port; default VIZORA_PORT or 8000.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes sharing the port.")] = 1,
) -> None:
    """Serve the API (on the embedded PostgreSQL unless DATABASE_URL is set)."""
    import uvicorn

    from app.server import uvicorn_limits
    from app.web.metrics_listener import metrics_listener

    settings = Settings()
    host = host or settings.host
    with metrics_listener(settings, host):
        uvicorn.run(
            "app.server:create_app_from_environment",
            factory=True,
            host=host,
            port=port or settings.port,
            workers=workers,
            log_config=None,  # our structured logging, configured by the app
            proxy_headers=True,
            ws="websockets-sansio",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            **uvicorn_limits(settings),
        )


@db_cli.command()
def upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    asyncio.run(_upgrade(Settings(), revision))
    console.print(f"database at {revision}")


async def _upgrade(settings: Settings, revision: str) -> None:
    from app.db import migrate
    from app.db.bootstrap import owner_url_for

    owner_url, _embedded = await owner_url_for(settings)
    await migrate.upgrade(owner_url, revision)


@db_cli.command()
def downgrade(revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")]) -> None:
    """Migrate the database down to REVISION."""
    asyncio.run(_downgrade(Settings(), revision))
    console.print(f"database at {revision}")


async def _downgrade(settings: Settings, revision: str) -> None:
    from app.db import migrate
    from app.db.bootstrap import owner_url_for

    owner_url, _embedded = await owner_url_for(settings)
    await migrate.downgrade(owner_url, revision)


@db_cli.command()
def current() -> None:
    """Print the database's migration revision."""
    revision = asyncio.run(_current(Settings()))
    console.print(revision or "empty (no migrations applied)")


async def _current(settings: Settings) -> str | None:
    from app.db import migrate
    from app.db.bootstrap import owner_url_for

    owner_url, _embedded = await owner_url_for(settings)
    return await migrate.current_revision(owner_url)


@db_cli.command()
def stop() -> None:
    """Stop the embedded PostgreSQL of the data directory (fast shutdown: open sessions end).

    For a server left running by a `vizora serve` that was killed outright; servers still
    running on it lose their database.
    """
    from app.db.embedded import stop_embedded_postgres

    pgdata = Settings().embedded_pgdata.expanduser().resolve()
    try:
        pid = stop_embedded_postgres(pgdata)
    except TimeoutError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    if pid is None:
        typer.echo(f"No embedded PostgreSQL is running on {pgdata}; nothing to stop.")
    else:
        typer.echo(f"Stopped the embedded PostgreSQL on {pgdata} (pid {pid}).")


@db_cli.command("seed-demo")
def seed_demo() -> None:
    """Create a demo user, organization, workspace and project, and print the login."""
    from app.demo import seed_demo as run_seed

    login = asyncio.run(run_seed(Settings()))
    console.print("[bold]Demo data ready.[/bold]")
    console.print(f"  email:        {login.email}")
    console.print(f"  password:     {login.password}")
    console.print(f"  organization: {login.organization_slug}")
    console.print(f"  workspace:    {login.workspace_slug}")
    console.print(f"  project:      {login.project_slug}")


billing_cli = typer.Typer(help="Billing chores.", no_args_is_help=True)
cli.add_typer(billing_cli, name="billing")


@billing_cli.command("tick")
def billing_tick() -> None:
    """End trials, roll periods over, apply scheduled plan changes, invoice (the server also
    does this every VIZORA_BILLING_TICK_SECONDS)."""
    report = asyncio.run(_billing_tick(Settings()))
    console.print(f"renewed {report.renewed}, trials ended {report.trials_ended}, canceled {report.canceled}")
    for invoice in report.invoices:
        console.print(f"  invoice {invoice}")


async def _billing_tick(settings: Settings) -> TickReport:
    from app.billing.periods import run_tick
    from app.identity.tokens import utcnow
    from app.runtime import start_runtime

    runtime = await start_runtime(settings)
    try:
        if runtime.billing_sessionmaker is None:
            raise typer.BadParameter("No billing database role: set VIZORA_BILLING_DATABASE_URL.")
        return await run_tick(runtime.billing_sessionmaker, now=utcnow())
    finally:
        await runtime.close()


@cli.command("export-schema")
def export_schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the SDL.")] = Path(
        "schema.graphql"
    ),
) -> None:
    """Write the GraphQL schema (SDL) the API serves."""
    from graphql_schema.export import schema_sdl

    output.write_text(schema_sdl())
    console.print(f"wrote {output}")


@cli.command("export-diagram")
def export_diagram(
    source: Annotated[Path, typer.Argument(help="A schema file: SQL, DBML, Mermaid or Vizora JSON.")],
    source_format: Annotated[
        SchemaSourceFormat, typer.Option("--format", "-f", help="The file's format.")
    ] = SchemaSourceFormat.SQL,
    dialect: Annotated[SqlDialect | None, typer.Option(help="SQL dialect; guessed when omitted.")] = None,
    mermaid: Annotated[
        bool, typer.Option("--mermaid", help="Write Mermaid erDiagram text instead of SVG.")
    ] = False,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write it.")] = Path("diagram.svg"),
) -> None:
    """Lay a schema out automatically and draw it as SVG (or Mermaid), offline."""
    from app.diagrams.layout import auto_layout
    from app.diagrams.mermaid import to_mermaid
    from app.diagrams.svg import render_svg
    from app.errors import VizoraError
    from app.ingest.readers import Upload, read_upload

    try:
        upload = Upload(source.read_text(), source_format, dialect, label=None, lenient=True)
        model = read_upload(upload, default_dialect=None).model
    except OSError as error:
        _fail(f"cannot read {source}: {error.strerror}.", error)
    except VizoraError as error:  # no tables, an unreadable schema
        _fail(error.message, error)
    output.write_text(to_mermaid(model) if mermaid else render_svg(model, auto_layout(model)))
    console.print(f"wrote {output} ({len(model.tables)} tables)")


def _fail(message: str, cause: Exception) -> NoReturn:
    """A mistake in what the command was given: one line, exit code 2, no traceback."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(2) from cause


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
