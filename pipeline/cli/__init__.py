"""The ``tei-pipeline`` command line: a click group of thin commands over the
library, one module per stage. Exit codes are decided in ``exits``, output
made in ``report``."""

from __future__ import annotations

import click

from pipeline.cli.convert import build, convert
from pipeline.cli.edition import correct, init
from pipeline.cli.entities import accept, annotate, entities, reject
from pipeline.cli.exits import EXIT_OK, EXIT_UNREADABLE, Group
from pipeline.cli.render import render_command
from pipeline.cli.serve import serve
from pipeline.cli.validate import validate


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tei-pipeline")
def main() -> None:
    """Plain-text transcriptions to TEI P5: convert, annotate, validate, render."""


for _command in (
    init,
    convert,
    build,
    annotate,
    entities,
    accept,
    reject,
    correct,
    validate,
    render_command,
    serve,
):
    main.add_command(_command)


def invoke(args: list[str] | None = None) -> int:
    """Run the command line on ``args`` (default: ``sys.argv[1:]``); the exit
    status, with output flushed."""
    import sys

    try:
        main(args=args, prog_name="tei-pipeline")
        code = EXIT_OK
    except SystemExit as exc:
        if isinstance(exc.code, str):
            click.echo(exc.code, err=True)
        code = exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else 1)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started with the stream closed (>&-)
                stream.flush()
    except BrokenPipeError:  # the reader went away (| head): not our failure
        pass
    except OSError as exc:  # the rest of the output could not be written (a full disk)
        click.echo(f"error: standard output: cannot write: {exc.strerror or exc}", err=True)
        code = EXIT_UNREADABLE
    return code


def run() -> None:
    """The command, then a quick exit: the process ends without tearing the
    interpreter down, since freeing every module and lxml object takes longer
    than checking a small file. Worker pools are closed by then (``with``
    blocks)."""
    import os

    os._exit(invoke())
