"""Finding known name forms (authority list, gazetteer, a document's own
names) in a string: the longest form at each token, left to right.

The forms are compiled into one regular expression shaped as a trie of
their characters, so that the regular-expression engine, not a loop of
Python, walks the text: time is linear in the text whatever the number of
forms, and a token that starts no form costs almost nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.entities.authority import Entry

_PIECE = re.compile(r"(\s*)(\w+|[^\w\s])")
_NEXT = re.compile(r"\s*(?:\w+|[^\w\s])")
_SPACE = re.compile(r"\s+")
# A form's first token starts at one of these capitals, or with any other
# character that is not a letter written in upper case.
_UPPER_FIRST = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_WORD_END = r"(?!\w)"
_WORD_CHAR = re.compile(r"\w")
_SEPARATOR = r"\s+"
_TERMINAL = ""  # trie key of "a form ends here" (no atom is empty)


def _key(span: str) -> str:
    """A span of text as a form is looked up: runs of white space between
    tokens count as one space where a line break, tab or double space is."""
    if "\n" in span or "  " in span or "\t" in span:
        return _SPACE.sub(" ", span)
    return span


def _atoms(form: str) -> list[str] | None:
    """The regular-expression atoms of ``form``, token by token: characters,
    a word's end, white space between tokens.  None: the form can never be
    found (it starts or ends with white space, or with a capital no name of
    the text can start with)."""
    atoms: list[str] = []
    pos = 0
    for i, m in enumerate(_PIECE.finditer(form)):
        space, token = m.group(1), m.group(2)
        if i == 0:
            first = token[0]
            if space or (first.isupper() and not _UPPER_FIRST.match(first)):
                return None
            # the look-behind after the first character: no word character
            # before the form (written so, the engine skips ahead by character)
            atoms.append(re.escape(first) + r"(?<!\w.)")
            atoms += [re.escape(c) for c in token[1:]]
            atoms.append(_WORD_END)  # even after punctuation: a form starts a token
        else:
            if space:
                atoms.append(_SEPARATOR)
            atoms += [re.escape(c) for c in token]
            if _WORD_CHAR.match(token):
                atoms.append(_WORD_END)
        pos = m.end()
    return atoms if atoms and pos == len(form) else None


def _trie_pattern(forms: list[str]) -> str:
    root: dict[str, dict] = {}
    for form in forms:
        atoms = _atoms(form)
        if atoms is None:
            continue
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[_TERMINAL] = {}
    return _emit(root) if root else r"(?!)"


def _emit(node: dict[str, dict]) -> str:
    """A node's alternatives; where a form ends, they are optional and greedy:
    the longest form wins, a shorter one where the longer does not go on."""
    alts = [atom + _emit(child) for atom, child in sorted(node.items()) if atom != _TERMINAL]
    if not alts:
        return ""
    if _TERMINAL in node:
        return "(?:" + "|".join(alts) + ")?"
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


@dataclass(frozen=True)
class Matcher:
    """Known forms and the expression that finds them."""

    known: dict[str, tuple[str, Entry | None]]  # form -> (type, entry)
    longest: dict[str, int]  # first token -> most tokens in a form starting with it
    pattern: re.Pattern[str]  # the trie of every form

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, form) of the longest known form at each token, left to
        right, never overlapping; the caller decides on word boundaries."""
        pos, search, known = 0, self.pattern.search, self.known
        while (m := search(text, pos)) is not None:
            start, end = m.span()
            form = _key(m.group(0))
            if form not in known:  # odd white space inside: token by token
                found = self._walk(text, start)
                if found is None:
                    pos = start + 1
                    continue
                end, form = found
            yield start, end, form
            pos = end

    def _walk(self, text: str, start: int) -> tuple[int, str] | None:
        """The longest known form at ``start``, tried token by token."""
        first = _NEXT.match(text, start)
        if first is None:
            return None
        ends, pos = [first.end()], first.end()
        for _ in range(self.longest.get(first.group(0), 0) - 1):
            nxt = _NEXT.match(text, pos)
            if nxt is None:
                break
            pos = nxt.end()
            ends.append(pos)
        for end in reversed(ends):
            form = _key(text[start:end])
            if form in self.known:
                return end, form
        return None


def build_matcher(known: dict[str, tuple[str, Entry | None]]) -> Matcher:
    """The matcher of ``known`` forms (form -> (type, entry))."""
    longest: dict[str, int] = {}
    for form in known:
        tokens = _PIECE.findall(form)
        if tokens:
            first = tokens[0][1]
            longest[first] = max(longest.get(first, 0), len(tokens))
    return Matcher(known, longest, re.compile(_trie_pattern(sorted(known))))
