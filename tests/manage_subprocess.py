"""Run manage.py in a child process with a clean, explicit environment.

Settings are read once per process, so tests of start-up behaviour (a missing secret key, the
deploy checks, a file-backed SQLite database) need a process of their own.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE", "STATIC_ROOT", "MEDIA_ROOT"))
    }
    return subprocess.run(  # noqa: S603 - our own manage.py with arguments from the tests
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.base", **inherited, **env},
        capture_output=True,
        text=True,
        check=False,
    )
