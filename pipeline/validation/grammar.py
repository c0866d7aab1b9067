"""RelaxNG schema files: loaded safely, refused when too deep, and reduced to
the element names a batch of documents uses.

Every schema file and every file it includes is read through ``xmlio``'s
bounded reader first (a FIFO, device or huge file is refused, never opened by
libxml2), and a schema whose patterns nest deeper than ``MAX_DEPTH`` (through
chains of references) is refused with a message: libxml2 and jing recurse on
them and crash.

Reduction: an ``element`` pattern whose name class matches no element of the
documents can never match there, so it is replaced by ``notAllowed``, and so
is every pattern that needs it (a group, a reference to a define that is
empty then); choices drop such alternatives, optional parts become empty.
On those documents the reduced grammar accepts exactly what the whole one
accepts. tei_all (580 elements, ~12 s for libxml2 to compile) shrinks to the
few dozen a text uses. Only self-contained grammars are reduced (no include,
no combine, no nested grammar); others are compiled whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.errors import InputError, ResourceError
from pipeline.xmlio import read_file, safe_parser

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG_NS}}}"
MAX_DEPTH = 2000
_INCLUDES = (f"{_R}include", f"{_R}externalRef")
_NOT_SIMPLE = (*_INCLUDES, f"{_R}parentRef")
_EMPTY = f"{_R}empty"
# Copied whole: references, leaves, and what holds no element pattern.
_LEAVES = ("ref", "empty", "text", "notAllowed", "attribute", "data", "value", "list")


_loaded: dict[tuple[str, int, int], etree._ElementTree] = {}


def load_schema(path: Path, max_depth: int = MAX_DEPTH) -> etree._ElementTree:
    """The parsed schema at ``path``, its includes checked; ``ResourceError`` if
    unusable. Kept per process while the file is unchanged (not to be modified)."""
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _loaded:
        return _loaded[key]
    doc = _checked(path, max_depth)
    if key is not None:
        _loaded[key] = doc
    return doc


def _checked(path: Path, max_depth: int) -> etree._ElementTree:
    doc = _parse(path)
    _check_includes(doc, path, set())
    depth = nesting_depth(doc)
    if depth > max_depth:
        raise ResourceError(
            f"{path}: cannot load RelaxNG schema: its patterns nest {depth} deep through"
            f" references, over the limit of {max_depth}"
        )
    return doc


def _parse(path: Path) -> etree._ElementTree:
    try:
        data = read_file(path)
        return etree.fromstring(data, safe_parser(), base_url=str(path.resolve())).getroottree()
    except InputError as exc:
        raise ResourceError(f"{path}: cannot load RelaxNG schema: {exc.message}") from None
    except etree.XMLSyntaxError as exc:
        raise ResourceError(f"{path}: cannot load RelaxNG schema: {exc}") from None


def _check_includes(doc: etree._ElementTree, path: Path, seen: set[Path]) -> None:
    """Every file ``doc`` includes, and those they include, must be readable."""
    for node in doc.iter(*_INCLUDES):
        href = node.get("href", "")
        target = (path.parent / href).resolve() if "://" not in href else None
        if target is None:
            raise ResourceError(f"{path}: includes {href}, which is not a local file")
        if target not in seen:
            seen.add(target)
            _check_includes(_parse(target), target, seen)


def nesting_depth(doc: etree._ElementTree) -> int:
    """How deep patterns nest, counting each reference as the define it names
    (the longest chain; a cycle counts once). Worked out without recursion:
    a 20,000-deep chain must be measured, not overflow the stack."""
    refs: dict[str, list[tuple[str, int]]] = {}
    for d in doc.iter(f"{_R}define"):
        found = refs.setdefault(d.get("name", ""), [])
        found += [(r.get("name", ""), _xml_depth(r, d)) for r in d.iter(f"{_R}ref")]
    memo: dict[str, int] = {}
    for top, below_top in refs.items():
        if top in memo:
            continue
        # frames: [define, its references left, deepest so far, reference awaited]
        stack: list[list[Any]] = [[top, iter(below_top), 0, None]]
        active = {top}
        while stack:
            frame = stack[-1]
            if frame[3] is not None:
                target, below = frame[3]
                frame[2], frame[3] = max(frame[2], below + memo[target]), None
            for target, below in frame[1]:
                if target in memo:
                    frame[2] = max(frame[2], below + memo[target])
                elif target in refs and target not in active:
                    frame[3] = (target, below)
                    stack.append([target, iter(refs[target]), 0, None])
                    active.add(target)
                    break
            else:
                stack.pop()
                active.discard(frame[0])
                memo[frame[0]] = frame[2] + 1
    return max(memo.values(), default=0)


def _xml_depth(node: etree._Element, top: etree._Element) -> int:
    depth = 0
    current: etree._Element | None = node
    while current is not None and current is not top:
        current = current.getparent()
        depth += 1
    return depth


# ---------------------------------------------------------------- reduction


def reducible(doc: etree._ElementTree) -> bool:
    root = doc.getroot()
    if root.tag != f"{_R}grammar":
        return False
    if any(True for _ in root.iter(*_NOT_SIMPLE)):
        return False
    if any(d.get("combine") for d in root.iter(f"{_R}define", f"{_R}start")):
        return False
    defined = {d.get("name") for d in root.iter(f"{_R}define")}
    if any(r.get("name") not in defined for r in root.iter(f"{_R}ref")):
        return False  # compiled whole, libxml2 says what is wrong
    return sum(1 for _ in root.iter(f"{_R}grammar")) == 1


class _Reducer:
    """Which patterns can match on documents with these element names."""

    def __init__(self, root: etree._Element, names: frozenset[str]) -> None:
        self.names = names
        self.defines = {d.get("name", ""): d for d in root.iter(f"{_R}define")}
        self.ok: set[str] = set()
        changed = True
        while changed:  # least fixed point: a define is usable once its body is
            changed = False
            for name, define in self.defines.items():
                if name not in self.ok and self.usable(define, container=True):
                    self.ok.add(name)
                    changed = True

    def usable(self, node: etree._Element, container: bool = False) -> bool:
        tag = node.tag[len(_R) :] if isinstance(node.tag, str) and node.tag.startswith(_R) else ""
        if container or tag in ("group", "interleave", "mixed", "oneOrMore", "list", "start"):
            return all(self.usable(c) for c in _patterns(node))
        if tag == "element":
            return self._named(node) and all(self.usable(c) for c in _patterns(node))
        if tag == "choice":
            return any(self.usable(c) for c in _patterns(node))
        if tag == "ref":
            return node.get("name", "") in self.ok
        return tag != "notAllowed"  # optional, zeroOrMore, attribute, data, text, empty, ...

    def _named(self, element: etree._Element) -> bool:
        name = element.get("name")
        if name is not None:
            return name.rpartition(":")[2] in self.names
        first = next((c for c in element if isinstance(c.tag, str)), None)
        return first is None or _name_class_matches(first, self.names)

    def emit(self, node: etree._Element) -> etree._Element | None:
        """A copy of ``node`` without what cannot match; None if nothing can."""
        tag = node.tag[len(_R) :] if isinstance(node.tag, str) and node.tag.startswith(_R) else ""
        if tag in ("optional", "zeroOrMore") and not self.usable(node, container=True):
            return etree.Element(f"{_R}empty")
        if tag not in ("define", "start", "optional", "zeroOrMore") and not self.usable(node):
            return None
        if tag in _LEAVES or not tag:
            return _copy(node)
        copy = etree.Element(node.tag, _attributes(node), nsmap=_nsmap(node))
        kids = list(_patterns(node))
        if tag == "element" and node.get("name") is None and kids:
            copy.append(_copy(kids[0]))  # the name class
            kids = kids[1:]
        for child in kids:
            out = self.emit(child)
            if out is None and tag != "choice":
                return None if tag not in ("define", "start") else _not_allowed(copy)
            if out is not None and (tag == "choice" or out.tag != _EMPTY):
                copy.append(out)  # empty in a sequence is nothing (and trips libxml2)
        return _tidied(copy, tag)


def _tidied(copy: etree._Element, tag: str) -> etree._Element:
    """``copy`` with ``empty`` where nothing is left; a choice with an empty
    alternative as optional; a group of one as that one (libxml2 compiles a
    reduced tei_all holding groups of one very slowly)."""
    if not any(True for _ in _patterns(copy)):
        copy.append(etree.Element(_EMPTY))
    if tag == "choice":
        copy = _optional_choice(copy)
    kids = list(_patterns(copy))
    if tag in ("group", "choice", "interleave") and len(kids) == 1 and not copy.attrib:
        return kids[0]
    return copy


def _optional_choice(choice: etree._Element) -> etree._Element:
    """A choice with an empty alternative as ``optional`` around the others
    (the same language, in the form the schemas themselves use)."""
    empties = [c for c in choice if c.tag == _EMPTY]
    if not empties or len(empties) == len(choice):
        return choice
    for c in empties:
        choice.remove(c)
    optional = etree.Element(f"{_R}optional")
    optional.append(choice)
    return optional


def _attributes(node: etree._Element) -> dict[str, str]:
    return {str(name): str(value) for name, value in node.attrib.items()}


def _nsmap(node: etree._Element) -> Any:
    """The namespaces in scope, as ``Element`` takes them (the default one under None)."""
    return dict(node.nsmap)


def _not_allowed(container: etree._Element) -> etree._Element:
    for child in list(container):
        container.remove(child)
    container.append(etree.Element(f"{_R}notAllowed"))
    return container


def _patterns(node: etree._Element) -> Iterable[etree._Element]:
    return (c for c in node if isinstance(c.tag, str) and c.tag.startswith(_R))


def _copy(node: etree._Element) -> etree._Element:
    import copy

    return copy.deepcopy(node)


def _name_class_matches(nc: etree._Element, names: frozenset[str]) -> bool:
    """Whether a name class may match one of ``names`` (by local name; when
    unsure, yes)."""
    tag = nc.tag[len(_R) :] if isinstance(nc.tag, str) else ""
    if tag == "name":
        return (nc.text or "").strip().rpartition(":")[2] in names
    if tag == "choice":
        return any(_name_class_matches(c, names) for c in _patterns(nc))
    return True  # anyName, nsName


def reduced(doc: etree._ElementTree, names: frozenset[str]) -> etree._ElementTree:
    """The grammar of ``doc`` reduced to elements named in ``names`` (the
    grammar itself when it cannot be reduced safely)."""
    if not reducible(doc):
        return doc
    root = doc.getroot()
    reducer = _Reducer(root, names)
    out = etree.Element(root.tag, _attributes(root), nsmap=_nsmap(root))
    start = reducer.emit(next(root.iter(f"{_R}start")))
    out.append(start if start is not None else _not_allowed(etree.Element(f"{_R}start")))
    emitted: dict[str, etree._Element] = {}
    todo = [r.get("name", "") for r in out.iter(f"{_R}ref")]
    while todo:
        name = todo.pop()
        if name in emitted or name not in reducer.defines:
            continue
        define = reducer.emit(reducer.defines[name])
        if define is not None:
            emitted[name] = define
            todo += [r.get("name", "") for r in define.iter(f"{_R}ref")]
    for name in sorted(emitted):
        out.append(emitted[name])
    return out.getroottree()


_TAG = re.compile(rb"<([^\s/>!?]+)")


def names_in(data: bytes) -> frozenset[str]:
    """The local names of the start tags in ``data`` (and of anything that
    looks like one in comments: more names only keep more of a grammar)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: tag names as UTF-8
        data = data.decode("utf-16", "replace").encode("utf-8")
    return frozenset(
        n.rpartition(b":")[2].decode("utf-8", "replace") for n in set(_TAG.findall(data))
    )
