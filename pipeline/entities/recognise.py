"""The entity recogniser: names of persons, places and organisations in a string.

Offline, rule-based and deterministic.  Candidates come from layers, strongest
evidence first:

1. the authority list and the general-knowledge gazetteer (``data/``), longest
   form first, through one trie-shaped regular expression;
2. patterns: honorifics ("Comrades X and Y", "Patriarch X", "Madame X": the
   title stays outside the span), organisation heads ("Prussian Government",
   "S.R. Party", "National Council of the International"), street and building
   heads ("Regent's Park Road", "Café de la Regence"), given names ("Samuel
   Moore"), credit lines ("Transcribed: by X"), dotted abbreviations ("S.R.s");
3. a capitalised word that is not sentence-initial, not a common word of the
   document, not a nationality or ideology: a low-confidence person (or place
   after "in"/"at").

Journal titles, ``Source:`` lines and URLs are masked first; licence lines only
take authority matches.  The caller (``entities.py``) supplies what the string
cannot tell: sentence starts at element boundaries and spans already marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.entities.authority import Authority, Entry, normalize_form
from pipeline.entities.names import (
    _ABBREV,
    _ARTICLE_WORDS,
    _CAP_WORD,
    _COMPASS,
    _DOTTED_WORD,
    _FEMALE,
    _HONORIFIC_WORDS,
    _INITIAL_QUICK,
    _INITIALS_AFTER,
    _INITIALS_NAME,
    _LIST_SEP,
    _LOCATIVE,
    _NAME_IN_LIST,
    _NAMING_INSTITUTIONS,
    _NEXT_TOKEN,
    _OF_THE,
    _OPENERS,
    _ORG_FILLERS,
    _ORG_HEAD_WORDS,
    _PERIODICAL_WORDS,
    _PLACE_WORDS,
    _PREV_WORD,
    _RUN_BEFORE,
    _SUFFIXES,
    _THE_BEFORE,
    _TOKEN_FULL,
    _WORD_RE,
    ARTICLE_TITLE_RE,
    CREDIT_RE,
    DOTTED_RE,
    GIVEN_RE_CACHE,
    HONORIFIC_RE,
    LICENCE_RE,
    ORG_HEAD_RE,
    PERIODICAL_RE,
    PLACE_HEAD_RE,
    PLACE_PREFIX_RE,
    SENTENCE_RE,
    SOURCE_LINE_RE,
    TOKEN_RE,
    URL_RE,
    Lexicon,
    _trie_pattern,
    lexicon,
    matcher,
)

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})


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


def vocabulary(text: str) -> frozenset[str]:
    """Words written in lower case somewhere in the document ("state", "party")."""
    return frozenset(_WORD_RE.findall(text))


def sentence_starts(text: str, extra: Iterable[int] = ()) -> set[int]:
    """Offsets of the first character of each sentence (openers skipped)."""
    starts: set[int] = set()
    for m in SENTENCE_RE.finditer(text):
        if m.group(0)[:1] == "." and _ABBREV.search(text, max(0, m.start() - 8), m.start()):
            continue  # "Mr. Smith", "St. Petersburg", "J. B. Smith"
        starts.add(m.end())
    for pos in extra:
        starts.add(pos)
    result = set()
    for pos in starts:
        while pos < len(text) and text[pos] in _OPENERS:
            pos += 1
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


def _is_plain_name(ctx: _Context, token: str, *, allow_given: bool = True) -> bool:
    """A capitalised token that may be (part of) a proper name."""
    word = token.rstrip("'’")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    lex = ctx.lex
    if word in lex.stop or word in lex.polity or word in lex.group:
        return False
    if len(word) > 1 and word.isupper():
        return False
    return allow_given or word not in lex.given


def _unknown_ok(ctx: _Context, start: int, token: str) -> bool:
    word = token.rstrip("'’")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) < 3 or "-" in word or not _is_plain_name(ctx, word):
        return False
    low = word.lower()
    if low in ctx.vocab or low.endswith(_SUFFIXES):
        return False
    if low.endswith("s") and (low[:-1] in ctx.vocab or word[:-1] in ctx.lex.stop):
        return False
    if _THE_BEFORE.search(ctx.text, max(0, start - 5), start):
        return False  # "the X" is rarely a person
    # a sentence-initial capital proves nothing, unless the word is a name elsewhere
    return start not in ctx.starts or word in ctx.names


def document_names(text: str, vocab: frozenset[str], starts: Iterable[int] = ()) -> set[str]:
    """Words of ``text`` that look like names where their capital proves it
    (not sentence-initial): ``recognise(names=...)`` then also takes them at
    the start of a sentence ("Engels lived in Manchester.")."""
    if is_title_case(text):
        return set()
    norm = text.translate(_QUOTES)
    ctx = _Context(text, norm, Authority(), lexicon(), vocab, sentence_starts(norm, starts))
    names = set()
    for m in TOKEN_RE.finditer(norm):
        if m.start() not in ctx.starts and _unknown_ok(ctx, m.start(), m.group(0)):
            word = m.group(0).rstrip("'’")
            names.add(word[:-2] if word.endswith(("'s", "’s")) else word)
    return names


def _known(ctx: _Context) -> Iterable[_Cand]:
    m_ = matcher(ctx.authority)
    text = ctx.norm
    for m in m_.regex.finditer(text):
        start, end = m.span()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_.'-"):
            continue
        form = normalize_form(m.group(0))
        type_, entry = m_.known.get(form, ("place", None))
        following = text[end : end + 3]
        if form.lower().startswith("the "):
            nxt = _NEXT_TOKEN.match(text, end)
            if nxt and nxt.start(1) - end < 3 and nxt.group(1) not in ctx.lex.stop:
                continue  # "the International Consolidation of ..."
        if form in _COMPASS and (
            re.match(r"[\s\-]+[A-Z]", following) or text[start - 1 : start] == "-"
        ):
            continue  # "East India", "West European"
        yield start, end, type_, 50, "authority" if entry is not None else "gazetteer"


def _honorifics(ctx: _Context) -> Iterable[_Cand]:
    for m in HONORIFIC_RE.finditer(ctx.norm):
        title = m.group(1)
        source = "honorific-female" if title in _FEMALE else "honorific"
        prev_end = m.start(2)
        for n in _NAME_IN_LIST.finditer(ctx.norm, m.start(2), m.end()):
            if n.start() > prev_end and not _LIST_SEP.fullmatch(ctx.norm[prev_end : n.start()]):
                break
            name = n.group(0)
            initial = len(name) == 2 and name.endswith(".")
            if not initial and not _is_plain_name(ctx, name.split()[0]):
                break
            prev_end = n.end()
            yield n.start(), _strip_possessive(ctx.norm, n.start(), n.end()), "person", 60, source


def _is_naming(ctx: _Context, start: int, word: str) -> bool:
    lex = ctx.lex
    return (
        word in lex.polity
        or word in lex.group
        or word in _NAMING_INSTITUTIONS
        or word in lex.gazetteer
        or ctx.authority.lookup(word) is not None
        or _DOTTED_WORD.fullmatch(word) is not None
        or (word not in lex.stop and _unknown_ok(ctx, start, word))
    )


def _org_heads(ctx: _Context, known_orgs: dict[int, int]) -> Iterable[_Cand]:
    text = ctx.norm
    for m in ORG_HEAD_RE.finditer(text):
        run: list[tuple[int, str, bool]] = []  # nearest word first
        pos = m.start()
        while pos not in ctx.starts:
            window = text[max(0, pos - 60) : pos]
            w = _PREV_WORD.search(window)
            if not w:
                break
            word, wstart = w.group(1), pos - len(window) + w.start(1)
            if word in ("and", "&"):
                naming = False
            elif _TOKEN_FULL.fullmatch(word) or _DOTTED_WORD.fullmatch(word):
                naming = _is_naming(ctx, wstart, word)
                if not naming and word not in _ORG_FILLERS:
                    break
            else:
                break
            run.append((wstart, word, naming))
            pos = wstart
        while run and run[-1][1] in ("and", "&"):
            run.pop()
        if not any(naming for _, _, naming in run):
            continue
        start, end = run[-1][0], m.end()
        tail = _OF_THE.match(text, end)
        if tail:
            for at in (tail.end(), tail.end() - 4):  # "the International" is a form too
                if at in known_orgs and known_orgs[at] > tail.end():
                    end = known_orgs[at]
                    break
        yield start, end, "org", 55, "org-head"


def _place_heads(ctx: _Context) -> Iterable[_Cand]:
    text = ctx.norm
    for m in PLACE_HEAD_RE.finditer(text):
        window_start = max(0, m.start() - 80)
        run = _RUN_BEFORE.search(text, window_start, m.start())
        if not run:
            continue
        words = list(TOKEN_RE.finditer(text, run.start(), run.end()))
        while words and not _is_plain_name(ctx, words[0].group(0)):
            words.pop(0)
        if words:
            yield words[0].start(), m.end(), "place", 55, "place-head"
    for m in PLACE_PREFIX_RE.finditer(text):
        yield m.start(), m.end(), "place", 55, "place-head"


def _given_re(lex: Lexicon) -> re.Pattern[str]:
    if "given" not in GIVEN_RE_CACHE:
        names = _trie_pattern(sorted(lex.given))
        GIVEN_RE_CACHE["given"] = re.compile(rf"(?<![\w'’\-])(?:{names})(?![\w\-])")
    return GIVEN_RE_CACHE["given"]


def _given_names(ctx: _Context) -> Iterable[_Cand]:
    text = ctx.norm
    for m in _given_re(ctx.lex).finditer(text):
        end = m.end()
        initials = _INITIALS_AFTER.match(text, end)
        if initials:
            end = initials.end()
        parts = 0
        while parts < 2:
            nxt = _NEXT_TOKEN.match(text, end)
            if (
                not nxt
                or not _is_plain_name(ctx, nxt.group(1))
                or ORG_HEAD_RE.fullmatch(nxt.group(1))
            ):
                break
            end, parts = nxt.end(), parts + 1
        if parts == 0 and (m.start() in ctx.starts or initials):
            continue
        if parts == 0:
            end = m.end()
        yield m.start(), _strip_possessive(text, m.start(), end), "person", 45, "given-name"


def _initials(ctx: _Context) -> Iterable[_Cand]:
    for m in _INITIALS_NAME.finditer(ctx.norm):
        if _is_plain_name(ctx, m.group(1)) and not ORG_HEAD_RE.fullmatch(m.group(1)):
            end = _strip_possessive(ctx.norm, m.start(), m.end())
            yield m.start(), end, "person", 44, "initials"


def _credits(ctx: _Context) -> Iterable[_Cand]:
    for m in CREDIT_RE.finditer(ctx.norm):
        prev_end = m.start(1)
        for n in _NAME_IN_LIST.finditer(ctx.norm, m.start(1), m.end(1)):
            if n.start() > prev_end and not _LIST_SEP.fullmatch(ctx.norm[prev_end : n.start()]):
                break
            if not _is_plain_name(ctx, n.group(0).split()[0]):
                break
            prev_end = n.end()
            yield n.start(), n.end(), "person", 40, "credit"


def _dotted(ctx: _Context) -> Iterable[_Cand]:
    for m in DOTTED_RE.finditer(ctx.norm):
        letters = m.group(1).count(".")
        plural = m.group(2) is not None and m.group(2).startswith("s")
        end = m.end(1) + (1 if plural else 0)
        if plural or letters >= 3:
            yield m.start(), end, "org", 35, "abbreviation"
        elif letters == 2:
            before = ctx.norm[max(0, m.start() - 3) : m.start()]
            after = ctx.norm[m.end() : m.end() + 2].strip()
            if re.search(r"[–—-]\s*$", before) and after in ("", ")", "]"):
                yield m.start(), m.end(1), "person", 35, "signature"


def _unknown(ctx: _Context) -> Iterable[_Cand]:
    text = ctx.norm
    tokens = list(TOKEN_RE.finditer(text))
    i = 0
    while i < len(tokens):
        m = tokens[i]
        if not _unknown_ok(ctx, m.start(), m.group(0)):
            i += 1
            continue
        end = m.end()
        j = i + 1
        while (
            j < len(tokens)
            and text[end : tokens[j].start()] == " "
            and text[end - 1 : end] not in ("'", "’")
            and "-" not in tokens[j].group(0)
            and _is_plain_name(ctx, tokens[j].group(0))
            and tokens[j].group(0).lower() not in ctx.vocab
        ):
            end = tokens[j].end()
            j += 1
        yield _unknown_span(ctx, m.start(), end)
        i = j


def _unknown_span(ctx: _Context, start: int, end: int) -> _Cand:
    end = _strip_possessive(ctx.norm, start, end)
    type_ = "place" if _LOCATIVE.search(ctx.norm, max(0, start - 30), start) else "person"
    return start, end, type_, 10, "capitalised"


def _masks(text: str, words: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    spans = []
    if ":" in text:
        spans += [m.span(1) for m in SOURCE_LINE_RE.finditer(text)]
    if not words.isdisjoint(_PERIODICAL_WORDS):
        spans += [m.span() for m in PERIODICAL_RE.finditer(text)]
    if "://" in text:
        spans += [m.span() for m in URL_RE.finditer(text)]
    if not words.isdisjoint(_ARTICLE_WORDS):
        for m in ARTICLE_TITLE_RE.finditer(text):
            last = m.group(0).split()[-1]
            if not ORG_HEAD_RE.fullmatch(last):
                spans.append(m.span())
    return spans


def recognise(
    text: str,
    authority: Authority,
    *,
    starts: Iterable[int] = (),
    blocked: Sequence[tuple[int, int]] = (),
    vocab: frozenset[str] | None = None,
    authority_only: bool = False,
    names: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Non-overlapping mentions in ``text``, in order.

    ``starts`` are extra sentence starts (element boundaries); ``blocked``
    spans are never touched (existing markup, journal titles); ``vocab`` is
    the document's lower-case vocabulary (default: this text's);
    ``authority_only`` keeps only authority matches (licences); ``names``
    are the document's names (``document_names``), taken even sentence-initially.
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
    words = set(_CAP_WORD.findall(norm))
    blocked = list(blocked) + _masks(norm, words)
    layers: list[Iterable[_Cand]]
    known = list(_known(ctx))
    if authority_only or LICENCE_RE.match(norm):
        layers = [[k for k in known if k[4] == "authority"]]
    else:
        layers = [known]
        if not words.isdisjoint(_HONORIFIC_WORDS):
            layers.append(_honorifics(ctx))
        if not words.isdisjoint(_ORG_HEAD_WORDS):
            known_orgs = {s: e for s, e, t, _, _ in known if t == "org"}
            layers.append(_org_heads(ctx, known_orgs))
        if not words.isdisjoint(_PLACE_WORDS):
            layers.append(_place_heads(ctx))
        if not words.isdisjoint(ctx.lex.given):
            layers.append(_given_names(ctx))
        if _INITIAL_QUICK.search(norm):
            layers += [_initials(ctx), _dotted(ctx)]
        if ":" in norm:
            layers.append(_credits(ctx))
        if not is_title_case(norm):
            layers.append(_unknown(ctx))
    candidates = sorted(
        (c for layer in layers for c in layer if c[1] > c[0]),
        key=lambda c: (c[0], -(c[1] - c[0]), -c[3]),
    )
    chosen: list[Mention] = []
    taken = sorted(blocked)
    last_end = -1
    for start, end, type_, _prio, source in candidates:
        if start < last_end or any(s < end and start < e for s, e in taken):
            continue
        start, end, type_, entry = _finish(ctx, start, end, type_, source)
        if start >= end:
            continue
        chosen.append(Mention(start, end, type_, entry, source))
        last_end = end
    return chosen


def _finish(
    ctx: _Context, start: int, end: int, type_: str, source: str
) -> tuple[int, int, str, Entry | None]:
    span = ctx.norm[start:end]
    entry = None
    if source != "honorific-female":
        entry = ctx.authority.lookup(span)
    if entry is not None and source not in ("authority",) and entry.type != type_:
        entry = None
    if entry is not None:
        type_ = entry.type
    if type_ != "place" and span.startswith(("the ", "The ")):
        start += 4
    return start, end, type_, entry


def recognise_plain(source: str, authority: Authority) -> list[Mention]:
    """Mentions in a plain-text source, line by line (offsets in ``source``).

    The first non-blank line of an MIA text is its author line: a name there
    that no layer found is still a person.
    """
    vocab = vocabulary(source)
    names = frozenset(name for line in source.splitlines() for name in document_names(line, vocab))
    mentions: list[Mention] = []
    offset = 0
    first = True
    for line in source.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            found = recognise(body, authority, vocab=vocab, names=names)
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
