"""The site's own pages: every text of the edition, generated or edited by
hand, gathered in one list and handed to one render call."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.xmlio import parse_file, write_atomic


@dataclass
class SiteText:
    """One text of the site: its page, its TEI file, and what the index shows."""

    href: str  # the text's page, relative to the site folder
    path: Path  # its TEI file (as written: the generated or the hand-edited one)
    title: str
    author: str
    _tree: etree._ElementTree | None = field(default=None, repr=False)

    @property
    def tree(self) -> etree._ElementTree:
        """The text's TEI, read when first asked for (a site of thousands of
        texts need not hold them all at once)."""
        if self._tree is None:
            self._tree = parse_file(self.path)
        return self._tree


def write_site(texts: list[SiteText], out: Path, *, title: str) -> list[Path]:
    """Render and write the site pages for ``texts``; the files written."""
    from pipeline.render.transform import render_index

    del title  # the index page names no edition title yet
    page = render_index([(text.href, text.title, text.author) for text in texts])
    path = out / "index.html"
    write_atomic(path, page.encode("utf-8"))
    return [path]
