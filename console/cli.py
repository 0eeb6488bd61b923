"""The ``kohogate`` command: one root group, subcommands in :mod:`console.commands`.

Errors are printed in Japanese first (``KOHOGATE_LANGUAGE=en`` for English), never as a
stack trace, and exit non-zero with nothing changed.
"""

from __future__ import annotations

import sys

import click

from console.commands import accounts, daemon, gate, mock, moderation, posts, users, web
from scheduler.errors import KohogateError
from scheduler.settings import get_settings


@click.group(help="広報ゲート — 美祢市公式アカウントの運用方針に沿って投稿・コメントを管理します。")
def root() -> None:
    pass


for module in (daemon, web, accounts, users, posts, mock, moderation, gate):
    module.register(root)


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
