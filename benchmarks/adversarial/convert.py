"""Adversarial inputs for the converter."""

from __future__ import annotations

from adversarial import Case
from pipeline.convert import Options, convert

HEADER = "An Author\n\nA Title\n\nSource: a test.\n\n"


def _quotes(size: int) -> str:
    """One paragraph of ``size`` bytes of "a" (a quote mark per word)."""
    return HEADER + '"a" ' * (size // 4) + "\n"


def _kilobytes(size: int) -> str:
    return f"{size // 1024} KB"


CASES = {
    "quote-paragraph": Case(
        build=_quotes,
        run=lambda text: convert(text, Options(authority=None)),
        base=2 * 1024,
        unit=_kilobytes,
    ),
}
