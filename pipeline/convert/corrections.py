"""Editorial corrections (``corrections_file.py`` reads them), applied as
``choice/sic`` + ``corr`` with the reason kept as a note.

Each becomes ``<choice><sic>Dental</sic><corr resp="#editor"
xml:id="corr-1">Central</corr></choice>`` in the text and, in ``back``,
``<div type="corrections"><note type="correction" resp="#editor"
target="#corr-1">REASON</note></div>``. Every error is reported, each at its
context's line: a context that matches no place (with the nearest passage),
several places, or a place another correction has.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from pipeline.convert.corrections_file import Correction, Corrections, raise_all
from pipeline.convert.inline import containers
from pipeline.errors import CorrectionError
from pipeline.spans import DIPLOMATIC, child_length, local, make, text_of, wrap_span
from pipeline.tei import APPARATUS, APPARATUS_DIVS, TEI_NS, XML_NS
from pipeline.xmlio import append_indented

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Applied:
    """A correction marked in the text, under the xml:id of its ``corr``."""

    correction: Correction
    corr_id: str


@dataclass
class Marked:
    """What ``apply_corrections`` did: the corrections it marked, those
    marked already whose ``corr`` or reason the text words otherwise, and
    the ``choice`` of every correction of the file."""

    applied: list[Applied]
    differing: list[tuple[Correction, etree._Element]]  # and its choice
    choices: list[etree._Element]


def apply_corrections(text_el: etree._Element, corrections: Corrections) -> Marked:
    """Mark every correction in ``text_el`` (``add_reasons`` then keeps the
    reasons of those newly applied). One already applied (its place is a
    ``choice`` with its ``sic``) is left as the text has it, so applying a
    file twice changes nothing and a hand edit of a correction stays; where
    its ``corr`` or reason differ from the file's, that is reported (the
    text or the file changed since: the editor knows which). Every
    correction that fits no place or several, or whose place overlaps
    another's, is an error, raised together once all have been tried,
    before any is marked."""
    places = [el for el in containers(text_el) if not _in_apparatus(el)]
    text = _Text([text_of(el, DIPLOMATIC) for el in places])
    taken = text_el.getroottree().getroot().xpath("//@xml:id")
    ids = _free_ids({str(v) for v in taken} if isinstance(taken, list) else set())
    errors: list[CorrectionError] = []
    placed: list[tuple[Correction, int, int, int]] = []  # container's index, start, end
    for correction in corrections.items:
        try:
            placed.append((correction, *_place(correction, text)))
        except CorrectionError as exc:
            errors.append(exc)
    raise_all(errors + _overlapping(placed))
    reasons = correction_reasons(text_el)
    done = Marked([], [], [])
    for correction, index, start, end in placed:
        el = places[index]
        choice = _applied(el, start, end, correction.sic)
        if choice is None:
            corr_id = next(ids)
            choice = _mark(el, start, end, correction, corrections.resp, corr_id)
            done.applied.append(Applied(correction, corr_id))
        elif said_otherwise(choice, correction, reasons):
            done.differing.append((correction, choice))
        done.choices.append(choice)
    return done


def _overlapping(placed: list[tuple[Correction, int, int, int]]) -> list[CorrectionError]:
    """An error for each correction whose place overlaps that of another
    (the same word corrected twice, say), at the later one in the file."""
    errors = []
    reach: tuple[int, int, Correction] | None = None  # the place that ends furthest on
    for correction, index, start, end in sorted(placed, key=lambda p: (p[1], p[2], p[0].line)):
        if reach is not None and reach[0] == index and start < reach[1]:
            first, later = sorted((reach[2], correction), key=lambda c: c.line)
            errors.append(
                later.error(
                    f"its place overlaps that of the correction at line {first.line}"
                    f" ({first.sic!r} -> {first.corr!r}): keep one of the two"
                )
            )
        if reach is None or reach[0] != index or end > reach[1]:
            reach = (index, end, correction)
    return errors


def correction_reasons(text_el: etree._Element) -> dict[str, list[str]]:
    """The reasons the text's correction notes give, by the pointer of each
    (``#corr-1``), read once for all its corrections."""
    found: dict[str, list[str]] = {}
    for note in text_el.iter(f"{{{TEI_NS}}}note"):
        if note.get("type") == "correction":
            found.setdefault(note.get("target", ""), []).append(_string(note))
    return found


def said_otherwise(
    choice: etree._Element, correction: Correction, reasons: dict[str, list[str]]
) -> str:
    """How an applied correction's ``corr`` and reason in the text (its
    ``correction_reasons``) differ from the file's ("" if they do not)."""
    corr = choice.find(f"{{{TEI_NS}}}corr")
    if corr is None:
        return ""
    said = []
    if _string(corr) != correction.corr:
        said.append(f"corr {_string(corr)!r}")
    for reason in reasons.get(f"#{corr.get(f'{{{XML_NS}}}id')}", []):
        if reason != correction.reason:
            said.append(f"reason {reason!r}")
    return ", ".join(said)


def _string(el: etree._Element) -> str:
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def stray_corrections(text_el: etree._Element, kept: list[etree._Element]) -> list[etree._Element]:
    """The corrections applied from a file (a ``choice`` whose ``corr`` has
    an xml:id ``corr-N`` that a correction note points at) not among
    ``kept``: those of the file withdrawn since. A correction made by hand
    under another xml:id is the editor's, never counted."""
    noted = {target[1:] for target in correction_reasons(text_el)}
    kept_ones = set(kept)
    found = []
    for corr in text_el.iter(f"{{{TEI_NS}}}corr"):
        choice, corr_id = corr.getparent(), corr.get(f"{{{XML_NS}}}id", "")
        ours = corr_id in noted and _APPLIED_ID.fullmatch(corr_id) is not None
        if ours and choice is not None and choice not in kept_ones:
            found.append(choice)
    return found


def _in_apparatus(el: etree._Element) -> bool:
    return any(local(a) == "div" and a.get("type") in APPARATUS_DIVS for a in el.iterancestors())


class _Text:
    """The flat texts of a document's containers, with where each word occurs:
    a context is looked for only around its rarest word, so many corrections
    of a long text cost about one reading of it, not one each."""

    def __init__(self, flats: list[str]) -> None:
        self.flats = flats
        self.size = sum(len(flat) for flat in flats)
        self._words: dict[str, list[tuple[int, int]]] | None = None

    def words(self) -> dict[str, list[tuple[int, int]]]:
        if self._words is None:
            self._words = {}
            for i, flat in enumerate(self.flats):
                for m in _WORD.finditer(flat):
                    self._words.setdefault(m.group(), []).append((i, m.start()))
        return self._words

    def find(self, context: str) -> list[tuple[int, re.Match[str]]]:
        """Every (container, match) of ``context``, its spaces matching any."""
        pattern = _context_pattern(context)
        anchors = [self.words().get(word, []) for word in _WORD.findall(context)]
        window = 4 * len(context) + 200  # room for the spaces of the text to differ
        rarest = min(anchors, key=len, default=None)
        if rarest is None or len(rarest) * window > self.size:
            return [(i, m) for i, flat in enumerate(self.flats) for m in pattern.finditer(flat)]
        found: dict[tuple[int, int], re.Match[str]] = {}
        for i, at in rarest:
            for m in pattern.finditer(self.flats[i], max(0, at - window), at + window):
                if m.start() <= at < m.end():
                    found.setdefault((i, m.start()), m)
        return [(i, m) for (i, _), m in sorted(found.items(), key=lambda item: item[0])]


def _place(correction: Correction, text: _Text) -> tuple[int, int, int]:
    """Where ``correction`` goes: (container's index, start, end) in its flat text."""
    offset = _sic_offset(correction)
    hits = text.find(correction.context)
    if not hits:
        near = _nearest(correction.context, text.flats)
        hint = f"; nearest: {near!r}" if near else ""
        raise correction.error(f"context matches no place in the text{hint}")
    if len(hits) > 1:
        raise correction.error(f"context matches {len(hits)} places; lengthen it so it matches one")
    index, match = hits[0]
    # map the offset in the normalised context onto the matched text
    matched = match.group()
    start = match.start() + _offset_in(matched, offset)
    end = start + _span_len(matched, start - match.start(), correction.sic)
    return index, start, end


def _applied(el: etree._Element, start: int, end: int, sic: str) -> etree._Element | None:
    """The ``choice`` that ``[start, end)`` of ``el`` is, if its ``sic`` reads ``sic``."""
    pos = len(el.text or "")
    for child in el:
        length = child_length(child, DIPLOMATIC)
        if length and pos <= start and end <= pos + length:
            if local(child) == "choice":
                same = (pos, pos + length) == (start, end) and text_of(child, DIPLOMATIC) == sic
                return child if same else None
            return _applied(child, start - pos, end - pos, sic)
        pos += length + len(child.tail or "")
    return None


_APPLIED_ID = re.compile(r"corr-[1-9][0-9]*")  # the xml:ids _free_ids gives


def _free_ids(taken: set[str]) -> Iterator[str]:
    """corr-1, corr-2, ... skipping the xml:ids the document has already."""
    for n in itertools.count(1):
        if f"corr-{n}" not in taken:
            yield f"corr-{n}"


def _mark(
    el: etree._Element, start: int, end: int, correction: Correction, resp: str, corr_id: str
) -> etree._Element:
    choice = make("choice")
    if not wrap_span(el, start, end, choice):
        raise correction.error("the place crosses existing markup; shorten sic")
    sic = make("sic")
    sic.text, choice.text = choice.text, None
    for child in list(choice):
        sic.append(child)
    choice.append(sic)
    corr = make("corr", {"resp": resp, f"{{{XML_NS}}}id": corr_id})
    corr.text = correction.corr
    choice.append(corr)
    return choice


def add_reasons(text_el: etree._Element, applied: list[Applied], resp: str) -> None:
    """The reasons of ``applied`` corrections, as notes in ``back``'s
    division of corrections (made when there is none)."""
    if not applied:
        return
    back = text_el.find(f"{{{TEI_NS}}}back")
    if back is None:
        back = make("back")
        append_indented(text_el, back)
    division = next(
        (d for d in back.iterfind(f"{{{TEI_NS}}}div") if d.get("type") == APPARATUS), None
    )
    if division is None:
        division = make("div", {"type": APPARATUS})
        append_indented(back, division)
    for done in applied:
        note = make("note", {"type": "correction", "resp": resp, "target": "#" + done.corr_id})
        note.text = done.correction.reason
        append_indented(division, note)


def ensure_editor(root: etree._Element, corrections: Corrections) -> bool:
    """Add the editor's ``respStmt`` (the target of ``@resp``) to the header
    of a document that lacks it; True if added."""
    if root.xpath("//@xml:id[. = $id]", id=corrections.editor_id):
        return False
    title_stmt = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}titleStmt")
    if title_stmt is None:
        return False
    stmt = make("respStmt", {f"{{{XML_NS}}}id": corrections.editor_id})
    etree.SubElement(stmt, f"{{{TEI_NS}}}resp").text = "Editorial corrections"
    etree.SubElement(stmt, f"{{{TEI_NS}}}persName").text = corrections.editor
    append_indented(title_stmt, stmt)
    return True


def _context_pattern(context: str) -> re.Pattern[str]:
    words = context.split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


def _sic_offset(correction: Correction) -> int:
    context = " ".join(correction.context.split())
    hits = [m.start() for m in re.finditer(re.escape(correction.sic), context)]
    if len(hits) != 1:
        raise correction.error(
            f"sic {correction.sic!r} occurs {len(hits)} times in its context; "
            "the context must contain it exactly once"
        )
    return hits[0]


def _nearest(context: str, flats: list[str]) -> str | None:
    """The passage most like ``context``: the run of as many words sharing the
    most words with it (one pass over the text), if it shares at least half."""
    want = [w.lower() for w in _WORD.findall(context)]
    need = Counter(want)
    size = len(want)
    best, found = max(1, (size + 1) // 2) - 1, None
    for flat in flats:
        words = list(_WORD.finditer(flat))
        have: Counter[str] = Counter()
        shared = 0
        for i, word in enumerate(words):
            key = word.group().lower()
            shared += have[key] < need[key]
            have[key] += 1
            if i >= size:
                gone = words[i - size].group().lower()
                have[gone] -= 1
                shared -= have[gone] < need[gone]
            if shared > best:
                best, first = shared, words[max(0, i - size + 1)]
                found = " ".join(flat[first.start() : word.end()].split())
    return found


def _offset_in(matched: str, normalised_offset: int) -> int:
    """Position in ``matched`` of the char at ``normalised_offset`` of its
    whitespace-collapsed form."""
    seen = 0
    i = 0
    while i < len(matched) and seen < normalised_offset:
        if matched[i].isspace():
            while i + 1 < len(matched) and matched[i + 1].isspace():
                i += 1
        seen += 1
        i += 1
    return i


def _span_len(matched: str, start: int, sic: str) -> int:
    """Length in ``matched`` of ``sic`` starting at ``start`` (whitespace may differ)."""
    return _offset_in(matched[start:], len(" ".join(sic.split()))) if " " in sic else len(sic)
