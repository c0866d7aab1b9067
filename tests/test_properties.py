"""Property tests over generated MIA-style texts: conversion never crashes on
text it accepts, the words invariant holds, a second conversion is
byte-identical, and the output is valid under the project schema."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.convert.passes import Options, convert, source_words, tei_words
from pipeline.errors import InputError
from pipeline.xmlio import serialize

WORDS = st.sampled_from(
    [
        "the",
        "party",
        "and",
        "of",
        "Congress",
        "Moscow",
        "state",
        "workers’",
        "don't",
        "de",
        "facto",
        "1917",
        "1,000",
        "March",
        "8,",
        "1922",
        "[1]",
        "(2)",
        "–",
        "—",
        "…",
        "Comrade",
        "Lenin",
        "R.C.P.",
        "S.R.s.",
        "é",
        "ü’s",
    ]
)
PUNCT = st.sampled_from(["", ".", ",", ";", ":", "?", "!", "“", "”", "‘", "’", '"', "'", "(", ")"])


@st.composite
def sentence(draw) -> str:
    tokens = draw(st.lists(st.tuples(PUNCT, WORDS, PUNCT), min_size=1, max_size=14))
    text = " ".join(a + w + b for a, w, b in tokens)
    return text[:1].upper() + text[1:]


LAYOUT_LINES = st.sampled_from(
    [
        "Dear Comrades,",
        "Yours fraternally,\nAnna Writer\nLondon.",
        "Paris, 12 April 1908",
        "Karl Writer, 1910",
        "— An Example Poet",
        "______________",
        "Notes",
        "Footnote by MIA",
        "No. 1.",
        "I hope –",
        "Is it so?",
        "Mixed forms. – A run-in heading.",
    ]
)


@st.composite
def block(draw) -> str:
    kind = draw(
        st.sampled_from(
            [
                "p",
                "p",
                "p",
                "lines",
                "point",
                "heading",
                "asterism",
                "chapter",
                "quote",
                "verse",
                "marked",
                "note",
                "table",
                "layout",
            ]
        )
    )
    if kind == "lines":
        return "\n".join(draw(st.lists(sentence(), min_size=2, max_size=5)))
    if kind == "point":
        label = draw(st.sampled_from(["(I)", "(2)", "(3)", "(a)"]))
        return f"{label} {draw(sentence())}\n{draw(sentence())}"
    if kind == "heading":
        return draw(
            st.sampled_from(["Personal Recollections", "The Agrarian Question", "II", "Notes"])
        )
    if kind == "asterism":
        return "* * *"
    if kind == "chapter":
        return draw(st.sampled_from(["VI. Co-operation of Workers", "Chapter 2: The State"]))
    if kind in ("quote", "verse"):
        lines = draw(st.lists(sentence(), min_size=1, max_size=4))
        return "\n".join("    " + (line[:40] if kind == "verse" else line) for line in lines)
    if kind == "marked":
        marker = draw(st.sampled_from(["{}.", "({})", "-"]))
        lines = draw(st.lists(sentence(), min_size=2, max_size=4))
        return "\n".join(f"{marker.format(i)} {line}" for i, line in enumerate(lines, 1))
    if kind == "note":
        return f"[{draw(st.integers(1, 3))}] {draw(sentence())}"
    if kind == "table":
        return "\n".join("  ".join(draw(st.lists(WORDS, min_size=2, max_size=3))) for _ in range(3))
    if kind == "layout":
        return draw(LAYOUT_LINES)
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


@st.composite
def mia_text(draw) -> str:
    author = draw(
        st.sampled_from(
            ["Nikolai Bukharin", "Rosa Luxemburg 1906", "V. I. Lenin", "Paul Lafargue 1905"]
        )
    )
    title = draw(sentence())
    title_lines = draw(
        st.lists(st.sampled_from(["(1898)", "A Subtitle", "and the Rest"]), max_size=2)
    )
    info = draw(
        st.lists(
            st.sampled_from(
                [
                    "Source: The Communist International, 1923, No. 25, pp. 10-17 (3,737 words)",
                    "Source: The Social Democrat, Vol. 9. no. 8, 15 August 1905, pp. 483–488;",
                    "Transcription: Ted Crawford",
                    "Translated: by Jacques Bonhomme and Anna Smith;",
                    "Written: March 1922",
                    "Online Version: marxists.org 2000",
                    "Public Domain: Marxists Internet Archive (2007). You may freely copy this work.",
                    "An unlabelled line of editorial introduction.",
                    "From The Workers' Republic, 18 November 1899.",
                    "Transcribed by The Example Society in 1997.",
                    "Marked up by Jo Marker for the Marxists' Internet Archive.",
                    "Reprinted in Red Banner, No.13.",
                    "Translated: from the French for marxists.org by Mitch Abidor;",
                    "Transcribed: from a copy kept in the library",
                ]
            ),
            max_size=5,
            unique=True,
        )
    )
    body = draw(st.lists(block(), min_size=1, max_size=10))
    gaps = draw(
        st.lists(
            st.sampled_from(["\n\n", "\n\n", "\n\n\n"]), min_size=len(body), max_size=len(body)
        )
    )
    parts = [author, "\n\n", title, "\n\n"]
    for line in title_lines:
        parts += [line, "\n\n"]
    if info:
        parts += ["\n".join(info), "\n\n"]
    for gap, text in zip(gaps, body):
        parts += [text, gap]
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mia_text())
def test_generated_texts_convert_faithfully(text: str) -> None:
    from pipeline.validation.validate import iter_issues

    try:
        tree = convert(text, Options(source_name="generated.txt"))
    except InputError as exc:
        # the only refusals allowed for this layout are about the header block
        assert "header block" in exc.message or "no text after" in exc.message, exc
        return
    assert tei_words(tree) == source_words(text)
    assert serialize(convert(text, Options(source_name="generated.txt"))) == serialize(tree)
    errors = [str(i) for i in iter_issues(tree, schematron=False) if i.severity == "error"]
    assert errors == [], text
