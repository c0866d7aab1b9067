"""The document the stylesheets render: a copy of the TEI tree with what
XSLT 1.0 cannot compute cheaply worked out beforehand, in one pass each.

Attributes in the ``r:`` namespace (``urn:tei-pipeline:render``) number the
notes and corrections and name every mention's id and index entry; an
``r:page`` element at the end of the root carries the page's language and
labels, the readers' statement of editorial practice, the index of names
(from the authority list, with contexts) and the credits.  The stylesheets
then only lay things out: no per-note or per-mention scan of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from lxml import etree

from pipeline.render import labels as label_table
from pipeline.render.blocks import mark_labelled_items, mark_paragraphs_with_blocks
from pipeline.render.names import (
    NAME_TAGS,
    R_NS,
    Entry,
    Mention,
    _Entries,
    all_text,
    clean,
    context,
    context_block,
    entry_element,
    flat_spans,
    is_suggestion,
    r,
    slug,
    sorted_entries,
    tei,
)
from pipeline.spans import local
from pipeline.tei import XML_NS

if TYPE_CHECKING:
    from pipeline.entities.authority import Authority

# Notes inside these are in running text: a numbered marker and a footnote.
INLINE_CONTAINERS = frozenset(
    {
        "p", "ab", "l", "head", "item", "cell", "q", "quote", "seg", "hi", "label", "stage",
        "speaker", "titlePart", "bibl", "salute", "signed", "dateline", "trailer", "byline",
        "docAuthor", "docDate", "emph", "foreign", "title",
    }
)  # fmt: skip
# Parts of the front that credit rather than speak: names there are credits.
CREDIT_PARTS = frozenset({"docAuthor", "byline", "docImprint"})
_INTERNAL = re.compile(r"\s*#\S+\s*")  # one pointer into the document
_INDENT = re.compile(r"indent\W*(\d*)")
XML_ID = f"{{{XML_NS}}}id"


@dataclass(frozen=True)
class Options:
    """How a page is made: ``review`` shows machine suggestions (an editor's
    view); ``lang`` overrides the document's language for the labels;
    ``site`` adds links to the site's list of texts and index of names."""

    reading: bool = True
    review: bool = False
    lang: str | None = None
    site: bool = False


@dataclass
class Prepared:
    tree: etree._ElementTree
    entries: list[Entry]
    lang: str


def prepare(
    tree: etree._ElementTree | etree._Element,
    authority: Authority | None = None,
    options: Options = Options(),
) -> Prepared:
    """The annotated copy of ``tree`` (left unchanged) and its index entries."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    copy = etree.ElementTree(_copy(root))
    root = copy.getroot()
    ids = _Ids(root)
    texts = [t for t in root.iter(tei("text")) if not _inside(t, "text")]
    scope = texts or [root]
    inline = _number_notes(scope, ids)
    mark_labelled_items(root)
    mark_paragraphs_with_blocks(root)
    choices = _number_choices(scope, ids)
    _mark_indents(scope)
    _name_divisions(scope, ids)
    _link_references(scope, ids)
    entries = _Entries(authority)
    mentioned = _mark_mentions(root, scope, entries, options.review)
    lang, declared = label_table.language_of(root, scope, options.lang)
    credited = _credits(root, entries, label_table.labels(lang))
    _mark_machine_credits(root, scope)
    features = {
        "corrections": choices > 0,
        "quotations": any(True for _ in _iter(scope, "q")),
        "names": mentioned > 0,
        "notes": inline > 0 or any(True for _ in _iter(scope, "note")),
        "pages": any(pb.get("n") for pb in _iter(scope, "pb")),
    }
    listed = sorted_entries([e for e in entries.by_key.values() if e.mentions or e.credits])
    page = _page(lang, declared, options, features, listed, credited)
    root.append(page)
    return Prepared(copy, listed, lang)


def _copy(root: etree._Element) -> etree._Element:
    import copy

    return copy.deepcopy(root)


def _inside(el: etree._Element, name: str) -> bool:
    return any(local(a) == name for a in el.iterancestors())


def _iter(scope: Iterable[etree._Element], *names: str) -> Iterable[etree._Element]:
    tags = [tei(name) for name in names]
    for top in scope:
        yield from top.iter(*tags)


class _Ids:
    """Ids made for the page that no xml:id of the document already takes."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self._taken: set[str] | None = None

    @property
    def taken(self) -> set[str]:
        if self._taken is None:  # read on first need: most documents need no made id
            self._taken = {str(v) for v in self.root.xpath("//@xml:id")}  # type: ignore[union-attr]
        return self._taken

    def make(self, base: str) -> str:
        made, n = base, 1
        while made in self.taken:
            made, n = f"{base}-{n}", n + 1
        self.taken.add(made)
        return made


def _is_inline(note: etree._Element) -> bool:
    for ancestor in note.iterancestors():
        name = local(ancestor)
        if name in INLINE_CONTAINERS:
            return True
        if name in {"div", "body", "back", "front", "text", "lg", "sp", "list", "listNote"}:
            return False
    return False


def _number_notes(scope: list[etree._Element], ids: _Ids) -> int:
    """Number the notes in running text (footnotes), in document order."""
    n = 0
    for note in _iter(scope, "note"):
        if _is_inline(note):
            n += 1
            note.set(r("n"), str(n))
            note.set(r("id"), note.get(XML_ID) or ids.make(f"fn-{n}"))
            note.set(r("ref"), ids.make(f"fnref-{n}"))
    return n


def _number_choices(scope: list[etree._Element], ids: _Ids) -> int:
    """Number the editorial interventions and give each an id in the page."""
    n = 0
    for choice in _iter(scope, "choice"):
        parent = choice.getparent()
        if parent is not None and local(parent) == "choice":
            continue
        n += 1
        own = choice.get(XML_ID) or next((c.get(XML_ID) for c in choice if c.get(XML_ID)), None)
        choice.set(r("n"), str(n))
        choice.set(r("id"), own or ids.make(f"choice-{n}"))
        choice.set(r("app"), ids.make(f"app-{n}"))
    return n


def _link_references(scope: list[etree._Element], ids: _Ids) -> None:
    """Internal references (``#id``) that resolve: marked, and the first one
    to each element given an id the element links back to."""
    refs = [
        ref for ref in _iter(scope, "ref", "ptr") if _INTERNAL.fullmatch(ref.get("target") or "")
    ]
    if not refs:
        return
    by_id = {el.get(XML_ID): el for top in scope for el in top.iter() if el.get(XML_ID)}
    for ref in refs:
        target = by_id.get(ref.get("target", "").strip()[1:])
        if target is None:
            continue
        ref.set(r("internal"), "yes")
        if target.get(r("back")) is None:
            back = ref.get(XML_ID) or ids.make("ref-" + slug(ref.get("target", "").strip()[1:]))
            ref.set(r("id"), back)
            target.set(r("back"), back)


DIVS = tuple(tei(f"div{n}") for n in ("", 1, 2, 3, 4, 5, 6, 7))


def _name_divisions(scope: list[etree._Element], ids: _Ids) -> None:
    """Every division's id in the page: its own, else a running number."""
    n = 0
    for top in scope:
        for div in top.iter(*DIVS):
            n += 1
            div.set(r("id"), div.get(XML_ID) or ids.make(f"div-{n}"))


def _mark_indents(scope: list[etree._Element]) -> None:
    for line in _iter(scope, "l"):
        match = _INDENT.search(line.get("rend") or "")
        if match:
            line.set(r("indent"), str(min(int(match.group(1) or 1), 8)))


_DOC_TITLE = tei("docTitle")
_CREDIT_TAGS = frozenset(tei(name) for name in CREDIT_PARTS)
_DIV = tei("div")
_TEXT_PARTS = frozenset({tei("body"), tei("back")})


def _region(el: etree._Element) -> str:
    """Where a name stands: "title" (the text's title), "credit" (author,
    source information) or "text"."""
    for ancestor in el.iterancestors():
        tag = ancestor.tag
        if tag == _DOC_TITLE:
            return "title"
        if tag in _CREDIT_TAGS or (tag == _DIV and ancestor.get("type") == "source-info"):
            return "credit"
        if tag in _TEXT_PARTS:
            return "text"
    return "text"


def _mark_mentions(
    root: etree._Element, scope: list[etree._Element], entries: _Entries, review: bool
) -> int:
    """Give each name in the text an id and its index entry; collect contexts."""
    found: list[tuple[etree._Element, Entry | None]] = []
    for top in scope:
        for el in top.iter(*NAME_TAGS):
            if _region(el) != "text":
                continue
            suggestion = is_suggestion(el)
            if suggestion:
                el.set(r("suggested"), "1")
            entry = entries.entry_for(el) if review or not suggestion else None
            found.append((el, entry))
    spans = _contexts([el for el, entry in found if entry is not None])
    count = 0
    for n, (el, entry) in enumerate(found, 1):
        el.set(r("id"), f"m-{n}")
        if entry is None:
            continue
        count += 1
        el.set(r("entry"), entry.key)
        text, start, end = spans.get(el, ("", 0, 0))
        before, hit, after = context(text, start, end)
        entry.mentions.append(Mention(f"m-{n}", before, hit, after, is_suggestion(el)))
    return count


def _mark_machine_credits(root: etree._Element, scope: list[etree._Element]) -> None:
    """Credits for machine suggestions awaiting review (the ``@resp`` of a
    ``@cert="low"`` element): shown in the editor's view only."""
    machines = {
        token[1:]
        for top in scope
        for resp in cast(list[str], top.xpath(".//*[@cert = 'low']/@resp"))
        for token in str(resp).split()
        if token.startswith("#")
    }
    if not machines:
        return
    for stmt in root.iter(tei("respStmt")):
        if stmt.get(XML_ID) in machines:
            stmt.set(r("machine"), "yes")


def _contexts(
    mentions: list[etree._Element],
) -> dict[etree._Element, tuple[str, int, int]]:
    """Each mention's block text and its offsets there: one pass per block."""
    by_block: dict[etree._Element, set[etree._Element]] = {}
    for el in mentions:
        by_block.setdefault(context_block(el), set()).add(el)
    spans: dict[etree._Element, tuple[str, int, int]] = {}
    for block, wanted in by_block.items():
        text, offsets = flat_spans(block, wanted)
        for el, (start, end) in offsets.items():
            spans[el] = (text, start, end)
    return spans


def _credit_role(el: etree._Element, words: dict[str, str]) -> str:
    for ancestor in el.iterancestors():
        name = local(ancestor)
        if name == "respStmt":
            resp = ancestor.find(tei("resp"))
            return clean(all_text(resp)) if resp is not None else ""
        if name in {"author", "docAuthor", "byline"}:
            return words["author"]
        if name == "editor":
            return words["editor"]
        if name in {"publisher", "distributor"}:
            return words["published"]
        if name == "p" and ancestor.get("n"):
            return clean(ancestor.get("n") or "")
        if name in {"licence", "availability"}:
            return words["licence"]
        if name == "sourceDesc":
            return words["source"]
    return ""


def _credits(root: etree._Element, entries: _Entries, words: dict[str, str]) -> int:
    """Names in the header and the front's source information, with their roles."""
    count = 0
    for el in root.iter(*NAME_TAGS):
        in_header = _inside(el, "teiHeader")
        if in_header and (_inside(el, "title") or _inside(el, "editorialDecl")):
            continue
        if not (in_header or _region(el) == "credit") or is_suggestion(el):
            continue
        entry = entries.entry_for(el)
        role = _credit_role(el, words)
        if role not in entry.credits:
            entry.credits.append(role)
            count += 1
    return count


def _page(
    lang: str,
    declared: bool,
    options: Options,
    features: dict[str, bool],
    entries: list[Entry],
    credits: int,
) -> etree._Element:
    page = etree.Element(r("page"), nsmap={"r": R_NS})
    page.set("lang", lang)
    page.set("declared", "yes" if declared else "no")
    page.set("view", "reading" if options.reading else "diplomatic")
    page.set("review", "yes" if options.review else "no")
    page.set("site", "yes" if options.site else "no")
    words = label_table.labels(lang)
    labels = etree.SubElement(page, r("labels"))
    for key, value in words.items():
        etree.SubElement(labels, r("label"), key=key).text = value
    practice = etree.SubElement(page, r("practice"))
    shown = [name for name, present in features.items() if present] or ["none"]
    for name in shown:
        etree.SubElement(practice, r("p")).text = words[f"practice-{name}"]
    index = etree.SubElement(page, r("index"))
    for entry in entries:
        index.append(entry_element(entry))
    page.set("credits", str(credits))
    return page
