"""Editorial corrections: a TOML file an editor keeps next to each source,
applied as ``choice/sic`` + ``corr @resp``.

Format (``seeds/NAME.corrections.toml``)::

    editor = "Name of the responsible editor"

    [[correction]]
    sic = "Dental"                          # the reading of the source
    corr = "Central"                        # the correction
    context = "moved by the Dental Committee"   # text around it, unique in the source
    reason = "transcription error; the body is the Central Committee"

A correction whose context matches no place, or more than one, is an error
naming its line in the corrections file: never silently skipped.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from lxml import etree

from pipeline.convert.inline import containers
from pipeline.errors import CorrectionError
from pipeline.spans import DIPLOMATIC, make, text_of, wrap_span

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

REQUIRED = ("sic", "corr", "context", "reason")


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


def parse_corrections(text: str, file: str = "<corrections>") -> Corrections:
    """Read a corrections file; each entry remembers the line of its table."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(match[1]), int(match[2])) if match else (None, None)
        raise CorrectionError(f"not valid TOML: {exc}", file, line, column) from None
    header_lines = [
        i for i, row in enumerate(text.splitlines(), 1) if row.strip() == "[[correction]]"
    ]
    entries = data.get("correction", [])
    unknown = sorted(set(data) - {"editor", "correction"})
    if unknown:
        raise CorrectionError(
            f"unknown key(s) {', '.join(unknown)}; expected editor and [[correction]]", file, 1, 1
        )
    items = []
    for entry, line in zip(entries, header_lines):
        missing = [key for key in REQUIRED if not str(entry.get(key, "")).strip()]
        if missing:
            raise CorrectionError(f"correction lacks {', '.join(missing)}", file, line, 1)
        extra = sorted(set(entry) - set(REQUIRED))
        if extra:
            raise CorrectionError(
                f"unknown key(s) in correction: {', '.join(extra)}", file, line, 1
            )
        items.append(
            Correction(entry["sic"], entry["corr"], entry["context"], entry["reason"], file, line)
        )
    editor = str(data.get("editor", "")).strip() or "Project editors"
    return Corrections(editor, tuple(items))


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


def apply_corrections(text_el: etree._Element, corrections: Corrections) -> int:
    """Mark every correction in ``text_el``; returns how many were applied."""
    for correction in corrections.items:
        offset = _sic_offset(correction)
        pattern = _context_pattern(correction.context)
        hits = [
            (el, m) for el in containers(text_el) for m in pattern.finditer(text_of(el, DIPLOMATIC))
        ]
        if not hits:
            raise correction.error("context matches no place in the text")
        if len(hits) > 1:
            raise correction.error(
                f"context matches {len(hits)} places; lengthen it so it matches one"
            )
        el, match = hits[0]
        # map the offset in the normalised context onto the matched text
        matched = match.group()
        start = match.start() + _offset_in(matched, offset)
        end = start + _span_len(matched, start - match.start(), correction.sic)
        choice = make("choice")
        if not wrap_span(el, start, end, choice):
            raise correction.error("the place crosses existing markup; shorten sic")
        sic = make("sic")
        sic.text, choice.text = choice.text, None
        for child in list(choice):
            sic.append(child)
        choice.append(sic)
        corr = make("corr", {"resp": "#editor"})
        corr.text = correction.corr
        choice.append(corr)
    return len(corrections.items)


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
