"""The render command: TEI to an HTML reading edition or plain text; a folder
rendered to HTML becomes a site (list of texts, index of names, search)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.exits import exit_status
from pipeline.cli.options import jobs_option, progress

if TYPE_CHECKING:
    from pipeline.entities.authority import Authority
    from pipeline.render.site import SiteText
    from pipeline.results import FileResult

_RENDER_SUFFIX = {"html": ".html", "text": ".txt"}


@dataclass(frozen=True)
class _Job:
    source: str
    target: str
    fmt: str
    reading: bool
    width: int | None
    review: bool
    lang: str | None
    authority: str | None
    site: bool


@cache
def _authority(path: str | None) -> Authority | None:
    from pipeline.entities.authority import load_authority

    return None if path is None else load_authority(path)


def _render_one(job: _Job) -> tuple[FileResult, SiteText | None]:
    """Render one file to one file. (A worker for --jobs.)"""
    from pipeline.errors import PipelineError
    from pipeline.render.prepare import Options, prepare
    from pipeline.render.site import describe
    from pipeline.render.transform import page, render
    from pipeline.results import FileResult
    from pipeline.xmlio import parse_file, write_atomic

    result = FileResult(job.source, target=job.target)
    described = None
    try:
        tree = parse_file(job.source)
        authority = _authority(job.authority)
        if job.fmt == "html":
            options = Options(job.reading, job.review, job.lang, job.site)
            prepared = prepare(tree, authority, options)
            text = page(prepared.tree)
            if job.site:
                described = describe(Path(job.target).stem, tree, prepared.entries, authority)
        else:
            text = render(tree, "text", reading=job.reading, width=job.width)
        write_atomic(job.target, text.encode("utf-8"))
        result.action = "written"
    except PipelineError as exc:
        result.fail(exc)
    return result, described


def _render_jobs(
    paths: tuple[Path, ...], output: Path, suffix: str, skip: Path | None
) -> list[tuple[Path, Path]]:
    """(source, target) pairs: folders are searched for *.xml, their layout kept
    under output; a page is never called like the site's own pages."""
    from pipeline.render.site import page_name

    pairs: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            for source in sorted(path.rglob("*.xml")):
                if skip is None or source.resolve() != skip:
                    target = output / source.relative_to(path)
                    pairs.append((source, target.with_name(page_name(target.stem) + suffix)))
        else:
            pairs.append((path, output / (page_name(path.stem) + suffix)))
    return pairs


def _default_authority(paths: tuple[Path, ...]) -> Path | None:
    """``authority.xml`` in the first input's folder (or the folder given), if any."""
    first = paths[0] if paths[0].is_dir() else paths[0].parent
    found = first / "authority.xml"
    return found if found.is_file() else None


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
    "--review",
    is_flag=True,
    help="An editor's view: machine suggestions awaiting review are marked and indexed, "
    "and the TEI header's encoding statement is shown.",
)
@click.option(
    "--lang",
    metavar="TAG",
    help="Language of the page's labels (en, de, fr, da, ru, es) [default: the text's "
    "xml:lang, else a guess from its words].",
)
@click.option(
    "--authority",
    "authority_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Authority list describing the index of names [default: authority.xml beside "
    "the input, if there is one].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Output file (one input file) or folder (several, a folder, or a name ending in /);"
    " default: standard output. HTML in a folder is a site: index.html (the texts and "
    "search), names.html (index of names across the texts), search-index.js.",
)
@jobs_option("Files rendered")
def render_command(
    paths: tuple[Path, ...],
    fmt: str,
    reading: bool,
    width: int | None,
    review: bool,
    lang: str | None,
    authority_path: Path | None,
    output: str | None,
    jobs: int | str,
) -> None:
    """Render TEI files as an HTML reading edition or as plain text.

    \b
    Examples:
      tei-pipeline render tei/bukharin-1923-twelfth-congress.xml --to html -o page.html
      tei-pipeline render tei/bukharin-1923-twelfth-congress.xml --to html --review -o review.html
      tei-pipeline render tei/bukharin-1923-twelfth-congress.xml --to text --diplomatic --width 72
      tei-pipeline render tei/ --to html -o site/ --jobs 2
    """
    if width is not None and fmt != "text":
        raise click.UsageError("--width applies to --to text only")
    authority = authority_path or _default_authority(paths)
    folder = None if output is None else Path(output)
    single = len(paths) == 1 and not paths[0].is_dir()
    if single and (folder is None or not (folder.is_dir() or str(output).endswith(("/", "\\")))):
        _render_single(paths[0], folder, fmt, reading, width, review, lang, authority)
        return
    if folder is None:
        raise click.UsageError("several files or a folder need -o OUTPUT_FOLDER")
    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"{folder} is a file: several inputs need a folder")
    skip = authority.resolve() if authority else None
    pairs = _render_jobs(paths, folder, _RENDER_SUFFIX[fmt], skip)
    site = fmt == "html" and all(t.parent == folder for _, t in pairs)
    work = [
        _Job(str(s), str(t), fmt, reading, width, review, lang, str(authority or "") or None, site)
        for s, t in pairs
    ]
    raise SystemExit(_render_folder(work, folder, fmt, jobs))


def _render_folder(work: list[_Job], folder: Path, fmt: str, jobs: int | str) -> int:
    """Render every job (and the site's shared pages); the exit status."""
    from pipeline.workers import pmap, resolve_jobs
    from pipeline.xmlio import write_atomic

    results, described = [], []
    with progress(len(work), "rendering") as bar:
        for result, text in pmap(_render_one, work, resolve_jobs(jobs, len(work))):
            bar.update(1)
            results.append(result)
            if text is not None:
                described.append(text)
    for result in results:
        if result.failed:
            click.echo(f"error: {result.message}", err=True)
    if described:
        from pipeline.render.site import site_pages

        for name, content in site_pages(described).items():
            write_atomic(folder / name, content.encode("utf-8"))
    done = sum(not r.failed for r in results)
    click.echo(f"{done} of {len(work)} files rendered as {fmt} in {folder}")
    return exit_status(results)


def _render_single(
    source: Path,
    target: Path | None,
    fmt: str,
    reading: bool,
    width: int | None,
    review: bool,
    lang: str | None,
    authority: Path | None,
) -> None:
    """One file to standard output or a file; a library error ends the command
    with its status (``exits.Group``)."""
    from pipeline.render.transform import render
    from pipeline.xmlio import parse_file, write_atomic

    tree = parse_file(source)
    text = render(
        tree,
        fmt,
        reading=reading,
        width=width,
        authority=_authority(str(authority) if authority else None),
        review=review,
        lang=lang,
    )
    if target is None:
        click.echo(text, nl=False)
    else:
        write_atomic(target, text.encode("utf-8"))
