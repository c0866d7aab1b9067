"""The annotate, entities and accept commands: entity markup and its review."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.options import EXIT_INVALID, EXIT_UNREADABLE

if TYPE_CHECKING:
    from pipeline.entities.authority import Authority, Entry
    from pipeline.entities.markup import Listed


def _authority_path(file: Path, given: Path | None) -> Path:
    """--authority, else authority.xml next to FILE, else tei/authority.xml."""
    for candidate in (given, file.parent / "authority.xml", Path("tei/authority.xml")):
        if candidate is not None and candidate.is_file() and candidate.resolve() != file.resolve():
            return candidate
    raise click.UsageError("no authority list: give --authority (default tei/authority.xml)")


def _load_tei(file: Path):  # type: ignore[no-untyped-def]
    from pipeline.errors import InputError
    from pipeline.xmlio import parse_file

    try:
        return parse_file(file)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_UNREADABLE) from None


def _load_authority_or_exit(path: Path):  # type: ignore[no-untyped-def]
    from pipeline.entities.authority import load_authority
    from pipeline.errors import ResourceError

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
    --unreviewed` and `accept`).

    \b
    Example:
      tei-pipeline annotate tei/bukharin-1923-twelfth-congress.xml
    """
    from pipeline.entities.markup import mark_entities
    from pipeline.xmlio import serialize, write_atomic

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


@click.command()
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

    from pipeline.entities.markup import list_mentions, ref_id

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
    from pipeline.entities.authority import Entry, make_id

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

    from pipeline.entities.authority import entry_element

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


@click.command()
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
    from pipeline.entities.authority import add_entries, authority_from_tree
    from pipeline.entities.markup import list_mentions, mark_entities
    from pipeline.xmlio import serialize, write_atomic

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
