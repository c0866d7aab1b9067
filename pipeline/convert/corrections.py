"""Editorial corrections: a TOML file an editor keeps next to each source,
applied as ``choice/sic`` + ``corr`` with the reason kept as a note.

Format (``seeds/NAME.corrections.toml``; any TOML spelling of the same data,
``[[ correction ]]`` or an inline array of tables, reads the same)::

    editor = "Name of the responsible editor"

    [[correction]]
    sic = "Dental"                          # the reading of the source
    corr = "Central"                        # the correction
    context = "moved by the Dental Committee"   # text around it, unique in the source
    reason = "transcription error; the body is the Central Committee"

Each becomes ``<choice><sic>Dental</sic><corr resp="#editor"
xml:id="corr-1">Central</corr></choice>`` in the text and, in ``back``,
``<div type="corrections"><note type="correction" resp="#editor"
target="#corr-1">REASON</note></div>``. Every error of the file is reported,
each with its line: a context that matches no place (with the nearest
passage), several places, a missing or unknown key.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from pipeline.convert.inline import containers
from pipeline.convert.toml_lines import Entry, TomlSyntaxError, layout, load_toml
from pipeline.errors import CorrectionError, CorrectionErrors
from pipeline.spans import DIPLOMATIC, child_length, local, make, text_of, wrap_span
from pipeline.tei import APPARATUS, APPARATUS_DIVS, TEI_NS, XML_NS
from pipeline.xmlio import append_indented

REQUIRED = ("sic", "corr", "context", "reason")
DEFAULT_EDITOR = "Project editors"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Correction:
    sic: str
    corr: str
    context: str
    reason: str
    file: str
    line: int

    def error(self, message: str) -> CorrectionError:
        return CorrectionError(message, self.file, self.line, 1, f"context = {self.context!r}")


@dataclass(frozen=True)
class Corrections:
    editor: str
    items: tuple[Correction, ...]
    editor_id: str = "editor"  # the xml:id of the editor's respStmt, pointed at by @resp

    @property
    def resp(self) -> str:
        return "#" + self.editor_id


# ---- reading the file --------------------------------------------------------------


def parse_corrections(
    text: str, file: str = "<corrections>", *, editor: str = "", editor_id: str = "editor"
) -> Corrections:
    """Read a corrections file: every error in it at once, each with its line.
    ``editor`` names the editor when the file does not."""
    try:
        data = load_toml(text)
    except TomlSyntaxError as exc:
        raise CorrectionError(f"not valid TOML: {exc}", file, exc.line, exc.column) from None
    top, entries = layout(text)
    errors = [
        CorrectionError(
            f"unknown key {key!r}; expected editor and [[correction]]", file, top.get(key, 1), 1
        )
        for key in data
        if key not in ("editor", "correction")
    ]
    raw = data.get("correction", [])
    if not isinstance(raw, list):
        raw = [raw]
    items = []
    for index, entry in enumerate(raw):
        where = entries[index] if index < len(entries) else Entry(top.get("correction", 1))
        found = _entry_errors(entry, where, file)
        errors += found
        if not found:
            items.append(
                Correction(
                    entry["sic"],
                    entry["corr"],
                    entry["context"],
                    entry["reason"].strip(),
                    file,
                    where.line,
                )
            )
    if not isinstance(data.get("editor", ""), str):
        errors.append(CorrectionError("editor must be a string", file, top.get("editor", 1), 1))
    _raise_all(errors)
    named = str(data.get("editor", "")).strip()
    return Corrections(named or editor or DEFAULT_EDITOR, tuple(items), editor_id)


def _entry_errors(entry: object, where: Entry, file: str) -> list[CorrectionError]:
    if not isinstance(entry, dict):
        return [CorrectionError("a correction must be a table of keys", file, where.line, 1)]
    errors = []
    missing = [key for key in REQUIRED if not str(entry.get(key, "")).strip()]
    if missing:
        errors.append(
            CorrectionError(f"correction lacks {', '.join(missing)}", file, where.line, 1)
        )
    for key, value in entry.items():
        line = where.keys.get(key, where.line)
        if key not in REQUIRED:
            errors.append(CorrectionError(f"unknown key in correction: {key}", file, line, 1))
        elif not isinstance(value, str):
            errors.append(CorrectionError(f"{key} must be a string", file, line, 1))
    return errors


def _raise_all(errors: list[CorrectionError]) -> None:
    errors.sort(key=lambda e: e.line or 0)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise CorrectionErrors(errors)


# ---- applying them -----------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    """A correction marked in the text, under the xml:id of its ``corr``."""

    correction: Correction
    corr_id: str


def apply_corrections(text_el: etree._Element, corrections: Corrections) -> list[Applied]:
    """Mark every correction in ``text_el`` (``add_reasons`` then keeps their
    reasons); returns those applied. One already applied (its place is a
    ``choice`` with its ``sic``) is left as it is, so applying a file twice
    changes nothing. Every correction that fits no place or several is an
    error, raised together once all have been tried."""
    places = [el for el in containers(text_el) if not _in_apparatus(el)]
    text = _Text([text_of(el, DIPLOMATIC) for el in places])
    taken = text_el.getroottree().getroot().xpath("//@xml:id")
    ids = _free_ids({str(v) for v in taken} if isinstance(taken, list) else set())
    errors: list[CorrectionError] = []
    applied: list[Applied] = []
    for correction in corrections.items:
        try:
            place = _place(correction, places, text)
        except CorrectionError as exc:
            errors.append(exc)
            continue
        if place is None:
            continue  # already applied
        el, start, end = place
        corr_id = next(ids)
        _mark(el, start, end, correction, corrections.resp, corr_id)  # same diplomatic text
        applied.append(Applied(correction, corr_id))
    _raise_all(errors)
    return applied


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


def _place(
    correction: Correction, places: list[etree._Element], text: _Text
) -> tuple[etree._Element, int, int] | None:
    """Where ``correction`` goes: (container, start, end) in its flat text,
    or None when it is there already."""
    offset = _sic_offset(correction)
    hits = [(places[i], m) for i, m in text.find(correction.context)]
    if not hits:
        near = _nearest(correction.context, text.flats)
        hint = f"; nearest: {near!r}" if near else ""
        raise correction.error(f"context matches no place in the text{hint}")
    if len(hits) > 1:
        raise correction.error(f"context matches {len(hits)} places; lengthen it so it matches one")
    el, match = hits[0]
    # map the offset in the normalised context onto the matched text
    matched = match.group()
    start = match.start() + _offset_in(matched, offset)
    end = start + _span_len(matched, start - match.start(), correction.sic)
    if _applied(el, start, end, correction.sic):
        return None
    return el, start, end


def _applied(el: etree._Element, start: int, end: int, sic: str) -> bool:
    """Is ``[start, end)`` of ``el`` a ``choice`` whose ``sic`` reads ``sic``?"""
    pos = len(el.text or "")
    for child in el:
        length = child_length(child, DIPLOMATIC)
        if length and pos <= start and end <= pos + length:
            if local(child) == "choice":
                return (pos, pos + length) == (start, end) and text_of(child, DIPLOMATIC) == sic
            return _applied(child, start - pos, end - pos, sic)
        pos += length + len(child.tail or "")
    return False


def _free_ids(taken: set[str]) -> Iterator[str]:
    """corr-1, corr-2, ... skipping the xml:ids the document has already."""
    for n in itertools.count(1):
        if f"corr-{n}" not in taken:
            yield f"corr-{n}"


def _mark(
    el: etree._Element, start: int, end: int, correction: Correction, resp: str, corr_id: str
) -> None:
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
