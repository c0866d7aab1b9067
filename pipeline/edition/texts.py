"""One text from its files: a source and its corrections, converted with the
authority list into TEI whose references (``@ref`` to the list, the
``<?xml-model?>`` schemas) resolve from the folder it is written to."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.convert.corrections_file import Corrections, parse_corrections
from pipeline.convert.passes import SCHEMA_HREF, SCHEMATRON_HREF, Options, convert
from pipeline.convert.source import decode
from pipeline.edition.config import Config
from pipeline.edition.files import check_inside, href, read_inside
from pipeline.edition.fingerprint import digest, stamp, text_digest
from pipeline.errors import ResourceError
from pipeline.xmlio import read_file

if TYPE_CHECKING:
    from pipeline.entities.authority import Authority

CORRECTIONS_SUFFIX = ".corrections.toml"
SCHEMA_NAMES = ("tei-pipeline.rng", "tei-pipeline.sch")


def corrections_path(source: Path) -> Path:
    return source.with_name(source.name[: -len(source.suffix)] + CORRECTIONS_SUFFIX)


def _read(path: Path, root: Path | None) -> bytes:
    return read_inside(path, root) if root is not None else read_file(path)


@dataclass(frozen=True)
class Recipe:
    """What the texts of one run share besides their own files (picklable:
    it is handed to worker processes)."""

    authority: Path | None = None  # None: entities marked without a list (unlinked)
    entities: bool = True  # False: no entity markup at all
    encoding: str = "utf-8"
    language: str = "en"
    licence: str = ""
    title: str = "Texts"  # the edition's: the publisher of texts under its licence
    editor: str = ""  # when a corrections file names nobody
    editor_id: str = "editor"
    schemas: tuple[Path, Path] | None = None  # RelaxNG, Schematron; None: today's hrefs
    root: Path | None = None  # an edition's folder: no input may lead out of it

    @classmethod
    def of(cls, config: Config, **changes: object) -> Recipe:
        """The recipe of an edition's texts."""
        authority = config.authority if config.authority.exists() else None
        recipe = cls(
            authority=authority,
            language=config.language,
            licence=config.licence,
            title=config.title,
            editor=config.editor,
            editor_id=config.editor_id,
            schemas=schema_files(config.schema),
            root=config.root,
        )
        return replace(recipe, **changes)  # type: ignore[arg-type]


def schema_files(folder: Path | None) -> tuple[Path, Path]:
    """The schemas generated TEI points at: those in ``folder`` (an edition's
    ``schema/``) when it has them, else the copies installed with the pipeline."""
    if folder is not None and all((folder / name).is_file() for name in SCHEMA_NAMES):
        return folder / SCHEMA_NAMES[0], folder / SCHEMA_NAMES[1]
    from pipeline.validation.validate import PROJECT_RNG, PROJECT_SCH

    return PROJECT_RNG, PROJECT_SCH


def load_corrections(
    source: Path, *, editor: str = "", editor_id: str = "editor", root: Path | None = None
) -> Corrections | None:
    """The corrections file next to ``source``, if it has one."""
    path = corrections_path(source)
    if not path.exists() and not path.is_symlink():
        return None
    text = decode(_read(path, root), str(path))
    return parse_corrections(text, str(path), editor=editor, editor_id=editor_id)


@lru_cache(maxsize=8)
def _authority(path: Path, href_: str, _version: tuple[int, int, int]) -> Authority:
    from pipeline.entities.authority import load_authority as load

    return load(path, href=href_)


def load_authority(path: Path | None, href_: str = "authority.xml") -> Authority | None:
    """The authority list at ``path`` as documents referring to it by
    ``href_`` see it (read again when the file changes); None without one."""
    if path is None or not path.exists():
        return None
    try:
        info = path.stat()
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read: {exc.strerror}") from None
    return _authority(path.resolve(), href_, (info.st_mtime_ns, info.st_size, info.st_ino))


def options(recipe: Recipe, source: Path, folder: Path | None, name: str | None = None) -> Options:
    """The conversion options of ``source`` written to ``folder`` (None: its
    reader's folder is not known; the current one is assumed)."""
    where = folder if folder is not None else Path.cwd()
    if recipe.root is not None and recipe.authority is not None:
        check_inside(recipe.authority, recipe.root)  # a link out of the edition: refused
    authority = (
        load_authority(recipe.authority, href(recipe.authority, where))
        if recipe.authority is not None
        else None
    )
    schema, schematron = (
        (href(recipe.schemas[0], where), href(recipe.schemas[1], where))
        if recipe.schemas is not None
        else (SCHEMA_HREF, SCHEMATRON_HREF)
    )
    return Options(
        source_name=name or str(source),
        corrections=load_corrections(
            source, editor=recipe.editor, editor_id=recipe.editor_id, root=recipe.root
        ),
        authority=authority,
        entities=recipe.entities,
        schema_href=schema,
        schematron_href=schematron,
        language=recipe.language,
        licence=recipe.licence,
        publisher=recipe.title,
    )


@dataclass(frozen=True)
class Made:
    """A text converted: its tree, its stamped bytes, and the digests of the
    files it was made from (recorded in its fingerprint)."""

    tree: etree._ElementTree
    data: bytes
    inputs: dict[str, str]
    # The digests of those files' bytes, which earlier versions recorded: a
    # hand-edited file stamped then is not behind while they are unchanged.
    earlier: dict[str, str] = field(default_factory=dict)


def generate(source: Path, recipe: Recipe, folder: Path | None, name: str | None = None) -> Made:
    """The TEI of ``source`` as it is written to ``folder``."""
    data = _read(source, recipe.root)
    opts = options(recipe, source, folder, name)
    text = decode(data, str(source), recipe.encoding)
    tree = convert(text, opts)
    made, earlier = {"source": text_digest(text)}, {"source": digest(data)}
    if opts.corrections is not None:
        path = corrections_path(source)
        rules = _read(path, recipe.root)
        made["corrections"] = text_digest(decode(rules, str(path)))
        earlier["corrections"] = digest(rules)
    return Made(tree, stamp(tree, made), made, earlier)


def convert_file(
    source: Path, *, authority: Authority | None, name: str | None = None, encoding: str = "utf-8"
) -> tuple[etree._ElementTree, bytes]:
    """Convert one source file (with its corrections file, if any) with an
    authority list already loaded, for a document beside it."""
    text = decode(read_file(source), str(source), encoding)
    opts = Options(
        source_name=name or str(source),
        corrections=load_corrections(source),
        authority=authority,
    )
    tree = convert(text, opts)
    return tree, stamp(tree)


def fspath(path: Path, root: Path | None) -> str:
    """``path`` as it is shown: relative to ``root`` when inside it."""
    if root is not None and path.is_relative_to(root) and root != Path("."):
        return os.fspath(path.relative_to(root))
    return os.fspath(path)
