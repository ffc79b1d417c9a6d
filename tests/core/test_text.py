"""`slug_of` is Django's `slugify`, only faster."""

import pytest
from django.utils.text import slugify

from cinemeter.core.text import slug_of

NAMES = [
    "Escape from L.A. 1996",
    "  Halloween  ",
    "Big Trouble in Little China",
    "Amélie",
    "Ça tourne à Manhattan",
    "Straße der Sehnsucht",
    "Das Boot -- Director's Cut",
    "Crouching Tiger, Hidden Dragon 臥虎藏龍",
    "Ørnen & Co_",
    "-_leading and trailing_-",
    "M*A*S*H",
    "½ Half",
    "Ｆｕｌｌ ｗｉｄｔｈ",
    "",
    "!!!",
    "tab\tand\nnewline",
]


@pytest.mark.parametrize("name", NAMES)
def test_same_as_django(name: str) -> None:
    assert slug_of(name) == slugify(name)
