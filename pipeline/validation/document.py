"""One parsed document, and the protocol every validator follows.

A ``Document`` is read and parsed once (``read_document``); every validator
(RelaxNG through lxml or jing, the project rules, Schematron, the schema's
embedded rules) is an object whose ``check(document)`` returns its issues.
Positions are worked out once per document, for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from lxml import etree

from pipeline.errors import Issue
from pipeline.validation.locate import Positions


@dataclass
class Document:
    """A well-formed document: its name, bytes, tree and the positions of its elements."""

    file: str
    data: bytes
    tree: etree._ElementTree
    prior: list[Issue] = field(default_factory=list)  # found while parsing (duplicate ids)
    # Whether every issue names its element by path. False (for a report that
    # shows none) keeps the paths that tell issues apart: the grammar's, and
    # those of attributes.
    paths: bool = True
    positions: Positions = field(init=False)
    _names: frozenset[str] | None = field(init=False, default=None)
    _attributes: frozenset[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.positions = Positions(self.data, self.tree)

    @property
    def names(self) -> frozenset[str]:
        """The local names of the document's elements (read from its text)."""
        if self._names is None:
            from pipeline.validation.grammar import names_in

            self._names = names_in(self.data)
        return self._names

    @property
    def attribute_names(self) -> frozenset[str]:
        """The local names of the document's attributes, as "@name"."""
        if self._attributes is None:
            found: set[str] = set()
            for el in cast("list[Any]", self.positions.elements):  # str keys
                found.update(el.keys())
            self._attributes = frozenset(f"@{key.rpartition('}')[2]}" for key in found)
        return self._attributes

    def issue(
        self,
        el: etree._Element | None,
        engine: str,
        code: str,
        severity: str,
        message: str,
        hint: str = "",
        attribute: str | None = None,
    ) -> Issue:
        """An issue located at ``el`` (or its ``attribute``); at 1:1 without an element."""
        if el is None:
            return Issue(self.file, 1, 1, "", engine, code, severity, message, hint)
        line, column = self.positions.place(el, attribute)
        xpath = ""
        if attribute:
            xpath = f"{self.positions.path(el)}/@{attribute}"
        elif self.paths or engine == "relaxng":
            xpath = self.positions.path(el)
        return Issue(self.file, line, column, xpath, engine, code, severity, message, hint)


def elements(found: object) -> list[etree._Element]:
    """The elements among an XPath result (lxml types results loosely)."""
    if not isinstance(found, list):
        return []
    return [item for item in found if isinstance(item, etree._Element)]


def strings(found: object) -> list[str]:
    """The strings (attribute values, text) among an XPath result."""
    if not isinstance(found, list):
        return [] if found is None else [str(found)]
    return [str(item) for item in found if isinstance(item, str | bytes)]


def line_of(node: object) -> int:
    """A node's line (0 if lxml knows none)."""
    line = getattr(node, "sourceline", None)
    return line if isinstance(line, int) else 0


class Validator(Protocol):
    """Anything that checks one parsed document."""

    def check(self, document: Document) -> list[Issue]: ...
