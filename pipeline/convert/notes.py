"""The page's notes: ``note`` elements with ``@n``, an id and, where the page
says whose a note is ("Footnote by MIA", "… – Editor."), ``@type`` and
``@resp``; the notes section at the end of the page goes to ``back``.

A note begins with its marker, "[3] …" anywhere or "3. …" under a notes
heading ("Notes", "Footnotes", "Endnotes", "Translator's notes", …); blocks
without a marker after a note continue it.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.convert import blocks as B
from pipeline.convert.elements import quote_content
from pipeline.convert.layout import Block
from pipeline.spans import make, text_of
from pipeline.tei import XML_NS, tei

XML_ID = f"{{{XML_NS}}}id"
# Whose note it is, from the words that end it or the heading it is under.
_OWNER_END = re.compile(
    r"(?:[-–—]\s*(?P<a>MIA|Editors?|Ed|Translator|Trans|Tr)\.?|\[(?P<b>MIA|Editors?|Ed\.|Translator|Tr\.)\])"
    r"\s*\.?\s*$"
)
_OWNER_HEAD = re.compile(r"(?i)\b(?P<who>mia|marxists|editor|editorial|moscow|soviet|translator)")
OWNERS = {
    "mia": "mia",
    "marxists": "mia",
    "editor": "editor",
    "editors": "editor",
    "ed": "editor",
    "editorial": "editor",
    "moscow": "editor",
    "soviet": "editor",
    "translator": "translator",
    "trans": "translator",
    "tr": "translator",
}
TYPES = {"mia": "editorial", "editor": "editorial", "translator": "translator"}


def note_id(n: str) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "-", n).strip("-") or "x"
    return f"note-{base}" + ("-star" if "*" in n else "")


def owner_of(text: str) -> str | None:
    """Whose note this is, by its last words ("… - Editor.", "… [MIA]")."""
    m = _OWNER_END.search(text[-40:]) if text else None
    if m is None:
        return None
    word = (m["a"] or m["b"] or "").rstrip(".").lower()
    return OWNERS.get(word)


class Notes:
    """The notes of one text, in ``back`` or in place, and their ids."""

    def __init__(self, text: etree._Element) -> None:
        self.text = text
        self.back: etree._Element | None = None
        self.div: etree._Element | None = None
        self.current: etree._Element | None = None
        self.ids: dict[str, str] = {}  # @n -> xml:id of the first note so numbered
        self.used: set[str] = set()
        self.repeats: dict[str, int] = {}  # id -> the last suffix it took
        self.owners: set[str] = set()

    def section(self, head: str | None) -> None:
        """A notes division in ``back``, under ``head`` if the page has one."""
        if self.back is None:
            self.back = etree.SubElement(self.text, tei("back"))
        self.div = make("div", {"type": "notes"})
        self.back.append(self.div)
        self.current = None
        if head is not None:
            h = make("head")
            h.text = head
            self.div.append(h)

    def note(self, n: str, first: str, place: str) -> etree._Element:
        """A new note numbered ``n`` whose first line is ``first`` (with its marker)."""
        base = note_id(n)
        xml_id, k = base, self.repeats.get(base, 1)
        while xml_id in self.used:  # a second series of notes numbered alike
            k += 1
            xml_id = f"{base}-{k}"
        self.repeats[base] = k
        self.used.add(xml_id)
        self.ids.setdefault(n, xml_id)
        kind = "endnote" if place == "end" else "footnote"
        note = make("note", {"type": kind, "place": place, "n": n})
        note.set(XML_ID, xml_id)
        marker, _, rest = first.partition(" ") if not first.startswith("[") else _split(first)
        label = make("label")
        label.text = marker
        label.tail = " " + rest if rest else None
        note.append(label)
        self.current = note
        return note

    def add(self, block: Block) -> bool:
        """A block of the notes section: a new note, or more of the last one."""
        assert self.div is not None
        text = block.first.text.strip()
        m = B.note_mark(text, numbered=True)
        if m is not None:
            note = self.note(m["n"], text, "end")
            self.div.append(note)
            _more(note, block, first_done=True)
            return True
        if self.current is not None and block.indented:
            quote = make("quote")
            quote.extend(quote_content(block.lines))
            self.current.append(quote)
            return True
        if self.current is not None:
            _more(self.current, block, first_done=False)
            return True
        p = make("p")
        p.text = " ".join(line.text.strip() for line in block.lines)
        self.div.append(p)
        return False

    def finish(self, body: etree._Element) -> None:
        """Each note's owner, from its last words or the heading it is under."""
        for note in body.iter(tei("note")):
            self.mark_owner(note, None)
        for div in self.back if self.back is not None else ():
            head = div[0].text if len(div) and div[0].tag == tei("head") else ""
            m = _OWNER_HEAD.search(head or "")
            default = OWNERS.get(m["who"].lower()) if m else None
            for note in div.iter(tei("note")):
                self.mark_owner(note, default)

    def mark_owner(self, note: etree._Element, default: str | None) -> None:
        owner = owner_of(text_of(note)) or owner_of(_first_paragraph(note)) or default
        if owner is None:
            return
        note.set("type", TYPES[owner])
        note.set("resp", f"#notes-{owner}")
        self.owners.add(owner)


def _first_paragraph(note: etree._Element) -> str:
    """A note's text up to its second paragraph."""
    parts = [note.text or ""]
    for child in note:
        if child.tag == tei("p"):
            break
        parts += [text_of(child), child.tail or ""]
    return "".join(parts).strip()


def _split(first: str) -> tuple[str, str, str]:
    """ "[3] text" or "[[3]](#n3) text" -> (marker, " ", text)."""
    m = B.LINK_NOTE_MARK.match(first)
    close = first.index(")") + 1 if m else first.index("]") + 1
    return first[:close], " ", first[close:].strip()


def _more(note: etree._Element, block: Block, first_done: bool) -> None:
    """The rest of a note: further lines joined to its first paragraph,
    further blocks as paragraphs of their own."""
    lines = [line.text.strip() for line in block.lines[1 if first_done else 0 :]]
    if not lines:
        return
    if first_done:
        last = note[-1]
        last.tail = (last.tail or "") + " " + " ".join(lines)
        return
    p = make("p")
    p.text = " ".join(lines)
    note.append(p)
