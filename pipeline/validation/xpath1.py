"""The embedded rules that XPath 1.0 can run, run by lxml on the parsed tree.

Most of tei_all's constraints (``tei:p`` inside ``tei:ab``, ``tei:l//tei:div``,
the datable attributes) use nothing XPath 2.0 added: such a pattern is
checked here, over the tree already parsed, and a document whose active
patterns are all of this kind never goes to Saxon (whose parse alone costs
more than the rest of the validation). A pattern qualifies when every
expression in it compiles as XPath 1.0, calls only XPath 1.0 functions (and
``current()``, the rule's node), uses only its own variables, and its rules
match elements. The results are those Saxon gives (a test compares the
two): same codes, severities, messages and nodes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from pipeline.validation.triggers import _top_level

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
_S = f"{{{SCH_NS}}}"
_CORE = {
    "last", "position", "count", "id", "local-name", "namespace-uri", "name", "string",
    "concat", "starts-with", "contains", "substring-before", "substring-after", "substring",
    "string-length", "normalize-space", "translate", "boolean", "not", "true", "false",
    "lang", "number", "sum", "floor", "ceiling", "round",
    "node", "text", "comment", "processing-instruction",  # node tests
}  # fmt: skip
_CALL = re.compile(r"([\w.-]+(?::[\w.-]+)?)\s*\(")
_VARIABLE = re.compile(r"\$([\w.-]+)")
_STRINGS = re.compile(r"'[^']*'|\"[^\"]*\"")
_CURRENT = re.compile(r"\bcurrent\s*\(\s*\)")
CURRENT = "tp-current"
# What makes a test depend on more than its node: the rule's node or variables, the position.
_DEPENDENT = re.compile(r"\bcurrent\s*\(|\$|\bposition\s*\(|\blast\s*\(")
_ONE_STEP = re.compile(r"^\s*([\w-]+::(?:[\w.-]+:)?[\w.-]+)\s*\[.*\]\s*$", re.DOTALL)
# A last step that selects elements (by name, or any in a namespace), and a predicate.
_ELEMENTS = re.compile(r"^(?:[\w.-]+:)?(?:[\w.-]+|\*)(?:\[.*\])?$", re.DOTALL)


class NotXPath1(Exception):
    """An expression, or a value, XPath 1.0 cannot handle as XPath 2.0 would."""


@dataclass
class Check:
    assertion: bool  # assert (fails when false) or report (fires when true)
    test: etree.XPath
    code: str
    role: str
    message: list[str | etree.XPath]  # literal text and evaluated parts


@dataclass
class Rule:
    context: etree.XPath
    body: list[tuple[str, etree.XPath] | Check]  # lets and checks, in order
    # The context's nodes where a check may fail, in one query (None: the
    # checks need the rule's variables, current() or the position); each
    # is then checked as any other.
    failing: etree.XPath | None = None


class Compiler:
    """XPath 1.0 versions of a schema's patterns, where they exist."""

    def __init__(self, namespaces: dict[str, str]) -> None:
        self.namespaces = {p: u for p, u in namespaces.items() if p}

    def xpath(self, expression: str, variables: set[str]) -> etree.XPath:
        bare = _STRINGS.sub("''", expression)
        calls = {m.group(1) for m in _CALL.finditer(bare)} - {"current"}
        if calls - _CORE or set(_VARIABLE.findall(bare)) - variables:
            raise NotXPath1(expression)
        try:
            return etree.XPath(_CURRENT.sub(f"${CURRENT}", expression), namespaces=self.namespaces)
        except etree.XPathSyntaxError:
            raise NotXPath1(expression) from None

    def context(self, pattern_context: str) -> etree.XPath:
        """A match pattern as a query for every node it matches (elements only)."""
        alternatives = []
        for alternative in _top_level(pattern_context, "|"):
            step = alternative.strip()
            last = _STRINGS.sub("''", step).rsplit("/", 1)[-1]
            if step.startswith("(") or "@" in last.split("[")[0] or "::" in step.split("[")[0]:
                raise NotXPath1(pattern_context)
            alternatives.append(step if step.startswith("/") else f"//{step}")
        return self.xpath(" | ".join(alternatives), set())

    def rules(
        self,
        pattern: etree._Element,
        rules: list[etree._Element],
        body_of: Any,
    ) -> list[Rule]:
        """The pattern's rules compiled (``body_of(rule)``: its lets and checks)."""
        out = []
        for rule in rules:
            variables = {CURRENT}
            body: list[tuple[str, etree.XPath] | Check] = []
            for el in body_of(rule):
                if el.tag == f"{_S}let":
                    body.append((el.get("name", ""), self.xpath(el.get("value", "."), variables)))
                    variables.add(el.get("name", ""))
                elif el.tag in (f"{_S}assert", f"{_S}report"):
                    body.append(self._check(el, rule, pattern, variables))
            context = rule.get("context", "")
            compiled = self.context(context)
            out.append(Rule(compiled, body, self._failing(context, compiled, body_of(rule))))
        return out

    def _failing(
        self, context: str, compiled: etree.XPath, body: list[etree._Element]
    ) -> etree.XPath | None:
        """``(context)[not(test1) or test2 ...]`` for the asserts and reports
        of a rule whose tests depend on nothing but the node itself."""
        tests = []
        for el in body:
            test = el.get("test", "true()") if el.tag in (f"{_S}assert", f"{_S}report") else None
            if test is not None and _DEPENDENT.search(_STRINGS.sub("''", test)):
                # A report on one step (ancestor::tei:l[...]) cannot fire
                # where the step without its predicate finds nothing.
                step = _ONE_STEP.match(test) if el.tag == f"{_S}report" else None
                test = step.group(1) if step else None
            if test is None:
                return None
            tests.append(f"not(boolean({test}))" if el.tag == f"{_S}assert" else f"boolean({test})")
        if not tests or not all(_ELEMENTS.match(a) for a in _last_steps(context)):
            return None
        try:
            return self.xpath(f"({compiled.path})[{' or '.join(tests)}]", set())
        except NotXPath1:
            return None  # the node by node checks, as without this query

    def _check(
        self,
        check: etree._Element,
        rule: etree._Element,
        pattern: etree._Element,
        variables: set[str],
    ) -> Check:
        code = check.get("id") or rule.get("id") or pattern.get("id") or rule.get("context") or ""
        role = check.get("role") or rule.get("role") or ""
        test = self.xpath(f"boolean({check.get('test', 'true()')})", variables)
        return Check(check.tag == f"{_S}assert", test, code, role, self._message(check, variables))

    def _message(self, source: etree._Element, variables: set[str]) -> list[str | etree.XPath]:
        parts: list[str | etree.XPath] = [source.text or ""]
        for child in source:
            if child.tag == f"{_S}value-of":
                parts.append(self.xpath(child.get("select", "."), variables))
            elif child.tag == f"{_S}name":
                parts.append(self.xpath(f"name({child.get('path', '.')})", variables))
            elif isinstance(child.tag, str):
                parts += self._message(child, variables)
            parts.append(child.tail or "")
        return parts


def run(rules: list[Rule], tree: etree._ElementTree) -> Iterator[tuple[etree._Element, Check, str]]:
    """(element, failed check, message) of one pattern, in document order
    within each rule; a node goes to the first rule that matches it."""
    found = _failing(rules, tree) if all(r.failing is not None for r in rules) else None
    if found is None:
        taken: set[etree._Element] = set()
        found = []
        for rule in rules:
            for node in _elements(rule.context(tree)):
                if node not in taken:
                    taken.add(node)
                    found.append((node, rule))
    if len(rules) > 1 and len(found) > 1:
        order = {el: n for n, el in enumerate(tree.iter())}
        found.sort(key=lambda pair: order[pair[0]])
    for node, rule in found:
        yield from _fire(node, rule)


def _failing(rules: list[Rule], tree: etree._ElementTree) -> list[tuple[etree._Element, Rule]]:
    """The nodes where a check of their (first matching) rule may fail, found
    by the rules' ``failing`` queries: a node that passes never reaches Python."""
    found: list[tuple[etree._Element, Rule]] = []
    earlier: set[etree._Element] = set()  # the nodes of the rules before, as far as needed
    counted = 0
    for n, rule in enumerate(rules):
        assert rule.failing is not None
        failing = _elements(rule.failing(tree))
        if failing and n:
            for before in rules[counted:n]:
                earlier.update(_elements(before.context(tree)))
            counted = n
            failing = [node for node in failing if node not in earlier]
        found += [(node, rule) for node in failing]
    return found


def _fire(node: etree._Element, rule: Rule) -> Iterator[tuple[etree._Element, Check, str]]:
    variables: dict[str, Any] = {CURRENT: node}
    for part in rule.body:
        if isinstance(part, tuple):
            variables[part[0]] = _variable(part[1](node, **variables))
            continue
        if bool(part.test(node, **variables)) != part.assertion:
            text = "".join(
                p if isinstance(p, str) else _text(p(node, **variables)) for p in part.message
            )
            yield node, part, " ".join(text.split())


def _last_steps(context: str) -> list[str]:
    """The last step of each alternative of a match pattern."""
    steps = []
    for alternative in _top_level(_STRINGS.sub("''", context), "|"):
        parts = _top_level(alternative.strip(), "/")
        steps.append(parts[-1].strip())
    return steps


def _elements(found: object) -> list[etree._Element]:
    if not isinstance(found, list) or not all(isinstance(n, etree._Element) for n in found):
        raise NotXPath1("a context matched what is no element")
    return found


def _variable(value: object) -> object:
    """A let's value as an XPath 1.0 variable (a node-set of elements, a
    string, number or boolean); anything else is left to Saxon."""
    if isinstance(value, list):
        if all(isinstance(v, etree._Element) for v in value):
            return value
        raise NotXPath1("a variable holding attributes or text")
    return value


def _text(value: object) -> str:
    """What ``xsl:value-of`` (XSLT 2.0) writes for a value: items joined by spaces."""
    if isinstance(value, list):
        return " ".join(_string(v) for v in value)
    return _string(value)


def _string(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value) or abs(value) >= 1e15:
            raise NotXPath1("a number XPath 2.0 writes otherwise")
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, etree._Element):
        return str(value.xpath("string(.)"))
    return str(value)
