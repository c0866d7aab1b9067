"""What names look like: the regular expressions and small word sets the
recogniser's layers use, compiled once at import.  Every pattern is free of
nested unbounded repetition, so that matching stays linear in the text; runs
of words are walked with bounded windows instead."""

from __future__ import annotations

import re

# ---- what a capital letter is -------------------------------------------------

# An uppercase or titlecase letter of any script (Unicode's Lu and Lt: "Ł",
# "Ō", "П", "Ἀ", "ǅ"), not Latin alone: a name in the capitals of its own
# script is found, walked and linked like any other.  For one character
# ``istitle()`` holds for exactly these and for a few symbols ("Ⓐ", "Ⅳ"),
# which ``isalpha()`` leaves out.  The Basic Multilingual Plane only: the
# regular expression engine would test the capitals beyond it (Deseret,
# Adlam, mathematical letters) one range at a time at every character it
# skips, which halves the recogniser's speed; an authority form starting
# with one is still found as written, like a form of a script without case.
CAPITALS = frozenset(c for c in map(chr, range(0x10000)) if c.istitle() and c.isalpha())


def capitalised(word: str) -> bool:
    """Does ``word`` start with a capital letter (``CAPITALS``)?"""
    return word[:1] in CAPITALS


def _char_class(chars: frozenset[str]) -> str:
    """``chars`` as the ranges of a regular expression's character class."""
    points = sorted(map(ord, chars))
    runs: list[list[int]] = []
    for point in points:
        if runs and runs[-1][1] == point - 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


# ``CAPITALS`` inside a character class: every pattern's "capital" is this.
_UP = _char_class(CAPITALS)
# A capitalised word: what the layers and the matchers are told a string holds.
CAP_WORD = re.compile(rf"[{_UP}]\w*")

# ---- regular expressions of the pattern layers --------------------------------


def _by_letter(alternatives: list[tuple[str, str]]) -> str:
    """Alternatives, each a look-behind and a pattern that starts with a
    letter, regrouped by that letter, the look-behind moved after it (one
    character wider): the same matches, but the expression starts with
    letters, so the engine skips ahead to them instead of trying every
    position.  The order of the alternatives is kept."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for behind, alternative in alternatives:
        look = behind[:-1] + ".)" if behind else ""
        groups.setdefault(alternative[0], []).append((look, alternative[1:]))
    parts = []
    for letter, rests in groups.items():
        looks = {look for look, _ in rests}
        if len(looks) == 1:  # one look-behind for the letter: tried once
            parts.append(f"{letter}{looks.pop()}(?:{'|'.join(rest for _, rest in rests)})")
        else:
            parts.append(f"{letter}(?:{'|'.join(look + rest for look, rest in rests)})")
    return "(?:" + "|".join(parts) + ")"


def _words(words: str, behind: str) -> str:
    """``behind`` then one of ``words`` ("A|B|..."), as ``_by_letter`` writes it."""
    return _by_letter([(behind, w) for w in words.split("|")])


_WORD_START = r"(?<!\w)"  # ``\b`` before a letter
_NOT_AFTER_WORD = r"(?<![\w\-])"  # nor after a hyphen
_TOKEN_REST = rf"(?:\w|['’](?=\w))*(?:-[a-z{_UP}](?:\w|['’](?=\w))*)*['’]?"
_TOKEN = rf"[{_UP}]{_TOKEN_REST}"
_PARTICLE = r"(?:von|van|de|der|den|du|da|di|la|le|ten|ter)"
_NAME = rf"(?:(?:[{_UP}]\.\s?)+\s?)?{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN})*"
# The look-behind after the first letter: the engine then skips ahead to capitals.
TOKEN_RE = re.compile(rf"[{_UP}](?<![\w'’\-].){_TOKEN_REST}")
_HONORIFIC = (
    r"Comrades?|Messrs\.?|Mr\.?|Mrs\.?|Madame|Mme\.?|Mlle\.?|Mademoiselle|Monsieur|Herr|Frau|"
    r"Dr\.|Doctor|Professor|Prof\.|Patriarch|Citizens?|Tsar|Czar|Tzar|Kaiser|King|Queen|"
    r"Emperor|Empress|Pope|Sir|Lord|Lady|Count|Countess|Prince|Princess|Baron|Baroness|"
    r"Archbishop|Bishop|Cardinal|General|Colonel|Captain|Admiral|Marshal|Senator|Premier|"
    r"Ambassador|Consul|Governor|Mayor|"
    r"Chancellor|President|Minister"
)
_FEMALE = {
    "Mrs",
    "Mrs.",
    "Madame",
    "Mme",
    "Mme.",
    "Mlle",
    "Mlle.",
    "Mademoiselle",
    "Frau",
    "Queen",
    "Empress",
    "Lady",
    "Countess",
    "Princess",
    "Baroness",
}
FEMALE_TITLE_BEFORE = re.compile(
    r"(?:" + "|".join(re.escape(t) for t in sorted(_FEMALE, key=len, reverse=True)) + r")\s+$"
)
HONORIFIC_RE = re.compile(
    rf"({_words(_HONORIFIC, _WORD_START)})\s+((?:[{_UP}]\.(?!\w))|{_NAME})"
    rf"((?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:{_NAME}))*"
)
_NAME_IN_LIST = re.compile(rf"(?:[{_UP}]\.(?!\w))|{_NAME}")
ORG_HEADS = (
    "Committee|Council|Party|Inspectorate|Synod|International|Internationale|Union|Government|"
    "Commissariat|Bureau|Federation|Confederation|Association|League|Society|Company|Bank|"
    "Ministry|Presidium|Assembly|Parliament|Soviet|Duma|Brotherhood|Club|Trust|Syndicate|"
    "Archive|Archives|Institute|Academy|University|Commission|Convention|Directory|Cabinet|"
    "Publishers|Railway|Railways|Congress|Alliance|Guild|Corporation|Board|Department|Press|"
    "Army|Navy|Entente|Chamber|House|Reichstag|Landtag|Storting|Riksdag|Sejm|Knesset|Bundestag|"
    "Bundesrat|Folketing"
)
# Bodies a single word names ("the Reichstag", "the Commune"); with a
# modifier they are heads like the others ("the Prussian Landtag").
_ONE_WORD_BODIES = (
    "Parliament|Reichstag|Duma|Landtag|Storting|Riksdag|Sejm|Knesset|Bundestag|Bundesrat|"
    "Folketing|Commune"
)
ONE_WORD_BODY_RE = re.compile(rf"({_words(_ONE_WORD_BODIES, _NOT_AFTER_WORD)})(?![\w\-])")
ONE_WORD_BODIES = frozenset(_ONE_WORD_BODIES.split("|"))
# Heads whose body, once named in full, the text may call by the head alone
# ("the Dublin Corporation" ... "the Corporation"); not "the Party", "the
# Government", "the State": descriptive words, not names.
_SHORT_FORM_HEADS = (
    "Committee|Council|Inspectorate|International|Internationale|Union|Commissariat|Bureau|"
    "Federation|Confederation|Association|League|Society|Company|Bank|Brotherhood|Trust|"
    "Syndicate|Railway|Alliance|Guild|Corporation|Board|Commission|Institute|Academy"
)
SHORT_FORM_HEADS = frozenset(_SHORT_FORM_HEADS.split("|"))
# Heads that name a body only with their "of" tail: "the House of Commons",
# not "the Opera House" (a building).
OF_TAIL_HEADS = frozenset({"House"})
# Words that end a name's "of" tail when capitalised ("the Council of. The ...").
_FUNCTION_WORDS = (
    "a|an|and|as|at|but|by|for|from|he|her|his|i|if|in|it|its|of|on|or|our|she|that|the|their|"
    "these|they|this|those|to|we|when|which|while|who|with"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split("|"))
# Common nouns that look like a body's name: "the Trade Union" is any union.
GENERIC_BODIES = frozenset({"Trade Union", "Trades Union", "Labour Union", "Labor Union"})
# Heads of a polity's name ("French Republic", "Ottoman Empire"): a place.
POLITY_HEADS = "Republic|Republics|Empire|Kingdom|Commonwealth|Confederacy|Federation"
POLITY_HEAD_RE = re.compile(rf"({_words(POLITY_HEADS, _NOT_AFTER_WORD)})(?![\w\-'’])")
# Meetings, not bodies: "Second Congress", "Party Conference".
_EVENT_BEFORE_WORDS = (
    "First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth|"
    "Thirteenth|Fourteenth|Fifteenth|Sixteenth|Seventeenth|Eighteenth|Nineteenth|Twentieth|"
    "Party|Annual|Extraordinary|Special|Founding|Inaugural"
)
EVENT_BEFORE = frozenset(_EVENT_BEFORE_WORDS.split("|"))
EVENT_HEADS = frozenset({"Congress", "Conference", "Convention", "Assembly"})
# How far back the words naming a body are looked for.
MAX_NAME_WORDS = 8
ORG_HEAD_RE = re.compile(rf"({_words(ORG_HEADS, _NOT_AFTER_WORD)})(?![\w\-'’])")
_PLACE_HEADS = (
    "Road|Street|Park|Heath|Square|Avenue|Lane|Gardens|Bridge|Palace|Station|"
    "Quay|Terrace|Crescent|Common|Cathedral|Abbey|Prison|Castle|Embankment|Boulevard"
)
PLACE_HEAD_RE = re.compile(rf"({_words(_PLACE_HEADS, _NOT_AFTER_WORD)})(?![\w\-])")
_PLACE_PREFIXES = "Café|Cafe|Hotel|Rue|Boulevard|Quai|Place|Palais|Château|Chateau|Plaza"
PLACE_PREFIX_RE = re.compile(
    _words(_PLACE_PREFIXES, _WORD_START) + r"\s+"
    rf"(?:(?:de la|de|du|des|del|della|d'|la|le|les)\s*)?{_TOKEN}(?:\s+{_TOKEN})*"
)
_INSTITUTION_WORDS = (
    "Central|General|National|Executive|Supreme|Social|Democratic|Social-Democratic|Labour|"
    "Labor|Independent|Revolutionary|Socialist-Revolutionary|All-Russian|All-Union|"
    "Provisional|Federal|Imperial|Royal|Communist|Socialist|Co-operative|Cooperative|"
    "Municipal|Regional|Provincial|District|Holy|Fabian|First|Second|Third|Fourth|Red|United|"
    "Amalgamated|International|Industrial"
)
_NAMING_INSTITUTIONS = frozenset(_INSTITUTION_WORDS.split("|"))
# "Transcribed by X", "Transcription/Markup: X", "Translated: by X" (with
# or without a colon; the words between head and name are bounded).
_CREDIT_HEADS = (
    "Transcribed|Transcription|Translated|Translation|Translator|Translators|"
    "HTML|Markup|Proofread|Proofreading|Proofed|Edited|Editor|Prepared|Scanned|Copied|"
    "Converted|Compiled|Digitized|Digitised|Collected|Marked|Typed|Typeset|Encoded"
)
CREDIT_RE = re.compile(
    rf"^[ \t]*(?:{_CREDIT_HEADS})\b[^:\n]{{0,40}}?(?:\bby\b[ \t]*:?|:)"
    r"[ \t]*(?:by[ \t]+)?(.+)$",
    re.MULTILINE,
)
# A string without one of these words has no credit line.
CREDIT_WORDS = frozenset(_CREDIT_HEADS.split("|"))
DOTTED_RE = re.compile(
    rf"([{_UP}](?<![\w.].)\.(?:(?:[{_UP}]\.)*[{_UP}](?![\w.])|(?:[{_UP}]\.)+))"
    rf"(s(?![\w])\.?|['’]s)?"
)
_SOURCE_HEADS = (
    "Source|First Published|First published|Published|Originally Published|Reprinted|From|Written"
)
SOURCE_LINE_RE = re.compile(
    rf"^[ \t]*(?:{_SOURCE_HEADS})[ \t]*:[ \t]*([^,;\n(]+)",
    re.MULTILINE,
)
SOURCE_WORDS = frozenset(head.split()[0] for head in _SOURCE_HEADS.split("|"))
LICENCE_RE = re.compile(r"^[ \t]*(?:Public Domain|Copyleft|CopyLeft|Copyright|Licen[cs]e)\b")
_PERIODICAL = (
    "Zeitung|Tribune|Gazette|Times|Review|Journal|Herald|Chronicle|Magazine|Post|News|Courier|"
    "Telegraph|Observer|Jahrbücher|Jahrbüchern|Vorwärts|Iskra|Pravda|Izvestia|Izvestiya|"
    "Bulletin|Monthly|Quarterly|Weekly|Sozialdemokrat|Leader|Clarion|Correspondence"
)
# Papers known by a one-word name.
_NEWSPAPERS = (
    "Pravda|Iskra|Izvestia|Izvestiya|Vperyod|Zarya|Yedinstvo|Proletary|Nashe Slovo|"
    "Vorwärts|Vorwaerts|Humanité|L'Humanité|Avanti|Rabochaya Gazeta|Sotsial-Demokrat|Kommunist"
)
# A periodical's name ends in one of its head words: the words before it are
# walked back within a bounded window (PERIODICAL_BEFORE), never by backtracking.
PERIODICAL_RE = re.compile(
    _by_letter(
        [(_NOT_AFTER_WORD, rf"{word}(?![\w\-])") for word in _PERIODICAL.split("|")]
        + [
            (_WORD_START, rf"{word}\s+{_TOKEN}(?:\s+{_TOKEN})*")
            for word in ("Daily", "Die", "Der", "Das")
        ]
        + [(_WORD_START, rf"{word}(?![\w\-])") for word in _NEWSPAPERS.split("|")]
    )
)
PERIODICAL_BEFORE = re.compile(rf"(?:{_TOKEN}\s+(?:(?:of|the|and|und|für|de|du)\s+)?)+$")
ARTICLE_TITLE_RE = re.compile(
    _words("The|La|Le|Les|Il|El", "(?<=[a-z,;] )") + rf"\s+{_TOKEN}"
    rf"(?:\s+(?:(?:of|and|the|de|des|du)\s+)?{_TOKEN})*"
)
URL_RE = re.compile(r"\bhttps?://\S+")
# Where sentences start: the text's start, a line's (after a number or
# numeral), after a full stop or colon.  Written to begin with a character
# class, so that the engine skips ahead to candidates.
_LINE_START = r"[ \t]*(?:\[\d+\]|\(\w{1,4}\)|[IVXLCDM]+\.|\d+[.)])?[ \t]*"
FIRST_SENTENCE_RE = re.compile(_LINE_START)
_AFTER_STOP = r"['\"”’)\]]*\s+(?:[–—-]+\s+)?"
SENTENCE_RE = re.compile(
    rf"\n{_LINE_START}|\.{_AFTER_STOP}|!{_AFTER_STOP}|\?{_AFTER_STOP}|:{_AFTER_STOP}|;{_AFTER_STOP}"
)
_ABBREV = re.compile(rf"(?:\b(?:Mr|Mrs|Dr|St|Mme|Messrs|Vol|No|cf|viz|Prof|Ch|pp?)|\b[{_UP}])$")
_OPENERS_RE = re.compile(r"[\"“‘'(\[ \t\n]*")
_SUFFIXES = (
    "ism",
    "isms",
    "ist",
    "ists",
    "istic",
    "ian",
    "ians",
    "ish",
    "ese",
    "dom",
    "ity",
    "ities",
    "ment",
    "ments",
    "tion",
    "tions",
    "sion",
    "ness",
    "ary",
    "ic",
    "ics",
    "ical",
    "ous",
    "ive",
    "ing",
    "ed",
    "ly",
    "men",
    "ees",
    "ite",  # "Parnellite", "Jacobite": a follower, not a person
    "ites",
)
_LOCATIVE = re.compile(
    r"(?:\b(?:[Ii]n|[Aa]t|[Nn]ear|[Aa]round|[Oo]utside|[Aa]cross)"
    r"|\b(?:went|go|goes|going|gone|fled|returned|return|came|come|moved|travelled|traveled"
    r"|emigrated|escaped|journeyed|sailed|arrived|exiled|deported|banished)"
    r"\s+(?:back\s+)?(?:to|from|for))\s+$"
)
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
COMPASS = frozenset({"East", "West", "North", "South"})
_WORD_RE = re.compile(r"[a-z]+")
_INITIAL_QUICK = re.compile(rf"[{_UP}]\.")
_HONORIFIC_WORDS = frozenset(w.rstrip("?").replace("\\.", "") for w in _HONORIFIC.split("|")) | {
    "Comrade",
    "Comrades",
    "Citizen",
    "Citizens",
    "Mr",
    "Mrs",
    "Mme",
    "Mlle",
    "Messrs",
    "Dr",
    "Prof",
}
_ORG_HEAD_WORDS = frozenset(ORG_HEADS.split("|"))
_PLACE_WORDS = frozenset(_PLACE_HEADS.split("|")) | frozenset(_PLACE_PREFIXES.split("|"))
_PERIODICAL_WORDS = (
    frozenset(_PERIODICAL.split("|"))
    | {w.split()[0].split("'")[-1] for w in _NEWSPAPERS.split("|")}
    | {"Daily", "Die", "Der", "Das"}
)
_ARTICLE_WORDS = frozenset({"The", "La", "Le", "Les", "Il", "El"})
_LIST_SEP = re.compile(r"\s*(?:,|and|&|,\s*and)\s*")
_DOTTED_WORD = re.compile(rf"(?:[{_UP}]\.)+")
_TOKEN_FULL = re.compile(_TOKEN)
_PREV_WORD = re.compile(r"(\S+)[ \t]*\n?[ \t]*$")
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
_RUN_BEFORE = re.compile(rf"(?:{_TOKEN}\s+)+$")
_INITIALS_AFTER = re.compile(rf"(?:\s+[{_UP}]\.)+")
_NEXT_TOKEN = re.compile(rf"\s+(?:{_PARTICLE}\s+)?({_TOKEN})")
_INITIALS_NAME = re.compile(rf"[{_UP}](?<![\w.].)\.\s?(?:[{_UP}]\.\s?){{0,2}}({_TOKEN})")
# Titles of works and names of events: masked, never marked ("in his book
# Capital", "the journal Forward", "the Treaty of Versailles", "the Russo-Japanese War").
_WORK_WORDS = (
    "book|books|pamphlet|pamphlets|article|articles|journal|newspaper|paper|periodical"
    "|magazine|essay|novel|poem|play|organ|weekly|daily|monthly|entitled|titled|called"
)
# A title starts at a capital after one of these words ("book called" ends in
# one too; "so-called" does not).  Found in the string read backwards, where the expression starts
# at the capital, so that the engine skips ahead to capitals.
WORK_AFTER_REVERSED_RE = re.compile(
    rf"[{_UP}](?=[ \t]+(?:{'|'.join(w[::-1] for w in _WORK_WORDS.split('|'))})(?![\w\-]))"
)
WORK_TITLE_RE = re.compile(rf"{_TOKEN}(?:[ \t]+(?:(?:of|the|and|on|in)[ \t]+)?{_TOKEN}){{0,8}}")
EVENT_RE = re.compile(
    _words("Treaty|Peace|Battle|Siege|Treaties", _WORD_START)
    + rf"\s+of\s+(?:the\s+)?{_TOKEN}(?:[\s\-]+{_TOKEN}){{0,3}}"
)
EVENT_TAIL_RE = re.compile(
    _words("War|Wars|Revolution|Manifesto|Rising|Uprising|Strike", _NOT_AFTER_WORD) + r"\b"
)
EVENT_RUN_BEFORE = re.compile(rf"(?:{_TOKEN}[\s\-]+){{1,4}}$")
# Toponymic endings: an unknown name ending so is a place ("Ekaterinburg").
PLACE_ENDING = re.compile(
    r"(?:grad|gorod|burg|bourg|berg|sk|stadt|ville|pol|polis|shire|ford|mouth|chester|minster"
    r"|ia|stan|land)$"
)
# Regions used as names: "the East", "the Far East", "the Orient".
REGION_RE = re.compile(
    r"[Tt](?<!\w.)he\s+(?:(?:Far|Near|Middle)\s+)?(?:East|West|Orient|Occident|Continent)\b(?![\-])"
)
ACRONYM_RE = re.compile(rf"[{_UP}](?<![\w.\-].)[{_UP}]{{1,5}}(?:['’]?s)?(?![\w\-]|\.\w)")
SOVIET_PLACE_RE = re.compile(rf"S(?<!\w.)oviet\s+({_TOKEN})")
ROMAN_RE = re.compile(r"[IVXLCDM]+")
_PREV_LETTERS = re.compile(r"[^\W\d_]+$")
_PERIODICAL_WORDS_HEADS = frozenset(_PERIODICAL.split("|")) - frozenset(_NEWSPAPERS.split("|"))
_POLITY_HEAD_WORDS = frozenset(POLITY_HEADS.split("|"))
# Words that head or name a body, a polity, a place or a title.
HEAD_WORDS = (
    _ORG_HEAD_WORDS | _POLITY_HEAD_WORDS | _PLACE_WORDS | _HONORIFIC_WORDS | ONE_WORD_BODIES
)
CAPS_WORD_RE = re.compile(rf"\b[{_UP}]{{2,}}\b")
_NEXT_NAME_PART = re.compile(
    rf"[ \t]+(?:{_PARTICLE}[ \t]+)?([{_UP}]\.(?:[ \t]?[{_UP}]\.)*|{_TOKEN})"
)
EVENT_WORDS = frozenset(
    [
        "Treaty",
        "Peace",
        "Battle",
        "Siege",
        "Treaties",
        "War",
        "Wars",
        "Revolution",
        "Manifesto",
        "Rising",
        "Uprising",
        "Strike",
    ]
)
