"""What one line of the MIA layout looks like: a ``Label: value`` line, a
credit ("Transcribed by …"), a date, a title, a name, a salutation, a list
marker, a rule.

Pure predicates on strings, shared by the reading of the title area
(:mod:`pipeline.convert.frontmatter`) and of the body
(:mod:`pipeline.convert.blocks`). Every pattern is anchored and free of nested
repetition, and long lines are refused before any pattern runs, so each test
costs time linear in the line at most.
"""

from __future__ import annotations

import re

from pipeline.convert.dates import find_dates, parse_date

MAX_TITLE = 300
MAX_HEADING = 120
MAX_NAME = 60

# "Source: …", "Transcription\HTML Markup: …", "Moscow Editor's Note: …"; at
# most six words, no digits (so "Part 1: In Memory …" is a title).
LABEL = re.compile(
    r"^(?P<label>[A-Z][A-Za-z’'&/\\.\-]*(?: [A-Za-z’'&/\\.\-]+){0,5})\s*:(?!//)\s*(?P<value>.*)$"
)
# Info statements in prose, by their opening words, with the kind of header
# element each belongs to.
_PROSE_KINDS = (
    ("licence", r"copy ?left|copyright|public domain|permissions?\b|licen[cs]ed?\b"),
    (
        "resp",
        r"(?:original |re-?)?(?:transcri\w*|marked[ -]up|(?:html )?mark-?up|proof\w*|translat\w*"
        r"|scan\w*|ocr\b|copy-?edit\w*|edited by|prepared by|converted|digiti[sz]ed|typed)",
    ),
    ("reprint", r"(?:recently |also |later |first )?(?:reprinted|republished|re-?issued)\b"),
    (
        "source",
        r"from\b|source\b|(?:first |originally |also )?published\b|first appeared|appeared in"
        r"|provided by|taken from",
    ),
    ("creation", r"written\b|delivered\b|an? (?:address|speech|lecture|talk) (?:delivered|given)"),
)
_PROSE = [(kind, re.compile(rf"(?i)^(?:{pattern})")) for kind, pattern in _PROSE_KINDS]
# Labels: the same words anywhere in the label ("Transcription\HTML Markup").
_LABEL_KINDS = [
    ("other", re.compile(r"(?i)\bnotes?\b|according")),
    *((kind, re.compile(rf"(?i)(?:{pattern})")) for kind, pattern in _PROSE_KINDS),
    ("resp", re.compile(r"(?i)edit(?:or|ed|ing)\b|translators?\b")),
    ("source", re.compile(r"(?i)publisher|provided")),
]
_ISSUE_WORDS = re.compile(r"(?i)(?:\b(?:vol|no|nos|number)\.?\s*[\dIVXLC]|#\d)")
# A prose opener and a name of two words or more: not a label.
_PROSE_LABEL = re.compile(
    r"(?i)^(?:recently |also |first |originally )?(?:re)?(?:published|printed) in"
    r"(?: the)? [A-Z][\w’'.-]* [A-Z]"
)
_PAGE_END = re.compile(r",?\s*pp?\.\s*\d+(?:\s*[-–]\s*\d+)?\W*$")
_PAREN = re.compile(r"^\((?P<inner>[^()]*)\)$")
_ROMAN_RE = r"(?:[IVX]{1,6}|[LC][IVXLC]{0,6})"
NUMBERED_HEAD = re.compile(
    rf"^(?:(?:Chapter|CHAPTER|Part|PART|Book|BOOK|Section|SECTION|Article|ARTICLE|Letter"
    rf"|LETTER|Document|DOCUMENT|Thesis|THESIS|Lecture|LECTURE|Appendix|APPENDIX)\s+"
    rf"(?P<word>{_ROMAN_RE}|\d{{1,3}}|[A-Z][a-z]+)\b[.:]?"
    rf"|(?P<roman>{_ROMAN_RE})\b\.?|(?P<digit>\d{{1,3}})\.?|No\.\s*(?P<no>\d{{1,3}})\.?"
    rf"|\((?P<point>{_ROMAN_RE}|\d{{1,3}}|[a-z])\))(?:\s+(?P<title>\S.*))?$"
)
# List markers: "1.", "(1)", "(a)", "a.", "i.", "-", "–", "•", "*". A closing
# bracket alone ("1)", "a)") marks an enumeration typed into the text, which
# MIA pages set as lines of a paragraph, not as a list.
MARKER = re.compile(
    r"^(?P<marker>(?P<num>\d{1,3})\.|\((?P<paren>\d{1,3}|[a-z]|[ivx]{1,4})\)"
    r"|(?P<alpha>[a-z]|[ivx]{1,4})\.|(?P<bullet>[-–—•*·]))\s+(?P<text>\S.*)$"
)
BULLET = re.compile(r"^[-•*·]\s+\S")
_RULE = re.compile(r"^\s*(?:(?:[*⁂]\s*){1,5}|(?:[-–—_=~.·•#+]\s*){3,})$")
_NAME_WORD = r"(?:[A-Z][\w’'.-]*|[A-Z]\.|de|von|van|der|du|la|le)"
_NAME = re.compile(
    rf"^(?:By |BY )?{_NAME_WORD}(?: {_NAME_WORD}){{0,4}}\.?(?:,? (?:1[5-9]\d\d|20\d\d))?$"
)
_SALUTATION = re.compile(
    r"^(?:(?:My )?(?:Dear|dear)\b|Fellow[ -]|Comrades?\b|Citizens?\b|Ladies\b|Gentlemen\b"
    r"|(?:Dear )?Sirs?\b|Madam\b|Friends?\b|Brothers?\b|Sisters?\b|Working ?(?:men|women)\b"
    r"|Workers\b|To the\b|Respected\b|Honou?red\b)"
)
_CLOSING = re.compile(
    r"(?i)^(?:yours\b|your (?:old |loving |affectionate |devoted )?(?:comrade|friend|servant)"
    r"|(?:with )?(?:fraternal |comradely |best |kind(?:est)? )?(?:greetings|regards|love)\b"
    r"|(?:very )?(?:sincerely|faithfully|truly|fraternally|cordially)\b|for the revolution"
    r"|long live\b|i (?:am|remain)\b|believe me\b|in haste\b)"
)
_TRAILING_REFS = re.compile(r"(?:\s*\[\d{1,3}\*?\])+$")
_WORDS = re.compile(r"[^\W\d_][\w’'-]*")
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "de",
        "for",
        "from",
        "in",
        "into",
        "la",
        "le",
        "of",
        "on",
        "or",
        "the",
        "to",
        "upon",
        "von",
        "with",
    ]
)


def label_of(text: str) -> tuple[str, str] | None:
    """(label, value) of a ``Label: value`` line."""
    if len(text) > 5000:
        return None
    m = LABEL.match(text.strip())
    if m is None or not m["value"].strip():
        return None  # "The party demands:" leads into what follows
    if _PROSE_LABEL.match(m["label"]):
        return None  # "Republished in James Connolly: Lost Writings, …" is prose
    return m["label"], m["value"].strip()


def label_kind(label: str) -> str:
    for kind, pattern in _LABEL_KINDS:
        if pattern.search(label):
            return kind
    return "other"


def prose_kind(text: str) -> str | None:
    """The kind of an unlabelled info statement by its opening words."""
    for kind, pattern in _PROSE:
        if pattern.match(text):
            return kind
    return None


def date_of(text: str) -> dict[str, str] | None:
    """``date`` attributes when ``text`` is only a date ("(May 1899)", "July 30, 1900")."""
    if len(text) > 80:
        return None
    inner = without_refs(text).rstrip(".,;")
    m = _PAREN.match(inner)
    if m:
        inner = m["inner"].strip().rstrip(".,;")
    return parse_date(inner)


def is_date_line(text: str) -> bool:
    return date_of(text) is not None


def is_periodical_line(text: str) -> bool:
    """ "Workers' Republic, 27 August 1898.", "Vol. IV, No. 24. NEW YORK …": a
    short line naming an issue by its number, or ending with its date."""
    text = text.strip()
    if len(text) > 160 or not text[:1].isupper() or text.startswith("("):
        return False
    if _ISSUE_WORDS.search(text):
        return True
    core = _PAGE_END.sub("", without_refs(text)).rstrip(" .,;")
    if "," not in core or core.endswith(("?", "!")):
        return False
    dates = find_dates(core)
    return bool(dates) and dates[-1][1] == len(core)


def is_info_line(text: str) -> bool:
    """A line that states something about the text: labelled, a credit, a source."""
    text = text.strip()
    return (
        label_of(text) is not None
        or prose_kind(text) is not None
        or is_periodical_line(text)
        or (is_date_line(text) and not text.startswith("("))
    )


def without_refs(text: str) -> str:
    """``text`` without trailing note references ("Charybdim![15]")."""
    return _TRAILING_REFS.sub("", text.strip()) if len(text) <= MAX_TITLE else text


def capitalised(text: str) -> float:
    """The share of capitalised words among the words that are not small."""
    words = [w for w in _WORDS.findall(text) if w.lower() not in _SMALL]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_title_like(text: str) -> bool:
    """A line set as a title or heading: short, no sentence's end, mostly
    capitalised words ("Ireland under British rule", "OBJECT", "A Critic")."""
    text = without_refs(text)
    core = text.rstrip("\"'”’)]")
    if not core or len(text) > MAX_HEADING or core[-1] in ",;:–—-":
        return False
    if core[-1] in "?!":
        return is_upper(text)  # "WHENCE DO WAGES COME?" is a heading, a question is not
    if core[-1] == "." and not is_upper(text):
        return False
    if not (text[0].isupper() or text[0] in "\"'“‘("):
        return False
    return is_upper(text) or capitalised(text) >= 0.5


def is_name(text: str) -> bool:
    """A signature: a few capitalised names and initials ("N. Lenin",
    "JAMES CONNOLLY.", "E. Haberkern, 1998", "BY SPAILPÍN")."""
    text = text.strip()
    return len(text) <= MAX_NAME and bool(_NAME.match(text))


def is_salutation(text: str) -> bool:
    """ "Dear Sir,", "My dear Guesde:", "Fellow Workers,", "Ladies and Gentlemen, Citizens"."""
    text = text.strip()
    if len(text) > 80 or not _SALUTATION.match(text):
        return False
    return text[-1] in ",:!–—-" or "," not in text[:-1] or is_title_like(text)


def is_closing(text: str) -> bool:
    """A closing salutation: "Yours fraternally", "For the Revolution"."""
    return len(text) <= 80 and bool(_CLOSING.match(text.strip()))


def is_rule(text: str) -> bool:
    """A section break: "* * *", "⁂", a rule of underscores, dashes or dots."""
    return len(text) <= 200 and bool(_RULE.match(text))


def marker_of(text: str) -> re.Match[str] | None:
    return MARKER.match(text.strip()) if len(text) <= 20000 else None


def roman_to_int(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for ch, nxt in zip(text, text[1:] + " "):
        value = values[ch]
        total += -value if values.get(nxt, 0) > value else value
    return total


_ORDINALS = {
    w: i
    for i, w in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ],
        start=1,
    )
}


def number_of(label: str) -> str:
    """The number a heading's label stands for, as a string ("VI" -> "6")."""
    if label.isdigit():
        return str(int(label))
    if label.isupper() and set(label) <= set("IVXLC"):
        return str(roman_to_int(label))
    if label.lower() in _ORDINALS:
        return str(_ORDINALS[label.lower()])
    if len(label) == 1 and label.isalpha():
        return str(ord(label.lower()) - ord("a") + 1)
    return label
