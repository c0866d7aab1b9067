"""The render command: TEI to an HTML reading edition or plain text."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.options import EXIT_UNREADABLE, jobs_option, progress

_RENDER_SUFFIX = {"html": ".html", "text": ".txt"}


def _render_one(job: tuple[str, str, str, bool, int | None]) -> str | None:
    """Render one file to one file; the error message, or None. (A worker for --jobs.)"""
    from pipeline.errors import PipelineError
    from pipeline.render.transform import render
    from pipeline.xmlio import parse_file, write_atomic

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


@click.command("render")
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
@jobs_option("Files rendered")
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
    from pipeline.errors import PipelineError
    from pipeline.render.transform import render
    from pipeline.workers import pmap, resolve_jobs
    from pipeline.xmlio import parse_file, write_atomic

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
    with progress(len(work), "rendering") as bar:
        for error in pmap(_render_one, work, resolve_jobs(jobs, len(work))):
            bar.update(1)
            if error is not None:
                failures.append(error)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    click.echo(f"{len(work) - len(failures)} of {len(work)} files rendered as {fmt} in {folder}")
    if failures:
        raise SystemExit(EXIT_UNREADABLE)
