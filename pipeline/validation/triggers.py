"""Which of a schema's Schematron patterns a document can trigger at all.

A pattern whose rules match only elements named ``p`` (``tei:p``,
``tei:l//tei:p``) or only elements carrying ``@when`` (``tei:*[@when]``) has
nothing to say about a document without them: its triggers are those names,
and a pattern runs only on documents whose text holds one of them. When the
contexts cannot be read that way (``@*``, ``tei:*[@a or @b]``, a root test),
the pattern always runs. Names found in comments or text run a pattern more,
never less.
"""

from __future__ import annotations

import re

from lxml import etree

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
_S = f"{{{SCH_NS}}}"
_X = "{http://www.w3.org/1999/XSL/Transform}"
TRIGGERS = "{urn:x-tei-pipeline:compiled}triggers"

_NAME_TEST = re.compile(r"(@?)(?:[\w.-]+:)?([\w.-]+|\*)(?=\s*(?:\[|/|\||\)|$))")
_STRINGS = re.compile(r"'[^']*'|\"[^\"]*\"")
_WILDCARD = re.compile(r"^\s*(?:[\w.-]+:)?\*\s*(\[.*\])\s*$", re.DOTALL)
# A predicate that holds only where an attribute is present:
# [@a], [@a and ...], [starts-with(@a, ...)]
_NEEDS_ATTRIBUTE = re.compile(r"^\s*(?:@([\w.-]+)\s*(?:$|and\b)|starts-with\s*\(\s*@([\w.-]+)\s*,)")


def pattern_triggers(pattern: etree._Element) -> set[str]:
    """Names one of which a document must hold for the pattern's rules to
    match anything: element names ("p") and attribute names ("@when"); empty
    when that cannot be told (the pattern then always runs)."""
    found: set[str] = set()
    for rule in pattern.iter(f"{_S}rule"):
        names = context_triggers(rule.get("context", ""))
        if not names:
            return set()
        found |= names
    return found


def context_triggers(context: str) -> set[str]:
    """Names that a node matched by ``context`` (a match pattern) implies:
    the element and attribute names of its steps; for ``tei:*[@a ...]`` the
    attribute. Empty when unsure."""
    names: set[str] = set()
    for alternative in _top_level(_STRINGS.sub("''", context), "|"):
        bare = _without_predicates(alternative).strip()
        if bare.startswith("(") and bare.endswith(")"):  # ( a | b )[...]: one of a, b
            inner = context_triggers(bare[1:-1])
            if not inner:
                return set()
            names |= inner
            continue
        wild = _WILDCARD.match(alternative)
        if wild:
            implied = _implied_attributes(wild.group(1))
            if not implied:
                return set()
            names |= implied
            continue
        steps = {f"{m.group(1)}{m.group(2)}" for m in _NAME_TEST.finditer(bare)}
        if not steps or any(s.endswith("*") for s in steps) or "(" in bare:
            return set()
        names |= steps
    return names


def _implied_attributes(predicates: str) -> set[str]:
    """The attribute that one of the ``[...]`` predicates requires (one is enough)."""
    for predicate in re.findall(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]", predicates):
        m = _NEEDS_ATTRIBUTE.match(predicate)
        if m:
            return {f"@{m.group(1) or m.group(2)}"}
    return set()


def _without_predicates(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        depth += ch == "["
        if depth == 0:
            out.append(ch)
        depth -= ch == "]"
    return "".join(out)


def _top_level(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += ch in "[("
        depth -= ch in "])"
        if ch == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def active_patterns(stylesheet: etree._Element, names: frozenset[str], data: bytes) -> str:
    """The patterns whose triggers the document holds: element ``names``, and
    attribute names looked for in the raw text (a name in a comment or in
    text only runs a pattern more)."""
    active = []
    for when in stylesheet.iter(f"{_X}if"):
        triggers = when.get(TRIGGERS)
        if triggers is None:
            continue
        if triggers == "*" or any(_present(t, names, data) for t in triggers.split()):
            active.append(when[0].get("mode", ""))
    return " ".join(active)


_ATTRIBUTE_SEARCH: dict[str, re.Pattern[bytes]] = {}


def _present(trigger: str, names: frozenset[str], data: bytes) -> bool:
    if not trigger.startswith("@"):
        return trigger in names
    name = trigger[1:].encode()
    if name + b"=" in data:  # byte searches first: much faster than a pattern
        return True
    if not any(name + space in data for space in (b" ", b"\t", b"\n", b"\r")):
        return False
    if trigger not in _ATTRIBUTE_SEARCH:
        _ATTRIBUTE_SEARCH[trigger] = re.compile(re.escape(name) + rb"\s+=")
    return _ATTRIBUTE_SEARCH[trigger].search(data) is not None
