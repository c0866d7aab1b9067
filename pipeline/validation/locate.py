"""Positions for validation issues: readable element paths, and the line and
column of an element's start tag (or of one of its attributes) recovered from
the source text, since libxml2 reports column 0 and Schematron no line at all."""

from __future__ import annotations

import re

from lxml import etree


def element_path(el: etree._Element) -> str:
    """``/TEI/text/body/div[3]/p[2]``: local names, with a position only where
    siblings share the name."""
    steps = []
    node: etree._Element | None = el
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is None:
            steps.append(name)
        else:
            same = [s for s in parent if isinstance(s.tag, str) and s.tag == node.tag]
            steps.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
        node = parent
    return "/" + "/".join(reversed(steps))


class SourceText:
    """The lines of one document, for mapping elements back to columns."""

    def __init__(self, data: bytes, tree: etree._ElementTree | None) -> None:
        self.data = data
        self.tree = tree
        self._lines: list[str] | None = None
        self._by_line: dict[int, list[etree._Element]] | None = None

    def line_text(self, line: int) -> str:
        if self._lines is None:  # split only when an issue needs a column
            self._lines = self.data.decode("utf-8", "replace").splitlines()
        return self._lines[line - 1] if 0 < line <= len(self._lines) else ""

    def _elements_on(self, line: int) -> list[etree._Element]:
        if self._by_line is None:
            self._by_line = {}
            if self.tree is not None:
                for el in self.tree.iter():
                    if isinstance(el.tag, str) and el.sourceline:
                        self._by_line.setdefault(el.sourceline, []).append(el)
        return self._by_line.get(line, [])

    def column_of(self, el: etree._Element, attribute: str | None = None) -> int:
        """1-based column of ``el``'s start tag (or of ``attribute`` in it);
        1 if the source does not show it."""
        line = el.sourceline or 0
        text = self.line_text(line)
        qname = (
            etree.QName(el).localname
            if not el.prefix
            else f"{el.prefix}:{etree.QName(el).localname}"
        )
        same = [e for e in self._elements_on(line) if e.tag == el.tag]
        nth = same.index(el) if el in same else 0
        starts = [m.start() for m in re.finditer(rf"<{re.escape(qname)}(?=[\s/>]|$)", text)]
        if not starts:
            return 1
        start = starts[min(nth, len(starts) - 1)]
        if attribute:
            m = re.compile(rf"\s({re.escape(attribute)})\s*=").search(text, start)
            end = text.find(">", start)
            if m and (end < 0 or m.start() < end):
                return m.start(1) + 1
        return start + 1

    def element_before(self, line: int, column: int) -> tuple[etree._Element, int] | None:
        """The element whose start tag is the last one opened on ``line``
        before ``column`` (jing reports the end of a start tag), and the
        column where that tag starts."""
        text = self.line_text(line)
        start = text.rfind("<", 0, max(column - 1, 0))
        if start < 0 or not re.match(r"<[^\s/!?]", text[start:]):
            return None
        for el in self._elements_on(line):
            if self.column_of(el) == start + 1:
                return el, start + 1
        return None
