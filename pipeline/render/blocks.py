"""What the stylesheets cannot tell from one element about the text's blocks,
marked with ``r:`` attributes on the copy they render:

- ``r:labelled``: a list item whose text opens with its own marker ("1.",
  "(a)", "iv.", "-"; the converter keeps the source's, and TEI from
  elsewhere often does). Its ``@n`` is then the item's number, not a label
  to print before the marker the text already shows;
- ``r:blocks``: a paragraph (``p``, ``ab``) that holds a block (a list,
  verse, a floating text, another paragraph...). HTML ends a ``p`` at the
  first block inside it, so the page makes such a paragraph a ``div``.

Both are linear in the document: the first reads a few characters of each
item, the second is one walk.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from pipeline.render.names import r
from pipeline.tei import tei

# A marker as a reader sees it: a bullet, or a number, letter or roman numeral
# closed by "." or ")" or in brackets. Wider than the markers the converter
# reads a list from (pipeline.convert.lines.MARKER), which it must include.
_MARKER = re.compile(
    r"(?:[-–—•*·▪◦‣]|[(\[](?:\d{1,4}|[A-Za-z]|[ivxlc]{2,7}|[IVXLC]{2,7})[)\]]"
    r"|(?:\d{1,4}|[A-Za-z]|[ivxlc]{2,7}|[IVXLC]{2,7})[.)])(?:\s|$)"
)
_OPENING = 16  # characters of an item read for its marker

# What elements.xsl shows as a block. A quotation is one only when it holds
# one of these, and so is found through them.
BLOCKS = frozenset(
    tei(name)
    for name in (
        "text", "front", "body", "back", "group", "div", "div1", "div2", "div3", "div4",
        "div5", "div6", "div7", "head", "p", "ab", "list", "table", "lg", "l", "sp",
        "speaker", "opener", "closer", "salute", "signed", "dateline", "byline", "trailer",
        "argument", "postscript", "docTitle", "docAuthor", "docDate", "docImprint",
        "docEdition", "titlePage", "titlePart", "castList", "castItem", "epigraph", "figure",
        "listBibl",
    )
)  # fmt: skip
_PARAGRAPHS = frozenset({tei("p"), tei("ab")})
_NOTE = tei("note")
_ITEM = tei("item")
_ASIDE = frozenset({tei("list"), _NOTE})


def shows_marker(item: etree._Element) -> bool:
    """Whether the text of a list item opens with a marker of its own (the
    words of a list or a note inside it are not the item's)."""
    opening = ""  # the item's words up to _OPENING characters, leading space dropped
    walk = etree.iterwalk(item, events=("start", "end"))
    for event, el in walk:
        if event == "start" and el.tag in _ASIDE:
            walk.skip_subtree()
            continue
        piece = (el.text if event == "start" else el.tail if el is not item else None) or ""
        opening = opening + piece if opening else piece.lstrip()
        if len(opening) >= _OPENING:
            break
    return _MARKER.match(opening) is not None


def mark_labelled_items(root: etree._Element) -> None:
    """Mark the list items that show their own marker."""
    for item in root.iter(_ITEM):
        if shows_marker(item):
            item.set(r("labelled"), "yes")


def labelled_items(
    tree: etree._ElementTree | etree._Element,
) -> etree._ElementTree | etree._Element:
    """For the text stylesheet: ``tree`` itself when no list item shows its
    own marker, else a copy with those items marked (``tree`` is left as it is)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if not any(shows_marker(item) for item in root.iter(_ITEM)):
        return tree
    marked = copy.deepcopy(root)
    mark_labelled_items(marked)
    prepared = etree.ElementTree(marked)
    prepared.docinfo.URL = root.getroottree().docinfo.URL  # errors name the file
    return prepared


def mark_paragraphs_with_blocks(root: etree._Element) -> None:
    """Mark every ``p`` and ``ab`` that holds a block, however deep, except
    inside a footnote (a ``note`` numbered ``r:n``): the page shows that under
    the text, not in the paragraph."""
    # One list per footnote boundary: the paragraphs open around this point
    # and not marked yet (the ones around a block are all marked at once).
    open_paragraphs: list[list[etree._Element]] = [[]]
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        footnote = tag == _NOTE and el.get(r("n")) is not None
        if event == "start":
            if tag in BLOCKS and open_paragraphs[-1]:
                for paragraph in open_paragraphs[-1]:
                    paragraph.set(r("blocks"), "yes")
                open_paragraphs[-1].clear()
            if tag in _PARAGRAPHS:
                open_paragraphs[-1].append(el)
            elif footnote:
                open_paragraphs.append([])
        elif tag in _PARAGRAPHS:
            if open_paragraphs[-1] and open_paragraphs[-1][-1] is el:
                open_paragraphs[-1].pop()
        elif footnote:
            open_paragraphs.pop()
