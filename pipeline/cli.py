"""The ``tei-pipeline`` command line: thin click commands over the pure stages.

Exit codes: 0 ok; 1 invalid documents (or stale outputs for ``build --check``);
2 usage error; 3 a file could not be read or converted (or is not XML); 4 an
overwrite was refused to protect a hand edit; 5 a schema or stylesheet could
not be loaded.
"""

from __future__ import annotations

from pathlib import Path

import click

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_REFUSED = 4


class _Jobs(click.ParamType):
    """--jobs: a positive number of worker processes, or "auto"."""

    name = "N|auto"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if value == "auto" or isinstance(value, int):
            return value
        if str(value).isascii() and str(value).isdigit() and int(value) >= 1:
            return int(value)
        self.fail(f"{value!r} is not a positive number or 'auto'", param, ctx)


def _jobs_option(what: str):  # type: ignore[no-untyped-def]
    return click.option(
        "-j",
        "--jobs",
        type=_Jobs(),
        default="auto",
        show_default=True,
        help=f"{what} in parallel worker processes; auto: one per core for batches of "
        "100 files or more. The output is the same for any number.",
    )


def _check_encoding(_ctx, _param, value: str) -> str:  # type: ignore[no-untyped-def]
    from .source import text_codec

    try:
        text_codec(value)
    except LookupError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


_encoding_option = click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    callback=_check_encoding,
    help="Encoding of the source texts, e.g. cp1252 or latin-1 for old files. "
    "Without it, text that is not UTF-8 is refused with its position.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tei-pipeline")
def main() -> None:
    """Plain-text transcriptions to TEI P5: convert, annotate, validate, render."""


# ---- convert / build (converter) -------------------------------------------


def _sources(paths: tuple[Path, ...]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    return found


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Output file (one source) or folder (several); default: standard output.",
)
@click.option(
    "--authority",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Authority list for entity markup [default: tei/authority.xml if present].",
)
@click.option("--no-entities", is_flag=True, help="Do not mark persons, places and organisations.")
@click.option("--force", is_flag=True, help="Replace a hand-edited TEI file (a .bak copy is kept).")
@_encoding_option
@_jobs_option("Texts converted")
def convert(
    sources: tuple[Path, ...],
    output: Path | None,
    authority: Path | None,
    no_entities: bool,
    force: bool,
    encoding: str,
    jobs: int | str,
) -> None:
    """Convert plain-text transcriptions to TEI P5.

    A corrections file NAME.corrections.toml next to NAME.txt is applied.
    One file that cannot be converted does not stop the others: every
    failure is listed at the end.

    \b
    Examples:
      tei-pipeline convert seeds/bukharin-1923-twelfth-congress.txt -o out.xml
      tei-pipeline convert texts/ -o tei/ --jobs 2
      tei-pipeline convert old.txt --encoding cp1252 -o old.xml
    """
    from .build import convert_one, load_authority
    from .edition import write_edition
    from .errors import OverwriteRefused, PipelineError
    from .workers import pmap, resolve_jobs

    files = _sources(sources)
    several = len(files) > 1 or any(p.is_dir() for p in sources)
    if several and output is not None and output.suffix == ".xml":
        raise click.UsageError("several sources need -o to name a folder, not a .xml file")
    if several and output is None:
        raise click.UsageError("several sources need -o OUTPUT_FOLDER")
    if authority is None and not no_entities and Path("tei/authority.xml").exists():
        authority = Path("tei/authority.xml")
    auth = None if no_entities else authority
    try:
        load_authority(auth)  # one clear error before any text; workers inherit the list
    except PipelineError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_UNREADABLE) from None
    failures: list[str] = []
    refused = False
    work = [(source, auth, encoding) for source in files]
    with _progress(len(work), "converting") as bar:
        for source, (data, error) in zip(
            files, pmap(convert_one, work, resolve_jobs(jobs, len(work)))
        ):
            bar.update(1)
            if data is None:
                failures.append(error)
                continue
            if output is None:
                click.echo(data.decode("utf-8"), nl=False)
                continue
            target = output / (source.stem + ".xml") if several else output
            try:
                backup = write_edition(target, data, force=force)
            except OverwriteRefused as exc:
                refused = True
                failures.append(str(exc))
                continue
            if backup is not None:
                click.echo(f"{target}: replaced; previous version kept as {backup}", err=True)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures:
        if len(files) > 1:
            click.echo(f"{len(failures)} of {len(files)} files failed", err=True)
        raise SystemExit(EXIT_REFUSED if refused and len(failures) == 1 else EXIT_UNREADABLE)


@main.command()
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder holding seeds/ and tei/.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the HTML and text renderings [default: ROOT/build].",
)
@click.option(
    "--check",
    is_flag=True,
    help="Regenerate in memory; exit 1 if the committed tei/ files are stale or invalid.",
)
@click.option("--force", is_flag=True, help="Replace hand-edited TEI files (a .bak copy is kept).")
@_encoding_option
@_jobs_option("Texts converted, validated and rendered")
def build(
    root: Path, out: Path | None, check: bool, force: bool, encoding: str, jobs: int | str
) -> None:
    """Build the edition: seeds/*.txt -> tei/*.xml, validated, rendered to build/.

    \b
    Examples:
      tei-pipeline build            # write tei/ and build/
      tei-pipeline build --check    # CI: are the committed tei/ files current and valid?
      tei-pipeline build -j 2       # two processes
    """
    from .build import build as run_build
    from .workers import resolve_jobs

    count = len(list((root / "seeds").glob("*.txt")))
    jobs = resolve_jobs(jobs, count)
    with _progress(count, "building") as bar:
        report = run_build(
            root,
            out or root / "build",
            check=check,
            force=force,
            jobs=jobs,
            encoding=encoding,
            progress=lambda _result: bar.update(1),
        )
    for result in report.results:
        name = (
            result.target.relative_to(root) if result.target.is_relative_to(root) else result.target
        )
        if result.status in {"written", "unchanged"}:
            extra = f" (previous version kept as {result.backup})" if result.backup else ""
            click.echo(f"{name}: {'up to date' if check else result.status}{extra}")
        else:
            click.echo(f"{name}: {result.status}: {result.message}", err=True)
            for issue in result.issues[:20]:
                click.echo(f"  {issue}", err=True)
    click.echo(
        f"{len(report.results)} texts, {len(report.failed)} failed"
        + ("" if check else f", {len(report.outputs)} renderings in {out or root / 'build'}")
    )
    statuses = {r.status for r in report.failed}
    if "failed" in statuses:
        raise SystemExit(EXIT_UNREADABLE)
    if "refused" in statuses:
        raise SystemExit(EXIT_REFUSED)
    if statuses:
        raise SystemExit(EXIT_INVALID)


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def _progress(length: int, label: str):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal for long runs; silence in CI and pipes."""
    import os
    import sys

    if length < 20 or not sys.stderr.isatty() or os.environ.get("CI"):
        return _NoBar()
    return click.progressbar(length=length, label=label, file=sys.stderr)


# ---- end convert / build ----------------------------------------------------

# ---- annotate / entities (entities) ----------------------------------------

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .authority import Authority, Entry
    from .entities import Listed


def _authority_path(file: Path, given: Path | None) -> Path:
    """--authority, else authority.xml next to FILE, else tei/authority.xml."""
    for candidate in (given, file.parent / "authority.xml", Path("tei/authority.xml")):
        if candidate is not None and candidate.is_file() and candidate.resolve() != file.resolve():
            return candidate
    raise click.UsageError("no authority list: give --authority (default tei/authority.xml)")


def _load_tei(file: Path):  # type: ignore[no-untyped-def]
    from .errors import InputError
    from .xmlio import parse_file

    try:
        return parse_file(file)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_UNREADABLE) from None


def _load_authority_or_exit(path: Path):  # type: ignore[no-untyped-def]
    from .authority import load_authority
    from .errors import ResourceError

    try:
        return load_authority(path)
    except ResourceError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_UNREADABLE) from None


_authority_option = click.option(
    "--authority",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Authority list [default: authority.xml next to FILE, else tei/authority.xml].",
)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the result here instead of changing FILE.",
)
@_authority_option
def annotate(file: Path, output: Path | None, authority: Path | None) -> None:
    """Add person, place and organisation markup to an existing TEI file.

    Markup already there (also hand-made) is kept and never nested into;
    comments, processing instructions and attributes are kept; a name split
    by hi, lb or a note is still found.  FILE is changed in place
    (atomically) unless -o is given; a second run changes nothing.  Names not
    in the authority list are marked cert="low" resp="#ner" (see `entities
    --unreviewed` and `accept`).

    \b
    Example:
      tei-pipeline annotate tei/bukharin-1923-twelfth-congress.xml
    """
    from .entities import mark_entities
    from .xmlio import serialize, write_atomic

    auth = _load_authority_or_exit(_authority_path(file, authority))
    tree = _load_tei(file)
    before = serialize(tree)
    found = mark_entities(tree, auth)
    target = output or file
    data = serialize(tree)
    if data != before or output is not None:  # an unchanged file is not rewritten
        write_atomic(target, data)
    linked = sum(1 for f in found if f.ref)
    click.echo(
        f"{target}: {len(found)} mentions added or linked"
        f" ({linked} linked, {len(found) - linked} suggestions)"
    )


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "authority"]),
    default="table",
    show_default=True,
    help="authority: ready-to-paste authority entries for the suggestions.",
)
@click.option(
    "--unreviewed",
    is_flag=True,
    help="Only machine suggestions; exit 1 if there is any (0 if none), for CI.",
)
@_authority_option
def entities(file: Path, fmt: str, unreviewed: bool, authority: Path | None) -> None:
    """List the persons, places and organisations marked in a TEI file.

    Each mention with its line, type, review status (linked: points to the
    authority list; suggested: found by the recogniser, awaiting review;
    unlinked: marked by hand or by the converter without @ref) and entry.

    Exit status: 0; with --unreviewed, 1 while any suggestion awaits review.

    \b
    Examples:
      tei-pipeline entities tei/bukharin-1923-twelfth-congress.xml
      tei-pipeline entities tei/x.xml --unreviewed --format json   # CI gate
      tei-pipeline entities tei/x.xml --unreviewed --format authority
    """
    import json

    from .entities import list_mentions, ref_id

    mentions = list_mentions(_load_tei(file))
    if unreviewed:
        mentions = [m for m in mentions if m.status == "suggested"]
    if fmt == "json":
        click.echo(json.dumps([m.as_dict() for m in mentions], indent=2, ensure_ascii=False))
    elif fmt == "authority":
        click.echo(_authority_snippet(file, authority, mentions), nl=False)
    else:
        click.echo(f"{'line':>5}  {'type':6}  {'status':9}  {'entry':16}  text")
        for m in mentions:
            line = "" if m.line is None else str(m.line)
            click.echo(f"{line:>5}  {m.type:6}  {m.status:9}  {ref_id(m.ref) or '-':16}  {m.text}")
        counts = {
            s: sum(1 for m in mentions if m.status == s)
            for s in ("linked", "suggested", "unlinked")
        }
        click.echo(f"{len(mentions)} mentions: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    if unreviewed and mentions:
        raise SystemExit(EXIT_INVALID)


def _new_entries(
    mentions: list[Listed], auth: Authority | None, only: tuple[str, ...] = ()
) -> list[Entry]:
    """One new authority entry per distinct suggested (type, name)."""
    from .authority import Entry, make_id

    taken = set(auth.entries) if auth is not None else set()
    entries, seen = [], set()
    for m in mentions:
        key = (m.type, m.text)
        if m.status != "suggested" or key in seen or (only and m.text not in only):
            continue
        if auth is not None and auth.lookup(m.text, m.type) is not None:
            continue
        seen.add(key)
        id_ = make_id(m.text, taken)
        taken.add(id_)
        entries.append(Entry(id_, m.type, (m.text,), ""))
    return entries


def _authority_snippet(file: Path, authority: Path | None, mentions: list[Listed]) -> str:
    from lxml import etree

    from .authority import entry_element

    try:
        auth = _load_authority_or_exit(_authority_path(file, authority))
    except click.UsageError:
        auth = None
    lists = {"person": "listPerson", "place": "listPlace", "org": "listOrg"}
    out = []
    for type_, list_tag in lists.items():
        entries = [e for e in _new_entries(mentions, auth) if e.type == type_]
        if not entries:
            continue
        out.append(f"<!-- {list_tag}: complete each note; add idno only when verified -->\n")
        for entry in entries:
            el = entry_element(entry)
            etree.indent(el, space="  ")
            text = etree.tostring(el, encoding="unicode")
            out.append(text.replace(' xmlns="http://www.tei-c.org/ns/1.0"', "") + "\n")
    return "".join(out)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--only",
    multiple=True,
    metavar="NAME",
    help="Accept only this suggested name (repeatable); default: all.",
)
@_authority_option
def accept(file: Path, only: tuple[str, ...], authority: Path | None) -> None:
    """Accept machine suggestions of FILE into the authority list and link them.

    Each distinct suggested name becomes an entry (xml:id made from the name,
    a note to complete); the authority list and FILE are then rewritten
    atomically, the accepted mentions pointing to their new entries.

    \b
    Example:
      tei-pipeline accept tei/x.xml --only "Samuel Moore" --only Schorlemmer
    """
    from .authority import add_entries, authority_from_tree
    from .entities import list_mentions, mark_entities
    from .xmlio import serialize, write_atomic

    auth_path = _authority_path(file, authority)
    auth = _load_authority_or_exit(auth_path)
    tree = _load_tei(file)
    entries = _new_entries(list_mentions(tree), auth, only)
    if not entries:
        click.echo("nothing to accept")
        return
    auth_tree = _load_tei(auth_path)
    add_entries(auth_tree, entries)
    write_atomic(auth_path, serialize(auth_tree))
    found = mark_entities(tree, authority_from_tree(auth_tree, auth_path))
    write_atomic(file, serialize(tree))
    for entry in entries:
        click.echo(f"added {entry.type} {entry.id}: {entry.name}")
    click.echo(f"{auth_path}: {len(entries)} entries added; {file}: {len(found)} mentions linked")


# ---- end annotate / entities ------------------------------------------------

# ---- validate (schema) -----------------------------------------------------

EXIT_SCHEMA = 5  # validate: a schema or rules file could not be loaded, or jing failed


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--schema",
    default="project",
    show_default=True,
    metavar="project|tei-all|tei-lite|PATH.rng",
    help="RelaxNG schema. tei-all and tei-lite are local copies, never downloaded: set "
    "TEI_PIPELINE_TEI_ALL / TEI_PIPELINE_TEI_LITE, or keep them in ../shared/reference.",
)
@click.option(
    "--schematron",
    type=click.Path(exists=True, dir_okay=False),
    help="Schematron rules to run [default: the project rules, with the project schema].",
)
@click.option("--no-schematron", is_flag=True, help="Run no Schematron rules.")
@click.option(
    "--authority",
    type=click.Path(exists=True, dir_okay=False),
    help="Authority list for @ref [default: the file each @ref names, beside the document].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit", "github", "sarif"]),
    default="text",
    show_default=True,
    help="Report format, written to standard output.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes a document invalid.",
)
@_jobs_option("Files validated")
def validate(
    paths: tuple[str, ...],
    schema: str,
    schematron: str | None,
    no_schematron: bool,
    authority: str | None,
    fmt: str,
    fail_on: str,
    jobs: int | str,
) -> None:
    """Validate TEI files, folders (recursively: every *.xml) and globs.

    With no options: the project RelaxNG schema and its Schematron rules.
    The official schemas run on jing (one run for the whole batch) when Java
    is present, on libxml2 otherwise.

    \b
    Examples:
        tei-pipeline validate tei/
        tei-pipeline validate --schema tei-all --format junit 'tei/*.xml' > report.xml

    \b
    Exit status: 0 all valid; 1 invalid documents; 2 usage error (bad option,
    schema not found); 3 a file could not be read or is not (well-formed) XML
    (also reported as a record); 5 a schema or rules file could not be loaded.
    """
    import sys

    from .errors import Issue, ResourceError
    from .report import render_report
    from .validate import FileReport, check_files, expand_paths, resolve_schema
    from .workers import resolve_jobs

    if schematron and no_schematron:
        raise click.UsageError("--schematron and --no-schematron exclude each other")
    try:
        choice = resolve_schema(schema)
    except ResourceError as exc:
        raise click.UsageError(str(exc)) from None
    if choice.engine == "lxml" and choice.name in ("tei-all", "tei-lite"):
        click.echo(
            f"warning: Java not found; validating against {choice.name} with libxml2 "
            "(slow to compile, less faithful than jing)",
            err=True,
        )
    files, missing = expand_paths(list(paths))
    rules: bool | str = False if no_schematron else (schematron or True)
    with _progress(len(files), "validating") as bar:
        try:
            reports = check_files(
                files,
                schema=schema,
                schematron=rules,
                authority=authority,
                jobs=resolve_jobs(jobs, len(files)),
                progress=lambda _file: bar.update(1),
            )
        except ResourceError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_SCHEMA)
    for arg in missing:
        issue = Issue(
            arg, 1, 1, "", "io", "io-missing", "error", "no such file, folder or matching glob"
        )
        reports.append(FileReport(arg, [issue], readable=False))
    click.echo(render_report(reports, fmt, fail_on), nl=False)
    if any(not r.readable for r in reports):
        sys.exit(EXIT_UNREADABLE)
    if any(r.fails(fail_on) for r in reports):
        sys.exit(EXIT_INVALID)


# ---- end validate -----------------------------------------------------------

# ---- render (render) -------------------------------------------------------

_RENDER_SUFFIX = {"html": ".html", "text": ".txt"}


def _render_one(job: tuple[str, str, str, bool, int | None]) -> str | None:
    """Render one file to one file; the error message, or None. (A worker for --jobs.)"""
    from .errors import PipelineError
    from .render import render
    from .xmlio import parse_file, write_atomic

    source, target, fmt, reading, width = job
    try:
        text = render(parse_file(source), fmt, reading=reading, width=width)
        write_atomic(target, text.encode("utf-8"))
    except PipelineError as exc:
        return str(exc)
    return None


def _render_jobs(paths: tuple[Path, ...], output: Path, suffix: str) -> list[tuple[Path, Path]]:
    """(source, target) pairs: folders are searched for *.xml, their layout kept under output."""
    pairs: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            for source in sorted(path.rglob("*.xml")):
                pairs.append((source, output / source.relative_to(path).with_suffix(suffix)))
        else:
            pairs.append((path, output / path.with_suffix(suffix).name))
    return pairs


@main.command("render")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["html", "text"]),
    required=True,
    help="html: a standalone reading edition; text: plain text.",
)
@click.option(
    "--reading/--diplomatic",
    default=True,
    show_default=True,
    help="Corrected text, or the text as transcribed (for HTML: the view the page opens in).",
)
@click.option(
    "--width",
    type=click.IntRange(min=1),
    default=None,
    help="Wrap plain text at N columns [default: no wrapping].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Output file (one input file) or folder (several, a folder, or a name ending in /);"
    " default: standard output.",
)
@_jobs_option("Files rendered")
def render_command(
    paths: tuple[Path, ...],
    fmt: str,
    reading: bool,
    width: int | None,
    output: str | None,
    jobs: int | str,
) -> None:
    """Render TEI files as an HTML reading edition or as plain text.

    \b
    Examples:
      tei-pipeline render tei/bukharin-1923-twelfth-congress.xml --to html -o page.html
      tei-pipeline render tei/bukharin-1923-twelfth-congress.xml --to text --diplomatic --width 72
      tei-pipeline render tei/ --to html -o site/ --jobs 2
    """
    from .errors import PipelineError
    from .render import render
    from .workers import pmap, resolve_jobs
    from .xmlio import parse_file, write_atomic

    if width is not None and fmt != "text":
        raise click.UsageError("--width applies to --to text only")
    folder = None if output is None else Path(output)
    single = len(paths) == 1 and not paths[0].is_dir()
    if single and (folder is None or not (folder.is_dir() or str(output).endswith(("/", "\\")))):
        try:
            text = render(parse_file(paths[0]), fmt, reading=reading, width=width)
            if folder is None:
                click.echo(text, nl=False)
            else:
                write_atomic(folder, text.encode("utf-8"))
        except PipelineError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(EXIT_UNREADABLE) from None
        return
    if folder is None:
        raise click.UsageError("several files or a folder need -o OUTPUT_FOLDER")
    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"{folder} is a file: several inputs need a folder")
    pairs = _render_jobs(paths, folder, _RENDER_SUFFIX[fmt])
    work = [(str(s), str(t), fmt, reading, width) for s, t in pairs]
    failures = []
    with _progress(len(work), "rendering") as bar:
        for error in pmap(_render_one, work, resolve_jobs(jobs, len(work))):
            bar.update(1)
            if error is not None:
                failures.append(error)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    click.echo(f"{len(work) - len(failures)} of {len(work)} files rendered as {fmt} in {folder}")
    if failures:
        raise SystemExit(EXIT_UNREADABLE)


# ---- end render -------------------------------------------------------------

# ---- serve (server) ----------------------------------------------------------


@main.command()
@click.option(
    "--socket",
    "path",
    metavar="PATH",
    help="Unix socket to listen at; validate finds one given here through "
    "$TEI_PIPELINE_SOCKET [default: $TEI_PIPELINE_SOCKET, else a private folder in "
    "$XDG_RUNTIME_DIR or /tmp].",
)
@click.option(
    "--idle-timeout",
    type=click.FloatRange(min=0),
    default=0,
    help="Stop after this many seconds without a request; 0: never.",
)
@click.option("--status", is_flag=True, help="Say whether a server is listening, and exit.")
@click.option("--stop", is_flag=True, help="Stop the server that is listening, and exit.")
def serve(path: str | None, idle_timeout: float, status: bool, stop: bool) -> None:
    """Keep a validator warm for editors: later `validate` runs go to it.

    Each `validate` then skips starting Python, importing lxml and compiling
    the schema: a small file is checked in a few milliseconds instead of
    about fifty. Output and exit status are the same as without the server.
    It runs in the foreground until Ctrl-C, SIGTERM, `serve --stop`, the
    idle timeout, or a change to the installed code (start it again then).
    Set TEI_PIPELINE_NO_SERVER=1 to make `validate` ignore it.

    \b
    Examples:
        tei-pipeline serve &
        tei-pipeline validate tei/bukharin-1923-twelfth-congress.xml
        tei-pipeline serve --stop
    """
    import sys

    from . import server
    from .errors import ResourceError

    where = path or server.socket_path()
    if status or stop:
        reply = server.ask(where, "stop" if stop else "status")
        if reply is None:
            click.echo(f"no server at {where}", err=True)
            sys.exit(EXIT_INVALID)
        click.echo(f"{where}: {reply}")
        return
    try:
        server.serve(where, idle_timeout or None, log=lambda line: click.echo(line, err=True))
    except ResourceError as exc:
        raise click.UsageError(str(exc)) from None


def invoke(args: list[str] | None = None) -> int:
    """Run the command line on ``args`` (default: ``sys.argv[1:]``); the exit
    status, with output flushed."""
    import sys

    try:
        main(args=args, prog_name="tei-pipeline")
        code = EXIT_OK
    except SystemExit as exc:
        if isinstance(exc.code, str):
            click.echo(exc.code, err=True)
        code = exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else 1)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started with the stream closed (>&-)
                stream.flush()
    except BrokenPipeError:  # the reader went away (| head): not our failure
        pass
    return code


def run() -> None:
    """The command, then a quick exit: the process ends without tearing the
    interpreter down, since freeing every module and lxml object takes longer
    than checking a small file. Worker pools are closed by then (``with``
    blocks)."""
    import os

    os._exit(invoke())


if __name__ == "__main__":  # python -m pipeline.cli
    run()
