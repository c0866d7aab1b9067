"""RelaxNG through lxml (libxml2): compile once, validate a tree, and turn
libxml2's terse messages into ``Issue`` records with a column and a hint that
says, in plain words, what the schema allows at that point.

The hints come from reading the schema itself: for each element, the child
elements and attributes it allows, which of them are required, and the values
an attribute may take.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.errors import Issue, ResourceError
from pipeline.tei import TEI_NS
from pipeline.validation.locate import SourceText, element_path

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG_NS}}}"

_TYPE_WORDS = {
    "date": "an ISO date (YYYY-MM-DD)",
    "gYear": "a year (YYYY)",
    "gYearMonth": "a month (YYYY-MM)",
    "ID": "an XML name (a letter first; no spaces or colons), unique in the document",
    "language": "a language code such as en or la",
    "anyURI": "a pointer such as #id or authority.xml#id",
    "nonNegativeInteger": "a whole number",
    "token": "a single word",
    "NCName": "a name",
}


@dataclass
class ElementRule:
    """What one element allows, flattened (order is not kept)."""

    children: list[str] = field(default_factory=list)
    required_children: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)  # name -> allowed values in words
    required_attributes: list[str] = field(default_factory=list)
    text: bool = False


def _rules(rng: etree._ElementTree) -> dict[str, ElementRule]:
    root = rng.getroot()
    defines: dict[str, list[etree._Element]] = {}
    for d in root.iter(f"{_R}define"):
        defines.setdefault(d.get("name", ""), []).append(d)
    rules: dict[str, ElementRule] = {}

    def values(node: etree._Element, seen: frozenset[str]) -> list[str]:
        out: list[str] = []
        for n in node.iter(f"{_R}value", f"{_R}data", f"{_R}ref", f"{_R}text"):
            if n.tag == f"{_R}value":
                out.append(f'"{n.text}"')
            elif n.tag == f"{_R}data":
                out.append(_TYPE_WORDS.get(n.get("type", ""), n.get("type", "text")))
            elif n.tag == f"{_R}text":
                out.append("any text")
            elif n.get("name") not in seen:
                for d in defines.get(n.get("name", ""), []):
                    out += values(d, seen | {n.get("name", "")})
        return list(dict.fromkeys(out))

    def walk(node: etree._Element, rule: ElementRule, optional: bool, seen: frozenset[str]) -> None:
        for child in node:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag[len(_R) :] if child.tag.startswith(_R) else ""
            if tag == "element":
                name = child.get("name", "*")
                rule.children.append(name)
                if not optional:
                    rule.required_children.append(name)
            elif tag == "attribute":
                name = child.get("name", "*")
                if name.startswith("xml:") or ":" not in name:
                    rule.attributes[name] = ", ".join(values(child, frozenset())) or "any text"
                    if not optional:
                        rule.required_attributes.append(name)
            elif tag in {"text", "mixed"}:
                rule.text = True
                walk(child, rule, True, seen)
            elif tag == "ref":
                name = child.get("name", "")
                if name not in seen:
                    for d in defines.get(name, []):
                        walk(d, rule, optional, seen | {name})
            elif tag in ("optional", "zeroOrMore", "choice"):
                walk(child, rule, True, seen)
            elif tag in ("group", "oneOrMore", "interleave"):
                walk(child, rule, optional, seen)

    for el in root.iter(f"{_R}element"):
        name = el.get("name")
        if name is None:
            continue
        rule = rules.setdefault(name, ElementRule())
        walk(el, rule, False, frozenset())
    for rule in rules.values():
        rule.children = list(dict.fromkeys(rule.children))
        rule.required_children = list(dict.fromkeys(rule.required_children))
    return rules


class Grammar:
    """A compiled RelaxNG schema with its plain-words description."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            doc = etree.parse(
                str(self.path), etree.XMLParser(no_network=True, resolve_entities=False)
            )
            self._rng = etree.RelaxNG(doc)
        except (OSError, etree.LxmlError) as exc:
            raise ResourceError(f"{self.path}: cannot load RelaxNG schema: {exc}") from None
        self._doc = doc
        self._rules: dict[str, ElementRule] | None = None

    @property
    def rules(self) -> dict[str, ElementRule]:
        """What each element allows; worked out on the first error only."""
        if self._rules is None:
            self._rules = _rules(self._doc)
        return self._rules

    # -- hints ---------------------------------------------------------------

    def content_hint(self, parent: str) -> str:
        rule = self.rules.get(parent)
        if rule is None:
            return f"<{parent}> is not part of this schema."
        if not rule.children and not rule.text:
            return f"<{parent}> must be empty."
        model = _ContentModel(self._doc).describe(parent)
        if model:
            model = model.replace("one or more one of ", "one or more of ")
            model = model.replace("any number of one of ", "any number of ")
        if model and len(model) <= _SHORT_MODEL:
            # Short models read best in order: "<titleStmt>, then <extent> (optional), ...".
            return f"<{parent}> holds {model}."
        parts = []
        if rule.required_children:
            parts.append(f"<{parent}> must contain {_join(rule.required_children)}")
        allowed = _join(rule.children) if rule.children else "no elements"
        parts.append(f"allowed inside <{parent}>: {allowed}" + ("" if rule.text else " (no text)"))
        return "; ".join(parts) + "."

    def attribute_hint(self, element: str, attribute: str | None = None) -> str:
        rule = self.rules.get(element)
        if rule is None:
            return f"<{element}> is not part of this schema."
        if attribute and attribute in rule.attributes:
            return f"@{attribute} of <{element}> must be {rule.attributes[attribute]}."
        if not rule.attributes:
            return f"<{element}> takes no attributes."
        listed = ", ".join(f"@{a}" for a in rule.attributes)
        required = [f"@{a}" for a in rule.required_attributes]
        return (
            f"<{element}> requires {', '.join(required)}; " if required else ""
        ) + f"attributes allowed on <{element}>: {listed}."

    # -- validation ----------------------------------------------------------

    def issues(self, tree: etree._ElementTree, file: str, source: SourceText) -> Iterator[Issue]:
        if self._rng.validate(tree):
            return
        seen: set[tuple[int, int, str]] = set()
        entries = list(self._rng.error_log)
        specific = [e for e in entries if e.type_name not in _GENERIC]
        prefixes = _prefixes(tree) if any(":" in (e.path or "") for e in entries) else {}
        for entry in specific or entries:
            issue = self._issue(entry, tree, file, source, prefixes)
            if issue.xpath.endswith("/@xml:id") and _duplicate(tree, issue.message):
                continue  # reported once, as id-unique, when the document was parsed
            key = (issue.line, issue.column, issue.xpath)
            if key not in seen:
                seen.add(key)
                yield issue

    def _issue(
        self,
        entry: etree._LogEntry,
        tree: etree._ElementTree,
        file: str,
        source: SourceText,
        prefixes: dict[str, str],
    ) -> Issue:
        el = _node(tree, entry.path, prefixes)
        message = entry.message
        name = etree.QName(el).localname if el is not None else ""
        parent = el.getparent() if el is not None else None
        parent_name = etree.QName(parent).localname if parent is not None else ""
        attribute: str | None = None
        kind = entry.type_name
        code, hint = "rng-invalid", ""
        m = re.match(r"Invalid attribute (\S+) for element (\S+)", message)
        if kind == "RELAXNG_ERR_ATTRVALID":
            owner = re.sub(r"^Element (\S+) .*", r"\1", message)
            el, attribute = self._find_bad_attributes(tree, owner, el)
            name = etree.QName(el).localname if el is not None else owner
            if attribute:
                code, message = (
                    "rng-attribute-missing",
                    f"<{name}> lacks required attribute @{attribute}",
                )
            else:
                code, message = (
                    "rng-attribute-value",
                    f"an attribute of <{name}> has a value the schema does not allow",
                )
            hint = self.attribute_hint(name, attribute)
        elif m:
            attribute, owner = self._attribute_name(m.group(1), m.group(2)), m.group(2)
            rule = self.rules.get(owner)
            if rule is not None and attribute in rule.attributes:
                code = "rng-attribute-value"
                value = el.get(_clark(attribute)) if el is not None else None
                message = f'@{attribute}="{value}" is not allowed on <{owner}>'
            else:
                code = "rng-attribute-not-allowed"
                message = f"@{attribute} is not allowed on <{owner}>"
            hint = self.attribute_hint(owner, attribute)
        elif kind in {"RELAXNG_ERR_ELEMNONS", "RELAXNG_ERR_ELEMWRONGNS"}:
            code, hint = (
                "wrong-namespace",
                'TEI elements belong to the namespace "http://www.tei-c.org/ns/1.0".',
            )
        elif (
            el is not None
            and parent is None
            and kind in ("RELAXNG_ERR_ELEMWRONG", "RELAXNG_ERR_ELEMNAME")
        ):
            code = "rng-element-not-allowed"
            message = f"the root element must be <TEI>, not <{name}>"
            hint = (
                "allowed as the root: <TEI>, holding <teiHeader> and then <text> (or <standOff>)."
            )
        elif kind in ("RELAXNG_ERR_ELEMWRONG", "RELAXNG_ERR_ELEMNAME", "RELAXNG_ERR_ELEMEXTRANS"):
            rule = self.rules.get(parent_name)
            missing = self._missing_children(parent) if parent is not None else []
            if (  # an element of another namespace inside a TEI one (xi:include in a p)
                el is not None
                and parent is not None
                and etree.QName(parent).namespace == TEI_NS
                and etree.QName(el).namespace != TEI_NS
            ):
                shown = f"{el.prefix}:{name}" if el.prefix else name
                namespace = etree.QName(el).namespace
                code = "rng-element-not-allowed"
                message = f"<{shown}> (namespace {namespace}) is not allowed inside <{parent_name}>"
            elif rule is None or name not in rule.children:
                code, message = (
                    "rng-element-not-allowed",
                    f"<{name}> is not allowed inside <{parent_name}>",
                )
            elif missing:
                code = "rng-element-missing"
                message = (
                    f"<{name}> is not allowed yet: <{parent_name}> lacks a required"
                    f" <{missing[0]}> before it"
                )
            else:
                code, message = (
                    "rng-element-order",
                    f"<{name}> is not allowed at this position inside <{parent_name}>",
                )
            hint = self.content_hint(parent_name)
        elif kind == "RELAXNG_ERR_NOELEM":
            code = "rng-element-missing"
            missing = self._missing_children(el) if el is not None else []
            message = (
                f"<{name}> lacks a required <{missing[0]}>"
                if missing
                else f"<{name}> is incomplete"
            )
            hint = self.content_hint(name)
        elif kind in ("RELAXNG_ERR_TEXTWRONG", "RELAXNG_ERR_EXTRACONTENT") and "text" in message:
            code = "rng-text-not-allowed"
            message = f"text is not allowed directly inside <{name}>"
            hint = self.content_hint(name)
        elif kind in ("RELAXNG_ERR_EXTRACONTENT", "RELAXNG_ERR_INTEREXTRA"):
            code = "rng-element-not-allowed"
            hint = self.content_hint(name)
        elif kind in (
            "RELAXNG_ERR_DATATYPE",
            "RELAXNG_ERR_VALUE",
            "RELAXNG_ERR_LIST",
            "RELAXNG_ERR_DATAELEM",
        ):
            code = "rng-bad-value"
            hint = self.content_hint(name)
        elif kind in (
            "RELAXNG_ERR_NOTELEM",
            "RELAXNG_ERR_CONTENTVALID",
            "RELAXNG_ERR_ELEMNOTEMPTY",
        ):
            code = "rng-invalid-content"
            hint = self.content_hint(name)
        line = (el.sourceline if el is not None else None) or entry.line or 1
        column = source.column_of(el, attribute) if el is not None else max(entry.column, 1)
        xpath = element_path(el) + (f"/@{attribute}" if attribute else "") if el is not None else ""
        return Issue(file, line, column, xpath, "relaxng", code, "error", message, hint)

    def _find_bad_attributes(
        self, tree: etree._ElementTree, name: str, known: etree._Element | None
    ) -> tuple[etree._Element | None, str | None]:
        """The element lacking a required attribute, and that attribute
        (libxml2 often gives neither line nor path for this error)."""
        rule = self.rules.get(name)
        required = rule.required_attributes if rule else []
        candidates = (
            [known]
            if known is not None
            else [
                el
                for el in tree.iter()
                if isinstance(el.tag, str) and etree.QName(el).localname == name
            ]
        )
        for el in candidates:
            for attribute in required:
                if el.get(_clark(attribute)) is None:
                    return el, attribute
        return (candidates[0] if candidates else None), None

    def _missing_children(self, el: etree._Element) -> list[str]:
        rule = self.rules.get(etree.QName(el).localname)
        present = {etree.QName(c).localname for c in el if isinstance(c.tag, str)}
        return [c for c in (rule.required_children if rule else []) if c not in present]

    def _attribute_name(self, name: str, element: str) -> str:
        """libxml2 drops the xml: prefix (``Invalid attribute lang``)."""
        rule = self.rules.get(element)
        if rule is not None and name not in rule.attributes and f"xml:{name}" in rule.attributes:
            return f"xml:{name}"
        return name


_SHORT_MODEL = 240


class _ContentModel:
    """A content model in words, in order: what the schema expects inside an element."""

    def __init__(self, rng: etree._ElementTree) -> None:
        self.defines = {d.get("name"): d for d in rng.iter(f"{_R}define")}
        self.elements: dict[str, etree._Element] = {}
        for el in rng.iter(f"{_R}element"):
            self.elements.setdefault(el.get("name", ""), el)

    def describe(self, name: str) -> str | None:
        el = self.elements.get(name)
        return self._sequence(el, frozenset()) if el is not None else None

    def _parts(self, node: etree._Element, seen: frozenset[str]) -> list[str]:
        out = []
        for child in node:
            if isinstance(child.tag, str):
                words = self._words(child, seen)
                if words:
                    out.append(words)
        return out

    def _sequence(self, node: etree._Element, seen: frozenset[str]) -> str | None:
        parts = self._parts(node, seen)
        return ", then ".join(parts) if parts else None

    def _words(self, node: etree._Element, seen: frozenset[str]) -> str | None:
        tag = node.tag[len(_R) :] if isinstance(node.tag, str) else ""
        if tag == "element":
            return f"<{node.get('name')}>"
        if tag == "text":
            return "text"
        if tag == "ref":
            name = node.get("name", "")
            define = self.defines.get(name)
            if define is None or name in seen:
                return None
            kids = [c for c in define if isinstance(c.tag, str)]
            if len(kids) == 1 and kids[0].tag == f"{_R}element":
                return f"<{kids[0].get('name')}>"
            return _grouped(self._parts(define, seen | {name}))
        if tag == "choice":
            alternatives = self._parts(node, seen)
            simple = all(_simple(a) for a in alternatives)
            if len(alternatives) == 1:
                return alternatives[0]
            if simple:
                names = [n for a in alternatives for n in _names(a)]
                return "one of " + ", ".join(dict.fromkeys(names)) if names else None
            return "either " + ", or ".join(_grouped([a]) or a for a in alternatives)
        inner = _grouped(self._parts(node, seen))
        if inner is None:
            return None
        if tag == "optional":
            return f"{inner} (optional)"
        if tag == "zeroOrMore":
            return f"any number of {inner}"
        if tag == "oneOrMore":
            return f"one or more {inner}"
        if tag == "mixed":
            return f"text mixed with {inner}"
        if tag in ("group", "interleave", "list"):
            return inner
        return None


def _simple(words: str) -> bool:
    return words.startswith("one of <") or re.fullmatch(r"<[\w.:-]+>|text", words) is not None


def _names(words: str) -> list[str]:
    return re.findall(r"<[\w.:-]+>|\btext\b", words)


def _grouped(parts: list[str]) -> str | None:
    """Several parts in sequence, parenthesised so they read as one."""
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + ", then ".join(parts) + ")"


_GENERIC = {
    "RELAXNG_ERR_CONTENTVALID",
    "RELAXNG_ERR_INTEREXTRA",
    "RELAXNG_ERR_NOTELEM",
    "RELAXNG_ERR_EXTRACONTENT",
}


def _duplicate(tree: etree._ElementTree, message: str) -> bool:
    """Whether the xml:id an issue message quotes is used more than once."""
    m = re.match(r'@xml:id="([^"]*)"', message)
    return bool(m) and len(tree.xpath("//@xml:id[. = $v]", v=m.group(1) if m else "")) > 1


def _prefixes(tree: etree._ElementTree) -> dict[str, str]:
    """The namespace prefixes declared in the document (the first binding of each)."""
    prefixes: dict[str, str] = {}
    for el in tree.iter("{*}*"):
        for prefix, uri in el.nsmap.items():
            if prefix:
                prefixes.setdefault(prefix, uri)
    return prefixes


def _node(
    tree: etree._ElementTree, path: str | None, prefixes: dict[str, str]
) -> etree._Element | None:
    """The element at libxml2's error path (``/*/*[2]/xi:include``: steps
    outside the default namespace use the document's ``prefixes``)."""
    if not path:
        return None
    try:
        found = tree.xpath(path, namespaces=prefixes)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


def _clark(attribute: str) -> str:
    if attribute.startswith("xml:"):
        return "{http://www.w3.org/XML/1998/namespace}" + attribute[4:]
    return attribute


def _join(names: list[str]) -> str:
    return ", ".join(f"<{n}>" for n in names)
