"""Adversarial inputs for rendering: many notes, names or corrections in one
paragraph (each once scanned the document per element)."""

from __future__ import annotations

from lxml import etree

from adversarial import Case
from pipeline.render.transform import render
from pipeline.xmlio import parse_bytes

HEAD = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>'
    "<titleStmt><title>Adversarial</title></titleStmt><publicationStmt><p>Test.</p>"
    "</publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>"
    "<text><body><div><p>"
)
TAIL = "</p></div></body></text></TEI>"


def document(unit: str, count: int) -> etree._ElementTree:
    return parse_bytes((HEAD + unit * count + TAIL).encode(), "adversarial.xml")


def inline_notes(count: int) -> etree._ElementTree:
    """``count`` notes in one paragraph (2,000 notes: 40 KB)."""
    return document("word<note>a note</note> ", count)


def mentions(count: int) -> etree._ElementTree:
    return document('<persName ref="authority.xml#x">Name</persName> and ', count)


def corrections(count: int) -> etree._ElementTree:
    return document("<choice><sic>teh</sic><corr>the</corr></choice> word ", count)


def _notes(count: int) -> str:
    return f"{count:,} notes"


CASES = {
    "html-inline-notes": Case(
        build=inline_notes, run=lambda t: render(t, "html"), base=2000, unit=_notes
    ),
    "text-inline-notes": Case(
        build=inline_notes, run=lambda t: render(t, "text"), base=2000, unit=_notes
    ),
    "html-mentions": Case(build=mentions, run=lambda t: render(t, "html"), base=2000),
    "html-corrections": Case(build=corrections, run=lambda t: render(t, "html"), base=2000),
}
