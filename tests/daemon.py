"""Starting the real daemon for tests: a private redis-server, and `kohogate worker` and
`kohogate beat` as separate processes — the same commands docker-compose runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis

KOHOGATE = str(Path(sys.executable).parent / "kohogate")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A redis-server of the test's own, so it may be flushed or stopped freely."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        wait_for(lambda: self._ping(), 10, "redis-server to answer")

    def _ping(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_timeout=1).ping())
        except redis.ConnectionError:
            return False

    def flushall(self) -> None:
        redis.Redis(port=self.port).flushall()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class Daemon:
    """`kohogate worker` and `kohogate beat`, each in its own process group."""

    def __init__(self, env: dict[str, str], logdir: Path) -> None:
        self.env = {**os.environ, **env}
        self.logdir = logdir
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.starts = 0

    def _start(self, name: str, *args: str) -> None:
        self.starts += 1
        log = open(self.logdir / f"{name}-{self.starts}.log", "wb")  # noqa: SIM115
        self.processes[name] = subprocess.Popen(
            [KOHOGATE, *args], env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def start_worker(self, concurrency: int = 2) -> None:
        self._start("worker", "worker", "-c", str(concurrency), "-l", "WARNING")

    def start_beat(self) -> None:
        self._start("beat", "beat", "-l", "WARNING")

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, sig)
        process.wait(30)

    def stop(self) -> None:
        for name in list(self.processes):
            process = self.processes[name]
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            del self.processes[name]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KOHOGATE, *args], env=self.env, capture_output=True, text=True,
                              timeout=60)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:]
                         for p in sorted(self.logdir.glob("*.log")))


def wait_for(condition: Callable[[], bool], timeout: float, what: str,
             interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
