"""What is not an entity, whatever its capitals: titles of works and
periodicals, events, source lines, URLs; and the spans already taken."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from pipeline.entities import names as n


def _periodicals(text: str) -> Iterable[tuple[int, int]]:
    for m in n.PERIODICAL_RE.finditer(text):
        if m.group(0) in n._PERIODICAL_WORDS_HEADS:
            run = n.PERIODICAL_BEFORE.search(text, max(0, m.start() - 80), m.start())
            if run:
                yield run.start(), m.end()
        else:
            yield m.span()


def _events(text: str) -> Iterable[tuple[int, int]]:
    for m in n.EVENT_RE.finditer(text):
        yield m.span()
    for m in n.EVENT_TAIL_RE.finditer(text):
        run = n.EVENT_RUN_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if run:
            yield run.start(), m.end()


def _works(text: str) -> Iterable[tuple[int, int]]:
    last = len(text) - 1
    for m in n.WORK_AFTER_REVERSED_RE.finditer(text[::-1]):
        title = n.WORK_TITLE_RE.match(text, last - m.start())
        if title:
            yield title.span()


def masks(text: str, words: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if ":" in text and not words.isdisjoint(n.SOURCE_WORDS):
        spans += [m.span(1) for m in n.SOURCE_LINE_RE.finditer(text)]
    if not words.isdisjoint(n._PERIODICAL_WORDS):
        spans += _periodicals(text)
    if "://" in text:
        spans += [m.span() for m in n.URL_RE.finditer(text)]
    if not words.isdisjoint(n._ARTICLE_WORDS):
        for m in n.ARTICLE_TITLE_RE.finditer(text):
            if not n.ORG_HEAD_RE.fullmatch(m.group(0).split()[-1]):
                spans.append(m.span())
    if not words.isdisjoint(n.EVENT_WORDS):
        spans += _events(text)
    spans += _works(text)
    return spans


class Taken:
    """Disjoint sorted spans; ``overlaps`` in logarithmic time."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.ends, start)
        return i < len(self.starts) and self.starts[i] < end
