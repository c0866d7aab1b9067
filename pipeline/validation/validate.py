"""Validation: documents in, ``Issue`` records out.

Three engines, one record type: well-formedness (``wellformed.py``, our safe
parser), RelaxNG (``relaxng.py``: the project schema through lxml, compiled
once; ``jing.py``: the official TEI schemas through jing when Java is present)
and Schematron (``schematron.py``: the project rules through lxml). An invalid
document is never an exception: ``iter_issues`` yields its problems,
``is_valid`` and ``assert_valid`` are views over it, and ``check_files`` is the
batch form the command line uses (``report.py`` writes its reports).
"""

from __future__ import annotations

import glob
import os
import re
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from lxml import etree

from pipeline.errors import Issue, PipelineError, ResourceError
from pipeline.tei import TEI_NS
from pipeline.validation import jing
from pipeline.validation.locate import SourceText, element_path
from pipeline.validation.relaxng import Grammar
from pipeline.validation.schematron import Rules
from pipeline.validation.wellformed import parse
from pipeline.workers import pmap
from pipeline.xmlio import serialize

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# schema/ beside the package (a checkout, an editable install), else a copy
# shipped inside it (pipeline/schema/, for an installed wheel).
SCHEMA_DIR = next(
    (d for d in (PROJECT_ROOT / "schema", Path(__file__).parents[1] / "schema") if d.is_dir()),
    PROJECT_ROOT / "schema",
)
PROJECT_RNG = SCHEMA_DIR / "tei-pipeline.rng"
PROJECT_SCH = SCHEMA_DIR / "tei-pipeline.sch"

# Official schemas are never fetched: an environment variable names a local
# copy, otherwise these folders are searched.
OFFICIAL = {
    "tei-all": ("TEI_PIPELINE_TEI_ALL", "tei_all.rng"),
    "tei-lite": ("TEI_PIPELINE_TEI_LITE", "tei_lite.rng"),
}


def search_dirs() -> list[Path]:
    """Where official schemas are looked for (read at each call: $HOME may differ
    between the runs one server process makes)."""
    return [
        PROJECT_ROOT.parent / "shared" / "reference",
        PROJECT_ROOT / "reference",
        Path.home() / ".local" / "share" / "tei-pipeline",
        Path("/usr/share/xml/tei/schema/relaxng"),
    ]


Severity = str
SchematronOption = bool | str | os.PathLike[str]


class InvalidDocument(PipelineError):
    """Raised by ``assert_valid``; carries the issues found."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        first = issues[0] if issues else None
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        super().__init__(f"{first}{more}" if first else "invalid document")


@dataclass(frozen=True)
class SchemaChoice:
    """Which RelaxNG schema, where it is, and which engine runs it."""

    name: str  # "project" | "tei-all" | "tei-lite" | "custom"
    path: Path
    engine: str  # "lxml" | "jing"


def resolve_schema(schema: str | os.PathLike[str] = "project") -> SchemaChoice:
    """``project``, ``tei-all``, ``tei-lite`` or the path of a ``.rng`` file.

    The official schemas run on jing when Java is present, on lxml otherwise."""
    name = os.fspath(schema)
    if name == "project":
        return SchemaChoice("project", PROJECT_RNG, "lxml")
    if name in OFFICIAL:
        env, filename = OFFICIAL[name]
        configured = os.environ.get(env)
        folders = search_dirs()
        candidates = [Path(configured)] if configured else [d / filename for d in folders]
        for path in candidates:
            if path.is_file():
                return SchemaChoice(name, path, "jing" if jing.command() is not None else "lxml")
        where = f"{env}={configured}" if configured else ", ".join(str(d) for d in folders)
        raise ResourceError(
            f"schema {name} not found ({where}); official schemas are never downloaded: "
            f"set {env} to a local copy of {filename} or pass --schema PATH.rng"
        )
    path = Path(name)
    if path.suffix != ".rng" or not path.is_file():
        raise ResourceError(
            f"schema {name!r}: expected project, tei-all, tei-lite or an existing .rng file"
        )
    return SchemaChoice("custom", path, "lxml")


# ---------------------------------------------------------------- compiled, per thread

_local = threading.local()


_Compiled = TypeVar("_Compiled", Grammar, Rules)


def _cached(kind: type[_Compiled], path: Path) -> _Compiled:
    """Compile once per thread (lxml's compiled schemas are not shared across
    threads), and again when the file has changed since: a ``tei-pipeline
    serve`` process outlives edits to the schema."""
    cache: dict[tuple[type, str], tuple[tuple[int, int], object]] | None = getattr(
        _local, "cache", None
    )
    if cache is None:
        cache = _local.cache = {}
    try:
        st = os.stat(path)
        version = (st.st_mtime_ns, st.st_size)
    except OSError:
        version = (-1, -1)  # the compiler reports the missing file
    key = (kind, str(path))
    if key not in cache or cache[key][0] != version:
        cache[key] = (version, kind(path))
    return cache[key][1]  # type: ignore[return-value]


def grammar(path: str | os.PathLike[str] = PROJECT_RNG) -> Grammar:
    """The compiled RelaxNG schema at ``path``."""
    return _cached(Grammar, Path(path))


def rules(path: str | os.PathLike[str] = PROJECT_SCH) -> Rules:
    """The compiled Schematron rules at ``path``."""
    return _cached(Rules, Path(path))


# ---------------------------------------------------------------- one document


def _schematron_path(schematron: SchematronOption, choice: SchemaChoice) -> Path | None:
    if schematron is True:
        return PROJECT_SCH if choice.name == "project" else None
    if schematron is False or schematron is None:
        return None
    return Path(schematron)


def _check_tree(
    tree: etree._ElementTree,
    data: bytes,
    file: str,
    choice: SchemaChoice,
    sch: Path | None,
    authority: str | os.PathLike[str] | None,
    relaxng: bool = True,
    prior: Sequence[Issue] = (),
) -> list[Issue]:
    """``prior`` (the issues of parsing) followed by those of the schema and rules."""
    source = SourceText(data, tree)
    issues = list(prior)
    root = tree.getroot()
    if relaxng and choice.name != "custom" and etree.QName(root).namespace != TEI_NS:
        issues.append(
            Issue(
                file,
                root.sourceline or 1,
                source.column_of(root),
                f"/{etree.QName(root).localname}",
                "relaxng",
                "wrong-namespace",
                "error",
                f"<{etree.QName(root).localname}> is not in the TEI namespace",
                'declare it: <TEI xmlns="http://www.tei-c.org/ns/1.0">',
            )
        )
        return issues
    if relaxng:
        issues += grammar(choice.path).issues(tree, file, source)
    if sch is not None:
        # The same fault seen by both engines (a bad date, a duplicate id) is reported once.
        done = {i.xpath for i in issues if "/@" in i.xpath} | {(i.line, i.code) for i in issues}
        issues += [
            i
            for i in rules(sch).issues(tree, file, source, authority=authority)
            if i.xpath not in done and (i.line, i.code) not in done
        ]
    return sorted(issues, key=lambda i: (i.line, i.column))


def iter_issues(
    source: str | os.PathLike[str] | etree._ElementTree,
    *,
    schema: str | os.PathLike[str] = "project",
    schematron: SchematronOption = True,
    file: str | None = None,
    authority: str | os.PathLike[str] | None = None,
) -> Iterator[Issue]:
    """Every problem of one document (a path or a parsed tree), in document order.

    ``schematron=True`` runs the project rules with the project schema (and no
    rules with another schema); a path runs that .sch; False runs none.
    ``authority`` overrides where ``@ref="authority.xml#id"`` is looked up.
    """
    choice = resolve_schema(schema)
    if choice.engine == "lxml" and choice.name in OFFICIAL:
        warnings.warn(
            f"Java not found: validating against {choice.name} with libxml2"
            " (slow, less faithful than jing)",
            RuntimeWarning,
            stacklevel=2,
        )
    if isinstance(source, etree._ElementTree):
        # Positions refer to the document as the pipeline writes it.
        data = serialize(source)
        name = file or source.docinfo.URL or "<tree>"
        tree, issues = parse(data, name)
        if tree is None:
            yield from issues
        else:
            sch = _schematron_path(schematron, choice)
            yield from _check_document(tree, data, name, choice, sch, authority, issues)
        return
    name = file or os.fspath(source)
    report = check_files(
        [os.fspath(source)], schema=schema, schematron=schematron, authority=authority
    )[0]
    for issue in report.issues:
        yield issue if file is None else _renamed(issue, name)


def _check_document(
    tree: etree._ElementTree,
    data: bytes,
    name: str,
    choice: SchemaChoice,
    sch: Path | None,
    authority: str | os.PathLike[str] | None,
    prior: list[Issue],
) -> Iterator[Issue]:
    if choice.engine == "jing":
        import tempfile

        with tempfile.NamedTemporaryFile("wb", suffix=".xml", delete=False) as handle:
            handle.write(data)
        try:
            found = jing.validate(choice.path, [handle.name])[handle.name]
        finally:
            os.unlink(handle.name)
        found = _placed([_renamed(i, name) for i in found], SourceText(data, tree))
        prior = [i for i in prior if i.code != "id-unique"] + found
        yield from _check_tree(tree, data, name, choice, sch, authority, False, prior)
    else:
        yield from _check_tree(tree, data, name, choice, sch, authority, True, prior)


def _placed(issues: list[Issue], source: SourceText | None, file: str = "") -> list[Issue]:
    """jing's issues pointed at the start of the element's start tag (jing
    reports its end), with the element's path; the file is re-read if needed."""
    if not issues:
        return issues
    if source is None:
        try:
            data = Path(file).read_bytes()
        except OSError:
            return issues
        tree, _ = parse(data, file)
        if tree is None:
            return issues
        source = SourceText(data, tree)
    out = []
    for issue in issues:
        found = source.element_before(issue.line, issue.column)
        if found is None or issue.engine != "relaxng":
            out.append(issue)
        else:
            el, column = found
            xpath = element_path(el)
            named = re.match(r'(?:value of )?attribute "([^"]+)"', issue.message)
            if named and source.column_of(el, named.group(1)) != column:
                column, xpath = source.column_of(el, named.group(1)), f"{xpath}/@{named.group(1)}"
            out.append(replace(issue, column=column, xpath=xpath))
    return out


def _renamed(issue: Issue, file: str) -> Issue:
    return replace(issue, file=file)


def is_valid(source: str | os.PathLike[str] | etree._ElementTree, **options: object) -> bool:
    """True if the document has no error (warnings allowed)."""
    return not any(i.severity == "error" for i in iter_issues(source, **options))  # type: ignore[arg-type]


def assert_valid(source: str | os.PathLike[str] | etree._ElementTree, **options: object) -> None:
    """Raise ``InvalidDocument`` listing the errors, if there are any."""
    errors = [i for i in iter_issues(source, **options) if i.severity == "error"]  # type: ignore[arg-type]
    if errors:
        raise InvalidDocument(errors)


# ---------------------------------------------------------------- many documents


@dataclass
class FileReport:
    """The outcome for one file."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    readable: bool = True  # False: could not be read, or is not XML

    def count(self, severity: Severity) -> int:
        return sum(1 for i in self.issues if i.severity == severity)

    def fails(self, fail_on: Severity = "error") -> bool:
        levels = ("error",) if fail_on == "error" else ("error", "warning")
        return any(i.severity in levels for i in self.issues)


def expand_paths(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Files named by ``paths`` (folders recursively: every *.xml; globs) and
    the arguments that matched nothing."""
    files: list[str] = []
    missing: list[str] = []
    for arg in paths:
        if os.path.isdir(arg):
            files += sorted(str(p) for p in Path(arg).rglob("*.xml") if p.is_file())
        elif os.path.exists(arg):
            files.append(arg)
        elif glob.has_magic(arg):
            matched = sorted(p for p in glob.glob(arg, recursive=True) if os.path.isfile(p))
            files += matched
            if not matched:
                missing.append(arg)
        else:
            missing.append(arg)
    return list(dict.fromkeys(files)), missing


def _one(
    file: str,
    choice: SchemaChoice,
    sch: Path | None,
    authority: str | os.PathLike[str] | None,
    relaxng: bool,
) -> FileReport:
    """Read, parse and check one file (in a worker process with ``--jobs``)."""
    try:
        data = Path(file).read_bytes()
    except OSError as exc:
        issue = Issue(
            file, 1, 1, "", "io", "io-unreadable", "error", f"cannot read: {exc.strerror}", ""
        )
        return FileReport(file, [issue], readable=False)
    tree, issues = parse(data, file)
    if tree is None:
        return FileReport(file, issues, readable=False)
    if choice.engine == "jing":
        issues = [i for i in issues if i.code != "id-unique"]  # jing reports duplicate ids itself
    if relaxng or sch is not None:
        issues = _check_tree(tree, data, file, choice, sch, authority, relaxng, issues)
    return FileReport(file, issues)


def _map(
    work: Callable[[str], FileReport],
    files: Sequence[str],
    jobs: int,
    progress: Callable[[str], None] | None,
) -> list[FileReport]:
    return [_progressed(r, progress) for r in pmap(work, files, jobs)]


def _progressed(report: FileReport, progress: Callable[[str], None] | None) -> FileReport:
    if progress is not None:
        progress(report.file)
    return report


def check_files(
    files: Sequence[str],
    *,
    schema: str | os.PathLike[str] = "project",
    schematron: SchematronOption = True,
    authority: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> list[FileReport]:
    """Validate ``files``; one report per file, in the order given.

    With jing (official schemas) files are parsed first, jing runs once on the
    well-formed ones, then the Schematron rules (if any) run.
    """
    choice = resolve_schema(schema)
    sch = _schematron_path(schematron, choice)
    # Compile here first, so a broken schema fails once, early (and workers inherit it).
    if choice.engine == "lxml":
        grammar(choice.path)
    if sch is not None:
        rules(sch)
    if choice.engine == "lxml":
        return _map(
            partial(_one, choice=choice, sch=sch, authority=authority, relaxng=True),
            files,
            jobs,
            progress,
        )
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as background:
        # jing runs while the files are parsed here; what it says of a file
        # that turns out not to be XML is dropped (the parser's issue stands).
        running = background.submit(jing.validate, choice.path, list(files))
        reports = _map(
            partial(_one, choice=choice, sch=None, authority=None, relaxng=False), files, jobs, None
        )
        found = running.result()
    readable = [r.file for r in reports if r.readable]
    late = {}
    if sch is not None:
        checked = _map(
            partial(_one, choice=choice, sch=sch, authority=authority, relaxng=False),
            readable,
            jobs,
            None,
        )
        late = {r.file: r.issues for r in checked}
    for report in reports:
        placed = _placed(found.get(report.file, []), None, report.file) if report.readable else []
        report.issues += placed + late.get(report.file, [])
        report.issues.sort(key=lambda i: (i.line, i.column))
        _progressed(report, progress)
    return reports
