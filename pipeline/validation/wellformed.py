"""Well-formedness, the first check of every file: is it XML at all?

Empty, binary and plain-text files are told apart from malformed XML, each a
located ``Issue``. Parsing uses the project's safe parser (no DTD, no
entities, no network). Errors about ``xml:id`` values (duplicates, values
that are not names) are validity errors, not syntax errors: the tree is kept
and the duplicates are reported as ``id-unique``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from lxml import etree

from pipeline.errors import InputError, Issue
from pipeline.tei import XML_NS
from pipeline.validation.document import Document, line_of
from pipeline.xmlio import read_file, safe_parser, serialize, syntax_error


def _wf(
    file: str, code: str, message: str, line: int = 1, column: int = 1, hint: str = ""
) -> Issue:
    return Issue(file, line, column, "", "well-formedness", code, "error", message, hint)


def _not_xml(data: bytes, file: str) -> Issue | None:
    """Why ``data`` is no XML at all (empty, binary, plain text), if it is not."""
    if not data.strip():
        return _wf(
            file,
            "xml-empty",
            "empty file: no XML document",
            hint='a TEI document starts with <TEI xmlns="http://www.tei-c.org/ns/1.0">',
        )
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _wf(
            file, "xml-binary", "binary file: not XML", hint="only XML text files can be validated"
        )
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _wf(
            file,
            "xml-not-xml",
            "not XML: the file does not start with '<'",
            hint="is this the source .txt rather than its TEI?",
        )
    return None


def parse(data: bytes, file: str) -> Document | list[Issue]:
    """The parsed document, or the issues that say why ``data`` is not well-formed XML."""
    refused = _not_xml(data, file)
    if refused is not None:
        return [refused]
    base = os.path.abspath(file) if not file.startswith("<") else ""
    parser = safe_parser()
    duplicates = False
    try:
        root = etree.fromstring(data, parser, base_url=base)
    except etree.XMLSyntaxError as exc:
        errors = [e for e in parser.error_log if e.level >= 2]
        if not errors or any(e.type_name not in _ID_ERRORS for e in errors):
            line, column = exc.position if exc.position else (1, 1)
            kind, message = syntax_error(data, exc.msg)
            return [_wf(file, f"xml-{kind}", message, line, max(column, 1))]
        # Only xml:id errors (duplicates, values that are not names): validity
        # errors the schema reports, not syntax errors; keep the tree.
        root = etree.fromstring(data, _recovering_parser(), base_url=base)
        duplicates = True
    tree = root.getroottree()
    for entity in tree.iter(etree.Entity):
        return [
            _wf(
                file,
                "xml-entity",
                f"entity reference {entity.text} refused: entities are not expanded",
                line_of(entity) or 1,
            )
        ]
    document = Document(file, data, tree)
    if duplicates:
        document.prior = list(_duplicate_ids(document))
    return document


_ID_ERRORS = {"DTD_ID_REDEFINED", "DTD_XMLID_VALUE"}


def _recovering_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, recover=True)


def _duplicate_ids(document: Document) -> Iterator[Issue]:
    seen: dict[str, etree._Element] = {}
    for el in document.tree.iter():
        value = el.get(f"{{{XML_NS}}}id") if isinstance(el.tag, str) else None
        if value is None:
            continue
        if value in seen:
            yield document.issue(
                el,
                "relaxng",
                "id-unique",
                "error",
                f'xml:id="{value}" is already used on line {line_of(seen[value])}',
                "every xml:id must be unique: rename this one and update the pointers to it",
                attribute="xml:id",
            )
        else:
            seen[value] = el


def unreadable(file: str, error: InputError) -> Issue:
    return Issue(file, 1, 1, "", "io", "io-unreadable", "error", error.message, "")


def read_document(file: str) -> Document | list[Issue]:
    """The parsed document at ``file``, or the issues that say why there is none."""
    try:
        data = read_file(file)
    except InputError as exc:
        return [unreadable(file, exc)]
    return parse(data, file)


def document_of(tree: etree._ElementTree, file: str | None = None) -> Document | list[Issue]:
    """An in-memory tree as the pipeline writes it (positions refer to that text)."""
    name = file or tree.docinfo.URL or "<tree>"
    return parse(serialize(tree), os.fspath(name))
