"""Shared fixtures: every test gets a database and the catalogue factories."""

import pytest


@pytest.fixture(autouse=True)
def _db(db: None) -> None:
    """The whole suite talks to a real database (SQLite or PostgreSQL per DATABASE_URL)."""
