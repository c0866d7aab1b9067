"""Evidence shared by the recogniser's layers: what a capitalised word is
(lexicon margins, stop words, nationalities), where sentences start, and
the context every layer reads a string in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from pipeline.entities import names as n
from pipeline.entities.authority import Authority, Entry
from pipeline.entities.knowledge import Lexicon, lexicon


def normalise_quotes(text: str) -> str:
    """Curly apostrophes and no-break spaces as the patterns expect them
    (same length: offsets are kept)."""
    return (text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")).replace(
        "\u00a0", " "
    )


# Lexicon margins (log P(Capitalised) - log P(lower)): at or below COMMON a
# word is a common word capitalised; a lone capitalised word needs ALONE, a
# sentence-initial one INITIAL (English capitalises it far more often than not).
COMMON = -1.0
ALONE = 0.0
INITIAL = 2.0
# Sources whose evidence is good enough to mark the name everywhere in the document.
STRONG = frozenset(
    {"authority", "gazetteer", "honorific", "org-head", "polity", "initials", "credit", "run"}
    | {"given", "author", "person-cue", "town-word"}
)


# What only a person does or has, just before or after a lone name: "the
# works of Engels", "Herve, in his hammer and tongs way", "Marx himself".
# Such a cue outweighs a town of that name in the gazetteer.
_PERSON_BEFORE = re.compile(
    r"\b(?:works|writings|teachings|doctrines?|letters?|followers|disciples|pupils?|widow)"
    r" of $"
)
# (Not "herself", "in her", "writes": countries are "she", and "Ireland writes".)
_PERSON_AFTER = re.compile(r"(?:'s)?(?:,? in his\b| (?:himself|wrote)\b)")


def person_cue(text: str, start: int, end: int) -> bool:
    """Does the context of ``text[start:end]`` say it names a person?"""
    return bool(
        _PERSON_BEFORE.search(text, max(0, start - 20), start) or _PERSON_AFTER.match(text, end)
    )


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    type: str  # person | place | org
    entry: Entry | None
    source: str  # which layer found it

    @property
    def ref(self) -> str | None:
        return self.entry.ref if self.entry is not None else None


Cand = tuple[int, int, str, int, str]
DocForms = Mapping[str, tuple[str, Entry | None]]


# ASCII bytes with every byte but a-z made a space.
_LOWER_ONLY = bytes(b if 0x61 <= b <= 0x7A else 0x20 for b in range(256))


def vocabulary(text: str) -> frozenset[str]:
    """Words written in lower case somewhere in the document ("state",
    "party"): the runs of a-z (``names._WORD_RE``).  Read in C: each other
    character becomes "?" then a space, which leaves the runs as they were."""
    ascii_text = text.encode("ascii", "replace").translate(_LOWER_ONLY)
    return frozenset(ascii_text.decode("ascii").split())


# The characters ``_OPENERS_RE`` skips: where none stands, it has nothing to skip.
_OPENER_CHARS = frozenset("\"“‘'([ \t\n")


def sentence_starts(text: str, extra: Iterable[int] = ()) -> set[int]:
    """Offsets of the first character of each sentence (openers skipped)."""
    first = n.FIRST_SENTENCE_RE.match(text)
    starts = [first.end() if first else 0]
    for m in n.SENTENCE_RE.finditer(text, starts[0]):
        if text[m.start()] == "." and n._ABBREV.search(text, max(0, m.start() - 8), m.start()):
            continue  # "Mr. Smith", "St. Petersburg", "J. B. Smith"
        starts.append(m.end())
    starts.extend(extra)
    result = set()
    run_start, run_end = -1, -1  # the last run of openers skipped: skipped once only
    for pos in sorted(starts):
        if run_start <= pos <= run_end:
            result.add(run_end)
            continue
        run_start = pos
        if text[pos : pos + 1] in _OPENER_CHARS:
            pos = n._OPENERS_RE.match(text, pos).end()  # type: ignore[union-attr]
        run_end = pos
        result.add(pos)
    return result


_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)


def is_title_case(text: str) -> bool:
    """A heading, where capitals prove nothing: most longer words capitalised,
    or a short line whose every word is (function words aside)."""
    if len(text) > 240:  # headings are short
        return False
    words = [w for w in text.split() if w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    if not words:
        return False
    upper = sum(1 for w in words if n.capitalised(w))
    if len(words) <= 6 and upper == len(words) and not text.rstrip().endswith((".", "?", "!")):
        return True
    long_words = [w for w in words if len(w) > 3]
    if len(long_words) < 3:
        return False
    # headings are short and seldom end as a sentence: a longer string that
    # does is prose, however many capitals the titles it quotes have
    if len(text.split()) > 12 and text.rstrip(" \t\n\"')]”’").endswith((".", "?", "!")):
        return False
    return sum(1 for w in long_words if n.capitalised(w)) / len(long_words) >= 0.7


def bare(token: str) -> str:
    """A token without its possessive ("Marx's" -> "Marx")."""
    word = token.rstrip("'’")
    return word[:-2] if word.endswith(("'s", "’s")) else word


def strip_possessive(text: str, start: int, end: int) -> int:
    span = text[start:end]
    for suffix in ("'s", "’s", "'", "’"):
        if span.endswith(suffix) and len(span) > len(suffix) + 1:
            return end - len(suffix)
    return end


@dataclass
class Context:
    text: str
    norm: str
    authority: Authority
    lex: Lexicon
    vocab: frozenset[str]
    starts: set[int]
    names: frozenset[str] = frozenset()
    words: set[str] | frozenset[str] = frozenset()  # its capitalised words (``names.CAP_WORD``)
    token_list: list[re.Match[str]] | None = None  # see ``tokens``


def tokens(ctx: Context) -> list[re.Match[str]]:
    """The capitalised tokens of the string (``TOKEN_RE``), read once."""
    if ctx.token_list is None:
        ctx.token_list = list(n.TOKEN_RE.finditer(ctx.norm))
    return ctx.token_list


def is_plain_name(ctx: Context, token: str) -> bool:
    """A capitalised token that may be (part of) a proper name."""
    return _plain(ctx.lex, token)


# What a token is depends on the lexicon alone: worked out once per token.
@lru_cache(maxsize=1 << 16)
def _plain(lex: Lexicon, token: str) -> bool:
    word = bare(token)
    if word in lex.stop or word in lex.polity or word in lex.group or word in lex.members:
        return False
    if len(word) > 1 and word.isupper():
        return False
    if _CONTRACTION.search(word) or word.endswith(("ism", "isms")) or demonym(lex, word):
        return False  # "I'm", "Don't"; "Toryism"; "Venezuelan"
    return "-" in word or lex.nameness(word) > COMMON


_CONTRACTION = re.compile(r"['’](?:m|ve|ll|re|d|t)$")
# A people's adjective from its land's name: "Venezuel-a-n", "Mexic-o-an", "Pakistan-i".
_DEMONYM = re.compile(r"(?:an|n|i)$")


def demonym(lex: Lexicon, word: str) -> bool:
    """Is ``word`` the adjective of a land the gazetteer knows ("Venezuelan",
    "Cuban", "Chilean", "Pakistani")?  A place of that name is not one."""
    m = _DEMONYM.search(word)
    if m is None or word in lex.gazetteer:
        return False
    stems = {word[: m.start()], word[:-1]}
    return any(stem + end in lex.lands for stem in stems for end in ("", "a", "e", "o"))


@lru_cache(maxsize=1 << 16)
def _unknown(lex: Lexicon, token: str) -> tuple[str, str, bool, bool, bool] | None:
    """None if ``token`` can never be an unknown name; else (word, its
    lower case, written capitalised far more often than not, and so even
    sentence-initially, capitalised more often than not)."""
    word = bare(token)
    if len(word) < 3 or "-" in word or not _plain(lex, word):
        return None
    low = word.lower()
    if low.endswith(n._SUFFIXES) or (low.endswith("s") and word[:-1] in lex.stop):
        return None
    margin = lex.nameness(word)
    high = margin >= INITIAL
    return word, low, high, high and low in lex.margin, margin >= ALONE


@lru_cache(maxsize=1 << 16)
def _run_part(lex: Lexicon, token: str) -> bool:
    return "-" not in token and _plain(lex, token) and lex.nameness(bare(token)) >= ALONE


def run_part(ctx: Context, token: str) -> bool:
    """May ``token`` go on a run of unknown names ("Karl Kautsky")?"""
    return _run_part(ctx.lex, token) and token.lower() not in ctx.vocab


def unknown_ok(ctx: Context, start: int, token: str) -> bool:
    found = _unknown(ctx.lex, token)
    if found is None:
        return False
    word, low, high, initial, alone = found
    if not high and (low in ctx.vocab or low[:-1] in ctx.vocab):
        return False  # the document writes it in lower case: a common word
    if n._THE_BEFORE.search(ctx.text, max(0, start - 5), start):
        return False  # "the X" is rarely a person
    if start in ctx.starts:  # a sentence-initial capital proves nothing by itself,
        # unless English is known to write the word capitalised
        return word in ctx.names or initial
    return alone


def document_names(text: str, vocab: frozenset[str], starts: Iterable[int] = ()) -> set[str]:
    """Words of ``text`` that look like names where their capital proves it
    (not sentence-initial): ``recognise(names=...)`` then also takes them at
    the start of a sentence ("Engels lived in Manchester.")."""
    if is_title_case(text):
        return set()
    norm = normalise_quotes(text)
    ctx = Context(text, norm, Authority(), lexicon(), vocab, sentence_starts(norm, starts))
    found = set()
    for m in tokens(ctx):
        if m.start() not in ctx.starts and unknown_ok(ctx, m.start(), m.group(0)):
            found.add(bare(m.group(0)))
    return found
