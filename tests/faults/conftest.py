"""Fault tests run the real server; each has a time bound and cleans up its processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.faults import server as server_module


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> str:
    """collectstatic's output, once per test process, as `make run` makes it."""
    root = tmp_path_factory.mktemp("static")
    env = server_module.site_env(root, STATIC_ROOT=str(root))
    done = server_module.manage(env, "sqlite:///:memory:", "collectstatic", "--no-input", "-v", "0")
    assert done.returncode == 0, done.stderr
    return str(root)


@pytest.fixture
def site(tmp_path, static_root) -> Iterator[tuple[dict[str, str], server_module.Database]]:
    """A one-machine site's environment and migrated database."""
    env = server_module.site_env(tmp_path, STATIC_ROOT=static_root)
    db = server_module.database(tmp_path, env)
    try:
        yield env, db
    finally:
        db.drop()


@pytest.fixture
def servers() -> Iterator[list[server_module.Server]]:
    """Servers a test started; any still running at the end are killed."""
    started: list[server_module.Server] = []
    yield started
    for server in started:
        server.kill()
