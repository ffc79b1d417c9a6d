"""Free slugs for a batch of new catalogue rows (titles, seasons, episodes, people, companies).

Every bulk writer names its new rows the same way: the readable slug ("heat-1995") unless a
row or an earlier row of the batch has it, else a fallback that carries the row's own id
("heat-1995-imdb-tt0113277"), and in the freak case that even that is taken, a number.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from django.db import models

K = TypeVar("K", bound=Hashable)


def _taken(model: type[models.Model], slugs: set[str]) -> set[str]:
    # `__among`: one parameter for the whole batch, not one per slug.
    return set(model._default_manager.filter(slug__among=slugs).values_list("slug", flat=True))


def free_slugs(model: type[models.Model], wanted: Mapping[K, tuple[str, str]]) -> dict[K, str]:
    """A free slug per key from its (base, fallback) pair, both already slugs.

    Two queries whatever the batch's size: the bases, then the fallbacks of the keys whose
    base is taken (by a row or by an earlier key).
    """
    taken = _taken(model, {base for base, _ in wanted.values()})
    seen: set[str] = set()
    clashing: set[K] = set()
    for key, (base, _) in wanted.items():
        if base in taken or base in seen:
            clashing.add(key)
        seen.add(base)
    if clashing:
        taken |= _taken(model, {wanted[key][1] for key in clashing})
    return pick_slugs(wanted, taken)


def pick_slugs(wanted: Mapping[K, tuple[str, str]], taken: set[str]) -> dict[K, str]:
    """A free slug per key from its (base, fallback) pair, given the slugs of these bases
    and fallbacks that rows already have (`taken`, which this extends); keys in order."""
    slugs: dict[K, str] = {}
    for key, (base, fallback) in wanted.items():
        first = fallback if base in taken else base
        candidate, number = first, 2
        while candidate in taken:
            candidate = f"{first}-{number}"
            number += 1
        taken.add(candidate)
        slugs[key] = candidate
    return slugs
