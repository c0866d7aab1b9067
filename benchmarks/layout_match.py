"""How a converted page is matched with the record of its layout: its words
read as one stream, each with where it is (inside a block quotation, inside
a signature block), and the kind of header statement an info line makes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from pipeline.spans import local

_WORD = re.compile(r"[^\W_]+")  # a rule of underscores is not a word
STOP = re.compile(
    r"a|an|the|of|in|on|at|by|for|to|from|and|with|as|is|are|was|were|be|this|that|it"
)
QUOTED = {"quote", "cit", "lg"}
SIGNED = {"closer", "signed", "salute", "dateline"}
INLINE = {"p", "ab", "head", "item", "l", "cell"}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


# ---- the kinds of info line ---------------------------------------------------------

KINDS = [
    ("licence", r"copy\s*left|copyright|public domain|permission|licen[cs]e"),
    (
        "resp",
        r"transcri|mark(?:ed)?[- ]?up|html|proof|translat|scan|ocr|copy-?edit|edited by|prepared",
    ),
    ("creation", r"written|delivered|an address|speech|lecture given"),
    (
        "source",
        r"source|from\b|(?:(?:recently|also|later|first|originally) )?(?:re)?publi(?:shed|sher)"
        r"|(?:recently )?reprint|provided by|vol\.?\b",
    ),
]


def info_kind(label: str | None, value: str, previous: tuple[str, str] | None) -> str:
    """What an info line is about: licence, resp, creation, source or other.
    ``previous``: the kind and text of the line before."""
    head = (label or value[:40]).lower()
    for kind, pattern in KINDS:
        if re.match(rf"\s*(?:{pattern})", head) or (label and re.search(pattern, head)):
            return kind
    date_only = re.fullmatch(r"[\w.]+ \d{1,2},? \d{4}|\d{1,2} \w+,? \d{4}", value.strip(" .,;"))
    goes_on = previous is not None and (
        value[:1].islower() or date_only or previous[1].rstrip().endswith((",", " at", " in"))
    )
    if label is None and goes_on and previous is not None and previous[0] in {"source", "creation"}:
        return previous[0]  # "the City Hall, New Bedford," / "July 30, 1900" go on a line
    if label is None and previous is None and re.search(r"\b1[5-9]\d\d\b|No\.", value):
        return "source"  # "Workers' Republic, 27 August 1898."
    if label is None and previous is None and len(value.split()) <= 4 and value[:1].isupper():
        return "source"  # "The Daily People"
    return "other"


PLACES = {
    "source": "tei:fileDesc/tei:sourceDesc",
    "resp": ".//tei:respStmt",
    "licence": ".//tei:availability",
    "creation": "tei:profileDesc/tei:creation | tei:fileDesc/tei:sourceDesc",
    "other": ".",
}


# ---- a converted page read as one stream of words, each with where it is ------------


@dataclass
class Stream:
    words: list[str] = field(default_factory=list)
    flags: list[frozenset[str]] = field(default_factory=list)

    def find(self, wanted: list[str], start: int = 0) -> int:
        """Index of the first run equal to ``wanted`` at or after ``start`` (-1: none)."""
        if not wanted:
            return -1
        n = len(wanted)
        first = wanted[0]
        for i in range(start, len(self.words) - n + 1):
            if self.words[i] == first and self.words[i : i + n] == wanted:
                return i
        return -1


def _chunks(el: etree._Element, flags: frozenset[str]) -> Iterator[tuple[str, frozenset[str]]]:
    name = local(el)
    if name in QUOTED and not flags & {"inline"}:
        flags |= {"quoted"}
    if name in SIGNED:
        flags |= {"signed"}
    if name in INLINE:
        flags |= {"inline"}
    yield " " + (el.text or ""), flags
    for child in el:
        if isinstance(child.tag, str):
            yield from _chunks(child, flags)
        yield (child.tail or ""), flags
    yield " ", flags


def stream(text_el: etree._Element) -> Stream:
    parts = list(_chunks(text_el, frozenset()))
    starts, pos = [], 0
    for chunk, _ in parts:
        starts.append(pos)
        pos += len(chunk)
    joined = "".join(chunk for chunk, _ in parts).lower()
    out = Stream()
    for m in _WORD.finditer(joined):
        out.words.append(m.group())
        out.flags.append(parts[bisect.bisect_right(starts, m.start()) - 1][1])
    return out


def in_stream(s: Stream, entry: str, flag: str, start: int) -> tuple[bool, int]:
    """Whether an occurrence of ``entry`` (looked for from ``start`` on, then
    from the beginning) lies wholly inside ``flag``; and where to go on."""
    ws = words(entry)
    for origin in (start, 0):
        at = s.find(ws, origin)
        while at >= 0:
            if all(flag in f for f in s.flags[at : at + len(ws)]):
                return True, at + len(ws)
            at = s.find(ws, at + 1)
    return False, start
