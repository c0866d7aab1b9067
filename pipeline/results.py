"""What a batch did with each file: one record for every stage.

Every batch function of the library (convert, build, validate, render, the
entity commands) returns a list of ``FileResult``; the command line turns
the list into output and one exit status (``pipeline.cli.exits``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from pipeline.errors import Issue, OverwriteRefused, ResourceError


class Outcome(enum.Enum):
    """How one file fared, from best to worst."""

    OK = "ok"  # written, unchanged or valid
    INVALID = "invalid"  # the document breaks the schema or the rules
    STALE = "stale"  # build --check: not what the sources now give
    REFUSED = "refused"  # an overwrite refused to protect a hand edit
    UNREADABLE = "unreadable"  # the input could not be read, parsed or converted
    BROKEN = "broken"  # a schema, stylesheet or rules file could not be loaded


@dataclass
class FileResult:
    """One file of a batch: what was done (``action``, e.g. "written",
    "unchanged", "kept: edited by hand"), how it fared, and why."""

    source: str
    outcome: Outcome = Outcome.OK
    target: str | None = None
    action: str = ""
    message: str = ""
    issues: list[Issue] = field(default_factory=list)
    backup: str | None = None
    warning: str = ""  # something to know that is no failure (e.g. a hand edit left behind)
    outputs: list[str] = field(default_factory=list)  # files written besides ``target``

    @property
    def failed(self) -> bool:
        return self.outcome is not Outcome.OK

    def fail(self, error: Exception) -> None:
        """The file stopped by ``error``: its outcome and message."""
        self.outcome, self.message = outcome_of(error), str(error)


def outcome_of(error: Exception) -> Outcome:
    """How a file fares that an error stopped: a schema, stylesheet or rules
    file that cannot be loaded breaks it, an overwrite refused to protect a
    hand edit refuses it, anything else leaves it unreadable."""
    if isinstance(error, ResourceError):
        return Outcome.BROKEN
    if isinstance(error, OverwriteRefused):
        return Outcome.REFUSED
    return Outcome.UNREADABLE
