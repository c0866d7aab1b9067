"""The annotate, entities, accept and reject commands: entity markup and its
review."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.exits import exit_status
from pipeline.cli.options import edition_here
from pipeline.cli.report import report, say
from pipeline.results import FileResult, Outcome

if TYPE_CHECKING:
    from pipeline.entities.markup import Listed


def authority_of(files: list[Path], given: Path | None) -> Path:
    """The authority list the review commands work on (one must exist)."""
    found = find_authority(files, given)
    if found is None:
        raise click.UsageError("no authority list: give --authority (default tei/authority.xml)")
    return found


def find_authority(files: list[Path], given: Path | None) -> Path | None:
    """--authority; else the list of the files' edition; else authority.xml
    beside the first file; else the current edition's; else none."""
    from pipeline.edition.config import edition_of

    edition = edition_of(files[0]) if files else None
    candidates = [
        given,
        edition.authority if edition is not None else None,
        files[0].parent / "authority.xml" if files else None,
        edition_here().authority,
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_file() and candidate not in files:
            return candidate
    return None


def texts_of(files: tuple[Path, ...]) -> list[Path]:
    """FILE arguments; none: every TEI file of the current edition (but a
    link out of it, which is named and left alone)."""
    from pipeline.edition.files import inside

    if files:
        return list(files)
    config = edition_here()
    found = []
    for path in sorted(config.tei.glob("*.xml")):
        if not inside(path, config.root):
            say(f"warning: {path}: a symbolic link out of the edition folder: left alone", err=True)
        elif path.resolve() != config.authority.resolve():
            found.append(path)
    return found


_authority_option = click.option(
    "--authority",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Authority list [default: the edition's, tei/authority.xml; else authority.xml"
    " next to FILE].",
)
_files = click.argument(
    "files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
_only = click.option(
    "--only",
    multiple=True,
    metavar="NAME",
    help="Only the suggestions of this name (repeatable); default: all.",
)


@click.command()
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
    --unreviewed` and `accept`); with no list at all, every name found is
    such a suggestion.

    \b
    Example:
      tei-pipeline annotate tei/bukharin-1923-twelfth-congress.xml
    """
    from pipeline.edition.review import annotate as run

    raise SystemExit(report([run(file, find_authority([file], authority), output)]))


@click.command()
@_files
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
def entities(files: tuple[Path, ...], fmt: str, unreviewed: bool, authority: Path | None) -> None:
    """List the persons, places and organisations marked in TEI files
    (default: every text of the edition).

    Each mention with its line, type, review status (linked: points to the
    authority list; suggested: found by the recogniser, awaiting review;
    unlinked: marked by hand or by the converter without @ref) and entry.

    Exit status: 0; with --unreviewed, 1 while any suggestion awaits review.

    \b
    Examples:
      tei-pipeline entities --unreviewed          # what awaits review, in every text
      tei-pipeline entities tei/x.xml --unreviewed --format json   # CI gate
      tei-pipeline entities tei/x.xml --unreviewed --format authority
    """
    from pipeline.entities.markup import list_mentions
    from pipeline.xmlio import parse_file

    paths = texts_of(files)
    found = {path: list_mentions(parse_file(path)) for path in paths}
    if unreviewed:
        found = {p: [m for m in ms if m.status == "suggested"] for p, ms in found.items()}
    if fmt == "json":
        show_json(found)
    elif fmt == "authority":
        show_entries(found, paths, authority)
    else:
        for path, mentions in found.items():
            show_table(path, mentions, len(found) > 1)
    awaiting = Outcome.INVALID if unreviewed else Outcome.OK  # suggestions fail the CI gate
    results = [FileResult(str(p), awaiting if ms else Outcome.OK) for p, ms in found.items()]
    raise SystemExit(exit_status(results))


def show_json(found: dict[Path, list[Listed]]) -> None:
    import json

    rows = [{**m.as_dict(), "file": str(path)} for path, ms in found.items() for m in ms]
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False))


def show_table(path: Path, mentions: list[Listed], named: bool) -> None:
    from pipeline.entities.markup import ref_id

    if named:
        say(f"{path}:")
    click.echo(f"{'line':>5}  {'type':6}  {'status':9}  {'entry':16}  text")
    for m in mentions:
        line = "" if m.line is None else str(m.line)
        say(f"{line:>5}  {m.type:6}  {m.status:9}  {ref_id(m.ref) or '-':16}  {m.text}")
    counts = {
        s: sum(1 for m in mentions if m.status == s) for s in ("linked", "suggested", "unlinked")
    }
    click.echo(f"{len(mentions)} mentions: " + ", ".join(f"{n} {s}" for s, n in counts.items()))


def show_entries(found: dict[Path, list[Listed]], paths: list[Path], given: Path | None) -> None:
    """Ready-to-paste authority entries for the suggestions not in the list."""
    from lxml import etree

    from pipeline.edition.review import new_entries
    from pipeline.entities.authority import (
        LIST_OF_TYPE,
        entry_element,
        load_authority,
        normalize_form,
    )

    try:
        known = load_authority(authority_of(paths, given))
    except click.UsageError:
        known = None
    chosen: dict[tuple[str, str], str] = {}
    for mentions in found.values():
        for m in mentions:
            if m.status == "suggested":
                chosen.setdefault((m.type, normalize_form(m.text)), m.text)
    new = new_entries(chosen, known)
    for type_, list_tag in LIST_OF_TYPE.items():
        entries = [e for e in new if e.type == type_]
        if entries:
            click.echo(f"<!-- {list_tag}: complete each note; add idno only when verified -->")
        for entry in entries:
            el = entry_element(entry)
            etree.indent(el, space="  ")
            text = etree.tostring(el, encoding="unicode")
            click.echo(text.replace(' xmlns="http://www.tei-c.org/ns/1.0"', ""))


@click.command()
@_files
@_only
@_authority_option
def accept(files: tuple[Path, ...], only: tuple[str, ...], authority: Path | None) -> None:
    """Accept machine suggestions into the authority list and link them
    (default: every suggestion of every text of the edition).

    Each distinct suggested name becomes an entry (xml:id made from the name,
    a note to complete); the list is written first, then the texts, under
    the edition's lock. A generated text is made afresh from its sources, so
    `build --check` passes afterwards; a hand-edited one is changed in place.

    \b
    Examples:
      tei-pipeline accept                                   # everything suggested
      tei-pipeline accept tei/x.xml --only "Samuel Moore" --only Schorlemmer
    """
    from pipeline.edition.review import accept as run

    paths = texts_of(files)
    raise SystemExit(report(run(paths, authority_of(paths, authority), only)))


@click.command()
@_files
@_only
@_authority_option
def reject(files: tuple[Path, ...], only: tuple[str, ...], authority: Path | None) -> None:
    """Reject machine suggestions: unmark them and never suggest them again
    (default: every suggestion of every text of the edition).

    Rejected names are remembered in the authority list (a list
    type="rejected" in its standOff), so `build` does not suggest them again.

    \b
    Example:
      tei-pipeline reject tei/x.xml --only "Labour" --only "Party"
    """
    from pipeline.edition.review import reject as run

    paths = texts_of(files)
    raise SystemExit(report(run(paths, authority_of(paths, authority), only)))
