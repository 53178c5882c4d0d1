"""Fail if a translation is missing: any empty or fuzzy msgstr in tidlig/locale/*/LC_MESSAGES/django.po.

Run as `python tidlig/locale/check_complete.py` (exit status 0 when complete, 1 otherwise, with the
offending msgids listed on stderr), or call `problems()` from a test. Needs only polib.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/django.po"))


def entry_problem(entry: polib.POEntry) -> str | None:
    """Why an entry is not a finished translation, or None if it is."""
    if "fuzzy" in entry.flags:
        return "fuzzy"
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        if not forms or not all(text.strip() for text in forms.values()):
            return "empty plural form"
    elif not entry.msgstr.strip():
        return "empty"
    return None


def problems(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """One line per untranslated or fuzzy entry (or missing catalogue), empty when all is well."""
    files = po_files(locale_dir)
    if not files:
        return [f"no */LC_MESSAGES/django.po under {locale_dir}"]
    found = []
    for path in files:
        catalogue = polib.pofile(str(path))
        where = path.relative_to(locale_dir)
        if catalogue.metadata_is_fuzzy:
            found.append(f"{where}: header is fuzzy")
        for entry in catalogue:
            if entry.obsolete:
                continue
            why = entry_problem(entry)
            if why:
                found.append(f"{where}: {why}: {entry.msgid!r}")
    return found


def main() -> int:
    found = problems()
    if found:
        print(f"{len(found)} translation(s) missing or fuzzy:", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"translations complete: {', '.join(str(p.relative_to(LOCALE_DIR)) for p in po_files())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
