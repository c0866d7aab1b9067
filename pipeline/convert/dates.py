"""Dates in running English text, normalised to ISO 8601 for ``date``.

``find_dates`` returns spans with the attributes of the ``date`` element that
should wrap them (``when``, or ``from``/``to`` for a month range); a bare
year counts only when it cannot be part of a larger number, page range or
quantity.
"""

from __future__ import annotations

import heapq
import re

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:1[4-9]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_ANY_YEAR = re.compile(_YEAR)
# Every month's name starts with its first three letters, as written here.
_ANY_MONTH = re.compile("|".join(sorted({name[:3] for name in MONTHS})))

_PATTERNS = [
    # March 8, 1922 / March 8 1922
    ("mdy", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b")),
    # 15 August 1905 / 15th of August, 1905
    ("dmy", re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b")),
    # July-September 1922
    ("range", re.compile(rf"\b(?P<m>{_MONTH})\s*[-–]\s*(?P<m2>{_MONTH})\s+(?P<y>{_YEAR})\b")),
    # March 1922
    ("my", re.compile(rf"\b(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b")),
    # a bare year, not inside a number, a range of numbers or a page reference;
    # what may not stand before it is tested after it (behind its four digits),
    # so that the expression starts with the year and the engine skips ahead to
    # a 1 or a 2
    (
        "y",
        re.compile(
            rf"(?P<y>{_YEAR})(?<![\d,.\-–/]\d{{4}})(?<!pp\. \d{{4}})(?<!p\. \d{{4}})(?<!\w\d{{4}})"
            r"\b(?![,.]\d|[-–/]\d|\s*per\b)"
        ),
    ),
]


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".")]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _attrs(kind: str, m: re.Match[str]) -> dict[str, str] | None:
    year = m["y"]
    if kind == "y":
        return {"when": year}
    month = _month(m["m"])
    if kind == "range":
        return {"from": f"{year}-{month:02d}", "to": f"{year}-{_month(m['m2']):02d}"}
    if kind == "my":
        return {"when": f"{year}-{month:02d}"}
    day = _day(m["d"])
    if day > 31:
        return None
    return {"when": f"{year}-{month:02d}-{day:02d}"}


def find_dates(text: str) -> list[tuple[int, int, dict[str, str]]]:
    """Non-overlapping date spans in ``text``, longest patterns first.

    Each pattern's matches are checked against the spans already taken in
    one merged walk (both lists are sorted), so the work is linear."""
    taken: list[tuple[int, int, dict[str, str]]] = []
    if not _ANY_YEAR.search(text):
        return taken  # every pattern needs a year: most paragraphs have none
    months = _ANY_MONTH.search(text) is not None
    for kind, pattern in _PATTERNS:
        if kind != "y" and not months:
            continue  # all but a bare year need a month's name
        found = []
        j = 0
        for m in pattern.finditer(text):
            start, end = m.span()
            while j < len(taken) and taken[j][1] <= start:
                j += 1
            if j < len(taken) and taken[j][0] < end:
                continue
            attrs = _attrs(kind, m)
            if attrs is not None:
                found.append((start, end, attrs))
        if found:
            taken = list(heapq.merge(taken, found, key=lambda item: item[0]))
    return taken


def parse_date(text: str) -> dict[str, str] | None:
    """``date`` attributes if the whole of ``text`` is one date, else None."""
    text = text.strip()
    spans = find_dates(text)
    if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(text):
        return spans[0][2]
    return None
