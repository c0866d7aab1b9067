"""The words of the page in the text's language: one table of labels
(``data/labels.tsv``: a row per label, a column per language) and, for a text
that declares no language, a guess from its commonest words."""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from importlib import resources

from lxml import etree

from pipeline.tei import XML_NS, tei

DEFAULT = "en"
_WORD = re.compile(r"[^\W\d_]+")
# A guess needs one sign at least, and half as many again as the runner-up
# language: a text of a few words (a title page) is still recognised.
_MIN_HITS = 1
XML_LANG = f"{{{XML_NS}}}lang"


def _data(name: str) -> str:
    return resources.files("pipeline.render").joinpath("data").joinpath(name).read_text("utf-8")


@cache
def table() -> dict[str, dict[str, str]]:
    """Labels by language, then key."""
    rows = list(csv.reader(_data("labels.tsv").splitlines(), delimiter="\t"))
    header, body = rows[0], rows[1:]
    return {lang: {row[0]: row[i] for row in body} for i, lang in enumerate(header) if i}


def languages() -> tuple[str, ...]:
    return tuple(table())


def labels(lang: str) -> dict[str, str]:
    """The labels for ``lang`` (a BCP 47 tag: ``da``, ``de-AT``), English
    where the table has no such language."""
    primary = lang.split("-", maxsplit=1)[0].lower()
    return table().get(primary, table()[DEFAULT])


@cache
def _function_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for line in _data("function-words.tsv").splitlines():
        if line and not line.startswith("#"):
            lang, _, listed = line.partition("\t")
            words.update(dict.fromkeys(listed.split(), lang))
    return words


def guess_language(text: str, sample: int = 20_000) -> str | None:
    """The table language whose function words ``text`` uses most, if the
    evidence is clear; None otherwise."""
    words = _function_words()
    text = text[:sample].lower()
    tally = Counter(words[w] for w in _WORD.findall(text) if w in words and len(w) > 1)
    for letter, lang in words.items():
        if len(letter) == 1:
            tally[lang] += text.count(letter)
    counts = tally.most_common(2)
    if not counts or counts[0][1] < _MIN_HITS:
        return None
    if len(counts) > 1 and 2 * counts[0][1] < 3 * counts[1][1]:
        return None
    return counts[0][0]


def _declared(root: etree._Element, scope: list[etree._Element]) -> str | None:
    for el in (root, *scope):
        if el.get(XML_LANG):
            return el.get(XML_LANG)
    language = root.find(
        f"{tei('teiHeader')}/{tei('profileDesc')}/{tei('langUsage')}/{tei('language')}"
    )
    return language.get("ident") if language is not None else None


def language_of(
    root: etree._Element, scope: list[etree._Element], forced: str | None = None
) -> tuple[str, bool]:
    """(language of the page's labels: ``forced``, else the one ``root``
    declares, else a guess from its text; whether the document declares one)."""
    declared = _declared(root, scope)
    if forced:
        return forced, declared is not None
    if declared:
        return declared, True
    sample: list[str] = []
    size = 0
    # A few thousand characters tell the language; the whole text is not read.
    # The header's titles and source too: some texts are little but page breaks.
    for top in (*scope, *root.iter(tei("sourceDesc"), tei("titleStmt"))):
        for piece in map(str, top.itertext()):
            if piece.strip():
                sample.append(piece)
                size += len(piece)
                if size > 5_000:
                    break
    return guess_language(" ".join(sample)) or DEFAULT, False
