"""Rewriting a TEI file on an editor's behalf (entities linked, suggestions
accepted or rejected, corrections applied), and ``correct``.

A file the pipeline generated, with its source in the edition, is made
afresh from its sources: it is then exactly what ``build`` makes, and
``build --check`` passes. Any other file (edited by hand, or not the
pipeline's) is changed in place, touching nothing but what the change is
about; a hand edit stays recognisable as one (``fingerprint.rewritten``).
What is written is validated: an invalid result is written but reported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lxml import etree

from pipeline.convert.corrections import (
    add_reasons,
    apply_corrections,
    correction_reasons,
    ensure_editor,
    said_otherwise,
    stray_corrections,
)
from pipeline.convert.corrections_file import Correction, parse_corrections
from pipeline.convert.source import decode
from pipeline.edition.config import Config, edition_of
from pipeline.edition.files import locked
from pipeline.edition.fingerprint import State, rewritten, same_document, state_of, text_digest
from pipeline.edition.texts import Recipe, corrections_path, fspath, generate
from pipeline.errors import PipelineError, UsageError
from pipeline.results import FileResult, Outcome
from pipeline.tei import TEI_NS, XML_NS
from pipeline.xmlio import parse_bytes, parse_file, read_file, write_atomic

Patch = Callable[[etree._ElementTree], str]  # changes a tree; says what it did


def _regenerated(file: Path, config: Config | None, authority: Path | None) -> bytes | None:
    """The file made afresh from its sources, when it is generated, its
    source is in its edition and it uses the edition's authority list."""
    if config is None or config.source_of(file) is None:
        return None
    if authority is not None and authority.resolve() != config.authority.resolve():
        return None
    source = config.source_of(file)
    assert source is not None
    try:
        return generate(source, Recipe.of(config), file.parent, fspath(source, config.root)).data
    except PipelineError:  # e.g. a source only another --encoding reads: change in place
        return None


def update_text(
    file: Path,
    patch: Patch,
    *,
    authority: Path | None = None,
    output: Path | None = None,
    inputs: dict[str, str] | None = None,
) -> FileResult:
    """Apply ``patch`` to the TEI ``file`` (written to ``output``, default in
    place); ``inputs`` are digests of sources the file has now caught up with."""
    target = output or file
    result = FileResult(str(file), target=str(target))
    try:
        current = read_file(file)
        tree = parse_bytes(current, str(file))
        result.action = patch(tree)
    except PipelineError as exc:
        result.outcome, result.message = Outcome.UNREADABLE, str(exc)
        return result
    data = rewritten(current, tree, inputs)
    if output is None and state_of(current) is State.GENERATED:
        data = _regenerated(file, edition_of(file), authority) or data
    if output is not None or not same_document(current, data):  # a CRLF checkout stays so
        write_atomic(target, data)
    _validate(parse_bytes(data, str(target)), result)
    return result


def _validate(tree: etree._ElementTree, result: FileResult) -> None:
    from pipeline.validation.validate import iter_issues

    assert result.target is not None
    errors = [i for i in iter_issues(tree, file=result.target) if i.severity == "error"]
    if errors:
        result.outcome, result.issues = Outcome.INVALID, errors
        result.message = f"{result.target}: written, but {len(errors)} validation errors"


def correct_file(file: Path, corrections: Path | None = None) -> FileResult:
    """Apply the corrections file of ``file``'s text (or ``corrections``) to
    it in place: corrections already there are left alone."""
    config = edition_of(file)
    if corrections is None:
        source = config.source_of(file) if config is not None else None
        corrections = corrections_path(source) if source is not None else None
    if corrections is None or not corrections.exists():
        raise UsageError(f"{file}: no corrections file found for it: pass --corrections PATH")
    settings = config or Config(file.parent)
    rules = decode(read_file(corrections), str(corrections))
    found = parse_corrections(
        rules, str(corrections), editor=settings.editor, editor_id=settings.editor_id
    )

    caught_up = {"corrections": text_digest(rules)}
    doubts: dict[str, tuple[Correction | None, str]] = {}  # by the xml:id of its corr

    def patch(tree: etree._ElementTree) -> str:
        text = tree.getroot().find(f"{{{TEI_NS}}}text")
        if text is None:
            raise UsageError(f"{file}: no <text> element to correct")
        marked = apply_corrections(text, found)
        add_reasons(text, marked.applied, found.resp)
        if marked.applied:
            ensure_editor(tree.getroot(), found)
        for correction, choice in marked.differing:
            doubts[_corr_id(choice)] = (correction, _described(choice))
        for choice in stray_corrections(text, marked.choices):
            doubts[_corr_id(choice)] = (None, _described(choice))
        if doubts:
            # Caught up with the corrections file only once the text says
            # what it says: until then, build says the text is behind.
            caught_up.clear()
        kept = len(found.items) - len(marked.applied)
        return f"{len(marked.applied)} corrections applied, {kept} already there"

    with locked(file.parent):
        result = update_text(file, patch, inputs=caught_up)
    if doubts and result.target is not None and result.outcome is not Outcome.UNREADABLE:
        result.warning = _still(doubts, Path(result.target), corrections)
    return result


def _still(doubts: dict[str, tuple[Correction | None, str]], written: Path, rules: Path) -> str:
    """What the text written still says otherwise than the corrections file
    (nothing when it was made afresh from its sources)."""
    text = parse_file(written).getroot().find(f"{{{TEI_NS}}}text")
    if text is None:
        return ""
    withdrawn, differing = [], []
    reasons = correction_reasons(text)
    for corr in text.iter(f"{{{TEI_NS}}}corr"):
        doubt = doubts.get(corr.get(f"{{{XML_NS}}}id", ""))
        choice = corr.getparent()
        if doubt is None or choice is None:
            continue
        correction, described = doubt
        if correction is None:
            withdrawn.append(described)
        elif said_otherwise(choice, correction, reasons):
            differing.append(f"{described}, the file {correction.corr!r}")
    notes = []
    if withdrawn:
        notes.append(
            f"{len(withdrawn)} corrections in the text are no longer in {rules}"
            f" ({'; '.join(withdrawn)}): remove each by hand, keeping its sic"
        )
    if differing:
        notes.append(
            f"{len(differing)} corrections read otherwise in the text than in {rules}"
            f" ({'; '.join(differing)}): make the two agree (corr and reason)"
        )
    return "; ".join(notes)


def _corr_id(choice: etree._Element) -> str:
    corr = choice.find(f"{{{TEI_NS}}}corr")
    return corr.get(f"{{{XML_NS}}}id", "") if corr is not None else ""


def _described(choice: etree._Element) -> str:
    sic = choice.findtext(f"{{{TEI_NS}}}sic") or ""
    corr = choice.findtext(f"{{{TEI_NS}}}corr") or ""
    return f"line {choice.sourceline}: {sic!r} -> {corr!r}"
