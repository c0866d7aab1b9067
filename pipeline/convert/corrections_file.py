"""An editor's corrections file: read, every error of it reported with its
line (``corrections.py`` applies what it holds).

Format (``seeds/NAME.corrections.toml``; any TOML spelling of the same data,
``[[ correction ]]`` or an inline array of tables, reads the same)::

    editor = "Name of the responsible editor"

    [[correction]]
    sic = "Dental"                          # the reading of the source
    corr = "Central"                        # the correction
    context = "moved by the Dental Committee"   # text around it, unique in the source
    reason = "transcription error; the body is the Central Committee"

A missing, unknown or mistyped key is an error at its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.convert.toml_lines import Entry, TomlSyntaxError, layout, load_toml
from pipeline.errors import CorrectionError, CorrectionErrors

REQUIRED = ("sic", "corr", "context", "reason")
DEFAULT_EDITOR = "Project editors"


@dataclass(frozen=True)
class Correction:
    sic: str
    corr: str
    context: str
    reason: str
    file: str
    line: int  # of its [[correction]]
    context_line: int = 0  # of its context, where errors of its place are reported
    context_text: str = ""  # that line as the file has it

    def error(self, message: str) -> CorrectionError:
        line = self.context_line or self.line
        shown = self.context_text or f"context = {self.context!r}"
        return CorrectionError(message, self.file, line, 1, shown)


@dataclass(frozen=True)
class Corrections:
    editor: str
    items: tuple[Correction, ...]
    editor_id: str = "editor"  # the xml:id of the editor's respStmt, pointed at by @resp

    @property
    def resp(self) -> str:
        return "#" + self.editor_id


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
    lines = text.splitlines()
    for index, entry in enumerate(raw):
        where = entries[index] if index < len(entries) else Entry(top.get("correction", 1))
        found = _entry_errors(entry, where, file)
        errors += found
        if not found:
            at = where.keys.get("context", where.line)
            items.append(
                Correction(
                    entry["sic"],
                    entry["corr"],
                    entry["context"],
                    entry["reason"].strip(),
                    file,
                    where.line,
                    at,
                    lines[at - 1].strip() if 0 < at <= len(lines) else "",
                )
            )
    if not isinstance(data.get("editor", ""), str):
        errors.append(CorrectionError("editor must be a string", file, top.get("editor", 1), 1))
    raise_all(errors)
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


def raise_all(errors: list[CorrectionError]) -> None:
    errors.sort(key=lambda e: e.line or 0)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise CorrectionErrors(errors)
