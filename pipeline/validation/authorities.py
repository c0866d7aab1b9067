"""The authority lists ``@ref`` names, for the project rules.

Each list is read once per run (and again when it changes), through
``xmlio``'s bounded reader: a list that is no regular file, too big, not XML
or not local (a URL) cannot be read, which the rules say at the ``@ref``
that names it.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlparse

from pipeline.errors import PipelineError
from pipeline.validation.document import strings


class Authorities:
    """The xml:ids of each authority list read so far (None: unreadable),
    read again when the file changes."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, int, int], frozenset[str] | None] = {}

    def ids(self, path: str) -> frozenset[str] | None:
        from pipeline.xmlio import parse_file

        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return None
        key = (path, st.st_mtime_ns, st.st_size)
        if key not in self._ids:
            try:
                listing = parse_file(path)
            except PipelineError:
                self._ids[key] = None
            else:
                self._ids[key] = frozenset(strings(listing.xpath("//@xml:id")))
        return self._ids[key]


def local_list(document_file: str, file: str, authority: str | None) -> str | None:
    """The authority list an ``@ref`` file part names: the override, or the
    file beside the document; None for what is no local path (a URL)."""
    if authority is not None:
        return os.path.abspath(authority)
    parsed = urlparse(file)
    if parsed.scheme == "file":
        return os.path.abspath(unquote(parsed.path))
    if parsed.scheme or parsed.netloc or "\x00" in file:
        return None
    # resolved as a URI reference is, by its text: the document's folder may
    # not exist yet (a tree checked before it is written)
    return os.path.normpath(
        os.path.join(os.path.dirname(os.path.abspath(document_file)), unquote(file))
    )
