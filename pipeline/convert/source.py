"""Reading a plain-text transcription: decoding checks and the split into the
title area (author, title lines, info lines) and the body blocks.

Pure: bytes or text in, data out; every refusal is an ``InputError`` naming
the line and column.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from pipeline.convert.frontmatter import InfoLine, TitleLine, split_front
from pipeline.convert.layout import Block, Line, split_blocks
from pipeline.errors import InputError

# Characters XML 1.0 forbids (C0 controls other than tab, LF, CR; surrogates;
# U+FFFE/U+FFFF).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# C1 controls: in decoded 8-bit text, the sign of the wrong code page.
_C1 = re.compile("[\x80-\x9f]")
_AUTHOR_YEAR = re.compile(r"^(?P<name>.*?\S)\s+(?P<year>1[4-9]\d\d|20\d\d)$")
MAX_AUTHOR_LINE = 120
MAX_TITLE = 300


@dataclass(frozen=True)
class Source:
    author: Line
    author_name: str
    author_year: str | None
    title: tuple[TitleLine, ...]
    info: tuple[InfoLine, ...]
    body: tuple[Block, ...]


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _line_at(text: str, line: int) -> str:
    return text.split("\n")[line - 1] if text else ""


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def text_codec(encoding: str) -> str:
    """The canonical name of a text encoding; LookupError, saying why, for
    an unknown name or a codec that is not one (hex, rot13)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise LookupError(f"unknown encoding {encoding!r}") from None
    try:
        b"a".decode(name, "ignore")
    except LookupError:  # bytes.decode accepts text encodings only
        raise LookupError(f"{encoding!r} is not a text encoding") from None
    return name


def _refuse_other_encodings(data: bytes, codec: str, file: str) -> None:
    """UTF-16 read as 8-bit, binary data, UTF-8 read with another codec."""
    wide = codec.startswith(("utf-16", "utf-32"))
    if not wide and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            "UTF-16 text; convert it to UTF-8 first (or pass --encoding utf-16)", file, 1, 1
        )
    if not wide and b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes), not a text transcription", file, 1, 1)
    if not codec.startswith("utf") and not data.isascii() and _is_utf8(data):
        raise InputError(f"this file is UTF-8, not {codec}: read it without --encoding", file, 1, 1)


def decode(data: bytes, file: str = "<input>", encoding: str = "utf-8") -> str:
    """Decode a source file, refusing what would silently change its text.

    ``encoding`` is a Python codec name; anything but UTF-8 is used only
    when the user asks for it (``--encoding``)."""
    codec = text_codec(encoding)
    if not data.strip():
        raise InputError("empty file: nothing to convert", file, 1, 1)
    if codec == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte-order mark (Windows editors): not part of the text
    _refuse_other_encodings(data, codec, file)
    wide = codec.startswith(("utf-16", "utf-32"))
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode(codec, errors="replace")
        line, column = _position(before, len(before))
        hint = (
            " (Latin-1 or cp1252? re-save it as UTF-8, or pass --encoding cp1252)"
            if codec == "utf-8"
            else ""
        )
        raise InputError(
            f"not {'UTF-8' if codec == 'utf-8' else codec}: byte 0x{data[exc.start]:02x}"
            f" cannot be decoded{hint}",
            file,
            line,
            column,
        ) from None
    if wide and text.startswith("\ufeff"):  # utf-16-le and the like keep the mark
        text = text[1:]
    if codec != "utf-8":
        c1 = _C1.search(text)
        if c1:
            # Latin-1 maps cp1252's quotation marks and dashes to C1 controls.
            line, column = _position(text, c1.start())
            raise InputError(
                f"control character U+{ord(c1.group()):04X} after decoding as {codec}:"
                " cp1252 text? pass --encoding cp1252",
                file,
                line,
                column,
                _line_at(text, line),
            )
    text = normalise(text)
    bad = _FORBIDDEN.search(text)
    if bad:
        line, column = _position(text, bad.start())
        raise InputError(
            f"control character U+{ord(bad.group()):04X} is not allowed in XML",
            file,
            line,
            column,
            _line_at(text, line),
        )
    return text


def normalise(text: str) -> str:
    """LF line ends for CRLF and CR ones, and no byte-order mark: a file saved
    on Windows converts to the same TEI as the same text with LF line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def parse_source(text: str, file: str = "<input>") -> Source:
    """Split a decoded transcription into its title area and body blocks."""
    text = normalise(text)
    lines = [Line(i, t) for i, t in enumerate(text.split("\n"), start=1)]
    blocks = split_blocks(lines)
    if not blocks:
        raise InputError("whitespace only: nothing to convert", file, 1, 1)
    head = blocks[0]
    author = head.first
    if len(head.lines) > 1 or len(author.text) > MAX_AUTHOR_LINE or len(blocks) < 3:
        raise InputError(
            "no header block: expected an author line, a blank line, a title and then the"
            " text (MIA layout)",
            file,
            author.number,
            1,
            author.text,
        )
    title_block = blocks[1]
    if len(title_block.text) > MAX_TITLE:
        raise InputError(
            "no header block: the second block is too long to be a title",
            file,
            title_block.first.number,
            1,
            title_block.first.text,
        )
    match = _AUTHOR_YEAR.match(author.text.strip())
    name, year = (match["name"], match["year"]) if match else (author.text.strip(), None)
    titles, info, start = split_front(blocks)
    rest = blocks[start:]
    if not rest:
        raise InputError("no text after the header block", file, blocks[-1].lines[-1].number, 1)
    return Source(author, name, year, tuple(titles), tuple(info), tuple(rest))
