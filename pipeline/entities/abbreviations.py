"""The recogniser's abbreviation layers: initials before a surname ("J. B.
Smith", "PJ Proudhon"), dotted abbreviations ("S.R.s", "R.S.F.S.R") and
acronyms ("ILP")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.entities import names as n
from pipeline.entities.evidence import (
    ALONE,
    Cand,
    Context,
    bare,
    is_plain_name,
    strip_possessive,
)


def _initials(ctx: Context) -> Iterable[Cand]:
    for m in n._INITIALS_NAME.finditer(ctx.norm):
        surname = m.group(1)  # not one letter: "M.P" is no "M. P"
        if (
            len(surname) > 1
            and is_plain_name(ctx, surname)
            and not n.ORG_HEAD_RE.fullmatch(surname)
        ):
            end = strip_possessive(ctx.norm, m.start(), m.end())
            yield m.start(), end, "person", 44, "initials"


def _dotted(ctx: Context) -> Iterable[Cand]:
    for m in n.DOTTED_RE.finditer(ctx.norm):
        letters = m.group(1).count(".") + (0 if m.group(1).endswith(".") else 1)
        plural = m.group(2) is not None and m.group(2).startswith("s")
        end = m.end(1) + (1 if plural else 0)
        if letters >= 3 and not plural and m.group(1).rstrip(".").endswith("R"):
            yield m.start(), end, "place", 35, "abbreviation"  # "R.S.F.S.R.": a republic
        elif plural or letters >= 3:
            yield m.start(), end, "org", 35, "abbreviation"
        elif letters == 2:
            before = ctx.norm[max(0, m.start() - 3) : m.start()]
            after = ctx.norm[m.end() : m.end() + 2].strip()
            if re.search(r"[–—-]\s*$", before) and after in ("", ")", "]"):
                yield m.start(), m.end(1), "person", 35, "signature"


def _acronyms(ctx: Context) -> Iterable[Cand]:
    for m in n.ACRONYM_RE.finditer(ctx.norm):
        word = bare(m.group(0))
        if n.ROMAN_RE.fullmatch(word) or word in ctx.lex.stop or word.capitalize() in ctx.lex.stop:
            continue
        around = ctx.norm[max(0, m.start() - 12) : m.end() + 12]
        if len(n.CAPS_WORD_RE.findall(around)) > 1:
            continue  # a heading in capitals, not an acronym
        surname = _SURNAME_AFTER.match(ctx.norm, m.end()) if len(m.group(0)) <= 3 else None
        if surname and _is_surname(ctx, surname.group(1)):
            # initials written without dots: "PJ Proudhon", "HN Fowler"
            end = strip_possessive(ctx.norm, m.start(), surname.end(1))
            yield m.start(), end, "person", 40, "initials"
            continue
        yield m.start(), m.start() + len(word), "org", 30, "acronym"


_SURNAME_AFTER = re.compile(rf" ({n._TOKEN})")


def _is_surname(ctx: Context, token: str) -> bool:
    word = bare(token)
    return (
        is_plain_name(ctx, word)
        and ctx.lex.nameness(word) >= ALONE
        and word not in n.HEAD_WORDS
        and word.lower() not in ctx.vocab
    )
