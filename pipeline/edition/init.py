"""A new edition: the folders, settings, an empty authority list, the
schemas its TEI points at, and the files that check it in git and CI.

Nothing that exists is overwritten: ``init`` in an edition adds only what
is missing (e.g. the schemas after an upgrade removed them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

from pipeline.convert.passes import VERSION
from pipeline.edition.config import CONFIG_NAME, Config, load_config
from pipeline.edition.files import href
from pipeline.edition.texts import SCHEMA_NAMES, schema_files
from pipeline.errors import WriteError
from pipeline.results import FileResult
from pipeline.xmlio import read_file, write_atomic


@dataclass(frozen=True)
class Settings:
    """What ``init`` asks: written to ``tei-pipeline.toml``."""

    title: str
    editor: str = "Project editors"
    editor_id: str = "editor"
    language: str = "en"
    licence: str = ""


def _template(name: str) -> Template:
    text = (
        resources.files("pipeline.edition").joinpath("templates").joinpath(name).read_text("utf-8")
    )
    return Template(text)


def _files(config: Config, settings: Settings) -> dict[Path, bytes]:
    """Every file of a new edition, but its settings and schemas, with its content."""
    xml = {k: escape(v) for k, v in vars(settings).items()}
    rng, sch = (href(path, config.authority.parent) for path in _schemas(config.schema))
    folders = {
        name: config.path(name).relative_to(config.root).as_posix()
        for name in ("seeds", "tei", "schema", "site")
    }
    texts = {
        config.authority: _template("authority.xml").substitute(xml, rng=rng, sch=sch),
        config.seeds / "README.md": _template("seeds-README.md").substitute(folders),
        config.root / ".gitignore": _template("gitignore").substitute(folders),
        config.root / ".pre-commit-config.yaml": _template("pre-commit-config.yaml").substitute(
            folders
        ),
        config.root / ".github" / "workflows" / "tei.yml": _template("ci.yml").substitute(
            folders, version=VERSION
        ),
    }
    return {path: text.encode("utf-8") for path, text in texts.items()}


def _schemas(folder: Path) -> tuple[Path, Path]:
    return folder / SCHEMA_NAMES[0], folder / SCHEMA_NAMES[1]


def init(root: Path, settings: Settings) -> list[FileResult]:
    """Make (or complete) the edition at ``root``: one result per file."""
    toml = {k: json.dumps(v, ensure_ascii=False) for k, v in vars(settings).items()}
    text = _template("tei-pipeline.toml").substitute(toml)
    results = [_create(root / CONFIG_NAME, text.encode("utf-8"))]
    if results[0].failed:
        return results
    config = load_config(root)  # the settings just written, or those found
    results += [_create(path, data) for path, data in _files(config, settings).items()]
    for source, target in zip(schema_files(None), _schemas(config.schema)):
        results.append(_create(target, read_file(source)))
    return results


def _create(path: Path, data: bytes) -> FileResult:
    result = FileResult(str(path), target=str(path))
    if path.exists() or path.is_symlink():
        result.action = "exists: kept"
        return result
    try:
        write_atomic(path, data)
    except WriteError as exc:
        result.fail(exc)
        return result
    result.action = "created"
    return result
