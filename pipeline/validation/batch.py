"""Validation of many files: the loop of ``check_plan`` over a batch, in
worker processes with ``jobs``; one ``FileResult`` per file, in order.

With jing (the official schemas when Java is present) jing runs once over
the whole batch, in the background, while the files are parsed and their
rules run; its findings are placed in each file afterwards. With a large
schema on lxml, the schema is compiled once, reduced to the element names
the batch uses (``grammar.py``).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from pipeline.errors import InputError, Issue
from pipeline.results import FileResult, Outcome
from pipeline.validation import jing
from pipeline.validation.document import Document
from pipeline.validation.validate import (
    Plan,
    Validators,
    check_document,
    check_plan,
    make_plan,
    validators,
)
from pipeline.validation.wellformed import read_document
from pipeline.workers import pmap
from pipeline.xmlio import read_file

SEVERITIES = {"error": ("error",), "warning": ("error", "warning")}


def outcome(issues: Sequence[Issue], readable: bool, fail_on: str = "error") -> Outcome:
    """How a file with these issues fares: unreadable, invalid (an issue at
    ``fail_on`` or worse) or valid."""
    if not readable:
        return Outcome.UNREADABLE
    levels = SEVERITIES[fail_on]
    return Outcome.INVALID if any(i.severity in levels for i in issues) else Outcome.OK


def expand_paths(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Files named by ``paths`` (folders recursively: every *.xml; globs) and
    the arguments that matched nothing. Symbolic links to folders are
    followed once: a link loop ends the descent, not the run."""
    files: list[str] = []
    missing: list[str] = []
    for arg in paths:
        if os.path.isdir(arg):
            files += sorted(_xml_under(arg))
        elif os.path.lexists(arg):
            files.append(arg)
        elif glob.has_magic(arg):
            matched = sorted(p for p in glob.glob(arg, recursive=True) if os.path.isfile(p))
            files += matched
            if not matched:
                missing.append(arg)
        else:
            missing.append(arg)
    return list(dict.fromkeys(files)), missing


def _xml_under(folder: str) -> Iterator[str]:
    seen: set[tuple[int, int]] = set()
    for top, dirs, names in os.walk(folder, followlinks=True):
        st = os.stat(top)
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs.sort()
        for name in names:
            path = Path(top) / name
            if name.endswith(".xml") and path.is_file():
                yield str(path)


# The validators of the batch being checked, looked up once per process
# (and not again per file: each lookup checks the schema files' dates).
_batch: dict[Plan, Validators] = {}


def _one(
    file: str,
    plan: Plan,
    fail_on: str,
    then: Callable[[FileResult], FileResult] | None,
    paths: bool,
) -> FileResult:
    """Read, parse and check one file (in a worker process with ``jobs``);
    its result passed through ``then`` if given."""
    document = read_document(file)
    if not isinstance(document, Document):
        result = FileResult(file, Outcome.UNREADABLE, issues=document)
    else:
        document.paths = paths
        if plan not in _batch:
            _batch[plan] = validators(plan)
        issues = check_document(document, _batch[plan])
        result = FileResult(file, outcome(issues, True, fail_on), issues=issues)
    return then(result) if then is not None else result


def _names(files: Sequence[str]) -> frozenset[str]:
    """The element names of a batch, for a grammar reduced to them."""
    from pipeline.validation.grammar import names_in

    names: set[str] = set()
    for file in files:
        try:
            names |= names_in(read_file(file))
        except InputError:
            continue
    return frozenset(names)


def check_files(
    files: Sequence[str],
    *,
    schema: str | os.PathLike[str] = "project",
    schematron: bool | str | os.PathLike[str] | None = True,
    embedded: bool = True,
    authority: str | os.PathLike[str] | None = None,
    fail_on: str = "error",
    jobs: int = 1,
    progress: Callable[[FileResult], None] | None = None,
    then: Callable[[FileResult], FileResult] | None = None,
    paths: bool = True,
) -> list[FileResult]:
    """Validate ``files``; one result per file, in the order given, each
    also handed to ``progress`` as soon as it is known. ``then`` is applied
    to each result (an unreadable file's too) where the file was checked, in
    its worker, so that what a report keeps of it (``report.brief``) is all
    a worker sends back; with jing, in this process once jing's findings are
    in. ``paths=False`` leaves out the element paths no issue is told apart
    by (``Document.paths``)."""
    plan = make_plan(schema, schematron, embedded, authority)
    checker = None
    if plan.choice.engine == "jing":
        checker = jing.Jing(plan.choice.path)
    elif plan.choice.name != "project":
        plan = replace(plan, names=_names(files))
    # Compile here first, so a broken schema fails once, early (and workers inherit it).
    rules_only = plan if checker is None else replace(plan, relaxng=False)
    _batch.clear()
    _batch[rules_only] = validators(rules_only)
    results = []
    # jing keeps a core busy for the whole run, and it is what the run waits
    # for: the other checks take one worker fewer, so as not to slow it.
    workers = max(1, jobs - 1) if checker is not None else jobs
    # jing's findings are added to the full results, in this process; then
    # ``then`` is applied here too
    late = then if checker is not None else None
    early = then if checker is None else None
    checked: Iterable[FileResult] = pmap(
        partial(_one, plan=rules_only, fail_on=fail_on, then=early, paths=paths),
        files,
        workers,
    )
    if checker is not None:
        checker.prepare(files)  # after the workers are forked: jing runs beside them
        checked = list(checked)  # every file parsed and checked while jing runs, not after
    for result in checked:
        if checker is not None and result.outcome is not Outcome.UNREADABLE:
            result = _with_jing(result, plan, checker, fail_on)
        if late is not None:
            result = late(result)
        if progress is not None:
            progress(result)
        results.append(result)
    return results


def _with_jing(result: FileResult, plan: Plan, checker: jing.Jing, fail_on: str) -> FileResult:
    """A file's result with jing's findings added (the file is parsed again
    to place them, only when jing found something)."""
    if not checker.raw(result.source):
        return result
    document = read_document(result.source)
    if not isinstance(document, Document):
        return result
    issues = check_plan(document, plan, checker)
    return replace(result, issues=issues, outcome=outcome(issues, True, fail_on))


def missing_result(argument: str) -> FileResult:
    """The result for a command-line argument that names nothing."""
    issue = Issue(
        argument, 1, 1, "", "io", "io-missing", "error", "no such file, folder or matching glob"
    )
    return FileResult(argument, Outcome.UNREADABLE, issues=[issue])
