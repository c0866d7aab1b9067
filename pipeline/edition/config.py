"""An edition's settings: ``tei-pipeline.toml`` at its root.

Without that file a folder is still an edition with today's defaults:
``seeds/`` holds the sources, ``tei/`` the TEI with ``tei/authority.xml``,
``schema/`` the schemas (else the installed copies) and ``build/`` the site.
Paths in the file are relative to it and must stay inside the edition: a
cloned repository cannot send the pipeline's writes elsewhere.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.convert.source import decode
from pipeline.convert.toml_lines import TomlSyntaxError, load_toml
from pipeline.errors import InputError
from pipeline.xmlio import read_file

CONFIG_NAME = "tei-pipeline.toml"
PATHS = {
    "seeds": "seeds",
    "tei": "tei",
    "site": "build",
    "authority": "tei/authority.xml",
    "schema": "schema",
}
SETTINGS = {
    "edition": {"title", "language", "licence"},
    "editor": {"name", "id"},
    "paths": set(PATHS),
}
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Config:
    """Where an edition's files are and what its texts share."""

    root: Path
    found: bool = False  # read from tei-pipeline.toml (else: the defaults)
    title: str = "Texts"
    language: str = "en"
    licence: str = ""  # stated in texts whose source names none
    editor: str = ""  # who makes the corrections, when a corrections file names nobody
    editor_id: str = "editor"
    paths: dict[str, str] = field(default_factory=lambda: dict(PATHS))

    def path(self, name: str) -> Path:
        return self.root / self.paths[name]

    @property
    def seeds(self) -> Path:
        return self.path("seeds")

    @property
    def tei(self) -> Path:
        return self.path("tei")

    @property
    def site(self) -> Path:
        return self.path("site")

    @property
    def authority(self) -> Path:
        return self.path("authority")

    @property
    def schema(self) -> Path:
        return self.path("schema")

    def source_of(self, tei_file: Path) -> Path | None:
        """The seed a TEI file of this edition is generated from, if there is one."""
        if tei_file.parent.resolve() != self.tei.resolve():
            return None
        source = self.seeds / (tei_file.stem + ".txt")
        return source if source.is_file() else None


def load_config(root: Path) -> Config:
    """The settings of the edition at ``root`` (the defaults without a file)."""
    path = root / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        return Config(root)
    name = str(path)
    data = _toml(decode(read_file(path), name), name)
    errors = [f"unknown section [{key}]" for key in data if key not in SETTINGS]
    for section, keys in SETTINGS.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            errors.append(f"[{section}] must be a table")
            continue
        errors += [f"unknown setting {section}.{key}" for key in table if key not in keys]
        errors += [f"{section}.{k} must be a string" for k, v in table.items() if not _text(v)]
    if errors:
        raise InputError("; ".join(errors), name)
    edition = _table(data, "edition")
    editor = _table(data, "editor")
    config = Config(
        root,
        found=True,
        title=edition.get("title", "Texts").strip() or "Texts",
        language=edition.get("language", "en").strip(),
        licence=edition.get("licence", "").strip(),
        editor=editor.get("name", "").strip(),
        editor_id=editor.get("id", "editor").strip(),
        paths={**PATHS, **_table(data, "paths")},
    )
    _check(config, name)
    return config


def _table(data: dict[str, object], name: str) -> dict[str, str]:
    table = data.get(name, {})
    return {str(k): str(v) for k, v in table.items()} if isinstance(table, dict) else {}


def _text(value: object) -> bool:
    return isinstance(value, str)


def _toml(text: str, name: str) -> dict[str, object]:
    try:
        return load_toml(text)
    except TomlSyntaxError as exc:
        raise InputError(f"not valid TOML: {exc.message}", name, exc.line, exc.column) from None


def _check(config: Config, name: str) -> None:
    if not _NCNAME.match(config.editor_id):
        raise InputError(f"editor.id {config.editor_id!r} is not an XML name (e.g. editor)", name)
    if not _LANGUAGE.match(config.language):
        raise InputError(f"edition.language {config.language!r} is not a language code", name)
    for key, value in config.paths.items():
        where = os.path.normpath(value)
        if os.path.isabs(value) or where == ".." or where.startswith("../") or not value.strip():
            raise InputError(f"paths.{key} = {value!r} leads outside the edition folder", name)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``tei-pipeline.toml``
    (relative to the current folder when inside it)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return shown(folder)
    return None


def shown(folder: Path) -> Path:
    """``folder`` as the user sees it: relative to the current folder when
    inside it."""
    here = Path.cwd().resolve()
    resolved = folder.resolve()
    return resolved.relative_to(here) if resolved.is_relative_to(here) else resolved


def edition_of(tei_file: Path) -> Config | None:
    """The edition a TEI file belongs to: the one whose config is found above
    it, or (no config) a folder holding ``seeds/`` with the file in its ``tei/``."""
    found = find_root(tei_file.parent)
    if found is not None:
        return load_config(found)
    root = shown(tei_file.resolve().parent.parent)
    config = Config(root)
    if config.seeds.is_dir() and tei_file.resolve().parent == config.tei.resolve():
        return config
    return None
