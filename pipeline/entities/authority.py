"""The authority list: persons, places and organisations every text points to.

``tei/authority.xml`` is a TEI document whose ``standOff`` (or ``back``) holds
``listPerson``, ``listPlace`` and ``listOrg``.  Each entry has an ``xml:id``,
its name forms (the first is preferred; the others are variants and
abbreviations such as "R.C.P."), a short ``note`` and, only where verified,
``idno`` external identifiers.  Entity elements point to an entry as
``authority.xml#ID``.

This module loads the list and answers "which entry is this name?"; finding
names in running text is ``entities.py``'s job.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.errors import InputError, ResourceError
from pipeline.letters import unaccented
from pipeline.tei import NSMAP, TEI_NS, XML_NS, tei
from pipeline.xmlio import parse_file

# How a document refers to the list when it sits beside it; a document
# elsewhere is given the list's path relative to itself (``href``).
DEFAULT_HREF = "authority.xml"
REF_PREFIX = DEFAULT_HREF + "#"
TYPES = ("person", "place", "org")
ELEMENT_OF_TYPE = {"person": "persName", "place": "placeName", "org": "orgName"}
TYPE_OF_ELEMENT = {v: k for k, v in ELEMENT_OF_TYPE.items()}
LIST_OF_TYPE = {"person": "listPerson", "place": "listPlace", "org": "listOrg"}
_ENTRY_TAGS = {"person": "person", "place": "place", "org": "org"}

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:'s|')$")


def normalize_form(text: str) -> str:
    """The key a name form is looked up by: straight apostrophes, single spaces."""
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True)
class Entry:
    """One person, place or organisation of the authority list."""

    id: str
    type: str  # "person" | "place" | "org"
    forms: tuple[str, ...]
    note: str = ""
    idnos: tuple[tuple[str, str], ...] = ()
    href: str = DEFAULT_HREF  # the list, as the document being marked refers to it

    @property
    def name(self) -> str:
        return self.forms[0] if self.forms else self.id

    @property
    def ref(self) -> str:
        return f"{self.href}#{self.id}"


@dataclass
class Authority:
    """Entries by id, and an index of every name form."""

    entries: dict[str, Entry] = field(default_factory=dict, repr=False)
    path: Path | None = None
    href: str = DEFAULT_HREF  # how the documents being marked refer to the list
    # Suggestions an editor rejected, as (type, normalised form): never suggested again.
    rejected: frozenset[tuple[str, str]] = frozenset()
    _by_form: dict[str, Entry] = field(default_factory=dict, repr=False)
    cache: dict[str, object] = field(default_factory=dict, repr=False)

    def add(self, entry: Entry) -> None:
        if entry.id in self.entries:
            raise ResourceError(f"authority list: duplicate xml:id {entry.id!r}")
        self.entries[entry.id] = entry
        for form in entry.forms:
            self._by_form.setdefault(normalize_form(form), entry)
        self.cache.clear()

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def forms(self) -> Iterator[tuple[str, Entry]]:
        """Every (normalised form, entry) pair."""
        return iter(self._by_form.items())

    def lookup(self, text: str, type: str | None = None) -> Entry | None:
        """The entry named by ``text`` (a possessive 's ignored), if any."""
        if not self._by_form:
            return None
        key = normalize_form(text)
        entry = self._by_form.get(key)
        if entry is None:
            stripped = _POSSESSIVE.sub("", key)
            if stripped != key:
                entry = self._by_form.get(stripped)
        if entry is None and key.lower().startswith("the "):
            entry = self._by_form.get(key[4:])
        if entry is not None and type is not None and entry.type != type:
            return None
        return entry

    def by_ref(self, ref: str) -> Entry | None:
        """The entry ``ref`` points to (``HREF#ID``, as this list is referred to)."""
        href, _, id_ = ref.rpartition("#")
        if href != self.href:
            return None
        return self.entries.get(id_)

    def is_rejected(self, text: str, type: str) -> bool:
        """Did an editor reject ``text`` as a suggested ``type``?"""
        return bool(self.rejected) and (type, normalize_form(text)) in self.rejected


def _text(el: etree._Element) -> str:
    return _SPACES.sub(" ", "".join(str(t) for t in el.itertext())).strip()


def authority_from_tree(
    tree: etree._ElementTree, path: Path | None = None, href: str = DEFAULT_HREF
) -> Authority:
    """Read every person, place and org entry of a TEI authority document;
    ``href`` is how the documents to be marked refer to it."""
    authority = Authority(path=path, href=href)
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise ResourceError(f"{path or 'authority list'}: root element is not TEI")
    for type_ in TYPES:
        name_tag = ELEMENT_OF_TYPE[type_]
        for el in root.iterfind(f".//tei:{_ENTRY_TAGS[type_]}", NSMAP):
            id_ = el.get(f"{{{XML_NS}}}id")
            if not id_:
                raise ResourceError(
                    f"{path or 'authority list'}:{el.sourceline}: {type_} entry without xml:id"
                )
            forms = [_text(n) for n in el.iterfind(f"tei:{name_tag}", NSMAP)]
            forms = [f for f in dict.fromkeys(forms) if f]
            note_el = el.find("tei:note", NSMAP)
            idnos = tuple((i.get("type", ""), _text(i)) for i in el.iterfind("tei:idno", NSMAP))
            authority.add(
                Entry(
                    id=id_,
                    type=type_,
                    forms=tuple(forms),
                    note=_text(note_el) if note_el is not None else "",
                    idnos=idnos,
                    href=href,
                )
            )
    authority.rejected = frozenset(_rejected(tree))
    return authority


# The standOff list (``<list type="rejected">``) of names an editor rejected as
# suggestions, one ``item`` each holding a persName, placeName or orgName.
REJECTED = "rejected"


def _rejected(tree: etree._ElementTree) -> Iterator[tuple[str, str]]:
    holder = _holder(tree)
    if holder is None:
        return
    for item in holder.iterfind(f"tei:list[@type='{REJECTED}']/tei:item", NSMAP):
        for name in item.iterchildren(*(tei(tag) for tag in TYPE_OF_ELEMENT)):
            yield TYPE_OF_ELEMENT[etree.QName(name).localname], normalize_form(_text(name))


def load_authority(path: str | os.PathLike[str], href: str = DEFAULT_HREF) -> Authority:
    """Load ``tei/authority.xml``; a missing or malformed file is a ResourceError.
    ``href`` is how the documents to be marked refer to it."""
    path = Path(path)
    try:
        tree = parse_file(path)
    except InputError as exc:
        raise ResourceError(str(exc)) from None
    return authority_from_tree(tree, path, href)


# ---- the editor's side: new entries, ready to paste or to add ---------------

_ID_CHARS = re.compile(r"[^a-z0-9]+")
_DASHES = re.compile("-{2,}")


def make_id(name: str, taken: Iterable[str] = ()) -> str:
    """A readable, unused xml:id for ``name``: "S.R. Party" -> "s-r-party",
    "Jaurès" -> "jaures"; letters without a Latin base stay as they are
    ("Плеханов" -> "плеханов", "Łódź" -> "łodz"): an xml:id may hold them."""
    folded = unaccented(name.lower())
    kept = "".join(ch if ch.isalnum() else "-" for ch in folded)
    base = _DASHES.sub("-", kept).strip("-")
    try:
        etree.QName(f"n{base}")  # every character one an XML name may hold
    except ValueError:
        base = _ID_CHARS.sub("-", folded.encode("ascii", "ignore").decode()).strip("-")
    base = base or "entry"
    if not base[0].isalpha():
        base = "n-" + base
    taken = set(taken)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def entry_element(entry: Entry) -> etree._Element:
    """The TEI element of an entry, as it is written in the authority list."""
    name_tag = ELEMENT_OF_TYPE[entry.type]
    el = etree.Element(f"{{{TEI_NS}}}{_ENTRY_TAGS[entry.type]}", nsmap={None: TEI_NS})  # type: ignore[dict-item]
    el.set(f"{{{XML_NS}}}id", entry.id)
    for i, form in enumerate(entry.forms):
        name = etree.SubElement(el, f"{{{TEI_NS}}}{name_tag}")
        name.set("type", "main" if i == 0 else "variant")
        name.text = form
    note = etree.SubElement(el, f"{{{TEI_NS}}}note")
    note.text = entry.note or "TODO: identify (accepted from a machine suggestion)."
    for kind, value in entry.idnos:
        idno = etree.SubElement(el, f"{{{TEI_NS}}}idno", type=kind)
        idno.text = value
    return el


def lists_holder(tree: etree._ElementTree) -> etree._Element:
    """Where an authority document keeps its lists: standOff, else text/back."""
    holder = _holder(tree)
    if holder is None:
        raise ResourceError("authority list has neither standOff nor text/back")
    return holder


def _holder(tree: etree._ElementTree) -> etree._Element | None:
    root = tree.getroot()
    holder = root.find("tei:standOff", NSMAP)
    return holder if holder is not None else root.find("tei:text/tei:back", NSMAP)
