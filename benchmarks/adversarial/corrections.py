"""Adversarial inputs for the corrections of a text: many corrections of a
long text (each looked for in the whole text would make the work quadratic)."""

from __future__ import annotations

from adversarial import Case
from pipeline.convert import Options, convert
from pipeline.convert.corrections_file import Corrections, parse_corrections


def _corrected(size: int) -> tuple[str, Corrections]:
    """A text of ``size`` words in paragraphs of 50, one correction per 40 words."""
    words = [f"w{i:06d}" for i in range(size)]
    paragraphs = "\n\n".join(" ".join(words[i : i + 50]) + "." for i in range(0, size, 50))
    text = f"An Author\n\nA Title\n\nSource: a test.\n\n{paragraphs}\n"
    entries = "".join(
        f'[[correction]]\nsic = "{words[i]}"\ncorr = "x"\n'
        f'context = "{words[i - 1]} {words[i]}"\nreason = "r"\n\n'
        for i in range(7, size, 40)
    )
    return text, parse_corrections(entries, "c.toml")


CASES = {
    "many-corrections": Case(
        build=_corrected,
        run=lambda case: convert(case[0], Options(corrections=case[1], entities=False)),
        base=40_000,  # past re's cache of 512 patterns, which repeated runs would hit
        unit=lambda size: f"{size:,} words, {len(range(7, size, 40)):,} corrections",
    ),
}
