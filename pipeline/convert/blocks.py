"""What a block of the body is, read from its own lines: a heading, a section
break, a list, a table, verse, a block quotation, a signature, a salutation,
a note, or paragraphs.

The builder (:mod:`pipeline.convert.structure`) decides what the kinds that
depend on their place become (a name is a signature only at the end of a
letter, a salutation opens one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.convert import lines as L
from pipeline.convert.layout import Block, Line

MAX_VERSE_LINE = 75
MAX_LIST_LINE = 100
MAX_SIGNATURE_LINES = 6
NOTES_HEAD = re.compile(
    r"(?i)^(?:(?:foot|end)?notes?|(?:foot|end)?notes? (?:by|of|from) (?:the )?[\w’'. ]{1,40}"
    r"|(?:the )?(?:translator|editor|author|transcriber)s?[’']?s?[’']? (?:foot|end)?notes?"
    r"|(?:mia|moscow|soviet|russian|explanatory|editorial|publisher[’']?s?) (?:foot|end)?notes?"
    r"|references)\s*:?\s*$"
)
NOTE_MARK = re.compile(r"^\[(?P<n>\d{1,3}\*?)\]\s*(?P<text>.*)$")
# The same marker kept as a link of the page's markup: "[[1]](#a1) …"
LINK_NOTE_MARK = re.compile(r"^\[\[(?P<n>\d{1,3}\*?)\]\]\([^()\s]{0,80}\)\s*(?P<text>.*)$")
NUMBERED_NOTE = re.compile(r"^(?P<n>\d{1,3}\*?)[.)]\s+(?P<text>\S.*)$")
_CELL_SEP = re.compile(r"\S+(?: \S+)*")
_ATTRIBUTION = re.compile(
    r"^(?:[-–—]+\s*\S.*|\((?=[^()]*[A-Z])[^()]{2,80}\)|(?:By|BY|by)\s+[A-Z][\w.’' -]{1,60})$"
)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 part, 2 chapter or section, 3 point; 0: no number of its own
    kind: str  # div/@type
    n: str | None


def note_mark(text: str, numbered: bool) -> re.Match[str] | None:
    """The marker of a note's first line: "[3] …", or "3. …" in a notes section."""
    if len(text) > 100000:
        return None
    found = NOTE_MARK.match(text) or LINK_NOTE_MARK.match(text)
    return found or (NUMBERED_NOTE.match(text) if numbered else None)


def is_notes_heading(text: str) -> bool:
    return len(text) <= 80 and bool(NOTES_HEAD.match(text.strip()))


def heading_of(block: Block, author: str) -> Heading | None:
    """The heading a one-line block is, if it is one."""
    if len(block.lines) != 1 or block.indented:
        return None
    return _heading_of(block, author)


@lru_cache(maxsize=1024)
def _heading_of(block: Block, author: str) -> Heading | None:
    """(Asked several times of each block, by the readers of its neighbours.)"""
    text = block.first.text.strip()
    if len(text) > 250 or L.is_rule(text):
        return None
    numbered = L.NUMBERED_HEAD.match(L.without_refs(text)) if len(text) <= L.MAX_HEADING else None
    if numbered:
        return _numbered(text, numbered)
    if text.rstrip(".") == author or L.is_salutation(text) or _is_attribution(text):
        return None
    if L.is_upper(text) and not text.endswith((",", ";")) and len(text.split()) >= 1:
        return Heading(text, 0, "section", None)
    if L.is_title_like(text) and not _is_sentence(text):
        return Heading(text, 0, "section", None)
    return None


def _numbered(text: str, m: re.Match[str]) -> Heading | None:
    title = m["title"]
    if title is not None and not _titled(title):
        return None  # "1) It originated …", "(I) The law of identity;": an enumeration
    if m["point"] is not None:
        return Heading(text, 3, "point", L.number_of(m["point"]))
    if m["no"] is not None:
        return Heading(text, 3, "point", m["no"])
    if m["digit"] is not None:
        return Heading(text, 3, "section", m["digit"])
    if m["roman"] is not None:
        return Heading(text, 2, "chapter", L.number_of(m["roman"]))
    word = text.split(maxsplit=1)[0].lower()
    kind = {"part": "part", "book": "part", "document": "part", "appendix": "appendix"}.get(
        word, "chapter"
    )
    return Heading(text, 1 if kind == "part" else 2, kind, L.number_of(m["word"]))


def _titled(title: str) -> bool:
    """The rest of a numbered line is a title, not a sentence or a question."""
    title = L.without_refs(title)
    if not (title[:1].isupper() or title[:1] in "\"'“‘"):
        return False  # "I hope –", "1 [Guiddy. …]"
    if title.endswith((";", ",", ":", "?", "–", "—", "-")) or len(title) > 100:
        return False
    if title.endswith(".") and (len(title.split()) > 12 or L.capitalised(title) < 0.5):
        return False
    return L.capitalised(title) >= 0.5 or len(title.split()) <= 5


def _is_sentence(text: str) -> bool:
    """A short sentence of the text ("Peace, blessed Peace!", "Well, never mind.")."""
    return text.endswith((".", "!", "?")) and not L.is_upper(text)


def _is_attribution(text: str) -> bool:
    """ "Karl Korsch, 1931", "— Shelley", "(Hamlet, Act I, Sc. 2)"."""
    return bool(_ATTRIBUTION.match(text)) or (L.is_name(text) and bool(re.search(r"\d{4}$", text)))


def is_attribution(text: str) -> bool:
    return len(text) <= 120 and _is_attribution(text.strip())


# ---- lists, tables, verse --------------------------------------------------------------


def list_items(lines: tuple[Line, ...]) -> list[tuple[str, str]] | None:
    """(n, text) of each item when every line of ``lines`` starts with a
    marker of one kind ("1.", "(a)", "-"); lower-case lines continue an item."""
    items: list[tuple[str, str]] = []
    kinds = set()
    for line in lines:
        text = line.text.strip()
        m = L.marker_of(text)
        if m is None:
            if not items or not text[:1].islower():
                return None
            n, prev = items[-1]
            items[-1] = (n, f"{prev} {text}")
            continue
        kinds.add(_marker_kind(m))
        items.append((_marker_n(m, len(items)), text))
    if len(items) < 2 or len(kinds) != 1:
        return None
    return items


def _marker_kind(m: re.Match[str]) -> str:
    if m["bullet"]:
        return "bullet"
    if m["num"] or (m["paren"] or "").isdigit():
        return "number"
    return "letter"


def _marker_n(m: re.Match[str], index: int) -> str:
    label = m["num"] or m["paren"] or m["alpha"]
    if label is None:
        return str(index + 1)
    if label.isdigit():
        return str(int(label))
    if set(label) <= set("ivx") and len(label) > 1:
        return L.number_of(label.upper())
    return L.number_of(label)


def wrapped_items(lines: tuple[Line, ...]) -> list[str] | None:
    """Items of an enumeration without markers, hard-wrapped: each item a
    sentence that ends with a stop, its wrapped lines starting in lower case
    (the wrapping is what shows that a line end inside is not an item end)."""
    items: list[str] = []
    wrapped = False
    for line in lines:
        text = line.text.strip()
        if items and text[:1].islower():
            items[-1] += " " + text
            wrapped = True
        else:
            items.append(text)
    if not wrapped or len(items) < 3 or len(lines) > 60:
        return None
    ends = [item.rstrip("\"'”’)") for item in items]
    if not all(e.endswith((".", ";")) and i[:1].isupper() for e, i in zip(ends, items)):
        return None
    return items


def table_rows(lines: tuple[Line, ...]) -> list[list[str]] | None:
    """Cells of each row when the lines are table rows (cells apart by two
    or more spaces)."""
    rows = [_CELL_SEP.findall(line.text.strip()) for line in lines]
    wide = sum(len(row) >= 2 for row in rows)
    if len(rows) < 2 or wide < 2 or wide * 2 < len(rows):
        return None
    if any(len(line.text) > 300 for line in lines):
        return None
    return rows


def is_verse(lines: tuple[Line, ...]) -> bool:
    """Short lines that start with capitals: verse, not hard-wrapped prose."""
    texts = [line.text.strip() for line in lines]
    if len(texts) < 2 or any(len(t) > MAX_VERSE_LINE for t in texts):
        return False
    starts = [t.lstrip("\"'“‘(…[-–— ")[:1] for t in texts]
    capital = sum(s.isupper() or s.isdigit() for s in starts)
    figures = sum(any(c.isdigit() for c in t) for t in texts)
    return capital * 4 >= len(texts) * 3 and figures * 2 < len(texts)  # not rows of figures


# ---- letters -----------------------------------------------------------------------------


def closer_parts(lines: tuple[Line, ...], author: str) -> list[tuple[str, str]] | None:
    """(tag, text) of each line of a signature block (closing salutation,
    name, place and date), or None if ``lines`` are not one."""
    if len(lines) > MAX_SIGNATURE_LINES:
        return None
    parts: list[tuple[str, str]] = []
    signed = False
    for line in lines:
        text = line.text.strip()
        if len(text) > L.MAX_NAME + 20:
            return None
        if not signed and L.is_closing(text):
            parts.append(("salute", text))
        elif not signed and (L.is_name(text.rstrip(",")) or text.rstrip(".,") == author):
            parts.append(("signed", text))
            signed = True
        elif signed and (L.is_date_line(text) or _is_place(text)):
            parts.append(("dateline", text))
        elif signed and parts[-1][0] == "signed" and text[:1].isupper():
            parts.append(("signed", text))  # "Acting General Sec.,"
        else:
            return None
    return parts if signed else None


def _is_place(text: str) -> bool:
    """A place, or a place and a date: "Dublin.", "Sainte-Pélagie Prison, 1883."."""
    text = text.rstrip(".,")
    return bool(text) and len(text) <= 60 and text[:1].isupper() and L.capitalised(text) >= 0.5


def is_dateline(text: str) -> bool:
    """The place and date at the head of a letter: "Draviel, 15.11.04"."""
    text = text.strip()
    if len(text) > 60 or not text[:1].isupper():
        return False
    numeric = re.search(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b", text)
    return bool(numeric) or (L.is_date_line(text.split(",", 1)[-1]) and "," in text)
