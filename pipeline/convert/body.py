"""``body`` and ``back`` from the body blocks: each block is read by the first
reader below that knows it, in order, with its neighbours at hand (a
signature is one only at the end of a letter, a dateline only above a
salutation, an epigraph only at the start).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from pipeline.convert import blocks as B
from pipeline.convert import lines as L
from pipeline.convert.elements import item_list, lg, quote_content, table, text_el
from pipeline.convert.frontmatter import SECTION_WORDS
from pipeline.convert.layout import Block
from pipeline.convert.structure import Builder
from pipeline.spans import make

NOTE_SEARCH = 4  # blocks after a notes heading in which its first note must start
_EPIGRAPH_LINE = re.compile(r"^(?P<quote>.{10,400}?)\s+[-–—]+\s+(?P<who>[A-Z][^-–—]{2,80})$")


@dataclass
class Place:
    """A block with what surrounds it."""

    blocks: tuple[Block, ...]
    i: int
    end: int  # where the body ends (a notes section, or the last block)

    @property
    def block(self) -> Block:
        return self.blocks[self.i]

    @property
    def next(self) -> Block | None:
        return self.blocks[self.i + 1] if self.i + 1 < self.end else None

    @property
    def previous(self) -> Block | None:
        return self.blocks[self.i - 1] if self.i > 0 else None

    @property
    def text(self) -> str:
        return self.block.first.text.strip()


Reader = Callable[[Builder, Place], int]  # blocks used (0: not this reader's)


def ends_region(block: Block | None, author: str) -> bool:
    """Nothing follows, or what follows opens something new."""
    if block is None:
        return True
    text = block.first.text.strip()
    return len(block.lines) == 1 and (
        L.is_rule(text) or B.is_notes_heading(text) or B.heading_of(block, author) is not None
    )


def read_rule(b: Builder, at: Place) -> int:
    if len(at.block.lines) == 1 and L.is_rule(at.text):
        b.rule(at.text)
        return 1
    return 0


def read_note(b: Builder, at: Place) -> int:
    m = B.note_mark(at.text, numbered=False)
    if m is None or at.block.indented:
        return 0
    note = b.notes.note(m["n"], at.text, "foot")
    rest = [line.text.strip() for line in at.block.lines[1:]]
    if rest:
        note[-1].tail = (note[-1].tail or "") + " " + " ".join(rest)
    div = b.current()
    div.el.append(note)
    return 1


def _cit(quote: etree._Element, source: str) -> etree._Element:
    cit = make("cit")
    cit.append(quote)
    cit.append(text_el("bibl", source))
    return cit


def _dash_attribution(block: Block | None) -> bool:
    """ "— Shelley" on the line after a quotation."""
    if block is None or len(block.lines) != 1:
        return False
    text = block.first.text.strip()
    return text[:1] in "-–—" and B.is_attribution(text)


def read_quote(b: Builder, at: Place) -> int:
    if not at.block.indented:
        return 0
    lines = at.block.lines
    used = 1
    source = None
    if len(lines) > 1 and B.is_attribution(lines[-1].text):
        source, lines = lines[-1].text.strip(), lines[:-1]
    elif _dash_attribution(at.next):
        assert at.next is not None
        source, used = at.next.first.text.strip(), 2
    quote = make("quote")
    quote.extend(quote_content(lines))
    element = quote if source is None else _cit(quote, source)
    if source is not None and b.at_start():
        epigraph = make("epigraph")
        epigraph.append(element)
        b.top(epigraph)
    else:
        b.block(element)
    return used


def read_epigraph_line(b: Builder, at: Place) -> int:
    """ "Words. - Johann Gottlieb Fichte [1]" at the start of the text."""
    m = _EPIGRAPH_LINE.match(at.text) if len(at.block.lines) == 1 and len(at.text) < 500 else None
    if m is None or not b.at_start() or not L.is_name(L.without_refs(m["who"])):
        return 0
    epigraph = make("epigraph")
    epigraph.append(_cit(text_el("quote", m["quote"]), at.text[m.end("quote") :].strip()))
    b.top(epigraph)
    return 1


def _closer(parts: list[tuple[str, str]]) -> etree._Element:
    closer = make("closer")
    for tag, text in parts:
        closer.append(text_el(tag, text))
    return closer


def read_closer(b: Builder, at: Place) -> int:
    if at.block.indented or not b.has_text():
        return 0
    parts = B.closer_parts(at.block.lines, b.author)
    if parts is None:
        return 0
    strong = any(tag != "signed" for tag, _ in parts)
    nxt = at.next
    if len(parts) == 1 and not _signs(parts[0][1], nxt, b.author):
        return 0
    head = B.heading_of(at.block, b.author)
    if head is not None and head.level:
        return 0  # "DOCUMENT I"
    if not strong and nxt is not None and len(nxt.lines) == 1 and L.is_date_line(nxt.first.text):
        b.bottom(_closer([*parts, ("dateline", nxt.first.text.strip())]))
        return 2
    if strong or ends_region(nxt, b.author):
        b.bottom(_closer(parts))
        return 1
    return 0


def _signs(name: str, nxt: Block | None, author: str) -> bool:
    """A lone name is a signature at the end of the text or of a letter; before
    a heading only if it looks like a name ("JAMES CONNOLLY.", "H.J. Hawkins"),
    not like a heading ("QUESTIONS", "Appendix")."""
    if name.lower().rstrip(".:") in SECTION_WORDS:
        return False
    if nxt is None or B.is_notes_heading(nxt.first.text) or L.is_rule(nxt.first.text):
        return True
    return len(name.split()) >= 2 or name.endswith(".") or name.rstrip(".") == author


def _letter_head(block: Block) -> bool:
    """The lines above a salutation: sender, address, date ("Draviel, 15.11.04")."""
    texts = [line.text.strip() for line in block.lines]
    if len(texts) > 6 or any(len(t) > 80 for t in texts) or block.indented:
        return False
    return any(B.is_dateline(t) or L.is_date_line(t) for t in texts)


def read_opener(b: Builder, at: Place) -> int:
    nxt = at.next
    salute_next = nxt is not None and L.is_salutation(_salute_part(nxt.first.text))
    if salute_next and _letter_head(at.block):
        assert nxt is not None
        opener = make("opener")
        for line in at.block.lines:
            text = line.text.strip()
            if B.is_dateline(text) or L.is_date_line(text):
                opener.append(text_el("dateline", text))
            else:
                _line(opener, text)  # sender, address, addressee
        used = 1
        if len(nxt.lines) == 1 and L.is_salutation(nxt.first.text):
            opener.append(text_el("salute", nxt.first.text.strip()))
            used = 2
        b.top(opener)
        return used
    if len(at.block.lines) == 1 and L.is_salutation(at.text) and not L.is_closing(at.text):
        opener = make("opener")
        opener.append(text_el("salute", at.text))
        b.top(opener)
        return 1
    return 0


def _salute_part(text: str) -> str:
    """ "Dear Comrade, – I have just received …" -> "Dear Comrade,"."""
    head = text.strip().split(",", 1)[0]
    return head + "," if len(head) < len(text.strip()) else head


def _line(parent: etree._Element, text: str) -> None:
    """``text`` as one more line of ``parent``'s mixed content."""
    if not len(parent) and not parent.text:
        parent.text = text
        return
    lb = make("lb")
    lb.tail = text
    parent.append(lb)


def read_byline(b: Builder, at: Place) -> int:
    """ "Karl Korsch, 1931" under a heading."""
    if len(at.block.lines) != 1 or not B.is_attribution(at.text) or not b.under_head():
        return 0
    b.top(text_el("byline", at.text))
    return 1


def read_heading(b: Builder, at: Place) -> int:
    head = B.heading_of(at.block, b.author)
    if head is None:
        return 0
    b.heading(head)
    return 1


def read_point(b: Builder, at: Place) -> int:
    """ "(2) Title." with the point's text on the lines below."""
    if len(at.block.lines) < 2 or at.block.indented:
        return 0
    head = B.heading_of(Block(at.block.lines[:1], 0), b.author)
    if head is None or head.kind != "point":
        return 0
    b.heading(head)
    b.paragraphs(at.block.lines[1:])
    return 1


def read_list(b: Builder, at: Place) -> int:
    lines = at.block.lines
    if at.block.indented:
        return 0
    if len(lines) == 1 and L.BULLET.match(at.text):
        b.block(item_list([("1", at.text)], "bulleted"))  # "- Taxation of unlet houses,"
        return 1
    if len(lines) < 2:
        return 0
    items = B.list_items(lines)
    lead = None
    if items is None and len(lines) > 2 and L.marker_of(lines[0].text) is None:
        items, lead = B.list_items(lines[1:]), lines[0].text.strip()
    if items is None:
        return 0
    kind = "bulleted" if items[0][1][:1] in "-–—•*·" else "ordered"
    if lead is not None:
        b.block(text_el("p", lead))
    b.block(item_list(items, kind))
    return 1


def read_table(b: Builder, at: Place) -> int:
    rows = B.table_rows(at.block.lines) if not at.block.indented else None
    if rows is None:
        return 0
    b.block(table(rows))
    return 1


def read_enumeration(b: Builder, at: Place) -> int:
    """Items without markers: hard-wrapped sentences after "… the following:",
    or indented lines under a paragraph's first line."""
    lines = at.block.lines
    prev = at.previous
    if prev is not None and prev.lines[-1].text.rstrip().endswith(":") and not at.block.indented:
        wrapped = B.wrapped_items(lines)
        if wrapped is not None:
            b.block(item_list([(str(i), t) for i, t in enumerate(wrapped, 1)], "simple"))
            return 1
    rest = lines[1:]
    if len(rest) >= 2 and lines[0].indent == 0 and all(line.indent >= 2 for line in rest):
        b.block(text_el("p", lines[0].text.strip()))
        items = [(str(i), line.text.strip()) for i, line in enumerate(rest, 1)]
        b.block(item_list(items, "simple"))
        return 1
    return 0


def read_verse(b: Builder, at: Place) -> int:
    if at.block.indented or not B.is_verse(at.block.lines):
        return 0
    b.block(lg(at.block.lines))
    return 1


def read_paragraphs(b: Builder, at: Place) -> int:
    b.paragraphs(at.block.lines)
    return 1


READERS: tuple[Reader, ...] = (
    read_rule,
    read_note,
    read_quote,
    read_epigraph_line,
    read_closer,
    read_opener,
    read_byline,
    read_heading,
    read_point,
    read_list,
    read_table,
    read_enumeration,
    read_verse,
    read_paragraphs,
)


def opens_own_division(block: Block, author: str) -> bool:
    text = block.first.text.strip()
    return len(block.lines) == 1 and (
        L.is_rule(text) or B.is_notes_heading(text) or B.heading_of(block, author) is not None
    )


def notes_start(blocks: tuple[Block, ...]) -> int:
    """Index of the heading of the notes section at the end of the text."""
    for i, block in enumerate(blocks):
        if i == 0 or len(block.lines) != 1 or not B.is_notes_heading(block.first.text):
            continue
        following = blocks[i + 1 : i + 1 + NOTE_SEARCH]
        if any(B.note_mark(f.first.text.strip(), numbered=True) for f in following):
            return i
    return len(blocks)


def read_notes(b: Builder, blocks: tuple[Block, ...]) -> None:
    """The notes section: its heading, then notes, further notes headings,
    rules between series of notes."""
    b.notes.section(blocks[0].first.text.strip())
    for block in blocks[1:]:
        first = block.first.text.strip()
        if len(block.lines) == 1 and B.is_notes_heading(first):
            b.notes.section(first)
        elif len(block.lines) == 1 and L.is_rule(first):
            assert b.notes.div is not None
            b.notes.div.append(make("milestone", {"unit": "section", "rend": first}))
        else:
            b.notes.add(block)


def build_body(
    blocks: tuple[Block, ...], author: str, text: etree._Element
) -> tuple[etree._Element, etree._Element | None]:
    """``body`` (and ``back`` when there is a notes section) in ``text``."""
    b = Builder(author, text)
    end = notes_start(blocks)
    i = 0
    while i < end:
        block = blocks[i]
        if block.gap >= 2 and b.stack and not opens_own_division(block, author):
            b.new_section()
        at = Place(blocks, i, end)
        for reader in READERS:
            used = reader(b, at)
            if used:
                i += used
                break
    if end < len(blocks):
        read_notes(b, blocks[end:])
    b.notes.finish(b.body)
    b.close()
    return b.body, b.notes.back
