"""Credit lines ("Transcribed by …", "HTML Mark-up: … for the …") read into
``respStmt``s: the role in ``resp``, dated when the line dates the work; only
names in ``persName`` (people) and ``orgName`` (bodies); a second role in the
same line ("…, edited by D. Riazanov") in a ``respStmt`` of its own.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.convert.dates import parse_date
from pipeline.convert.info import MAX_VALUE, append_text, clean_value, el, is_org, sub

_ROLE_BY = re.compile(r"^(?P<role>.*?)\s+by:?\s+(?P<rest>.*)$")
# "… for marxists.org by Mitch Abidor": the body the work was done for
_FOR = re.compile(r"(?:^|\s+)for\s+(?:the\s+)?(?P<body>\S.*)$")
_AGENTS = re.compile(r"\s*(?:,\s*and\s+|;\s*|,\s*|\s+and\s+|\s*&\s*)")
_AFFILIATION = re.compile(r"\s+(?:for|of)\s+(?:the\s+)?(?=\S)")
_SECOND_ROLE = re.compile(
    r",\s+(?=(?:and\s+)?(?:edited|translated|revised|corrected|annotated|introduced|proofread)"
    r"\s+by\b)"
)
_DATE_END = re.compile(
    r"(?:,|\s+(?P<word>in|on))?\s*\(?(?P<date>(?:\w+\.?\s+)?(?:\d{1,2},?\s+)?(?:1[4-9]\d\d|20\d\d))\)?"
    r"[.;,]?$"
)
_YEAR_END = re.compile(r"(?:,|\s+(?P<word>in|on))?\s+\(?(?P<date>1[4-9]\d\d|20\d\d)\)?[.;,]?$")
_ROLE_NOUN = re.compile(
    r"(?i)^(?:editor|secretary|president|member|chairman|director|organiser|translator)\b"
)
_ISSUE = re.compile(r"(?i)^(?:no|nos|vol|issue)\.?\s*\d")


def role_of(text: str) -> tuple[str, str]:
    """(role, credited) of a credit in prose: "Marked up by X" -> ("Marked up", "X")."""
    m = _ROLE_BY.match(text)
    if m:
        return m["role"], m["rest"]
    head, _, rest = text.partition(" ")
    return head, rest


def credits(resp: str, value: str) -> list[etree._Element]:
    """The ``respStmt``s of one credit line."""
    value = clean_value(value)[:MAX_VALUE]
    first, *others = _SECOND_ROLE.split(value)
    stmts = [credit(resp, first)]
    for other in others:
        stmts.append(credit(*role_of(re.sub(r"^and\s+", "", other.strip()))))
    return stmts


def credit(resp: str, value: str) -> etree._Element:
    """``respStmt`` for a credit: the role in ``resp`` (with the date of the
    work, "Proofread <date>July 2007</date>", when the line gives one), each
    person in ``persName``, each organisation ("for the Marxists' Internet
    Archive") in ``orgName``."""
    value = clean_value(value)
    resp, value, bodies = _role(resp, value)
    value = re.sub(r"^(?:by|By)\s+", "", value)
    stmt = el("respStmt")
    value = _dated(sub(stmt, "resp", resp), value)
    for body in bodies:
        _agent(stmt, body, body=True)
    for agent in _AGENTS.split(value):
        _agents(stmt, agent)
    if not any(c.tag.endswith(("persName", "orgName")) for c in stmt):
        for note in [c for c in stmt if c.tag.endswith("}note")]:
            stmt.remove(note)
        sub(stmt, "name", value or resp)  # a respStmt names someone
    _leftovers_last(stmt)
    return stmt


def _role(resp: str, value: str) -> tuple[str, str, list[str]]:
    """The words before "by" that add to the role ("and corrected", "from the
    French") and the body the work was done for ("for marxists.org")."""
    m = _ROLE_BY.match(value)
    if m is None:
        return resp, value, []
    before, rest = m["role"], m["rest"]
    bodies = []
    body = _FOR.search(before)
    if body is not None and is_org(body["body"]):
        bodies.append(body["body"])
        before = before[: body.start()]
    if len(before.split()) > 5 or is_org(before):
        return resp, value, []  # not a role: "X of the Y Society by …" is read as names
    return f"{resp} {before}".strip(), rest, bodies


def _dated(resp: etree._Element, value: str) -> str:
    """The date at the end of ``value`` moved into ``resp``; the rest."""
    for pattern in (_DATE_END, _YEAR_END):
        m = pattern.search(value)
        when = parse_date(m["date"]) if m and m.start() > 0 else None
        if m and when is not None:
            append_text(resp, f" {m['word']} " if m["word"] else " ")
            sub(resp, "date", m["date"], **when)
            return value[: m.start()]
    return value


def _agents(stmt: etree._Element, agent: str) -> None:
    """One credited agent: "Einde O'Callaghan for the MIA" is a person and a
    body; "No.20" goes on the name before; "Editor of The People" is a note."""
    agent = agent.strip(" .,;:")
    if not agent:
        return
    if _ISSUE.match(agent) and len(stmt) > 1 and stmt[-1].tag.endswith(("orgName", "persName")):
        stmt[-1].text = f"{stmt[-1].text}, {agent}"
        return
    if agent.lower().startswith("for "):
        _agent(stmt, agent[4:], body=True)  # "…, for marxists.org"
        return
    if _ROLE_NOUN.match(agent) or agent[:1].islower():
        sub(stmt, "note", agent)
        return
    parts = _AFFILIATION.split(agent, maxsplit=1)
    _agent(stmt, parts[0])
    if len(parts) > 1:
        _agent(stmt, parts[1], body=True)  # worked for or belongs to a body


def _agent(stmt: etree._Element, text: str, body: bool = False) -> None:
    text = text.strip(" .,;:")
    if text.lower().startswith("the ") and not (body or is_org(text)):
        text = text[4:]
    if text:
        sub(stmt, "orgName" if body or is_org(text) else "persName", text)


def _leftovers_last(stmt: etree._Element) -> None:
    """``note``s after the names, as ``respStmt`` wants them."""
    for note in [c for c in stmt if c.tag.endswith("}note")]:
        stmt.append(note)
