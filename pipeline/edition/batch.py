"""``convert_files``: the batch behind ``tei-pipeline convert``.

Every source becomes TEI whose references resolve from where it is written,
is validated there, and is written (in source order, whatever the number of
workers) unless that would destroy a hand edit. One file that fails is a
result; the others go on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.edition.files import inside
from pipeline.edition.fingerprint import write_edition
from pipeline.edition.texts import Recipe, generate
from pipeline.errors import Issue, OverwriteRefused, PipelineError, UsageError, WriteError
from pipeline.results import FileResult, Outcome
from pipeline.workers import pmap


def find_sources(paths: Sequence[Path]) -> list[tuple[Path, Path | None]]:
    """Each source file with the folder it was found in (None: named itself).
    Folders are searched for ``*.txt`` without following links to folders,
    so a link loop cannot hang the search."""
    found: list[tuple[Path, Path | None]] = []
    for path in paths:
        if not path.is_dir():
            found.append((path, None))
            continue
        for folder, dirs, files in os.walk(path):
            dirs.sort()
            found += [(Path(folder) / f, path) for f in sorted(files) if f.endswith(".txt")]
    return found


@dataclass(frozen=True)
class _Job:
    source: Path
    target: Path | None  # None: standard output
    recipe: Recipe
    validate: bool


@dataclass
class _Converted:
    data: bytes | None = None
    error: str = ""
    issues: list[Issue] = field(default_factory=list)


def _convert(job: _Job) -> _Converted:
    """Convert and check one text (a worker for ``--jobs``)."""
    folder = job.target.parent if job.target is not None else None
    try:
        made = generate(job.source, job.recipe, folder)
    except PipelineError as exc:
        return _Converted(error=str(exc))
    done = _Converted(made.data)
    if job.validate:
        from pipeline.validation.validate import iter_issues

        where = str(job.target) if job.target is not None else str(job.source.with_suffix(".xml"))
        override = job.recipe.authority if job.target is None else None
        found = iter_issues(made.tree, file=where, authority=override)
        done.issues = [i for i in found if i.severity == "error"]
    return done


def convert_files(
    paths: Sequence[Path],
    output: Path | None,
    recipe: Recipe,
    *,
    force: bool = False,
    validate: bool = True,
    jobs: int = 1,
    emit: Callable[[bytes], None] | None = None,
    progress: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Convert ``paths`` (files and folders of ``*.txt``) into ``output`` (a
    file for one source, a folder for several; None: each TEI is handed to
    ``emit``). One result per source."""
    sources = find_sources(paths)
    several = len(sources) > 1 or any(path.is_dir() for path in paths)
    if several and (output is None or output.suffix == ".xml"):
        raise UsageError("several sources need -o to name a folder (not a .xml file)")
    results: list[FileResult] = []
    jobs_list: list[_Job] = []
    targets: dict[Path, Path] = {}
    for source, folder in sources:
        target = output / (source.stem + ".xml") if several and output else output
        refused = _refusal(source, folder, target, targets)
        results.append(FileResult(str(source), target=str(target) if target else None))
        if refused:
            results[-1].outcome, results[-1].message = Outcome.UNREADABLE, refused
        else:
            jobs_list.append(_Job(source, target, recipe, validate))
    pending = [r for r in results if not r.failed]
    for result, job, done in zip(pending, jobs_list, pmap(_convert, jobs_list, jobs)):
        _settle(result, job, done, force, emit)
        if progress is not None:
            progress(result)
    return results


def _refusal(
    source: Path, folder: Path | None, target: Path | None, targets: dict[Path, Path]
) -> str:
    """Why ``source`` is not converted at all, if it is not."""
    if folder is not None and not inside(source, folder):
        return f"{source}: a symbolic link to a file outside {folder}: refused (not read)"
    if target is not None and target in targets:
        return f"{source}: {targets[target]} is written to {target} already (same name)"
    if target is not None:
        targets[target] = source
    return ""


def _settle(
    result: FileResult,
    job: _Job,
    done: _Converted,
    force: bool,
    emit: Callable[[bytes], None] | None,
) -> None:
    if done.data is None:
        result.outcome, result.message = Outcome.UNREADABLE, done.error
        return
    if job.target is None:
        if emit is not None:
            emit(done.data)
    else:
        try:
            backup = write_edition(job.target, done.data, force=force)
        except (OverwriteRefused, WriteError) as exc:
            result.fail(exc)
            return
        result.action = "written"
        if backup is not None:
            result.backup = str(backup)
            result.warning = f"replaced; previous version kept as {backup}"
    if done.issues:
        where = job.target or "the TEI"
        result.outcome, result.issues = Outcome.INVALID, done.issues
        result.message = f"{where}: {len(done.issues)} validation errors (a converter bug?)"
