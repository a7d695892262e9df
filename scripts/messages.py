"""The translation catalogues: `make messages` re-extracts and compiles them, `make lint` checks.

Each app that has a `locale/` folder owns its catalogue (upward/<app>/locale/<lang>/...), so the
people translating one app never edit another's file; strings outside those apps (the base
layout, the error pages, upward/*.py) live in the project catalogue, upward/locale.

    python scripts/messages.py            # extract every catalogue, fix headers, compile .mo
    python scripts/messages.py --check    # fail when a catalogue is stale, incomplete or uncompiled

The check extracts into a copy of the source tree, so it never touches the working files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import django
import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

# The source strings are English; every other language gets a catalogue.
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
}
# Not interface text: tests, migrations, the demo's seed data, front-end builds.
IGNORED = ["tests", "migrations", "static", "demo", "node_modules", "__pycache__"]


@contextmanager
def inside(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def app_dirs(package: Path) -> list[Path]:
    return sorted(p.parent for p in package.glob("*/locale") if p.is_dir())


def po_files(package: Path) -> list[Path]:
    return sorted(package.glob("**/locale/*/LC_MESSAGES/django.po"))


def extract(package: Path, only: set[str] | None = None) -> None:
    """`only`: app folder names, "project" for upward/locale; None: every catalogue."""
    apps = app_dirs(package)
    # Without LOCALE_PATHS makemessages writes each file's strings to the nearest locale/.
    with override_settings(LOCALE_PATHS=[]):
        for app in apps:
            if only is None or app.name in only:
                with inside(app):
                    _makemessages(IGNORED)
        if (package / "locale").is_dir() and (only is None or "project" in only):
            # Every Django app's strings are its own, even before it has a locale/ folder: the
            # project catalogue holds only what lives outside the apps.
            django_apps = {p.parent.name for p in package.glob("*/apps.py")}
            with inside(package):
                _makemessages(IGNORED + sorted({app.name for app in apps} | django_apps))
    for po_path in po_files(package):
        if only is None or _owner(package, po_path) in only:
            _fix_header(po_path)


def _owner(package: Path, po_path: Path) -> str:
    """'mentoring' for upward/mentoring/locale/..., 'project' for upward/locale/..."""
    first = po_path.relative_to(package).parts[0]
    return "project" if first == "locale" else first


def _makemessages(ignore: list[str]) -> None:
    call_command(
        "makemessages",
        locale=LANGUAGES,
        ignore_patterns=ignore,
        add_location="file",
        no_obsolete=True,
        verbosity=0,
    )


def _fix_header(po_path: Path) -> None:
    """xgettext leaves placeholders in a new catalogue's header; fill them in once."""
    language = po_path.parent.parent.name
    catalogue = polib.pofile(str(po_path), wrapwidth=99)
    catalogue.header = (
        f"Upward's {dict(settings.LANGUAGES)[language]} interface ({language}).\n"
        "Write the msgstr lines; `make messages` re-extracts and compiles (docs/translating.md)."
    )
    for placeholder in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
        catalogue.metadata.pop(placeholder, None)
    catalogue.metadata.update(
        {
            "Project-Id-Version": "Upward",
            "Report-Msgid-Bugs-To": "",
            "Language": language,
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": PLURAL_FORMS.get(language, "nplurals=2; plural=(n != 1);"),
        }
    )
    # The creation date changes on every run; keeping it would make every extraction a diff.
    catalogue.metadata.pop("POT-Creation-Date", None)
    catalogue.metadata_is_fuzzy = False
    catalogue.save()


def compile_all(package: Path, only: set[str] | None = None) -> None:
    for po_path in po_files(package):
        if only is None or _owner(package, po_path) in only:
            _msgfmt(po_path, po_path.with_suffix(".mo"))


def _msgfmt(po_path: Path, mo_path: Path) -> None:
    # GNU gettext's msgfmt, as Django's compilemessages runs it; our own file paths only.
    command = ["msgfmt", "--check-format", "-o", str(mo_path), str(po_path)]
    subprocess.run(command, check=True)  # noqa: S603


def _keys(catalogue: polib.POFile) -> set[tuple[str | None, str, str]]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue if not e.obsolete}


def check(package: Path, only: set[str] | None = None) -> list[str]:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "upward"
        shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
        extract(copy, only)
        fresh = {
            p.relative_to(copy): p
            for p in po_files(copy)
            if only is None or _owner(copy, p) in only
        }
        committed = {
            p.relative_to(package): p
            for p in po_files(package)
            if only is None or _owner(package, p) in only
        }
        for missing in sorted(set(fresh) - set(committed)):
            problems.append(f"upward/{missing}: missing (run `make messages`)")
        for rel, path in sorted(committed.items()):
            name = f"upward/{rel}"
            ours = polib.pofile(str(path))
            if rel in fresh:
                theirs = polib.pofile(str(fresh[rel]))
                new = _keys(theirs) - _keys(ours)
                gone = _keys(ours) - _keys(theirs)
                for _, msgid, _ in sorted(new, key=str)[:5]:
                    problems.append(f"{name}: not extracted yet: {msgid[:70]!r}")
                for _, msgid, _ in sorted(gone, key=str)[:5]:
                    problems.append(f"{name}: no longer in the source: {msgid[:70]!r}")
                if len(new) + len(gone) > 10:
                    problems.append(f"{name}: {len(new)} new and {len(gone)} stale entries")
            for entry in ours.untranslated_entries()[:5]:
                problems.append(f"{name}: untranslated: {entry.msgid[:70]!r}")
            for entry in ours.fuzzy_entries()[:5]:
                problems.append(f"{name}: fuzzy (needs review): {entry.msgid[:70]!r}")
            compiled = Path(tmp) / "check.mo"
            _msgfmt(path, compiled)
            mo_path = path.with_suffix(".mo")
            if not mo_path.exists() or mo_path.read_bytes() != compiled.read_bytes():
                problems.append(f"{name}: the compiled .mo is out of date (run `make messages`)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report problems, change nothing")
    parser.add_argument(
        "--only",
        action="append",
        metavar="APP",
        help="only this app's catalogue (repeatable; 'project' is upward/locale)",
    )
    args = parser.parse_args()
    only = set(args.only) if args.only else None
    package = ROOT / "upward"
    if args.check:
        problems = check(package, only)
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} catalogue problem(s); `make messages` re-extracts, compiles.")
            return 1
        print(f"Catalogues up to date: {len(po_files(package))} files, {', '.join(LANGUAGES)}.")
        return 0
    extract(package, only)
    compile_all(package, only)
    print(f"Extracted and compiled {len(po_files(package))} catalogues ({', '.join(LANGUAGES)}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
