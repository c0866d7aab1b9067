"""Adversarial inputs for the entity recogniser and the markup pass."""

from __future__ import annotations

import copy

from lxml import etree

from adversarial import Case
from pipeline.convert import Options, convert
from pipeline.entities.authority import Authority
from pipeline.entities.markup import mark_entities

HEADER = "An Author\n\nA Title\n\nSource: a test.\n\n"
TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>{}</p></body></text></TEI>'


def _kilobytes(size: int) -> str:
    return f"{size // 1024} KB"


def _repeat(word: str):
    """One paragraph of ``size`` bytes of ``word``, converted without entities
    (the converter's own passes are its cases, not these)."""
    return lambda size: convert(HEADER + word * (size // len(word)) + "\n", Options(entities=False))


def _annotate(body: str):
    """A TEI document whose one paragraph is ``body``, annotated."""

    def build(size: int) -> str:
        return TEI.format(body.format(n="\n" * size))

    return build


def _run_annotate(xml: str) -> object:
    tree = etree.ElementTree(etree.fromstring(xml))
    return mark_entities(tree, Authority())


def _convert(tree: etree._ElementTree) -> object:
    """The entity pass, as ``convert`` and ``annotate`` run it."""
    return mark_entities(copy.deepcopy(tree), Authority())


CASES = {
    # a head word repeated: each one used to walk back over all the others
    "party-words": Case(build=_repeat("Party "), run=_convert, base=16 * 1024, unit=_kilobytes),
    # a credit-line head then a long run of blank lines (backtracking pattern)
    "note-newlines": Case(
        build=_annotate("Note:{n}Transcribed by{n}x"), run=_run_annotate, base=8 * 1024
    ),
    # names in quotation marks: every name inside its own q element
    "quoted-names": Case(
        build=_repeat('"Engels" said '), run=_convert, base=16 * 1024, unit=_kilobytes
    ),
    # capitalised words everywhere: long runs for the name and title patterns
    "capital-run": Case(
        build=_repeat("Karl Union The Journal Daily Mr "),
        run=_convert,
        base=16 * 1024,
        unit=_kilobytes,
    ),
    # one honorific list that never ends
    "honorific-list": Case(
        build=_repeat("Comrades Smith, "), run=_convert, base=16 * 1024, unit=_kilobytes
    ),
}
