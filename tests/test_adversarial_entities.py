"""Entity recognition stays linear on adversarial inputs: each case at a size
where quadratic work would take minutes must finish within a generous bound."""

from __future__ import annotations

import time

import pytest
from lxml import etree

from pipeline.convert import Options, convert
from pipeline.entities.authority import Authority
from pipeline.entities.markup import mark_entities
from pipeline.entities.recognise import recognise

HEADER = "An Author\n\nA Title\n\nSource: a test.\n\n"
TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>{}</p></body></text></TEI>'
BOUND = 60.0  # seconds: linear work takes about one; quadratic, many minutes


def _timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "word",
    ["Party ", '"Engels" said ', "Karl Union The Journal Daily Mr ", "Comrades Smith, "],
)
def test_repeated_words_convert_in_linear_time(word):
    text = HEADER + word * (24_000 // len(word)) + "\n"
    assert _timed(convert, text, Options()) < BOUND


def test_party_words_in_the_recogniser():
    assert _timed(recognise, "Party " * 3000, Authority()) < BOUND


def test_note_and_blank_lines_annotate_in_linear_time():
    xml = TEI.format("Note:" + "\n" * 30_000 + "Transcribed by" + "\n" * 30_000 + "x")
    tree = etree.ElementTree(etree.fromstring(xml))
    assert _timed(mark_entities, tree, Authority()) < BOUND


def test_many_names_in_one_paragraph_are_all_marked():
    text = HEADER + "Engels met Lenin in Moscow. " * 2000 + "\n"
    tree = convert(text, Options())
    names = tree.getroot().findall(".//{http://www.tei-c.org/ns/1.0}placeName")
    assert len([n for n in names if n.text == "Moscow"]) == 2000
