"""The recogniser's first two layers: known forms, and patterns (honorifics,
bodies named by a head word, polities, credit lines, towns named by a word,
a party's members).  Initials and abbreviations are in ``abbreviations``,
lone capitalised names in ``lone``, the masks in ``masks``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pipeline.entities import names as n
from pipeline.entities.evidence import (
    ALONE,
    Cand,
    Context,
    DocForms,
    bare,
    is_plain_name,
    strip_possessive,
    tokens,
    unknown_ok,
)
from pipeline.entities.knowledge import Lexicon, matcher

# ---- layer 1: known forms ----------------------------------------------------------


def _hyphen_ok(text: str, start: int, end: int) -> bool:
    """A form joined by a hyphen to another word counts only in a list of
    names ("China-Korea-Japan"), not in a compound ("ex-Russia", "Paris-wide")."""
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
        word = n._PREV_LETTERS.search(text, max(0, start - 40), start - 1)
        if word is None or not n.capitalised(word.group(0)):
            return False
    return not (text[end : end + 1] == "-" and text[end + 1 : end + 2].islower())


# A capital a space or a hyphen after a compass word.
_CAPITAL_AFTER = re.compile(rf"[\s\-]+[{n._UP}]")


def _known_ok(ctx: Context, start: int, end: int, form: str) -> bool:
    """Is a known form at [start, end) a name here, not part of something else?"""
    text = ctx.norm
    if start and (text[start - 1].isalnum() or text[start - 1] in "_.'"):
        return False
    if not _hyphen_ok(text, start, end):
        return False
    if form.lower().startswith("the "):
        nxt = n._NEXT_TOKEN.match(text, end)
        if nxt and nxt.start(1) - end < 3 and nxt.group(1) not in ctx.lex.stop:
            return False  # "the International Consolidation of ..."
    # "East India", "West European"
    return not (form in n.COMPASS and _CAPITAL_AFTER.match(text, end, end + 3))


def known_forms(ctx: Context, doc_forms: DocForms) -> Iterable[Cand]:
    m_ = matcher(ctx.authority)
    for start, end, form in m_.finditer(ctx.norm, ctx.words):
        if not _known_ok(ctx, start, end, form):
            continue
        type_, entry = m_.known[form]
        if entry is not None:
            yield start, end, type_, 58, "authority"
        elif form in doc_forms:
            yield start, end, doc_forms[form][0], 54, "document"
        else:
            yield start, end, type_, 50, "gazetteer"
    if doc_forms:
        for m in tokens(ctx):
            form = bare(m.group(0))
            if form in doc_forms and form not in m_.known:
                yield m.start(), m.start() + len(form), doc_forms[form][0], 54, "document"


# ---- layer 2: patterns -------------------------------------------------------------


def _honorifics(ctx: Context) -> Iterable[Cand]:
    for m in n.HONORIFIC_RE.finditer(ctx.norm):
        title = m.group(1)
        source = "honorific-female" if title in n._FEMALE else "honorific"
        prev_end = m.start(2)
        for found in n._NAME_IN_LIST.finditer(ctx.norm, m.start(2), m.end()):
            if found.start() > prev_end and not n._LIST_SEP.fullmatch(
                ctx.norm[prev_end : found.start()]
            ):
                break
            name = found.group(0)
            initial = len(name) == 2 and name.endswith(".")
            first = bare(name.split()[0])
            if not initial and (
                not is_plain_name(ctx, first)
                or ctx.lex.nameness(first) < ALONE
                or n.ORG_HEAD_RE.fullmatch(first)
            ):
                break
            prev_end = found.end()
            end = _name_end(ctx, found.start(), found.end())
            yield found.start(), end, "person", 60, source
            if end < found.end():
                break  # "Mr. James Sexton's National Union": the name ends at the 's


def _name_end(ctx: Context, start: int, end: int) -> int:
    """Where a person's name ends: at a possessive, or before the words of a
    body's name ("James Sexton's National Union", "Wilson National Union")."""
    for token in n.TOKEN_RE.finditer(ctx.norm, start, end):
        word = token.group(0)
        if token.start() > start and (
            n.ORG_HEAD_RE.fullmatch(bare(word)) or bare(word) in n._NAMING_INSTITUTIONS
        ):
            return strip_possessive(ctx.norm, start, len(ctx.norm[: token.start()].rstrip()))
        if word.endswith(("'s", "’s")) and token.end() < end:
            return token.end() - 2
    return strip_possessive(ctx.norm, start, end)


def _is_naming(ctx: Context, start: int, word: str) -> bool:
    lex = ctx.lex
    return (
        word in lex.polity
        or word in lex.group
        or word in n._NAMING_INSTITUTIONS
        or word in lex.gazetteer
        or ctx.authority.lookup(word) is not None
        or n._DOTTED_WORD.fullmatch(word) is not None
        or (word not in lex.stop and unknown_ok(ctx, start, word))
    )


def _prev_word(window: str) -> re.Match[str] | None:
    """``_PREV_WORD`` in ``window``: it can only match where the last run of
    non-space characters starts, so it is tried there alone (a search from
    every position of the window costs more than the rest of the layer)."""
    rest = window.rstrip()
    if not rest:
        return None
    return n._PREV_WORD.match(window, len(rest) - len(rest.rsplit(None, 1)[-1]))


def _name_run(ctx: Context, pos: int) -> list[tuple[int, str, bool]]:
    """The capitalised words before ``pos`` that may name a body, nearest first
    (at most MAX_NAME_WORDS): (start, word, is it naming?)."""
    text = ctx.norm
    run: list[tuple[int, str, bool]] = []
    while pos not in ctx.starts and len(run) < n.MAX_NAME_WORDS:
        window = text[max(0, pos - 60) : pos]
        w = _prev_word(window)
        if not w:
            break
        word, wstart = w.group(1), pos - len(window) + w.start(1)
        if word in ("and", "&"):
            naming = False
        elif n._TOKEN_FULL.fullmatch(word) or n._DOTTED_WORD.fullmatch(word):
            naming = _is_naming(ctx, wstart, word)
            if word in ctx.lex.stop and not naming:
                break  # "Thus", "The"
        else:
            break
        run.append((wstart, word, naming))
        pos = wstart
    while run and run[-1][1] in ("and", "&"):
        run.pop()
    return run


# A name's "of" tail goes on: a space, then a capital.
_NAME_GOES_ON = re.compile(rf" (?=[{n._UP}])")


def _of_tail(ctx: Context, end: int, known_orgs: dict[int, int]) -> int:
    """Where "Head of the X" ends: a known body, or up to four capitalised
    words, common nouns too ("League of Nations", "Council of People's
    Representatives"), but no function word ("... of The next day")."""
    tail = n._OF_THE.match(ctx.norm, end)
    if not tail:
        return end
    for at in (tail.end(), tail.end() - 4):  # "the International" is a form too
        if at in known_orgs and known_orgs[at] > tail.end():
            return known_orgs[at]
    new_end, pos = end, tail.end()
    for _ in range(4):
        nxt = n._TOKEN_FULL.match(ctx.norm, pos)
        if not nxt or nxt.group(0).lower() in n.FUNCTION_WORDS:
            break
        if not _NAME_GOES_ON.match(ctx.norm, nxt.end(), nxt.end() + 2):
            return pos + len(bare(nxt.group(0)))  # the last word: "England's policy"
        new_end, pos = nxt.end(), nxt.end() + 1
    return new_end


def _the_word(ctx: Context, run: list[tuple[int, str, bool]], head: str) -> bool:
    """ "the Civic Federation", "the State Bank": one common word capitalised
    inside a sentence before a head names the body (not "the Workers'
    Government", a description)."""
    if len(run) != 1 or head == "Government" or run[0][1].endswith("'"):
        return False
    start = run[0][0]
    return (
        start not in ctx.starts
        and n._THE_BEFORE.search(ctx.norm, max(0, start - 5), start) is not None
    )


def _headed(ctx: Context, regex: re.Pattern[str], type_: str, known_orgs) -> Iterable[Cand]:
    for m in regex.finditer(ctx.norm):
        run = _name_run(ctx, m.start())
        if type_ == "place":  # "European Republics" names no polity
            run = [(s, w, naming and w not in ctx.lex.group) for s, w, naming in run]
        elif not any(naming for _, _, naming in run) and (
            len(run) >= 2 or _the_word(ctx, run, m.group(0))
        ):
            run[-1] = (run[-1][0], run[-1][1], True)  # "Marxists Internet Archive"
        if run and m.group(0) in n.EVENT_HEADS and run[0][1] in n.EVENT_BEFORE:
            continue  # "Second Congress", "Party Conference": a meeting
        end = _of_tail(ctx, m.end(), known_orgs)
        if end == m.end() and m.group(0) in n.OF_TAIL_HEADS:
            continue
        if end != m.end() and m.group(0) in n.EVENT_HEADS:
            continue  # "Congress of the Russian Communist Party": a meeting of a body
        if not any(naming for _, _, naming in run):
            if end == m.end() or type_ != "org":
                continue
            yield m.start(), end, type_, 55, "org-head"  # "League of Nations"
            continue
        if ctx.norm[run[-1][0] : end] in n.GENERIC_BODIES:
            continue
        yield run[-1][0], end, type_, 55, "org-head" if type_ == "org" else "polity"


def _bodies(ctx: Context) -> Iterable[Cand]:
    """A body a single word names ("the Reichstag")."""
    for m in n.ONE_WORD_BODY_RE.finditer(ctx.norm):
        yield m.start(), m.end(), "org", 40, "org-head"


def _regions(ctx: Context) -> Iterable[Cand]:
    for m in n.REGION_RE.finditer(ctx.norm):
        yield m.start(), m.end(), "place", 52, "gazetteer"


def _soviet_places(ctx: Context) -> Iterable[Cand]:
    for m in n.SOVIET_PLACE_RE.finditer(ctx.norm):
        if bare(m.group(1)) in ctx.lex.gazetteer:
            yield m.start(), m.start(1) + len(bare(m.group(1))), "place", 56, "polity"


def _place_heads(ctx: Context) -> Iterable[Cand]:
    text = ctx.norm
    for m in n.PLACE_HEAD_RE.finditer(text):
        run = n._RUN_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if not run:
            continue
        words = list(n.TOKEN_RE.finditer(text, run.start(), run.end()))
        while words and not is_plain_name(ctx, words[0].group(0)):
            words.pop(0)
        if words:
            yield words[0].start(), m.end(), "place", 55, "place-head"
    for m in n.PLACE_PREFIX_RE.finditer(text):
        yield m.start(), m.end(), "place", 55, "place-head"


def _given_names(ctx: Context) -> Iterable[Cand]:
    """A given name and the names after it ("Frederick Engels"), even in a
    heading, where other capitals prove nothing."""
    text = ctx.norm
    given = ctx.lex.given
    for m in tokens(ctx):
        if m.group(0) not in given:
            continue
        end, parts = m.end(), 0
        while parts < 3:
            nxt = n._NEXT_NAME_PART.match(text, end)
            if nxt is None:
                break
            word = bare(nxt.group(1).strip())
            initial = word.endswith(".")
            if not initial and (not is_plain_name(ctx, word) or n.ORG_HEAD_RE.fullmatch(word)):
                break
            end, parts = nxt.end(), parts + 1
        if parts:
            yield m.start(), strip_possessive(text, m.start(), end), "person", 45, "given"


def _town_words(ctx: Context) -> Iterable[Cand]:
    """A town named by an English word ("Cork", "Limerick") where the
    document treats the word as a name: capitalised inside a sentence, and
    never written in lower case anywhere in the document."""
    towns = ctx.lex.town_words
    text = ctx.norm
    for m in tokens(ctx):
        word = bare(m.group(0))
        low = word.lower()
        if word not in towns or m.start() in ctx.starts or {low, low[:-1], low + "s"} & ctx.vocab:
            continue
        if _NAME_AFTER.match(text, m.end()) or _NAMED_BEFORE.search(
            text, max(0, m.start() - 60), m.start()
        ):
            continue  # "Cork Constitution", "Forest of Dean", "the Temple", "War of Independence"
        yield m.start(), m.start() + len(word), "place", 12, "town-word"


# Part of a longer name, or a common noun: a capitalised word (or "of" and
# one) after it; "the" before it, or "Name of" and capitalised words.
_NAME_AFTER = re.compile(rf" (?:(?:{n._PARTICLE}|of) )?[{n._UP}]")
_NAMED_BEFORE = re.compile(rf"(?:\b[Tt]he |[{n._UP}][\w'’]* of (?:[{n._UP}][\w'’]* )*)$")


@lru_cache(maxsize=1)
def _members_re(lex: Lexicon) -> re.Pattern[str]:
    names = "|".join(map(re.escape, sorted(lex.members, key=len, reverse=True)))
    return re.compile(rf"({n._words(names, n._NOT_AFTER_WORD)})(?![\w\-])")


@lru_cache(maxsize=1)
def member_words(lex: Lexicon) -> frozenset[str]:
    """The first words of the members' names: a string without one has none."""
    return frozenset(re.split(r"[ \-]", name)[0] for name in lex.members)


def _members(ctx: Context) -> Iterable[Cand]:
    """A party's members named after it, in the plural, stand for the party
    ("the Liberals", "the Irish Unionists", "the Bolsheviks' victory"); not
    after another name ("Craft Unionists": trade unionists of a kind)."""
    lex = ctx.lex
    for m in _members_re(lex).finditer(ctx.norm):
        before = _WORD_BEFORE.search(ctx.norm, max(0, m.start() - 30), m.start())
        if (
            before
            and n.capitalised(before.group(1))
            and before.start(1) not in ctx.starts  # "The Bolsheviks won"
            and before.group(1) not in lex.polity
        ):
            continue
        yield m.start(), m.end(), "org", 30, "members"


_WORD_BEFORE = re.compile(r"([\w\-]+) $")


def _credits(ctx: Context) -> Iterable[Cand]:
    for m in n.CREDIT_RE.finditer(ctx.norm):
        prev_end = m.start(1)
        for found in n._NAME_IN_LIST.finditer(ctx.norm, m.start(1), m.end(1)):
            gap = ctx.norm[prev_end : found.start()]
            if found.start() > prev_end and not n._LIST_SEP.fullmatch(gap):
                break
            if not is_plain_name(ctx, found.group(0).split()[0]):
                break
            prev_end = found.end()
            yield found.start(), found.end(), "person", 40, "credit"
