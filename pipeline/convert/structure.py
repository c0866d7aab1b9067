"""The body's structure from its blocks: divisions with their headings,
paragraphs, block quotations and verse, lists and tables, letters' openers
and closers, section breaks, and the notes (in ``back`` when the page has
them under a heading at its end).

Sections are separated by two or more blank lines or by a rule ("* * *",
"______"); a heading opens a division at its level: "Part 2" above
"VI. Title" above "(2) Title." and "No. 1."; an unnumbered heading opens a
section one level below the numbered division it is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.convert import blocks as B
from pipeline.convert.elements import text_el
from pipeline.convert.layout import Line
from pipeline.convert.notes import Notes
from pipeline.spans import make
from pipeline.tei import tei

MAX_LINE_PARAGRAPH = 100
# A run-in heading: a few words closed by a stop or a colon, then a dash.
RUN_IN = re.compile(r"^(?P<head>[A-Z][^.!?:;]{1,80}[.:])\s?(?=[–—]\s|--\s)")


@dataclass
class _Div:
    el: etree._Element
    level: int
    numbered: bool = False
    blocks: int = 0  # paragraphs, quotations, lists … so far
    tops: int = 0  # heads, openers, epigraphs so far
    closed: bool = False  # a closer ended it: what follows opens a new division
    n: str | None = None  # the number its heading gives it
    kids: list[_Div] = field(default_factory=list)

    @property
    def fresh(self) -> bool:
        return not self.blocks and not self.tops and not self.closed


class Builder:
    def __init__(self, author: str, text: etree._Element) -> None:
        self.body = etree.SubElement(text, tei("body"))
        self.root = _Div(self.body, 0)
        self.stack: list[_Div] = []
        self.author = author
        self.notes = Notes(text)

    # -- divisions -------------------------------------------------------------------
    def parent_for(self, level: int) -> _Div:
        """The division a new one at ``level`` goes into: one above it that
        no closer has ended (a point needs a section around it)."""
        while self.stack and (self.stack[-1].level >= level or self.stack[-1].closed):
            self.stack.pop()
        if level == 3 and not any(d.level == 2 for d in self.stack):
            self.open(2, "section", None)
        return self.stack[-1] if self.stack else self.root

    def open(self, level: int, kind: str, n: str | None, numbered: bool = False) -> _Div:
        parent = self.parent_for(level)
        el = make("div", {"type": kind})
        parent.el.append(el)
        div = _Div(el, level, numbered, n=n)
        parent.kids.append(div)
        self.stack.append(div)
        return div

    def close(self) -> None:
        """A body that holds only an epigraph gets a division around it (a
        body needs text or divisions)."""
        if not self.root.kids and len(self.body):
            div = self.open(2, "section", None)
            for child in [c for c in self.body if c is not div.el]:
                div.el.append(child)
        self.number()

    def number(self, div: _Div | None = None) -> None:
        """``@n`` of every division, unique among its siblings: the number of
        its heading, or, where no sibling has one, its place among them."""
        div = div or self.root
        numbered = any(kid.numbered for kid in div.kids)
        seen: set[str] = set()
        for place, kid in enumerate(div.kids, start=1):
            n = kid.n if kid.numbered else (None if numbered else str(place))
            if n is not None:
                base, k = n, 1
                while n in seen:
                    k += 1
                    n = f"{base}.{k}"
                seen.add(n)
                kid.el.set("n", n)
            self.number(kid)

    def section_level(self) -> int:
        """One below the deepest numbered chapter or part, else 2."""
        for div in reversed(self.stack):
            if div.numbered and div.level <= 2:
                return div.level + 1
        return 2

    def new_section(self) -> _Div:
        return self.open(self.section_level(), "section", None)

    def at_start(self) -> bool:
        """Nothing but headings yet in the division being filled."""
        return not self.stack or (not self.stack[-1].blocks and not self.stack[-1].closed)

    def has_text(self) -> bool:
        """The division being filled has text that a closer could end."""
        return bool(self.stack) and self.stack[-1].blocks > 0 and not self.stack[-1].closed

    def under_head(self) -> bool:
        top = self.stack[-1] if self.stack else None
        return top is not None and top.tops > 0 and not top.blocks and not top.closed

    def current(self) -> _Div:
        if not self.stack or self.stack[-1].closed:
            return self.new_section()
        return self.stack[-1]

    def for_top(self) -> _Div:
        """A division that can still take a head, an opener or an epigraph."""
        div = self.current()
        if div.blocks:
            div = self.open(div.level, "section", None)
        return div

    # -- what a block becomes ----------------------------------------------------------
    def heading(self, head: B.Heading) -> None:
        top = self.stack[-1] if self.stack else None
        if head.level:
            reuse = top is not None and top.fresh and top.level == head.level
            div = (
                top if reuse and top is not None else self.open(head.level, head.kind, head.n, True)
            )
            if reuse and div is not None:
                div.el.set("type", head.kind)
                div.numbered, div.n = True, head.n
        elif top is not None and not top.blocks and not top.closed and (top.tops or top.fresh):
            div = top  # a second heading, or a section just opened by a break
        else:
            div = self.new_section()
        div.el.append(text_el("head", head.text))
        div.tops += 1

    def block(self, el: etree._Element) -> None:
        div = self.current()
        div.el.append(el)
        div.blocks += 1

    def top(self, el: etree._Element) -> None:
        if not self.stack and not self.root.kids and el.tag == tei("epigraph"):
            self.body.append(el)  # the text's own epigraph, before any division
            return
        div = self.for_top()
        div.el.append(el)
        div.tops += 1

    def bottom(self, el: etree._Element) -> None:
        div = self.current()
        div.el.append(el)
        div.closed = True

    def rule(self, text: str) -> None:
        div = self.new_section()
        div.el.append(make("milestone", {"unit": "section", "rend": text}))

    def paragraphs(self, lines: tuple[Line, ...]) -> None:
        texts = [line.text.strip() for line in lines]
        if len(texts) > 1 and max(map(len, texts)) <= MAX_LINE_PARAGRAPH:
            texts = [" ".join(texts)]  # a hard-wrapped paragraph
        for text in texts:
            self.block(paragraph(text))


def paragraph(text: str) -> etree._Element:
    """``p``, its run-in heading ("Mixed enterprises. – These include …") in a
    ``seg`` of its own."""
    p = make("p")
    m = RUN_IN.match(text) if len(text) < 100000 else None
    if m is None:
        p.text = text
        return p
    p.append(text_el("seg", m["head"], type="run-in"))
    p[0].tail = text[m.end("head") :]
    return p
