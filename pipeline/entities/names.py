"""What names look like: the word lists of ``data/``, the matcher of known
forms (authority list and gazetteer) and the regular expressions the
recogniser's layers use.  Compiled once, at import or on first use, so that
entity markup keeps conversion fast."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.entities.authority import Authority, Entry, normalize_form


@dataclass(frozen=True)
class Lexicon:
    gazetteer: frozenset[str]
    given: frozenset[str]
    stop: frozenset[str]
    polity: frozenset[str]
    group: frozenset[str]


def _data_lines(name: str) -> list[str]:
    text = (
        resources.files("pipeline.entities")
        .joinpath("data")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    gazetteer = {
        normalize_form(form)
        for line in _data_lines("gazetteer.txt")
        for form in line.split("|")
        if form.strip()
    }
    given = {w for line in _data_lines("given_names.txt") for w in line.split()}
    stop = {w for line in _data_lines("stopwords.txt") for w in line.split()}
    polity: set[str] = set()
    group: set[str] = set()
    for line in _data_lines("demonyms.txt"):
        kind, _, words = line.partition(":")
        (polity if kind.strip() == "polity" else group).update(words.split())
    return Lexicon(
        frozenset(gazetteer), frozenset(given), frozenset(stop), frozenset(polity), frozenset(group)
    )


# ---- the trie of known forms --------------------------------------------------


def _trie_pattern(forms: Iterable[str]) -> str:
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        alts = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            return f"(?:{body})?" if len(alts) > 1 or len(body) > 1 else body + "?"
        return body

    return emit(trie)


@dataclass(frozen=True)
class Matcher:
    regex: re.Pattern[str]
    known: dict[str, tuple[str, Entry | None]]  # form -> (type, entry)


def matcher(authority: Authority) -> Matcher:
    cached = authority.cache.get("matcher")
    if isinstance(cached, Matcher):
        return cached
    known: dict[str, tuple[str, Entry | None]] = {}
    for form in lexicon().gazetteer:
        known[form] = ("place", None)
    for form, entry in authority.forms():
        known[form] = (entry.type, entry)
    # the "not inside a word" test on the left is done in _known: faster than a lookbehind
    pattern = r"(?:" + _trie_pattern(sorted(known)) + r")(?![\w\-])"
    result = Matcher(re.compile(pattern), known)
    authority.cache["matcher"] = result
    return result


# ---- regular expressions of the pattern layers --------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_TOKEN = rf"[{_UP}](?:\w|['’](?=\w))*(?:-[A-Za-z{_UP}](?:\w|['’](?=\w))*)*['’]?"
_PARTICLE = r"(?:von|van|de|der|den|du|da|di|la|le|ten|ter)"
_NAME = rf"(?:(?:[{_UP}]\.\s?)+\s?)?{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN})*"
TOKEN_RE = re.compile(rf"(?=[{_UP}])(?<![\w'’\-]){_TOKEN}")
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
    rf"\b({_HONORIFIC})\s+((?:[{_UP}]\.(?!\w))|{_NAME})"
    rf"((?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:{_NAME}))*"
)
_NAME_IN_LIST = re.compile(rf"(?:[{_UP}]\.(?!\w))|{_NAME}")
ORG_HEADS = (
    "Committee|Council|Party|Inspectorate|Synod|International|Union|Government|Commissariat|"
    "Bureau|Federation|Association|League|Society|Company|Bank|Ministry|Presidium|Assembly|"
    "Parliament|Soviet|Duma|Brotherhood|Club|Trust|Syndicate|Archive|Institute|Academy|"
    "University|Commission|Convention|Directory|Cabinet|Publishers"
)
ORG_HEAD_RE = re.compile(rf"(?<![\w\-])({ORG_HEADS})(?![\w\-'’])")
PLACE_HEAD_RE = re.compile(
    r"(?<![\w\-])(Road|Street|Park|Heath|Square|Avenue|Lane|Gardens|Bridge|Palace|Station|"
    r"Quay|Terrace|Crescent|Common|Cathedral|Abbey|Prison|Castle|Embankment|Boulevard)"
    r"(?![\w\-])"
)
PLACE_PREFIX_RE = re.compile(
    rf"\b(?:Café|Cafe|Hotel|Rue|Boulevard|Quai|Place|Palais|Château|Chateau|Plaza)\s+"
    rf"(?:(?:de la|de|du|des|del|della|d'|la|le|les)\s*)?{_TOKEN}(?:\s+{_TOKEN})*"
)
_NAMING_INSTITUTIONS = frozenset(
    [
        "Central",
        "General",
        "National",
        "Executive",
        "Supreme",
        "Social",
        "Democratic",
        "Social-Democratic",
        "Labour",
        "Labor",
        "Independent",
        "Revolutionary",
        "Socialist-Revolutionary",
        "All-Russian",
        "All-Union",
        "Provisional",
        "Federal",
        "Imperial",
        "Royal",
        "Communist",
        "Socialist",
        "Co-operative",
        "Cooperative",
        "Municipal",
        "Regional",
        "Provincial",
        "District",
        "Holy",
        "Second",
        "Third",
        "First",
        "Fabian",
    ]
)
_ORG_FILLERS = frozenset(
    [
        "Control",
        "Economic",
        "Workers'",
        "Peasants'",
        "Soldiers'",
        "Deputies'",
        "People's",
        "Trade",
        "Trades",
        "Party",
        "Military",
        "Extraordinary",
        "Executive",
        "Revolutionary",
        "and",
        "&",
    ]
)
CREDIT_RE = re.compile(
    r"^\s*(?:Transcribed|Transcription|Translated|Translation|Translator|Translators|"
    r"HTML Markup|Markup|Proofread|Proofreading|Proofed|Edited|Editor|Prepared|Scanned|"
    r"Copied|Converted|Transcription/Markup)(?:\s+by)?\s*:\s*(?:by\s+)?(.+)$",
    re.MULTILINE,
)
DOTTED_RE = re.compile(rf"(?<![\w.])((?:[{_UP}]\.){{2,}})(s(?![\w])\.?|['’]s)?")
GIVEN_RE_CACHE: dict[str, re.Pattern[str]] = {}
SOURCE_LINE_RE = re.compile(
    r"^\s*(?:Source|First Published|First published|Published|Originally Published|"
    r"Reprinted|From|Written)\s*:\s*([^,;\n(]+)",
    re.MULTILINE,
)
LICENCE_RE = re.compile(r"^\s*(?:Public Domain|Copyleft|CopyLeft|Copyright|Licen[cs]e)\b")
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
PERIODICAL_RE = re.compile(
    rf"{_TOKEN}(?:\s+(?:(?:of|the|and|und|für|de|du)\s+)?{_TOKEN})*\s+(?:{_PERIODICAL})(?![\w\-])"
    rf"|\b(?:Daily|Die|Der|Das)\s+{_TOKEN}(?:\s+{_TOKEN})*"
    rf"|\b(?:{_NEWSPAPERS})(?![\w\-])"
)
ARTICLE_TITLE_RE = re.compile(
    rf"(?<=[a-z,;] )(?:The|La|Le|Les|Il|El)\s+{_TOKEN}"
    rf"(?:\s+(?:(?:of|and|the|de|des|du)\s+)?{_TOKEN})*"
)
URL_RE = re.compile(r"\bhttps?://\S+")
SENTENCE_RE = re.compile(
    r"(?:^|\n)[ \t]*(?:\[\d+\]|\(\w{1,4}\)|[IVXLCDM]+\.|\d+[.)])?[ \t]*"
    r"|[.!?:;]['\"”’)\]]*\s+(?:[–—-]+\s+)?"
)
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Dr|St|Mme|Messrs|Vol|No|cf|viz|Prof|Ch|pp?)|\b[A-Z])$")
_OPENERS = "\"“‘'([ \t\n"
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
    "ites",
)
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|around|outside|across)"
    r"|\b(?:went|go|goes|going|gone|fled|returned|return|came|come|moved|travelled|traveled"
    r"|emigrated|escaped|journeyed|sailed|arrived|exiled|deported|banished)"
    r"\s+(?:back\s+)?(?:to|from|for))\s+$"
)
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_COMPASS = frozenset({"East", "West", "North", "South"})
_WORD_RE = re.compile(r"[a-z]+")
_CAP_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ]\w*")
_INITIAL_QUICK = re.compile(r"[A-ZÀ-ÖØ-Þ]\.")
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
_PLACE_WORDS = frozenset(
    [
        "Road",
        "Street",
        "Park",
        "Heath",
        "Square",
        "Avenue",
        "Lane",
        "Gardens",
        "Bridge",
        "Palace",
        "Station",
        "Quay",
        "Terrace",
        "Crescent",
        "Common",
        "Cathedral",
        "Abbey",
        "Prison",
        "Castle",
        "Embankment",
        "Boulevard",
        "Café",
        "Cafe",
        "Hotel",
        "Rue",
        "Quai",
        "Place",
        "Palais",
        "Château",
        "Chateau",
        "Plaza",
    ]
)
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
_INITIALS_NAME = re.compile(rf"(?<![\w.])(?:[{_UP}]\.\s?){{1,3}}({_TOKEN})")
