"""The README says what the tool does: its command list is the tool's, its
exit-code table is ``pipeline.cli.exits``'s, and its shell examples run.

Examples are the README's code blocks (indented or fenced) and the ``run:``
steps of its CI example. A line runs when it holds no placeholder (a word in
capitals such as FILE or N, ``[...]``, ``a|b``), no network (``pip``) and
nothing that lasts (``&``, the test suite, benchmarks); it runs in a copy of
the project's edition (``seeds/``, ``tei/``, ``schema/``) in a temporary folder,
the lines of one block in order, and must exit 0, or N when it ends with a
comment ``# exits N``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PROJECT, TEI_ALL

from pipeline.cli import exits, main

README = (PROJECT / "README.md").read_text(encoding="utf-8")
PLACEHOLDER = re.compile(r"(?<![\w-])[A-Z][A-Z0-9_]*(?![\w=])|\[|\||\.\.\.")
LASTING = re.compile(r"(^|[\s/])(pip|pytest)\b|benchmarks/|&\s*$")
EXPECTED = re.compile(r"#\s*exits\s+(\d+)\s*$")


def _section(title: str) -> str:
    """The text under a heading (any level), up to the next heading of its level or above."""
    match = re.search(rf"^(#+) {re.escape(title)}\s*$", README, re.M)
    assert match, f"README has no section {title!r}"
    level = len(match.group(1))
    rest = README[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def _blocks(text: str) -> list[list[str]]:
    """The code blocks of Markdown ``text``: fenced, or indented by four
    spaces after a blank line; a YAML block gives its ``run:`` steps."""
    blocks: list[list[str]] = []
    fence: list[str] | None = None
    language = ""
    indented: list[str] = []
    previous = ""
    for line in text.splitlines():
        if fence is not None:
            if line.startswith("```"):
                blocks.append(_runs(fence) if language in ("yaml", "yml") else fence)
                fence = None
            else:
                fence.append(line)
        elif line.startswith("```"):
            fence, language = [], line[3:].strip()
        elif line.startswith("    ") and (indented or not previous.strip()):
            indented.append(line[4:])
        elif indented and line.strip():
            blocks.append(indented)
            indented = []
        previous = line
    if indented:
        blocks.append(indented)
    return blocks


def _runs(yaml_lines: list[str]) -> list[str]:
    return [m.group(1) for line in yaml_lines if (m := re.match(r"\s*-?\s*run:\s*(.+)", line))]


# ---------------------------------------------------------------- the command list


def _readme_commands() -> dict[str, set[str]]:
    """The commands of the README's command list, each with the options its synopsis names."""
    commands: dict[str, set[str]] = {}
    current = None
    for line in _blocks(_section("Commands"))[0]:
        synopsis = line.split("#", 1)[0]
        words = synopsis.split()
        if words[:1] == ["tei-pipeline"]:
            current = words[1] if len(words) > 1 and not words[1].startswith("-") else None
            if current is not None:
                commands.setdefault(current, set())
        if current is not None:
            commands[current] |= set(re.findall(r"(?<![\w-])--?[a-zA-Z][\w-]*", synopsis))
    return commands


def _help_commands() -> set[str]:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("\nCommands:\n", 1)[1]
    return {line.split()[0] for line in listed.splitlines() if line.startswith("  ")}


def test_the_readme_lists_every_command_and_no_other() -> None:
    listed = set(_readme_commands())
    assert len(listed) >= 5  # the list was found
    assert listed == _help_commands()


def test_the_options_in_the_command_list_exist() -> None:
    missing = []
    for name, options in _readme_commands().items():
        command = main.commands.get(name)
        if command is None:  # not a command at all: the list test says so
            continue
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        known |= {"-h", "--help"}
        missing += [f"{name} {option}" for option in sorted(options - known)]
    assert missing == []


# ---------------------------------------------------------------- exit codes


def _table(text: str) -> dict[int, str]:
    """The rows of a Markdown table whose first cell is a number."""
    rows = re.findall(r"^\|\s*(\d+)\s*\|\s*(.*?)\s*\|\s*$", text, re.M)
    return {int(code): meaning for code, meaning in rows}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower().replace("`", "")))


def test_the_exit_code_table_is_the_tools() -> None:
    readme = _table(_section("Exit codes"))
    documented = _table(exits.__doc__ or "")
    constants = {
        value for name, value in vars(exits).items() if name.startswith("EXIT_") and value >= 0
    }
    assert set(readme) == set(documented) == constants
    assert set(exits.STATUS.values()) <= constants
    for code, meaning in documented.items():
        shared = _words(meaning) & _words(readme[code])
        assert len(shared) >= len(_words(meaning)) / 2, (code, meaning, readme[code])


def test_a_precedence_the_readme_states_is_the_tools() -> None:
    stated = re.findall(r"\b\d(?:\s*>\s*\d)+\b", README)
    order = [code for code in exits.PRECEDENCE if code != exits.EXIT_OK]
    for chain in stated:
        codes = [int(c) for c in re.findall(r"\d", chain)]
        assert [c for c in order if c in codes] == codes, chain


# ---------------------------------------------------------------- examples


def _runnable(line: str) -> tuple[str, int] | None:
    """A line of a code block as a shell command and its expected status, or
    None if it is not one to run here."""
    command, _, comment = line.partition("#")
    command = command.strip()
    first = command.split(maxsplit=1)[0] if command else ""
    if first not in ("tei-pipeline", "python3", "python", "trang", "xsltproc", "jing"):
        return None
    if PLACEHOLDER.search(command) or LASTING.search(command):
        return None
    if shutil.which(first) is None and first in ("trang", "xsltproc", "jing"):
        return None
    if "tei-all" in command and not TEI_ALL.exists():
        return None  # the official schema is never downloaded: ../shared has a copy
    expected = EXPECTED.search("#" + comment) if comment else None
    return command, int(expected.group(1)) if expected else 0


def _examples() -> list[list[tuple[str, int]]]:
    """Per code block, its lines that run here (``a && b``: each part that does)."""
    found = []
    for block in _blocks(README):
        runs = []
        for line in block:
            parts = line.split("&&")
            for part in parts:
                run = _runnable(part if len(parts) == 1 else part.split("#", 1)[0])
                if run is not None:
                    runs.append(run)
        if runs:
            found.append(runs)
    return found


EXAMPLES = _examples()


def test_the_examples_are_found() -> None:
    commands = [command for block in EXAMPLES for command, _ in block]
    assert any(command.startswith("tei-pipeline build") for command in commands), commands
    assert any(command.startswith("tei-pipeline validate") for command in commands), commands
    assert _runnable("tei-pipeline convert SOURCE.txt [-o OUT.xml]") is None
    assert _runnable("tei-pipeline serve &") is None
    assert _runnable("tei-pipeline build --check    # exits 1") == ("tei-pipeline build --check", 1)


@pytest.mark.parametrize("block", EXAMPLES, ids=lambda b: b[0][0][:60])
def test_the_readme_example_runs(block: list[tuple[str, int]], tmp_path: Path) -> None:
    for folder in ("seeds", "tei", "schema"):
        shutil.copytree(PROJECT / folder, tmp_path / folder, symlinks=True)
    bin_dir = os.path.dirname(sys.executable)  # this installation's python3 and tei-pipeline
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    env["TEI_PIPELINE_NO_SERVER"] = "1"
    env["TEI_PIPELINE_TEI_ALL"] = str(TEI_ALL)
    for command, expected in block:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert done.returncode == expected, f"{command}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
