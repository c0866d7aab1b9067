"""Plain-text transcription -> TEI P5 tree, as an ordered list of passes.

``convert(text, options)`` is pure: it reads no file and uses no clock, so the
same input always gives the same tree.  Each pass takes the document being
built and the options and is named after the TEI it produces.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from itertools import zip_longest
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.convert.body import build_body
from pipeline.convert.corrections import Applied, add_reasons, apply_corrections
from pipeline.convert.corrections_file import Corrections
from pipeline.convert.header import build_front, build_header
from pipeline.convert.inline import containers as outermost_containers
from pipeline.convert.inline import (
    foreign_lexicon,
    mark_dates,
    mark_foreign,
    mark_note_refs,
    mark_quotes,
)
from pipeline.convert.source import Source, normalise, parse_source
from pipeline.errors import InputError
from pipeline.spans import DIPLOMATIC, local, make, text_of
from pipeline.tei import APPARATUS_DIVS, TEI_NS, XML_NS, tei

if TYPE_CHECKING:
    from pipeline.entities.authority import Authority

try:
    VERSION = version("tei-pipeline")
except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
    VERSION = "0.0.0"

SCHEMA_HREF = "../schema/tei-pipeline.rng"
SCHEMATRON_HREF = "../schema/tei-pipeline.sch"
_WORD = re.compile(r"[^\W_]+")  # a rule of underscores is not a word
# Characters never in a word that the converter moves into markup (quotation
# marks) or leaves between words (dashes): spaces for ``_word_runs``.
_SEPARATORS = "\u201c\u201d\u2018\u2019\u2014\u2013\u2026\u00a0"
# Bytes of UTF-8 text: ASCII letters and digits kept, the rest of ASCII made
# spaces, the bytes of other characters kept.
_ASCII_WORDS = bytes(b if b >= 0x80 or chr(b).isalnum() else 0x20 for b in range(256))


@dataclass(frozen=True)
class Options:
    """Everything a conversion depends on besides the text itself."""

    source_name: str = "<input>"
    corrections: Corrections | None = None
    authority: Authority | None = None  # None: entities marked without a list (unlinked)
    entities: bool = True  # False: no entity markup at all
    schema_href: str = SCHEMA_HREF
    schematron_href: str = SCHEMATRON_HREF
    language: str = "en"  # the text's language (xml:lang of the whole document)
    licence: str = ""  # stated when the source names no licence...
    publisher: str = "The editors"  # ...as published by (the edition)


@dataclass
class Document:
    """The document under construction, handed from pass to pass."""

    source: Source
    options: Options
    root: etree._Element = field(default_factory=lambda: make("TEI"))
    languages: set[str] = field(default_factory=set)
    corrections_applied: list[Applied] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.languages.add(self.options.language)

    @property
    def text(self) -> etree._Element:
        text = self.root.find(f"{{{TEI_NS}}}text")
        assert text is not None, "build_text runs first"
        return text

    @cached_property
    def containers(self) -> list[etree._Element]:
        """The elements of ``text`` with running text (``inline.containers``),
        found once: the inline passes wrap spans inside them, never add one."""
        return list(outermost_containers(self.text))


Pass = Callable[[Document], None]


def build_text(doc: Document) -> None:
    # Each part is built in place, inside the document: moving a large tree
    # of elements made apart into it costs time quadratic in its size (lxml
    # reconciles each element's own namespace declaration on the move).
    text = etree.SubElement(doc.root, tei("text"))
    build_front(doc.source, text)
    build_body(doc.source.body, doc.source.author_name, text)


def mark_corrections(doc: Document) -> None:
    if doc.options.corrections is not None:
        doc.corrections_applied = apply_corrections(doc.text, doc.options.corrections).applied


def mark_quotations(doc: Document) -> None:
    mark_quotes(doc.containers)


def mark_foreign_phrases(doc: Document) -> None:
    doc.languages |= mark_foreign(doc.containers)


def mark_date_expressions(doc: Document) -> None:
    mark_dates(doc.containers)


def mark_note_references(doc: Document) -> None:
    targets: dict[str, str] = {}
    for note in doc.text.iter(f"{{{TEI_NS}}}note"):
        n, xml_id = note.get("n"), note.get(f"{{{XML_NS}}}id")
        if n and xml_id:
            targets.setdefault(n, xml_id)
    mark_note_refs(doc.containers, targets)


def _practice(doc: Document) -> list[tuple[str, str]]:
    corrections = doc.options.corrections
    count = len(corrections.items) if corrections else 0
    return [
        (
            "correction",
            (
                f"{count} errors of the transcription are corrected, each recorded as choice with"
                " the transcribed reading in sic and the correction in corr, whose @resp points at"
                " the responsible editor; corrections come from the editor's corrections file"
                " and apply to exactly one place each."
            )
            if count
            else "The transcription is reproduced without editorial correction.",
        ),
        (
            "normalization",
            (
                "Words, spelling and punctuation are those of the transcription. Line ends"
                " inside paragraphs and list items are not kept: hard-wrapped lines are joined"
                " with a space."
            ),
        ),
        (
            "quotation",
            (
                "Quotation marks are not kept in the text: each quotation is a q element whose"
                " @rend records its marks (double-curly, single-curly, double-straight,"
                " single-straight)."
            ),
        ),
        (
            "segmentation",
            (
                "Blank lines separate paragraphs; two or more blank lines or an asterism separate"
                " sections; numbered points and chapter headings open their own divisions."
            ),
        ),
        ("interpretation", "Dates are normalised in @when (ISO 8601). " + _entity_practice(doc)),
    ]


def _entity_practice(doc: Document) -> str:
    """What the entity pass does, as the header states it."""
    options = doc.options
    if not options.entities:
        return "Persons, places and organisations are not marked."
    if options.authority is None or len(options.authority) == 0:
        return (
            "Persons, places and organisations recognised automatically are marked as"
            " unreviewed suggestions (@cert, @resp); no authority list was used, so none is"
            " linked."
        )
    return (
        "Persons, places and organisations are linked to the shared authority list; names"
        " recognised automatically but not in that list are marked as unreviewed suggestions"
        " (@cert, @resp)."
    )


def build_tei_header(doc: Document) -> None:
    lexicon = foreign_lexicon()
    main = doc.options.language
    languages = [(main, lexicon.names.get(main, "English" if main == "en" else main))] + [
        (c, lexicon.names[c]) for c in sorted(doc.languages - {main})
    ]
    corrections = doc.options.corrections
    editor = corrections.editor if corrections and corrections.items else None
    change = f"Converted from {doc.options.source_name} by tei-pipeline {VERSION}"
    if doc.corrections_applied:
        change += f", with {len(doc.corrections_applied)} editorial corrections"
    owners = {
        (note.get("resp") or "").removeprefix("#notes-")
        for note in doc.text.iter(f"{{{TEI_NS}}}note")
        if (note.get("resp") or "").startswith("#notes-")
    }
    header = build_header(
        doc.source,
        note_resps=owners,
        editor=editor,
        languages=languages,
        practice=_practice(doc),
        change=change + ".",
        version=VERSION,
        editor_id=corrections.editor_id if corrections else "editor",
        default_licence=(doc.options.publisher, doc.options.licence),
    )
    doc.root.insert(0, header)


def mark_entities(doc: Document) -> None:
    if not doc.options.entities:
        return
    from pipeline.entities.authority import Authority
    from pipeline.entities.markup import mark_entities as mark

    mark(doc.root.getroottree(), doc.options.authority or Authority())


def keep_correction_reasons(doc: Document) -> None:
    """Last: the reasons are the editor's words, not the text's, so no other
    pass marks quotations, dates or names in them."""
    if doc.options.corrections is not None:
        add_reasons(doc.text, doc.corrections_applied, doc.options.corrections.resp)


PASSES: tuple[Pass, ...] = (
    build_text,
    mark_corrections,
    mark_quotations,
    mark_foreign_phrases,
    mark_date_expressions,
    mark_note_references,
    build_tei_header,
    mark_entities,
    keep_correction_reasons,
)


def convert(text: str, options: Options = Options()) -> etree._ElementTree:
    """The TEI document for a decoded transcription."""
    text = normalise(text)
    source = parse_source(text, options.source_name)
    doc = Document(source, options)
    doc.root.set(f"{{{XML_NS}}}lang", options.language)
    for step in PASSES:
        step(doc)
    etree.cleanup_namespaces(doc.root, top_nsmap={None: TEI_NS})  # type: ignore[dict-item]
    tree = doc.root.getroottree()
    _add_processing_instructions(doc.root, options)
    check_words(text, tree, options.source_name)
    return tree


def _add_processing_instructions(root: etree._Element, options: Options) -> None:
    for href, ns in (
        (options.schema_href, "http://relaxng.org/ns/structure/1.0"),
        (options.schematron_href, "http://purl.oclc.org/dsdl/schematron"),
    ):
        pi = etree.ProcessingInstruction(
            "xml-model", f'href="{href}" type="application/xml" schematypens="{ns}"'
        )
        root.addprevious(pi)


def source_words(text: str) -> list[str]:
    return _WORD.findall(text)


def _diplomatic(tree: etree._ElementTree) -> str:
    """The diplomatic reading of ``<text>`` (``sic``, not ``corr``), without
    the edition's own apparatus (the reasons of corrections)."""
    text_el = tree.getroot().find(f"{{{TEI_NS}}}text")
    if text_el is None:
        return ""
    parts = [
        part
        for section in text_el
        for part in (section if local(section) == "back" else [section])
        if not (local(part) == "div" and part.get("type") in APPARATUS_DIVS)
    ]
    return " ".join(text_of(part, DIPLOMATIC, blocks=True) for part in parts)


def tei_words(tree: etree._ElementTree) -> list[str]:
    """Words of the diplomatic reading of ``<text>``."""
    return _WORD.findall(_diplomatic(tree))


def _word_runs(text: str, chunk: int = 1 << 20) -> bytes:
    """The runs of ASCII letters and digits and other characters in ``text``
    (UTF-8), a space apart, read a chunk at a time.  Texts with the same runs
    have the same words (``_WORD``); texts with the same words may still
    differ here (a character neither ASCII nor a word's), and are then
    compared word by word."""
    for char in _SEPARATORS:
        text = text.replace(char, " ")
    data = text.encode("utf-8").translate(_ASCII_WORDS)
    pieces, start = [], 0
    while start < len(data):
        end = data.find(b" ", start + chunk)
        end = len(data) if end < 0 else end
        pieces.append(b" ".join(data[start:end].split()))
        start = end
    return b" ".join(piece for piece in pieces if piece)


def check_words(text: str, tree: etree._ElementTree, file: str) -> None:
    """Nothing lost, nothing invented: raise at the first word that differs.

    The words are never held in lists (a text of 50 MB has millions of
    them): each side is first read as one string of runs of word characters
    (``_word_runs``, in C); only when those differ are the words compared
    one by one to find where."""
    converted = _diplomatic(tree)
    if _word_runs(text) == _word_runs(converted):
        return
    pairs = zip_longest(_WORD.finditer(text), _WORD.finditer(converted))
    for index, (expected, actual) in enumerate(pairs):
        if expected is not None and actual is not None and expected[0] == actual[0]:
            continue
        line = text.count("\n", 0, expected.start()) + 1 if expected is not None else None
        want = expected[0] if expected is not None else "end of source"
        got = actual[0] if actual is not None else "end of text"
        raise InputError(
            f"conversion changed the words of the text at word {index + 1}: source has"
            f" {want!r}, TEI has {got!r} (a converter bug: please report it with this file)",
            file,
            line,
        )
