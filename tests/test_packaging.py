"""An installed copy (a wheel, not this checkout) carries its schemas,
compiled rules, stylesheets and data, and validates with them from anywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import PROJECT


def test_wheel_holds_schemas_rules_stylesheets_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "pipeline/schema/tei-pipeline.rnc",
        "pipeline/schema/tei-pipeline.rng",
        "pipeline/schema/tei-pipeline.sch",
        "pipeline/schema/tei-pipeline.sch.xsl",
    ):
        assert name in names, name
    # every data file and stylesheet of the package (anything not Python)
    package = PROJECT / "pipeline"
    shipped = {
        path.relative_to(PROJECT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    }
    assert shipped, "no data files found in the package"
    assert shipped <= names, sorted(shipped - names)


def test_installed_copy_validates_and_renders_outside_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    broken = PROJECT / "tests" / "validate" / "invalid" / "empty-p.xml"
    shutil.copy(broken, elsewhere / "text.xml")
    shutil.copy(PROJECT / "tests" / "validate" / "valid" / "authority.xml", elsewhere)
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    script = (
        "import pipeline.validation.validate as v, pipeline.render as r, sys;"
        "from pipeline.xmlio import parse_file;"
        "assert str(v.PROJECT_RNG).startswith(sys.argv[1]), v.PROJECT_RNG;"
        "print(sorted({i.code for i in v.iter_issues('text.xml')}));"
        "print(len(r.render(parse_file('text.xml'), 'html')) > 1000)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(target)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["['p-empty']", "True"]


def test_public_api_names_are_what_they_say_not_submodules() -> None:
    import importlib
    import types

    import pipeline

    for name in pipeline.__all__:
        importlib.import_module(f"pipeline.{pipeline._EXPORTS[name]}")  # the clash shows after this
        assert not isinstance(getattr(pipeline, name), types.ModuleType), name
    assert callable(pipeline.iter_issues) and callable(pipeline.decode)
