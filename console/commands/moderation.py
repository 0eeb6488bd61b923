"""``kohogate sweep``, ``review`` and ``audit``: comments under 第4.5 and the record."""

from __future__ import annotations

import click
from sqlalchemy import select

from console.context import acting_user, as_option, emit_json, json_option, ready_settings, store
from console.views import audit_view, comment_view
from scheduler.models import AuditEvent
from scheduler.registry import get_account, list_accounts
from scheduler.sweep import REVIEW_ACTIONS, decide_review, review_queue, sweep_account


def register(root: click.Group) -> None:
    @root.command(help="コメントの巡回を今すぐ実行（第4.5）/ sweep comments now")
    @click.option("--account", default=None, help="省略時は全アカウント / default: all")
    @json_option
    def sweep(account: str | None, as_json: bool) -> None:
        settings = ready_settings()
        with store() as session:
            ids = [get_account(session, account).id] if account else [
                a.id for a in list_accounts(session)]
        reports = [sweep_account(settings, account_id) for account_id in ids]
        if as_json:
            emit_json([r.__dict__ for r in reports])
            return
        for r in reports:
            line = (f"{r.account}: 取得 {r.fetched}件 / 非表示 {r.hidden}件 / "
                    f"確認待ち {r.review}件 / 問題なし {r.allowed}件")
            if r.skipped:
                line += f"（スキップ: {r.skipped}）"
            click.echo(line)
            for error in r.errors:
                click.echo(f"  エラー: {error}")

    @root.group(help="確認待ちコメント（人による判断）/ the review queue")
    def review() -> None:
        pass

    @review.command("list", help="確認待ちのコメント / comments waiting for a person")
    @json_option
    def review_list(as_json: bool) -> None:
        with store() as session:
            views = [comment_view(c) for c in review_queue(session)]
        if as_json:
            emit_json(views)
            return
        for v in views:
            click.echo(f"{v['id']}\t{v['account']}\t{','.join(v['citations']) or '-'}\t"
                       f"@{v['author_handle']}: {v['text'][:40]}")

    @review.command("decide", help="確認結果を反映 / decide on a comment")
    @click.argument("comment_id", type=int)
    @click.option("--action", required=True, type=click.Choice(REVIEW_ACTIONS))
    @click.option("--ground", "grounds", multiple=True, help="第4.5の根拠ID / ground id")
    @as_option
    def review_decide(comment_id: int, action: str, grounds: tuple[str, ...],
                      as_user: str | None) -> None:
        settings = ready_settings()
        with store() as session:
            decide_review(session, settings, comment_id, action,
                          acting_user(session, as_user), list(grounds) or None)
        click.echo(f"コメント {comment_id}: {action} を実行しました")

    @root.command(help="監査ログ / the audit log")
    @click.option("--limit", default=200, show_default=True, type=int)
    @click.option("--kind", default=None, help="前方一致で絞り込み / filter by kind prefix")
    @json_option
    def audit(limit: int, kind: str | None, as_json: bool) -> None:
        with store() as session:
            query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
            if kind:
                query = query.where(AuditEvent.kind.startswith(kind))
            views = [audit_view(e) for e in session.scalars(query)][::-1]
        if as_json:
            emit_json(views)
            return
        for v in views:
            cites = v["data"].get("citations") or []
            spans = "".join(f"「{e['span']}」" for e in v["data"].get("evidence") or [])
            click.echo(f"{v['at']}\t{v['actor']}\t{v['kind']}\t{v['subject_type']} "
                       f"{v['subject_id']}\t{' '.join(cites)}\t{spans}{v['message'] or ''}")
