"""ISO Schematron through lxml: compile a .sch once, run it on a tree, and turn
the SVRL report into ``Issue`` records located in the source.

``document()`` calls in the rules (the authority list) go through a resolver
that reads local files only; a file that cannot be read becomes a stub
``<unreadable/>`` document, so the rule can say so instead of the transform
failing.
"""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import etree

from pipeline.errors import InputError, Issue, PipelineError, ResourceError
from pipeline.validation.document import Document, strings
from pipeline.xmlio import parse_bytes, parse_file, read_file, write_atomic

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
_XSL = "{http://www.w3.org/1999/XSL/Transform}"
_SCH = "{http://purl.oclc.org/dsdl/schematron}"
_UNREADABLE = "<unreadable/>"
_ATTRIBUTE = re.compile(r'^@([\w:.-]+)="')
# The stamp on a kept stylesheet: the digest of the rules it was compiled from.
_STAMP_NS = "urn:x-tei-pipeline:compiled"
_STAMP = "tp:source-crc32"


class _LocalFiles(etree.Resolver):
    """Resolve ``document()`` to local files; anything else to the stub.

    ``document('')`` relative to the validated document (a rule's variable
    for an element without @ref) would re-read that document from disk: the
    rules never look into it, so it gets the stub too."""

    def __init__(self) -> None:
        super().__init__()
        self.current = ""  # the document being validated

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if urlparse(url).scheme in ("", "file"):
            path = _local_path(url)
            if path != self.current:
                try:  # no regular file, too big, not XML: the stub, so the rule can say so
                    data = read_file(path)
                    parse_bytes(data, path)
                except PipelineError:
                    return self.resolve_string(_UNREADABLE, context)
                return self.resolve_string(data, context, base_url=path)
        return self.resolve_string(_UNREADABLE, context)


def _local_path(url: str) -> str:
    """A document's URL as lxml records it: a plain path, or a file: URI."""
    return unquote(urlparse(url).path) if url.startswith("file:") else url


class Rules:
    """A compiled Schematron schema (ISO, XSLT 1.0 query binding)."""

    def __init__(self, path: str | os.PathLike[str], authority: str | None = None) -> None:
        self.path = Path(path)
        self.authority = authority
        try:
            source = read_file(self.path)
        except InputError as exc:
            raise ResourceError(f"{self.path}: cannot load Schematron: {exc.message}") from None
        # Parse the compiled stylesheet with our resolver: libxslt's
        # document() uses the resolvers of the stylesheet's parser.
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        self._resolver = _LocalFiles()
        parser.resolvers.add(self._resolver)
        kept = _precompiled(self.path, source)
        try:
            xslt_doc = etree.fromstring(kept, parser) if kept else None
        except etree.XMLSyntaxError:  # a damaged kept stylesheet: compile afresh
            xslt_doc = None
        if xslt_doc is None:
            xslt_doc = etree.fromstring(compile_rules(self.path, source), parser)
        self.params = {
            el.get("name") for el in xslt_doc.iter(f"{_XSL}param") if el.getparent() is xslt_doc
        }
        access = etree.XSLTAccessControl(  # type: ignore[call-arg]  # (lxml-stubs lag)
            read_network=False, write_file=False, create_dir=False, write_network=False
        )
        self._xslt = etree.XSLT(xslt_doc, access_control=access)
        self._ids: dict[tuple[str, int, int], str] = {}  # authority lists read so far

    def run(
        self, tree: etree._ElementTree, *, authority: str | os.PathLike[str] | None = None
    ) -> etree._ElementTree:
        params: dict[str, Any] = {}
        if authority is not None and "authority-uri" in self.params:
            # A plain path, not a file: URI: libxslt reuses a loaded document
            # only when the URI it asks for equals the document's own URL.
            params["authority-uri"] = etree.XSLT.strparam(str(Path(authority).resolve()))
        self._resolver.current = _local_path(tree.docinfo.URL or "")
        if "authority-ids" in self.params:
            ids = self._authority_ids(tree, authority)
            if ids:
                params["authority-ids"] = etree.XSLT.strparam(ids)
        try:
            return self._xslt(tree, **params)  # type: ignore[arg-type]  # (lxml-stubs lag)
        except etree.XSLTApplyError as exc:
            raise ResourceError(f"{self.path}: Schematron failed: {exc}") from None

    def _authority_ids(
        self, tree: etree._ElementTree, authority: str | os.PathLike[str] | None
    ) -> str:
        """ " id1 id2 ... " of the one authority list every @ref of ``tree``
        names, read once per list and run; "" when the refs name several lists
        or the list cannot be read (the rules then read it themselves, and say
        what is wrong with it)."""
        refs = strings(tree.xpath("//@ref[contains(., '#')]"))
        files = {ref.partition("#")[0] for ref in refs} - {""}
        if authority is not None:
            path = Path(authority)
        elif len(files) == 1:
            path = Path(self._resolver.current).parent / files.pop()
        else:
            return ""
        try:
            stat = path.stat()
        except OSError:
            return ""
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key not in self._ids:
            self._ids[key] = _id_list(path)
        return self._ids[key]

    def check(self, document: Document) -> list[Issue]:
        tree = document.tree
        try:
            report = self.run(tree, authority=self.authority)
        except ResourceError as exc:  # a rule failed on this document: its issue, not the batch's
            return [document.issue(None, "schematron", "schematron-failed", "error", str(exc))]
        issues = []
        for failure in report.iter(
            f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"
        ):
            el, attribute = _resolve(tree, failure.get("location", ""))
            text = " ".join((failure.findtext(f"{{{SVRL_NS}}}text") or "").split())
            diagnostics = [
                " ".join("".join(str(t) for t in d.itertext()).split())
                for d in failure.iter(f"{{{SVRL_NS}}}diagnostic-reference")
            ]
            if any(diagnostics):
                text = f"{text} ({'; '.join(d for d in diagnostics if d)})"
            # Messages about one attribute start with it: @when="...".
            named = _ATTRIBUTE.match(text)
            if el is not None and attribute is None and named:
                attribute = named.group(1)
            role = (failure.get("role") or "error").lower()
            issues.append(
                document.issue(
                    el,
                    "schematron",
                    failure.get("id") or "schematron",
                    role if role in ("error", "warning", "info") else "error",
                    text,
                    attribute=attribute,
                )
            )
        return issues


def _id_list(path: Path) -> str:
    """ " id1 id2 ... ": the xml:ids of the authority list at ``path``; "" if
    it cannot be read, or if a plain list of names would not say what the
    rules' own lookup says (ids that are not names; a DTD, which can declare
    other ID attributes)."""
    try:
        listing = parse_file(path)
    except PipelineError:
        return ""
    ids = strings(listing.xpath("//@xml:id"))
    if not ids or listing.docinfo.internalDTD is not None:
        return ""
    if any(i.split() != [i] for i in ids):
        return ""
    return f" {' '.join(ids)} "


def compiled_path(path: Path) -> Path:
    """Where the stylesheet compiled from the rules at ``path`` is kept."""
    return path.with_name(path.name + ".xsl")


# Changed with what ``compile_rules`` makes of the rules, so that a stylesheet
# kept from an older compile is compiled afresh.
_COMPILER = "2"


def _digest(source: bytes) -> str:
    """A stamp that changes with any edit of the rules, and with the compiler
    (not a security check)."""
    return f"{zlib.crc32(source):08x}-{len(source)}-c{_COMPILER}"


def _precompiled(path: Path, source: bytes) -> bytes | None:
    """The kept stylesheet of ``path``, if it was compiled from these rules.

    Rules that include other files are always compiled afresh: the stamp
    covers one file only."""
    if b"include" in source:
        return None
    try:
        compiled = compiled_path(path).read_bytes()
    except OSError:
        return None
    head = compiled[:1000]
    return compiled if f'{_STAMP}="{_digest(source)}"'.encode() in head else None


def compile_rules(path: Path, source: bytes) -> bytes:
    """The rules at ``path`` (whose bytes are ``source``) compiled to an XSLT
    1.0 stylesheet, stamped with the digest of the rules it came from."""
    from lxml import isoschematron  # type: ignore[attr-defined]  # (lxml-stubs lag)

    try:
        root = parse_bytes(source, str(path)).getroot()  # the safe parser: no external entity
        _check_includes(root, path, set())
        sch = isoschematron.Schematron(
            root,  # includes are relative to it (its base URL)
            store_xslt=True,
            # No svrl:fired-rule per matched node: the report is read for failures only.
            compile_params={"generate-fired-rule": "'false'"},
        )
    except (etree.LxmlError, PipelineError) as exc:
        raise ResourceError(f"{path}: cannot load Schematron: {exc}") from None
    xslt_doc = sch.validator_xslt.getroot()
    if _element_contexts_only(root):
        # The skeleton visits every attribute, comment and PI of the document
        # in every pattern; with element contexts only, elements suffice.
        for step in xslt_doc.iter(f"{_XSL}apply-templates"):
            if step.get("select") == "@*|*|comment()|processing-instruction()":
                step.set("select", "*")
    elif _text_contexts(root):
        # The skeleton never visits text nodes: a rule on text() would not fire.
        for step in xslt_doc.iter(f"{_XSL}apply-templates"):
            select = step.get("select") or ""
            if re.fullmatch(r"M\d+", step.get("mode") or "") and select.startswith("@*|*"):
                step.set("select", select + "|text()")
    _full_paths(xslt_doc)
    stamped = etree.Element(xslt_doc.tag, nsmap={**xslt_doc.nsmap, "tp": _STAMP_NS})
    stamped.set(f"{{{_STAMP_NS}}}source-crc32", _digest(source))
    for name, value in xslt_doc.attrib.items():
        stamped.set(name, value)
    stamped.append(
        etree.Comment(
            f" Compiled from {path.name} by `python -m pipeline.validation.schematron RULES.sch`:"
            " edit the rules, not this file. "
        )
    )
    stamped.extend(xslt_doc)
    return etree.tostring(stamped, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _check_includes(root: etree._Element, path: Path, seen: set[Path]) -> None:
    """Every file the rules include must be a readable, well-formed local
    file (read through the bounded reader: a FIFO or device is refused)."""
    for node in root.iter(f"{_SCH}include", f"{_SCH}extends"):
        href = (node.get("href") or "").partition("#")[0]
        if not href:
            continue
        if urlparse(href).scheme not in ("", "file"):
            raise ResourceError(f"{path}: includes {href}, which is not a local file")
        target = (path.parent / _local_path(href)).resolve()
        if target not in seen:
            seen.add(target)
            _check_includes(parse_file(target).getroot(), target, seen)


def _full_paths(xslt_doc: etree._Element) -> None:
    """Make the skeleton's locations of attributes and text nodes full paths.

    Its ``@*`` template writes ``/@name`` alone, without the element's path,
    and it has no template for text nodes (the built-in one writes the text
    itself): each then names no node of the document."""
    mode = "schematron-get-full-path"
    templates = [t for t in xslt_doc.iterchildren(f"{_XSL}template") if t.get("mode") == mode]
    for template in templates:
        first = template[0] if len(template) else None
        if template.get("match") == "@*" and (first is None or first.get("mode") != mode):
            parent = etree.Element(f"{_XSL}apply-templates", select="parent::*", mode=mode)
            parent.tail, template.text = template.text, None
            template.insert(0, parent)
    if templates and not any(t.get("match") in ("text()", "node()") for t in templates):
        text = etree.SubElement(xslt_doc, f"{_XSL}template", match="text()", mode=mode)
        etree.SubElement(text, f"{_XSL}apply-templates", select="parent::*", mode=mode)
        etree.SubElement(text, f"{_XSL}text").text = "/text()["
        etree.SubElement(text, f"{_XSL}value-of", select="1 + count(preceding-sibling::text())")
        etree.SubElement(text, f"{_XSL}text").text = "]"


def _text_contexts(sch: etree._Element) -> bool:
    """True if a rule context of the schema can match text nodes."""
    return any(
        re.search(r"text\(|node\(", rule.get("context", "")) for rule in sch.iter(f"{_SCH}rule")
    )


def _element_contexts_only(sch: etree._Element) -> bool:
    """True if no rule context of the schema can match anything but elements
    (predicates aside: ``tei:*[@ref]`` matches elements)."""
    for rule in sch.iter("{http://purl.oclc.org/dsdl/schematron}rule"):
        context = rule.get("context", "")
        while True:
            stripped = re.sub(r"\[[^\[\]]*\]", "", context)
            if stripped == context:
                break
            context = stripped
        if re.search(r"@|attribute::|comment\(|processing-instruction\(|text\(|node\(|\$", context):
            return False
    return True


def _resolve(tree: etree._ElementTree, location: str) -> tuple[etree._Element | None, str | None]:
    """The element (and attribute name) an SVRL location points at."""
    if not location:
        return None, None
    try:
        found = tree.xpath(location)
    except etree.XPathError:
        return None, None
    if not isinstance(found, list) or not found:
        return None, None
    node = found[0]
    if isinstance(node, etree._Element):
        return node, None
    parent = getattr(node, "getparent", lambda: None)()
    if parent is not None and getattr(node, "is_attribute", False):
        name = getattr(node, "attrname", "")
        qname = etree.QName(name)
        prefix = "xml:" if qname.namespace == "http://www.w3.org/XML/1998/namespace" else ""
        return parent, prefix + qname.localname
    if parent is not None and getattr(node, "is_tail", False):
        parent = parent.getparent()  # text after a child: the element that holds it
    return parent, None


if (
    __name__ == "__main__"
):  # python -m pipeline.validation.schematron RULES.sch: keep the compiled stylesheet
    import sys

    for name in sys.argv[1:]:
        rules = Path(name)
        target = compiled_path(rules)
        write_atomic(target, compile_rules(rules, rules.read_bytes()))
        print(f"{target}: compiled from {rules}")
