"""The Schematron rules a RelaxNG schema carries (tei_all's ~100 TEI
constraints, a project's ODD output), run with an XSLT 3 processor.

The rules use XPath 2.0 (``eq``, ``>>``, sequences), which libxslt cannot
run: they are extracted from the schema, compiled here into one XSLT 3.0
stylesheet (``compile_rules``: one pass per pattern over the nodes its rules
can match, first matching rule wins) and run by Saxon (``saxonche``, no
Java). Each failed assertion or successful report is an ``Issue`` at its
node: the stylesheet reports the node's ``path()``, which is walked back to
the element in the parsed tree, and so to its line and column.

The compiled stylesheet is kept on disk, keyed by the schema's digest, so
that each schema is compiled once. Saxon may read no file or URL while the
rules run (a rule that tries fails, and that is reported on the document).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.errors import Issue, ResourceError
from pipeline.validation import xpath1
from pipeline.validation.document import Document
from pipeline.validation.triggers import (
    TRIGGERS,
    active_patterns,
    kept_triggers,
    pattern_triggers,
    serialized,
)

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
_S = f"{{{SCH_NS}}}"
_X = f"{{{XSL_NS}}}"
_ENGINE = "embedded-rules"
_VERSION = "5"  # of the compiler: a change makes every kept stylesheet stale
ROLES = {"warning": "warning", "nonfatal": "warning", "info": "info", "information": "info"}


def extract(rng: etree._ElementTree) -> list[etree._Element]:
    """The Schematron elements of a schema that matter to a run: namespace
    declarations, schema-level variables and patterns, in document order."""
    return [
        el
        for el in rng.iter(f"{_S}ns", f"{_S}let", f"{_S}pattern")
        if el.tag != f"{_S}let" or _parent_tag(el) not in (f"{_S}pattern", f"{_S}rule")
    ]


def _parent_tag(el: etree._Element) -> object:
    parent = el.getparent()
    return parent.tag if parent is not None else None


def _patterns(found: list[etree._Element]) -> list[etree._Element]:
    """The patterns that run (``p0``, ``p1``... in this order)."""
    return [p for p in found if p.tag == f"{_S}pattern" and p.get("abstract") != "true"]


def _namespaces(found: list[etree._Element]) -> dict[str, str]:
    nsmap: dict[str, str] = {}
    for el in found:
        for prefix, uri in el.nsmap.items():
            if prefix and prefix not in ("xsl",):
                nsmap.setdefault(prefix, uri)
    for ns in (el for el in found if el.tag == f"{_S}ns"):
        nsmap[ns.get("prefix", "")] = ns.get("uri", "")
    return nsmap


def _rules_of(pattern: etree._Element) -> list[etree._Element]:
    return [
        r for r in pattern.iter(f"{_S}rule") if r.get("abstract") != "true" and r.get("context")
    ]


def compile_rules(rng: etree._ElementTree) -> bytes | None:
    """An XSLT 3.0 stylesheet running the rules embedded in ``rng``; None if it has none."""
    found = extract(rng)
    patterns = _patterns(found)
    if not any(p.iter(f"{_S}rule") for p in patterns):
        return None
    nsmap = _namespaces(found)
    nsmap["xsl"] = XSL_NS
    nsmap["xs"] = "http://www.w3.org/2001/XMLSchema"
    sheet = etree.Element(f"{_X}stylesheet", nsmap=nsmap, version="3.0")
    sheet.set("exclude-result-prefixes", "#all")
    for let in (el for el in found if el.tag == f"{_S}let"):
        etree.SubElement(
            sheet, f"{_X}variable", name=let.get("name", ""), select=let.get("value", ".")
        )
    param = etree.SubElement(sheet, f"{_X}param", name="tp-active", select="''")
    param.set("as", "xs:string")
    main = etree.SubElement(sheet, f"{_X}template", match="/")
    report = etree.SubElement(main, "failures")
    abstract = {r.get("id"): r for r in rng.iter(f"{_S}rule") if r.get("abstract") == "true"}
    for n, pattern in enumerate(patterns):
        _pattern(sheet, report, pattern, f"p{n}", abstract)
    return etree.tostring(sheet, encoding="UTF-8", xml_declaration=True)


def _pattern(
    sheet: etree._Element,
    report: etree._Element,
    pattern: etree._Element,
    mode: str,
    abstract: dict[str | None, etree._Element],
) -> None:
    rules = _rules_of(pattern)
    if not rules:
        return
    etree.SubElement(sheet, f"{_X}mode", name=mode).set("on-no-match", "deep-skip")
    contexts = " | ".join(f"({r.get('context')})" for r in rules)
    triggers = serialized(pattern_triggers(pattern))
    when = etree.SubElement(report, f"{_X}if", test=f"contains-token($tp-active, '{mode}')")
    when.set(TRIGGERS, triggers)
    etree.SubElement(when, f"{_X}apply-templates", select=f"//({contexts})", mode=mode)
    lets = [el for el in pattern if el.tag == f"{_S}let"]
    for k, rule in enumerate(rules):
        template = etree.SubElement(
            sheet,
            f"{_X}template",
            match=rule.get("context", ""),
            mode=mode,
            priority=str(len(rules) - k),
        )
        body = [*lets, *_with_extended(rule, abstract)]
        for el in body:
            if el.tag == f"{_S}let":
                etree.SubElement(
                    template, f"{_X}variable", name=el.get("name", ""), select=el.get("value", ".")
                )
            elif el.tag in (f"{_S}assert", f"{_S}report"):
                _check(template, el, rule, pattern).set("pattern", mode)


def _with_extended(
    rule: etree._Element, abstract: dict[str | None, etree._Element]
) -> list[etree._Element]:
    """The rule's lets and checks, those of the abstract rules it extends in their place."""
    out: list[etree._Element] = []
    for el in rule:
        if el.tag == f"{_S}extends" and el.get("rule") in abstract:
            out += [c for c in abstract[el.get("rule")] if isinstance(c.tag, str)]
        elif isinstance(el.tag, str):
            out.append(el)
    return out


def _check(
    template: etree._Element, check: etree._Element, rule: etree._Element, pattern: etree._Element
) -> etree._Element:
    test = check.get("test", "true()")
    condition = f"not({test})" if check.tag == f"{_S}assert" else f"({test})"
    when = etree.SubElement(template, f"{_X}if", test=condition)
    code = check.get("id") or rule.get("id") or pattern.get("id") or rule.get("context") or ""
    role = check.get("role") or rule.get("role") or ""
    failure = etree.SubElement(when, "failure", code=code, role=role)
    failure.set("path", "{path()}")
    _message(failure, check)
    return failure


def _message(out: etree._Element, source: etree._Element) -> None:
    """The text of an assertion, its ``value-of`` and ``name`` evaluated."""
    _append_text(out, source.text)
    for child in source:
        if child.tag == f"{_S}value-of":
            etree.SubElement(out, f"{_X}value-of", select=child.get("select", "."))
        elif child.tag == f"{_S}name":
            etree.SubElement(out, f"{_X}value-of", select=f"name({child.get('path', '.')})")
        elif isinstance(child.tag, str):
            _message(out, child)  # emph, dir, span, foreign markup: their text
        _append_text(out, child.tail)


def _append_text(out: etree._Element, text: str | None) -> None:
    if not text:
        return
    node = etree.SubElement(out, f"{_X}text")
    node.text = text


# ---------------------------------------------------------------- running


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tei-pipeline" / "embedded-rules"


def _kept(rng_path: Path, data: bytes) -> tuple[Path, bytes | None]:
    digest = hashlib.sha256(data + _VERSION.encode()).hexdigest()[:32]
    target = cache_dir() / f"{rng_path.stem}-{digest}.xsl"
    try:
        return target, target.read_bytes()
    except OSError:
        return target, None


_processor: dict[str, Any] = {}


def _saxon() -> Any:
    """One Saxon processor per process, barred from reading files and URLs."""
    if "saxon" not in _processor:
        try:
            from saxonche import PySaxonProcessor
        except ImportError:
            raise ResourceError(
                "the schema's embedded rules need saxonche (pip install saxonche);"
                " skip them with --no-embedded-rules"
            ) from None
        processor = PySaxonProcessor(license=False)
        processor.set_configuration_property("http://saxon.sf.net/feature/allowedProtocols", "")
        _processor["saxon"] = processor
    return _processor["saxon"]


class EmbeddedRules:
    """The Schematron rules embedded in one RelaxNG schema, as a validator."""

    def __init__(
        self, rng_path: Path, rng: etree._ElementTree, data: bytes, use_xpath1: bool = True
    ) -> None:
        self.path = rng_path
        target, stylesheet = _kept(rng_path, data)
        if stylesheet is None:
            stylesheet = compile_rules(rng) or b""
            _keep(target, stylesheet)
        self.empty = not stylesheet
        self._executable: Any = None
        self._stylesheet = stylesheet
        self._sheet = etree.fromstring(stylesheet) if stylesheet else None
        self._triggers = kept_triggers(self._sheet) if self._sheet is not None else []
        self._xpath1 = xpath1_patterns(rng) if use_xpath1 and stylesheet else {}

    def _compiled(self) -> Any:
        if self._executable is None:
            processor = _saxon()
            try:
                self._executable = processor.new_xslt30_processor().compile_stylesheet(
                    stylesheet_text=self._stylesheet.decode("utf-8")
                )
            except Exception as exc:  # saxonche raises its own PySaxonApiError
                raise ResourceError(
                    f"{self.path}: cannot compile its embedded rules: {exc}"
                ) from None
        return self._executable

    def check(self, document: Document) -> list[Issue]:
        if self._sheet is None:
            return []
        held = document.names | document.attribute_names
        active = active_patterns(self._triggers, held).split()
        found: list[tuple[int, Issue]] = []
        try:
            found = [
                f for mode in active if mode in self._xpath1 for f in self._lxml(document, mode)
            ]
            rest = [mode for mode in active if mode not in self._xpath1]
        except xpath1.NotXPath1:  # a value XPath 1.0 cannot take as XPath 2.0 would
            found, rest = [], active
        if rest:
            found += self._saxon(document, rest)
        found.sort(key=lambda pair: pair[0])  # as one run reports: pattern by pattern
        return [issue for _, issue in found]

    def _lxml(self, document: Document, mode: str) -> Iterator[tuple[int, Issue]]:
        index = int(mode[1:])
        for el, check, message in xpath1.run(self._xpath1[mode], document.tree):
            severity = ROLES.get(check.role.lower(), "error")
            yield index, document.issue(el, _ENGINE, check.code, severity, message)

    def _saxon(self, document: Document, modes: list[str]) -> list[tuple[int, Issue]]:
        executable = self._compiled()
        text = etree.tostring(document.tree.getroot(), encoding="unicode")
        try:
            executable.set_parameter("tp-active", _saxon().make_string_value(" ".join(modes)))
            node = _saxon().parse_xml(xml_text=text)
            result = executable.transform_to_string(xdm_node=node)
        except Exception as exc:
            message = " ".join(str(exc).split())[:300]
            failed = f"the schema's embedded rules failed: {message}"
            return [(-1, document.issue(None, _ENGINE, "embedded-rules-failed", "error", failed))]
        report = etree.fromstring(result.encode("utf-8"))
        resolver = _Paths(document.tree)
        issues = []
        for failure in report.iter("failure"):
            el, attribute = resolver.find(failure.get("path", ""))
            message = " ".join("".join(str(t) for t in failure.itertext()).split())
            severity = ROLES.get(failure.get("role", "").lower(), "error")
            code = failure.get("code", "")
            issue = document.issue(el, _ENGINE, code, severity, message, attribute=attribute)
            issues.append((int(failure.get("pattern", "p0")[1:]), issue))
        return issues


def xpath1_patterns(rng: etree._ElementTree) -> dict[str, list[xpath1.Rule]]:
    """The patterns of ``rng`` that XPath 1.0 runs as XPath 2.0 would, by mode."""
    found = extract(rng)
    if any(el.tag == f"{_S}let" for el in found):
        return {}  # schema-wide variables: every pattern goes to Saxon
    compiler = xpath1.Compiler(_namespaces(found))
    abstract = {r.get("id"): r for r in rng.iter(f"{_S}rule") if r.get("abstract") == "true"}
    out = {}
    for n, pattern in enumerate(_patterns(found)):
        lets = [el for el in pattern if el.tag == f"{_S}let"]

        def body(rule: etree._Element, lets: list[etree._Element] = lets) -> list[etree._Element]:
            return [*lets, *_with_extended(rule, abstract)]

        try:
            out[f"p{n}"] = compiler.rules(pattern, _rules_of(pattern), body)
        except xpath1.NotXPath1:
            continue
    return out


def _keep(target: Path, stylesheet: bytes) -> None:
    """Keep the compiled stylesheet; a cache that cannot be written is no error."""
    from pipeline.xmlio import write_atomic

    try:
        write_atomic(target, stylesheet)
    except OSError:
        pass


_STEP = re.compile(r"Q\{([^}]*)\}([^\[/]+)\[(\d+)\]|@(?:Q\{([^}]*)\})?([^/]+)|[^/]+")


class _Paths:
    """XPath 3 ``path()`` results walked back to elements of the parsed tree."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self._children: dict[etree._Element, dict[str, list[etree._Element]]] = {}

    def _named(self, parent: etree._Element, tag: str) -> list[etree._Element]:
        if parent not in self._children:
            by_tag: dict[str, list[etree._Element]] = {}
            for child in parent:
                if isinstance(child.tag, str):
                    by_tag.setdefault(child.tag, []).append(child)
            self._children[parent] = by_tag
        return self._children[parent].get(tag, [])

    def find(self, path: str) -> tuple[etree._Element | None, str | None]:
        node: etree._Element | None = None
        for m in _STEP.finditer(path):
            if m.group(2) is not None:
                tag = f"{{{m.group(1)}}}{m.group(2)}" if m.group(1) else m.group(2)
                if node is None:
                    root = self.tree.getroot()
                    node = root if root.tag == tag else None
                else:
                    named = self._named(node, tag)
                    index = int(m.group(3)) - 1
                    node = named[index] if index < len(named) else node
                if node is None:
                    return None, None
            elif m.group(5) is not None:
                prefix = "xml:" if m.group(4) == "http://www.w3.org/XML/1998/namespace" else ""
                return node, prefix + m.group(5)
            else:
                break  # text(), comment(): the element that holds it
        return node, None
