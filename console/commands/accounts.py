"""``kohogate accounts``: the account registry (第4.1, 第5) and its credentials."""

from __future__ import annotations

import json
import sys

import click

from connectors.base import ConnectorError
from console.context import emit_json, json_option, ready_settings, store
from console.views import account_view
from scheduler import audit
from scheduler.connecting import connector_for, limiter_for, vault_for
from scheduler.costs import CAP_OPTION, month_cost
from scheduler.errors import InvalidInput
from scheduler.models import utcnow
from scheduler.registry import add_account, get_account, list_accounts

NO_REPLY_MARKERS = ("返信", "回答", "お答え")


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
    def add(name: str, platform: str, kind: str, section: str | None,
            categories: tuple[str, ...], options: tuple[str, ...]) -> None:
        parsed = {}
        for item in options:
            key, sep, value = item.partition("=")
            if not sep:
                raise InvalidInput(f"--option は KEY=VALUE の形です: {item}",
                                   f"--option takes KEY=VALUE: {item}")
            parsed[key] = value
        with store() as session:
            account = add_account(session, name=name, platform=platform, kind=kind,
                                  section=section, categories=categories or None,
                                  options=parsed, actor="cli")
            click.echo(f"アカウント「{account.name}」を登録しました (id {account.id})")

    @accounts.command("list", help="アカウント一覧 / list accounts")
    @json_option
    def list_(as_json: bool) -> None:
        with store() as session:
            views = [account_view(a) for a in list_accounts(session)]
        if as_json:
            emit_json(views)
            return
        for v in views:
            state = "認証OK" if v["auth_status"] == "ok" else f"認証失効: {v['auth_message']}"
            click.echo(f"{v['name']}\t{v['platform']}\t{v['kind']}\t{v['section'] or '-'}\t{state}")

    @accounts.command("set-credentials",
                      help="認証情報を標準入力(JSON)から登録 / read credentials from stdin")
    @click.argument("name")
    def set_credentials(name: str) -> None:
        settings = ready_settings()
        if sys.stdin.isatty():
            raw = click.prompt("認証情報(JSON) / credentials as JSON", hide_input=True)
        else:
            raw = sys.stdin.read()
        try:
            secrets = json.loads(raw)
            if not isinstance(secrets, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in secrets.items()):
                raise ValueError
        except ValueError:
            raise InvalidInput("認証情報は文字列だけのJSONオブジェクトで入力してください",
                               "credentials must be a JSON object of strings") from None
        with store() as session:
            account = get_account(session, name)
            account.credentials_token = vault_for(settings).encrypt(secrets)
            account.auth_status, account.auth_message = "ok", None
            audit.record(session, actor="cli", kind="account.credentials_set",
                         subject_type="account", subject_id=account.id,
                         keys=sorted(secrets))
        click.echo(f"「{name}」の認証情報を暗号化して保存しました（{len(secrets)}項目）")

    @accounts.command("rotate-keys",
                      help="全アカウントの認証情報を最新の鍵で暗号化し直す / re-encrypt")
    def rotate_keys() -> None:
        vault = vault_for(ready_settings())
        with store() as session:
            rotated = 0
            for account in list_accounts(session):
                if account.credentials_token:
                    account.credentials_token = vault.rotate(account.credentials_token)
                    rotated += 1
            audit.record(session, actor="cli", kind="vault.rotated", subject_type="vault",
                         subject_id=None, accounts=rotated)
        click.echo(f"{rotated}件の認証情報を最新の鍵で暗号化し直しました")

    @accounts.command("resume",
                      help="認証失効・費用上限による保留を解除して再開 / lift a hold")
    @click.argument("name")
    def resume(name: str) -> None:
        with store() as session:
            account = get_account(session, name)
            lifted = {"auth_message": account.auth_message, "hold_reason": account.hold_reason}
            account.auth_status, account.auth_message, account.hold_reason = "ok", None, None
            audit.record(session, actor="cli", kind="account.resumed", subject_type="account",
                         subject_id=account.id, **lifted)
        click.echo(f"「{name}」を再開しました。止まっていた投稿と巡回が再開します。")

    @accounts.command("check", help="認証情報と第4.2(5)の返信しない旨の表示を確認 / check")
    @click.argument("name")
    @json_option
    def check(name: str, as_json: bool) -> None:
        settings = ready_settings()
        with store() as session:
            account = get_account(session, name)
            result: dict[str, object] = {"account": name, "platform": account.platform}
            limiter = limiter_for(account, settings, purpose="check")
            try:
                profile = connector_for(account, settings, limiter=limiter).profile()
                notice = any(m in (profile.description or "") for m in NO_REPLY_MARKERS)
                result.update(credentials="ok", handle=profile.handle,
                              no_reply_notice=notice,
                              description=profile.description)
            except ConnectorError as exc:
                result.update(credentials="error", error=exc.operator_message)
            result["budget"] = [
                {"family": u.family, "remaining": u.remaining, "limit": u.limit,
                 "reset_at": u.reset_at.isoformat() if u.reset_at else None}
                for u in limiter.usage if u.remaining is not None]
            result["cost_this_month_usd"] = round(
                month_cost(session, account.id, utcnow(), settings.timezone), 4)
            result["cost_cap_usd"] = (account.options or {}).get(CAP_OPTION)
        if as_json:
            emit_json(result)
            return
        if result["credentials"] != "ok":
            click.echo(f"「{name}」: 認証NG — {result['error']}")
            sys.exit(1)
        click.echo(f"「{name}」: 認証OK ({result['handle']})")
        for budget in result["budget"]:  # type: ignore[attr-defined]
            click.echo(f"  残りの利用枠 {budget['family']}: {budget['remaining']}"
                       f"/{budget['limit'] or '?'}（リセット {budget['reset_at'] or '-'}）")
        cap = result["cost_cap_usd"]
        click.echo(f"  今月の利用料（見込み）: ${result['cost_this_month_usd']}"
                   + (f" / 上限 ${cap}" if cap is not None else ""))
        if account.kind == "main" and not result["no_reply_notice"]:
            click.echo("  注意: プロフィールに「コメントへ返信しない」旨の記載が"
                       "見当たりません（第4.2(5)）")
