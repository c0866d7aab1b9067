"""Listing the entity elements of a document (``tei-pipeline entities``)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from pipeline import tei
from pipeline.entities.authority import TYPE_OF_ELEMENT
from pipeline.spans import READING, local, text_of
from pipeline.tei import NSMAP, TEI_NS

NER_RESP = "#ner"
ENTITY_TAGS = tei.ENTITY_NAMES


@dataclass(frozen=True)
class Listed:
    line: int | None
    type: str
    text: str
    ref: str | None
    status: str  # linked | suggested | unlinked
    place: str  # header | text

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "type": self.type,
            "text": self.text,
            "ref": self.ref,
            "status": self.status,
            "in": self.place,
        }


def list_mentions(tree: etree._ElementTree) -> list[Listed]:
    """Every entity element of the document, in document order."""
    out = []
    root = tree.getroot()
    header = root.find("tei:teiHeader", NSMAP)
    for el in root.iter(*(f"{{{TEI_NS}}}{t}" for t in sorted(ENTITY_TAGS))):
        ref = el.get("ref")
        if ref:
            status = "linked"
        elif el.get("resp") == NER_RESP:
            status = "suggested"
        else:
            status = "unlinked"
        in_header = header is not None and any(a is header for a in el.iterancestors())
        text = " ".join(text_of(el, READING).split())
        out.append(
            Listed(
                getattr(el, "sourceline", None),
                TYPE_OF_ELEMENT[local(el)],
                text,
                ref,
                status,
                "header" if in_header else "text",
            )
        )
    return out


def ref_id(ref: str | None) -> str:
    """The entry id of an authority pointer (``…authority.xml#ID`` -> ``ID``)."""
    return ref.rpartition("#")[2] if ref else ""
