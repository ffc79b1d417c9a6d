"""A revision's changes as the revision page shows them: each changed field line by line
(a unified diff), and within a changed line the words that changed, so that a paragraph
where one phrase was added does not read as two whole paragraphs to compare by eye."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

# Words and the spaces between them, each a token: a change is marked word by word.
_TOKENS = re.compile(r"\s+|[^\s]+")
# Past this many lines on either side the lines are shown whole (pairing is quadratic).
_PAIR_LIMIT = 40


@dataclass
class DiffLine:
    kind: str  # "add", "del", "same", "hunk"
    sign: str  # "+", "-", " " or "" for a hunk head
    parts: list[tuple[str, bool]] = field(default_factory=list)  # (text, changed)


def _words(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    old_parts: list[tuple[str, bool]] = []
    new_parts: list[tuple[str, bool]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        if i2 > i1:
            old_parts.append(("".join(a[i1:i2]), changed))
        if j2 > j1:
            new_parts.append(("".join(b[j1:j2]), changed))
    return old_parts, new_parts


def _flush(dels: list[str], adds: list[str], out: list[DiffLine]) -> None:
    """A run of removed lines and the added lines after it: paired line by line, the words
    marked, when they are as many and few; otherwise each shown whole."""
    if dels and len(dels) == len(adds) and len(dels) <= _PAIR_LIMIT:
        pairs = [_words(old, new) for old, new in zip(dels, adds, strict=True)]
        out.extend(DiffLine("del", "-", old) for old, _new in pairs)
        out.extend(DiffLine("add", "+", new) for _old, new in pairs)
    else:
        out.extend(DiffLine("del", "-", [(line, False)]) for line in dels)
        out.extend(DiffLine("add", "+", [(line, False)]) for line in adds)
    dels.clear()
    adds.clear()


def text_diff(old: str, new: str) -> list[DiffLine]:
    """The unified diff of two texts (two lines of context), its changed words marked."""
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2))[2:]
    out: list[DiffLine] = []
    dels: list[str] = []
    adds: list[str] = []
    for line in lines:
        if line.startswith("-"):
            if adds:  # a removal after additions starts a new run
                _flush(dels, adds, out)
            dels.append(line[1:])
        elif line.startswith("+"):
            adds.append(line[1:])
        else:
            _flush(dels, adds, out)
            if line.startswith("@@"):
                out.append(DiffLine("hunk", "", [(line, False)]))
            else:
                out.append(DiffLine("same", " ", [(line[1:], False)]))
    _flush(dels, adds, out)
    return out
