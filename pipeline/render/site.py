"""A site of texts: each text's page and the pages they share.

``render_site`` takes every text of the site, as ``(name, tree)``, and the
authority list, and returns the site's files by name: ``index.html`` (the
texts, sorted by author surname, with the search form), ``names.html`` (the
index of names across all texts, each mention linking into its page),
``search-index.js`` (the words of every text, for searching without a
server), and, with ``pages``, each text's ``NAME.html``, ``NAME.txt`` and
``NAME.diplomatic.txt``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from lxml import etree

from pipeline.letters import unaccented
from pipeline.render import labels as label_table
from pipeline.render.names import (
    R_NS,
    Entry,
    all_text,
    clean,
    entry_element,
    invert,
    r,
    sort_key,
    sorted_entries,
)
from pipeline.render.prepare import Options, prepare
from pipeline.render.transform import _apply, _resource, css, page, render, stylesheet
from pipeline.spans import local
from pipeline.tei import ASIDES, BLOCKS, NSMAP

if TYPE_CHECKING:
    from pipeline.entities.authority import Authority

_WORD = re.compile(r"[^\W_]+")
# The site's own pages: a text of one of these names gets "-text" added.
RESERVED = frozenset({"index", "names", "search-index"})
# What sets words apart in search (see words_text).
_APART = BLOCKS | ASIDES
_BREAKS = frozenset({"lb", "pb", "cb"})


def page_name(name: str) -> str:
    """The name of a text's page in the site (without ".html")."""
    return f"{name}-text" if name in RESERVED else name


def href(name: str) -> str:
    """The link to the page of the text ``name`` (a page name): every
    character a path segment cannot hold percent-encoded, so that a name with
    "#", "?" or "%" still links to its file. ":" too: "a:b.html" would read
    as a URI with the scheme "a"."""
    return quote(f"{name}.html", safe="!$&'()*+,;=@")


@dataclass(frozen=True)
class SiteText:
    """What the shared pages need of one text (its page is rendered apart)."""

    name: str
    title: str
    author: str  # as sorted: "Bukharin, Nikolai"
    entries: list[Entry]
    words: frozenset[str]


def render_site(
    texts: Sequence[tuple[str, etree._ElementTree]],
    authority: Authority | None = None,
    *,
    pages: bool = True,
    lang: str = label_table.DEFAULT,
) -> dict[str, str]:
    """The site's files by name (see the module's docstring). ``lang`` is
    the language of the shared pages; each text's page has its own."""
    files: dict[str, str] = {}
    described: list[SiteText] = []
    for text_name, tree in texts:
        name = page_name(text_name)
        prepared = prepare(tree, authority, Options(site=True))
        if pages:
            files[f"{name}.html"] = page(prepared.tree)
            files[f"{name}.txt"] = render(tree, "text")
            files[f"{name}.diplomatic.txt"] = render(tree, "text", reading=False)
        described.append(describe(name, tree, prepared.entries, authority))
    files.update(site_pages(described, lang))
    return files


def site_pages(texts: list[SiteText], lang: str = label_table.DEFAULT) -> dict[str, str]:
    """``index.html``, ``names.html`` and ``search-index.js`` for texts
    described by ``describe`` (in any order: they are sorted here)."""
    texts = sorted(
        texts,
        key=lambda t: (sort_key(t.author) if t.author else "\uffff", sort_key(t.title), t.name),
    )
    site = _site_document(texts, lang)
    sheet = stylesheet("site")
    style = etree.XSLT.strparam(css())
    return {
        "index.html": _apply(
            sheet,
            site,
            "html",
            which=etree.XSLT.strparam("texts"),
            css=style,
            script=etree.XSLT.strparam(_resource("search.js")),
        ),
        "names.html": _apply(sheet, site, "html", which=etree.XSLT.strparam("names"), css=style),
        "search-index.js": search_data(texts),
    }


def _string(tree: etree._ElementTree, path: str) -> str:
    return clean(str(tree.xpath(f"string({path})", namespaces=NSMAP)))


def describe(
    name: str, tree: etree._ElementTree, entries: list[Entry], authority: Authority | None
) -> SiteText:
    title = _string(
        tree, "(//tei:titleStmt/tei:title[@type='main'] | //tei:titleStmt/tei:title)[1]"
    )
    author_el = tree.find(".//tei:titleStmt/tei:author", NSMAP)
    author = ""
    if author_el is not None:
        ref = author_el.get("ref") or next(
            (p.get("ref") for p in author_el.iter() if p.get("ref")), None
        )
        entry = authority.by_ref(ref) if authority and ref else None
        author = invert(entry.name if entry else clean(all_text(author_el)))
    text = tree.find(".//tei:text", NSMAP)
    found = set(_WORD.findall(words_text(text) if text is not None else ""))
    words = frozenset(map(fold, found))  # each distinct word folded once
    return SiteText(name, title or name, author, entries, words)


def words_text(el: etree._Element) -> str:
    """The text of ``el`` as search reads its words: inline markup joins its
    text to its neighbours' ("<hi>R</hi>evolution" is one word); blocks,
    asides, the readings of a choice, and line, page and column breaks not
    marked ``break="no"`` set words apart."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if not isinstance(node.tag, str):  # a comment or processing instruction
            if event == "end":
                parts.append(node.tail or "")
            continue
        name = local(node)
        parent = node.getparent()
        apart = (
            name in _APART
            or (name in _BREAKS and node.get("break") != "no")
            or (parent is not None and local(parent) == "choice")
        )
        if apart:
            parts.append(" ")
        if event == "start":
            parts.append(node.text or "")
        elif node is not el:
            parts.append(node.tail or "")
    return "".join(parts)


def fold(word: str) -> str:
    """A word as search matches it: no accents, lower case (search.js does the same)."""
    return unaccented(word).lower()


def _site_document(texts: list[SiteText], lang: str) -> etree._ElementTree:
    site = etree.Element(r("site"), nsmap={"r": R_NS})
    site.set("lang", lang)
    labels = etree.SubElement(site, r("labels"))
    for key, value in label_table.labels(lang).items():
        etree.SubElement(labels, r("label"), key=key).text = value
    for text in texts:
        etree.SubElement(
            site, r("text"), href=href(text.name), title=text.title, author=text.author
        )
    index = etree.SubElement(site, r("index"), site="yes")
    for entry, sources in _merged(texts):
        el = entry_element(entry)
        previous = None
        for mention, (text, _) in zip(el.iterfind(r("mention")), sources):
            mention.set("href", f"{href(text.name)}{mention.get('href')}")
            mention.set("text", text.title)
            if text is not previous:  # the first mention in this text
                mention.set("first", "yes")
            previous = text
        for credit, (text, _) in zip(el.iterfind(r("credit")), _credit_sources(entry, texts)):
            credit.text = f"{credit.text} ({text.title})" if credit.text else text.title
        index.append(el)
    return etree.ElementTree(site)


def _merged(texts: list[SiteText]) -> list[tuple[Entry, list[tuple[SiteText, object]]]]:
    """Every text's entries merged by key: mentions in site order, each with its text."""
    merged: dict[str, tuple[Entry, list[tuple[SiteText, object]]]] = {}
    for text in texts:
        for entry in text.entries:
            if entry.key not in merged:
                merged[entry.key] = (
                    Entry(
                        entry.key, entry.type, entry.name, entry.dates, entry.description,
                        list(entry.idnos), [], [], entry.linked,
                    ),
                    [],
                )  # fmt: skip
            target, sources = merged[entry.key]
            target.mentions.extend(entry.mentions)
            sources.extend((text, m) for m in entry.mentions)
            target.credits.extend(entry.credits)
    order = sorted_entries([e for e, _ in merged.values()])
    return [merged[e.key] for e in order]


def _credit_sources(entry: Entry, texts: list[SiteText]) -> list[tuple[SiteText, str]]:
    return [
        (text, role)
        for text in texts
        for own in text.entries
        if own.key == entry.key
        for role in own.credits
    ]


def search_data(texts: list[SiteText]) -> str:
    """``search-index.js``: the texts, and for each word the texts using it."""
    postings: dict[str, list[int]] = {}
    for n, text in enumerate(texts):
        for word in text.words:
            postings.setdefault(word, []).append(n)
    data = {
        "texts": [[href(t.name), t.title, t.author] for t in texts],
        "words": dict(sorted(postings.items())),
    }
    # "<" escaped: the data stays inert even if a page ever inlines it.
    encoded = json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.SEARCH_INDEX = {encoded};\n"
