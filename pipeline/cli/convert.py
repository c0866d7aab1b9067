"""The convert and build commands: plain text to TEI, and the whole edition."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from pipeline.cli.options import edition_here, encoding_option, jobs_option, progress
from pipeline.cli.report import report, say


@click.command()
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
    help="Authority list for entity markup [default: the edition's, tei/authority.xml].",
)
@click.option("--no-entities", is_flag=True, help="Do not mark persons, places and organisations.")
@click.option("--force", is_flag=True, help="Replace a hand-edited TEI file (a .bak copy is kept).")
@click.option(
    "--no-validate",
    is_flag=True,
    help="Do not validate what is written (huge batches: run `validate` on them later).",
)
@encoding_option
@jobs_option("Texts converted")
def convert(
    sources: tuple[Path, ...],
    output: Path | None,
    authority: Path | None,
    no_entities: bool,
    force: bool,
    no_validate: bool,
    encoding: str,
    jobs: int | str,
) -> None:
    """Convert plain-text transcriptions to TEI P5, validated where written.

    A corrections file NAME.corrections.toml next to NAME.txt is applied.
    References to the authority list and the schemas are written relative to
    the output's folder. One file that cannot be converted does not stop the
    others: every failure is listed at the end.

    \b
    Examples:
      tei-pipeline convert seeds/bukharin-1923-twelfth-congress.txt -o out.xml
      tei-pipeline convert texts/ -o tei/ --jobs 2
      tei-pipeline convert old.txt --encoding cp1252 -o old.xml
    """
    from pipeline.edition.batch import convert_files, find_sources
    from pipeline.edition.texts import Recipe
    from pipeline.workers import resolve_jobs

    recipe = Recipe.of(edition_here(), encoding=encoding, root=None)  # SOURCES: named, trusted
    if no_entities or authority is not None:
        recipe = replace(recipe, authority=authority, entities=not no_entities)
    count = len(find_sources(sources))
    with progress(count, "converting") as bar:
        results = convert_files(
            sources,
            output,
            recipe,
            force=force,
            validate=not no_validate,
            jobs=resolve_jobs(jobs, count),
            emit=lambda data: click.echo(data.decode("utf-8"), nl=False),
            progress=lambda _result: bar.update(1),
        )
    failed = sum(1 for result in results if result.failed)
    status = report(results, quiet=True)
    if failed and len(results) > 1:
        say(f"{failed} of {len(results)} files failed", err=True)
    raise SystemExit(status)


@click.command()
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="The edition's folder [default: the one holding tei-pipeline.toml above the"
    " current folder, else the current folder].",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the HTML and text renderings [default: the edition's, ROOT/build].",
)
@click.option(
    "--check",
    is_flag=True,
    help="Regenerate in memory; exit 1 if the committed tei/ files are stale or invalid.",
)
@click.option("--force", is_flag=True, help="Replace hand-edited TEI files (a .bak copy is kept).")
@encoding_option
@jobs_option("Texts converted, validated and rendered")
def build(
    root: Path | None, out: Path | None, check: bool, force: bool, encoding: str, jobs: int | str
) -> None:
    """Build the edition: seeds/*.txt -> tei/*.xml, validated, rendered to build/.

    A TEI file edited by hand is the master copy of its text: it is kept,
    validated, rendered and listed in the site index, and reported when its
    source or corrections change after the edit.

    \b
    Examples:
      tei-pipeline build            # write tei/ and build/
      tei-pipeline build --check    # CI: are the committed tei/ files current and valid?
      tei-pipeline build -j 2       # two processes
    """
    from pipeline.edition.build import build as run_build
    from pipeline.workers import resolve_jobs

    config = edition_here(root)
    count = len(list(config.seeds.glob("*.txt")))
    with progress(count, "building") as bar:
        results = run_build(
            config,
            out=out,
            check=check,
            force=force,
            jobs=resolve_jobs(jobs, count),
            encoding=encoding,
            progress=lambda _result: bar.update(1),
        )
    texts = [r for r in results if r.source.endswith(".txt")]
    failed = sum(1 for r in texts if r.failed)
    written = sum(len(r.outputs) for r in results)
    summary = f"{len(texts)} texts, {failed} failed" + (
        "" if check else f", {written} files written in {out or config.site}"
    )
    if not texts:
        summary += f" (put the texts in {config.seeds}/ as NAME.txt)"
    raise SystemExit(report(results, summary=summary))
