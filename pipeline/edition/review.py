"""The review of entity suggestions: ``accept`` them into the authority list,
``reject`` them for good, or mark a file's entities afresh (``annotate``).

The authority list is read, changed and written under the edition's lock,
so concurrent reviews never lose an entry; the list is written before the
texts, so an interrupted review leaves no reference to a missing entry (run
it again to finish). New entries and rejections are added in the list's own
indentation, leaving the rest of the file as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

from pipeline.edition.files import href, locked
from pipeline.edition.fingerprint import rewritten
from pipeline.edition.update import Patch, update_text
from pipeline.entities.authority import (
    ELEMENT_OF_TYPE,
    LIST_OF_TYPE,
    REJECTED,
    TYPE_OF_ELEMENT,
    Authority,
    Entry,
    authority_from_tree,
    entry_element,
    lists_holder,
    load_authority,
    make_id,
    normalize_form,
)
from pipeline.entities.markup import NER_RESP, mark_entities
from pipeline.errors import InputError, PipelineError, ResourceError
from pipeline.results import FileResult, Outcome
from pipeline.spans import READING, local, text_of, unwrap
from pipeline.tei import NSMAP, TEI_NS
from pipeline.xmlio import append_indented, parse_bytes, parse_file, read_file, write_atomic

Key = tuple[str, str]  # (type, normalised name)


def annotate(file: Path, authority: Path | None, output: Path | None = None) -> FileResult:
    """Mark persons, places and organisations in ``file``, linked to the list
    (with none, every name found is an unlinked suggestion)."""
    folder = (output or file).parent

    def patch(tree: etree._ElementTree) -> str:
        names = (
            Authority() if authority is None else load_authority(authority, href(authority, folder))
        )
        notes: list[str] = []
        found = mark_entities(tree, names, notes)
        linked = sum(1 for f in found if f.ref)
        said = "".join(f"; {note}" for note in notes)
        return (
            f"{len(found)} mentions added or linked"
            f" ({linked} linked, {len(found) - linked} suggestions){said}"
        )

    with locked(folder):
        return update_text(file, patch, authority=authority, output=output)


def suggestions(tree: etree._ElementTree) -> list[etree._Element]:
    """The machine suggestions of a document (entity elements awaiting review)."""
    tags = [f"{{{TEI_NS}}}{tag}" for tag in TYPE_OF_ELEMENT]
    return [el for el in tree.getroot().iter(*tags) if el.get("resp") == NER_RESP]


def key_of(el: etree._Element) -> Key:
    return TYPE_OF_ELEMENT[local(el)], normalize_form(text_of(el, READING))


def _chosen(files: Sequence[Path], only: Sequence[str]) -> tuple[dict[Key, str], list[FileResult]]:
    """The suggestions to review (key -> name as written), and the files
    that could not be read."""
    wanted = {normalize_form(name) for name in only}
    chosen: dict[Key, str] = {}
    failed = []
    for file in files:
        try:
            tree = parse_file(file)
        except PipelineError as exc:
            failed.append(FileResult(str(file), Outcome.UNREADABLE, message=str(exc)))
            continue
        for el in suggestions(tree):
            key = key_of(el)
            if not wanted or key[1] in wanted:
                chosen.setdefault(key, key[1])
    return chosen, failed


def _unmatched(only: Sequence[str], chosen: dict[Key, str], authority: Path) -> list[FileResult]:
    names = {name for _, name in chosen}
    return [
        FileResult(str(authority), target=str(authority), warning=f"no suggestion named {n!r}")
        for n in only
        if normalize_form(n) not in names
    ]


Change = Callable[[etree._ElementTree, dict[Key, str]], str]
PatchFor = Callable[[etree._ElementTree, Path, dict[Key, str]], Patch]
# What a review did to a text (and what it could not do), read from the
# text as written: a generated text is made afresh, which may do more, or
# less, than its patch did.
Told = Callable[[Path, etree._ElementTree], tuple[str, str]]


def _review(
    files: Sequence[Path],
    authority: Path,
    only: Sequence[str],
    change: Change,
    patch_for: PatchFor,
    told: Told | None = None,
) -> list[FileResult]:
    """Change the authority list for the chosen suggestions, then the files
    (what was done to each told by ``told``, where given)."""
    with locked(authority.parent):
        chosen, results = _chosen(files, only)
        results += _unmatched(only, chosen, authority)
        old = read_file(authority)
        tree = parse_bytes(old, str(authority))
        try:
            action = change(tree, chosen)
        except ResourceError as exc:
            raise InputError(str(exc), str(authority)) from None
        if action:
            write_atomic(authority, rewritten(old, tree))
            results.append(FileResult(str(authority), target=str(authority), action=action))
        unreadable = {r.source for r in results if r.failed}
        for file in files:
            if str(file) not in unreadable:
                patch = patch_for(tree, file, chosen)
                result = update_text(file, patch, authority=authority)
                if told is not None and result.target and result.outcome is not Outcome.UNREADABLE:
                    result.action, warning = told(file, parse_file(result.target))
                    result.warning = result.warning or warning
                results.append(result)
    return results


def accept(files: Sequence[Path], authority: Path, only: Sequence[str] = ()) -> list[FileResult]:
    """Accept the suggestions of ``files`` (those named in ``only``, else all)
    into the authority list, and link them."""

    def add_entries(tree: etree._ElementTree, chosen: dict[Key, str]) -> str:
        entries = new_entries(chosen, authority_from_tree(tree, authority))
        for entry in entries:
            _append(tree, LIST_OF_TYPE[entry.type], entry_element(entry))
        names = ", ".join(f"{e.type} {e.id} ({e.name})" for e in entries)
        return f"{len(entries)} entries added: {names}" if entries else ""

    listings: dict[str, Authority] = {}  # the list read once per way the texts refer to it
    # Per text: the refs of the chosen entries, and how many mentions had one before.
    linked: dict[Path, tuple[frozenset[str], int]] = {}
    chosen_keys: dict[Path, frozenset[Key]] = {}

    def link(tree: etree._ElementTree, file: Path, chosen: dict[Key, str]) -> Patch:
        where = href(authority, file.parent)
        if where not in listings:
            listings[where] = authority_from_tree(tree, authority, where)
        listing = listings[where]
        entries = (listing.lookup(name, type_) for type_, name in chosen)
        refs = frozenset(entry.ref for entry in entries if entry is not None)

        chosen_keys[file] = frozenset(chosen)

        def patch(doc: etree._ElementTree) -> str:
            linked[file] = refs, _links(doc, refs)
            _link(doc, listing, chosen)
            return ""  # told from the text written

        return patch

    def told(file: Path, written: etree._ElementTree) -> tuple[str, str]:
        # every mention linked, not only the suggestions: a text made afresh
        # links "Engels" too once "Frederick Engels" is accepted; and it may
        # suggest again what the recogniser will not link there ("Madame
        # Marx" is not Marx): those are named, for the editor to decide
        refs, before = linked[file]
        chosen = chosen_keys[file]
        left = [el for el in suggestions(written) if key_of(el) in chosen]
        warning = ""
        if left:
            names = "; ".join(f'line {el.sourceline}: "{key_of(el)[1]}"' for el in left)
            warning = (
                f"{len(left)} suggestions accepted stay suggestions in the text made afresh"
                f" ({names}): the recogniser does not link them there; reject them, or"
                " link them by hand"
            )
        return f"{_links(written, refs) - before} mentions linked", warning

    return _review(files, authority, only, add_entries, link, told)


def _link(doc: etree._ElementTree, listing: Authority, chosen: dict[Key, str]) -> None:
    """Link the chosen suggestions of ``doc`` to their entries."""
    for el in suggestions(doc):
        key = key_of(el)
        entry = listing.lookup(key[1], key[0]) if key in chosen else None
        if entry is not None:
            el.set("ref", entry.ref)
            for attribute in ("resp", "cert"):
                if attribute in el.attrib:
                    del el.attrib[attribute]


def _links(tree: etree._ElementTree, refs: frozenset[str]) -> int:
    """How many entity elements of ``tree`` point to one of ``refs``."""
    tags = [f"{{{TEI_NS}}}{tag}" for tag in TYPE_OF_ELEMENT]
    return sum(1 for el in tree.getroot().iter(*tags) if el.get("ref") in refs)


def new_entries(chosen: dict[Key, str], known: Authority | None) -> list[Entry]:
    """One new entry per chosen name the list does not know."""
    taken = set(known.entries) if known is not None else set()
    entries = []
    for (type_, name), written in chosen.items():
        if known is not None and known.lookup(name, type_) is not None:
            continue
        id_ = make_id(written, taken)
        taken.add(id_)
        entries.append(Entry(id_, type_, (written,), ""))
    return entries


def reject(files: Sequence[Path], authority: Path, only: Sequence[str] = ()) -> list[FileResult]:
    """Reject the suggestions of ``files`` (those named in ``only``, else
    all): remembered in the authority list, unmarked in the files."""

    def remember(tree: etree._ElementTree, chosen: dict[Key, str]) -> str:
        new = sorted(set(chosen) - authority_from_tree(tree, authority).rejected)
        for type_, name in new:
            item = etree.Element(f"{{{TEI_NS}}}item")
            etree.SubElement(item, f"{{{TEI_NS}}}{ELEMENT_OF_TYPE[type_]}").text = name
            _append(tree, REJECTED, item)
        names = ", ".join(f"{type_} {name!r}" for type_, name in new)
        return f"{len(new)} rejections remembered: {names}" if new else ""

    def unmark(_tree: etree._ElementTree, _file: Path, chosen: dict[Key, str]) -> Patch:
        def patch(doc: etree._ElementTree) -> str:
            removed = [el for el in suggestions(doc) if key_of(el) in chosen]
            for el in removed:
                unwrap(el)
            return f"{len(removed)} suggestions unmarked"

        return patch

    return _review(files, authority, only, remember, unmark)


def _append(tree: etree._ElementTree, list_name: str, item: etree._Element) -> None:
    """Add ``item`` to the authority list's ``list_name`` (a list type for
    the rejections), making the list where it has none."""
    holder = lists_holder(tree)
    if list_name == REJECTED:
        found = holder.find(f"tei:list[@type='{REJECTED}']", NSMAP)
    else:
        found = holder.find(f"tei:{list_name}", NSMAP)
    if found is None:
        found = etree.Element(f"{{{TEI_NS}}}{'list' if list_name == REJECTED else list_name}")
        if list_name == REJECTED:
            found.set("type", REJECTED)
            head = etree.SubElement(found, f"{{{TEI_NS}}}head")
            head.text = "Suggestions an editor rejected: never suggested again"
        append_indented(holder, found)
    append_indented(found, item)
