"""The validate command: TEI files against the project or official schemas."""

from __future__ import annotations

import click

from pipeline.cli.options import EXIT_INVALID, EXIT_SCHEMA, EXIT_UNREADABLE, jobs_option, progress


@click.command()
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
@jobs_option("Files validated")
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

    from pipeline.errors import Issue, ResourceError
    from pipeline.validation.report import render_report
    from pipeline.validation.validate import FileReport, check_files, expand_paths, resolve_schema
    from pipeline.workers import resolve_jobs

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
    with progress(len(files), "validating") as bar:
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
