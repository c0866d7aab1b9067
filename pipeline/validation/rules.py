"""The project's editorial rules, checked in one pass over the parsed tree.

``schema/tei-pipeline.sch`` states these rules for any Schematron processor
(an editor's, a CI's); this module checks the same rules with the same codes,
severities, messages and positions, an order of magnitude faster than the
rules run as a stylesheet (a test compares the two on every broken file).
The attribute values the pointer and date rule checks are gathered in one
walk: a document whose values all hold is done without a closer look at
each element; the element rules' candidates are found by tag, in C.
Authority lists are read as ``authorities.py`` says.
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Iterator
from typing import Any, cast

from lxml import etree

from pipeline.errors import Issue
from pipeline.tei import TEI_NS, XML_NS
from pipeline.validation.authorities import Authorities, local_list
from pipeline.validation.document import Document
from pipeline.validation.values import iso_date, normalize_space, word_count, xpath_number

_NS = {"tei": TEI_NS}
_XML_ID = f"{{{XML_NS}}}id"
_T = f"{{{TEI_NS}}}"
# Attributes that make a TEI element a pointer or a date to check.
_POINTERS = frozenset(("ref", "resp", "target", "when", "notBefore", "notAfter"))
_NAMES = {f"{_T}{n}" for n in ("persName", "placeName", "orgName", "name")}
_EMPTY_IF_BLANK = {f"{_T}p", f"{_T}head"}
_CANDIDATES = (
    _NAMES | _EMPTY_IF_BLANK | {f"{_T}{n}" for n in ("corr", "biblScope", "measure", "choice")}
)
_DATES = ("when", "notBefore", "notAfter")
_RANGE_NAMES = ("date", "birth", "death")  # elements whose @from and @to are dates
_RANGES = {f"{{{TEI_NS}}}{name}" for name in _RANGE_NAMES}
# The attributes ``_values`` gathers on every element.
_VALUED = _POINTERS | {_XML_ID}
_BODY_TEXT = etree.XPath("string(/tei:TEI/tei:text/tei:body)", namespaces=_NS)
EXTENT_TOLERANCE = 0.1


class ProjectRules:
    """The rules of ``tei-pipeline.sch`` as a validator."""

    def __init__(self, authority: str | os.PathLike[str] | None = None) -> None:
        self.authority = os.fspath(authority) if authority is not None else None
        self.authorities = Authorities()

    def check(self, document: Document) -> list[Issue]:
        self._lists: dict[str, Collection[str] | None] = {}  # file part -> its ids, this document
        if self._pointers_hold(document):
            ids: dict[str, etree._Element] = {}
            pointing: list[etree._Element] = []
            candidates = document.tree.iter(*_CANDIDATES)
            checked = [el for el in candidates if _checked(el, str(el.tag))]
        else:
            ids, pointing, checked = _scan(document.tree)
        issues = [
            document.issue(el, "schematron", code, severity, message, attribute=attribute)
            for el in pointing
            for code, severity, message, attribute in self._pointing(document, el, ids)
        ]
        return issues + [
            document.issue(el, "schematron", code, severity, message, attribute=attribute)
            for el in checked
            for code, severity, message, attribute in _element(document, el)
        ]

    def _pointers_hold(self, document: Document) -> bool:
        """Whether no pointer, xml:id or date of the document can fail, told
        from their values alone (``_values``); if one might, every element
        that carries them is checked one by one (``_scan``)."""
        found, refs, pointers, dates = _values(document.positions.elements)
        ids = set(found)
        if len(ids) != len(found):  # an xml:id used twice
            return False
        for ref in refs:
            if next(self._ref(document, ref, ids), None) is not None:
                return False
        if any(_dangles(value, ids) for value in pointers):
            return False
        return all(iso_date(value) for value in dates)

    def _pointing(
        self, document: Document, el: etree._Element, ids: dict[str, etree._Element]
    ) -> Iterator[tuple[str, str, str, str | None]]:
        ref = el.get("ref")
        if ref is not None:
            yield from self._ref(document, ref, ids)
        for name, what in (("resp", "respStmt"), ("target", "note")):
            value = el.get(name)
            if value is not None and _dangles(value, ids):
                yield _pointer_failure(name, value, value.partition("#")[2], what)
        yield from _first_use(el, ids)
        yield from _dates(el)

    def _ref(
        self, document: Document, ref: str, ids: Collection[str]
    ) -> Iterator[tuple[str, str, str, str | None]]:
        if "#" not in ref:
            yield (
                "ref-form",
                "error",
                f'@ref="{ref}" is not a pointer: write it as authority.xml#ID (an entry of the'
                " authority list) or #ID (an xml:id in this file).",
                "ref",
            )
            return
        file, _, key = ref.partition("#")
        if file == "":
            known: Collection[str] | None = ids
        elif file in self._lists:
            known = self._lists[file]
        else:
            path = local_list(document.file, file, self.authority)
            known = self._lists[file] = self.authorities.ids(path) if path is not None else None
        if known is not None and key not in known:
            yield (
                "ref-resolves",
                "error",
                f'@ref="{ref}" does not resolve: there is no entry with xml:id="{key}" in'
                f" {file}. Add the entry to the authority list or correct the pointer.",
                "ref",
            )
        if known is None:
            yield (
                "authority-missing",
                "error",
                f'@ref="{ref}" names the authority file {file}, which cannot be read: create it'
                " next to this document or pass its path with --authority.",
                "ref",
            )


def _values(elements: list[etree._Element]) -> tuple[list[str], set[str], set[str], set[str]]:
    """Every xml:id of the document (a list: duplicates kept), and the values
    of every @ref, every @resp and @target, and every date the rule reads (on
    any element: a superset), in one walk (a query per attribute walks the
    tree once each, and costs more)."""
    ids: list[str] = []
    refs: set[str] = set()
    pointers: set[str] = set()
    dates: set[str] = set()
    for el in cast("list[Any]", elements):  # cast once, not per element: str keys and values
        for key, value in el.items():
            if key not in _VALUED:
                if key in {"from", "to"} and el.tag in _RANGES:
                    dates.add(value)
            elif key == _XML_ID:
                ids.append(value)
            elif key == "ref":
                refs.add(value)
            elif key in {"resp", "target"}:
                pointers.add(value)
            else:
                dates.add(value)
    return ids, refs, pointers, dates


def _dangles(value: str, ids: Collection[str]) -> bool:
    """A local pointer (``#id``, one of them) to no xml:id of the document."""
    if not value.startswith("#") or " " in normalize_space(value):
        return False
    return value.partition("#")[2] not in ids


def _string(el: etree._Element) -> str:
    """XPath's string(.): the text of the element and its descendants
    (comments and processing instructions left out, as itertext does)."""
    if len(el) == 0:  # text only: most names
        return el.text or ""
    return "".join(cast("list[str]", el.itertext()))


def _scan(
    tree: etree._ElementTree,
) -> tuple[dict[str, etree._Element], list[etree._Element], list[etree._Element]]:
    """One pass over the tree, in document order: the first element of each
    xml:id, the elements the pointer and date rule checks, and those the
    element rules check (cheaper than a query per rule: most documents are
    small, and each query walks the whole tree)."""
    ids: dict[str, etree._Element] = {}
    pointing: list[etree._Element] = []
    checked: list[etree._Element] = []
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        attrib = el.attrib
        if attrib:
            identifier = attrib.get(_XML_ID)
            if identifier is not None:
                ids.setdefault(identifier, el)
                pointing.append(el)
            elif tag.startswith(_T) and _points_or_dates(tag, attrib):
                pointing.append(el)
        if tag in _CANDIDATES and _checked(el, tag):
            checked.append(el)
    return ids, pointing, checked


def _points_or_dates(tag: str, attrib: etree._Attrib) -> bool:
    if not _POINTERS.isdisjoint(attrib):
        return True
    return tag in _RANGES and ("from" in attrib or "to" in attrib)


def _checked(el: etree._Element, tag: str) -> bool:
    """Whether one of the element rules applies to ``el`` (its attributes
    read one by one: most candidates are names, told by one)."""
    if tag in _EMPTY_IF_BLANK:
        text = el.text
        if text and text.strip(" \t\r\n"):
            return False  # the common case, told without the whole text
        blank = not "".join(cast("list[str]", el.itertext())).strip(" \t\r\n")
        return blank and next(el.iter(f"{_T}gap"), None) is None
    if tag in _NAMES:
        return el.get("resp") == "#ner"
    if tag == f"{_T}corr":
        return el.get("resp") is None
    if tag == f"{_T}biblScope":
        return el.get("from") is not None and el.get("to") is not None
    if tag == f"{_T}measure":
        return el.get("unit") == "words" and _extent_measure(el)
    return tag == f"{_T}choice"


def _extent_measure(el: etree._Element) -> bool:
    """/TEI[text/body]/teiHeader/fileDesc/extent/measure"""
    chain = [f"{_T}extent", f"{_T}fileDesc", f"{_T}teiHeader", f"{_T}TEI"]
    node: etree._Element | None = el
    for tag in chain:
        node = node.getparent() if node is not None else None
        if node is None or node.tag != tag:
            return False
    if node is None or node.getparent() is not None:
        return False
    return any(text.find(f"{_T}body") is not None for text in node.iterfind(f"{_T}text"))


def _pointer_failure(name: str, value: str, key: str, what: str) -> tuple[str, str, str, str]:
    if what == "respStmt":
        advice = f'add a respStmt with xml:id="{key}" to the titleStmt or correct the pointer.'
    else:
        advice = f'no element has xml:id="{key}". Add the note (or anchor) or correct the pointer.'
    return f"{name}-resolves", "error", f'@{name}="{value}" does not resolve: {advice}', name


def _first_use(
    el: etree._Element, ids: dict[str, etree._Element]
) -> Iterator[tuple[str, str, str, str | None]]:
    value = el.get(_XML_ID)
    if value is not None and ids.get(value) is not el:
        yield (
            "id-unique",
            "error",
            f'xml:id="{value}" is already used on an earlier element: every xml:id must be'
            " unique; rename this one and update the pointers to it.",
            None,
        )


def _dates(el: etree._Element) -> Iterator[tuple[str, str, str, str | None]]:
    ranged = el.tag in _RANGES
    for key, value in el.attrib.items():
        name, value = str(key), str(value)
        if (name in _DATES or (ranged and name in ("from", "to"))) and not iso_date(value):
            yield (
                "date-iso",
                "error",
                f'@{name}="{value}" is not an ISO date: write YYYY, YYYY-MM or YYYY-MM-DD'
                " with a real month and day (e.g. 1923-04-17).",
                str(name),
            )
            return


def _element(document: Document, el: etree._Element) -> Iterator[tuple[str, str, str, str | None]]:
    name = str(el.tag).rpartition("}")[2]
    if name == "choice":
        yield from _choice(el)
    elif name == "corr":
        text = normalize_space(_string(el))
        yield (
            "corr-resp",
            "error",
            f'corr "{text}" does not say who made the correction: add resp="#editor"'
            " (the respStmt of the editors).",
            None,
        )
    elif name == "p":
        yield "p-empty", "error", "empty paragraph: delete the p element or give it text.", None
    elif name == "head":
        yield "head-empty", "error", "empty heading: delete the head element or give it text.", None
    elif name == "biblScope":
        yield from _range(el)
    elif name == "measure":
        yield from _extent(document, el)
    else:
        text = normalize_space(_string(el))
        yield (
            "entity-unreviewed",
            "warning",
            f'machine-suggested {name} "{text}" is still unreviewed: link it to the authority'
            " list (set @ref, remove @cert and @resp) or unwrap it if it is not a name.",
            None,
        )


_PAIRS = (("sic", "corr"), ("orig", "reg"), ("abbr", "expan"))


def _choice(el: etree._Element) -> Iterator[tuple[str, str, str, str | None]]:
    children = [c for c in el if isinstance(c.tag, str)]
    present = {c.tag for c in children}
    if len(children) == 2 and any(
        {f"{{{TEI_NS}}}{a}", f"{{{TEI_NS}}}{b}"} <= present for a, b in _PAIRS
    ):
        return
    first = etree.QName(children[0]).localname if children else ""
    n = len(children)
    yield (
        "choice-pair",
        "error",
        "choice must hold one pair, sic with corr, orig with reg, or abbr with expan (it holds"
        f" {n} element{'s' if n != 1 else ''}, the first a {first}): add the missing half, or"
        " remove the choice and keep one reading.",
        None,
    )


def _range(el: etree._Element) -> Iterator[tuple[str, str, str, str | None]]:
    low, high = xpath_number(el.get("from")), xpath_number(el.get("to"))
    if low > high:  # False when either is NaN
        yield (
            "biblscope-range",
            "error",
            f'biblScope runs backwards (from="{el.get("from")}", to="{el.get("to")}"): @from'
            " must not exceed @to; swap them or correct the range.",
            None,
        )


def _extent(document: Document, el: etree._Element) -> Iterator[tuple[str, str, str, str | None]]:
    stated = xpath_number(el.get("quantity"))
    if math.isnan(stated):  # no number stated
        return
    counted = word_count(str(_BODY_TEXT(document.tree)))
    if abs(counted - stated) <= stated * EXTENT_TOLERANCE:
        return
    yield (
        "extent-words",
        "warning",
        f"the extent states {el.get('quantity')} words but the body has about {counted}"
        f" (tolerance {EXTENT_TOLERANCE * 100:g}%): check that no text was lost, or correct"
        " the count.",
        None,
    )
