"""The site's shared pages: every text of the edition, generated or edited
by hand, described where it was rendered and handed to one call that makes
the pages they share (the list of texts, the index of names, search)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.xmlio import write_atomic

if TYPE_CHECKING:
    from pipeline.render.site import SiteText


def write_site(texts: list[SiteText], out: Path) -> list[Path]:
    """Render and write the shared pages for ``texts``; the files written."""
    from pipeline.render.site import site_pages

    written = []
    for name, content in site_pages(texts).items():
        write_atomic(out / name, content.encode("utf-8"))
        written.append(out / name)
    return written
