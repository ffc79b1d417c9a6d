"""`slug_of` is Django's `slugify` (only faster) wherever `slugify` can spell the letters, and
transliterates (the same way search folds names) wherever it cannot."""

import pytest
from django.utils.text import slugify

from cinemeter.core.text import ascii_slug_of, drops_letters, slug_of, transliterate

# Text whose every letter `slugify` spells: the slug is exactly Django's.
SPELT = [
    "Escape from L.A. 1996",
    "  Halloween  ",
    "Big Trouble in Little China",
    "Amélie",
    "Ça tourne à Manhattan",
    "Das Boot -- Director's Cut",
    "-_leading and trailing_-",
    "M*A*S*H",
    "½ Half",
    "8½",
    "Ｆｕｌｌ ｗｉｄｔｈ",
    "Love ❤ Actually",
    "",
    "!!!",
    "tab\tand\nnewline",
]

# Text with letters `slugify` drops: what it gave, and the readable slug now.
TRANSLITERATED = [
    ("Сталкер 1979", "1979", "stalker-1979"),
    ("Ørnen & Co_", "rnen-co", "ornen-co"),
    ("Straße der Sehnsucht", "strae-der-sehnsucht", "strasse-der-sehnsucht"),
    ("Ο Θίασος 1975", "1975", "o-thiasos-1975"),
    ("となりのトトロ 1988", "1988", "tonarinototoro-1988"),
    ("東京物語", "", "dongjingwuyu"),
    (
        "Crouching Tiger, Hidden Dragon 臥虎藏龍",
        "crouching-tiger-hidden-dragon",
        "crouching-tiger-hidden-dragon-wohucanglong",
    ),
    ("Blåbærsyltetøj 🍓", "blabrsyltetj", "blabaersyltetoj"),
]


@pytest.mark.parametrize("name", SPELT)
def test_same_as_django_where_it_spells_every_letter(name: str) -> None:
    assert not drops_letters(name)
    assert slug_of(name) == slugify(name) == ascii_slug_of(name)


@pytest.mark.parametrize(("name", "before", "now"), TRANSLITERATED)
def test_letters_django_drops_are_transliterated(name: str, before: str, now: str) -> None:
    assert drops_letters(name)
    assert ascii_slug_of(name) == slugify(name) == before
    assert slug_of(name) == now


def test_transliteration_drops_symbols_unless_kept() -> None:
    assert transliterate("Fast & Furious 🚗") == "Fast & Furious  "
    assert transliterate("Ørnen™", keep="") == "OrnenTM"  # NFKC spells "™" before the check
    assert transliterate("a\x00b", gap="") == "ab"
