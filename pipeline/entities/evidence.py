"""Evidence shared by the recogniser's layers: what a capitalised word is
(lexicon margins, stop words, nationalities), where sentences start, and
the context every layer reads a string in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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
    | {"given", "author"}
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


def vocabulary(text: str) -> frozenset[str]:
    """Words written in lower case somewhere in the document ("state", "party")."""
    return frozenset(n._WORD_RE.findall(text))


def sentence_starts(text: str, extra: Iterable[int] = ()) -> set[int]:
    """Offsets of the first character of each sentence (openers skipped)."""
    starts: set[int] = set()
    for m in n.SENTENCE_RE.finditer(text):
        if m.group(0)[:1] == "." and n._ABBREV.search(text, max(0, m.start() - 8), m.start()):
            continue  # "Mr. Smith", "St. Petersburg", "J. B. Smith"
        starts.add(m.end())
    starts.update(extra)
    result = set()
    run_start, run_end = -1, -1  # the last run of openers skipped: skipped once only
    for pos in sorted(starts):
        if run_start <= pos <= run_end:
            result.add(run_end)
            continue
        run_start = pos
        while pos < len(text) and text[pos] in n._OPENERS:
            pos += 1
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
    upper = sum(1 for w in words if w[0].isupper())
    if len(words) <= 6 and upper == len(words) and not text.rstrip().endswith((".", "?", "!")):
        return True
    long_words = [w for w in words if len(w) > 3]
    if len(long_words) < 3:
        return False
    return sum(1 for w in long_words if w[0].isupper()) / len(long_words) >= 0.7


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
    words: set[str] | frozenset[str] = frozenset()  # its capitalised words (CAP_WORD)


def is_plain_name(ctx: Context, token: str) -> bool:
    """A capitalised token that may be (part of) a proper name."""
    word = bare(token)
    lex = ctx.lex
    if word in lex.stop or word in lex.polity or word in lex.group:
        return False
    if len(word) > 1 and word.isupper():
        return False
    return "-" in word or lex.nameness(word) > COMMON


def unknown_ok(ctx: Context, start: int, token: str) -> bool:
    word = bare(token)
    if len(word) < 3 or "-" in word or not is_plain_name(ctx, word):
        return False
    low = word.lower()
    if low.endswith(n._SUFFIXES) or (low.endswith("s") and word[:-1] in ctx.lex.stop):
        return False
    margin = ctx.lex.nameness(word)
    if (low in ctx.vocab or low[:-1] in ctx.vocab) and margin < INITIAL:
        return False  # the document writes it in lower case: a common word
    if n._THE_BEFORE.search(ctx.text, max(0, start - 5), start):
        return False  # "the X" is rarely a person
    if start in ctx.starts:  # a sentence-initial capital proves nothing by itself,
        # unless English is known to write the word capitalised
        return word in ctx.names or (margin >= INITIAL and low in ctx.lex.margin)
    return margin >= ALONE


def document_names(text: str, vocab: frozenset[str], starts: Iterable[int] = ()) -> set[str]:
    """Words of ``text`` that look like names where their capital proves it
    (not sentence-initial): ``recognise(names=...)`` then also takes them at
    the start of a sentence ("Engels lived in Manchester.")."""
    if is_title_case(text):
        return set()
    norm = normalise_quotes(text)
    ctx = Context(text, norm, Authority(), lexicon(), vocab, sentence_starts(norm, starts))
    found = set()
    for m in n.TOKEN_RE.finditer(norm):
        if m.start() not in ctx.starts and unknown_ok(ctx, m.start(), m.group(0)):
            found.add(bare(m.group(0)))
    return found
