"""Running the daemon: ``up`` (worker lanes + beat, supervised), ``worker``, ``beat``,
``migrate``.

``worker`` and ``beat`` are the exact commands docker-compose runs, ``up`` starts and the
tests start. Emergency information (第4.2(2)イ) has a worker lane of its own that ordinary
publishing cannot take: however long the backlog, a slot is free for it."""

from __future__ import annotations

import os
import sys

import click

from console.context import ready_settings
from scheduler.settings import Settings, get_settings

#: which queues each lane consumes; ``all`` is one worker doing everything
#: (comments announced by webhooks are judged on both lanes: they are short, and waiting
#: behind a publishing backlog would leave harm visible)
LANES: dict[str, str] = {"all": "emergency,moderate,publish,sweep",
                         "ordinary": "moderate,publish,sweep", "emergency": "emergency,moderate"}
KOHOGATE = [sys.executable, "-m", "console.cli"]


def celery_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "worker", *args]


def worker_argv(concurrency: int, queues: str = LANES["all"],
                loglevel: str = "INFO") -> list[str]:
    return celery_argv("worker", "-Q", queues, "-c", str(concurrency), "-l", loglevel,
                       "-n", f"kohogate-{os.getpid()}@%h", "--without-gossip", "--without-mingle")


def beat_argv(loglevel: str = "INFO") -> list[str]:
    return celery_argv("beat", "-l", loglevel)


def web_argv(host: str, port: int) -> list[str]:
    """The console as ``up`` supervises it: the same ``kohogate web`` command."""
    return [*KOHOGATE, "web", "--host", host, "--port", str(port)]


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
    @click.option("--lane", type=click.Choice(list(LANES)), default="all", show_default=True,
                  help="all: すべて / ordinary: 通常の公開と巡回 / emergency: 緊急情報と配信")
    @click.option("-l", "--loglevel", default="WARNING", show_default=True)
    def worker(concurrency: int | None, lane: str, loglevel: str) -> None:
        settings = ready_settings()
        slots = 1 if lane == "emergency" else concurrency or settings.worker_concurrency
        _exec(worker_argv(slots, LANES[lane], loglevel))

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
        from console.supervise import instance_lock, supervise

        settings = ready_settings()
        with instance_lock(settings.resolved_data_dir):
            slots = ["-c", str(concurrency)] if concurrency else []
            commands = [[*KOHOGATE, "worker", "--lane", "ordinary", *slots, "-l", loglevel],
                        [*KOHOGATE, "worker", "--lane", "emergency", "-l", loglevel],
                        [*KOHOGATE, "beat", "-l", loglevel]]
            console = "off"
            if not no_web:
                port = web_port or settings.web_port
                commands.append(web_argv(settings.web_host, port))
                console = f"http://{settings.web_host}:{port}/"
            click.echo(f"広報ゲートを起動します / starting kohogate\n"
                       f"  store:   {_redact(settings.resolved_database_url)}\n"
                       f"  broker:  {_redact(settings.resolved_broker_url)}\n"
                       f"  console: {console}", err=True)
            _announce_key(settings)
            code = supervise(commands)
            click.echo("停止しました / stopped", err=True)
        sys.exit(code)


def _announce_key(settings: Settings) -> None:
    """Say where the vault's key is (creating it on first start), and warn when it sits
    with the data it protects."""
    from scheduler.connecting import key_source_for
    from scheduler.vault import create_key_file

    source = key_source_for(settings)
    if source.path is not None and create_key_file(source.path):
        click.echo(f"  暗号鍵を作成しました / created the vault key: {source.path}\n"
                   "  （バックアップしてください。失うと登録済みの認証情報を復号できません）",
                   err=True)
    else:
        click.echo(f"  key:     {source.describe()}", err=True)
    warning = source.warning()
    if warning:
        click.echo(f"  警告 / warning: {warning}", err=True)


def _redact(url: str) -> str:
    """Never print a password that is part of a URL."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]
