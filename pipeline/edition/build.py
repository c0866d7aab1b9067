"""The edition's main job: every ``seeds/*.txt`` to ``tei/<name>.xml``,
validated, and rendered to HTML and plain text with a site index.

A TEI file edited by hand is the master copy of its text: it is never
overwritten (unless forced), but validated and rendered as it is, listed in
the index, and reported when its source or corrections changed after the
edit. Each text is read, converted, validated and rendered by ``_process``
(in worker processes with ``jobs`` > 1); all writing happens here, in
source order and under the edition's lock, so ``--jobs N`` gives the same
files as ``--jobs 1`` and two builds of one folder take turns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.edition.config import Config
from pipeline.edition.files import href, inside, locked, read_inside
from pipeline.edition.fingerprint import (
    State,
    inputs_of,
    same_document,
    stamp,
    state_of,
    write_edition,
)
from pipeline.edition.site import write_site
from pipeline.edition.texts import (  # noqa: F401 - the library's one-file helpers live here too
    Made,
    Recipe,
    convert_file,
    fspath,
    generate,
    load_authority,
    load_corrections,
)
from pipeline.errors import (
    Issue,
    OverwriteRefused,
    PipelineError,
    ResourceError,
    UsageError,
    WriteError,
)
from pipeline.results import FileResult, Outcome
from pipeline.workers import pmap
from pipeline.xmlio import parse_bytes, write_atomic

if TYPE_CHECKING:
    from pipeline.render.site import SiteText


@dataclass(frozen=True)
class _Task:
    source: Path
    target: Path
    name: str  # the source as the TEI records it
    recipe: Recipe
    validate: bool
    render: bool
    force: bool


@dataclass
class _Done:
    """What a worker made of one text: nothing is written yet."""

    data: bytes | None = None  # the generated TEI
    state: State = State.ABSENT  # of the TEI file found
    same: bool = False  # the file holds exactly ``data``
    master: bool = False  # the file found is kept and used (a hand edit)
    error: str = ""
    behind: str = ""
    broken: bool = False  # a stylesheet or schema could not be loaded
    issues: list[Issue] = field(default_factory=list)
    renderings: dict[str, str] = field(default_factory=dict)  # file name -> content
    described: SiteText | None = None  # what the site's shared pages show of it


def _current(task: _Task) -> bytes | None:
    if not task.target.exists() and not task.target.is_symlink():
        return None
    return read_inside(task.target, task.recipe.root or task.target.parent)


def _process(task: _Task) -> _Done:
    try:
        current = _current(task)
    except PipelineError as exc:
        return _Done(error=str(exc))
    state = state_of(current)
    done = _Done(state=state, master=state in (State.EDITED, State.FOREIGN) and not task.force)
    try:
        made = generate(task.source, task.recipe, task.target.parent, task.name)
        done.data = _as_stamped(current, made)
        done.same = same_document(current, done.data)
    except PipelineError as exc:  # a hand-edited copy is the text all the same
        done.error, made = str(exc), None
        if not done.master:
            return done
    try:
        tree = parse_bytes(current, str(task.target)) if current and done.master else None
    except PipelineError as exc:
        done.error = str(exc)
        return done
    if made is not None and done.master and state is State.EDITED:
        done.behind = _behind(inputs_of(current), made, task)
    if tree is None and made is not None:
        tree = made.tree
    try:
        _check(task, tree, done)
    except ResourceError as exc:
        done.error, done.broken = str(exc), True
    return done


def _as_stamped(current: bytes | None, made: Made) -> bytes:
    """``made``'s TEI, stamped as ``current`` is when that is this TEI stamped
    by an earlier version (with the digests of its files' bytes): such a file
    is up to date, and is not rewritten for its stamp alone."""
    if current is not None and made.earlier != made.inputs and inputs_of(current) == made.earlier:
        earlier = stamp(made.tree, made.earlier)
        if same_document(current, earlier):
            return earlier
    return made.data


def _check(task: _Task, tree: etree._ElementTree | None, done: _Done) -> None:
    """Validate and render the text's TEI (the generated or the kept one)."""
    if tree is None:
        return
    if task.validate:
        from pipeline.validation.validate import iter_issues

        done.issues = [i for i in iter_issues(tree, file=str(task.target)) if i.severity == "error"]
    if task.render and not done.issues:
        from pipeline.render.prepare import Options, prepare
        from pipeline.render.site import describe, page_name
        from pipeline.render.transform import page, render

        authority = task.recipe.authority
        listing = (
            load_authority(authority, href(authority, task.target.parent)) if authority else None
        )
        prepared = prepare(tree, listing, Options(site=True))
        name = page_name(task.source.stem)
        done.renderings = {
            f"{name}.html": page(prepared.tree),
            f"{name}.txt": render(tree, "text", reading=True),
            f"{name}.diplomatic.txt": render(tree, "text", reading=False),
        }
        done.described = describe(name, tree, prepared.entries, listing)


def _behind(recorded: dict[str, str], made: Made, task: _Task) -> str:
    """What changed since a hand-edited file was generated, if anything."""
    if not recorded:
        return ""  # stamped before the inputs were recorded: not known

    def differs(name: str) -> bool:
        return recorded.get(name) not in (made.inputs.get(name), made.earlier.get(name))

    changed = []
    if differs("source"):
        changed.append(f"its source {task.name} changed (merge the change by hand)")
    if differs("corrections"):
        changed.append(f"its corrections changed (apply them: tei-pipeline correct {task.target})")
    return "behind: " + "; ".join(changed) if changed else ""


_STALE = {
    State.ABSENT: "missing: run `tei-pipeline build`",
    State.GENERATED: "stale: the sources changed; run `tei-pipeline build`",
}


def build(
    config: Config,
    *,
    out: Path | None = None,
    check: bool = False,
    force: bool = False,
    validate: bool = True,
    render: bool = True,
    jobs: int = 1,
    encoding: str = "utf-8",
    progress: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Build (or with ``check``, verify) the edition: one result per text,
    then (when rendering) one for the site index."""
    if not config.seeds.is_dir():
        raise UsageError(
            f"{config.seeds}: no such folder: nothing to build here"
            " (start an edition with `tei-pipeline init`, or pass --root)"
        )
    for folder in (config.tei, *(() if out else (config.site,))):
        if not inside(folder, config.root):  # a link planted in a cloned repository
            raise WriteError("a symbolic link out of the edition folder: refused", str(folder))
    out = out or config.site
    recipe = Recipe.of(config, encoding=encoding)
    tasks = [
        _Task(
            source,
            config.tei / (source.stem + ".xml"),
            fspath(source, config.root),
            recipe,
            validate,
            render and not check,
            force,
        )
        for source in sorted(config.seeds.glob("*.txt"))
    ]
    with locked(config.tei, shared=check):
        if not check:
            _remove_leftovers(config.tei, out)
        results, site = _run(tasks, out, check, jobs, progress)
        if render and not check:
            results.append(_site(site, out))
    return results


def _run(
    tasks: list[_Task],
    out: Path,
    check: bool,
    jobs: int,
    progress: Callable[[FileResult], None] | None,
) -> tuple[list[FileResult], list[SiteText]]:
    results: list[FileResult] = []
    site: list[SiteText] = []
    for task, done in zip(tasks, pmap(_process, tasks, jobs)):
        result = _settle(task, done, check)
        if done.renderings and (done.master or not result.failed):
            _write_renderings(done, out, result)
            if result.outputs and done.described is not None:
                site.append(done.described)
        results.append(result)
        if progress is not None:
            progress(result)
    return results, site


def _settle(task: _Task, done: _Done, check: bool) -> FileResult:
    """Decide what happens to one text's TEI file, and do it."""
    result = FileResult(str(task.source), target=str(task.target), warning=done.behind)
    if done.error:
        result.outcome = Outcome.BROKEN if done.broken else Outcome.UNREADABLE
        result.message = done.error
    elif done.issues:
        result.outcome, result.issues = Outcome.INVALID, done.issues
        kept = " (edited by hand)" if done.master else ""
        result.message = f"{task.target}{kept}: {len(done.issues)} validation errors"
    elif done.master:
        result.action = (
            "kept: edited by hand, the master copy of this text"
            if done.state is State.EDITED
            else "kept: not generated by tei-pipeline, the master copy of this text"
        )
    elif check:
        result.action = "up to date"
        if not done.same:
            result.outcome, result.message = Outcome.STALE, f"{task.target}: {_STALE[done.state]}"
    else:
        _write(task, done, result)
    return result


def _write(task: _Task, done: _Done, result: FileResult) -> None:
    assert done.data is not None
    try:
        backup = write_edition(task.target, done.data, force=task.force)
    except (OverwriteRefused, WriteError) as exc:  # refused: the file changed after it was read
        result.fail(exc)
        return
    result.action = "unchanged" if done.same else "written"
    if backup is not None:
        result.backup = str(backup)
        result.action += f" (previous version kept as {backup})"


def _write_renderings(done: _Done, out: Path, result: FileResult) -> None:
    try:
        for name, content in done.renderings.items():
            path = out / name
            write_atomic(path, content.encode("utf-8"))
            result.outputs.append(str(path))
    except WriteError as exc:
        result.fail(exc)


def _site(texts: list[SiteText], out: Path) -> FileResult:
    path = out / "index.html"
    result = FileResult(str(path), target=str(path), action=f"{len(texts)} texts listed")
    try:
        result.outputs = [str(p) for p in write_site(texts, out)]
    except (ResourceError, WriteError) as exc:
        result.fail(exc)
    return result


def _remove_leftovers(*folders: Path) -> None:
    """Temporary files of an interrupted earlier run (``write_atomic``'s)."""
    for folder in folders:
        for leftover in folder.glob(".*.tmp") if folder.is_dir() else ():
            leftover.unlink(missing_ok=True)
