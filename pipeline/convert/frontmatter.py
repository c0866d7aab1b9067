"""The title area of a transcription: the title lines under the author line
and the info block, in any of the forms MIA pages use.

After the author line come one or more title lines, each a block of its own
(a subtitle, a part or chapter title, a date "(1898)"), then, if the page has
one, the info block: lines that say where the text comes from and who made the
transcription, labelled ("Source: …") or in prose ("From The Workers'
Republic, 18 November 1899.", "Transcribed by …"). The body starts at the
first block that is neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.convert import lines as L
from pipeline.convert.layout import Block, Line

MAX_TITLE_LINES = 6
MAX_PROSE_INFO = 250
# Words that open a section of the body rather than continue the title.
SECTION_WORDS = frozenset(
    [
        "preface",
        "introduction",
        "foreword",
        "afterword",
        "contents",
        "notes",
        "appendix",
        "postscript",
        "prologue",
        "epilogue",
        "summary",
        "conclusion",
    ]
)
_CONTINUES = ("–", "—", "-", ":", ",", ";", " and", " or", " of", " the", " for", " to")


@dataclass(frozen=True)
class TitleLine:
    """A title line (several source lines when a title is split): ``kind`` is
    main, sub or date; ``when`` the date attributes of a date line."""

    lines: tuple[Line, ...]
    text: str
    kind: str
    when: dict[str, str] | None = None


@dataclass(frozen=True)
class InfoLine:
    """A line of the info block. ``kind``: source, reprint, resp, licence,
    creation or other; ``group`` joins a statement spread over several lines
    ("An address delivered at" / "the City Hall, …" / "February 11, 1898")."""

    line: Line
    label: str | None
    value: str
    kind: str = "other"
    group: int = 0


def title_lines(blocks: list[Block]) -> list[TitleLine]:
    """The title (first block, its lines joined where they continue one
    another) and the title lines of the blocks that follow it."""
    out: list[TitleLine] = []
    for block in blocks:
        for line in block.lines:
            text = line.text.strip()
            when = L.date_of(text) if text.startswith("(") or not out else None
            if out and when is None and _continues(out[-1].text, text):
                last = out[-1]
                out[-1] = TitleLine((*last.lines, line), f"{last.text} {text}", last.kind)
            elif when is not None and out:
                out.append(TitleLine((line,), text, "date", when))
            else:
                out.append(TitleLine((line,), text, "sub" if out else "main"))
    return out


def _continues(previous: str, text: str) -> bool:
    """A title split over two lines: "Loubet –" / "and Other Things"."""
    return text[:1].islower() or previous.endswith(_CONTINUES)


def is_title_block(block: Block) -> bool:
    """A block that may be one more title line ("(1898)", a subtitle, "Part 1: …")."""
    if len(block.lines) != 1 or block.indented:
        return False
    text = block.first.text.strip()
    if L.date_of(text) is not None and text.startswith("("):
        return True  # "(1898)", "(1898) [1]"
    if text.lower().rstrip(".:") in SECTION_WORDS or L.is_info_line(text):
        return False
    numbered = L.NUMBERED_HEAD.match(text) if len(text) <= L.MAX_HEADING else None
    if numbered is not None and numbered["title"] is None:
        return False  # "I", "II.", "Chapter 3": the body's first heading
    if text.startswith("(") and text.endswith(")") and len(text) <= L.MAX_TITLE:
        return True
    return L.is_title_like(text) or (text[:1].islower() and len(text) <= 80)


def is_info_block(block: Block, first: bool) -> bool:
    """The info block: labelled lines, credits, a source and its date.

    ``first``: the block right after the title lines, where one date or
    periodical line ("The Daily People" / "July 30, 1900") is enough; a later
    block must consist of labels and credits only."""
    if block.indented:
        return False
    texts = [line.text.strip() for line in block.lines]
    strong = [L.label_of(t) is not None or L.prose_kind(t) is not None for t in texts]
    if not first:
        return all(_known_kind(t) for t in texts)
    if len(texts) == 1:
        text = texts[0]
        return (len(text) <= MAX_PROSE_INFO and L.is_info_line(text)) or L.label_of(
            text
        ) is not None
    return any(strong) or any(L.is_date_line(t) or L.is_periodical_line(t) for t in texts)


def _known_kind(text: str) -> bool:
    """A credit, source, licence or date statement (not just any "X: y")."""
    labelled = L.label_of(text)
    if labelled is not None:
        return L.label_kind(labelled[0]) != "other"
    return L.prose_kind(text) is not None


def split_front(blocks: list[Block]) -> tuple[list[TitleLine], list[InfoLine], int]:
    """Title lines, info lines and the index of the first body block; ``blocks``
    start with the author line and the title."""
    i = 2
    while i < len(blocks) - 1 and i <= MAX_TITLE_LINES and is_title_block(blocks[i]):
        i += 1
    titles = title_lines(blocks[1:i])
    info: list[Line] = []
    if i < len(blocks) - 1 and is_info_block(blocks[i], first=True):
        info += blocks[i].lines
        i += 1
        while i < len(blocks) - 1 and is_info_block(blocks[i], first=False):
            info += blocks[i].lines
            i += 1
    return titles, info_lines(info), i


def info_lines(lines: list[Line]) -> list[InfoLine]:
    """Each line with its kind; an unlabelled line that names no kind of its
    own continues the statement before it (a date under "The Daily People")."""
    out: list[InfoLine] = []
    group = 0
    for line in lines:
        text = line.text.strip()
        labelled = L.label_of(text) if len(text) < 1000 else None
        if labelled is not None:
            label, value = labelled
            kind = L.label_kind(label)
        else:
            label, value = None, text
            kind = L.prose_kind(text) or ""
        previous = out[-1] if out else None
        if not kind and previous is not None and _continues_statement(previous, text):
            out.append(InfoLine(line, None, value, previous.kind, previous.group))
            continue
        if not kind:
            kind = (
                "source" if L.is_periodical_line(text) or (not out and len(text) < 60) else "other"
            )
        group += 1
        out.append(InfoLine(line, label, value, kind, group))
    return out


def _continues_statement(previous: InfoLine, text: str) -> bool:
    if previous.kind not in {"source", "creation"} or previous.label is not None:
        return False
    return (
        L.is_date_line(text) or text[:1].islower() or previous.value.endswith((",", " at", " in"))
    )
