"""``kohogate mock``: stir and inspect the fake platform (comments, faults, state)."""

from __future__ import annotations

import click

from console.context import acting_user, as_option, emit_json, json_option, ready_settings, store
from scheduler.sandbox import FAULT_KINDS, OPERATIONS, add_comment, inject_fault, platform_state


def register(root: click.Group) -> None:
    @root.group(help="模擬プラットフォーム / the mock platform")
    def mock() -> None:
        pass

    @mock.command("comment", help="模擬プラットフォーム上の投稿に利用者コメントを付ける")
    @click.option("--account", required=True)
    @click.option("--on", "post_id", required=True, type=int, help="kohogate の投稿ID")
    @click.option("--text", required=True)
    @click.option("--author-name", default=None)
    @click.option("--author-handle", default=None)
    @as_option
    def comment(account: str, post_id: int, text: str, author_name: str | None,
                author_handle: str | None, as_user: str | None) -> None:
        settings = ready_settings()
        with store() as session:
            comment_id = add_comment(session, settings, actor=acting_user(session, as_user),
                                     account=account, post_id=post_id, text=text,
                                     author_name=author_name, author_handle=author_handle)
        click.echo(comment_id)

    @mock.command("fault", help="障害を注入 / inject a fault")
    @click.option("--account", required=True)
    @click.option("--operation", default="publish", show_default=True,
                  type=click.Choice(OPERATIONS))
    @click.option("--kind", required=True, type=click.Choice(FAULT_KINDS))
    @click.option("--count", default=1, show_default=True, type=int)
    @click.option("--reset-in", default=30.0, show_default=True, type=float)
    @as_option
    def fault(account: str, operation: str, kind: str, count: int, reset_in: float,
              as_user: str | None) -> None:
        settings = ready_settings()
        with store() as session:
            inject_fault(settings, actor=acting_user(session, as_user), account=account,
                         operation=operation, kind=kind, count=count, reset_in=reset_in)
        click.echo(f"「{account}」の {operation} に {kind} を{count}回注入しました")

    @mock.command("state", help="模擬プラットフォームの中身 / what the fake platform holds")
    @as_option
    @json_option
    def state(as_user: str | None, as_json: bool) -> None:
        settings = ready_settings()
        with store() as session:
            snapshot = platform_state(settings, actor=acting_user(session, as_user))
        if as_json:
            emit_json(snapshot)
            return
        for name, held in snapshot["accounts"].items():
            click.echo(f"[{name}] 投稿 {len(held['posts'])}件 / コメント {len(held['comments'])}件"
                       f" / ブロック {len(held['blocked'])}人")
            for p in held["posts"]:
                click.echo(f"  投稿 {p['remote_id']}: {p['text'][:40]}")
            for c in held["comments"]:
                flag = "削除" if c["deleted"] else "非表示" if c["hidden"] else "表示"
                click.echo(f"  コメント {c['remote_id']} ({flag}) @{c['author_handle']}: "
                           f"{c['text'][:40]}")
            for author in held["blocked"]:
                click.echo(f"  ブロック: {author}")
        for f in snapshot["faults"]:
            click.echo(f"待機中の障害: {f['account']} {f['operation']} {f['kind']}"
                       f" ×{f['remaining']}")
