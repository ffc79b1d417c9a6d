"""The interface translations are complete: every marked string is in the Dutch catalogue and
translated (nothing fuzzy), the committed .mo files match the .po files, and no template shows
visible text outside the translation tags. Reads the files; no GNU gettext needed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR) / "cinemeter"
LOCALE = Path(settings.LOCALE_PATHS[0])
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*") if p.suffix in {".html", ".txt"})
PYTHON = sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)
GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}
# Text a template may show untranslated: names and marks that read the same in every language.
UNTRANSLATED_OK = {"Cine", "meter", "Cinemeter", "IMDb"}


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _key(context: str | None, msgid: str) -> tuple[str | None, str]:
    return (context or None, msgid)


def _template_msgids(path: Path) -> set[tuple[str | None, str]]:
    """The msgids Django's makemessages would take from a template (via its own templatize)."""
    found = set()
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    literal = r"u?'(?:[^'\\]|\\.)*'"
    for name, args in re.findall(rf"\b(n?p?gettext)\(((?:\s*{literal}\s*,?)+)", source):
        strings = [ast.literal_eval(s.lstrip("u")) for s in re.findall(literal, args)]
        context = strings[0] if name.startswith(("pgettext", "npgettext")) else None
        msgid = strings[1] if context is not None else strings[0]
        found.add(_key(context, msgid))
    return found


def _python_msgids(path: Path) -> set[tuple[str | None, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in GETTEXT_NAMES:
            continue
        strings = [
            a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        if node.func.id.startswith("pgettext") and len(strings) >= 2:
            found.add(_key(strings[0], strings[1]))
        elif strings:
            found.add(_key(None, strings[0]))
    return found


def test_every_dutch_entry_is_translated_and_not_fuzzy():
    po = _catalogue("nl")
    assert not po.metadata_is_fuzzy, "the nl catalogue's header is marked fuzzy"
    assert po.metadata["Plural-Forms"].startswith("nplurals=2")
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated Dutch strings: {untranslated}"
    assert fuzzy == [], f"fuzzy Dutch strings: {fuzzy}"


def test_dutch_translations_keep_every_placeholder():
    named = re.compile(r"%\((\w+)\)[sd]|\{\}")
    for entry in _catalogue("nl").translated_entries():
        wanted = sorted(named.findall(entry.msgid))
        outputs = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for output in outputs:
            assert sorted(named.findall(output)) == wanted, entry.msgid


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_marked_string_is_in_the_catalogue(language):
    catalogued = {_key(e.msgctxt, e.msgid) for e in _catalogue(language) if not e.obsolete}
    marked: set[tuple[str | None, str]] = set()
    for path in TEMPLATES:
        marked |= _template_msgids(path)
    for path in PYTHON:
        marked |= _python_msgids(path)
    missing = sorted(str(m) for m in marked - catalogued)
    assert missing == [], f"run `make messages`; not in the {language} catalogue: {missing}"


def test_the_committed_mo_files_match_the_po_files():
    for language in ("en", "nl"):
        po = _catalogue(language)
        mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
        compiled = {_key(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
        for entry in po.translated_entries():
            got = compiled.get(_key(entry.msgctxt, entry.msgid))
            assert got is not None, f"run `make messages`: {entry.msgid!r} not compiled"
            if entry.msgid_plural:
                assert {int(k): v for k, v in got[1].items()} == {
                    int(k): v for k, v in entry.msgstr_plural.items()
                }
            else:
                assert got[0] == entry.msgstr


def _visible_words(path: Path) -> list[str]:
    """Words a template shows outside {% translate %}/{% blocktranslate %} and comments.

    Template tags and variables become a mark first, so an HTML tag split by them
    (`<option value="{{ v }}">`) is still removed whole with its attributes.
    """
    parts: list[str] = []
    skipping = 0
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in {"blocktranslate", "blocktrans", "comment"}:
                skipping += 1
            elif name in {"endblocktranslate", "endblocktrans", "endcomment"}:
                skipping -= 1
        if token.token_type == TokenType.TEXT and not skipping:
            parts.append(token.contents)
        else:
            parts.append("\x00")
    text = re.sub(r"<script.*?</script>|<[^>]*>|&\w+;", " ", "".join(parts), flags=re.S)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in UNTRANSLATED_OK]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_show_no_untranslated_text(path):
    assert _visible_words(path) == []
