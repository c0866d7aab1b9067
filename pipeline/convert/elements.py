"""Elements built from the lines of a block: verse, lists, tables, and what
a block quotation holds."""

from __future__ import annotations

from lxml import etree

from pipeline.convert import blocks as B
from pipeline.convert import lines as L
from pipeline.convert.layout import Line
from pipeline.spans import make


def text_el(tag: str, text: str, **attrib: str) -> etree._Element:
    el = make(tag, attrib or None)
    el.text = text
    return el


def lg(lines: tuple[Line, ...]) -> etree._Element:
    """Verse: a line set in further than the others keeps it in
    ``@rend`` ("indent", "indent(2)": two spaces a step)."""
    group = make("lg")
    base = min(line.indent for line in lines)
    for line in lines:
        steps = (line.indent - base) // 2
        rend = {} if not steps else {"rend": "indent" if steps == 1 else f"indent({steps})"}
        group.append(text_el("l", line.text.strip(), **rend))
    return group


def item_list(items: list[tuple[str, str]], kind: str) -> etree._Element:
    lst = make("list", {"type": kind})
    for n, text in items:
        lst.append(text_el("item", text, **({} if kind == "simple" else {"n": n})))
    return lst


def table(rows: list[list[str]]) -> etree._Element:
    tab = make("table")
    for cells in rows:
        row = make("row")
        for cell in cells:
            row.append(text_el("cell", cell))
        tab.append(row)
    return tab


def quote_content(lines: tuple[Line, ...]) -> list[etree._Element]:
    """What an indented block holds: verse, a list (with its heading lines), or
    paragraphs, one per line."""
    items = B.list_items(lines)
    if items is not None:
        return [item_list(items, _list_type(items))]
    if B.is_verse(lines):
        return [lg(lines)]
    out: list[etree._Element] = []
    run: list[tuple[str, str]] = []
    for line in lines:
        text = line.text.strip()
        m = L.marker_of(text)
        if m is not None and not text[:1].isupper():
            run.append((str(len(run) + 1), text))
            continue
        if run:
            out.append(item_list(run, "ordered"))
            run = []
        out.append(text_el("p", text))
    if run:
        out.append(item_list(run, "ordered"))
    return out


def _list_type(items: list[tuple[str, str]]) -> str:
    first = items[0][1].lstrip()
    return "bulleted" if first[:1] in "-–—•*·" else "ordered"
