"""Corrections files: any TOML spelling reads the same, every error is
reported with its line, a context that matches nothing gets the nearest
passage, and each correction keeps its reason in the TEI."""

from __future__ import annotations

import time

import pytest

from pipeline.convert.corrections_file import parse_corrections
from pipeline.convert.passes import Options, check_words, convert
from pipeline.errors import CorrectionError, CorrectionErrors
from pipeline.validation.validate import iter_issues

TEXT = (
    "Karl Smith 1901\n\nA Letter\n\nSource: The Weekly People, 1901.\n\n"
    "The resolution was moved by the Dental Committee of the party.\n\n"
    "Our Slate apparatus is a machine of great backwardness.\n"
)
TABLES = """editor = "A. Editor"

[[ correction ]]
sic = "Dental"
corr = "Central"
context = "moved by the Dental Committee"
reason = "Transcription error: the Central Committee."

[["correction"]]
sic = 'Slate'
corr = "State"
context = \"\"\"Our Slate
apparatus\"\"\"
reason = "l for t"
"""
INLINE = """editor = "A. Editor"
correction = [
  {sic = "Dental", corr = "Central", context = "moved by the Dental Committee", reason = "Transcription error: the Central Committee."},
  { sic = "Slate", corr = "State", context = "Our Slate apparatus", reason = "l for t" },
]
"""


@pytest.mark.parametrize("text", [TABLES, INLINE], ids=["spaced-tables", "inline-array"])
def test_every_spelling_of_the_file_reads_the_same(text: str) -> None:
    found = parse_corrections(text, "c.toml")
    assert [(c.sic, c.corr) for c in found.items] == [("Dental", "Central"), ("Slate", "State")]
    assert found.editor == "A. Editor"
    lines = [c.line for c in found.items]
    assert lines == ([3, 9] if text is TABLES else [3, 4])


def test_reasons_are_kept_with_their_corrections() -> None:
    tree = convert(TEXT, Options(corrections=parse_corrections(TABLES, "c.toml")))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    assert tree.xpath("//t:corr/@xml:id", namespaces=ns) == ["corr-1", "corr-2"]
    notes = tree.xpath("//t:back/t:div[@type='corrections']/t:note", namespaces=ns)
    assert [(n.get("target"), n.get("resp"), n.get("type"), n.text) for n in notes] == [
        ("#corr-1", "#editor", "correction", "Transcription error: the Central Committee."),
        ("#corr-2", "#editor", "correction", "l for t"),
    ]
    assert not tree.xpath("//t:div[@type='corrections']/t:head", namespaces=ns)
    check_words(TEXT, tree, "t.txt")  # the reasons are no words of the source
    assert not [i for i in iter_issues(tree, file="t.xml") if i.severity == "error"]


def test_reasons_get_no_markup_of_their_own() -> None:
    from pipeline.entities.authority import Authority

    corrections = TABLES.replace('"l for t"', '"as in \\"State apparatus\\" in 1901 by Karl Marx"')
    tree = convert(
        TEXT, Options(corrections=parse_corrections(corrections, "c.toml"), authority=Authority())
    )
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    [note] = tree.xpath("//t:note[@target='#corr-2']", namespaces=ns)
    assert len(note) == 0 and note.text == 'as in "State apparatus" in 1901 by Karl Marx'


def test_every_error_of_the_file_is_reported_with_its_line() -> None:
    text = """editor = "A. Editor"
colour = "blue"

[[correction]]
sic = "Dental"
corr = "Central"
context = "moved by the Dental Committee"

[[correction]]
sic = "Slate"
corr = 3
context = "Our Slate apparatus"
reason = "l for t"
note = "x"
"""
    with pytest.raises(CorrectionErrors) as caught:
        parse_corrections(text, "c.toml")
    assert str(caught.value).splitlines() == [
        "c.toml:2:1: unknown key 'colour'; expected editor and [[correction]]",
        "c.toml:4:1: correction lacks reason",
        "c.toml:11:1: corr must be a string",
        "c.toml:14:1: unknown key in correction: note",
    ]


def test_application_errors_are_all_reported_and_the_nearest_passage_named() -> None:
    text = _entries(
        ("Dentl", "Central", "moved by the Dentl Committee", "x"), ("the", "a", "the", "y")
    )
    with pytest.raises(CorrectionErrors) as caught:
        convert(TEXT, Options(corrections=parse_corrections(text, "c.toml")))
    errors = caught.value.errors
    assert [(e.line, e.message) for e in errors] == [
        (4, "context matches no place in the text; nearest: 'moved by the Dental Committee'"),
        (10, "context matches 2 places; lengthen it so it matches one"),
    ]
    # each at its context, shown as the file writes it
    assert [e.source_line for e in errors] == [
        'context = "moved by the Dentl Committee"',
        'context = "the"',
    ]
    assert isinstance(errors[0], CorrectionError)


def test_two_corrections_of_one_place_are_an_error_at_the_second() -> None:
    text = _entries(
        ("Dental", "Central", "moved by the Dental Committee", "x"),
        ("Dental Committee", "Central Commission", "the Dental Committee of", "y"),
    )
    with pytest.raises(CorrectionError) as caught:
        convert(TEXT, Options(corrections=parse_corrections(text, "c.toml")))
    assert caught.value.line == 10  # the second's context
    assert caught.value.message == (
        "its place overlaps that of the correction at line 1 ('Dental' -> 'Central'):"
        " keep one of the two"
    )


def _entries(*rows: tuple[str, str, str, str]) -> str:
    """A corrections file of (sic, corr, context, reason) rows, five lines each."""
    keys = ("sic", "corr", "context", "reason")
    return "\n".join(
        "[[correction]]\n" + "".join(f'{key} = "{value}"\n' for key, value in zip(keys, row))
        for row in rows
    )


def test_many_corrections_of_a_long_text_take_one_reading_each() -> None:
    words = [f"w{i:05d}" for i in range(80_000)]
    paragraphs = "\n\n".join(" ".join(words[i : i + 50]) + "." for i in range(0, len(words), 50))
    text = f"Karl Smith 1901\n\nA Long Text\n\nSource: The Weekly, 1901.\n\n{paragraphs}\n"
    entries = "".join(
        f'[[correction]]\nsic = "{words[i]}"\ncorr = "x{i}"\ncontext = "{words[i - 1]} {words[i]}"\n'
        f'reason = "r"\n\n'
        for i in range(7, len(words), 40)
    )
    corrections = parse_corrections(entries, "c.toml")
    start = time.perf_counter()
    tree = convert(text, Options(corrections=corrections))
    elapsed = time.perf_counter() - start
    assert len(tree.xpath("//*[local-name()='corr']")) == len(corrections.items) == 2000
    # generous (a few seconds here): a scan of the whole text per correction takes minutes
    assert elapsed < 60
