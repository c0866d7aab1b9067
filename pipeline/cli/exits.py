"""The one place exit statuses are decided.

| status | meaning |
| --- | --- |
| 0 | success |
| 1 | invalid documents, or ``build --check`` found stale or invalid files |
| 2 | usage error (click's own) |
| 3 | a file could not be read or converted |
| 4 | an overwrite was refused to protect a hand edit |
| 5 | a schema, stylesheet or rules file could not be loaded |

When a batch has several kinds of failure, the status is that of the first
in ``PRECEDENCE``: a broken resource, then unreadable input, then a refused
overwrite, then invalid documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

import click

from pipeline.errors import PipelineError, UsageError, WriteError
from pipeline.results import FileResult, Outcome, outcome_of

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_REFUSED = 4
EXIT_SCHEMA = 5

STATUS = {
    Outcome.OK: EXIT_OK,
    Outcome.INVALID: EXIT_INVALID,
    Outcome.STALE: EXIT_INVALID,
    Outcome.REFUSED: EXIT_REFUSED,
    Outcome.UNREADABLE: EXIT_UNREADABLE,
    Outcome.BROKEN: EXIT_SCHEMA,
}
PRECEDENCE = (EXIT_SCHEMA, EXIT_UNREADABLE, EXIT_REFUSED, EXIT_INVALID, EXIT_OK)


def worst(codes: Iterable[int]) -> int:
    """The status that wins among ``codes`` (``EXIT_OK`` for none)."""
    found = set(codes)
    return next((code for code in PRECEDENCE if code in found), EXIT_OK)


def exit_status(results: Iterable[FileResult]) -> int:
    """The exit status of a batch."""
    return worst(STATUS[result.outcome] for result in results)


def status_of_error(error: PipelineError) -> int:
    """The exit status for a library error that ends a command."""
    if isinstance(error, UsageError):
        return EXIT_USAGE
    return STATUS[outcome_of(error)]


class Failed(click.ClickException):
    """A library error at the command-line boundary: its message, after
    "error: ", and the status ``status_of_error`` gives it."""

    def __init__(self, error: PipelineError) -> None:
        super().__init__(str(error))
        self.exit_code = status_of_error(error)  # type: ignore[misc]  # per instance here

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.message}", err=True)


class Group(click.Group):
    """A click group whose commands may let a ``PipelineError`` through: it
    ends the command with its message and status, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            raise Failed(exc) from None
        except BrokenPipeError:
            raise  # the reader went away (| head): not ours to report
        except OSError as exc:  # writing the output: a full disk, say
            where = str(exc.filename) if exc.filename else "standard output"
            raise Failed(WriteError(f"cannot write: {exc.strerror or exc}", where)) from None
