"""What a RelaxNG schema allows, in plain words: for each element, the child
elements and attributes it allows, which of them are required, the values an
attribute may take, and its content model in order. Worked out from the
schema itself, on the first error only, for the hints that go with RelaxNG
issues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

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


class _Flattened:
    """Every element's ``ElementRule``, read from the schema's patterns."""

    def __init__(self, rng: etree._ElementTree) -> None:
        self.defines: dict[str, list[etree._Element]] = {}
        for d in rng.iter(f"{_R}define"):
            self.defines.setdefault(d.get("name", ""), []).append(d)
        self.rules: dict[str, ElementRule] = {}
        for el in rng.iter(f"{_R}element"):
            name = el.get("name")
            if name is not None:
                self._walk(el, self.rules.setdefault(name, ElementRule()), False, frozenset())
        for rule in self.rules.values():
            rule.children = list(dict.fromkeys(rule.children))
            rule.required_children = list(dict.fromkeys(rule.required_children))
        start = ElementRule()  # what the grammar's start allows: the root elements
        for node in rng.iter(f"{_R}start"):
            self._walk(node, start, False, frozenset())
        self.roots = list(dict.fromkeys(start.children))

    def _values(self, node: etree._Element, seen: frozenset[str]) -> list[str]:
        out: list[str] = []
        for n in node.iter(f"{_R}value", f"{_R}data", f"{_R}ref", f"{_R}text"):
            if n.tag == f"{_R}value":
                out.append(f'"{n.text}"')
            elif n.tag == f"{_R}data":
                out.append(_TYPE_WORDS.get(n.get("type", ""), n.get("type", "text")))
            elif n.tag == f"{_R}text":
                out.append("any text")
            elif n.get("name") not in seen:
                for d in self.defines.get(n.get("name", ""), []):
                    out += self._values(d, seen | {n.get("name", "")})
        return list(dict.fromkeys(out))

    def _walk(
        self, node: etree._Element, rule: ElementRule, optional: bool, seen: frozenset[str]
    ) -> None:
        for child in node:
            tag = (
                child.tag[len(_R) :]
                if isinstance(child.tag, str) and child.tag.startswith(_R)
                else ""
            )
            if tag == "element":
                self._element(child, rule, optional)
            elif tag == "attribute":
                self._attribute(child, rule, optional)
            elif tag in {"text", "mixed"}:
                rule.text = True
                self._walk(child, rule, True, seen)
            elif tag == "ref" and child.get("name", "") not in seen:
                name = child.get("name", "")
                for d in self.defines.get(name, []):
                    self._walk(d, rule, optional, seen | {name})
            elif tag in ("optional", "zeroOrMore", "choice"):
                self._walk(child, rule, True, seen)
            elif tag in ("group", "oneOrMore", "interleave"):
                self._walk(child, rule, optional, seen)

    @staticmethod
    def _element(child: etree._Element, rule: ElementRule, optional: bool) -> None:
        name = child.get("name", "*")
        rule.children.append(name)
        if not optional:
            rule.required_children.append(name)

    def _attribute(self, child: etree._Element, rule: ElementRule, optional: bool) -> None:
        name = child.get("name", "*")
        if name.startswith("xml:") or ":" not in name:
            rule.attributes[name] = ", ".join(self._values(child, frozenset())) or "any text"
            if not optional:
                rule.required_attributes.append(name)


def element_rules(rng: etree._ElementTree) -> dict[str, ElementRule]:
    """What each element of the schema allows."""
    return _Flattened(rng).rules


_SHORT_MODEL = 240


class ContentModel:
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
            return self._reference(node.get("name", ""), seen)
        if tag == "choice":
            return self._choice(node, seen)
        inner = _grouped(self._parts(node, seen))
        if inner is None or tag not in _WRAPPED:
            return None
        return _WRAPPED[tag].format(inner)

    def _reference(self, name: str, seen: frozenset[str]) -> str | None:
        define = self.defines.get(name)
        if define is None or name in seen:
            return None
        kids = [c for c in define if isinstance(c.tag, str)]
        if len(kids) == 1 and kids[0].tag == f"{_R}element":
            return f"<{kids[0].get('name')}>"
        return _grouped(self._parts(define, seen | {name}))

    def _choice(self, node: etree._Element, seen: frozenset[str]) -> str | None:
        alternatives = self._parts(node, seen)
        if len(alternatives) == 1:
            return alternatives[0]
        if all(_simple(a) for a in alternatives):
            names = [n for a in alternatives for n in _names(a)]
            return "one of " + ", ".join(dict.fromkeys(names)) if names else None
        return "either " + ", or ".join(_grouped([a]) or a for a in alternatives)


_WRAPPED = {
    "optional": "{} (optional)",
    "zeroOrMore": "any number of {}",
    "oneOrMore": "one or more {}",
    "mixed": "text mixed with {}",
    "group": "{}",
    "interleave": "{}",
    "list": "{}",
}


def _simple(words: str) -> bool:
    return words.startswith("one of <") or re.fullmatch(r"<[\w.:-]+>|text", words) is not None


def _names(words: str) -> list[str]:
    return re.findall(r"<[\w.:-]+>|\btext\b", words)


def _grouped(parts: list[str]) -> str | None:
    """Several parts in sequence, parenthesised so they read as one."""
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + ", then ".join(parts) + ")"


def _join(names: list[str]) -> str:
    return ", ".join(f"<{n}>" for n in names)


class Hints:
    """Hints for RelaxNG issues, read from the schema ``rng`` on first use."""

    def __init__(self, rng: etree._ElementTree) -> None:
        self._doc = rng
        self._rules: dict[str, ElementRule] | None = None
        self._roots: list[str] = []

    @property
    def rules(self) -> dict[str, ElementRule]:
        if self._rules is None:
            flattened = _Flattened(self._doc)
            self._rules, self._roots = flattened.rules, flattened.roots
        return self._rules

    @property
    def roots(self) -> list[str]:
        """The names a document's root element may have ("*": any)."""
        self.rules  # noqa: B018  # read with them
        return self._roots

    def content(self, parent: str) -> str:
        """What ``<parent>`` may hold."""
        rule = self.rules.get(parent)
        if rule is None:
            return f"<{parent}> is not part of this schema."
        if not rule.children and not rule.text:
            return f"<{parent}> must be empty."
        model = ContentModel(self._doc).describe(parent)
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

    def attribute(self, element: str, attribute: str | None = None) -> str:
        """What ``@attribute`` of ``<element>`` may hold, or which attributes it takes."""
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

    def missing_children(self, el: etree._Element) -> list[str]:
        rule = self.rules.get(etree.QName(el).localname)
        present = {etree.QName(c).localname for c in el if isinstance(c.tag, str)}
        return [c for c in (rule.required_children if rule else []) if c not in present]

    def attribute_name(self, name: str, element: str) -> str:
        """libxml2 drops the xml: prefix (``Invalid attribute lang``)."""
        rule = self.rules.get(element)
        if rule is not None and name not in rule.attributes and f"xml:{name}" in rule.attributes:
            return f"xml:{name}"
        return name
