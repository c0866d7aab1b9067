"""Errors as data: one exception hierarchy for unreadable input and broken
resources, and the ``Issue`` record that validation yields instead of raising."""

from __future__ import annotations

from dataclasses import dataclass


class PipelineError(Exception):
    """Base class of every exception the pipeline raises."""


class InputError(PipelineError):
    """Input that cannot be read or converted, located in its file."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        source_line: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.source_line = source_line

    def located(self, file: str) -> InputError:
        """The same error, naming ``file`` if it named none."""
        if self.file is None:
            self.file = file
        return self

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.source_line is not None:
            shown, caret = excerpt(self.source_line, self.column)
            text += f"\n    {shown}"
            if caret is not None:
                text += f"\n    {' ' * caret}^"
        return text


def excerpt(line: str, column: int | None, width: int = 100) -> tuple[str, int | None]:
    """A source line as it can be shown in a terminal, and where the caret
    under ``column`` goes: at most ``width`` characters around the column,
    tabs as spaces, control characters as their visible symbols (U+2400...)."""
    line = line.rstrip("\n")
    index = (column - 1) if column is not None else 0
    start = max(0, min(index - width // 3, len(line) - width))
    shown = line[start : start + width]
    caret = index - start if column is not None else None
    if start > 0:
        shown, caret = "…" + shown, None if caret is None else caret + 1
    if start + width < len(line):
        shown += "…"
    if caret is not None:  # in terminal columns: accents take none, CJK characters two
        import unicodedata

        caret = sum(
            0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            for ch in shown[:caret]
        )
    return "".join(_visible(ch) for ch in shown), caret


def _visible(ch: str) -> str:
    if ch.isprintable():
        return ch
    if ch == "\t":
        return " "  # one column, so that the caret stays under its character
    code = ord(ch)
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


class CorrectionError(InputError):
    """An editorial correction that does not hit exactly one place."""


class CorrectionErrors(CorrectionError):
    """Every error of one corrections file, reported together (the first
    gives the location; ``str`` lists them all, one per line)."""

    def __init__(self, errors: list[CorrectionError]) -> None:
        first = errors[0]
        super().__init__(first.message, first.file, first.line, first.column, first.source_line)
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class WriteError(PipelineError):
    """A file that cannot be written (a full disk, a read-only folder, a
    symbolic link in the way); nothing was half-written."""

    def __init__(self, message: str, file: str) -> None:
        super().__init__(message)
        self.message = message
        self.file = file

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


class ResourceError(PipelineError):
    """A schema, stylesheet or authority file that cannot be loaded."""


class UsageError(PipelineError):
    """A command pointed at something it cannot work on (a folder that is no
    edition, a file with no corrections to apply): the user's to fix."""


class OverwriteRefused(PipelineError):
    """Writing would destroy a hand edit (or a file the pipeline did not make)."""


@dataclass(frozen=True, init=False)
class Issue:
    """One problem found in a document: never raised, always yielded."""

    file: str
    line: int
    column: int
    xpath: str
    engine: str  # "well-formedness" | "relaxng" | "schematron" | "io"
    code: str
    severity: str  # "error" | "warning" | "info"
    message: str
    hint: str = ""

    def __init__(
        self,
        file: str,
        line: int,
        column: int,
        xpath: str,
        engine: str,
        code: str,
        severity: str,
        message: str,
        hint: str = "",
    ) -> None:
        # The fields set in one go: a batch makes (and its workers send back)
        # thousands of issues, and a frozen dataclass's own __init__ sets
        # them one by one, at three times the cost.
        values = {
            "file": file,
            "line": line,
            "column": column,
            "xpath": xpath,
            "engine": engine,
            "code": code,
            "severity": severity,
            "message": message,
            "hint": hint,
        }
        object.__setattr__(self, "__dict__", values)

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity} [{self.code}] {self.message}"
        )

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return Issue, tuple(self.__dict__.values())  # pickled as its values
