"""The units of the plain-text layout: lines (with their indentation) and
blocks of lines between blank lines."""

from __future__ import annotations

from dataclasses import dataclass

INDENT = 4  # a block quotation or a boxed passage is indented by four spaces


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the source file
    text: str  # without trailing white space, with its indentation

    @property
    def indent(self) -> int:
        stripped = self.text.lstrip(" \t")
        head = self.text[: len(self.text) - len(stripped)]
        return head.count(" ") + INDENT * head.count("\t")


@dataclass(frozen=True)
class Block:
    """Lines between blank lines; ``gap`` is the number of blank lines before."""

    lines: tuple[Line, ...]
    gap: int

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def indented(self) -> bool:
        """Every line indented: a block quotation, verse, a boxed passage."""
        return all(line.indent >= INDENT for line in self.lines)


def split_blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    current: list[Line] = []
    gap = 0
    for line in lines:
        if line.text.strip():
            current.append(Line(line.number, line.text.rstrip()))
            continue
        if current:
            blocks.append(Block(tuple(current), gap))
            current, gap = [], 0
        gap += 1
    if current:
        blocks.append(Block(tuple(current), gap))
    return blocks
