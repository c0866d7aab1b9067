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

from collections.abc import Iterable

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


def local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
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


def _get_seg(el: etree._Element, i: int) -> str:
    return (el.text if i == 0 else el[i - 1].tail) or ""


def _set_seg(el: etree._Element, i: int, value: str) -> None:
    if i == 0:
        el.text = value or None
    else:
        el[i - 1].tail = value or None


def _text_position(spans: list[tuple[int, int]], offset: int, total: int) -> tuple[int, int] | None:
    """(segment index, offset in it) if ``offset`` falls in a text segment."""
    seg_start = 0
    for i, (c_start, c_end) in enumerate(spans):
        if seg_start <= offset <= c_start:
            return i, offset - seg_start
        seg_start = c_end
    if seg_start <= offset <= total:
        return len(spans), offset - seg_start
    return None


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
    no_enter = frozenset(no_enter)
    no_enclose = frozenset(no_enclose)
    spans = _segments(el, mode)
    total = len(text_of(el, mode))
    if not 0 <= start < end <= total:
        return False
    begin = _text_position(spans, start, total)
    finish = _text_position(spans, end, total)
    if begin is None or finish is None:
        # At least one end lies strictly inside a child: recurse if both do.
        for child, (c_start, c_end) in zip(el, spans):
            if c_start <= start and end <= c_end:
                if local(child) in no_enter or not isinstance(child.tag, str):
                    return False
                return wrap_span(
                    child,
                    start - c_start,
                    end - c_start,
                    new,
                    mode=mode,
                    no_enter=no_enter,
                    no_enclose=no_enclose,
                )
        return False
    (i, oi), (j, oj) = begin, finish
    if j < i or (i == j and oj < oi):
        return False
    moved = list(el[i:j])  # type: ignore[index]  # lxml-stubs lack _Element's slices
    if any(local(c) in no_enclose for c in moved):
        return False
    first, last = _get_seg(el, i), _get_seg(el, j)
    if i == j:
        _set_seg(el, i, first[:oi])
        new.text = first[oi:oj] or None
        new.tail = first[oj:] or None
        el.insert(i, new)
        return True
    _set_seg(el, i, first[:oi])
    new.text = first[oi:] or None
    for child in moved:
        new.append(child)  # lxml moves the child with its tail
    moved[-1].tail = last[:oj] or None
    new.tail = last[oj:] or None
    el.insert(i, new)
    return True


def make(tag: str, attrib: dict[str, str] | None = None) -> etree._Element:
    """A new, empty TEI element."""
    # lxml-stubs type nsmap keys as str; None is lxml's key for the default namespace
    return etree.Element(f"{{{TEI_NS}}}{tag}", attrib or {}, nsmap={None: TEI_NS})  # type: ignore[dict-item]
