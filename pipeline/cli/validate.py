"""The validate command: TEI files against the project or official schemas."""

from __future__ import annotations

import click

from pipeline.cli.options import jobs_option, progress


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--schema",
    default="project",
    show_default=True,
    metavar="project|tei-all|tei-lite|PATH.rng",
    help="RelaxNG schema. tei-all and tei-lite are local copies, never downloaded: set "
    "TEI_PIPELINE_TEI_ALL / TEI_PIPELINE_TEI_LITE, or keep them in "
    "~/.local/share/tei-pipeline.",
)
@click.option(
    "--schematron",
    type=click.Path(exists=True, dir_okay=False),
    help="Schematron rules to run [default: the project rules, with the project schema].",
)
@click.option("--no-schematron", is_flag=True, help="Run no Schematron rules.")
@click.option(
    "--no-embedded-rules",
    is_flag=True,
    help="Skip the Schematron rules an official or custom schema carries.",
)
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
    no_embedded_rules: bool,
    authority: str | None,
    fmt: str,
    fail_on: str,
    jobs: int | str,
) -> None:
    """Validate TEI files, folders (recursively: every *.xml) and globs.

    With no options: the project RelaxNG schema and its Schematron rules.
    The official schemas run on jing (one run for the whole batch) when Java
    is present, on libxml2 otherwise, and their embedded Schematron rules run
    either way.

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

    from pipeline.cli.exits import exit_status
    from pipeline.errors import ResourceError
    from pipeline.results import FileResult
    from pipeline.validation.batch import check_files, expand_paths, missing_result
    from pipeline.validation.report import as_text, brief, render_report, text_block
    from pipeline.validation.validate import OFFICIAL, resolve_schema
    from pipeline.workers import resolve_jobs

    if schematron and no_schematron:
        raise click.UsageError("--schematron and --no-schematron exclude each other")
    try:
        choice = resolve_schema(schema)
    except ResourceError as exc:
        raise click.UsageError(str(exc)) from None
    if choice.engine == "lxml" and choice.name in OFFICIAL:
        click.echo(
            f"warning: Java not found; validating against {choice.name} with libxml2", err=True
        )
    files, missing = expand_paths(list(paths))
    text = fmt == "text"
    blocks: list[str] = []  # of the text report, written while other files are checked

    def done(result: FileResult) -> None:
        bar.update(1)
        if text:
            blocks.append(text_block(result))

    with progress(len(files), "validating") as bar:
        results = check_files(
            files,
            schema=schema,
            schematron=False if no_schematron else (schematron or True),
            embedded=not no_embedded_rules,
            authority=authority,
            fail_on=fail_on,
            jobs=resolve_jobs(jobs, len(files)),
            progress=done,
            then=brief if text else None,
            paths=not text,  # the text report shows none
        )
    named = [missing_result(arg) for arg in missing]
    results += named
    if text:
        report = as_text(results, fail_on, blocks + [text_block(r) for r in named])
    else:
        report = render_report(results, fmt, fail_on)
    click.echo(report, nl=False)
    sys.exit(exit_status(results))
