"""XPath 1.0's value functions as the project rules read attribute values
and text: normalize-space(), number(), a word count of normalize-space(),
and the ISO dates the rules accept. XML white space only, as XPath means it
(not every space Python's ``str`` methods know)."""

from __future__ import annotations

import re

_ISO = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?\Z")
_XPATH_SPACE = re.compile(r"[ \t\r\n]+")
# XPath 1.0's Number, and an exponent as libxml2 (and so every XSLT 1.0 run of the rules) reads it.
_XPATH_NUMBER = re.compile(
    r"[ \t\r\n]*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)[ \t\r\n]*\Z"
)


def normalize_space(text: str) -> str:
    """XPath's normalize-space (XML white space only, not every Unicode space)."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = _XPATH_SPACE.sub(" ", text)
    return text.strip(" ")


# White space to Python's split() that is none to XPath: kept inside words.
_NOT_XML_SPACE = re.compile(
    "[\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def word_count(text: str) -> int:
    """The words of normalize-space(text): runs of anything but XML white space."""
    if _NOT_XML_SPACE.search(text):  # rare: most texts are spaced with XML white space only
        text = _NOT_XML_SPACE.sub("x", text)
    return len(text.split())


def xpath_number(text: str | None) -> float:
    """number() of a string as libxml2 computes it: NaN unless it is a decimal."""
    m = _XPATH_NUMBER.match(text or "")
    return float(m.group(1)) if m else float("nan")


def iso_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD with a real month and day."""
    if not _ISO.match(value):
        return False
    if len(value) == 4:
        return True
    year, month = int(value[:4]), int(value[5:7])
    if not 1 <= month <= 12:
        return False
    if len(value) < 10:
        return True
    leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
    last = (
        29 if month == 2 and leap else 28 if month == 2 else 30 + (month in (1, 3, 5, 7, 8, 10, 12))
    )
    return 1 <= int(value[8:10]) <= last
