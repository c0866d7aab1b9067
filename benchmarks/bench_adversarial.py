"""How work grows with adversarial inputs: each case is run at its base size
and at two, four and eight times that, and the ratio of each time to the one
before is printed (about 2 for linear work, 4 for quadratic). A ratio above
2.3 is flagged. Times are the processor time of this process (every case runs
in it), best of ``--repeat`` runs, the runs of the four sizes interleaved: on
a busy machine the clock would measure the other processes too.

The cases live in ``benchmarks/adversarial/<stage>.py``, each module holding
``CASES``: a dict of name -> ``Case``.

    python3 benchmarks/bench_adversarial.py              # every case
    python3 benchmarks/bench_adversarial.py quote notes  # cases whose name contains a word
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import itertools
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from adversarial import Case

LIMIT = 2.3


def load_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for path in sorted((HERE / "adversarial").glob("*.py")):
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"adversarial.{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, case in module.CASES.items():
            cases[f"{path.stem}:{name}"] = case
    return cases


def timed(case: Case, sizes: list[int], repeat: int) -> list[float]:
    """The best time of each size; the runs of all sizes interleaved, so that
    a spell of load from other processes falls on every size alike."""
    inputs = [case.build(size) for size in sizes]
    best = [float("inf")] * len(sizes)
    for _ in range(repeat):
        for n, data in enumerate(inputs):
            gc.collect()
            gc.disable()  # a collection falling in one run and not the next is noise here
            try:
                start = time.process_time()
                case.run(data)
                best[n] = min(best[n], time.process_time() - start)
            finally:
                gc.enable()
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="run the cases whose name contains one of these")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per size")
    args = parser.parse_args()
    cases = load_cases()
    chosen = {n: c for n, c in cases.items() if not args.only or any(w in n for w in args.only)}
    print(f"{'case':44} {'base':>10} {'x1 s':>8} {'x2 s':>8} {'x4 s':>8} {'x8 s':>8}  ratios")
    over = []
    for name, case in chosen.items():
        times = timed(case, [case.base * factor for factor in (1, 2, 4, 8)], args.repeat)
        ratios = [b / a if a > 0 else 0.0 for a, b in itertools.pairwise(times)]
        flag = "  OVER" if max(ratios) > LIMIT else ""
        if flag:
            over.append(name)
        cells = " ".join(f"{t:8.3f}" for t in times)
        shown = " ".join(f"{r:4.2f}" for r in ratios)
        print(f"{name:44} {case.unit(case.base):>10} {cells}  {shown}{flag}")
    print(
        f"{len(chosen)} cases, {len(over)} over {LIMIT}" + (f": {', '.join(over)}" if over else "")
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
