"""Rendering: a TEI tree to an HTML reading edition or to plain text.

The XSLT 1.0 stylesheets in ``pipeline/render/xslt/`` do the element-by-element work;
this module loads them once, runs them with file and network access denied,
and does the string work XSLT 1.0 is bad at (spacing, wrapping, underlining).
Pure: ``render`` takes a tree and returns a string; nothing here reads input
files or writes output.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from pipeline.errors import InputError, ResourceError
from pipeline.render.blocks import labelled_items
from pipeline.render.names import invert, sort_key
from pipeline.render.prepare import Options, prepare
from pipeline.xmlio import parse_bytes

if TYPE_CHECKING:
    from pipeline.entities.authority import Authority

FORMATS = ("html", "text")
XSLT_DIR = Path(__file__).with_name("xslt")

# The stylesheets need nothing outside the document they transform.
ACCESS_CONTROL = etree.XSLTAccessControl(  # type: ignore[call-arg]  # the stubs lag lxml
    read_file=False,
    write_file=False,
    create_dir=False,
    read_network=False,
    write_network=False,
)


@cache
def stylesheet(name: str) -> etree.XSLT:
    """The compiled stylesheet ``pipeline/render/xslt/<name>.xsl`` (loaded once)."""
    path = XSLT_DIR / f"{name}.xsl"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read stylesheet: {exc.strerror}") from None
    try:
        return etree.XSLT(parse_bytes(data, str(path)), access_control=ACCESS_CONTROL)
    except (InputError, etree.XSLTParseError) as exc:
        raise ResourceError(f"{path}: broken stylesheet: {exc}") from None


def css() -> str:
    """The edition's style sheet (``xslt/edition.css``), inlined into every page."""
    return _resource("edition.css")


@cache
def _resource(name: str) -> str:
    path = XSLT_DIR / name
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read: {exc}") from None


def render(
    tree: etree._ElementTree | etree._Element,
    fmt: str,
    *,
    reading: bool = True,
    width: int | None = None,
    authority: Authority | None = None,
    review: bool = False,
    lang: str | None = None,
    site: bool = False,
) -> str:
    """Render a TEI document as ``"html"`` (a standalone page) or ``"text"``.

    ``reading`` picks corrected readings (``corr``/``reg``/``expan``); False
    gives the diplomatic text (``sic``/``orig``/``abbr``); for HTML it only
    sets the view the page opens in, since the page carries both. ``width``
    wraps plain text at that many columns (None: one line per paragraph).
    For HTML, ``authority`` describes the names of the index, ``review``
    makes an editor's view (machine suggestions shown), ``lang`` sets the
    language of the labels (default: the document's, else a guess) and
    ``site`` links the page to a site's list of texts and index of names.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if width is not None and width < 1:
        raise ValueError(f"width must be positive, got {width}")
    if fmt == "html":
        options = Options(reading=reading, review=review, lang=lang, site=site)
        return page(prepare(tree, authority, options).tree)
    view = etree.XSLT.strparam("reading" if reading else "diplomatic")
    return layout(_apply(stylesheet("text"), labelled_items(tree), "text", view=view), width)


def page(prepared: etree._ElementTree) -> str:
    """The HTML page of a prepared document (``prepare.prepare``)."""
    return _apply(stylesheet("html"), prepared, "html", css=etree.XSLT.strparam(css()))


def _apply(
    transform: etree.XSLT, tree: etree._ElementTree | etree._Element, fmt: str, **params: Any
) -> str:
    try:
        return str(transform(tree, **params))
    except etree.XSLTApplyError as exc:
        doc = tree if isinstance(tree, etree._ElementTree) else tree.getroottree()
        raise InputError(f"cannot render as {fmt}: {exc}", doc.docinfo.URL) from None


def layout(raw: str, width: int | None = None) -> str:
    """Turn the text stylesheet's lines into the final text.

    Collapses runs of spaces, keeps at most one blank line between blocks,
    indents by the leading tabs, underlines title and heading lines, and
    wraps at ``width`` without breaking words or hyphenated compounds.
    """
    out: list[str] = []
    blank = True
    for line in raw.split("\n"):
        body = line.lstrip("\t")
        depth = len(line) - len(body)
        mark = ""
        if body.startswith("\r"):
            mark, body = body[1:2], body[2:]
        if "\t" in body or "\r" in body:
            body = body.replace("\t", " ").replace("\r", " ")
        # Only ASCII spaces collapse: a no-break space is text.
        rest = " ".join(filter(None, body.split(" ")))
        if not rest:
            # Only an empty line separates blocks; a line of mere spaces is
            # indentation from the source between two lines of one block.
            if not line and not blank:
                out.append("")
                blank = True
            continue
        blank = False
        indent = "  " * depth
        if width:
            hang = indent + ("  " if rest.startswith("- ") else "")
            lines = _wrap(rest, width, indent, hang)
        else:
            lines = [indent + rest]
        out.extend(lines)
        if mark:
            out.append(indent + mark * max(len(x) - len(indent) for x in lines))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int, indent: str, hang: str) -> list[str]:
    """Greedy wrapping at single spaces; a word longer than the line stays whole."""
    words = text.split(" ")
    lines = []
    line = indent + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = hang + word
    lines.append(line)
    return lines


def _by_author(entry: tuple[str, str, str]) -> tuple[str, str, str]:
    href, title, author = entry
    return (sort_key(invert(author)) if author else "\uffff", sort_key(title), href)


def render_index(entries: list[tuple[str, str, str]]) -> str:
    """A site ``index.html`` listing the texts built: ``(href, title, author)``,
    by author surname. (``site.render_site`` makes the whole site.)"""
    items = "\n".join(
        f'<li><a href="{html.escape(href)}">{html.escape(title)}</a>'
        + (f' <span class="author">{html.escape(author)}</span>' if author else "")
        + "</li>"
        for href, title, author in sorted(entries, key=_by_author)
    )
    count = f"{len(entries)} text" + ("" if len(entries) == 1 else "s")
    return _INDEX_PAGE.format(count=count, items=items)


_INDEX_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Texts</title>
<style>
body {{ margin: 0 auto; max-width: 44rem; padding: 1rem 1.25rem 3rem; background: #fdfdfb;
  color: #1b1b1b; font-family: Georgia, "Times New Roman", serif; line-height: 1.6; }}
h1 {{ font-family: "Helvetica Neue", Arial, sans-serif; }}
a {{ color: #0b4f8a; }}
a:focus-visible {{ outline: 3px solid #c25e00; outline-offset: 2px; }}
li {{ margin: .4rem 0; }}
.author {{ color: #4a4a4a; }}
.author::before {{ content: "— "; }}
@media print {{ a {{ color: inherit; text-decoration: none; }} }}
</style>
</head>
<body>
<header><h1>Texts</h1></header>
<main>
<p>{count} encoded in TEI P5. Each page is a reading edition: the text with its
source and credits, a table of contents, notes, the editorial practice, an index of the
persons, places and organisations it mentions, and a switch between the corrected reading
and the text as transcribed.</p>
<ul>
{items}
</ul>
</main>
</body>
</html>
"""
