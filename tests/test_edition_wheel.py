"""The edition workflow as a new user meets it: the pipeline installed from a
wheel into a fresh virtual environment, an empty folder, three texts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT

TEXTS = [
    PROJECT / "tests" / "cases" / f"{name}.txt"
    for name in ("chapter-notes", "info-note", "points-and-list")
]
CORRECTION = """[[correction]]
sic = "recollections"
corr = "Recollections"
context = "A paragraph in the recollections, written in 1867."
reason = "The section's own title capitalises it."
"""


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtual environment holding the pipeline."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot install the wheel's dependencies here: {done.stderr[-300:]}")
    return venv / "bin"


def _model_targets(tei: Path) -> list[Path]:
    head = tei.read_text("utf-8")[:2000]
    return [(tei.parent / h).resolve() for h in re.findall(r'<\?xml-model href="([^"]+)"', head)]


def test_a_new_users_edition_from_a_wheel(installed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    env = {
        "PATH": f"{installed}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "TEI_PIPELINE_NO_SERVER": "1",
    }

    def tei_pipeline(*args: str, status: int = 0) -> str:
        done = subprocess.run(
            [str(installed / "tei-pipeline"), *args],
            cwd=folder,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == status, (args, done.stdout, done.stderr)
        return done.stdout + done.stderr

    tei_pipeline("init")
    for text in TEXTS:
        shutil.copy(text, folder / "seeds" / text.name)
    assert "3 texts, 0 failed" in tei_pipeline("build")
    index = (folder / "build" / "index.html").read_text("utf-8")
    assert all(f'href="{text.stem}.html"' in index for text in TEXTS)
    assert "4 files checked: 4 valid" in tei_pipeline("validate", "tei/")  # and the list
    assert "suggested" in tei_pipeline("entities", "--unreviewed", status=1)
    tei_pipeline("accept")
    tei_pipeline("build")
    assert "up to date" in tei_pipeline("build", "--check")
    tei_pipeline("entities", "--unreviewed")

    # a hand edit: kept, re-rendered, listed
    edited = folder / "tei" / "chapter-notes.xml"
    edited.write_text(
        edited.read_text("utf-8").replace("another paragraph", "another, edited paragraph"),
        "utf-8",
    )
    assert "kept: edited by hand" in tei_pipeline("build")
    assert "another, edited paragraph" in edited.read_text("utf-8")
    html = (folder / "build" / "chapter-notes.html").read_text("utf-8")
    assert "another, edited paragraph" in html
    assert 'href="chapter-notes.html"' in (folder / "build" / "index.html").read_text("utf-8")

    # a new correction, applied to the hand-edited file with its reason
    (folder / "seeds" / "chapter-notes.corrections.toml").write_text(CORRECTION, "utf-8")
    assert "behind: its corrections changed" in tei_pipeline("build")
    assert "1 corrections applied" in tei_pipeline("correct", "tei/chapter-notes.xml")
    text = edited.read_text("utf-8")
    assert "another, edited paragraph" in text
    assert "<sic>recollections</sic>" in text and "The section's own title capitalises it." in text
    tei_pipeline("build")
    html = (folder / "build" / "chapter-notes.html").read_text("utf-8")
    assert "The section&#39;s own title" in html or "The section's own title" in html
    tei_pipeline("build", "--check")

    # convert into another folder: valid there
    tei_pipeline("convert", "seeds/", "-o", "other/")
    assert "3 files checked: 3 valid" in tei_pipeline("validate", "other/")

    generated = [*(folder / "tei").glob("*.xml"), *(folder / "other").glob("*.xml")]
    assert len(generated) == 7  # three texts twice, and the authority list
    for tei in generated:
        targets = _model_targets(tei)
        assert len(targets) == 2 and all(t.is_file() for t in targets), tei
    assert os.path.commonpath([*_model_targets(folder / "other" / "info-note.xml"), folder]) == str(
        folder
    )
