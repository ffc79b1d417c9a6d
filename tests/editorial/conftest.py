"""Editorial tests run in English, with an editor and a publishing editor at hand."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.editorial.factories import editor_make


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def writer():
    """A member with the editor role: writes, may not publish."""
    return editor_make("writer", publisher=False)


@pytest.fixture
def publisher():
    """A publishing editor."""
    return editor_make("publisher", publisher=True)
