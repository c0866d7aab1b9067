"""Options and helpers shared by the commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.exits import (  # noqa: F401 - the commands' statuses, decided in exits
    EXIT_INVALID,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_SCHEMA,
    EXIT_UNREADABLE,
    EXIT_USAGE,
)

if TYPE_CHECKING:
    from pipeline.edition.config import Config


class _Jobs(click.ParamType):
    """--jobs: a positive number of worker processes, or "auto"."""

    name = "N|auto"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if value == "auto" or isinstance(value, int):
            return value
        if str(value).isascii() and str(value).isdigit() and int(value) >= 1:
            return int(value)
        self.fail(f"{value!r} is not a positive number or 'auto'", param, ctx)


def jobs_option(what: str):  # type: ignore[no-untyped-def]
    return click.option(
        "-j",
        "--jobs",
        type=_Jobs(),
        default="auto",
        show_default=True,
        help=f"{what} in parallel worker processes; auto: one per core for batches of "
        "100 files or more. The output is the same for any number.",
    )


def _check_encoding(_ctx, _param, value: str) -> str:  # type: ignore[no-untyped-def]
    from pipeline.convert.source import text_codec

    try:
        text_codec(value)
    except LookupError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


encoding_option = click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    callback=_check_encoding,
    help="Encoding of the source texts, e.g. cp1252 or latin-1 for old files. "
    "Without it, text that is not UTF-8 is refused with its position.",
)


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def progress(length: int, label: str):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal for long runs; silence in CI and pipes."""
    import os
    import sys

    if length < 20 or not sys.stderr.isatty() or os.environ.get("CI"):
        return _NoBar()
    return click.progressbar(length=length, label=label, file=sys.stderr)


def edition_here(root: Path | None = None) -> Config:
    """The edition at ``root``; without one, the edition whose
    ``tei-pipeline.toml`` is found at or above the current folder, else the
    current folder with the default layout."""
    from pipeline.edition.config import find_root, load_config

    if root is None:
        root = find_root(Path.cwd()) or Path(".")
    return load_config(root)
