"""The entity recogniser: names of persons, places and organisations in a string.

Offline, rule-based, deterministic and linear in the text.  Candidates come
from layers, strongest evidence first:

1. the authority list, the document's own names (``doc_forms``: names seen
   with good evidence elsewhere in the document, surnames of persons seen in
   full) and the gazetteer (``knowledge``);
2. patterns: honorifics ("Comrades X and Y", "Madame X": the title stays
   outside the span), bodies named by a head word ("Prussian Government",
   "Irish Transport and General Workers' Union", "Bank of England"), polities
   ("French Republic", "Soviet Russia"), streets and buildings, credit lines
   ("Transcribed by X"), initials ("J. B. Smith"), dotted abbreviations
   ("S.R.s", "R.S.F.S.R") and acronyms;
3. a capitalised word that English mostly capitalises (lexicon evidence), not
   a common word of the document, not a nationality or ideology: a
   low-confidence person (or place after "in"/"at", or by its ending).

Titles of works, events, ``Source:`` lines and URLs are masked first; licence
lines only take authority matches.  The caller (``markup``) supplies what the
string cannot tell: sentence starts at element boundaries and spans already marked.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pipeline.entities import names as n
from pipeline.entities.authority import Authority, Entry, normalize_form
from pipeline.entities.knowledge import Lexicon, lexicon, matcher

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})
# Lexicon margins (log P(Capitalised) - log P(lower)): at or below COMMON a
# word is a common word capitalised; a lone capitalised word needs ALONE, a
# sentence-initial one INITIAL (English capitalises it far more often than not).
COMMON = -1.0
ALONE = 0.0
INITIAL = 2.0
# Sources whose evidence is good enough to mark the name everywhere in the document.
STRONG = frozenset(
    {"authority", "gazetteer", "honorific", "org-head", "polity", "initials", "credit", "run"}
    | {"given", "author"}
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    type: str  # person | place | org
    entry: Entry | None
    source: str  # which layer found it

    @property
    def ref(self) -> str | None:
        return self.entry.ref if self.entry is not None else None


_Cand = tuple[int, int, str, int, str]
DocForms = Mapping[str, tuple[str, Entry | None]]


def vocabulary(text: str) -> frozenset[str]:
    """Words written in lower case somewhere in the document ("state", "party")."""
    return frozenset(n._WORD_RE.findall(text))


def sentence_starts(text: str, extra: Iterable[int] = ()) -> set[int]:
    """Offsets of the first character of each sentence (openers skipped)."""
    starts: set[int] = set()
    for m in n.SENTENCE_RE.finditer(text):
        if m.group(0)[:1] == "." and n._ABBREV.search(text, max(0, m.start() - 8), m.start()):
            continue  # "Mr. Smith", "St. Petersburg", "J. B. Smith"
        starts.add(m.end())
    starts.update(extra)
    result = set()
    run_start, run_end = -1, -1  # the last run of openers skipped: skipped once only
    for pos in sorted(starts):
        if run_start <= pos <= run_end:
            result.add(run_end)
            continue
        run_start = pos
        while pos < len(text) and text[pos] in n._OPENERS:
            pos += 1
        run_end = pos
        result.add(pos)
    return result


_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)


def is_title_case(text: str) -> bool:
    """A heading, where capitals prove nothing: most longer words capitalised,
    or a short line whose every word is (function words aside)."""
    if len(text) > 240:  # headings are short
        return False
    words = [w for w in text.split() if w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    if not words:
        return False
    upper = sum(1 for w in words if w[0].isupper())
    if len(words) <= 6 and upper == len(words) and not text.rstrip().endswith((".", "?", "!")):
        return True
    long_words = [w for w in words if len(w) > 3]
    if len(long_words) < 3:
        return False
    return sum(1 for w in long_words if w[0].isupper()) / len(long_words) >= 0.7


def _bare(token: str) -> str:
    """A token without its possessive ("Marx's" -> "Marx")."""
    word = token.rstrip("'’")
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _strip_possessive(text: str, start: int, end: int) -> int:
    span = text[start:end]
    for suffix in ("'s", "’s", "'", "’"):
        if span.endswith(suffix) and len(span) > len(suffix) + 1:
            return end - len(suffix)
    return end


@dataclass
class _Context:
    text: str
    norm: str
    authority: Authority
    lex: Lexicon
    vocab: frozenset[str]
    starts: set[int]
    names: frozenset[str] = frozenset()


def _is_plain_name(ctx: _Context, token: str) -> bool:
    """A capitalised token that may be (part of) a proper name."""
    word = _bare(token)
    lex = ctx.lex
    if word in lex.stop or word in lex.polity or word in lex.group:
        return False
    if len(word) > 1 and word.isupper():
        return False
    return "-" in word or lex.nameness(word) > COMMON


def _unknown_ok(ctx: _Context, start: int, token: str) -> bool:
    word = _bare(token)
    if len(word) < 3 or "-" in word or not _is_plain_name(ctx, word):
        return False
    low = word.lower()
    if low.endswith(n._SUFFIXES) or (low.endswith("s") and word[:-1] in ctx.lex.stop):
        return False
    margin = ctx.lex.nameness(word)
    if (low in ctx.vocab or low[:-1] in ctx.vocab) and margin < INITIAL:
        return False  # the document writes it in lower case: a common word
    if n._THE_BEFORE.search(ctx.text, max(0, start - 5), start):
        return False  # "the X" is rarely a person
    if start in ctx.starts:  # a sentence-initial capital proves nothing by itself,
        # unless English is known to write the word capitalised
        return word in ctx.names or (margin >= INITIAL and low in ctx.lex.margin)
    return margin >= ALONE


def document_names(text: str, vocab: frozenset[str], starts: Iterable[int] = ()) -> set[str]:
    """Words of ``text`` that look like names where their capital proves it
    (not sentence-initial): ``recognise(names=...)`` then also takes them at
    the start of a sentence ("Engels lived in Manchester.")."""
    if is_title_case(text):
        return set()
    norm = text.translate(_QUOTES)
    ctx = _Context(text, norm, Authority(), lexicon(), vocab, sentence_starts(norm, starts))
    found = set()
    for m in n.TOKEN_RE.finditer(norm):
        if m.start() not in ctx.starts and _unknown_ok(ctx, m.start(), m.group(0)):
            found.add(_bare(m.group(0)))
    return found


# ---- layer 1: known forms ----------------------------------------------------------


def _hyphen_ok(text: str, start: int, end: int) -> bool:
    """A form joined by a hyphen to another word counts only in a list of
    names ("China-Korea-Japan"), not in a compound ("ex-Russia", "Paris-wide")."""
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
        word = n._PREV_LETTERS.search(text, max(0, start - 40), start - 1)
        if word is None or not word.group(0)[0].isupper():
            return False
    return not (text[end : end + 1] == "-" and text[end + 1 : end + 2].islower())


def _known_ok(ctx: _Context, start: int, end: int, form: str) -> bool:
    """Is a known form at [start, end) a name here, not part of something else?"""
    text = ctx.norm
    if start and (text[start - 1].isalnum() or text[start - 1] in "_.'"):
        return False
    if not _hyphen_ok(text, start, end):
        return False
    if form.lower().startswith("the "):
        nxt = n._NEXT_TOKEN.match(text, end)
        if nxt and nxt.start(1) - end < 3 and nxt.group(1) not in ctx.lex.stop:
            return False  # "the International Consolidation of ..."
    # "East India", "West European"
    return not (form in n._COMPASS and re.match(r"[\s\-]+[A-Z]", text[end : end + 3]))


def _known(ctx: _Context, doc_forms: DocForms) -> Iterable[_Cand]:
    m_ = matcher(ctx.authority)
    for start, end, form in m_.finditer(ctx.norm):
        if not _known_ok(ctx, start, end, form):
            continue
        type_, entry = m_.known[form]
        if entry is not None:
            yield start, end, type_, 58, "authority"
        elif form in doc_forms:
            yield start, end, doc_forms[form][0], 54, "document"
        else:
            yield start, end, type_, 50, "gazetteer"
    if doc_forms:
        for m in n.TOKEN_RE.finditer(ctx.norm):
            form = _bare(m.group(0))
            if form in doc_forms and form not in m_.known:
                yield m.start(), m.start() + len(form), doc_forms[form][0], 54, "document"


# ---- layer 2: patterns -------------------------------------------------------------


def _honorifics(ctx: _Context) -> Iterable[_Cand]:
    for m in n.HONORIFIC_RE.finditer(ctx.norm):
        title = m.group(1)
        source = "honorific-female" if title in n._FEMALE else "honorific"
        prev_end = m.start(2)
        for found in n._NAME_IN_LIST.finditer(ctx.norm, m.start(2), m.end()):
            if found.start() > prev_end and not n._LIST_SEP.fullmatch(
                ctx.norm[prev_end : found.start()]
            ):
                break
            name = found.group(0)
            initial = len(name) == 2 and name.endswith(".")
            first = _bare(name.split()[0])
            if not initial and (
                not _is_plain_name(ctx, first)
                or ctx.lex.nameness(first) < ALONE
                or n.ORG_HEAD_RE.fullmatch(first)
            ):
                break
            prev_end = found.end()
            end = _name_end(ctx, found.start(), found.end())
            yield found.start(), end, "person", 60, source
            if end < found.end():
                break  # "Mr. James Sexton's National Union": the name ends at the 's


def _name_end(ctx: _Context, start: int, end: int) -> int:
    """Where a person's name ends: at a possessive, or before the words of a
    body's name ("James Sexton's National Union", "Wilson National Union")."""
    for token in n.TOKEN_RE.finditer(ctx.norm, start, end):
        word = token.group(0)
        if token.start() > start and (
            n.ORG_HEAD_RE.fullmatch(_bare(word)) or _bare(word) in n._NAMING_INSTITUTIONS
        ):
            return _strip_possessive(ctx.norm, start, len(ctx.norm[: token.start()].rstrip()))
        if word.endswith(("'s", "’s")) and token.end() < end:
            return token.end() - 2
    return _strip_possessive(ctx.norm, start, end)


def _is_naming(ctx: _Context, start: int, word: str) -> bool:
    lex = ctx.lex
    return (
        word in lex.polity
        or word in lex.group
        or word in n._NAMING_INSTITUTIONS
        or word in lex.gazetteer
        or ctx.authority.lookup(word) is not None
        or n._DOTTED_WORD.fullmatch(word) is not None
        or (word not in lex.stop and _unknown_ok(ctx, start, word))
    )


def _name_run(ctx: _Context, pos: int) -> list[tuple[int, str, bool]]:
    """The capitalised words before ``pos`` that may name a body, nearest first
    (at most MAX_NAME_WORDS): (start, word, is it naming?)."""
    text = ctx.norm
    run: list[tuple[int, str, bool]] = []
    while pos not in ctx.starts and len(run) < n.MAX_NAME_WORDS:
        window = text[max(0, pos - 60) : pos]
        w = n._PREV_WORD.search(window)
        if not w:
            break
        word, wstart = w.group(1), pos - len(window) + w.start(1)
        if word in ("and", "&"):
            naming = False
        elif n._TOKEN_FULL.fullmatch(word) or n._DOTTED_WORD.fullmatch(word):
            naming = _is_naming(ctx, wstart, word)
            if word in ctx.lex.stop and not naming:
                break  # "Thus", "The"
        else:
            break
        run.append((wstart, word, naming))
        pos = wstart
    while run and run[-1][1] in ("and", "&"):
        run.pop()
    return run


def _of_tail(ctx: _Context, end: int, known_orgs: dict[int, int]) -> int:
    """Where "Head of the X" ends: a known body, or capitalised naming words."""
    tail = n._OF_THE.match(ctx.norm, end)
    if not tail:
        return end
    for at in (tail.end(), tail.end() - 4):  # "the International" is a form too
        if at in known_orgs and known_orgs[at] > tail.end():
            return known_orgs[at]
    new_end, pos = end, tail.end()
    for _ in range(4):
        nxt = n._TOKEN_FULL.match(ctx.norm, pos)
        if not nxt or _bare(nxt.group(0)) in ctx.lex.stop:
            break
        new_end = pos + len(_bare(nxt.group(0)))
        space = re.match(r" (?=[A-Z])", ctx.norm[nxt.end() : nxt.end() + 2])
        if not space or new_end != nxt.end():
            break
        pos = nxt.end() + 1
    return new_end


def _headed(ctx: _Context, regex: re.Pattern[str], type_: str, known_orgs) -> Iterable[_Cand]:
    for m in regex.finditer(ctx.norm):
        run = _name_run(ctx, m.start())
        if type_ == "place":  # "European Republics" names no polity
            run = [(s, w, naming and w not in ctx.lex.group) for s, w, naming in run]
        elif len(run) >= 2 and not any(naming for _, _, naming in run):
            run[-1] = (run[-1][0], run[-1][1], True)  # "Marxists Internet Archive"
        if run and m.group(0) in n.EVENT_HEADS and run[0][1] in n.EVENT_BEFORE:
            continue  # "Second Congress", "Party Conference": a meeting
        end = _of_tail(ctx, m.end(), known_orgs)
        if end != m.end() and m.group(0) in n.EVENT_HEADS:
            continue  # "Congress of the Russian Communist Party": a meeting of a body
        if not any(naming for _, _, naming in run):
            if end == m.end() or type_ != "org":
                continue
            yield m.start(), end, type_, 55, "org-head"  # "League of Nations"
            continue
        yield run[-1][0], end, type_, 55, "org-head" if type_ == "org" else "polity"


def _regions(ctx: _Context) -> Iterable[_Cand]:
    for m in n.REGION_RE.finditer(ctx.norm):
        yield m.start(), m.end(), "place", 52, "gazetteer"


def _soviet_places(ctx: _Context) -> Iterable[_Cand]:
    for m in n.SOVIET_PLACE_RE.finditer(ctx.norm):
        if _bare(m.group(1)) in ctx.lex.gazetteer:
            yield m.start(), m.start(1) + len(_bare(m.group(1))), "place", 56, "polity"


def _place_heads(ctx: _Context) -> Iterable[_Cand]:
    text = ctx.norm
    for m in n.PLACE_HEAD_RE.finditer(text):
        run = n._RUN_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if not run:
            continue
        words = list(n.TOKEN_RE.finditer(text, run.start(), run.end()))
        while words and not _is_plain_name(ctx, words[0].group(0)):
            words.pop(0)
        if words:
            yield words[0].start(), m.end(), "place", 55, "place-head"
    for m in n.PLACE_PREFIX_RE.finditer(text):
        yield m.start(), m.end(), "place", 55, "place-head"


def _given_names(ctx: _Context) -> Iterable[_Cand]:
    """A given name and the names after it ("Frederick Engels"), even in a
    heading, where other capitals prove nothing."""
    text = ctx.norm
    for m in n.TOKEN_RE.finditer(text):
        if m.group(0) not in ctx.lex.given:
            continue
        end, parts = m.end(), 0
        while parts < 3:
            nxt = n._NEXT_NAME_PART.match(text, end)
            if nxt is None:
                break
            word = _bare(nxt.group(1).strip())
            initial = word.endswith(".")
            if not initial and (not _is_plain_name(ctx, word) or n.ORG_HEAD_RE.fullmatch(word)):
                break
            end, parts = nxt.end(), parts + 1
        if parts:
            yield m.start(), _strip_possessive(text, m.start(), end), "person", 45, "given"


def _initials(ctx: _Context) -> Iterable[_Cand]:
    for m in n._INITIALS_NAME.finditer(ctx.norm):
        if _is_plain_name(ctx, m.group(1)) and not n.ORG_HEAD_RE.fullmatch(m.group(1)):
            end = _strip_possessive(ctx.norm, m.start(), m.end())
            yield m.start(), end, "person", 44, "initials"


def _credits(ctx: _Context) -> Iterable[_Cand]:
    for m in n.CREDIT_RE.finditer(ctx.norm):
        prev_end = m.start(1)
        for found in n._NAME_IN_LIST.finditer(ctx.norm, m.start(1), m.end(1)):
            gap = ctx.norm[prev_end : found.start()]
            if found.start() > prev_end and not n._LIST_SEP.fullmatch(gap):
                break
            if not _is_plain_name(ctx, found.group(0).split()[0]):
                break
            prev_end = found.end()
            yield found.start(), found.end(), "person", 40, "credit"


def _dotted(ctx: _Context) -> Iterable[_Cand]:
    for m in n.DOTTED_RE.finditer(ctx.norm):
        letters = m.group(1).count(".") + (0 if m.group(1).endswith(".") else 1)
        plural = m.group(2) is not None and m.group(2).startswith("s")
        end = m.end(1) + (1 if plural else 0)
        if letters >= 3 and not plural and m.group(1).rstrip(".").endswith("R"):
            yield m.start(), end, "place", 35, "abbreviation"  # "R.S.F.S.R.": a republic
        elif plural or letters >= 3:
            yield m.start(), end, "org", 35, "abbreviation"
        elif letters == 2:
            before = ctx.norm[max(0, m.start() - 3) : m.start()]
            after = ctx.norm[m.end() : m.end() + 2].strip()
            if re.search(r"[–—-]\s*$", before) and after in ("", ")", "]"):
                yield m.start(), m.end(1), "person", 35, "signature"


def _acronyms(ctx: _Context) -> Iterable[_Cand]:
    for m in n.ACRONYM_RE.finditer(ctx.norm):
        word = _bare(m.group(0))
        if n.ROMAN_RE.fullmatch(word) or word in ctx.lex.stop:
            continue
        around = ctx.norm[max(0, m.start() - 12) : m.end() + 12]
        if len(n.CAPS_WORD_RE.findall(around)) > 1:
            continue  # a heading in capitals, not an acronym
        yield m.start(), m.start() + len(word), "org", 30, "acronym"


def _unknown(ctx: _Context) -> Iterable[_Cand]:
    text = ctx.norm
    tokens = list(n.TOKEN_RE.finditer(text))
    i = 0
    while i < len(tokens):
        m = tokens[i]
        if not _unknown_ok(ctx, m.start(), m.group(0)):
            i += 1
            continue
        end, j = m.end(), i + 1
        while (
            j < len(tokens)
            and text[end : tokens[j].start()] == " "
            and text[end - 1 : end] not in ("'", "’")
            and "-" not in tokens[j].group(0)
            and _is_plain_name(ctx, tokens[j].group(0))
            and ctx.lex.nameness(_bare(tokens[j].group(0))) >= ALONE
            and tokens[j].group(0).lower() not in ctx.vocab
        ):
            end = tokens[j].end()
            j += 1
        yield _unknown_span(ctx, m.start(), end, j - i)
        i = j


def _unknown_span(ctx: _Context, start: int, end: int, words: int) -> _Cand:
    end = _strip_possessive(ctx.norm, start, end)
    type_ = "person"
    first = _bare(ctx.norm[start:end].split()[0])
    if first in ctx.lex.given:
        pass
    elif _LOCATIVE(ctx, start) or (words == 1 and n.PLACE_ENDING.search(ctx.norm[start:end])):
        type_ = "place"
    elif words == 1 and _beside_place(ctx, start, end):
        type_ = "place"  # "their Leith or London brothers"
    return start, end, type_, 10, "run" if words > 1 and start not in ctx.starts else "capitalised"


def _beside_place(ctx: _Context, start: int, end: int) -> bool:
    """Is the name coordinated with a known place ("Leith or London")?"""
    after = n.COORDINATED_AFTER.match(ctx.norm, end)
    if after and _bare(after.group(1)) in ctx.lex.gazetteer:
        return True
    before = n.COORDINATED_BEFORE.search(ctx.norm, max(0, start - 40), start)
    return before is not None and _bare(before.group(1)) in ctx.lex.gazetteer


def _LOCATIVE(ctx: _Context, start: int) -> bool:
    return n._LOCATIVE.search(ctx.norm, max(0, start - 30), start) is not None


# ---- masks -------------------------------------------------------------------------


def _periodicals(text: str) -> Iterable[tuple[int, int]]:
    for m in n.PERIODICAL_RE.finditer(text):
        if m.group(0) in n._PERIODICAL_WORDS_HEADS:
            run = n.PERIODICAL_BEFORE.search(text, max(0, m.start() - 80), m.start())
            if run:
                yield run.start(), m.end()
        else:
            yield m.span()


def _events(text: str) -> Iterable[tuple[int, int]]:
    for m in n.EVENT_RE.finditer(text):
        yield m.span()
    for m in n.EVENT_TAIL_RE.finditer(text):
        run = n.EVENT_RUN_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if run:
            yield run.start(), m.end()


def _works(text: str) -> Iterable[tuple[int, int]]:
    for m in n.WORK_BEFORE_RE.finditer(text):
        title = n.WORK_TITLE_RE.match(text, m.end())
        if title:
            yield title.span()


def _masks(text: str, words: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if ":" in text:
        spans += [m.span(1) for m in n.SOURCE_LINE_RE.finditer(text)]
    if not words.isdisjoint(n._PERIODICAL_WORDS):
        spans += _periodicals(text)
    if "://" in text:
        spans += [m.span() for m in n.URL_RE.finditer(text)]
    if not words.isdisjoint(n._ARTICLE_WORDS):
        for m in n.ARTICLE_TITLE_RE.finditer(text):
            if not n.ORG_HEAD_RE.fullmatch(m.group(0).split()[-1]):
                spans.append(m.span())
    spans += _events(text)
    spans += _works(text)
    return spans


class _Taken:
    """Disjoint sorted spans; ``overlaps`` in logarithmic time."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.ends, start)
        return i < len(self.starts) and self.starts[i] < end


# ---- the recogniser ----------------------------------------------------------------


def _layers(ctx: _Context, known: list[_Cand], words: set[str]) -> list[Iterable[_Cand]]:
    layers: list[Iterable[_Cand]] = [known]
    if not words.isdisjoint(n._HONORIFIC_WORDS):
        layers.append(_honorifics(ctx))
    known_orgs = {s: e for s, e, t, _, _ in known if t == "org"}
    if not words.isdisjoint(n._ORG_HEAD_WORDS):
        layers.append(_headed(ctx, n.ORG_HEAD_RE, "org", known_orgs))
    if not words.isdisjoint(n._POLITY_HEAD_WORDS):
        layers.append(_headed(ctx, n.POLITY_HEAD_RE, "place", known_orgs))
    if "Soviet" in words:
        layers.append(_soviet_places(ctx))
    if not words.isdisjoint(n._COMPASS | {"Orient", "Occident"}):
        layers.append(_regions(ctx))
    if not words.isdisjoint(n._PLACE_WORDS):
        layers.append(_place_heads(ctx))
    if not words.isdisjoint(ctx.lex.given):
        layers.append(_given_names(ctx))
    if n._INITIAL_QUICK.search(ctx.norm):
        layers += [_initials(ctx), _dotted(ctx)]
    layers.append(_credits(ctx))
    if not is_title_case(ctx.norm):
        layers += [_acronyms(ctx), _unknown(ctx)]
    return layers


def recognise(
    text: str,
    authority: Authority,
    *,
    starts: Iterable[int] = (),
    blocked: Sequence[tuple[int, int]] = (),
    vocab: frozenset[str] | None = None,
    authority_only: bool = False,
    names: frozenset[str] = frozenset(),
    doc_forms: DocForms | None = None,
) -> list[Mention]:
    """Non-overlapping mentions in ``text``, in order.

    ``starts`` are extra sentence starts (element boundaries); ``blocked``
    spans are never touched (existing markup, journal titles); ``vocab`` is
    the document's lower-case vocabulary (default: this text's);
    ``authority_only`` keeps only authority matches (licences); ``names``
    are the document's names (``document_names``), taken even sentence-initially;
    ``doc_forms`` the names found with good evidence elsewhere in the document.
    """
    if not text.strip():
        return []
    norm = text.translate(_QUOTES)
    ctx = _Context(
        text=text,
        norm=norm,
        authority=authority,
        lex=lexicon(),
        vocab=vocab if vocab is not None else vocabulary(text),
        starts=sentence_starts(norm, starts),
        names=names,
    )
    words = set(n._CAP_WORD.findall(norm))
    known = list(_known(ctx, doc_forms or {}))
    if authority_only or n.LICENCE_RE.match(norm):
        layers: list[Iterable[_Cand]] = [[k for k in known if k[4] == "authority"]]
    else:
        layers = _layers(ctx, known, words)
    candidates = sorted(
        (c for layer in layers for c in layer if c[1] > c[0]),
        key=lambda c: (c[0], -(c[1] - c[0]), -c[3]),
    )
    taken = _Taken(list(blocked) + _masks(norm, words))
    chosen: list[Mention] = []
    last_end = -1
    for start, end, type_, _prio, source in candidates:
        if start < last_end or taken.overlaps(start, end):
            continue
        start, end, type_, entry = _finish(ctx, start, end, type_, source, doc_forms or {})
        if start >= end:
            continue
        chosen.append(Mention(start, end, type_, entry, source))
        last_end = end
    return chosen


def _finish(
    ctx: _Context, start: int, end: int, type_: str, source: str, doc_forms: DocForms
) -> tuple[int, int, str, Entry | None]:
    span = ctx.norm[start:end]
    entry = None
    if source != "honorific-female":
        entry = ctx.authority.lookup(span)
        if entry is None and span in doc_forms:
            entry = doc_forms[span][1]  # a surname: the person seen in full
    if entry is not None and source != "authority" and entry.type != type_:
        entry = None
    if entry is not None:
        type_ = entry.type
    if type_ != "place" and span.startswith(("the ", "The ")):
        start += 4
    return start, end, type_, entry


def strong_forms(mentions: Iterable[tuple[str, Mention]]) -> dict[str, tuple[str, Entry | None]]:
    """The document's names worth marking everywhere: (text, mention) pairs
    found with good evidence; a person seen in full lends its surname."""
    forms: dict[str, tuple[str, Entry | None]] = {}
    for text, m in mentions:
        if m.source not in STRONG or m.source == "gazetteer":
            continue
        form = normalize_form(text)
        forms.setdefault(form, (m.type, m.entry))
        parts = form.split()
        surname = parts[-1] if len(parts) > 1 else ""
        if m.type == "person" and surname[:1].isupper() and lexicon().nameness(surname) >= ALONE:
            forms.setdefault(surname, ("person", m.entry))
    return forms


def recognise_plain(source: str, authority: Authority) -> list[Mention]:
    """Mentions in a plain-text source, line by line (offsets in ``source``).

    The first non-blank line of an MIA text is its author line: a name there
    that no layer found is still a person.
    """
    vocab = vocabulary(source)
    found_names = frozenset(
        name for line in source.splitlines() for name in document_names(line, vocab)
    )
    mentions: list[Mention] = []
    offset = 0
    first = True
    for line in source.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            found = recognise(body, authority, vocab=vocab, names=found_names)
            if first and not found:
                name = re.match(r"\s*(.*?)(?:\s+\d{4})?\s*$", body)
                if name and name.group(1):
                    entry = authority.lookup(name.group(1), "person")
                    found = [Mention(name.start(1), name.end(1), "person", entry, "author")]
            first = False
            mentions.extend(
                Mention(m.start + offset, m.end + offset, m.type, m.entry, m.source) for m in found
            )
        offset += len(line)
    return mentions
