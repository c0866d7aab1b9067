"""The convert and build commands: plain text to TEI, and the whole edition."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.options import (
    EXIT_INVALID,
    EXIT_REFUSED,
    EXIT_UNREADABLE,
    encoding_option,
    jobs_option,
    progress,
)


def _sources(paths: tuple[Path, ...]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    return found


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
    help="Authority list for entity markup [default: tei/authority.xml if present].",
)
@click.option("--no-entities", is_flag=True, help="Do not mark persons, places and organisations.")
@click.option("--force", is_flag=True, help="Replace a hand-edited TEI file (a .bak copy is kept).")
@encoding_option
@jobs_option("Texts converted")
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
    from pipeline.edition.build import convert_one, load_authority
    from pipeline.edition.fingerprint import write_edition
    from pipeline.errors import OverwriteRefused, PipelineError
    from pipeline.workers import pmap, resolve_jobs

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
    with progress(len(work), "converting") as bar:
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


@click.command()
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
@encoding_option
@jobs_option("Texts converted, validated and rendered")
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
    from pipeline.edition.build import build as run_build
    from pipeline.workers import resolve_jobs

    count = len(list((root / "seeds").glob("*.txt")))
    jobs = resolve_jobs(jobs, count)
    with progress(count, "building") as bar:
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
