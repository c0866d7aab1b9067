"""The index of names: every person, place and organisation a text names,
described from the authority list and with each mention's context.

``collect`` reads a (prepared) TEI tree once and returns ``Entry`` records:
the preferred form (persons surname first), dates and description from the
authority entry's note, linked identifiers, the mentions in the text with a
few words either side, and the roles under which the entry is credited
(header, source information) kept apart from the mentions.  The page's
index, the site-wide index and the search data are all made from these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.letters import unaccented
from pipeline.spans import local
from pipeline.tei import ENTITY_NAMES, tei

if TYPE_CHECKING:
    from pipeline.entities.authority import Authority

R_NS = "urn:tei-pipeline:render"
TYPE_OF = {"persName": "person", "placeName": "place", "orgName": "org"}
GROUPS = ("person", "place", "org")
# Elements whose text is the context of a name inside them.
CONTEXT_BLOCKS = frozenset(
    {
        "p", "ab", "l", "item", "head", "cell", "note", "quote", "label", "speaker", "stage",
        "titlePart", "docAuthor", "docDate", "salute", "signed", "dateline", "byline",
        "trailer", "bibl", "title", "resp", "publisher", "licence", "author", "editor",
    }
)  # fmt: skip
_READING = frozenset({"corr", "reg", "expan"})
_SILENT = frozenset({"note", "fw", "figDesc"})
CONTEXT_CHARS = 60
_PARTICLES = frozenset(
    {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "ten", "ter", "le"}
    | {"la", "d'", "dos", "das", "zu", "af"}
)
# A name that starts with an article names a body ("The Editors"), not a person.
_ARTICLES = frozenset(
    {"the", "a", "an", "der", "die", "das", "den", "det", "le", "la", "les", "el", "los", "las"}
    | {"il", "lo"}
)
_DATES = re.compile(r"\s*\(((?:c\.\s*|b\.\s*|d\.\s*)?\d{3,4}(?:\s*[–-]\s*\d{0,4})?[^()]{0,12})\)")
_SPACES = re.compile(r"\s+")
_UNSAFE = re.compile(r"[^\w.-]+")  # \w: letters and digits of any script, and "_"
_IDNO_URLS = {
    "wikidata": "https://www.wikidata.org/wiki/{}",
    "viaf": "https://viaf.org/viaf/{}",
    "geonames": "https://www.geonames.org/{}",
    "gnd": "https://d-nb.info/gnd/{}",
    "isni": "https://isni.org/isni/{}",
    "orcid": "https://orcid.org/{}",
}


@dataclass(frozen=True)
class Mention:
    """One place a name occurs: the element's id in the page and its context."""

    id: str
    before: str
    hit: str
    after: str
    suggested: bool = False


@dataclass
class Entry:
    key: str  # the entry's id in the page: "ix-" + the authority id or a slug
    type: str  # person | place | org
    name: str  # as the index shows it: "Marx, Karl"
    dates: str = ""
    description: str = ""
    idnos: list[tuple[str, str, str]] = field(default_factory=list)  # (type, value, href)
    mentions: list[Mention] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)  # roles: "Transcription", ...
    linked: bool = False  # described by the authority list

    @property
    def sort_key(self) -> str:
        return sort_key(self.name)

    @property
    def suggested(self) -> bool:
        return bool(self.mentions) and all(m.suggested for m in self.mentions)


def r(name: str) -> str:
    """A name in the render namespace of prepared documents."""
    return f"{{{R_NS}}}{name}"


def clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def all_text(el: etree._Element, sep: str = "") -> str:
    """Every text node under ``el``, joined."""
    return sep.join(str(piece) for piece in el.itertext())


def invert(name: str) -> str:
    """A person's name surname first, as an index lists it: "Karl Marx" ->
    "Marx, Karl"; "Daniel De Leon" -> "De Leon, Daniel"; one word, or a name
    already inverted, stays as it is."""
    words = clean(name).split(" ")
    if len(words) < 2 or "," in name or words[0].lower() in _ARTICLES:
        return clean(name)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[start:]) + ", " + " ".join(words[:start])


def sort_key(name: str) -> str:
    """Letters only, accents and case ignored, a leading "The" dropped."""
    plain = unaccented(name).casefold()
    plain = re.sub(r"^the\s+", "", plain)
    return re.sub(r"[^\w\s,]", "", plain)


def split_note(note: str) -> tuple[str, str]:
    """(dates, description) of an authority note: "German philosopher
    (1818–1883); author of Capital." -> ("1818–1883", "German philosopher;
    author of Capital.")."""
    match = _DATES.search(note)
    if not match:
        return "", clean(note)
    return match.group(1).strip(), clean(note[: match.start()] + note[match.end() :])


def idno_href(type_: str, value: str) -> str:
    """A link for an external identifier: a URL as it is, a known scheme's URL."""
    value = value.strip()
    if value.startswith(("https://", "http://")):
        return value
    pattern = _IDNO_URLS.get(type_.lower())
    return pattern.format(value) if pattern and re.fullmatch(r"[\w.-]+", value) else ""


def slug(text: str) -> str:
    """An id made of ``text``: accents folded ("Zürich" -> "Zurich"), letters
    without a Latin base kept ("Плеханов"), other characters beyond ASCII
    left out, runs of the rest one "-"."""
    folded = "".join(ch for ch in unaccented(text) if ch.isascii() or ch.isalnum())
    return _UNSAFE.sub("-", folded).strip("-") or "x"


def is_suggestion(el: etree._Element) -> bool:
    return el.get("cert") == "low" or "#ner" in (el.get("resp") or "").split()


# ---- contexts ------------------------------------------------------------------


def context_block(el: etree._Element) -> etree._Element:
    for ancestor in el.iterancestors():
        if local(ancestor) in CONTEXT_BLOCKS:
            return ancestor
    parent = el.getparent()
    return parent if parent is not None else el


def flat_spans(
    block: etree._Element, wanted: set[etree._Element]
) -> tuple[str, dict[etree._Element, tuple[int, int]]]:
    """The reading text of ``block`` (notes left out) and the offsets of the
    ``wanted`` elements in it: one pass over the block."""
    parts: list[str] = []
    spans: dict[etree._Element, tuple[int, int]] = {}
    size = 0

    def add(text: str | None) -> None:
        nonlocal size
        if text:
            parts.append(text)
            size += len(text)

    def walk(el: etree._Element) -> None:
        name = local(el)
        if name == "lb":
            add(" ")
            return
        start = size
        if name == "choice":
            kids = [c for c in el if local(c) in _READING] or [c for c in el if local(c)][:1]
            for kid in kids[:1]:
                walk(kid)
        else:
            add(el.text)
            for child in el:
                if local(child) and local(child) not in _SILENT:
                    walk(child)
                add(child.tail)
        if el in wanted:
            spans[el] = (start, size)

    walk(block)
    return "".join(parts), spans


def context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """A few words either side of ``text[start:end]``, cut at word ends."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in before:
        before = before.split(" ", 1)[1]
    if end + CONTEXT_CHARS < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0]
    return clean(before) if before.strip() else "", clean(text[start:end]), after.rstrip()


# ---- collecting ------------------------------------------------------------------


class _Entries:
    """Entries by key, made on first sight of a name."""

    def __init__(self, authority: Authority | None) -> None:
        self.authority = authority
        self.by_key: dict[str, Entry] = {}
        self._slugs: dict[str, str] = {}

    def _key(self, raw: str) -> str:
        key = self._slugs.get(raw)
        if key is None:
            key = base = "ix-" + slug(raw)
            taken = set(self._slugs.values())
            n = 2
            while key in taken:
                key, n = f"{base}-{n}", n + 1
            self._slugs[raw] = key
        return key

    def entry_for(self, el: etree._Element) -> Entry:
        type_ = TYPE_OF[local(el)]
        ref = (el.get("ref") or "").strip()
        found = self.authority.by_ref(ref) if self.authority and ref else None
        if found is not None:
            key = self._key(found.id)
        elif ref:
            key = self._key(ref.rpartition("#")[2] or ref)
        else:
            key = self._key(f"{type_[0]}-{clean(flat_spans(el, set())[0])}")
        entry = self.by_key.get(key)
        if entry is None:
            entry = self.by_key[key] = _new_entry(key, type_, found)
        if not entry.linked:
            # Named by its fullest mention: "Nikolai Bukharin", not "Bukharin".
            text = clean(flat_spans(el, set())[0])
            shown = invert(text) if type_ == "person" else text
            if len(shown) > len(entry.name):
                entry.name = shown
        return entry


def _new_entry(key: str, type_: str, found: object) -> Entry:
    if found is None:
        return Entry(key=key, type=type_, name="")
    name = found.name  # type: ignore[attr-defined]
    dates, description = split_note(found.note)  # type: ignore[attr-defined]
    return Entry(
        key=key,
        type=type_,
        name=invert(name) if type_ == "person" else name,
        dates=dates,
        description=description,
        idnos=[(t, v, idno_href(t, v)) for t, v in found.idnos],  # type: ignore[attr-defined]
        linked=True,
    )


def sorted_entries(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (GROUPS.index(e.type), e.sort_key, e.key))


NAME_TAGS = tuple(tei(n) for n in sorted(ENTITY_NAMES))


def entry_element(entry: Entry, href: str = "") -> etree._Element:
    """An entry as the stylesheets read it; ``href`` prefixes mention links
    (the page's file name in the site-wide index)."""
    el = etree.Element(r("entry"), nsmap={"r": R_NS})
    el.set("key", entry.key)
    el.set("type", entry.type)
    el.set("name", entry.name)
    if entry.suggested:
        el.set("suggested", "yes")
    for attr, value in (("dates", entry.dates), ("description", entry.description)):
        if value:
            el.set(attr, value)
    for type_, value, link in entry.idnos:
        idno = etree.SubElement(el, r("idno"), type=type_)
        if link:
            idno.set("href", link)
        idno.text = value
    for mention in entry.mentions:
        m = etree.SubElement(el, r("mention"), href=f"{href}#{mention.id}")
        if mention.suggested:
            m.set("suggested", "yes")
        etree.SubElement(m, r("before")).text = mention.before
        etree.SubElement(m, r("hit")).text = mention.hit
        etree.SubElement(m, r("after")).text = mention.after
    for role in entry.credits:
        etree.SubElement(el, r("credit")).text = role
    return el
