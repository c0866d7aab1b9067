"""RelaxNG straight through libxml2, for large documents: linear in the
number of errors.

lxml logs each RelaxNG error with the XPath of its node, worked out as the
error is logged by counting the node's preceding siblings: a paragraph
holding thousands of invalid elements costs time quadratic in their number
(32,000 bad dates in one paragraph: 6 s; 100,000: a minute). Here the same
libxml2 that lxml carries (its functions are exported by lxml's extension
module, or by the libxml2 it links) validates lxml's own tree, reached from
the root element's proxy (``struct LxmlElement`` of lxml's public C API,
checked against the back-pointer libxml2's node keeps to it), and each error
keeps its node as a pointer; the elements are numbered in one walk of the
tree, in document order, as ``tree.iter()`` yields them.

Where that library or that tree cannot be reached (another Python than
CPython, a tree over an element that is not its document's root), for a
schema with IDREF types (libxml2 reports those errors outside the handler
this reads), or where libxml2 says "invalid" without an error,
``validate`` returns None and lxml validates.
"""

from __future__ import annotations

import ctypes
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

# xmlParserOption, for the schema: no network, no error output (lxml has
# compiled it before and said them).
_NONET, _NOERROR, _NOWARNING = 1 << 11, 1 << 5, 1 << 6
_OPTIONS = _NONET | _NOERROR | _NOWARNING
_ELEMENT = 1  # xmlElementType


class _Node(ctypes.Structure):
    """The head of libxml2's xmlNode, shared by xmlAttr (public, stable ABI)."""


_Node._fields_ = [
    ("private", ctypes.c_void_p),
    ("type", ctypes.c_int),
    ("name", ctypes.c_char_p),
    ("children", ctypes.POINTER(_Node)),
    ("last", ctypes.POINTER(_Node)),
    ("parent", ctypes.POINTER(_Node)),
    ("next", ctypes.POINTER(_Node)),
    ("prev", ctypes.POINTER(_Node)),
    ("doc", ctypes.c_void_p),
]


class _Proxy(ctypes.Structure):
    """The head of lxml's element proxy (``struct LxmlElement``, lxml/etree.h):
    the object header, then its document and its node."""

    _fields_ = [
        ("head", ctypes.c_byte * object.__basicsize__),
        ("document", ctypes.c_void_p),
        ("node", ctypes.POINTER(_Node)),
    ]


class _Error(ctypes.Structure):
    """libxml2's xmlError."""

    _fields_ = [
        ("domain", ctypes.c_int),
        ("code", ctypes.c_int),
        ("message", ctypes.c_char_p),
        ("level", ctypes.c_int),
        ("file", ctypes.c_char_p),
        ("line", ctypes.c_int),
        ("str1", ctypes.c_char_p),
        ("str2", ctypes.c_char_p),
        ("str3", ctypes.c_char_p),
        ("int1", ctypes.c_int),
        ("int2", ctypes.c_int),
        ("ctxt", ctypes.c_void_p),
        ("node", ctypes.c_void_p),
    ]


_IDREF = etree.XPath(
    "boolean(//rng:data[@type = 'IDREF' or @type = 'IDREFS'])",
    namespaces={"rng": "http://relaxng.org/ns/structure/1.0"},
)
_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(_Error))


@dataclass(frozen=True)
class Entry:
    """One RelaxNG error as lxml's log entry has it, with its element (or
    the element holding its attribute; None when libxml2 names no node)."""

    type_name: str
    message: str
    line: int
    column: int
    element: etree._Element | None


def _library() -> ctypes.CDLL | None:
    if sys.implementation.name != "cpython":  # where id() is no address
        return None
    try:
        lib = ctypes.CDLL(etree.__file__)
        lib.xmlRelaxNGValidateDoc  # noqa: B018  # exported, or found in what it links
    except (OSError, AttributeError):
        return None
    void = ctypes.c_void_p
    for name, result, arguments in (
        (
            "xmlReadMemory",
            void,
            [ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, void, ctypes.c_int],
        ),
        ("xmlFreeDoc", None, [void]),
        ("xmlRelaxNGNewDocParserCtxt", void, [void]),
        ("xmlRelaxNGParse", void, [void]),
        ("xmlRelaxNGFreeParserCtxt", None, [void]),
        ("xmlRelaxNGFree", None, [void]),
        ("xmlRelaxNGNewValidCtxt", void, [void]),
        ("xmlRelaxNGFreeValidCtxt", None, [void]),
        ("xmlRelaxNGSetValidStructuredErrors", None, [void, _HANDLER, void]),
        ("xmlRelaxNGSetParserStructuredErrors", None, [void, _HANDLER, void]),
        ("xmlRelaxNGValidateDoc", ctypes.c_int, [void, void]),
    ):
        function = getattr(lib, name, None)
        if function is None:
            return None
        function.restype, function.argtypes = result, arguments
    return lib


_LIB = _library()
_TYPE_NAMES = {
    value: name
    for name, value in vars(etree.RelaxNGErrorTypes).items()
    if name.isupper() and isinstance(value, int)
}
_OTHER_NAMES = {
    value: name
    for name, value in vars(etree.ErrorTypes).items()
    if name.isupper() and isinstance(value, int)
}


def _ignore(_context: object, _error: object) -> None:
    """Errors of compiling the schema: lxml compiled it first and said them."""


_IGNORE = _HANDLER(_ignore)


class Schema:
    """A RelaxNG schema compiled by libxml2 itself (from the document lxml
    compiled, at its address, so that includes resolve as they did there)."""

    def __init__(self, schema: etree._ElementTree, path: Path) -> None:
        self._schema: int | None = None
        if _LIB is None:
            return
        if _IDREF(schema):
            # libxml2 reports IDREF errors outside the structured handler:
            # such a schema is left to lxml's route
            return
        data = etree.tostring(schema)
        url = schema.docinfo.URL or str(path.resolve())
        doc = _LIB.xmlReadMemory(data, len(data), url.encode(), None, _OPTIONS)
        if not doc:
            return
        try:
            parser = _LIB.xmlRelaxNGNewDocParserCtxt(doc)
            _LIB.xmlRelaxNGSetParserStructuredErrors(parser, _IGNORE, None)
            self._schema = _LIB.xmlRelaxNGParse(parser) or None
            _LIB.xmlRelaxNGFreeParserCtxt(parser)
        finally:
            _LIB.xmlFreeDoc(doc)

    def __del__(self) -> None:
        if self._schema is not None and _LIB is not None:
            _LIB.xmlRelaxNGFree(self._schema)

    def validate(self, tree: etree._ElementTree) -> list[Entry] | None:
        """The errors of ``tree``; None if this cannot tell (use lxml)."""
        root = tree.getroot()
        if self._schema is None or _LIB is None or root is None:
            return None
        node = _node_of(root)
        if node is None or not node.doc or not node.parent:
            return None
        if ctypes.addressof(node.parent.contents) != node.doc:
            return None  # not the document's own root (an inner or removed element)
        raw: list[tuple[int, int, bytes, int, int, int | None]] = []

        def receive(_context: object, error: ctypes._Pointer[_Error]) -> None:
            e = error.contents
            raw.append((e.domain, e.code, e.message or b"", e.line, e.int2, e.node))

        handler = _HANDLER(receive)
        valid = _LIB.xmlRelaxNGNewValidCtxt(self._schema)
        try:
            _LIB.xmlRelaxNGSetValidStructuredErrors(valid, handler, None)
            verdict = _LIB.xmlRelaxNGValidateDoc(valid, node.doc)  # 0 valid, > 0 invalid
            if verdict == 0 and not raw:
                return []
            if verdict < 0 or not raw:
                return None
            numbered = _numbered(node, tree)
            if numbered is None:
                return None
            return [_entry(*error, numbered) for error in raw]
        finally:
            _LIB.xmlRelaxNGFreeValidCtxt(valid)


def _entry(
    domain: int,
    code: int,
    message: bytes,
    line: int,
    column: int,
    node: int | None,
    numbered: dict[int, etree._Element],
) -> Entry:
    names = _TYPE_NAMES if domain == etree.ErrorDomains.RELAXNGV else _OTHER_NAMES
    text = _message(message[:-1] if message.endswith(b"\n") else message)
    element = numbered.get(node) if node else None
    if element is None and node:
        parent = _Node.from_address(node).parent  # an attribute's element
        element = numbered.get(ctypes.addressof(parent.contents)) if parent else None
    return Entry(names.get(code, "unknown"), text, line, column, element)


def _message(message: bytes) -> str:
    """libxml2's message decoded as lxml decodes it (it may be cut inside a
    character: then escaped)."""
    if not message:
        return "unknown error"
    try:
        return message.decode("utf-8")
    except UnicodeDecodeError:
        return message.decode("ascii", "backslashreplace")


def _node_of(el: etree._Element) -> _Node | None:
    """libxml2's node under lxml's proxy ``el``, if it points back to ``el``."""
    if type(el).__basicsize__ < ctypes.sizeof(_Proxy):
        return None
    pointer = _Proxy.from_address(id(el)).node
    if not pointer or pointer.contents.private != id(el):
        return None
    return pointer.contents


def _numbered(root: _Node, tree: etree._ElementTree) -> dict[int, etree._Element] | None:
    """Each element node's address -> the element ``tree.iter()`` yields in
    its place in document order, if the two walks meet the same local names."""
    ours = list(tree.iter(etree.Element))
    numbered: dict[int, etree._Element] = {}
    node: _Node | None = root
    while node is not None:
        index = len(numbered)
        if (
            index >= len(ours)
            or (node.name or b"").decode() != str(ours[index].tag).rpartition("}")[2]
        ):
            return None
        numbered[ctypes.addressof(node)] = ours[index]
        node = _following(node)
    return numbered if len(numbered) == len(ours) else None


def _following(node: _Node) -> _Node | None:
    """The next element node in document order."""
    child = _first_element(node.children)
    if child is not None:
        return child
    while True:
        sibling = _first_element(node.next)
        if sibling is not None:
            return sibling
        if not node.parent or node.parent.contents.type != _ELEMENT:
            return None
        node = node.parent.contents


def _first_element(pointer: ctypes._Pointer[_Node]) -> _Node | None:
    while pointer:
        node = pointer.contents
        if node.type == _ELEMENT:
            return node
        pointer = node.next
    return None
