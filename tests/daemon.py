"""Starting the real daemon for tests: a private redis-server, and `kohogate worker` and
`kohogate beat` as separate processes — the same commands docker-compose runs."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
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
    """A redis-server of the test's own, so it may be flushed, killed or restarted freely
    (the same command docker-compose runs: nothing kept on disk)."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: self._ping(), 10, "redis-server to answer")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)

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

    def start_workers(self, concurrency: int = 2) -> None:
        """The two worker lanes, as ``kohogate up`` starts them."""
        self.start_lane("ordinary", concurrency)
        self.start_lane("emergency", 1)

    def kill_workers(self, sig: int = signal.SIGKILL) -> None:
        for lane in ("worker-ordinary", "worker-emergency"):
            self.kill(lane, sig)

    def start_lane(self, lane: str, concurrency: int = 2) -> None:
        """A worker lane as ``kohogate up`` starts it (and docker-compose runs it)."""
        self._start(f"worker-{lane}", "worker", "--lane", lane, "-c", str(concurrency),
                    "-l", "WARNING")

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


def postgres_bin() -> Path | None:
    """The server binaries of Debian's PostgreSQL package, if installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


class PostgresCluster:
    """A PostgreSQL cluster of the test's own on a free port, so it may be restarted or
    crashed without touching anyone else's database. Run as the ``postgres`` user when
    the test runs as root (the server refuses to run as root)."""

    def __init__(self) -> None:
        binaries = postgres_bin()
        if binaries is None:
            raise RuntimeError("PostgreSQL server binaries are not installed")
        self.bin = binaries
        self.port = free_port()
        # a folder of its own that the postgres user can reach (a test's tmp_path is not)
        self.root = Path(tempfile.mkdtemp(prefix="kohogate-pg-"))
        self.root.chmod(0o755)
        self.data = self.root / "pgdata"
        self.socket_dir = self.root / "pgsock"
        for folder in (self.data, self.socket_dir):
            folder.mkdir(parents=True)
        self._as_owner(["chown", "-R", "postgres", str(self.root)], root_only=True)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.start()

    @staticmethod
    def _as_owner(argv: list[str], root_only: bool = False) -> None:
        if os.geteuid() == 0 or not root_only:
            subprocess.run(argv, check=True, capture_output=True)

    def _run(self, tool: str, *args: str) -> None:
        argv = [str(self.bin / tool), *args]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(argv, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.data / "log"),
                  "-o", f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
                  " -c fsync=off -c max_connections=200", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already down
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def restart(self, down_for: float = 0.0, mode: str = "immediate") -> None:
        """``immediate`` is a crash: no shutdown checkpoint, recovery at the next start."""
        self.stop(mode)
        time.sleep(down_for)
        self.start()
