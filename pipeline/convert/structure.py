"""The body's structure from its blocks: sections, chapters and numbered
points as nested ``div``s with ``head``, paragraphs, hard-wrapped lists,
section breaks, a closing signature, and a "Notes" section moved to ``back``.

Sections are separated by two or more blank lines or by an asterism
("* * *"); numbered points "(2) Title." open a ``div type="point"`` inside the
current section; "VI. Title" or "Chapter 6" open a ``div type="chapter"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.convert.source import Block, Line
from pipeline.spans import local, make

_POINT = re.compile(r"^\((?P<label>[IVXLC]+|\d{1,3}|[a-z])\)\s+(?P<title>\S.*)$")
_CHAPTER = re.compile(
    r"^(?:(?P<roman>[IVXLC]+)\.|(?:Chapter|CHAPTER|Part|PART|Book|BOOK|Section|SECTION)\s+"
    r"(?P<num>[IVXLC]+|\d{1,3})\b[.:]?)\s+(?P<title>\S.*)$"
)
_NUMERAL = re.compile(r"^(?P<num>[IVXLC]+|\d{1,2})\.?$")
_SIGNATURE = re.compile(
    r"^(?:[A-Z][\w’'-]*\.?|[A-Z]\.|de|von|van|der)(?:\s+(?:[A-Z][\w’'-]*\.?|[A-Z]\.|de|von|van|der)){0,4}$"
)
_ASTERISM = re.compile(r"^\s*(?:[*⁂]\s*){1,5}$|^\s*(?:[-–—_]\s*){3,}$")
_NOTES_HEAD = re.compile(r"^(?:Notes|NOTES|Footnotes|FOOTNOTES|Endnotes|Notes:)$")
_NOTE = re.compile(r"^\[(?P<n>\d{1,3})\]\s*(?P<text>.*)$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
MAX_HEAD = 100
MAX_LIST_LINE = 100


def roman_to_int(text: str) -> int:
    total = 0
    for ch, nxt in zip(text, text[1:] + " "):
        value = _ROMAN[ch]
        total += -value if _ROMAN.get(nxt, 0) > value else value
    return total


def point_number(label: str) -> int:
    if label.isdigit():
        return int(label)
    if set(label) <= set(_ROMAN):
        return roman_to_int(label)
    return ord(label) - ord("a") + 1


def _is_subheading(text: str) -> bool:
    """A short title-like line: no closing punctuation, mostly capitalised."""
    if len(text) > 80 or text[-1] in ".,;:!" or not text[0].isupper():
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if len(w) > 3]
    if not words:
        return False
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised / len(words) >= 0.6


def _is_signature(text: str, author: str) -> bool:
    """The author's name, or a short run of capitalised names and initials."""
    text = text.strip()
    return text.rstrip(".") == author or (len(text) <= 50 and bool(_SIGNATURE.match(text)))


@dataclass
class _Div:
    el: etree._Element
    level: int  # 1 chapter, 2 section, 3 point
    children: list[_Div] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return any(local(c) in {"p", "list"} for c in self.el)

    @property
    def empty(self) -> bool:
        return not any(
            isinstance(c.tag, str) and c.tag.rsplit("}", 1)[-1] != "milestone" for c in self.el
        )


def _text(el: etree._Element, text: str) -> etree._Element:
    el.text = text
    return el


def _items(lines: tuple[Line, ...]) -> list[str]:
    """List items of a hard-wrapped block; lower-case lines continue the previous."""
    items: list[str] = []
    for line in lines:
        text = line.text.strip()
        if items and text[:1].islower():
            items[-1] += " " + text
        else:
            items.append(text)
    return items


class _Builder:
    def __init__(self, author: str) -> None:
        self.body = make("body")
        self.back: etree._Element | None = None
        self.notes: etree._Element | None = None
        self.stack: list[_Div] = []
        self.author = author
        self.sections = 0

    # -- divisions ---------------------------------------------------------
    def _open(self, level: int, kind: str, n: str | None = None) -> _Div:
        if level == 3 and not any(d.level == 2 for d in self.stack):
            self._new_section()
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1].el if self.stack else self.body
        el = make("div", {"type": kind})
        if n is not None:
            el.set("n", n)
        parent.append(el)
        div = _Div(el, level)
        self.stack.append(div)
        return div

    def _new_section(self) -> _Div:
        self.sections += 1
        return self._open(2, "section", str(self.sections))

    def current(self) -> etree._Element:
        if not self.stack:
            self._new_section()
        return self.stack[-1].el

    def _section_for_heading(self) -> _Div:
        """An empty section just opened takes the heading; otherwise a new one."""
        if self.stack and self.stack[-1].level == 2 and self.stack[-1].empty:
            return self.stack[-1]
        return self._new_section()

    def _has_content(self) -> bool:
        return any(local(el) in {"p", "list"} for el in self.body.iter())

    # -- blocks ------------------------------------------------------------
    def add(self, block: Block, last: bool) -> None:
        first = block.first.text.strip()
        if self.notes is not None:
            self._add_note(block)
            return
        single = len(block.lines) == 1
        opens_own_div = single and bool(
            _ASTERISM.match(first)
            or _NOTES_HEAD.match(first)
            or _CHAPTER.match(first)
            or _NUMERAL.match(first)
        )
        if block.gap >= 2 and self.stack and not opens_own_div:
            self._new_section()
        if len(block.lines) == 1 and _ASTERISM.match(first):
            div = self._new_section()
            div.el.append(make("milestone", {"unit": "section", "rend": first}))
            return
        if len(block.lines) == 1 and _NOTES_HEAD.match(first) and self._has_content():
            self.back = make("back")
            self.notes = make("div", {"type": "notes"})
            self.back.append(self.notes)
            self.notes.append(_text(make("head"), first))
            return
        point = _POINT.match(first)
        if point and len(first) <= MAX_HEAD:
            div = self._open(3, "point", str(point_number(point["label"])))
            div.el.append(_text(make("head"), first))
            self._add_lines(block.lines[1:])
            return
        chapter = _CHAPTER.match(first)
        if chapter and len(first) <= MAX_HEAD and len(block.lines) == 1:
            number = chapter["roman"] or chapter["num"]
            n = roman_to_int(number) if not number.isdigit() else int(number)
            div = self._open(1, "chapter", str(n))
            div.el.append(_text(make("head"), first))
            return
        numeral = _NUMERAL.match(first)
        if single and numeral and not last:
            number = numeral["num"]
            n = int(number) if number.isdigit() else roman_to_int(number)
            self.sections += 1
            div = self._open(2, "section", str(n))
            div.el.append(_text(make("head"), first))
            return
        if (
            single
            and last
            and self.stack
            and self.stack[-1].has_text
            and _is_signature(first, self.author)
        ):
            closer = make("closer")
            closer.append(_text(make("signed"), first))
            self.current().append(closer)
            return
        if len(block.lines) == 1 and _is_subheading(first) and not last:
            div = self._section_for_heading()
            div.el.append(_text(make("head"), first))
            return
        self._add_lines(block.lines)

    def _add_lines(self, lines: tuple[Line, ...]) -> None:
        if not lines:
            return
        parent = self.current()
        if len(lines) > 1 and max(len(line.text) for line in lines) <= MAX_LIST_LINE:
            items = _items(lines)
            if len(items) > 1:
                lst = make("list", {"type": "simple"})
                for item in items:
                    lst.append(_text(make("item"), item))
                parent.append(lst)
                return
            parent.append(_text(make("p"), items[0]))
            return
        for line in lines:
            parent.append(_text(make("p"), line.text.strip()))

    def _add_note(self, block: Block) -> None:
        assert self.notes is not None
        for line in block.lines:
            text = line.text.strip()
            match = _NOTE.match(text)
            if match:
                n = match["n"]
                note = make("note", {"type": "endnote", "place": "end", "n": n})
                note.set("{http://www.w3.org/XML/1998/namespace}id", f"note-{n}")
                label = _text(make("label"), f"[{n}]")
                label.tail = " " + match["text"] if match["text"] else None
                note.append(label)
                self.notes.append(note)
            elif len(self.notes) and self.notes[-1].tag.endswith("note"):
                note = self.notes[-1]
                last = note[-1] if len(note) else None
                if last is not None:
                    last.tail = (last.tail or "") + " " + text
                else:
                    note.text = (note.text or "") + " " + text
            else:
                self.notes.append(_text(make("p"), text))


def build_body(
    blocks: tuple[Block, ...], author: str
) -> tuple[etree._Element, etree._Element | None]:
    """``body`` (and ``back`` when there is a notes section) from the blocks."""
    builder = _Builder(author)
    body_blocks = list(blocks)
    # the last block of the body proper is the one before a notes heading
    notes_at = next(
        (
            i
            for i, b in enumerate(body_blocks)
            if i and len(b.lines) == 1 and _NOTES_HEAD.match(b.first.text.strip())
        ),
        len(body_blocks),
    )
    for i, block in enumerate(body_blocks):
        builder.add(block, last=(i == notes_at - 1))
    return builder.body, builder.back
