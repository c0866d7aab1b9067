"""Adversarial inputs for the converter: one case per pass whose work could
grow faster than its input (inline markup in one long paragraph, a long
line, many blocks, a long info block, a long list, long verse, many notes)."""

from __future__ import annotations

from adversarial import Case
from pipeline.convert import Options, convert

HEADER = "An Author\n\nA Title\n\nSource: a test.\n\n"
NOTES = "\n\nNotes\n\n[1] The only note.\n"


def _kilobytes(size: int) -> str:
    return f"{size // 1024} KB"


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _paragraph(unit: str) -> Case:
    """One paragraph of ``unit`` repeated to the size asked for."""
    return Case(
        build=lambda size: HEADER + _repeat(unit, size) + "\n",
        run=_convert,
        base=16 * 1024,
        unit=_kilobytes,
    )


def _convert(text: str) -> object:
    return convert(text, Options(authority=None))


def _mixed(size: int) -> str:
    """Quotations, dates, foreign phrases and note references, mixed, in
    paragraphs of about 4 KB, with the notes section they refer to."""
    unit = 'He said "so" on March 8, 1922, de facto, as the note says.[1] '
    paragraph = _repeat(unit, 4096)
    count = max(1, size // len(paragraph))
    return HEADER + "\n\n".join([paragraph] * count) + NOTES


CASES = {
    "quote-paragraph": _paragraph('"a" '),
    "single-quotes": _paragraph("'a' b "),
    "date-paragraph": _paragraph("On March 8, 1922 and in 1923, "),
    "foreign-paragraph": _paragraph("de facto and de jure, "),
    "long-line": _paragraph("word "),
    "note-references": Case(
        build=lambda size: HEADER + _repeat("a note[1] ", size) + NOTES,
        run=_convert,
        base=16 * 1024,
        unit=_kilobytes,
    ),
    "many-blocks": Case(
        build=lambda size: HEADER + _repeat("A short paragraph.\n\n", size),
        run=_convert,
        base=32 * 1024,
        unit=_kilobytes,
    ),
    "many-headings": Case(
        build=lambda size: HEADER + _repeat("A Heading\n\nA paragraph of text.\n\n", size),
        run=_convert,
        base=32 * 1024,
        unit=_kilobytes,
    ),
    "many-notes": Case(
        build=lambda size: (
            HEADER
            + "Text.[1]\n\nNotes\n\n"
            + "".join(f"[{i % 999 + 1}] A note.\n\n" for i in range(max(1, size // 16)))
        ),
        run=_convert,
        base=32 * 1024,
        unit=_kilobytes,
    ),
    "long-list": Case(
        build=lambda size: HEADER + "Before.\n\n" + _repeat("1. An item of the list.\n", size),
        run=_convert,
        base=32 * 1024,
        unit=_kilobytes,
    ),
    "long-verse": Case(
        build=lambda size: HEADER + "Before.\n\n" + _repeat("    A line of verse\n", size),
        run=_convert,
        base=32 * 1024,
        unit=_kilobytes,
    ),
    "long-info-block": Case(
        build=lambda size: (
            "An Author\n\nA Title\n\n"
            + _repeat("Transcribed by A. Typist.\n", size)
            + "\nThe text.\n"
        ),
        run=_convert,
        base=32 * 1024,
        unit=_kilobytes,
    ),
    "mixed-inline": Case(build=_mixed, run=_convert, base=128 * 1024, unit=_kilobytes),
}
