"""The production start-up path: a file-backed SQLite database in WAL mode, collected statics."""

import sqlite3

from tests.manage_subprocess import run_manage


def test_migrated_sqlite_file_is_in_wal_mode(tmp_path):
    database = tmp_path / "site.sqlite3"
    env = {"DJANGO_SECRET_KEY": "test", "DATABASE_URL": f"sqlite:///{database}"}
    result = run_manage("migrate", "--no-input", "-v", "0", env=env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"catalog_title", "catalog_credit", "accounts_user", "core_sitecounter"} <= tables


def test_collectstatic_builds_the_manifest_production_pages_need(tmp_path):
    result = run_manage(
        "collectstatic",
        "--no-input",
        "-v",
        "0",
        env={"DJANGO_SECRET_KEY": "test", "STATIC_ROOT": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert '"css/site.css"' in manifest
