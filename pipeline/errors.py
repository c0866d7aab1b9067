"""Errors as data: one exception hierarchy for unreadable input and broken
resources, and the ``Issue`` record that validation yields instead of raising."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
            text += f"\n    {self.source_line.rstrip()[:160]}"
        return text


class CorrectionError(InputError):
    """An editorial correction that does not hit exactly one place."""


class ResourceError(PipelineError):
    """A schema, stylesheet or authority file that cannot be loaded."""


class OverwriteRefused(PipelineError):
    """Writing would destroy a hand edit (or a file the pipeline did not make)."""


@dataclass(frozen=True)
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

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity} [{self.code}] {self.message}"
        )

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
