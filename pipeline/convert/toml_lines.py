"""TOML texts with positions: ``load_toml`` reads one and places a syntax
error at its line and column; the parser gives data, not positions, so
``layout`` reads the text once more, with its strings and comments blanked
out, to find the line of each ``[[correction]]`` table (or inline table of a
``correction = [...]`` array) and of the keys in it."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class TomlSyntaxError(ValueError):
    """A TOML text that does not parse: the parser's message, with and
    without its position, and the line and column (None if it gives none)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        match = re.search(r"line (\d+), column (\d+)", text)
        self.line: int | None = int(match[1]) if match else None
        self.column: int | None = int(match[2]) if match else None
        self.message = re.sub(r" \(at line \d+, column \d+\)", "", text)


def load_toml(text: str) -> dict[str, object]:
    """The data of a TOML text; ``TomlSyntaxError`` if it does not parse."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlSyntaxError(str(exc)) from None


@dataclass
class Entry:
    """An entry of an array of tables: its line and those of its keys."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)  # key -> its line


_HEADER = re.compile(r"\s*\[\[\s*(\"?)correction\1\s*\]\]")
_TABLE = re.compile(r"\s*\[")
_KEY = re.compile(r"\s*([\"']?)([A-Za-z0-9_-]+)\1\s*=")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_TOKEN = re.compile(r"\"\"\"|'''|\"(?:[^\"\\]|\\.)*\"|'[^']*'|#.*")


def _skeleton(text: str) -> list[str]:
    """The lines of a TOML text with strings emptied and comments removed."""
    lines, closing = [], None
    for line in text.splitlines():
        out, rest = "", line
        while rest:
            if closing is not None:
                end = rest.find(closing)
                if end < 0:
                    break
                out, rest, closing = out + '""', rest[end + 3 :], None
                continue
            match = _TOKEN.search(rest)
            if match is None:
                out, rest = out + rest, ""
            elif match.group() in ('"""', "'''"):
                out, rest, closing = out + rest[: match.start()], rest[match.end() :], match.group()
            else:
                out, rest = out + rest[: match.start()] + _kept(match.group()), rest[match.end() :]
        lines.append(out)
    return lines


def _kept(token: str) -> str:
    """What stays of a string or comment: a string that could be a quoted key
    (``"correction"``), else an empty string; nothing of a comment."""
    if token.startswith("#"):
        return ""
    return f'"{token[1:-1]}"' if _BARE.fullmatch(token[1:-1]) else '""'


def layout(text: str) -> tuple[dict[str, int], list[Entry]]:
    """Lines of the top-level keys, and of each correction with its keys."""
    top: dict[str, int] = {}
    entries: list[Entry] = []
    in_table, depth = False, 0
    for number, line in enumerate(_skeleton(text), 1):
        if depth:
            depth = _inline_entries(line, depth, number, entries)
            continue
        if _HEADER.match(line):
            entries.append(Entry(number))
            in_table = True
        elif _TABLE.match(line):
            in_table = False
        elif key := _KEY.match(line):
            (entries[-1].keys if in_table else top)[key[2]] = number
            if not in_table and key[2] == "correction" and "[" in line[key.end() :]:
                depth = _inline_entries(line[key.end() :], 0, number, entries)
    return top, entries


def _inline_entries(line: str, depth: int, number: int, entries: list[Entry]) -> int:
    """Entries opened on ``line`` of an inline array; the bracket depth after it."""
    for char in line:
        if char in "[{":
            if char == "{" and depth == 1:
                entries.append(Entry(number))
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                break
    return depth
