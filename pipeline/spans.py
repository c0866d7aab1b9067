"""Inline markup by character offsets on mixed content.

Every pass that adds inline markup (corrections, quotations, foreign phrases,
dates, entities) finds its matches in the flat text of an element and then asks
``wrap_span`` to put an element around ``[start, end)``.  The flat text is the
element's text with its descendants' text, read in one of two modes:

- ``"diplomatic"``: a ``choice`` contributes its ``sic``/``orig``/``abbr``;
- ``"reading"``: a ``choice`` contributes its ``corr``/``reg``/``expan``.

A ``note`` contributes nothing (it is read as a container of its own) and an
``lb`` a space, unless ``@break="no"``.  ``wrap_span`` refuses, rather than
breaking well-formedness, when a span would cross an element boundary.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from pipeline.tei import ASIDES, ATOMIC, BLOCKS, TEI_NS

DIPLOMATIC = "diplomatic"
READING = "reading"

_CHOICE_PICK = {
    DIPLOMATIC: ("sic", "orig", "abbr"),
    READING: ("corr", "reg", "expan"),
}
# Children that add nothing to their parent's flat text: a note is read as a
# container of its own.
SILENT = ASIDES
_SPECIAL = frozenset({"lb", "choice"})


def local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return _local_name(tag)


@lru_cache(maxsize=4096)
def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _choice_branch(el: etree._Element, mode: str) -> etree._Element | None:
    children = [c for c in el if isinstance(c.tag, str)]
    for wanted in _CHOICE_PICK[mode]:
        for child in children:
            if local(child) == wanted:
                return child
    return children[0] if children else None


def text_of(el: etree._Element, mode: str = DIPLOMATIC, *, blocks: bool = False) -> str:
    """The flat text inside ``el`` (its tail excluded), read in ``mode``.

    With ``blocks``, block-level elements are set off by spaces, so that the
    words of a whole document can be read from the string; offsets for
    ``wrap_span`` come from the default reading."""
    if not isinstance(el.tag, str):
        return ""
    if not len(el) and not blocks:
        name = local(el)
        if name not in _SPECIAL:
            return el.text or ""  # a leaf, the common case: no list, no join
    name = local(el)
    if name == "lb":
        return "" if el.get("break") == "no" else " "
    if name == "choice":
        branch = _choice_branch(el, mode)
        return text_of(branch, mode) if branch is not None else ""
    parts = [el.text or ""]
    for child in el:
        if blocks or local(child) not in SILENT:
            parts.append(text_of(child, mode, blocks=blocks))
        parts.append(child.tail or "")
    if blocks and name in BLOCKS:
        return " " + "".join(parts) + " "
    return "".join(parts)


def child_length(child: etree._Element, mode: str = DIPLOMATIC) -> int:
    """How many characters ``child`` adds to its parent's flat text."""
    return 0 if local(child) in SILENT else len(text_of(child, mode))


def _segments(el: etree._Element, mode: str) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of each child of ``el`` in its flat text."""
    pos = len(el.text or "")
    spans = []
    for child in el:
        length = child_length(child, mode)
        spans.append((pos, pos + length))
        pos += length + len(child.tail or "")
    return spans


def _get_seg(el: etree._Element, children: list[etree._Element], i: int) -> str:
    return (el.text if i == 0 else children[i - 1].tail) or ""


def _set_seg(el: etree._Element, children: list[etree._Element], i: int, value: str) -> None:
    if i == 0:
        el.text = value or None
    else:
        children[i - 1].tail = value or None


Span = tuple[int, int, etree._Element]


@dataclass(frozen=True)
class _Rules:
    mode: str
    no_enter: frozenset[str]
    no_enclose: frozenset[str]


@dataclass
class _Map:
    """Where ``el``'s children lie in its flat text, computed once per batch."""

    children: list[etree._Element]
    starts: list[int]
    ends: list[int]
    total: int

    @classmethod
    def of(cls, el: etree._Element, mode: str) -> _Map:
        children = list(el)
        spans = _segments(el, mode)
        total = spans[-1][1] + len(children[-1].tail or "") if spans else len(el.text or "")
        return cls(children, [a for a, _ in spans], [b for _, b in spans], total)

    def text_position(self, offset: int) -> tuple[int, int] | None:
        """(segment, offset in it) if ``offset`` falls in a text segment (the
        first such segment), else None: it lies strictly inside a child."""
        i = bisect.bisect_left(self.starts, offset)
        seg_start = self.ends[i - 1] if i else 0
        if seg_start <= offset:
            return i, offset - seg_start
        return None

    def child_holding(self, start: int, end: int) -> int | None:
        """The child whose flat text holds all of ``[start, end)``."""
        k = bisect.bisect_left(self.starts, end) - 1
        while k >= 0 and self.starts[k] <= start:
            if end <= self.ends[k]:
                return k
            k -= 1
        return None


def wrap_spans(
    el: etree._Element,
    spans: Sequence[Span],
    *,
    mode: str = DIPLOMATIC,
    no_enter: Iterable[str] = ATOMIC,
    no_enclose: Iterable[str] = (),
) -> list[bool]:
    """Wrap each ``(start, end, new)`` of ``spans`` as ``wrap_span`` would, in
    one pass over ``el``: the spans must be sorted and must not overlap.
    Returns, for each span, whether it was wrapped.

    Time is linear in the size of ``el`` plus the number of spans: the flat
    text's layout is read once, and the spans are wrapped from the last to
    the first, so that each wrap leaves the layout before it untouched."""
    done = [False] * len(spans)
    if not spans:
        return done
    rules = _Rules(mode, frozenset(no_enter), frozenset(no_enclose))
    _wrap_all(el, [(i, s) for i, s in enumerate(spans)], rules, done)
    return done


def _wrap_all(
    el: etree._Element, spans: list[tuple[int, Span]], rules: _Rules, done: list[bool]
) -> None:
    layout = _Map.of(el, rules.mode)
    here: list[tuple[int, tuple[int, int], tuple[int, int], etree._Element]] = []
    inside: dict[int, list[tuple[int, Span]]] = {}
    for index, (start, end, new) in spans:
        if not 0 <= start < end <= layout.total:
            continue
        begin, finish = layout.text_position(start), layout.text_position(end)
        if begin is not None and finish is not None:
            here.append((index, begin, finish, new))
            continue
        k = layout.child_holding(start, end)
        if k is None:
            continue
        child = layout.children[k]
        if local(child) in rules.no_enter or not isinstance(child.tag, str):
            continue
        shift = layout.starts[k]
        inside.setdefault(k, []).append((index, (start - shift, end - shift, new)))
    for k, group in inside.items():
        _wrap_all(layout.children[k], group, rules, done)
    texts = _Texts(el, layout.children)
    for index, begin, finish, new in reversed(here):
        done[index] = _wrap_here(texts, begin, finish, new, rules)
    texts.store()


class _Texts:
    """The text segments of an element while spans are wrapped from right to
    left: each segment is read once and written back once (``store``), and a
    wrap only cuts the segment's end (``cut``), so that many spans in one long
    segment cost time linear in its length, not in its length times theirs."""

    def __init__(self, el: etree._Element, children: list[etree._Element]) -> None:
        self.el = el
        self.children = children
        self.text: dict[int, str] = {}
        self.cut: dict[int, int] = {}

    def get(self, i: int) -> tuple[str, int]:
        if i not in self.text:
            text = _get_seg(self.el, self.children, i)
            self.text[i], self.cut[i] = text, len(text)
        return self.text[i], self.cut[i]

    def take(self, i: int, start: int, end: int | None = None) -> tuple[str, str]:
        """The segment's text in ``[start, end)`` and from ``end`` to its
        current end; the segment now ends at ``start``."""
        text, cut = self.get(i)
        end = cut if end is None else end
        self.cut[i] = start
        return text[start:end], text[end:cut]

    def close(self, i: int, end: int) -> str:
        """Segment ``i`` leaves the element (its owner is moved): its text
        from ``end`` on; its owner keeps the part before."""
        text, cut = self.get(i)
        self.children[i - 1].tail = text[:end] or None
        del self.text[i], self.cut[i]
        return text[end:cut]

    def store(self) -> None:
        for i, text in self.text.items():
            _set_seg(self.el, self.children, i, text[: self.cut[i]])


def _wrap_here(
    texts: _Texts,
    begin: tuple[int, int],
    finish: tuple[int, int],
    new: etree._Element,
    rules: _Rules,
) -> bool:
    (i, oi), (j, oj) = begin, finish
    if j < i or (i == j and oj < oi):
        return False
    children = texts.children
    moved = children[i:j]
    if any(local(c) in rules.no_enclose for c in moved):
        return False
    if i == j:
        inner, tail = texts.take(i, oi, oj)
        new.text, new.tail = inner or None, tail or None
    else:
        tail = texts.close(j, oj)
        inner, _ = texts.take(i, oi)
        new.text = inner or None
        for child in moved:
            new.append(child)  # lxml moves the child with its tail
        new.tail = tail or None
    if i == 0:
        texts.el.insert(0, new)
    else:
        children[i - 1].addnext(new)
    return True


def wrap_span(
    el: etree._Element,
    start: int,
    end: int,
    new: etree._Element,
    *,
    mode: str = DIPLOMATIC,
    no_enter: Iterable[str] = ATOMIC,
    no_enclose: Iterable[str] = (),
) -> bool:
    """Wrap the flat-text span ``[start, end)`` of ``el`` in ``new``.

    Returns False, changing nothing, when the span would cross an element
    boundary, enter an element named in ``no_enter`` or enclose one named in
    ``no_enclose``.  ``new`` must be empty; it receives the span's content.
    """
    if start >= end:
        return False
    return wrap_spans(el, [(start, end, new)], mode=mode, no_enter=no_enter, no_enclose=no_enclose)[
        0
    ]


def make(tag: str, attrib: dict[str, str] | None = None) -> etree._Element:
    """A new, empty TEI element."""
    nsmap = {None: TEI_NS}  # the default namespace, which lxml-stubs does not type
    return etree.Element(f"{{{TEI_NS}}}{tag}", attrib or {}, nsmap=nsmap)  # type: ignore[arg-type]


def unwrap(el: etree._Element) -> None:
    """Replace ``el`` by its content (text, children and tail kept in place)."""
    parent = el.getparent()
    assert parent is not None
    previous = el.getprevious()
    _add_text(parent, previous, el.text)
    children = list(el)
    at = parent.index(el)
    for offset, child in enumerate(children):
        parent.insert(at + offset, child)  # moved with its tail
    tail = el.tail
    parent.remove(el)
    _add_text(parent, children[-1] if children else previous, tail)


def _add_text(parent: etree._Element, after: etree._Element | None, text: str | None) -> None:
    """Add ``text`` just after ``after`` (None: at the start of ``parent``)."""
    if not text:
        return
    if after is None:
        parent.text = (parent.text or "") + text
    else:
        after.tail = (after.tail or "") + text
