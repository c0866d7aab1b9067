"""One report step for every batch command: results in, lines out, one exit
status back (decided in ``exits``).

Successes go to standard output, failures and warnings to standard error.
A reported value can never forge a line of its own: control characters are
shown as visible symbols, and a line break inside a value starts an
indented continuation line.
"""

from __future__ import annotations

from collections.abc import Iterable

import click

from pipeline.cli.exits import exit_status
from pipeline.results import FileResult

SHOWN_ISSUES = 20


def clean(text: str) -> str:
    """``text`` safe for a terminal or a CI log: control characters visible,
    every line after the first indented."""
    lines = "".join(ch if ch.isprintable() or ch == "\n" else _visible(ch) for ch in text)
    first, *rest = lines.split("\n")
    return "\n".join([first, *(line if line[:1].isspace() else "  " + line for line in rest)])


def _visible(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else f"\\u{code:04x}"


def say(text: str, *, err: bool = False) -> None:
    click.echo(clean(text), err=err)


def report(results: Iterable[FileResult], *, summary: str = "", quiet: bool = False) -> int:
    """Show each result (with ``quiet``, failures and warnings only) and the
    summary; the batch's exit status."""
    results = list(results)
    for result in results:
        name = result.target or result.source
        if result.failed:
            say(f"error: {result.message}", err=True)
            for issue in result.issues[:SHOWN_ISSUES]:
                say(f"  {issue}", err=True)
            if len(result.issues) > SHOWN_ISSUES:
                say(f"  … and {len(result.issues) - SHOWN_ISSUES} more", err=True)
        elif result.action and not quiet:
            say(f"{name}: {result.action}")
        if result.warning:
            say(f"warning: {name}: {result.warning}", err=True)
    if summary:
        say(summary)
    return exit_status(results)
