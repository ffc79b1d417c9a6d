"""Reading the star control out of a page: each half-star button's value, classes and state."""

from __future__ import annotations

import re

STAR_BUTTON = re.compile(
    r'<button type="submit" name="value" value="([0-9.]+)" class="vote-choice ([^"]*)" '
    r'aria-pressed="(true|false)" aria-label="([^"]*)"'
)


def star_buttons(html: str) -> dict[str, tuple[set[str], bool, str]]:
    """value -> (its classes besides vote-choice, pressed, its accessible name)."""
    return {
        value: (set(classes.split()), pressed == "true", label)
        for value, classes, pressed, label in STAR_BUTTON.findall(html)
    }


def chosen(html: str) -> list[str]:
    """The values marked as the reader's own vote (at most one on a page with one control)."""
    return [value for value, (_, pressed, _) in star_buttons(html).items() if pressed]


def filled(html: str) -> list[str]:
    """The half stars drawn filled: every value up to and including the reader's vote."""
    return [value for value, (classes, _, _) in star_buttons(html).items() if "on" in classes]
