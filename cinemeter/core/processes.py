"""Which process does a piece of work, and is it still running: for the records that a killed
process leaves behind (a running task in the queue's journal, a running ImportRun).
"""

from __future__ import annotations

import os
import socket


def _process_start(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), so that a new process that
    got a dead one's pid is not taken for it; "" where /proc is not there to ask.
    """
    try:
        stat = open(f"/proc/{pid}/stat", encoding="ascii").read()  # noqa: SIM115, PTH123
    except OSError:
        return ""
    # Field 22; the command name (field 2) may hold spaces, so count from its closing ")".
    return stat.rsplit(")", 1)[1].split()[19]


def process_identity(pid: int | None = None) -> str:
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}|{pid}|{_process_start(pid)}"


def process_is_alive(identity: str) -> bool:
    """Whether the process that wrote `identity` still runs. A process of another machine
    (a second `run_huey` host) counts as alive: that machine's consumer recovers its own.
    """
    host, pid_text, started = identity.split("|")
    if host != socket.gethostname():
        return True
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process with that pid: not ours
        return False
    return _process_start(pid) == started
