"""Running the daemon's processes as one group that lives and dies together.

``kohogate up`` starts the worker lanes, beat (and the web console) as children. However
``up`` ends — Ctrl-C, SIGTERM, or a SIGKILL that gives it no chance to clean up — its
children must not outlive it, or a second ``up`` would run two of each. So each child
asks the kernel for SIGTERM when its parent dies (Linux ``PR_SET_PDEATHSIG``, which
survives the ``exec`` into Celery; a Celery worker that gets SIGTERM stops its pool too);
and ``up`` holds a lock on the data folder, so a second ``up`` on the same data refuses to
start and says which process holds it. A child that ends on its own is started again.
(The deployment target is Linux; elsewhere the lock still holds, but an ``up`` killed
with SIGKILL leaves its children behind.)
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from scheduler.errors import KohogateError

PR_SET_PDEATHSIG = 1


class AlreadyRunning(KohogateError):
    exit_code = 7


@contextmanager
def instance_lock(data_dir: Path) -> Iterator[None]:
    """One ``up`` per data folder: the lock dies with its process, however it ends."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "kohogate.lock"
    handle: IO[str] = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise AlreadyRunning(
            f"このデータ（{data_dir}）では既に kohogate が動いています（{holder}）",
            f"kohogate already runs on {data_dir} ({holder})") from None
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                             "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}))
    handle.flush()
    try:
        yield
    finally:
        handle.close()


def _die_with_parent() -> None:
    """Runs in the child between fork and exec."""
    os.setsid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() == 1:  # the parent already died before prctl took effect
            os._exit(1)


def _spawn(argv: Sequence[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(list(argv), preexec_fn=_die_with_parent)


def supervise(commands: Sequence[Sequence[str]], *, grace: float = 20.0,
              restarts: int = 5, window: float = 60.0) -> int:
    """Run the processes as one group. A child that ends is started again (a worker killed
    by the kernel's OOM killer, say), unless it ends ``restarts`` times within ``window``
    seconds: then, or when we are told to stop, stop all (SIGTERM, then SIGKILL after
    ``grace``) and return the failing child's code."""
    children = [_spawn(argv) for argv in commands]
    ended_at: list[list[float]] = [[] for _ in commands]
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping and not code:
        for index, child in enumerate(children):
            if child.poll() is None:
                continue
            now = time.monotonic()
            recent = [t for t in ended_at[index] if now - t < window] + [now]
            ended_at[index] = recent
            name = " ".join(commands[index][-4:])
            if len(recent) >= restarts:
                print(f"{name} が{restarts}回続けて終了したため停止します"
                      f" / {name} keeps ending; stopping", file=sys.stderr)
                code = child.returncode or 1
                break
            print(f"{name} が終了しました（{child.returncode}）。再起動します"
                  f" / {name} ended; starting it again", file=sys.stderr)
            children[index] = _spawn(commands[index])
        time.sleep(0.2)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    return 0 if stopping and not code else code
