"""The serve command: a warm validator for editors."""

from __future__ import annotations

import click

from pipeline.cli.options import EXIT_INVALID


@click.command()
@click.option(
    "--socket",
    "path",
    metavar="PATH",
    help="Unix socket to listen at; validate finds one given here through "
    "$TEI_PIPELINE_SOCKET [default: $TEI_PIPELINE_SOCKET, else a private folder in "
    "$XDG_RUNTIME_DIR or /tmp].",
)
@click.option(
    "--idle-timeout",
    type=click.FloatRange(min=0),
    default=0,
    help="Stop after this many seconds without a request; 0: never.",
)
@click.option("--status", is_flag=True, help="Say whether a server is listening, and exit.")
@click.option("--stop", is_flag=True, help="Stop the server that is listening, and exit.")
def serve(path: str | None, idle_timeout: float, status: bool, stop: bool) -> None:
    """Keep a validator warm for editors: later `validate` runs go to it.

    Each `validate` then skips starting Python, importing lxml and compiling
    the schema: a small file is checked in a few milliseconds instead of
    about fifty. Output and exit status are the same as without the server.
    It runs in the foreground until Ctrl-C, SIGTERM, `serve --stop`, the
    idle timeout, or a change to the installed code (start it again then).
    Set TEI_PIPELINE_NO_SERVER=1 to make `validate` ignore it.

    \b
    Examples:
        tei-pipeline serve &
        tei-pipeline validate tei/bukharin-1923-twelfth-congress.xml
        tei-pipeline serve --stop
    """
    import functools
    import sys

    from pipeline.errors import ResourceError
    from pipeline.serve import client, protocol, server

    where = path or protocol.socket_path()
    if status or stop:
        reply = client.ask(where, "stop" if stop else "status")
        if reply is None:
            click.echo(f"no server at {where}", err=True)
            sys.exit(EXIT_INVALID)
        click.echo(f"{where}: {reply}")
        return
    # The whole command line, as the console script runs it (found through
    # click: importing it here would make a cycle, since it holds this command).
    root = click.get_current_context().find_root()
    run = functools.partial(root.command.main, prog_name=root.info_name)
    try:
        server.serve(
            where,
            run,
            preload=_preload,
            idle=idle_timeout or None,
            log=lambda line: click.echo(line, err=True),
        )
    except ResourceError as exc:
        raise click.UsageError(str(exc)) from None


def _preload() -> None:
    """What every served command would otherwise load first: the command line
    (loaded by now), the validator, the project's schema and rules."""
    from pipeline.validation import validate

    validate.preload()
