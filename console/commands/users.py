"""``kohogate users``: the people of GROUNDS.md's roles, the accounts entrusted to them,
their console passwords and API tokens."""

from __future__ import annotations

import sys

import click

from console.context import (
    acting_user,
    as_option,
    emit_json,
    json_option,
    ready_settings,
    store,
)
from console.views import user_view
from scheduler.notifications import set_notify_urls
from scheduler.registry import ROLES, add_user, grant, list_users
from scheduler.signin import create_token, set_password


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return str(click.prompt(prompt, hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\n")


def register(root: click.Group) -> None:
    @root.group(help="利用者と権限 / users and roles")
    def users() -> None:
        pass

    @users.command("add", help="利用者を登録 / add a user")
    @click.option("--name", required=True)
    @click.option("--role", required=True, help=", ".join(ROLES))
    @click.option("--section", default=None, help="所属 / section")
    @click.option("--grant", "grants", multiple=True, help="運用を任せるアカウント / account")
    @click.option("--password-stdin", is_flag=True,
                  help="コンソールのパスワードを標準入力から設定 / read a password from stdin")
    @as_option
    def add(name: str, role: str, section: str | None, grants: tuple[str, ...],
            password_stdin: bool, as_user: str | None) -> None:
        password = _read_secret("パスワード / password") if password_stdin else None
        with store() as session:
            actor = acting_user(session, as_user)
            user = add_user(session, name=name, role=role, section=section, grants=grants,
                            actor=actor)
            if password is not None:
                set_password(session, actor=actor, user_name=user.name, password=password)
            click.echo(f"利用者「{user.name}」を登録しました (id {user.id})")

    @users.command("grant", help="アカウントの運用権限を付与 / grant an account")
    @click.argument("user")
    @click.argument("account")
    @as_option
    def grant_(user: str, account: str, as_user: str | None) -> None:
        with store() as session:
            grant(session, user_name=user, account_name=account,
                  actor=acting_user(session, as_user))
        click.echo(f"「{user}」に「{account}」の運用権限を付与しました")

    @users.command("set-password",
                   help="コンソールのパスワードを設定（標準入力）/ set a console password")
    @click.argument("user")
    @as_option
    def set_password_(user: str, as_user: str | None) -> None:
        password = _read_secret("パスワード / password")
        with store() as session:
            set_password(session, actor=acting_user(session, as_user), user_name=user,
                         password=password)
        click.echo(f"「{user}」のパスワードを設定しました")

    @users.command("notify",
                   help="通知先（apprise URL、1行に1つ）を標準入力から設定。空なら解除"
                        " / set notification URLs from stdin, one a line; none clears")
    @click.argument("user")
    @as_option
    def notify(user: str, as_user: str | None) -> None:
        if sys.stdin.isatty():
            click.echo("通知先URLを1行に1つ入力し、Ctrl-Dで終了 / one URL a line, then Ctrl-D",
                       err=True)
        raw = sys.stdin.read()
        settings = ready_settings()
        with store() as session:
            count = set_notify_urls(session, settings, actor=acting_user(session, as_user),
                                    user_name=user, raw=raw)
        if count:
            click.echo(f"「{user}」の通知先を{count}件、暗号化して保存しました")
        else:
            click.echo(f"「{user}」の通知先を解除しました")

    @users.command("token", help="APIトークンを発行（一度だけ表示）/ issue an API token")
    @click.option("--name", default="cli", show_default=True)
    @as_option
    def token(name: str, as_user: str | None) -> None:
        with store() as session:
            issued = create_token(session, actor=acting_user(session, as_user), name=name)
        click.echo(issued.secret)
        click.echo("このトークンは再表示できません。安全に保管してください。"
                   " / shown once; keep it safe", err=True)

    @users.command("list", help="利用者一覧 / list users")
    @json_option
    def list_(as_json: bool) -> None:
        with store() as session:
            views = [user_view(u) for u in list_users(session)]
        if as_json:
            emit_json(views)
            return
        for v in views:
            click.echo(f"{v['name']}\t{v['role']}\t{v['section'] or '-'}\t"
                       f"{','.join(v['accounts']) or '-'}")
