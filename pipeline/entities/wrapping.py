"""Putting an entity element around a span of a container's flat text:
inside one text segment (the common case), inside one inline child, or
across the inline elements a name runs through.  Work is in proportion to
the part of the container touched, never to the whole, so that a paragraph
of thousands of names is marked in linear time."""

from __future__ import annotations

import bisect
import itertools

from lxml import etree

from pipeline import tei
from pipeline.spans import ATOMIC, READING, SILENT, child_length, local, wrap_span

ENTITY_TAGS = tei.ENTITY_NAMES
# Inside a container, these are never entered or overlapped.
BLOCKING = tei.ENTITY_NAMES | tei.OTHER_NAMES | tei.MEASURES | tei.POINTERS | {"label", "bibl"}
NO_ENTER = ATOMIC | tei.ENTITY_NAMES | {"name", "rs", "idno"}
# An entity element may only enclose phrase-level markup such as these.
ENCLOSABLE = tei.HIGHLIGHTS | tei.EDITORIAL | tei.TOKENS | (tei.MILESTONES - {"ptr"}) | {"note"}
# Phrase-level elements a name may run across (split into parts inside each).
_SPLITTABLE = tei.HIGHLIGHTS - {"term"}


def _child_ranges(el: etree._Element, mode: str, base: int = 0):
    """(start, end, element) of every descendant, in ``el``'s flat text."""
    pos = base + len(el.text or "")
    for child in el:
        length = child_length(child, mode)
        yield pos, pos + length, child
        if isinstance(child.tag, str) and local(child) not in ATOMIC | SILENT:
            yield from _child_ranges(child, mode, pos)
        pos += length + len(child.tail or "")


# Entity elements in any namespace, as ``local`` reads names.
_ANY_ENTITY = tuple(f"{{*}}{name}" for name in sorted(ENTITY_TAGS))


def _inside_entity(el: etree._Element) -> bool:
    return next(el.iterancestors(*_ANY_ENTITY), None) is not None


def _is_blocking(el: etree._Element) -> bool:
    name = local(el)
    if name == "title":
        parent = el.getparent()
        return el.get("level") in ("j", "m", "s") or (
            parent is not None and local(parent) == "bibl"
        )
    return name in BLOCKING


def _expanded(ranges, start: int, end: int) -> tuple[int, int] | None:
    """Grow a span to enclose the inline elements (q, hi) it cuts through."""
    new_start, new_end = start, end
    for s, e, el in ranges:
        if local(el) not in _SPLITTABLE:
            continue
        if s < start < e < end or (s < start and e == end):
            new_start = min(new_start, s)
        if start < s < end < e or (s == start and end < e):
            new_end = max(new_end, e)
    if (new_start, new_end) == (start, end):
        return None
    return new_start, new_end


def _text_segments(el: etree._Element) -> list[tuple[int, int]]:
    """(start, end) in the flat text of el.text and of each child's tail."""
    pos = len(el.text or "")
    segments = [(0, pos)]
    for child in el:
        pos += child_length(child, READING)
        tail = len(child.tail or "")
        segments.append((pos, pos + tail))
        pos += tail
    return segments


def segment_of(segments: list[tuple[int, int]], start: int, end: int) -> int | None:
    """The text segment of the container (0: its text, i: the tail of child
    i - 1) that holds ``start:end`` whole, if one does."""
    i = bisect.bisect_right(segments, (start, 1 << 62)) - 1
    if i < 0:
        return None
    s, e = segments[i]
    return i if s <= start and end <= e else None


def _wrap_in_text(
    el: etree._Element,
    kids: list[etree._Element],
    segments: list[tuple[int, int]],
    i: int,
    wraps: list[tuple[int, int, etree._Element]],
) -> None:
    """Wrap spans lying in text segment ``i`` of ``el`` (the common case),
    each (start, end, new element), in order: the segment's text is cut once,
    whatever the number of spans (cutting it once per span would copy it
    each time).  Segments left of ``i`` keep their offsets; ``kids`` is
    ``list(el)``, kept up to date (lxml finds a child by index in time
    proportional to the index)."""
    s = segments[i][0]
    value = (el.text if i == 0 else kids[i - 1].tail) or ""
    cuts = [start - s for start, _, _ in wraps[1:]] + [len(value)]
    for (start, end, new), after in zip(wraps, cuts, strict=True):
        new.text = value[start - s : end - s] or None
        new.tail = value[end - s : after] or None
    head = value[: wraps[0][0] - s] or None
    news = [new for _, _, new in wraps]
    if i == 0:
        el.text = head
        el.insert(0, news[0])
    else:
        kids[i - 1].tail = head
        kids[i - 1].addnext(news[0])
    for before, new in itertools.pairwise(news):
        before.addnext(new)
    kids[i:i] = news


def _wrap_in_child(el, kids, segments, start: int, end: int, new, no_enclose) -> bool | None:
    """Wrap a span lying inside one child of ``el`` (a q, a hi): work in
    proportion to the child, not to ``el``.  None: the span is not inside one."""
    i = bisect.bisect_right(segments, (start, 1 << 62)) - 1
    if i < 0 or i >= len(kids):
        return None
    c_start, c_end = segments[i][1], segments[i + 1][0]
    if not (c_start <= start and end <= c_end):
        return None
    child = kids[i]
    if start == c_start and end == c_end:  # the whole child: around it, as wrap_span would
        if local(child) not in ENCLOSABLE or any(
            isinstance(d.tag, str) and local(d) in no_enclose for d in child.iter()
        ):
            return None
        new.tail, child.tail = child.tail, None
        el.replace(child, new)
        new.append(child)
        kids[i] = new
        return True
    if local(child) in NO_ENTER or _is_blocking(child):
        return False
    return wrap_span(
        child,
        start - c_start,
        end - c_start,
        new,
        mode=READING,
        no_enter=NO_ENTER,
        no_enclose=no_enclose,
    )


def _wrap_anywhere(el, ranges, blocked, start: int, end: int, new, no_enclose, others) -> bool:
    """wrap_span, else inside the element whose whole text the span is, else
    around the inline elements (q, hi) the span cuts through."""
    if wrap_span(el, start, end, new, mode=READING, no_enter=NO_ENTER, no_enclose=no_enclose):
        return True
    inner = [
        (s, child)
        for s, e, child in ranges
        if s <= start
        and end <= e
        and local(child) not in NO_ENTER
        and local(child) not in ENCLOSABLE
        and not _is_blocking(child)
    ]
    if inner:
        s, child = inner[-1]
        return wrap_span(
            child, start - s, end - s, new, mode=READING, no_enter=NO_ENTER, no_enclose=no_enclose
        )
    grown = _expanded(ranges, start, end)
    if grown is None:
        return False
    current = _child_ranges(el, READING)  # includes names marked earlier in this run
    taken = blocked + [(s, e) for s, e, child in current if local(child) in ENTITY_TAGS]
    taken += [(s, e) for s, e in others if (s, e) != (start, end)]  # the other mentions
    if any(s < grown[1] and grown[0] < e for s, e in taken):
        return False
    return wrap_span(
        el, grown[0], grown[1], new, mode=READING, no_enter=NO_ENTER, no_enclose=no_enclose
    )
