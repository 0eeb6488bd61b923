"""``kohogate accounts``: the account registry (第4.1, 第5) and its credentials."""

from __future__ import annotations

import sys

import click

from console.context import (
    acting_user,
    as_option,
    emit_json,
    json_option,
    parse_options,
    ready_settings,
    store,
)
from console.views import account_view
from scheduler.credentials import check_account, rotate_keys, set_credentials
from scheduler.health import resume_account
from scheduler.registry import add_account, list_accounts


def register(root: click.Group) -> None:
    @root.group(help="アカウントの登録と管理 / accounts")
    def accounts() -> None:
        pass

    @accounts.command("add", help="アカウントを登録 / add an account")
    @click.option("--name", required=True)
    @click.option("--platform", required=True, help="mock, x, facebook, instagram, instagrapi")
    @click.option("--kind", default="main", show_default=True, help="main, field, legacy")
    @click.option("--section", default=None, help="所管する所属 / owning section")
    @click.option("--category", "categories", multiple=True,
                  help="発信できる区分（省略時は全区分）/ allowed categories")
    @click.option("--option", "options", multiple=True, metavar="KEY=VALUE",
                  help="接続設定（秘密情報以外）/ non-secret connector option")
    @as_option
    def add(name: str, platform: str, kind: str, section: str | None,
            categories: tuple[str, ...], options: tuple[str, ...], as_user: str | None) -> None:
        with store() as session:
            account = add_account(session, name=name, platform=platform, kind=kind,
                                  section=section, categories=categories or None,
                                  options=parse_options(options),
                                  actor=acting_user(session, as_user))
            click.echo(f"アカウント「{account.name}」を登録しました (id {account.id})")

    @accounts.command("list", help="アカウント一覧 / list accounts")
    @as_option
    @json_option
    def list_(as_user: str | None, as_json: bool) -> None:
        with store() as session:
            views = [account_view(a) for a in list_accounts(
                session, viewer=acting_user(session, as_user))]
        if as_json:
            emit_json(views)
            return
        for v in views:
            state = "認証OK" if v["auth_status"] == "ok" else f"認証失効: {v['auth_message']}"
            click.echo(f"{v['name']}\t{v['platform']}\t{v['kind']}\t{v['section'] or '-'}\t{state}")

    @accounts.command("set-credentials",
                      help="認証情報を標準入力(JSON)から登録 / read credentials from stdin")
    @click.argument("name")
    @as_option
    def set_credentials_(name: str, as_user: str | None) -> None:
        settings = ready_settings()
        if sys.stdin.isatty():
            raw = click.prompt("認証情報(JSON) / credentials as JSON", hide_input=True)
        else:
            raw = sys.stdin.read()
        with store() as session:
            count = set_credentials(session, settings, actor=acting_user(session, as_user),
                                    name=name, raw=raw)
        click.echo(f"「{name}」の認証情報を暗号化して保存しました（{count}項目）")

    @accounts.command("rotate-keys",
                      help="全アカウントの認証情報を最新の鍵で暗号化し直す / re-encrypt")
    @as_option
    def rotate_keys_(as_user: str | None) -> None:
        settings = ready_settings()
        with store() as session:
            rotated = rotate_keys(session, settings, actor=acting_user(session, as_user))
        click.echo(f"{rotated}件の認証情報を最新の鍵で暗号化し直しました")

    @accounts.command("resume",
                      help="認証失効・費用上限による保留を解除して再開 / lift a hold")
    @click.argument("name")
    @as_option
    def resume(name: str, as_user: str | None) -> None:
        with store() as session:
            resume_account(session, actor=acting_user(session, as_user), name=name)
        click.echo(f"「{name}」を再開しました。止まっていた投稿と巡回が再開します。")

    @accounts.command("check", help="認証情報と第4.2(5)の返信しない旨の表示を確認 / check")
    @click.argument("name")
    @as_option
    @json_option
    def check(name: str, as_user: str | None, as_json: bool) -> None:
        settings = ready_settings()
        with store() as session:
            result = check_account(session, settings, actor=acting_user(session, as_user),
                                   name=name)
        if as_json:
            emit_json(result.to_dict())
            if result.credentials != "ok":
                sys.exit(1)
            return
        if result.credentials != "ok":
            click.echo(f"「{name}」: 認証NG — {result.error}")
        else:
            click.echo(f"「{name}」: 認証OK ({result.handle})")
        for budget in result.budget:
            click.echo(f"  残りの利用枠 {budget['family']}: {budget['remaining']}"
                       f"/{budget['limit'] or '?'}（リセット {budget['reset_at'] or '-'}）")
        cap = result.cost_cap_usd
        click.echo(f"  今月の利用料（見込み）: ${result.cost_this_month_usd}"
                   + (f" / 上限 ${cap}" if cap is not None else ""))
        if result.no_reply_notice is False:
            click.echo("  注意: プロフィールに「コメントへ返信しない」旨の記載が"
                       "見当たりません（第4.2(5)）")
        click.echo(f"  暗号鍵: {result.key_location}")
        if result.key_warning:
            click.echo(f"  警告: {result.key_warning}")
        if result.credentials != "ok":
            sys.exit(1)
