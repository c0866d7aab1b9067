"""The recogniser's last layer: a capitalised word, or a run of them, that
English mostly capitalises and the document never writes in lower case: a
low-confidence person, or a place after "in"/"at" or by its ending."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.entities import names as n
from pipeline.entities.evidence import (
    Cand,
    Context,
    bare,
    run_part,
    strip_possessive,
    tokens,
    unknown_ok,
)


def unknown_names(ctx: Context) -> Iterable[Cand]:
    text = ctx.norm
    found = tokens(ctx)
    i = 0
    while i < len(found):
        m = found[i]
        if not unknown_ok(ctx, m.start(), m.group(0)):
            i += 1
            continue
        end, j = m.end(), i + 1
        while (
            j < len(found)
            and text[end : found[j].start()] == " "
            and text[end - 1 : end] not in ("'", "’")
            and run_part(ctx, found[j].group(0))
        ):
            end = found[j].end()
            j += 1
        yield _unknown_span(ctx, m.start(), end, j - i)
        i = j


def _unknown_span(ctx: Context, start: int, end: int, words: int) -> Cand:
    end = strip_possessive(ctx.norm, start, end)
    type_ = "person"
    first = bare(ctx.norm[start:end].split()[0])
    # a lone given name after "at", "in", "went to" is a town: "At Nancy, in 1907"
    if first in ctx.lex.given and not (words == 1 and locative(ctx.norm, start)):
        pass
    elif locative(ctx.norm, start) or (words == 1 and n.PLACE_ENDING.search(ctx.norm[start:end])):
        type_ = "place"
    return start, end, type_, 10, "run" if words > 1 and start not in ctx.starts else "capitalised"


def locative(text: str, start: int) -> bool:
    """Is the name at ``start`` after "in", "at", "went to"...?"""
    return n._LOCATIVE.search(text, max(0, start - 30), start) is not None
