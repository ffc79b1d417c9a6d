"""The releases tests read English messages: whatever language an earlier test left active
in this thread (the Dutch page tests do), these run in English."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
