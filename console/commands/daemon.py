"""Running the daemon: ``up`` (worker + beat, supervised), ``worker``, ``beat``, ``migrate``.

``worker`` and ``beat`` are the exact commands docker-compose runs and the tests start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click

from console.context import ready_settings
from scheduler.settings import get_settings

QUEUES = "emergency,publish,sweep"


def celery_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "worker", *args]


def worker_argv(concurrency: int, queues: str = QUEUES, loglevel: str = "INFO") -> list[str]:
    return celery_argv("worker", "-Q", queues, "-c", str(concurrency), "-l", loglevel,
                       "-n", f"kohogate-{os.getpid()}@%h", "--without-gossip", "--without-mingle")


def beat_argv(loglevel: str = "INFO") -> list[str]:
    return celery_argv("beat", "-l", loglevel)


def web_argv(host: str, port: int) -> list[str]:
    """The console as ``up`` supervises it: the same ``kohogate web`` command."""
    return [sys.executable, "-m", "console.cli", "web", "--host", host, "--port", str(port)]


def _exec(argv: list[str]) -> None:
    os.execv(argv[0], argv)


def register(root: click.Group) -> None:
    @root.command(help="データベースを最新のスキーマにします / migrate the store")
    def migrate() -> None:
        from scheduler.migrate import upgrade  # Alembic only where it is used

        url = get_settings().resolved_database_url
        upgrade(url)
        click.echo("スキーマを更新しました / migrated")

    @root.command(help="Celeryワーカーを起動 / run a worker")
    @click.option("-c", "--concurrency", type=int, default=None)
    @click.option("-Q", "--queues", default=QUEUES, show_default=True)
    @click.option("-l", "--loglevel", default="WARNING", show_default=True)
    def worker(concurrency: int | None, queues: str, loglevel: str) -> None:
        settings = ready_settings()
        _exec(worker_argv(concurrency or settings.worker_concurrency, queues, loglevel))

    @root.command(help="定期実行（配信・巡回）を起動 / run beat")
    @click.option("-l", "--loglevel", default="WARNING", show_default=True)
    def beat(loglevel: str) -> None:
        ready_settings()
        _exec(beat_argv(loglevel))

    @root.command(help="デーモンを起動（ワーカー＋定期実行＋コンソール）。Ctrl-Cで停止 / "
                       "run the daemon")
    @click.option("-c", "--concurrency", type=int, default=None)
    @click.option("-l", "--loglevel", default="WARNING", show_default=True)
    @click.option("--web-port", type=int, default=None,
                  help="コンソールのポート（既定 8000）/ console port")
    @click.option("--no-web", is_flag=True, help="コンソールを起動しない / no web console")
    def up(concurrency: int | None, loglevel: str, web_port: int | None, no_web: bool) -> None:
        settings = ready_settings()
        settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
        commands = [worker_argv(concurrency or settings.worker_concurrency, loglevel=loglevel),
                    beat_argv(loglevel)]
        console = "off"
        if not no_web:
            port = web_port or settings.web_port
            commands.append(web_argv(settings.web_host, port))
            console = f"http://{settings.web_host}:{port}/"
        click.echo(f"広報ゲートを起動します / starting kohogate\n"
                   f"  store:   {_redact(settings.resolved_database_url)}\n"
                   f"  broker:  {_redact(settings.resolved_broker_url)}\n"
                   f"  console: {console}", err=True)
        sys.exit(supervise(commands))


def _redact(url: str) -> str:
    """Never print a password that is part of a URL."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


def supervise(commands: list[list[str]]) -> int:
    """Run the processes as one group: when one ends or we are told to stop, stop all
    (SIGTERM, then SIGKILL after a grace period) and return the first failure's code."""
    children = [subprocess.Popen(argv, start_new_session=True) for argv in commands]
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping:
        ended = [c for c in children if c.poll() is not None]
        if ended:
            code = ended[0].returncode or 1
            break
        time.sleep(0.2)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 20
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    click.echo("停止しました / stopped", err=True)
    return 0 if stopping else code
