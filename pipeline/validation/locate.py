"""Positions for validation issues: the line and column of every element's
start tag (and of its attributes), and readable element paths, worked out
once per document from its source text, so that reporting many issues costs
no more than reporting one (libxml2 reports column 0, Schematron no line).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from itertools import accumulate, compress, islice

from lxml import etree

from pipeline.tei import TEI_NS

# What can hold a "<" that opens no element, then a start tag's name.
_MARKUP = re.compile(
    r"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|<([^\s/>!?][^\s/>]*))",
    re.DOTALL,
)
_START_TAG = re.compile("<[^/!?]")  # a start tag, unless inside other markup
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 code units each
_PREFIX = re.compile("[^\0:]*:")  # a written name's prefix
_NAMESPACE = re.compile("{[^}]*}")  # a parsed name's namespace
_TEI = f"{{{TEI_NS}}}"  # the namespace most names have
_UTF8 = {"UTF8", "USASCII", "ASCII"}  # encodings as lxml names them, without "-"
_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')""")


def qualified_name(el: etree._Element) -> str:
    """The element's name as written: ``p``, ``xi:include``."""
    local = etree.QName(el).localname
    return f"{el.prefix}:{local}" if el.prefix else local


class Positions:
    """Where each element of one parsed document starts in its source.

    The n-th start tag of the text is the n-th element of the tree; when the
    two disagree (an entity that expands to markup), each element is found
    on its own line instead."""

    def __init__(self, data: bytes, tree: etree._ElementTree | None) -> None:
        self.data = data
        self.tree = tree
        self._text: str | None = None
        self._starts: dict[etree._Element, int] | None = None  # element -> offset of "<"
        self._line_starts: list[int] | None = None
        self._attributes: dict[etree._Element, dict[str, int]] = {}
        self._indices: dict[tuple[etree._Element, object], dict[etree._Element, int]] = {}
        self._sorted: tuple[list[int], list[etree._Element]] | None = None
        self._paths: dict[etree._Element, str] = {}
        self._elements: list[etree._Element] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.data.decode("utf-8", "replace")
        return self._text

    def _lines(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        return self._line_starts

    def line_text(self, line: int) -> str:
        starts = self._lines()
        if not 0 < line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end]

    def _offsets(self) -> dict[etree._Element, int]:
        if self._starts is None:
            self._starts = self._scan()
        return self._starts

    @property
    def elements(self) -> list[etree._Element]:
        """Every element of the tree, in document order (listed once)."""
        if self._elements is None:
            self._elements = [] if self.tree is None else list(self.tree.iter(etree.Element))
        return self._elements

    def _scan(self) -> dict[etree._Element, int]:
        if self.tree is None:
            return {}
        elements = self.elements
        # Only a DTD can declare an entity that expands to markup: without
        # one, in a text read as it is encoded (UTF-8), each element has its
        # start tag in the text, and any other "<" that opens no end tag,
        # comment or processing instruction lies inside a comment, one of
        # those or a CDATA section. As many of them as elements: none does.
        plain = self._utf8() and "<!DOCTYPE" not in self.text
        if plain:
            offsets = [m.start() for m in _START_TAG.finditer(self.text)]
            if len(offsets) == len(elements):
                return dict(zip(elements, offsets))
        # text, markup, start tag's name (or None), text, ...: offsets summed
        # from the lengths, the names compared joined, without a loop here.
        pieces = _MARKUP.split(self.text)
        lengths = [0] * (len(pieces) // 3 * 2)
        lengths[0::2] = map(len, pieces[0:-1:3])
        lengths[1::2] = map(len, pieces[1::3])
        names = pieces[2::3]
        offsets = list(compress(islice(accumulate(lengths), 0, None, 2), names))
        # As many start tags as elements are the elements, one for one, in a
        # plain text (above); otherwise their names are compared too (the
        # bytes of another encoding can read as markup).
        if len(offsets) == len(elements) and (plain or _local(names, elements)):
            return dict(zip(elements, offsets))
        return self._by_line(elements)

    def _utf8(self) -> bool:
        """Whether the document is UTF-8 (or ASCII), as ``text`` reads it."""
        encoding = self.tree.docinfo.encoding if self.tree is not None else None
        return (encoding or "UTF-8").upper().replace("-", "") in _UTF8

    def _by_line(self, elements: list[etree._Element]) -> dict[etree._Element, int]:
        """Each element found among the start tags of its own line (libxml2's
        line: where the start tag ends)."""
        found: dict[etree._Element, int] = {}
        seen: dict[tuple[int, str], int] = {}  # (line, name) -> tags of that name used
        starts = self._lines()
        for el in elements:
            line, name = _line(el), qualified_name(el)
            text = self.line_text(line)
            nth = seen.get((line, name), 0)
            seen[(line, name)] = nth + 1
            matches = list(re.finditer(rf"<{re.escape(name)}(?=[\s/>]|$)", text))
            if matches:
                found[el] = starts[line - 1] + matches[min(nth, len(matches) - 1)].start()
        return found

    def from_utf16(self, line: int, column: int) -> int:
        """The column, in characters, of ``column`` on ``line`` counted in
        UTF-16 code units, as Java counts (a character beyond the Basic
        Multilingual Plane is two of them)."""
        text = self.line_text(line)
        if not _ASTRAL.search(text):
            return column
        units = 0
        for index, char in enumerate(text):
            if units >= column - 1:
                return index + 1
            units += 2 if char > "\uffff" else 1
        return len(text) + 1 + max(column - 1 - units, 0)

    def _line_column(self, offset: int) -> tuple[int, int]:
        starts = self._lines()
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def place(self, el: etree._Element, attribute: str | None = None) -> tuple[int, int]:
        """(line, column), 1-based, of ``el``'s start tag or of ``attribute`` in it;
        the element's own line and column 1 if the source does not show it."""
        offset = self._offsets().get(el)
        if offset is None:
            return _line(el) or 1, 1
        if attribute:
            offset = self._attribute_offsets(el, offset).get(attribute, offset)
        return self._line_column(offset)

    def column_of(self, el: etree._Element, attribute: str | None = None) -> int:
        return self.place(el, attribute)[1]

    def _attribute_offsets(self, el: etree._Element, start: int) -> dict[str, int]:
        if el not in self._attributes:
            found: dict[str, int] = {}
            position = start + 1 + len(qualified_name(el))
            while m := _ATTRIBUTE.match(self.text, position):
                found.setdefault(m.group(1), m.start(1))
                position = m.end()
            self._attributes[el] = found
        return self._attributes[el]

    def element_before(self, line: int, column: int) -> tuple[etree._Element, int] | None:
        """The element whose start tag is the last one opened on ``line``
        before ``column`` (jing reports the end of a start tag), and the
        column where that tag starts."""
        starts = self._lines()
        if not 0 < line <= len(starts):
            return None
        if self._sorted is None:
            pairs = sorted((offset, n) for n, offset in enumerate(self._offsets().values()))
            elements = list(self._offsets())
            self._sorted = ([o for o, _ in pairs], [elements[n] for _, n in pairs])
        offsets, elements = self._sorted
        end = starts[line - 1] + max(column - 1, 0)
        index = bisect.bisect_left(offsets, end) - 1
        if index < 0 or self.text.rfind("<", 0, end) != offsets[index]:
            return None
        return elements[index], self._line_column(offsets[index])[1]

    def path(self, el: etree._Element) -> str:
        """``/TEI/text/body/div[3]/p[2]``: local names, with a position only
        where siblings share the name (each ancestor's path worked out once)."""
        known = self._paths.get(el)
        if known is not None:
            return known
        tag = el.tag
        if isinstance(tag, str):
            name = tag.rpartition("}")[2]
        else:  # a comment or processing instruction (a rule's context may be one)
            name = "comment()" if tag is etree.Comment else "processing-instruction()"
        parent = el.getparent()
        if parent is None:
            path = f"/{name}"
        else:
            same = self._same_named(parent, tag)
            step = f"{name}[{same[el]}]" if len(same) > 1 else name
            path = f"{self.path(parent)}/{step}"
        self._paths[el] = path
        return path

    def _same_named(self, parent: etree._Element, tag: object) -> dict[etree._Element, int]:
        """The children of ``parent`` named ``tag``, each with its position
        among them (found in C, once per parent and name)."""
        key = (parent, tag)
        found = self._indices.get(key)
        if found is None:
            if isinstance(tag, str) and not tag.startswith("{*}") and tag.count("}") < 2:
                children: Iterable[etree._Element] = parent.iterchildren(tag)
            else:  # a name lxml would read as a pattern ("{*}p": any namespace), or no name
                children = (child for child in parent if child.tag == tag)
            found = self._indices[key] = {child: n for n, child in enumerate(children, 1)}
        return found


def _local(written: list[str | None], elements: list[etree._Element]) -> bool:
    """Whether the start tags written (None: other markup) name the elements
    parsed, one for one (local names compared, joined)."""
    names = "\0".join(filter(None, written))
    if ":" in names:
        names = _PREFIX.sub("", names)
    tags = "\0".join([str(el.tag) for el in elements])
    if "{" in tags:
        tags = _NAMESPACE.sub("", tags.replace(_TEI, ""))
    return names == tags


def _line(el: etree._Element) -> int:
    line = el.sourceline
    return line if isinstance(line, int) else 0


def element_path(el: etree._Element) -> str:
    """The path of one element (for a single issue; ``Positions.path`` for many)."""
    return Positions(b"", None).path(el)
