"""Which of a schema's Schematron patterns a document can trigger at all.

A pattern whose rules match only elements named ``p`` (``tei:p``,
``tei:l//tei:p``) or only elements carrying ``@when`` (``tei:*[@when]``) has
nothing to say about a document without them: its triggers are those names,
and a pattern runs only on documents that hold one of them (element names as
written in the text: one in a comment runs a pattern more, never less;
attribute names as parsed). When the contexts cannot be read that way
(``@*``, ``tei:*[@a or @b]``, a root test), the pattern always runs.
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
_WILDCARD = re.compile(r"^\s*/{0,2}\s*(?:[\w.-]+:)?\*\s*(\[.*\])\s*$", re.DOTALL)
# A predicate that holds only where an attribute is present:
# [@a], [@a and ...], [starts-with(@a, ...)]
_NEEDS_ATTRIBUTE = re.compile(r"^\s*(?:@([\w.-]+)\s*(?:$|and\b)|starts-with\s*\(\s*@([\w.-]+)\s*,)")
# ... or where an element is: [count(//x) gt 1]
_NEEDS_ELEMENT = re.compile(
    r"^\s*count\s*\(\s*\.?/{0,2}(?:[\w.-]+:)?([\w.-]+)\s*\)\s*(?:gt|>)\s*[0-9]+\s*$"
)
Group = frozenset[str]


def pattern_triggers(pattern: etree._Element) -> set[Group]:
    """What a document must hold for the pattern's rules to match anything:
    one of the groups, each a set of element names ("p") and attribute
    names ("@when") all present; empty when that cannot be told (the
    pattern then always runs)."""
    found: set[Group] = set()
    for rule in pattern.iter(f"{_S}rule"):
        groups = context_triggers(rule.get("context", ""))
        if not groups:
            return set()
        found |= groups
    return found


def context_triggers(context: str) -> set[Group]:
    """The groups of names that a node matched by ``context`` (a match
    pattern) implies: the named steps of a path (``tei:l//tei:p``: l and p);
    for ``tei:*[@a ...]`` the attribute. Empty when unsure."""
    groups: set[Group] = set()
    for alternative in _top_level(_STRINGS.sub("''", context), "|"):
        bare = _outside(alternative, "[", "]").strip()
        if (
            bare.startswith("(")
            and bare.endswith(")")
            and _top_level(bare[1:-1], ")")[0] == bare[1:-1]
        ):
            inner = context_triggers(bare[1:-1])  # ( a | b )[...]: one of a, b
            if not inner:
                return set()
            groups |= inner
            continue
        wild = _WILDCARD.match(alternative)
        if wild:
            implied = _implied(wild.group(1))
            if not implied:
                return set()
            groups.add(implied)
            continue
        rest = _outside(bare, "(", ")")  # ( a | b )/c: c, at least
        steps = {f"{m.group(1)}{m.group(2)}" for m in _NAME_TEST.finditer(rest)}
        if not steps or any(s.endswith("*") for s in steps) or "(" in rest or ".." in rest:
            return set()
        groups.add(frozenset(steps))
    return groups


def _implied(predicates: str) -> Group:
    """A name one of the ``[...]`` predicates requires (one is enough)."""
    for predicate in re.findall(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]", predicates):
        m = _NEEDS_ATTRIBUTE.match(predicate)
        if m:
            return frozenset({f"@{m.group(1) or m.group(2)}"})
        m = _NEEDS_ELEMENT.match(predicate)
        if m:
            return frozenset({m.group(1)})
    return frozenset()


def _outside(text: str, opening: str, closing: str) -> str:
    """``text`` without what stands between ``opening`` and ``closing`` (nested)."""
    out, depth = [], 0
    for ch in text:
        depth += ch == opening
        if depth == 0:
            out.append(ch)
        depth -= ch == closing
    return "".join(out)


def serialized(groups: set[Group]) -> str:
    """Groups as kept in the stylesheet: "l+p div", or "*" for always; in a
    group, element names first and attribute names after ("rt+@target")."""
    return (
        " ".join(sorted("+".join(sorted(g, key=lambda t: (t.startswith("@"), t))) for g in groups))
        or "*"
    )


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


# Each pattern of a compiled stylesheet: its mode, and its trigger groups
# (each a tuple of names, element names first), or None where it always runs.
Kept = list[tuple[str, list[tuple[str, ...]] | None]]


def kept_triggers(stylesheet: etree._Element) -> Kept:
    """The patterns' modes and triggers as ``serialized`` kept them in the
    stylesheet, read once (not again for every document)."""
    kept: Kept = []
    for when in stylesheet.iter(f"{_X}if"):
        triggers = when.get(TRIGGERS)
        if triggers is None:
            continue
        groups = None if triggers == "*" else [tuple(g.split("+")) for g in triggers.split()]
        kept.append((when[0].get("mode", ""), groups))
    return kept


def active_patterns(kept: Kept, held: frozenset[str]) -> str:
    """The patterns whose triggers the document holds: ``held`` names its
    elements ("p") and attributes ("@when")."""
    return " ".join(
        mode
        for mode, groups in kept
        if groups is None or any(all(t in held for t in group) for group in groups)
    )
