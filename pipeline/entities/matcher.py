"""Finding known name forms (authority list, gazetteer, a document's own
names) in a string: the longest form at each token, left to right.

Forms are indexed by their first token.  The capitalised words of a string
are read once (``words``); only where one of them (or one of the few
lower-case particles that start forms: "the", "de") starts a form is the
text searched for it (``str.find``) and the form walked token by token, so that
time is linear in the text whatever the number of forms, and building a
matcher costs no more than indexing its forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass

from pipeline.entities.authority import Entry
from pipeline.entities.names import CAP_WORD, capitalised

_NEXT = re.compile(r"\s*(?:\w+|[^\w\s])")
_SPACE = re.compile(r"\s+")


def _key(span: str) -> str:
    """A span of text as a form is looked up: runs of white space between
    tokens count as one space where a line break, tab or double space is."""
    if "\n" in span or "  " in span or "\t" in span:
        return _SPACE.sub(" ", span)
    return span


@dataclass(frozen=True)
class Matcher:
    """Known forms by their first token."""

    known: dict[str, tuple[str, Entry | None]]  # form -> (type, entry)
    longest: dict[str, int]  # first token -> most tokens in a form starting with it
    capitalised: frozenset[str]  # first tokens that are capitalised words (``CAP_WORD``)
    # The other first tokens ("the", "de", a word of a script without case:
    # "毛泽东"): a few, each with the second tokens of its forms ("the" ->
    # "Hague"), or none if it is a form itself.
    others: dict[str, frozenset[str]]
    prefixes: frozenset[str]  # the first tokens of forms longer than them, spaces single

    def finditer(self, text: str, words: Set[str] | None = None) -> Iterator[tuple[int, int, str]]:
        """(start, end, form) of the longest known form at each token, left to
        right, never overlapping; the caller decides on word boundaries.
        ``words`` are the capitalised words of ``text`` (``CAP_WORD``), if
        the caller has them already."""
        if words is None:
            words = set(CAP_WORD.findall(text))
        firsts = [*self.capitalised.intersection(words), *self._particles(text)]
        starts = sorted((i, first) for first in firsts for i in _tokens(text, first))
        last_end = 0
        for start, first in starts:
            if start < last_end:
                continue
            found = self._walk(text, start, first)
            if found is not None:
                yield start, found[0], found[1]
                last_end = found[0]

    def _particles(self, text: str) -> Iterator[str]:
        """The particles that may start a form in ``text``: only those whose
        forms' second tokens are there too ("the" is everywhere)."""
        for first, seconds in self.others.items():
            if first in text and (not seconds or any(s in text for s in seconds)):
                yield first

    def _walk(self, text: str, start: int, first: str) -> tuple[int, str] | None:
        """The longest known form at ``start``, where the token ``first``
        stands (end, form), token by token, as long as the tokens read so
        far begin some form."""
        pos = start + len(first)
        found = (pos, first) if first in self.known else None
        limit, count = self.longest[first], 1
        if limit == 1 or first not in self.prefixes:
            return found
        while count < limit:
            nxt = _NEXT.match(text, pos)
            if nxt is None:
                break
            pos, count = nxt.end(), count + 1
            span = text[start:pos]
            form = _key(span)
            if form in self.known:
                found = pos, form
            if " ".join(span.split()) not in self.prefixes:
                break
        return found


def _tokens(text: str, word: str) -> Iterator[int]:
    """Where ``word`` stands as a whole token in ``text``."""
    size = len(word)
    i = text.find(word)
    while i >= 0:
        j = i + size
        before, after = text[i - 1 : i], text[j : j + 1]  # "" at either end
        # neither is a word character (what ``\w`` matches)
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            yield i
        i = text.find(word, j)  # an occurrence starting inside this one is inside a word


def build_matcher(known: dict[str, tuple[str, Entry | None]]) -> Matcher:
    """The matcher of ``known`` forms (form -> (type, entry))."""
    longest: dict[str, int] = {}
    prefixes: set[str] = set()
    seconds: dict[str, set[str]] = {}
    for form in known:
        ends = [m.end() for m in _NEXT.finditer(form)]
        if ends:
            first = form[: ends[0]].strip()
            longest[first] = max(longest.get(first, 0), len(ends))
            prefixes.update(" ".join(form[:end].split()) for end in ends[:-1])
            if not capitalised(first):
                second = form[ends[0] : ends[1]].strip() if len(ends) > 1 else ""
                seconds.setdefault(first, set()).add(second)
    # Every first token is one or the other, both told by ``capitalised``: a
    # form whose first token were neither would never be found.
    capitals = frozenset(first for first in longest if capitalised(first))
    others = {
        first: frozenset() if "" in following else frozenset(following)
        for first, following in sorted(seconds.items())
    }
    return Matcher(known, longest, capitals, others, frozenset(prefixes))
