"""The values of info lines parsed into header elements: a source or reprint
line into ``bibl`` (title at its level, author or editor, date, volume,
issue, pages, publisher, place), a "Written:" line into ``creation``, a
licence into the name of its publisher; credits are read in
:mod:`pipeline.convert.credits`.

Every word of a value ends up inside the element built from it (as text or
in a child), so nothing a line says is lost from the header.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.convert import lines as L
from pipeline.convert.dates import find_dates, parse_date
from pipeline.spans import make
from pipeline.tei import XML_NS

XML_ID = f"{{{XML_NS}}}id"
MAX_VALUE = 2000

_WORDS_EXTENT = re.compile(r"\((?P<n>\d{1,3}(?:,\d{3})*|\d+)\s+words\)")
_ISSUE = re.compile(
    r"^(?:No|no|NO|Nos|nos|Number|Issue|#)\.?\s*(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?\.?$"
)
_VOLUME = re.compile(r"^(?:Vol|vol|VOL|Volume|volume)\.?\s*(?P<a>\d+|[IVXLC]+)\.?$")
_PAGES = re.compile(r"^(?:pp?|pages?)\.?\s*(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?\.?$")
# Where a source value is cut into parts: commas outside brackets, and
# "Vol. 9. no. 8" between the volume and the issue.
_PART_SEP = re.compile(r",\s+|;\s+|(?<=\d\.)\s+(?=(?:[Nn]o|NO|[Nn]umber|[Pp]p?)\.?\s*\d)")
_LEAD = re.compile(
    r"(?i)^(?:from\s+(?:the collection:?\s+)?|(?:recently |also |later |first |originally )?"
    r"(?:re)?(?:printed|published|issued)(?: in english)?(?: (?:in|as|by))?\s+|(?:in|by)\s+)"
)
_EDITORS = re.compile(r"^(?P<who>[^()]+?)\s*\((?P<ed>eds?\.?)\)$")
_NUMBERED = re.compile(r"(?i)^(?:no|nos|vol|volume|number|issue)\b\.?\s*[\dIVXLC]")
_TRAILING_YEAR = re.compile(r"^(?P<name>.*\S)\s+(?P<year>1[4-9]\d\d|20\d\d)$")
_LEADING_YEAR = re.compile(r"^(?P<year>1[4-9]\d\d|20\d\d)\s+(?P<name>\S.*)$")
_INITIAL_END = re.compile(r"\b\w\.$")
_ORG_WORDS = re.compile(
    r"(?i)\b(?:society|archive|project|library|press|publishers?|publishing|collection|union"
    r"|party|committee|league|group|institute|club|web|internet|marxists|federation"
    r"|association|foundation|university|council|bureau|company|co\.|ltd|editions)\b"
    r"|\w\.(?:org|com|net|biz|edu)\b|@"
)
_PUBLISHER = re.compile(r"(?i)\b(?:press|publishers?|publishing|verlag|editions|books|& co)\b")
_YEAR = re.compile(r"(?<![\d,.])(1[4-9]\d\d|20\d\d)(?!\d)")


def el(tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    e = make(tag)
    for key, value in attrib.items():
        e.set(XML_ID if key == "xml_id" else key, value)
    e.text = text
    return e


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    child = el(tag, text, **attrib)
    parent.append(child)
    return child


def append_text(e: etree._Element, text: str) -> None:
    if not text:
        return
    if len(e):
        e[-1].tail = (e[-1].tail or "") + text
    else:
        e.text = (e.text or "") + text


def is_org(name: str) -> bool:
    """A body, not a person: a society, an archive, a press, "marxists.org"."""
    return bool(_ORG_WORDS.search(name))


def clean_value(value: str) -> str:
    """An info value without its trailing ';', ',' or '.' (an initial's '.' kept)."""
    value = value.strip()
    while value.endswith((";", ",")) or (value.endswith(".") and not _INITIAL_END.search(value)):
        value = value[:-1].rstrip()
    return value


def page_range(a: str, b: str | None) -> tuple[str, str]:
    """``from``/``to`` of a page range, an abbreviated end written out: 294-98 -> 298."""
    if b is None:
        return a, a
    if len(b) < len(a) and int(b) < int(a):
        b = a[: len(a) - len(b)] + b
    return a, b


# ---- sources --------------------------------------------------------------------------


def _parts(value: str) -> list[str]:
    """``value`` cut at separators outside brackets and dates; the separators
    are kept as parts of their own (odd indices). One pass over the value."""
    protected = iter(find_dates(value))
    date = next(protected, None)
    out, start, depth, scanned = [], 0, 0, 0
    for m in _PART_SEP.finditer(value):
        pos = m.start()
        depth += value.count("(", scanned, pos) - value.count(")", scanned, pos)
        scanned = pos
        while date is not None and date[1] <= pos:
            date = next(protected, None)
        if depth > 0 or (date is not None and date[0] < pos):
            continue
        out += [value[start:pos], m.group()]
        start = m.end()
    out.append(value[start:])
    return out


def _date(text: str) -> dict[str, str] | None:
    """``date`` attributes of a part that is a date ("JUNE 7, 1896" too)."""
    text = L.without_refs(text).rstrip(".")
    when = parse_date(text)
    if when is None and text.isupper():
        when = parse_date(text.title())
    return when


def _is_journal(parts: list[str]) -> bool:
    """A periodical: an issue number, or a date with its month."""
    for part in parts[1:]:
        when = _date(part.strip(" ."))
        if _ISSUE.match(part.strip()) or (when is not None and "-" in when.get("when", "-")):
            return True
    return False


def _is_person(part: str) -> bool:
    """ "Georgi Plekhanov" before a book's title, not "The Communist International"."""
    part = part.strip()
    first = part.split(" ", 1)[0]
    return (
        L.is_name(part)
        and " " in part
        and not is_org(part)
        and not _NUMBERED.match(part)
        and first not in {"The", "A", "An", "Le", "La", "Les", "Die", "Der", "Das", "El"}
        and not re.search(r"[’']s\b", part)
    )


def _is_title(part: str, first: bool = False) -> bool:
    """A part that can be a title: not a number, a date or a place and year;
    the first part of a source may start in lower case ("le Socialiste")."""
    part = part.strip()
    plain = not (_ISSUE.match(part) or _VOLUME.match(part) or _PAGES.match(part))
    placed = _TRAILING_YEAR.match(part)
    if placed is not None and _is_place(placed["name"]):
        return False  # "St Petersburg 1908"
    return plain and _date(part) is None and (part[:1].isupper() or (first and part[:1].isalpha()))


def _is_place(part: str) -> bool:
    """ "Moscow", "New York": a few capitalised words, no number, no body."""
    words = part.split()
    return (
        0 < len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not any(c.isdigit() for c in part)
        and not is_org(part)
    )


def _imprint(bibl: etree._Element, inner: str) -> None:
    """ "(Progress Publishers, Moscow, 1976)", "(ed. A. Editor)", "(Edinburgh)"."""
    append_text(bibl, "(")
    parts, seps = _split_pairs(inner)
    for part, sep in zip(parts, seps):
        text = part.strip()
        editor = re.match(r"^(?P<ed>eds?\.?|edited by)\s+(?P<who>\S.*)$", text)
        when = parse_date(text)
        if editor:
            append_text(bibl, editor["ed"] + " ")
            sub(bibl, "editor", editor["who"])
        elif when is not None:
            sub(bibl, "date", text, **when)
        elif _PUBLISHER.search(text):
            sub(bibl, "publisher", text)
        elif _is_place(text):
            sub(bibl, "pubPlace", text)
        else:
            append_text(bibl, part)
        append_text(bibl, sep)
    append_text(bibl, ")")


def _add_part(bibl: etree._Element, part: str) -> None:
    """One part of a source value as the element it is, or as text."""
    text = part.strip()
    core = L.without_refs(text)
    if core != text and core:  # "May 1915. [1]": the date, then the reference
        _add_part(bibl, core)
        append_text(bibl, text[len(core) :])
        return
    paren = re.match(r"^(?P<head>[^()]*?)\s*\((?P<inner>[^()]*)\)$", text)
    if paren and not _PAGES.match(text):
        if paren["head"]:
            _add_part(bibl, paren["head"])
            append_text(bibl, " ")
        _imprint(bibl, paren["inner"])
        return
    if not (_scope(bibl, text) or _dated(bibl, text) or _body(bibl, text)):
        append_text(bibl, text)


def _scope(bibl: etree._Element, text: str) -> bool:
    """Volume, issue or pages, with their numbers in ``@from``/``@to``."""
    issue, volume, pages = _ISSUE.match(text), _VOLUME.match(text), _PAGES.match(text)
    if volume:
        sub(bibl, "biblScope", text, unit="volume", **{"from": volume["a"], "to": volume["a"]})
    elif issue:
        last = issue["b"] or issue["a"]
        sub(bibl, "biblScope", text, unit="issue", **{"from": issue["a"], "to": last})
    elif pages:
        first, last = page_range(pages["a"], pages["b"])
        sub(bibl, "biblScope", text, unit="page", **{"from": first, "to": last})
    return bool(volume or issue or pages)


def _dated(bibl: etree._Element, text: str) -> bool:
    when = _date(text)
    if when is not None:
        sub(bibl, "date", text, **when)
    return when is not None


def _body(bibl: etree._Element, text: str) -> bool:
    """A publisher or a place, with a year before or after it: "Pluto Press
    1997", "1974 Oriole Editions", "New York 1974", "Moscow"."""
    named = _PUBLISHER.search(text) is not None
    trailing, leading = _TRAILING_YEAR.match(text), _LEADING_YEAR.match(text)
    if named and (trailing or leading):
        m = trailing or leading
        assert m is not None
        parts = [("publisher", m["name"]), ("date", m["year"])]
        for tag, value in parts if trailing else reversed(parts):
            sub(bibl, tag, value, **({"when": value} if tag == "date" else {})).tail = " "
        bibl[-1].tail = None
        return True
    if named and len(bibl):
        sub(bibl, "publisher", text)
        return True
    if trailing and _is_place(trailing["name"]):
        sub(bibl, "pubPlace", trailing["name"]).tail = " "
        sub(bibl, "date", trailing["year"], when=trailing["year"])
        return True
    if len(bibl) and bibl[-1].tag.endswith("publisher") and _is_place(text):
        sub(bibl, "pubPlace", text)
        return True
    return False


def source_bibl(values: list[str], kind: str) -> tuple[etree._Element, int | None]:
    """``bibl`` for the value(s) of one source statement, parsed into title,
    author, date, biblScope and publisher; with the word count of
    "(3,737 words)" if the value states one."""
    bibl = el("bibl", type=kind)
    words = None
    cleaned = []
    for value in values:
        extent = _WORDS_EXTENT.search(value)
        if extent:
            words = int(extent["n"].replace(",", ""))
            value = (value[: extent.start()] + value[extent.end() :]).strip()
        cleaned.append(clean_value(value))
    # "The Daily People" / "July 30, 1900": the date on the next line makes it a journal
    journal = _is_journal(["", *(p for v in cleaned for p in _parts(v)[0::2])])
    for n, value in enumerate(cleaned):
        if n:
            append_text(bibl, " ")
        if len(value) > MAX_VALUE:
            append_text(bibl, value)  # too long to be a reference: kept as it is
            continue
        _fill(bibl, value, titled=n == 0 or not len(bibl), journal=journal)
    return bibl, words


def _fill(bibl: etree._Element, value: str, titled: bool, journal: bool) -> None:
    lead = _LEAD.match(value)
    if lead:
        append_text(bibl, lead.group())
        value = value[lead.end() :]
    pieces = _parts(value)
    parts, seps = pieces[0::2], [*pieces[1::2], ""]
    editors = _EDITORS.match(parts[0].strip()) if titled and len(parts) > 1 else None
    if editors is not None:  # "Owen Dudley Edwards & Bernard Ransom (eds), Title, …"
        sub(bibl, "editor", editors["who"]).tail = f" ({editors['ed']}){seps[0]}"
        parts, seps = parts[1:], seps[1:]
    elif titled and len(parts) > 2 and _is_person(parts[0]) and _is_title(parts[1]):
        sub(bibl, "author", parts[0].strip()).tail = seps[0]
        parts, seps = parts[1:], seps[1:]
    for i, (part, sep) in enumerate(zip(parts, seps)):
        if titled and i == 0 and _is_title(part, first=True) and not _NUMBERED.match(part.strip()):
            _title(bibl, part.strip(), "j" if journal else "m")
        else:
            _add_part(bibl, part)
        append_text(bibl, sep)


def _title(bibl: etree._Element, text: str, level: str) -> None:
    """The title, and the imprint in brackets after it: "Politics magazine
    (New York, May 1946)"."""
    paren = re.match(r"^(?P<head>[^()]*?\S)\s*\((?P<inner>[^()]*)\)$", text)
    if paren is None:
        sub(bibl, "title", text, level=level)
        return
    sub(bibl, "title", paren["head"], level=level).tail = " "
    _imprint(bibl, paren["inner"])


def add_publisher(bibl: etree._Element, value: str) -> None:
    """A "Publisher: Progress Publishers, 1974" line, added to the source before it."""
    append_text(bibl, "; ")
    for part, sep in zip(*_split_pairs(clean_value(value))):
        when = parse_date(part)
        if when is not None:
            sub(bibl, "date", part, **when)
        else:
            sub(bibl, "publisher", part)
        append_text(bibl, sep)


def _split_pairs(value: str) -> tuple[list[str], list[str]]:
    pieces = _parts(value)
    return pieces[0::2], [*pieces[1::2], ""]


# ---- creation and licence -------------------------------------------------------------------


def with_dates(parent: etree._Element, text: str) -> None:
    """``text`` appended to ``parent`` with its dates marked."""
    pos = 0
    for start, end, attrs in find_dates(text):
        append_text(parent, text[pos:start])
        sub(parent, "date", text[start:end], **attrs)
        pos = end
    append_text(parent, text[pos:])


def publisher_name(text: str) -> str | None:
    """The body a licence names ("V. I. Lenin Internet Archive (www.marx.org)
    2002. …" -> "V. I. Lenin Internet Archive"): the capitalised words up to
    and around its first word for a body."""
    words = text[:MAX_VALUE].split()
    for i, word in enumerate(words):
        if not _ORG_WORDS.search(word) or not word[:1].isupper():
            continue
        start = i
        while start > 0 and (words[start - 1][:1].isupper() or words[start - 1] in {"&", "of"}):
            start -= 1
        end = i + 1
        while end < len(words) and words[end][:1].isupper() and not words[end].startswith("("):
            end += 1
        return " ".join(words[start:end]).rstrip(".,;:")
    return None


def years(text: str) -> list[str]:
    return _YEAR.findall(text)
