"""`upward match INSTANCE.json --out RESULT.json [--quiet]`.

Exit 0 on success; exit 2 on bad input with one line per problem on stderr and no output file.
The result is written to a temporary file next to the target and renamed into place, so a reader
never sees half a file and a failed run leaves nothing behind.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn, TextIO

from upward.engine.engine import solve
from upward.engine.instance import InstanceError
from upward.engine.reasons import render_result
from upward.engine.validation import one_line

EXIT_BAD_INPUT = 2


def _reject_constant(name: str) -> NoReturn:
    # Python's json accepts NaN and Infinity; they are not JSON and no score can be NaN.
    raise ValueError(f"{name} is not valid JSON")


def _load(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InstanceError([f"{path}: cannot read: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise InstanceError([f"{path}: not UTF-8 text ({exc.reason})"]) from exc
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InstanceError(
            [f"{path}: malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"]
        ) from exc
    except ValueError as exc:
        raise InstanceError([f"{path}: malformed JSON: {exc}"]) from exc
    except RecursionError:
        # Python's parser recurses per nesting level; an instance is never more than a few deep.
        raise InstanceError([f"{path}: malformed JSON: nested too deeply"]) from None


def _dumps(result: dict[str, Any]) -> str:
    """The result as JSON with one pair or unmatched person per line: easy to read and diff, and
    written by json's C encoder (an indented dump goes through its pure-Python one, which took
    longer than solving a pool of thousands)."""

    def line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in result.items():
        if isinstance(value, list) and value:
            items = ",\n  ".join(line(item) for item in value)
            parts.append(f"{line(key)}: [\n  {items}\n ]")
        else:
            parts.append(f"{line(key)}: {line(value)}")
    return "{\n " + ",\n ".join(parts) + "\n}\n"


def _write_atomically(path: Path, result: dict[str, Any]) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(_dumps(result))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class _TerminalProgress:
    """One self-overwriting status line on stderr."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.stream.write(f"\r{stage}: {done}/{total}\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="upward match",
        description="Match leaders with reverse mentors (see docs/matching.md).",
    )
    parser.add_argument("instance", help="instance JSON (version 1)")
    parser.add_argument("--out", required=True, help="where to write the result JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; ``argv`` excludes the program name and the word "match"."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage; report its code instead
        return int(exc.code) if isinstance(exc.code, int) else EXIT_BAD_INPUT
    out = Path(args.out)
    progress = None
    if not args.quiet and sys.stderr.isatty():
        progress = _TerminalProgress(sys.stderr)
    try:
        if not out.parent.is_dir():
            raise InstanceError([f"--out: directory {out.parent} does not exist"])
        result = solve(_load(args.instance), progress=progress)
    except InstanceError as exc:
        if progress is not None:
            progress.close()
        for problem in exc.problems:
            print(one_line(problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    if progress is not None:
        progress.close()
    # The contract's reasons are plain sentences; the engine's ids are the names it knows.
    _write_atomically(out, render_result(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
