"""The ``kohogate`` command: one root group, subcommands in :mod:`console.commands`.

A command's module (and what it needs: SQLAlchemy, the gate, the connectors) is imported
only when that command runs, so ``kohogate post list`` does not pay for the daemon, the
web console or Alembic. Errors are printed in Japanese first (``KOHOGATE_LANGUAGE=en`` for
English), never as a stack trace, and exit non-zero with nothing changed.
"""

from __future__ import annotations

import sys
from importlib import import_module

import click

from scheduler.errors import KohogateError
from scheduler.settings import get_settings

#: each top-level command and the module of console.commands that registers it
COMMANDS: dict[str, str] = {
    "up": "daemon", "worker": "daemon", "beat": "daemon", "migrate": "daemon",
    "accounts": "accounts", "users": "users", "post": "posts", "mock": "mock",
    "sweep": "moderation", "review": "moderation", "audit": "moderation", "gate": "gate",
    "status": "status", "metrics": "status", "web": "web",
}


class LazyGroup(click.Group):
    """Lists every command, imports a command's module only to run or describe it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        holder = click.Group()
        import_module(f"console.commands.{module}").register(holder)
        return holder.commands.get(cmd_name)


@click.group(cls=LazyGroup,
             help="広報ゲート — 美祢市公式アカウントの運用方針に沿って投稿・コメントを管理します。")
def root() -> None:
    pass


def main() -> None:
    try:
        root.main(standalone_mode=False)
    except KohogateError as exc:
        message = exc.en if get_settings().language == "en" else f"{exc.ja}\n  ({exc.en})"
        click.echo(f"エラー: {message}" if get_settings().language != "en" else
                   f"error: {message}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("中止しました / aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
