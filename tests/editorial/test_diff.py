"""A revision's diff: changed lines paired and their changed words marked."""

from __future__ import annotations

from cinemeter.editorial.editor.diff import text_diff


def _render(lines) -> list[str]:
    return [
        line.sign + "".join(f"[{t}]" if changed else t for t, changed in line.parts)
        for line in lines
    ]


def test_a_phrase_added_to_a_paragraph_is_marked_alone():
    old = "Intro.\n\nIt was played faster and louder.\n\nEnd."
    new = "Intro.\n\nIt was played faster and louder, with a drum machine.\n\nEnd."
    shown = _render(text_diff(old, new))
    assert shown[0].startswith("@@")
    assert "-It was played faster and [louder.]" in shown
    assert "+It was played faster and [louder, with a drum machine.]" in shown
    assert " Intro." in shown  # context, unmarked


def test_lines_that_cannot_be_paired_are_shown_whole():
    shown = _render(text_diff("one\ntwo\nthree", "uno"))
    assert [line for line in shown if line[0] in "+-"] == ["-one", "-two", "-three", "+uno"]


def test_a_new_field_is_all_additions():
    shown = _render(text_diff("", "first line\nsecond line"))
    assert shown[1:] == ["+first line", "+second line"]
