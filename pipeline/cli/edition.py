"""The init and correct commands: start an edition, and bring a hand-edited
text up to date with its corrections."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.report import report


@click.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--title", help="The edition's title [default: the folder's name].")
@click.option("--editor", default="Project editors", show_default=True, help="Who corrects.")
@click.option(
    "--editor-id",
    default="editor",
    show_default=True,
    help='The editor\'s xml:id, which corrections point at (resp="#ID").',
)
@click.option("--language", default="en", show_default=True, help="The texts' language.")
@click.option("--licence", default="", help="Stated in texts whose source names no licence.")
def init(
    folder: Path, title: str | None, editor: str, editor_id: str, language: str, licence: str
) -> None:
    """Start an edition in FOLDER (default: here): tei-pipeline.toml, seeds/,
    an empty tei/authority.xml, the schemas, .gitignore, a pre-commit
    configuration and a CI workflow. Files that exist are kept.

    \b
    Example:
      tei-pipeline init my-edition --title "Letters" --editor "A. Editor"
      cp texts/*.txt my-edition/seeds/ && cd my-edition && tei-pipeline build
    """
    from pipeline.edition.init import Settings
    from pipeline.edition.init import init as run

    name = title or folder.resolve().name or "Texts"
    settings = Settings(name, editor, editor_id, language, licence)
    raise SystemExit(report(run(folder, settings)))


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--corrections",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The corrections file [default: the one of FILE's text, seeds/NAME.corrections.toml].",
)
def correct(file: Path, corrections: Path | None) -> None:
    """Apply its text's corrections to a TEI file in place, touching nothing
    else: a hand-edited file keeps its edits and gets the corrections it
    lacks (each with its reason); those already there are left as they are,
    and named where they read otherwise than the file, as are those
    withdrawn from it: the editor makes the two agree.

    \b
    Example:
      tei-pipeline correct tei/bukharin-1923-twelfth-congress.xml
    """
    from pipeline.edition.update import correct_file

    raise SystemExit(report([correct_file(file, corrections)]))
