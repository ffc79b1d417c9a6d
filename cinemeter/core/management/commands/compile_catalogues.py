"""Compile the interface translations (.po → .mo) in pure Python, without GNU gettext.

`make messages` runs it after `makemessages`; the compiled files are committed, so a fresh
checkout needs neither step. Fuzzy and untranslated entries are left out, as msgfmt does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_files() -> list[Path]:
    return sorted(
        po for base in settings.LOCALE_PATHS for po in Path(base).glob("*/LC_MESSAGES/*.po")
    )


class Command(BaseCommand):
    help = "Compile every .po catalogue under LOCALE_PATHS into its .mo file."

    def handle(self, *args: Any, **options: Any) -> None:
        for po_path in catalogue_files():
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"{po_path}: {len(catalogue.translated_entries())} translated")
