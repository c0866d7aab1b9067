"""Record jing's verdicts on the conformance corpus (needs Java and ../shared).

python tests/conformance/record.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conformance import SETS, SHARED, VERDICTS, key
from pipeline.validation import jing
from pipeline.validation.validate import PROJECT_RNG

SCHEMAS = {"tei-all": SHARED / "reference" / "tei_all.rng", "project": PROJECT_RNG}


def verdict(issues: list) -> str:
    if any(i.engine == "well-formedness" or i.code == "jing-fatal" for i in issues):
        return "unreadable"
    return "invalid" if any(i.severity == "error" for i in issues) else "valid"


def main() -> None:
    if jing.command() is None:
        sys.exit("jing needs Java")
    out: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (schema, make) in SETS.items():
            files = make(Path(tmp) / name)
            found = jing.validate(SCHEMAS[schema], [str(f) for f in files])
            out[name] = {key(f): verdict(found[str(f)]) for f in files}
            counts = {
                v: list(out[name].values()).count(v) for v in ("valid", "invalid", "unreadable")
            }
            print(f"{name}: {len(files)} files against {schema}: {counts}")
    VERDICTS.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
