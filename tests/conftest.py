"""Shared fixtures: every test gets a database, an empty cache, and the factories."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _db(db: None) -> None:
    """The whole suite talks to a real database (SQLite or PostgreSQL per DATABASE_URL)."""


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Pages and panels are cached; one test's pages must not show up in the next. (Rate limits
    count in the database, which each test rolls back.)"""
    cache.clear()
