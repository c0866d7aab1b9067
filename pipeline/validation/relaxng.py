"""RelaxNG through lxml (libxml2): a compiled schema as a validator, turning
libxml2's terse messages into ``Issue`` records with a column and a hint that
says, in plain words, what the schema allows at that point (``hints.py``).

A large official schema (tei_all) takes libxml2 seconds to compile; it is
compiled reduced to the element names the documents use (``grammar.py``),
which keeps every verdict, while the hints still come from the whole schema.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TypeAlias

from lxml import etree

from pipeline.errors import Issue, ResourceError
from pipeline.tei import TEI_NS
from pipeline.validation import direct
from pipeline.validation.document import Document, line_of, strings
from pipeline.validation.grammar import load_schema, reduced
from pipeline.validation.hints import Hints

_GENERIC = {
    "RELAXNG_ERR_CONTENTVALID",
    "RELAXNG_ERR_INTEREXTRA",
    "RELAXNG_ERR_NOTELEM",
    "RELAXNG_ERR_EXTRACONTENT",
}
_ELEMENT_PLACE = {"RELAXNG_ERR_ELEMWRONG", "RELAXNG_ERR_ELEMNAME", "RELAXNG_ERR_ELEMEXTRANS"}
_BAD_VALUE = {
    "RELAXNG_ERR_DATATYPE",
    "RELAXNG_ERR_VALUE",
    "RELAXNG_ERR_LIST",
    "RELAXNG_ERR_DATAELEM",
}
_BAD_CONTENT = {"RELAXNG_ERR_NOTELEM", "RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_ELEMNOTEMPTY"}
_INVALID_ATTRIBUTE = re.compile(r"Invalid attribute (\S+) for element (\S+)")
# Documents of this size or more are validated straight through libxml2
# (``direct.py``); below it, lxml's per-error cost is bounded (a fraction of a
# second at worst), and finding a few errors' elements by their paths costs
# less than numbering every element of the document.
LARGE = 128 * 1024
# A RelaxNG error as lxml logs it, or as ``direct`` reads it.
_Entry: TypeAlias = etree._LogEntry | direct.Entry
# The type of a failure libxml2 gives no message for (``_errors``).
_UNSAID = "UNSAID"
NAMESPACE_HINT = 'TEI elements belong to the namespace "http://www.tei-c.org/ns/1.0".'


class Grammar:
    """A compiled RelaxNG schema as a validator, with its plain-words hints.

    ``names``: the element names of the documents to check; when given, the
    schema is compiled reduced to them (verdicts unchanged, compiled faster).
    ``tei``: whether a root outside the TEI namespace is refused at once."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        names: frozenset[str] | None = None,
        tei: bool = True,
    ) -> None:
        self.path = Path(path)
        self.tei = tei
        doc = load_schema(self.path)
        compiled = reduced(doc, names) if names is not None else doc
        try:
            self._rng = etree.RelaxNG(compiled)
        except etree.LxmlError as exc:
            raise ResourceError(f"{self.path}: cannot load RelaxNG schema: {exc}") from None
        self._compiled = compiled
        self._direct: direct.Schema | None = None  # compiled at the first large document
        self.hints = _hints(doc)

    def check(self, document: Document) -> list[Issue]:
        root = document.tree.getroot()
        if self.tei and etree.QName(root).namespace != TEI_NS:
            name = etree.QName(root).localname
            return [
                document.issue(
                    root,
                    "relaxng",
                    "wrong-namespace",
                    "error",
                    f"<{name}> is not in the TEI namespace",
                    'declare it: <TEI xmlns="http://www.tei-c.org/ns/1.0">',
                )
            ]
        return list(self._issues(document))

    def _errors(self, document: Document) -> Iterator[tuple[_Entry, etree._Element | None]]:
        """libxml2's errors, each with its element: for a large document
        straight from libxml2 (``direct.py``: linear in their number), else
        from lxml's log (which works out a path for each, in time that grows
        with the element's preceding siblings)."""
        tree = document.tree
        if len(document.data) >= LARGE:
            if self._direct is None:
                self._direct = direct.Schema(self._compiled, self.path)
            found = self._direct.validate(tree)
            if found is not None:
                for entry in found:
                    yield entry, entry.element
                return
        if self._rng.validate(tree):
            return
        entries = list(self._rng.error_log)
        if not entries:
            # Reduced to the document's names (grammar.py), the grammar is
            # notAllowed where the document lacks an element the whole one
            # requires there (teiHeader), or at its start when the root is
            # none it allows; libxml2 then fails the document without a
            # word. Said of the root, with what the whole schema asks of it.
            root = tree.getroot()
            yield direct.Entry(_UNSAID, "", line_of(root) or 1, 1, root), root
            return
        prefixes = _prefixes(tree) if any(":" in (e.path or "") for e in entries) else {}
        paths = _Paths(tree, prefixes)
        for log_entry in entries:
            yield log_entry, paths.find(log_entry.path)

    def _issues(self, document: Document) -> Iterator[Issue]:
        errors = list(self._errors(document))
        if not errors:
            return
        seen: set[tuple[int, int, str]] = set()
        specific = [(e, el) for e, el in errors if e.type_name not in _GENERIC]
        duplicated = _duplicated_ids(document.tree)
        for entry, el in specific or errors:
            issue = _Mapping(self.hints, document, entry, el).issue()
            if issue.xpath.endswith("/@xml:id") and _quoted_id(issue.message) in duplicated:
                continue  # reported once, as id-unique, when the document was parsed
            key = (issue.line, issue.column, issue.xpath)
            if key not in seen:
                seen.add(key)
                yield issue


_HINTS: dict[int, tuple[etree._ElementTree, Hints]] = {}


def _hints(doc: etree._ElementTree) -> Hints:
    """One ``Hints`` per loaded schema (working them out for tei_all takes a second)."""
    kept = _HINTS.get(id(doc))
    if kept is None or kept[0] is not doc:
        kept = _HINTS[id(doc)] = (doc, Hints(doc))
    return kept[1]


class _Mapping:
    """One libxml2 error entry as an ``Issue``: its code, message and hint."""

    def __init__(
        self, hints: Hints, document: Document, entry: _Entry, el: etree._Element | None
    ) -> None:
        self.hints = hints
        self.document = document
        self.entry = entry
        self.el = el
        self.name = etree.QName(self.el).localname if self.el is not None else ""
        self.parent = self.el.getparent() if self.el is not None else None
        self.parent_name = etree.QName(self.parent).localname if self.parent is not None else ""
        self.attribute: str | None = None

    def issue(self) -> Issue:
        unsaid = self.entry.type_name == _UNSAID
        code, message, hint = self._unsaid() if unsaid else self._described()
        if self.el is None:
            line, column = self.entry.line or 1, max(self.entry.column, 1)
            return Issue(
                self.document.file, line, column, "", "relaxng", code, "error", message, hint
            )
        return self.document.issue(
            self.el, "relaxng", code, "error", message, hint, attribute=self.attribute
        )

    def _described(self) -> tuple[str, str, str]:
        kind, message = self.entry.type_name, self.entry.message
        invalid = _INVALID_ATTRIBUTE.match(message)
        if kind == "RELAXNG_ERR_ATTRVALID":
            return self._attribute_missing(message)
        if invalid:
            return self._attribute_invalid(invalid.group(1), invalid.group(2))
        if kind in {"RELAXNG_ERR_ELEMNONS", "RELAXNG_ERR_ELEMWRONGNS"}:
            return "wrong-namespace", message, NAMESPACE_HINT
        if kind in _ELEMENT_PLACE:
            return self._element_place(kind, message)
        if kind == "RELAXNG_ERR_NOELEM":
            missing = self.hints.missing_children(self.el) if self.el is not None else []
            text = (
                f"<{self.name}> lacks a required <{missing[0]}>"
                if missing
                else f"<{self.name}> is incomplete"
            )
            return "rng-element-missing", text, self.hints.content(self.name)
        if kind in ("RELAXNG_ERR_TEXTWRONG", "RELAXNG_ERR_EXTRACONTENT") and "text" in message:
            text = f"text is not allowed directly inside <{self.name}>"
            return "rng-text-not-allowed", text, self.hints.content(self.name)
        if kind in ("RELAXNG_ERR_EXTRACONTENT", "RELAXNG_ERR_INTEREXTRA"):
            return "rng-element-not-allowed", message, self.hints.content(self.name)
        if kind in _BAD_VALUE:
            return "rng-bad-value", message, self.hints.content(self.name)
        if kind in _BAD_CONTENT:
            return "rng-invalid-content", message, self.hints.content(self.name)
        return "rng-invalid", message, ""

    def _unsaid(self) -> tuple[str, str, str]:
        """What a failure libxml2 explained with no message is about: the
        root element, or an element the root lacks."""
        roots = self.hints.roots
        if roots and "*" not in roots and self.name not in roots:
            allowed = " or ".join(f"<{name}>" for name in roots)
            return (
                "rng-element-not-allowed",
                f"<{self.name}> is not allowed as the root element",
                f"the schema's documents start with {allowed}.",
            )
        missing = self.hints.missing_children(self.el) if self.el is not None else []
        if missing:
            return (
                "rng-element-missing",
                f"<{self.name}> lacks a required <{missing[0]}>",
                self.hints.content(self.name),
            )
        return (
            "rng-element-missing",
            f"<{self.name}> lacks an element the schema requires inside it",
            self.hints.content(self.name),
        )

    def _attribute_missing(self, message: str) -> tuple[str, str, str]:
        owner = re.sub(r"^Element (\S+) .*", r"\1", message)
        self.el, self.attribute = self._find_bad_attributes(owner)
        name = etree.QName(self.el).localname if self.el is not None else owner
        hint = self.hints.attribute(name, self.attribute)
        if self.attribute:
            return (
                "rng-attribute-missing",
                f"<{name}> lacks required attribute @{self.attribute}",
                hint,
            )
        return (
            "rng-attribute-value",
            f"an attribute of <{name}> has a value the schema does not allow",
            hint,
        )

    def _attribute_invalid(self, raw: str, owner: str) -> tuple[str, str, str]:
        self.attribute = attribute = self.hints.attribute_name(raw, owner)
        rule = self.hints.rules.get(owner)
        hint = self.hints.attribute(owner, attribute)
        if rule is not None and attribute in rule.attributes:
            value = self.el.get(_clark(attribute)) if self.el is not None else None
            return (
                "rng-attribute-value",
                f'@{attribute}="{value}" is not allowed on <{owner}>',
                hint,
            )
        return "rng-attribute-not-allowed", f"@{attribute} is not allowed on <{owner}>", hint

    def _element_place(self, kind: str, message: str) -> tuple[str, str, str]:
        el, parent, name, parent_name = self.el, self.parent, self.name, self.parent_name
        if el is not None and parent is None and kind != "RELAXNG_ERR_ELEMEXTRANS":
            return (
                "rng-element-not-allowed",
                f"the root element must be <TEI>, not <{name}>",
                "allowed as the root: <TEI>, holding <teiHeader> and then <text> (or <standOff>).",
            )
        hint = self.hints.content(parent_name)
        if el is not None and parent is not None and _foreign_in_tei(el, parent):
            shown = f"{el.prefix}:{name}" if el.prefix else name
            namespace = etree.QName(el).namespace
            text = f"<{shown}> (namespace {namespace}) is not allowed inside <{parent_name}>"
            return "rng-element-not-allowed", text, hint
        rule = self.hints.rules.get(parent_name)
        if rule is None or name not in rule.children:
            return (
                "rng-element-not-allowed",
                f"<{name}> is not allowed inside <{parent_name}>",
                hint,
            )
        missing = self.hints.missing_children(parent) if parent is not None else []
        if missing:
            text = (
                f"<{name}> is not allowed yet: <{parent_name}> lacks a required"
                f" <{missing[0]}> before it"
            )
            return "rng-element-missing", text, hint
        text = f"<{name}> is not allowed at this position inside <{parent_name}>"
        return "rng-element-order", text, hint

    def _find_bad_attributes(self, name: str) -> tuple[etree._Element | None, str | None]:
        """The element lacking a required attribute, and that attribute
        (libxml2 often gives neither line nor path for this error)."""
        rule = self.hints.rules.get(name)
        required = rule.required_attributes if rule else []
        candidates = (
            [self.el]
            if self.el is not None
            else [
                el
                for el in self.document.tree.iter()
                if isinstance(el.tag, str) and etree.QName(el).localname == name
            ]
        )
        for el in candidates:
            for attribute in required:
                if el.get(_clark(attribute)) is None:
                    return el, attribute
        return (candidates[0] if candidates else None), None


def _foreign_in_tei(el: etree._Element, parent: etree._Element) -> bool:
    """An element of another namespace inside a TEI one (xi:include in a p)."""
    return etree.QName(parent).namespace == TEI_NS and etree.QName(el).namespace != TEI_NS


def _duplicated_ids(tree: etree._ElementTree) -> set[str]:
    seen: set[str] = set()
    twice: set[str] = set()
    for value in strings(tree.xpath("//@xml:id")):
        (twice if value in seen else seen).add(value)
    return twice


def _quoted_id(message: str) -> str | None:
    m = re.match(r'@xml:id="([^"]*)"', message)
    return m.group(1) if m else None


def _prefixes(tree: etree._ElementTree) -> dict[str, str]:
    """The namespace prefixes declared in the document (the first binding of each)."""
    prefixes: dict[str, str] = {}
    for el in tree.iter("{*}*"):
        for prefix, uri in el.nsmap.items():
            if prefix:
                prefixes.setdefault(prefix, uri)
    return prefixes


class _Paths:
    """libxml2's error paths (``/*/*[2]/xi:include``) walked in the tree:
    ``*`` steps count every element child, named steps their namesakes.
    Children are listed once per parent, so many issues cost no more each."""

    def __init__(self, tree: etree._ElementTree, prefixes: dict[str, str]) -> None:
        self.tree = tree
        self.prefixes = prefixes
        self._children: dict[etree._Element, list[etree._Element]] = {}

    def _elements(self, parent: etree._Element) -> list[etree._Element]:
        if parent not in self._children:
            self._children[parent] = [c for c in parent if isinstance(c.tag, str)]
        return self._children[parent]

    def find(self, path: str | None) -> etree._Element | None:
        if not path or not path.startswith("/"):
            return None
        node: etree._Element | None = None
        for step in path[1:].split("/"):
            m = _PATH_STEP.fullmatch(step)
            if m is None:
                return None
            candidates = [self.tree.getroot()] if node is None else self._elements(node)
            if m.group(1) != "*":
                tag = self._clark(m.group(1))
                candidates = [c for c in candidates if c.tag == tag]
            index = int(m.group(2) or 1) - 1
            if index >= len(candidates):
                return None
            node = candidates[index]
        return node

    def _clark(self, name: str) -> str:
        prefix, _, local = name.rpartition(":")
        if not prefix:
            return local
        return f"{{{self.prefixes.get(prefix, '')}}}{local}"


_PATH_STEP = re.compile(r"([^\[\]/]+)(?:\[(\d+)\])?")


def _clark(attribute: str) -> str:
    if attribute.startswith("xml:"):
        return "{http://www.w3.org/XML/1998/namespace}" + attribute[4:]
    return attribute
