"""The project's main job: every ``seeds/*.txt`` to ``tei/<name>.xml``,
validated, and rendered to HTML and plain text in an output folder.

This module is the file-handling edge around the pure stages.  Each text is
converted, validated and rendered by ``_process`` (in worker processes with
``jobs`` > 1); all writing happens here, in source order, so ``--jobs N``
gives the same files as ``--jobs 1``.  It returns a report and leaves
printing and exit codes to the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.convert.corrections import Corrections, parse_corrections
from pipeline.convert.passes import Options, convert
from pipeline.convert.source import decode
from pipeline.edition.fingerprint import State, stamp, state_of, write_edition
from pipeline.errors import InputError, Issue, OverwriteRefused, PipelineError
from pipeline.tei import TEI_NS
from pipeline.workers import pmap
from pipeline.xmlio import write_atomic

if TYPE_CHECKING:
    from pipeline.entities.authority import Authority

CORRECTIONS_SUFFIX = ".corrections.toml"


@dataclass
class FileResult:
    source: Path
    target: Path
    status: str = "ok"  # unchanged | written | stale | refused | failed | invalid
    message: str = ""
    issues: list[Issue] = field(default_factory=list)
    backup: Path | None = None


@dataclass
class BuildReport:
    results: list[FileResult] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status in {"failed", "refused", "stale", "invalid"}]


def corrections_path(source: Path) -> Path:
    return source.with_name(source.name[: -len(source.suffix)] + CORRECTIONS_SUFFIX)


def load_corrections(source: Path) -> Corrections | None:
    path = corrections_path(source)
    if not path.exists():
        return None
    return parse_corrections(path.read_text("utf-8"), str(path))


@lru_cache(maxsize=4)
def _authority(path: Path) -> Authority:
    from pipeline.entities.authority import load_authority as load

    return load(path)


def load_authority(path: Path | None) -> Authority | None:
    if path is None or not path.exists():
        return None
    return _authority(path.resolve())


def convert_file(
    source: Path, *, authority: Authority | None, name: str | None = None, encoding: str = "utf-8"
) -> tuple[etree._ElementTree, bytes]:
    """Convert one source file (with its corrections file, if any)."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(source)) from None
    text = decode(data, str(source), encoding)
    options = Options(
        source_name=name or str(source),
        corrections=load_corrections(source),
        authority=authority,
    )
    tree = convert(text, options)
    return tree, stamp(tree)


def _title(tree: etree._ElementTree) -> tuple[str, str]:
    ns = {"t": TEI_NS}
    title = tree.xpath("string(.//t:titleStmt/t:title)", namespaces=ns)
    author = "".join(tree.xpath("string(.//t:titleStmt/t:author)", namespaces=ns)).strip()
    return title.strip(), author


def convert_one(job: tuple[Path, Path | None, str]) -> tuple[bytes | None, str]:
    """Convert one file (source, authority list, encoding): its TEI, or the
    error message. (A worker for ``convert --jobs``.)"""
    source, authority, encoding = job
    try:
        return convert_file(source, authority=load_authority(authority), encoding=encoding)[1], ""
    except PipelineError as exc:
        return None, str(exc)


@dataclass(frozen=True)
class _Task:
    source: Path
    target: Path
    name: str
    authority: Path | None
    validate: bool
    render: bool
    encoding: str = "utf-8"


@dataclass
class _Done:
    """What a worker made of one text: nothing is written yet."""

    data: bytes | None = None
    error: str = ""
    issues: list[Issue] = field(default_factory=list)
    renderings: dict[str, str] = field(default_factory=dict)  # file suffix -> content
    title: tuple[str, str] = ("", "")


def _process(task: _Task) -> _Done:
    try:
        tree, data = convert_file(
            task.source,
            authority=load_authority(task.authority),
            name=task.name,
            encoding=task.encoding,
        )
    except PipelineError as exc:
        return _Done(error=str(exc))
    done = _Done(data=data, title=_title(tree))
    if task.validate:
        from pipeline.validation.validate import iter_issues

        done.issues = [i for i in iter_issues(tree, file=str(task.target)) if i.severity == "error"]
        if done.issues:
            return done
    if task.render:
        from pipeline.render.transform import render

        done.renderings = {
            ".html": render(tree, "html"),
            ".txt": render(tree, "text", reading=True),
            ".diplomatic.txt": render(tree, "text", reading=False),
        }
    return done


_STALE = {
    State.ABSENT: "missing: run `tei-pipeline build`",
    State.GENERATED: "stale: the sources changed; run `tei-pipeline build`",
    State.EDITED: "edited by hand since it was generated",
    State.FOREIGN: "not generated by tei-pipeline",
}


def build(
    root: Path,
    out: Path,
    *,
    check: bool = False,
    force: bool = False,
    validate: bool = True,
    render: bool = True,
    jobs: int = 1,
    encoding: str = "utf-8",
    progress: Callable[[FileResult], None] | None = None,
) -> BuildReport:
    """Build (or with ``check``, verify) the edition of every seed under ``root``."""
    tei_dir = root / "tei"
    authority = tei_dir / "authority.xml"
    tasks = [
        _Task(
            source,
            tei_dir / (source.stem + ".xml"),
            f"seeds/{source.name}",
            authority if authority.exists() else None,
            validate,
            render and not check,
            encoding,
        )
        for source in sorted((root / "seeds").glob("*.txt"))
    ]
    report = BuildReport()
    index: list[tuple[str, str, str]] = []
    if not check:
        _remove_leftovers(tei_dir, out)
    for task, done in zip(tasks, pmap(_process, tasks, jobs)):
        result = FileResult(task.source, task.target)
        report.results.append(result)
        _settle(task, done, result, check=check, force=force)
        if result.status in {"written", "unchanged"} and done.renderings:
            for suffix, content in done.renderings.items():
                path = out / f"{task.source.stem}{suffix}"
                write_atomic(path, content.encode("utf-8"))
                report.outputs.append(path)
            index.append((f"{task.source.stem}.html", *done.title))
        if progress is not None:
            progress(result)
    if index:
        from pipeline.render.transform import render_index

        path = out / "index.html"
        write_atomic(path, render_index(index).encode("utf-8"))
        report.outputs.append(path)
    return report


def _remove_leftovers(*folders: Path) -> None:
    """Temporary files of an interrupted earlier run (``write_atomic``'s)."""
    for folder in folders:
        for leftover in folder.glob(".*.tmp") if folder.is_dir() else ():
            leftover.unlink(missing_ok=True)


def _settle(task: _Task, done: _Done, result: FileResult, *, check: bool, force: bool) -> None:
    """Decide what happens to one text's TEI file, and do it."""
    if done.data is None:
        result.status, result.message = "failed", done.error
        return
    if done.issues:
        result.status, result.issues = "invalid", done.issues
        result.message = f"{len(done.issues)} validation errors"
        return
    current = task.target.read_bytes() if task.target.exists() else None
    if check:
        if current == done.data:
            result.status = "unchanged"
        else:
            result.status, result.message = "stale", _STALE[state_of(current)]
        return
    try:
        result.backup = write_edition(task.target, done.data, force=force)
    except OverwriteRefused as exc:
        result.status, result.message = "refused", str(exc)
        return
    result.status = "unchanged" if current == done.data else "written"
