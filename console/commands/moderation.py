"""``kohogate sweep``, ``review`` and ``audit``: comments under 第4.5 and the record."""

from __future__ import annotations

import click

from console.context import acting_user, as_option, emit_json, json_option, ready_settings, store
from console.views import audit_view, comment_view
from scheduler.audit_log import events, verify_chain
from scheduler.moderation import REVIEW_ACTIONS, decide_review, review_queue
from scheduler.sweep import run_sweep


def register(root: click.Group) -> None:
    @root.command(help="コメントの巡回を今すぐ実行（第4.5）/ sweep comments now")
    @click.option("--account", default=None, help="省略時は全アカウント / default: all")
    @as_option
    @json_option
    def sweep(account: str | None, as_user: str | None, as_json: bool) -> None:
        settings = ready_settings()
        with store() as session:
            reports = run_sweep(settings, session, actor=acting_user(session, as_user),
                                account=account)
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
    @as_option
    @json_option
    def review_list(as_user: str | None, as_json: bool) -> None:
        with store() as session:
            views = [comment_view(c) for c in review_queue(
                session, viewer=acting_user(session, as_user))]
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

    @root.group(help="監査ログ / the audit log", invoke_without_command=True)
    @click.option("--limit", default=200, show_default=True, type=int)
    @click.option("--kind", default=None, help="前方一致で絞り込み / filter by kind prefix")
    @click.option("--actor", default=None, help="操作した人 / who acted")
    @click.option("--account", default=None, help="アカウント名 / account")
    @as_option
    @json_option
    @click.pass_context
    def audit(ctx: click.Context, limit: int, kind: str | None, actor: str | None,
              account: str | None, as_user: str | None, as_json: bool) -> None:
        if ctx.invoked_subcommand is not None:
            return
        with store() as session:
            views = [audit_view(e) for e in events(
                session, viewer=acting_user(session, as_user), kind=kind, actor=actor,
                account=account, limit=limit)]
        if as_json:
            emit_json(views)
            return
        for v in views:
            cites = v["data"].get("citations") or []
            spans = "".join(f"「{e['span']}」" for e in v["data"].get("evidence") or [])
            click.echo(f"{v['at']}\t{v['actor']}\t{v['kind']}\t{v['subject_type']} "
                       f"{v['subject_id']}\t{' '.join(cites)}\t{spans}{v['message'] or ''}")

    @audit.command("verify", help="監査ログの改ざんを検査 / check the hash chain")
    @as_option
    @json_option
    def verify(as_user: str | None, as_json: bool) -> None:
        with store() as session:
            result = verify_chain(session, viewer=acting_user(session, as_user))
        if as_json:
            emit_json(result.__dict__ | {"ok": result.ok})
        elif result.ok:
            click.echo(f"監査ログは改ざんされていません（{result.events}件、末尾 seq "
                       f"{result.head_seq}）/ the chain holds")
        else:
            click.echo(f"監査ログの破損: seq {result.at_seq}"
                       + (f" (id {result.at_id})" if result.at_id else "")
                       + f" — {result.broken}")
        if not result.ok:
            raise SystemExit(6)
