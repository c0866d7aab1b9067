"""Inline passes over the text's paragraphs, heads and items: quotations
(``q``, quote marks moved into ``@rend``), foreign phrases (``foreign``),
dates (``date @when``) and note references (``ref`` to a note in ``back``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from lxml import etree

from pipeline.convert.dates import find_dates
from pipeline.spans import ATOMIC, DIPLOMATIC, Span, local, make, text_of, unwrap, wrap_spans
from pipeline.tei import PARAGRAPHS, TEI_NS, XML_NS

# Elements with running text the inline passes read (a q inside one of them is
# reached through it; a q on its own, e.g. in a title, is read by itself).
CONTAINERS = PARAGRAPHS - {"ab"} | {
    "head",
    "item",
    "note",
    "titlePart",
    "signed",
    "salute",
    "dateline",
    "byline",
    "l",
    "cell",
    "bibl",
    "q",
}
_CONTAINER_TAGS = tuple(f"{{{TEI_NS}}}{name}" for name in sorted(CONTAINERS))
_ANY_CONTAINER = tuple(f"{{*}}{name}" for name in sorted(CONTAINERS))  # as ``local`` reads names

# rend value -> (opening mark, closing mark)
QUOTE_MARKS = {
    "double-curly": ("“", "”"),
    "single-curly": ("‘", "’"),
    "double-straight": ('"', '"'),
    "single-straight": ("'", "'"),
}


def containers(root: etree._Element) -> Iterator[etree._Element]:
    """Elements with running text, outermost only (a ``q`` inside a ``p`` is
    reached through the ``p``)."""
    for el in root.iter(*_CONTAINER_TAGS):
        if next(el.iterancestors(*_ANY_CONTAINER), None) is None:
            yield el


# -- quotations ----------------------------------------------------------------


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/“‘\"'") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-”’\"'")


# The rend of the quotations each mark opens or closes.
_REND_OF = {mark: rend for rend, marks in QUOTE_MARKS.items() for mark in marks}
_MARK_OR_NEWLINE = re.compile(f"[{re.escape(''.join(_REND_OF))}\n]")
# Quotations whose marks double as apostrophes ('Tis, workers').
_SINGLE = frozenset({"single-curly", "single-straight"})


def quote_pairs(text: str) -> list[tuple[int, int, str]]:
    """Spans ``[open, close + 1)`` of balanced quotations with their rend,
    within one line, sorted by start and properly nested.  Curly openers
    always open; straight marks and the curly closer (which is also the
    apostrophe) are judged by their neighbours."""
    pairs = []
    opened: list[tuple[str, int]] = []  # (rend, offset) of open quotations, innermost last
    for m in _MARK_OR_NEWLINE.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            opened.clear()
            continue
        rend = _REND_OF[ch]
        opener, closer = QUOTE_MARKS[rend]
        at = _closed_by(opened, rend) if ch == closer and _closes(text, i) else None
        if at is not None:
            pairs.append((opened[at][1], i + 1, rend))
            del opened[at:]
        elif ch == opener and (opener != closer or _opens(text, i)):
            # An unclosed opener is forgotten in favour of the newer one.
            opened[:] = [o for o in opened if o[0] != rend]
            opened.append((rend, i))
    return _apart(sorted(pairs))


def _apart(pairs: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``pairs`` without one of any two that touch ('a'"b": one closes where
    the next opens): with both marks gone, their words would run together.
    The one of the kind ``QUOTE_MARKS`` lists later is left unmarked."""
    order = list(QUOTE_MARKS)
    starting = {pair[0]: pair for pair in pairs}
    dropped: set[tuple[int, int, str]] = set()
    for pair in pairs:
        after = starting.get(pair[1])
        if after is not None and pair not in dropped and after not in dropped:
            later = order.index(pair[2]) > order.index(after[2])
            dropped.add(pair if later else after)
    return [pair for pair in pairs if pair not in dropped]


def _closed_by(opened: list[tuple[str, int]], rend: str) -> int | None:
    """Which of the ``opened`` quotations a closing mark of ``rend`` closes.

    A single mark left open inside it was an apostrophe starting a word
    ("'Tis a great day!"): it is forgotten, not paired with a later
    apostrophe outside.  A double quotation open inside it keeps it open:
    a single closing mark there is an apostrophe ending a word ("the
    workers' day"), as quotations nest."""
    for at in range(len(opened) - 1, -1, -1):
        if opened[at][0] == rend:
            return at
        if opened[at][0] not in _SINGLE:
            return None
    return None


def _by_depth(spans: list[Span]) -> list[list[Span]]:
    """Properly nested ``spans``, sorted by start, in groups by depth,
    outermost first: each group is sorted and free of overlaps."""
    groups: list[list[Span]] = []
    ends: list[int] = []  # of the spans enclosing the current one
    for span in spans:
        while ends and ends[-1] <= span[0]:
            ends.pop()
        if len(groups) == len(ends):
            groups.append([])
        groups[len(ends)].append(span)
        ends.append(span[1])
    return groups


def _strip_marks(q: etree._Element) -> bool:
    """Take the quotation marks off ``q``'s text; False, changing nothing,
    when one of them is not in ``q``'s own text but inside a child."""
    opener, closer = QUOTE_MARKS[q.get("rend", "")]
    last = q[-1] if len(q) else None
    end = (q.text if last is None else last.tail) or ""
    if not (q.text or "").startswith(opener) or not end.endswith(closer):
        return False
    q.text = (q.text or "")[1:] or None
    if last is None:
        q.text = (q.text or "")[:-1] or None
    else:
        last.tail = end[:-1] or None
    return True


def mark_quotes(found: Iterable[etree._Element]) -> None:
    """Quotations in the containers ``found`` (``containers``)."""
    for container in found:
        spans = [
            (a, b, make("q", {"rend": rend}))
            for a, b, rend in quote_pairs(text_of(container, DIPLOMATIC))
        ]
        wrapped = []
        # Outer quotations first, and every mark kept until all are wrapped:
        # the offsets found in the text hold, and a quotation that starts
        # where one inside it starts cannot be mistaken for it.
        for group in _by_depth(spans):
            wrapped += [q for (_, _, q), done in zip(group, wrap_spans(container, group)) if done]
        for q in reversed(wrapped):  # inner first: an outer one's content is then final
            if not _strip_marks(q):
                unwrap(q)  # its marks stay in the text rather than be doubled by @rend


# -- foreign phrases -------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    pattern: re.Pattern[str]
    lang: dict[str, str]
    names: dict[str, str]
    # The longest run of ASCII letters of each phrase (None if one has none):
    # a phrase stands between non-word characters, so its runs are the text's
    # runs too, and a text without any key holds no phrase.
    keys: frozenset[bytes] | None


# Bytes with every byte but an ASCII letter made a space.
_ASCII_LETTERS = bytes(b if chr(b).isascii() and chr(b).isalpha() else 0x20 for b in range(256))


def _letter_runs(text: str) -> set[bytes]:
    """The runs of ASCII letters in ``text``, read in C."""
    return set(text.encode("ascii", "replace").translate(_ASCII_LETTERS).split())


@lru_cache(maxsize=1)
def foreign_lexicon() -> Lexicon:
    raw = resources.files("pipeline.convert").joinpath("data/foreign.tsv").read_text("utf-8")
    lang: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in raw.splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        phrase, code, name = row.split("\t")
        lang[phrase] = code
        names[code] = name
    # Longest first, grouped by first letter (in that order within a group):
    # the engine then tries one alternative per letter at each position.
    groups: dict[str, list[str]] = {}
    for phrase in sorted(lang, key=len, reverse=True):
        groups.setdefault(phrase[0], []).append(re.escape(phrase[1:]))
    alternatives = "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in groups.items())
    runs = [_letter_runs(phrase) for phrase in lang]
    keys = None if not all(runs) else frozenset(max(r, key=len) for r in runs)
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    return Lexicon(pattern, lang, names, keys)


def mark_foreign(found: Iterable[etree._Element]) -> set[str]:
    """Wrap known foreign phrases in the containers ``found``; returns the
    language codes used."""
    lexicon = foreign_lexicon()
    used: set[str] = set()
    for container in found:
        text = text_of(container, DIPLOMATIC)
        if lexicon.keys is not None and lexicon.keys.isdisjoint(_letter_runs(text)):
            continue  # none of the phrases can be here
        spans = []
        for m in lexicon.pattern.finditer(text):
            foreign = make("foreign")
            foreign.set(f"{{{XML_NS}}}lang", lexicon.lang[m.group()])
            spans.append((m.start(), m.end(), foreign))
        for (_, _, foreign), wrapped in zip(spans, wrap_spans(container, spans)):
            if wrapped:
                used.add(foreign.get(f"{{{XML_NS}}}lang", ""))
    return used


# -- dates and note references -------------------------------------------------


def mark_dates(found: Iterable[etree._Element]) -> None:
    for container in found:
        text = text_of(container, DIPLOMATIC)
        spans = [(start, end, make("date", attrs)) for start, end, attrs in find_dates(text)]
        wrap_spans(container, spans, no_enclose={"date"})


_NOTE_REF = re.compile(r"\[(\d{1,3}\*?)\]")


def mark_note_refs(found: Iterable[etree._Element], targets: dict[str, str]) -> None:
    """``[1]`` in running text -> ``ref`` to the note numbered 1, when there is
    one (``targets``: a note's ``@n`` -> its id); a note's own label is not a
    reference. The title lines are left as they are: the reading edition
    shows the header's title in their place."""
    for container in found:
        if local(container) == "titlePart":
            continue
        text = text_of(container, DIPLOMATIC)
        spans = []
        for m in _NOTE_REF.finditer(text):
            target = targets.get(m.group(1))
            if target is not None:
                ref = make("ref", {"type": "noteAnchor", "target": f"#{target}", "n": m.group(1)})
                spans.append((m.start(), m.end(), ref))
        wrap_spans(container, spans, no_enter=ATOMIC | {"label"}, no_enclose={"label"})
