"""The one stylesheet stays well-formed: a brace lost in an edit silently drops every rule
after it (a lost "}" after the editions' media query once hid all of search's rules)."""

from __future__ import annotations

import re
from pathlib import Path

SITE_CSS = Path(__file__).resolve().parents[2] / "cinemeter" / "static" / "css" / "site.css"


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


def test_every_block_of_the_stylesheet_is_closed_at_its_level():
    depth = 0
    for number, line in enumerate(_without_comments(SITE_CSS.read_text()).splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"site.css line {number} closes a block that was never opened"
        # Rules start at the left margin only at the top level; inside @media they are indented.
        if depth == 1 and re.match(r"[.#a-z:*\[]", line) and line.rstrip().endswith("}"):
            raise AssertionError(f"site.css line {number}: a top-level rule inside an open block")
    assert depth == 0, "site.css ends inside an open block"


def test_no_merge_markers_are_left_in_the_stylesheet():
    assert not re.search(r"^(<<<<<<<|=======|>>>>>>>)", SITE_CSS.read_text(), flags=re.MULTILINE)
