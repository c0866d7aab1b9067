"""Benchmark: ``tei-pipeline validate`` against jing, side by side in one run.

Wall times of one invocation of each tool on the same files (interpreter and
JVM start-up included), runs interleaved so that load from other processes
falls on all alike; min and median of ``--runs`` runs, and the median CPU
time the run took over all its processes (less moved by that load):

1. the project schema, default checks (RelaxNG + the project rules), on a
   folder of ``--files`` TEI files (variants of the valid fixtures and of
   tei/) and on a folder of >= 400 files converted from the MIA layout corpus
   (each of its texts and two variants): on two cores, and on one core
   (``taskset``, jing too; ``--jobs 1``);
2. tei_all on the ADL folder: jing run directly; through jing (with and
   without the schema's embedded rules); without Java (libxml2, the grammar
   reduced to the names in use); one small file without Java;
3. verdicts: valid/invalid as jing says, on a mixed folder of valid and
   broken files (project schema) and, without Java, on the ADL folder, the
   TEI P5 test files and mutated ADL files (tei_all).

jing is run as a user runs it (``java -jar jing.jar``, the JVM's defaults);
validate runs it with the first of ``jing.JVM_CHOICES`` this JVM takes (the
quick compiler on one thread, the serial collector), and a row shows jing
alone with those options too. The package is byte-compiled first, as
installing it does: from a source checkout under PYTHONDONTWRITEBYTECODE,
every run would otherwise compile each module again.

Targets (issue 16): project schema <= 0.5x jing's wall time on 2 cores and
<= 1x on one; tei_all through jing <= 1.1x jing; without Java the ADL folder
<= 2x jing and one small file <= 1 s; every verdict jing's.

    python benchmarks/bench_validate.py [--files N] [--runs R] [--only project|tei-all|verdicts]

tei_all comes from $TEI_PIPELINE_TEI_ALL, else ../shared/reference/.
"""

from __future__ import annotations

import argparse
import compileall
import copy
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.validation import jing
from pipeline.validation.batch import check_files
from pipeline.validation.validate import PROJECT_RNG

FIXTURES = ROOT / "tests" / "validate"
SHARED = ROOT.parent / "shared"
TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def cli() -> list[str]:
    """The console script next to this interpreter (as a venv user runs it)."""
    here = Path(sys.executable).with_name("tei-pipeline")
    if here.exists():
        return [str(here)]
    found = shutil.which("tei-pipeline")
    return [found] if found else [sys.executable, "-m", "pipeline"]


def no_java_env() -> dict[str, str]:
    """An environment whose PATH finds no java (the interpreter's folder only)."""
    return dict(os.environ, PATH=str(Path(sys.executable).parent), TEI_PIPELINE_NO_SERVER="1")


def walls(
    rows: list[tuple[str, list[str], dict[str, str] | None]], runs: int
) -> list[tuple[float, float, float]]:
    """(min, median) wall time of each row's command, runs interleaved, and
    its median CPU time (user and system, every process it started)."""
    times: list[list[float]] = [[] for _ in rows]
    cpu: list[list[float]] = [[] for _ in rows]
    for _ in range(runs):
        for i, (_, cmd, env) in enumerate(rows):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env
            )
            times[i].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[i].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return [(min(t), statistics.median(t), statistics.median(c)) for t, c in zip(times, cpu)]


def table(
    title: str,
    rows: list[tuple[str, list[str], dict[str, str] | None]],
    runs: int,
    base: dict[str, int],
) -> None:
    """Print the rows' times, each against the jing row named in ``base``."""
    timed = walls(rows, runs)
    print(f"\n{title} ({runs} runs)")
    print(f"  {'':56} {'min':>8} {'median':>9} {'CPU':>7}   x jing (min, median)")
    labels = [label for label, _, _ in rows]
    for (label, _, _), (best, median, cpu) in zip(rows, timed):
        ref = base.get(label)
        ratio = ""
        if ref is not None and labels[ref] != label:
            jbest, jmedian, _ = timed[ref]
            ratio = f"{best / jbest:5.2f}x  {median / jmedian:5.2f}x"
        print(f"  {label:56} {best:7.3f}s {median:8.3f}s {cpu:6.2f}s   {ratio}")


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------- folders


def vary(sources: list[tuple[Path, Path]], folder: Path, count: int, seed: int) -> list[Path]:
    """``count`` valid documents: the sources with paragraphs doubled at random;
    the variants of sources sharing an authority list sit beside one copy of it."""
    rng = random.Random(seed)
    trees = []
    subs: dict[Path, Path] = {}
    for source, authority in sources:
        if authority not in subs:
            subs[authority] = folder / f"set{len(subs)}"
            subs[authority].mkdir()
            shutil.copy(authority, subs[authority] / "authority.xml")
        trees.append((etree.parse(str(source)), subs[authority], source.stem))
    out = []
    for n in range(count):
        base, sub, stem = trees[n % len(trees)]
        tree = copy.deepcopy(base)
        if n >= len(trees):
            paragraphs = tree.findall(f".//{{{TEI}}}body//{{{TEI}}}p")
            for _ in range(rng.randrange(1, 4) if paragraphs else 0):
                p = rng.choice(paragraphs)
                twin = copy.deepcopy(p)
                for el in twin.iter():
                    el.attrib.pop(XML_ID, None)
                p.addnext(twin)
        path = sub / f"{stem}-{n:04d}.xml"
        path.write_bytes(etree.tostring(tree, encoding="UTF-8", xml_declaration=True))
        out.append(path)
    return out


def fixture_folder(folder: Path, count: int) -> list[Path]:
    sources = [(FIXTURES / "valid" / "seed-example.xml", FIXTURES / "valid" / "authority.xml")]
    sources += [
        (p, ROOT / "tei" / "authority.xml")
        for p in sorted((ROOT / "tei").glob("*.xml"))
        if p.name != "authority.xml"
    ]
    return vary(sources, folder, count, 4)


def mia_folder(folder: Path, ours: list[str]) -> list[Path]:
    """Every text of the MIA layout corpus converted, and two variants of each."""
    texts = SHARED / "corpus" / "mia-layouts" / "texts"
    converted = folder.parent / "mia-converted"
    converted.mkdir()
    # the list beside the converted files, so that their links (authority.xml#id)
    # hold beside each copy of it too
    authority = converted / "authority.xml"
    shutil.copy(ROOT / "tei" / "authority.xml", authority)
    subprocess.run(
        [*ours, "convert", str(texts), "-o", str(converted), "--authority", str(authority)],
        check=True,
        capture_output=True,
    )
    sources = [(p, authority) for p in sorted(converted.glob("*.xml")) if p != authority]
    return vary(sources, folder, 3 * len(sources), 9)


def broken(folder: Path, count: int) -> list[Path]:
    """Well-formed documents, most of them invalid: one random edit each."""
    rng = random.Random(7)
    base = etree.parse(str(FIXTURES / "valid" / "seed-example.xml"))
    out = []
    for n in range(count):
        tree = copy.deepcopy(base)
        elements = [e for e in tree.iter() if isinstance(e.tag, str) and e.getparent() is not None]
        el = rng.choice(elements)
        action = rng.randrange(5)
        parent, following = el.getparent(), el.getnext()
        if action == 0 and parent is not None:
            parent.remove(el)
        elif action == 1 and following is not None:
            following.addnext(el)
        elif action == 2:
            el.addnext(copy.deepcopy(el))
        elif action == 3 and el.attrib:
            el.attrib.pop(rng.choice(sorted(el.attrib)))
        elif el.attrib:
            el.set(
                rng.choice(sorted(el.attrib)), rng.choice(["x y", "", "1923-13", "#", "sectoin"])
            )
        path = folder / f"broken{n:04d}.xml"
        path.write_bytes(etree.tostring(tree, encoding="UTF-8", xml_declaration=True))
        out.append(path)
    return out


# ---------------------------------------------------------------- the measures


def project_rows(
    files: list[Path], jing_cmd: list[str], ours: list[str]
) -> tuple[list, dict[str, int]]:
    names = [str(p) for p in files]
    cold = dict(os.environ, TEI_PIPELINE_NO_SERVER="1")
    one = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    rows = [
        ("jing (2 cores)", [*jing_cmd, str(PROJECT_RNG), *names], None),
        ("tei-pipeline validate (2 cores)", [*ours, "validate", *names], cold),
        (
            "tei-pipeline validate --no-schematron (2 cores)",
            [*ours, "validate", "--no-schematron", *names],
            cold,
        ),
        ("jing (1 core)", [*one, *jing_cmd, str(PROJECT_RNG), *names], None),
        (
            "tei-pipeline validate --jobs 1 (1 core)",
            [*one, *ours, "validate", "--jobs", "1", *names],
            cold,
        ),
    ]
    tuned = jing.command() or jing_cmd  # as validate runs it
    rows.append(
        (
            "jing, JVM options as validate runs it (2 cores)",
            [*tuned, str(PROJECT_RNG), *names],
            None,
        )
    )
    return rows, {rows[1][0]: 0, rows[2][0]: 0, rows[4][0]: 3, rows[5][0]: 0}


def tei_all_rows(
    tei_all: Path, folder: Path, small: Path, jing_cmd: list[str], ours: list[str]
) -> tuple[list, dict[str, int]]:
    files = [str(p) for p in sorted(folder.glob("*.xml"))]
    env = dict(os.environ, TEI_PIPELINE_TEI_ALL=str(tei_all), TEI_PIPELINE_NO_SERVER="1")
    bare = dict(no_java_env(), TEI_PIPELINE_TEI_ALL=str(tei_all))
    validate = [*ours, "validate", "--schema", "tei-all"]
    tuned = jing.command() or jing_cmd  # as validate runs it
    rows = [
        ("jing tei_all (ADL folder)", [*jing_cmd, str(tei_all), *files], None),
        ("validate --schema tei-all (jing + embedded rules)", [*validate, *files], env),
        (
            "validate --schema tei-all --no-embedded-rules (jing)",
            [*validate, "--no-embedded-rules", *files],
            env,
        ),
        ("validate --schema tei-all, no Java (+ embedded rules)", [*validate, *files], bare),
        (
            "validate --schema tei-all --no-embedded-rules, no Java",
            [*validate, "--no-embedded-rules", *files],
            bare,
        ),
        ("jing tei_all (one small file)", [*jing_cmd, str(tei_all), str(small)], None),
        ("validate --schema tei-all, no Java (one small file)", [*validate, str(small)], bare),
        (
            "jing tei_all, JVM options as validate runs it (ADL)",
            [*tuned, str(tei_all), *files],
            None,
        ),
    ]
    base = {label: 0 for label, _, _ in rows[1:5]}
    base[rows[6][0]] = 5
    base[rows[7][0]] = 0
    return rows, base


def verdicts(label: str, files: list[str], by_jing: set[str], by_us: set[str]) -> None:
    agree = sum(1 for f in files if (f in by_jing) == (f in by_us))
    print(
        f"  {label}: {len(files)} files, jing rejects {len(by_jing)}, we reject {len(by_us)}; agreement {agree}/{len(files)}"
    )
    for f in sorted(f for f in files if (f in by_jing) != (f in by_us))[:20]:
        print(
            f"    disagree: {f} jing={'invalid' if f in by_jing else 'valid'} ours={'invalid' if f in by_us else 'valid'}"
        )


def rejected(results: list) -> set[str]:
    return {
        r.source
        for r in results
        if any(
            i.severity == "error" and i.engine in ("relaxng", "well-formedness") for i in r.issues
        )
    }


def verdict_checks(tmp: Path, good: list[Path], tei_all: Path | None) -> None:
    print("\nverdicts (RelaxNG: valid or invalid), ours against jing's")
    mixed = tmp / "mixed"
    mixed.mkdir()
    shutil.copy(FIXTURES / "valid" / "authority.xml", mixed / "authority.xml")
    files = [str(shutil.copy(p, mixed / f"good-{n}.xml")) for n, p in enumerate(good[:200])]
    files += [str(p) for p in broken(mixed, 300)]
    by_jing = {f for f, issues in jing.validate(PROJECT_RNG, files).items() if issues}
    verdicts(
        "project schema, mixed folder",
        files,
        by_jing,
        rejected(check_files(files, schematron=False)),
    )
    if tei_all is None:
        return
    from unittest import mock

    sets = {
        "tei_all, ADL folder": sorted(
            str(p) for p in (SHARED / "corpus" / "tei-real" / "adl").glob("*.xml")
        ),
        "tei_all, TEI P5 test files": sorted(
            str(p) for p in (SHARED / "corpus" / "tei-real" / "tei-p5-test").rglob("*.xml")
        ),
    }
    mutants = tmp / "mutants"
    mutants.mkdir()
    sys.path.insert(0, str(ROOT / "tests"))
    from conformance import mutations

    sets["tei_all, mutated ADL files"] = [
        str(p)
        for p in mutations(sorted(Path(f) for f in sets["tei_all, ADL folder"])[:12], mutants, 25)
    ]
    for label, files in sets.items():
        raw = jing.validate(tei_all, files)
        readable = [
            f
            for f in files
            if not any(i.engine == "well-formedness" or i.code == "jing-fatal" for i in raw[f])
        ]
        by_jing = {f for f in readable if any(i.severity == "error" for i in raw[f])}
        with mock.patch.object(jing, "command", lambda: None):
            ours = check_files(readable, schema=str(tei_all), schematron=False, embedded=False)
        verdicts(
            f"{label} (no Java; {len(files) - len(readable)} jing cannot read)",
            readable,
            by_jing,
            rejected(ours),
        )


def project_table(
    files: list[Path], what: str, jing_cmd: list[str], ours: list[str], runs: int
) -> None:
    """The project-schema rows for ``files``, side by side with jing."""
    size = sum(p.stat().st_size for p in files) / 1e6
    rows, base = project_rows(files, jing_cmd, ours)
    table(f"project schema, {len(files)} {what} ({size:.1f} MB); {load()}", rows, runs, base)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["project", "tei-all", "verdicts"])
    args = parser.parse_args()
    command = jing.command()
    if command is None:
        sys.exit("jing (and Java) are needed for this benchmark")
    # jing as a user runs it: the JVM's defaults; validate adds the options
    # this JVM takes, learnt here as validate learns them.
    jing_cmd = jing.command(options=()) or command
    jing.validate(PROJECT_RNG, [str(FIXTURES / "valid" / "seed-example.xml")])
    ours = cli()
    compileall.compile_dir(ROOT / "pipeline", quiet=1)
    tei_all_env = os.environ.get("TEI_PIPELINE_TEI_ALL")
    found = Path(tei_all_env) if tei_all_env else SHARED / "reference" / "tei_all.rng"
    tei_all = found if found.is_file() else None
    print(
        f"tei-pipeline: {' '.join(ours)}\njing: {' '.join(jing_cmd)}\n{load()}, {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        (tmp / "fixtures").mkdir()
        good = fixture_folder(tmp / "fixtures", args.files)
        if args.only in (None, "project"):
            project_table(good, "files", jing_cmd, ours, args.runs)
            if (SHARED / "corpus" / "mia-layouts").is_dir():
                (tmp / "mia").mkdir()
                mia = mia_folder(tmp / "mia", ours)
                project_table(mia, "files converted from mia-layouts", jing_cmd, ours, args.runs)
        if args.only in (None, "tei-all") and tei_all is not None:
            adl = SHARED / "corpus" / "tei-real" / "adl"
            rows, base = tei_all_rows(
                tei_all, adl, FIXTURES / "valid" / "seed-example.xml", jing_cmd, ours
            )
            table(f"tei_all; {load()}", rows, args.runs, base)
        if args.only in (None, "verdicts"):
            verdict_checks(tmp, good, tei_all)


if __name__ == "__main__":
    main()
