"""``kohogate users``: the people of GROUNDS.md's roles and the accounts they may run."""

from __future__ import annotations

import click

from console.context import emit_json, json_option, store
from console.views import user_view
from scheduler.registry import ROLES, add_user, grant, list_users


def register(root: click.Group) -> None:
    @root.group(help="利用者と権限 / users and roles")
    def users() -> None:
        pass

    @users.command("add", help="利用者を登録 / add a user")
    @click.option("--name", required=True)
    @click.option("--role", required=True, help=", ".join(ROLES))
    @click.option("--section", default=None, help="所属 / section")
    @click.option("--grant", "grants", multiple=True, help="運用を任せるアカウント / account")
    def add(name: str, role: str, section: str | None, grants: tuple[str, ...]) -> None:
        with store() as session:
            user = add_user(session, name=name, role=role, section=section, grants=grants,
                            actor="cli")
            click.echo(f"利用者「{user.name}」を登録しました (id {user.id})")

    @users.command("grant", help="アカウントの運用権限を付与 / grant an account")
    @click.argument("user")
    @click.argument("account")
    def grant_(user: str, account: str) -> None:
        with store() as session:
            grant(session, user_name=user, account_name=account, actor="cli")
        click.echo(f"「{user}」に「{account}」の運用権限を付与しました")

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
