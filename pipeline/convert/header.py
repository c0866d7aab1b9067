"""The ``teiHeader`` and the ``front`` built from a transcription's own lines:
author line, title, and the MIA info block ("Source:", "Transcription:", …).

Every info line is kept: understood ones become structured header parts, the
rest a ``notesStmt/note``; all of them stay verbatim in ``front`` as well, so
the text of ``<text>`` holds every word of the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from pipeline.convert.dates import parse_date
from pipeline.convert.source import InfoLine, Source
from pipeline.spans import make
from pipeline.tei import XML_NS

RESP_LABELS = {
    "transcription": "Transcription",
    "transcribed": "Transcription",
    "transcription/markup": "Transcription and markup",
    "transcription/html markup": "Transcription and markup",
    "html markup": "HTML Markup",
    "markup": "Markup",
    "translated": "Translation",
    "translation": "Translation",
    "translated by": "Translation",
    "proofread": "Proofreading",
    "proofreading": "Proofreading",
    "proofed": "Proofreading",
    "edited": "Editing",
    "editor": "Editing",
}
LICENCE_LABELS = {"public domain": "public-domain", "copyleft": "copyleft"}
SOURCE_LABELS = {"source", "first published", "published"}
CREATION_LABELS = {"written", "delivered", "date"}
MIA = "Marxists Internet Archive"
XML_ID = f"{{{XML_NS}}}id"

_WORDS_EXTENT = re.compile(r"\((?P<n>\d{1,3}(?:,\d{3})*|\d+)\s+words\)")
_ISSUE = re.compile(r"^(?:No|no|Nos|Number|#)\.?\s*(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?\.?$")
_VOLUME = re.compile(r"^(?:Vol|vol|Volume|volume)\.?\s*(?P<a>\d+|[IVXLC]+)\.?$")
_PAGES = re.compile(r"^(?:pp?|pages?)\.?\s*(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?\.?$")
_YEAR = re.compile(r"(?<![\d,.])(1[4-9]\d\d|20\d\d)(?![\d])")
# parts of a "Source:" value: comma-separated, and "Vol. 9. no. 8" in two
_PART_SEP = re.compile(r"(,\s+|(?<=\d\.)\s+(?=(?:[Nn]o|[Nn]umber|[Pp]p?)\.?\s*\d))")
_INITIAL_END = re.compile(r"\b\w\.$")
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)")


def _el(tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    el = make(tag)
    for key, value in attrib.items():
        el.set(XML_ID if key == "xml_id" else key, value)
    el.text = text
    return el


def _sub(
    parent: etree._Element, tag: str, text: str | None = None, **attrib: str
) -> etree._Element:
    el = _el(tag, text, **attrib)
    parent.append(el)
    return el


def _label_key(label: str) -> str:
    return " ".join(label.lower().replace("\\", "/").split())


def clean_value(value: str) -> str:
    """An info value without its trailing ';', ',' or '.' (an initial's '.' kept)."""
    value = value.strip()
    while value.endswith((";", ",")) or (value.endswith(".") and not _INITIAL_END.search(value)):
        value = value[:-1].rstrip()
    return value


def names_of(value: str) -> list[str]:
    """Person names in a credit line: "by A and B;" -> ["A", "B"]."""
    value = re.sub(r"^(?:by|By)\s+", "", clean_value(value))
    return [n for n in _NAME_SPLIT.split(value) if n and n.lower() != "by"]


def _append_text(el: etree._Element, text: str) -> None:
    if not text:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def source_bibl(value: str, kind: str) -> tuple[etree._Element, int | None]:
    """``bibl`` for a "Source:" value, parsed into title, date, biblScope;
    returns it with the word count of "(3,737 words)" if present."""
    bibl = _el("bibl", type=kind)
    words = None
    extent = _WORDS_EXTENT.search(value)
    if extent:
        words = int(extent["n"].replace(",", ""))
        value = (value[: extent.start()] + value[extent.end() :]).strip()
    value = clean_value(value)
    pieces = _PART_SEP.split(value)
    parts, seps = pieces[0::2], [*pieces[1::2], ""]
    journal = any(_ISSUE.match(p) or _VOLUME.match(p) for p in parts[1:])
    for i, (part, sep) in enumerate(zip(parts, seps)):
        issue, volume, pages = _ISSUE.match(part), _VOLUME.match(part), _PAGES.match(part)
        when = parse_date(part.rstrip("."))
        if i == 0:
            level = "j" if journal or (len(parts) > 1 and parse_date(parts[1]) is not None) else "m"
            _sub(bibl, "title", part, level=level)
        elif volume:
            _sub(bibl, "biblScope", part, unit="volume", **{"from": volume["a"], "to": volume["a"]})
        elif issue:
            _sub(
                bibl,
                "biblScope",
                part,
                unit="issue",
                **{"from": issue["a"], "to": issue["b"] or issue["a"]},
            )
        elif pages:
            _sub(
                bibl,
                "biblScope",
                part,
                unit="page",
                **{"from": pages["a"], "to": pages["b"] or pages["a"]},
            )
        elif when is not None:
            _sub(bibl, "date", part, **when)
        else:
            _append_text(bibl, part)
        _append_text(bibl, sep)
    return bibl, words


def _resp(
    title_stmt: etree._Element, resp: str, names: Iterable[str], xml_id: str | None = None
) -> None:
    stmt = _sub(title_stmt, "respStmt", **({"xml_id": xml_id} if xml_id else {}))
    _sub(stmt, "resp", resp)
    for name in names:
        _sub(stmt, "persName", name)


def build_header(
    source: Source,
    *,
    editor: str | None,
    languages: Iterable[tuple[str, str]],
    practice: Iterable[tuple[str, str]],
    change: str,
    version: str,
) -> etree._Element:
    """The whole ``teiHeader`` for ``source``."""
    header = make("teiHeader")
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    titles = [line.text.strip() for line in source.title]
    _sub(title_stmt, "title", titles[0], type="main")
    for sub in titles[1:]:
        _sub(title_stmt, "title", sub, type="sub")
    author = _sub(title_stmt, "author")
    _sub(author, "persName", source.author_name)

    licence: InfoLine | None = None
    creation: list[InfoLine] = []
    notes: list[InfoLine] = []
    bibls: list[etree._Element] = []
    words: int | None = None
    for info in source.info:
        key = _label_key(info.label) if info.label else ""
        if key in RESP_LABELS:
            _resp(title_stmt, RESP_LABELS[key], names_of(info.value))
        elif key in LICENCE_LABELS:
            licence = info
        elif key in CREATION_LABELS:
            creation.append(info)
        elif key in SOURCE_LABELS:
            kind = "source" if key == "source" else key.replace(" ", "-")
            bibl, count = source_bibl(info.value, kind)
            bibls.append(bibl)
            words = count if count is not None else words
        else:
            notes.append(info)
    if editor:
        _resp(title_stmt, "Editorial corrections", [editor], xml_id="editor")
    stmt = _sub(title_stmt, "respStmt", xml_id="tei-pipeline")
    _sub(stmt, "resp", "TEI encoding")
    _sub(stmt, "name", f"tei-pipeline {version}")

    if words is not None:
        extent = _sub(file_desc, "extent")
        _sub(extent, "measure", f"{words:,} words", unit="words", quantity=str(words))

    publication = _sub(file_desc, "publicationStmt")
    if licence is not None:
        text = licence.line.text.strip()
        names_mia = MIA in text or "marxists.org" in text.lower()
        if names_mia:
            publisher = _sub(publication, "publisher")
            _sub(publisher, "orgName", MIA)
        else:
            _sub(publication, "publisher", clean_value(licence.value))
        years = _YEAR.findall(text)
        if years:
            _sub(publication, "date", years[-1], when=years[-1])
        availability = _sub(publication, "availability", status="free")
        _sub(availability, "licence", text, n=LICENCE_LABELS[_label_key(licence.label or "")])
    else:
        _sub(publication, "p", "The transcription states no publisher or licence.")

    if notes:
        notes_stmt = _sub(file_desc, "notesStmt")
        for info in notes:
            _sub(notes_stmt, "note", info.line.text.strip(), type="source-line")

    source_desc = _sub(file_desc, "sourceDesc")
    if bibls:
        for bibl in bibls:
            source_desc.append(bibl)
    else:
        _sub(source_desc, "p", "Plain-text transcription; the printed source is not stated.")

    encoding = _sub(header, "encodingDesc")
    decl = _sub(encoding, "editorialDecl")
    for tag, text in practice:
        part = _sub(decl, tag)
        _sub(part, "p", text)

    profile = _sub(header, "profileDesc")
    for info in creation:
        made = _sub(profile, "creation")
        value = clean_value(info.value)
        when = parse_date(value)
        if when is not None:
            _sub(made, "date", value, **when)
        else:
            made.text = f"{info.label}: {value}"
    usage = _sub(profile, "langUsage")
    for ident, name in languages:
        _sub(usage, "language", name, ident=ident)

    revision = _sub(header, "revisionDesc")
    _sub(revision, "change", change)
    return header


def build_front(source: Source) -> etree._Element:
    """``front``: author line, title, and the info block kept line by line."""
    front = make("front")
    author = _sub(front, "docAuthor")
    _sub(author, "persName", source.author_name)
    if source.author_year:
        _sub(front, "docDate", source.author_year, when=source.author_year)
    doc_title = _sub(front, "docTitle")
    for i, line in enumerate(source.title):
        _sub(doc_title, "titlePart", line.text.strip(), type="main" if i == 0 else "sub")
    div = None
    kind = None
    for info in source.info:
        wanted = "source-info" if info.label else "editorial-note"
        if wanted != kind:
            div, kind = _sub(front, "div", type=wanted), wanted
        assert div is not None
        if info.label:
            _sub(div, "p", info.line.text.strip(), n=info.label)
        else:
            _sub(div, "p", info.line.text.strip())
    return front
