"""Letters as an id, a sort key or a search reads them: accents folded away,
so that "Jaurès" is found, sorted and named as "Jaures"."""

from __future__ import annotations

import unicodedata


def unaccented(text: str) -> str:
    """``text`` in compatibility decomposition (NFKD) without its combining
    marks: "Zürich" -> "Zurich", "Ἀλέξανδρος" -> "Αλεξανδρος", "²" -> "2";
    letters without a base of their own ("Ł", "Плеханов") stay as they are."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
