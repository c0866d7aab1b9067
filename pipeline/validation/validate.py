"""Validation: documents in, ``Issue`` records out.

A ``Plan`` says what to check: a RelaxNG schema (the project's, tei_all,
tei_lite or a file), run by lxml or by jing; Schematron rules (the project's
own, checked in Python by ``rules.py``, or a .sch file through lxml); and the
Schematron rules the schema itself carries (``embedded.py``). ``validators``
turns a plan into validators (compiled once per process), and
``check_document`` runs them over one parsed document. An invalid document is
never an exception: ``iter_issues`` yields its problems, ``is_valid`` and
``assert_valid`` are views over it; ``batch.check_files`` is the loop over
many files.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from pipeline.errors import Issue, PipelineError, ResourceError
from pipeline.validation import jing
from pipeline.validation.document import Document, Validator
from pipeline.validation.wellformed import document_of, read_document

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
        Path.home() / ".local" / "share" / "tei-pipeline",
        Path("/usr/share/xml/tei/schema/relaxng"),
    ]


SchematronOption = bool | str | os.PathLike[str] | None


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


@dataclass(frozen=True)
class Plan:
    """What to check (plain data: worker processes build their validators from it).

    ``names``: the element names of the documents, for a schema compiled
    reduced to them; ``relaxng=False`` leaves the grammar out (a batch's
    jing checks it apart)."""

    choice: SchemaChoice
    rules: Path | None = None
    embedded: bool = True
    authority: str | None = None
    names: frozenset[str] | None = None
    relaxng: bool = True


def make_plan(
    schema: str | os.PathLike[str] = "project",
    schematron: SchematronOption = True,
    embedded: bool = True,
    authority: str | os.PathLike[str] | None = None,
) -> Plan:
    """``schematron=True`` runs the project rules with the project schema (and
    no rules with another schema); a path runs that .sch; False runs none."""
    choice = resolve_schema(schema)
    if schematron is True:
        rules = PROJECT_SCH if choice.name == "project" else None
    elif schematron is False or schematron is None:
        rules = None
    else:
        rules = Path(schematron)
    return Plan(
        choice,
        rules,
        embedded and choice.name != "project",  # the project schema carries no rules
        os.fspath(authority) if authority is not None else None,
    )


# ---------------------------------------------------------------- compiled, per process

_compiled: dict[tuple[object, ...], object] = {}


def _version(path: Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)  # the loader reports the missing file
    return st.st_mtime_ns, st.st_size


def _once(key: tuple[object, ...], make: type | object, *args: object) -> object:
    """Compiled once per process, and again when the file has changed since:
    a ``tei-pipeline serve`` process outlives edits to the schema."""
    if key not in _compiled:
        if len(_compiled) > 16:
            _compiled.clear()
        _compiled[key] = make(*args)  # type: ignore[operator]
    return _compiled[key]


def grammar(
    path: str | os.PathLike[str] = PROJECT_RNG, names: frozenset[str] | None = None
) -> Validator:
    """The compiled RelaxNG schema at ``path`` (reduced to ``names`` if given)."""
    from pipeline.validation.relaxng import Grammar

    p = Path(path)
    tei = p.resolve() == PROJECT_RNG.resolve() or p.name in {f for _, f in OFFICIAL.values()}
    return _once(("rng", str(p), _version(p), names, tei), Grammar, p, names, tei)  # type: ignore[return-value]


def rules(path: str | os.PathLike[str] = PROJECT_SCH, authority: str | None = None) -> Validator:
    """The rules at ``path``: the project's in Python, any other through lxml."""
    p = Path(path)
    if p.resolve() == PROJECT_SCH.resolve():
        from pipeline.validation.rules import ProjectRules

        return _once(("rules", authority), ProjectRules, authority)  # type: ignore[return-value]
    from pipeline.validation.schematron import Rules

    return _once(("sch", str(p), _version(p), authority), Rules, p, authority)  # type: ignore[return-value]


def embedded_rules(path: Path) -> Validator:
    from pipeline.validation.embedded import EmbeddedRules
    from pipeline.validation.grammar import load_schema

    def make(p: Path) -> EmbeddedRules:
        doc = load_schema(p)
        return EmbeddedRules(p, doc, etree.tostring(doc))

    return _once(("embedded", str(path), _version(path)), make, path)  # type: ignore[return-value]


def preload(schema: str | os.PathLike[str] = "project") -> None:
    """Compile what validating against ``schema`` needs, so that a warm server
    (``tei-pipeline serve``) hands it to every run it forks."""
    plan = make_plan(schema)
    validators(plan)


@dataclass
class Validators:
    """A plan's validators: the grammar (lxml or jing), then the rules."""

    grammar: Validator | None
    rules: list[Validator]


def validators(plan: Plan, checker: jing.Jing | None = None) -> Validators:
    """The validators of ``plan``, compiled once per process (``checker``: a
    jing already running over a batch)."""
    found: Validator | None = None
    if not plan.relaxng:
        pass
    elif plan.choice.engine == "jing":
        found = checker or jing.Jing(plan.choice.path)
    else:
        found = grammar(plan.choice.path, plan.names if plan.choice.name != "project" else None)
    out: list[Validator] = []
    if plan.rules is not None:
        out.append(rules(plan.rules, plan.authority))
    if plan.embedded:
        out.append(embedded_rules(plan.choice.path))
    return Validators(found, out)


# ---------------------------------------------------------------- one document


def check_document(document: Document, checks: Validators) -> list[Issue]:
    """Every issue of ``document``: those of parsing, of the grammar, then of
    the rules, in document order. The same fault seen by the grammar and a
    rule (a bad date, a duplicate id) is reported once."""
    issues = list(document.prior)
    if checks.grammar is not None:
        found = checks.grammar.check(document)
        if isinstance(checks.grammar, jing.Jing):  # jing reports duplicate ids itself
            issues = [i for i in issues if i.code != "id-unique"]
        issues += found
        if [i.code for i in found] == ["wrong-namespace"] and "/" not in found[0].xpath[1:]:
            return issues  # not TEI at all: the rules have nothing to say
    for check in checks.rules:
        done = {i.xpath for i in issues if "/@" in i.xpath} | {(i.line, i.code) for i in issues}
        issues += [
            i for i in check.check(document) if i.xpath not in done and (i.line, i.code) not in done
        ]
    return sorted(issues, key=_order)


def _order(issue: Issue) -> tuple[int, int]:
    return issue.line, issue.column


def iter_issues(
    source: str | os.PathLike[str] | etree._ElementTree,
    *,
    schema: str | os.PathLike[str] = "project",
    schematron: SchematronOption = True,
    embedded: bool = True,
    file: str | None = None,
    authority: str | os.PathLike[str] | None = None,
) -> Iterator[Issue]:
    """Every problem of one document (a path or a parsed tree), in document order.

    ``authority`` overrides where ``@ref="authority.xml#id"`` is looked up."""
    plan = make_plan(schema, schematron, embedded, authority)
    if plan.choice.engine == "lxml" and plan.choice.name in OFFICIAL:
        warnings.warn(
            f"Java not found: validating against {plan.choice.name} with libxml2",
            RuntimeWarning,
            stacklevel=2,
        )
    if isinstance(source, etree._ElementTree):
        document = document_of(source, file)
    else:
        document = read_document(os.fspath(source))
    if not isinstance(document, Document):
        yield from (_named(i, file) for i in document)
        return
    yield from (_named(i, file) for i in check_plan(document, plan))


def check_plan(document: Document, plan: Plan, checker: jing.Jing | None = None) -> list[Issue]:
    """``document`` checked as ``plan`` says (jing through ``checker`` if given)."""
    lxml = plan.relaxng and plan.choice.engine == "lxml"
    if lxml and plan.choice.name != "project" and plan.names is None:
        plan = replace(plan, names=document.names)
    return check_document(document, validators(plan, checker))


def _named(issue: Issue, file: str | None) -> Issue:
    return issue if file is None else replace(issue, file=file)


def is_valid(source: str | os.PathLike[str] | etree._ElementTree, **options: object) -> bool:
    """True if the document has no error (warnings allowed)."""
    return not any(i.severity == "error" for i in iter_issues(source, **options))  # type: ignore[arg-type]


def assert_valid(source: str | os.PathLike[str] | etree._ElementTree, **options: object) -> None:
    """Raise ``InvalidDocument`` listing the errors, if there are any."""
    errors = [i for i in iter_issues(source, **options) if i.severity == "error"]  # type: ignore[arg-type]
    if errors:
        raise InvalidDocument(errors)
