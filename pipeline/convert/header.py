"""The ``teiHeader`` and the ``front`` built from a transcription's own lines:
author line, title lines, and the info block in any of its forms.

Every info line is kept: each goes into the header element it is about
(``sourceDesc/bibl``, ``respStmt``, ``availability``, ``creation``) or, when
it is about something else, into ``notesStmt``; all of them stay verbatim in
``front`` as well, so the text of ``<text>`` holds every word of the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby

from lxml import etree

from pipeline.convert import info as I
from pipeline.convert.credits import credits, role_of
from pipeline.convert.frontmatter import InfoLine
from pipeline.convert.info import clean_value, el, sub
from pipeline.convert.source import Source
from pipeline.spans import make
from pipeline.tei import tei

LICENCES = {
    "public domain": "public-domain",
    "copyleft": "copyleft",
    "copy left": "copyleft",
    "copyright": "copyright",
    "permissions": "permissions",
    "permission": "permissions",
}
MIA = "Marxists Internet Archive"
# Who the notes of a page are by, as the notes say: respStmt id, resp, name.
NOTE_RESP = {
    "mia": ("notes-mia", "orgName", "Marxists Internet Archive"),
    "editor": ("notes-editor", "name", "the editors of the printed edition"),
    "translator": ("notes-translator", "name", "the translator"),
}


def _slug(label: str) -> str:
    return re.sub(r"[^a-z]+", "-", label.lower()).strip("-") or "source"


@dataclass
class _Statements:
    """The header parts read from the info block."""

    resps: list[etree._Element] = field(default_factory=list)
    bibls: list[etree._Element] = field(default_factory=list)
    creations: list[etree._Element] = field(default_factory=list)
    notes: list[etree._Element] = field(default_factory=list)
    licence: InfoLine | None = None
    words: int | None = None


def _resp_text(info: InfoLine) -> tuple[str, str]:
    if info.label is not None:
        return " ".join(info.label.split()), info.value
    return role_of(info.value)


def _read(lines: list[InfoLine], out: _Statements) -> None:
    first = lines[0]
    kind, label = first.kind, first.label
    if kind == "resp":
        out.resps.extend(credits(*_resp_text(first)))
    elif kind == "licence" and out.licence is None:
        out.licence = first
    elif kind == "creation":
        made = el("creation")
        prefix = f"{label}: " if label and _slug(label) not in {"written", "date"} else ""
        I.with_dates(made, prefix + " ".join(i.value.strip() for i in lines))
        out.creations.append(made)
    elif kind in {"source", "reprint"} and label and _slug(label) == "publisher" and out.bibls:
        I.add_publisher(out.bibls[-1], first.value)
    elif kind in {"source", "reprint"}:
        kind = _slug(label) if label else kind
        bibl, count = I.source_bibl([i.value for i in lines], kind)
        out.bibls.append(bibl)
        out.words = count if count is not None else out.words
    else:
        note_type = "editorial" if label and re.search(r"(?i)note|editor", label) else "source-line"
        for info in lines:
            out.notes.append(el("note", info.line.text.strip(), type=note_type))


def read_statements(info: Iterable[InfoLine]) -> _Statements:
    out = _Statements()
    for _, group in groupby(info, key=lambda i: i.group):
        _read(list(group), out)
    return out


def _publication(
    file_desc: etree._Element, licence: InfoLine | None, default: tuple[str, str] = ("", "")
) -> None:
    """Publisher, date and licence as the source states them; else ``default``,
    the edition's (publisher, licence), when it has a licence."""
    publication = sub(file_desc, "publicationStmt")
    if licence is None and default[1]:
        sub(publication, "publisher", default[0])
        sub(sub(publication, "availability"), "licence", default[1])
        return
    if licence is None:
        sub(publication, "p", "The transcription states no publisher or licence.")
        return
    text = licence.line.text.strip()
    if MIA in text or "marxists.org" in text.lower():
        publisher = sub(publication, "publisher")
        sub(publisher, "orgName", MIA)
    else:
        sub(publication, "publisher", I.publisher_name(licence.value) or clean_value(licence.value))
    found = I.years(text)
    if found:
        sub(publication, "date", found[-1], when=found[-1])
    availability = sub(publication, "availability", status="free")
    key = " ".join((licence.label or "").lower().split())
    sub(availability, "licence", text, n=LICENCES.get(key, _slug(key)))


def _resp(title_stmt: etree._Element, resp: str, tag: str, name: str, xml_id: str) -> None:
    stmt = sub(title_stmt, "respStmt", xml_id=xml_id)
    sub(stmt, "resp", resp)
    sub(stmt, tag, name)


def _title_stmt(
    file_desc: etree._Element,
    source: Source,
    statements: _Statements,
    note_resps: Iterable[str],
    editor: str | None,
    version: str,
    editor_id: str = "editor",
) -> None:
    title_stmt = sub(file_desc, "titleStmt")
    for title in source.title:
        if title.kind != "date":
            sub(title_stmt, "title", title.text, type=title.kind)
    author = sub(title_stmt, "author")
    sub(author, "persName", source.author_name)
    title_stmt.extend(statements.resps)
    for key in sorted(set(note_resps)):
        xml_id, tag, name = NOTE_RESP[key]
        _resp(title_stmt, "Notes", tag, name, xml_id)
    if editor:
        _resp(title_stmt, "Editorial corrections", "persName", editor, editor_id)
    _resp(title_stmt, "TEI encoding", "name", f"tei-pipeline {version}", "tei-pipeline")


def _profile(
    header: etree._Element,
    source: Source,
    statements: _Statements,
    languages: Iterable[tuple[str, str]],
) -> None:
    """Where and when the text was made (from the info block, or the date
    line under the title), and its languages."""
    profile = sub(header, "profileDesc")
    profile.extend(statements.creations)
    dated = [t for t in source.title if t.kind == "date" and t.when is not None]
    if not statements.creations and dated:
        made = sub(profile, "creation")
        sub(made, "date", dated[0].text.strip("()[] .,"), **(dated[0].when or {}))
    usage = sub(profile, "langUsage")
    for ident, name in languages:
        sub(usage, "language", name, ident=ident)


def build_header(
    source: Source,
    *,
    editor: str | None,
    languages: Iterable[tuple[str, str]],
    practice: Iterable[tuple[str, str]],
    change: str,
    version: str,
    note_resps: Iterable[str] = (),
    editor_id: str = "editor",
    default_licence: tuple[str, str] = ("", ""),
) -> etree._Element:
    """The whole ``teiHeader`` for ``source``; ``note_resps`` names the keys of
    ``NOTE_RESP`` that notes of the text point at; ``editor_id`` is the xml:id
    of the editor's respStmt; ``default_licence`` the edition's (publisher,
    licence) for a source that states none."""
    header = make("teiHeader")
    file_desc = sub(header, "fileDesc")
    statements = read_statements(source.info)
    _title_stmt(file_desc, source, statements, note_resps, editor, version, editor_id)
    if statements.words is not None:
        extent = sub(file_desc, "extent")
        words = statements.words
        sub(extent, "measure", f"{words:,} words", unit="words", quantity=str(words))
    _publication(file_desc, statements.licence, default_licence)
    if statements.notes:
        sub(file_desc, "notesStmt").extend(statements.notes)
    source_desc = sub(file_desc, "sourceDesc")
    if statements.bibls:
        source_desc.extend(statements.bibls)
    else:
        sub(source_desc, "p", "Plain-text transcription; the printed source is not stated.")
    decl = sub(sub(header, "encodingDesc"), "editorialDecl")
    for tag, text in practice:
        sub(sub(decl, tag), "p", text)
    _profile(header, source, statements, languages)
    sub(sub(header, "revisionDesc"), "change", change)
    return header


def build_front(source: Source, text: etree._Element) -> etree._Element:
    """``front`` in ``text``: author line, title lines, and the info block
    kept line by line."""
    front = etree.SubElement(text, tei("front"))
    author = sub(front, "docAuthor")
    sub(author, "persName", source.author_name)
    if source.author_year:
        sub(front, "docDate", source.author_year, when=source.author_year)
    doc_title = None  # title lines in page order: a date line between them splits docTitle
    for title in source.title:
        if title.kind == "date":
            sub(front, "docDate", title.text, **(title.when or {}))
            doc_title = None
            continue
        if doc_title is None:
            doc_title = sub(front, "docTitle")
        sub(doc_title, "titlePart", title.text, type=title.kind)
    div = None
    kind = None
    for info in source.info:
        wanted = "editorial-note" if info.kind == "other" and info.label is None else "source-info"
        if wanted != kind:
            div, kind = sub(front, "div", type=wanted), wanted
        assert div is not None
        p = sub(div, "p", info.line.text.strip())
        if info.label:
            p.set("n", info.label)
    return front
