"""Write a pinned requirements file from a `pip install --dry-run --report` JSON report.

Used by `make lock`: requirements*.in name what we depend on; requirements*.txt pin every
package (transitive ones included) to the exact version resolved.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(report_path: str, out_path: str) -> None:
    report = json.loads(Path(report_path).read_text())
    pins = sorted(
        f"{item['metadata']['name']}=={item['metadata']['version']}" for item in report["install"]
    )
    source = Path(out_path).with_suffix(".in").name
    header = f"# Pinned from {source} by `make lock`; edit {source}, not this file.\n"
    Path(out_path).write_text(header + "\n".join(pins) + "\n")
    print(f"{out_path}: {len(pins)} pinned packages")


if __name__ == "__main__":
    main(*sys.argv[1:3])
