"""``kohogate post``: drafting, submitting, 決裁 and following a post to publication."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from console.context import acting_user, as_option, emit_json, json_option, ready_settings, store
from console.views import post_text, post_view
from policy_gate.types import CATEGORIES
from scheduler.errors import InvalidInput
from scheduler.posts import (
    approve_post,
    cancel_post,
    create_post,
    decline_post,
    edit_post,
    get_post,
    list_posts,
    reschedule_post,
    submit_post,
)


def read_text(text: str | None, text_file: str | None) -> str:
    """``--text``, or ``--text-file PATH`` (``-`` for standard input): a long post does not
    fit an argument list. Bytes that are not UTF-8 are refused with where they are."""
    if (text is None) == (text_file is None):
        raise InvalidInput("本文は --text か --text-file のどちらか一方で指定してください",
                           "give the text with exactly one of --text or --text-file")
    if text is not None:
        return text
    assert text_file is not None
    try:
        raw = sys.stdin.buffer.read() if text_file == "-" else Path(text_file).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"本文のファイル「{text_file}」を読めません: {exc.strerror}",
                           f"cannot read {text_file!r}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InvalidInput(f"本文がUTF-8ではありません（{line}行目、{exc.start}バイト目）",
                           f"the text is not UTF-8 (line {line}, byte {exc.start})") from None


def register(root: click.Group) -> None:
    @root.group(help="投稿の作成・提出・決裁・確認 / posts")
    def post() -> None:
        pass

    @post.command("create", help="投稿を作成し、投稿IDを表示 / create a post, print its id")
    @click.option("--account", "accounts", multiple=True,
                  help="投稿先（複数可。緊急情報で省略時は全アカウント）/ target account")
    @click.option("--text", default=None, help="本文 / the text")
    @click.option("--text-file", default=None, metavar="PATH",
                  help="本文をファイルから（- で標準入力）/ read the text from a file, or -")
    @click.option("--at", default=None,
                  help="公開日時 (ISO 8601, 省略時は Asia/Tokyo) / publish time")
    @click.option("--category", default="other", show_default=True,
                  help=", ".join(CATEGORIES))
    @click.option("--share-source", default=None, help="シェア元の区分（第4.2(4)）")
    @click.option("--share-url", default=None)
    @click.option("--image-url", "image_urls", multiple=True,
                  help="画像の公開URL（Instagram は公開URLが必要）/ public image URL")
    @click.option("--image", "images", multiple=True, type=click.Path(dir_okay=False),
                  help="画像ファイル / image file")
    @click.option("--needs-approval", is_flag=True, help="所属長の決裁が必要（第4.6）")
    @click.option("--submit", is_flag=True, help="作成後すぐに提出 / submit at once")
    @as_option
    def create(accounts: tuple[str, ...], text: str | None, text_file: str | None,
               at: str | None, category: str, share_source: str | None,
               share_url: str | None, image_urls: tuple[str, ...], images: tuple[str, ...],
               needs_approval: bool, submit: bool, as_user: str | None) -> None:
        settings = ready_settings()
        body = read_text(text, text_file)
        with store() as session:
            author = acting_user(session, as_user)
            created = create_post(session, settings, author=author, account_names=accounts,
                                  text=body, at=at, category=category,
                                  needs_approval=needs_approval, share_source=share_source,
                                  share_url=share_url,
                                  media=[{"url": u} for u in image_urls]
                                  + [{"path": p} for p in images])
            post_id = created.id
            if submit:
                submit_post(session, settings, post_id, author)
        click.echo(post_id)

    @post.command("submit", help="提出してゲート判定を受ける / submit to the gate")
    @click.argument("post_id", type=int)
    @as_option
    @json_option
    def submit(post_id: int, as_user: str | None, as_json: bool) -> None:
        settings = ready_settings()
        with store() as session:
            verdict = submit_post(session, settings, post_id, acting_user(session, as_user))
            view = post_view(get_post(session, post_id))
        if as_json:
            emit_json(view)
            return
        label = {"allow": "承認済み（公開予定）", "needs_approval": "所属長の決裁待ち（第4.6）",
                 "block": "差し戻し（発信禁止事項）"}[verdict.decision]
        click.echo(f"投稿 {post_id}: {label}")
        click.echo(post_text(view))

    @post.command("approve", help="決裁する（第4.6）/ approve")
    @click.argument("post_id", type=int)
    @click.option("--as", "as_user", required=True, metavar="USER")
    @click.option("--note", default=None)
    def approve(post_id: int, as_user: str, note: str | None) -> None:
        with store() as session:
            approve_post(session, post_id, acting_user(session, as_user), note)
        click.echo(f"投稿 {post_id} を決裁しました。公開予定に入りました。")

    @post.command("decline", help="決裁を却下 / decline")
    @click.argument("post_id", type=int)
    @click.option("--as", "as_user", required=True, metavar="USER")
    @click.option("--note", default=None)
    def decline(post_id: int, as_user: str, note: str | None) -> None:
        with store() as session:
            decline_post(session, post_id, acting_user(session, as_user), note)
        click.echo(f"投稿 {post_id} を却下しました。")

    @post.command("edit", help="投稿を編集（承認後の編集は再判定・再決裁）/ edit a post")
    @click.argument("post_id", type=int)
    @click.option("--text", default=None)
    @click.option("--text-file", default=None, metavar="PATH")
    @click.option("--category", default=None, help=", ".join(CATEGORIES))
    @click.option("--needs-approval/--no-needs-approval", default=None)
    @click.option("--submit", is_flag=True, help="編集後すぐに提出 / submit at once")
    @as_option
    def edit(post_id: int, text: str | None, text_file: str | None, category: str | None,
             needs_approval: bool | None, submit: bool, as_user: str | None) -> None:
        settings = ready_settings()
        body = read_text(text, text_file) if text is not None or text_file else None
        with store() as session:
            actor = acting_user(session, as_user)
            edit_post(session, settings, post_id, actor, text=body, category=category,
                      needs_approval=needs_approval)
            if submit:
                submit_post(session, settings, post_id, actor)
        click.echo(f"投稿 {post_id} を編集しました" + ("（再提出済み）" if submit else
                                                     "。`post submit` で再提出してください"))

    @post.command("reschedule", help="公開日時を変更 / change the publish time")
    @click.argument("post_id", type=int)
    @click.option("--at", required=True)
    @as_option
    def reschedule(post_id: int, at: str, as_user: str | None) -> None:
        settings = ready_settings()
        with store() as session:
            reschedule_post(session, settings, post_id, acting_user(session, as_user), at)
        click.echo(f"投稿 {post_id} の公開日時を変更しました")

    @post.command("cancel", help="公開を取り消す / cancel the deliveries not yet out")
    @click.argument("post_id", type=int)
    @click.option("--reason", default=None)
    @as_option
    def cancel(post_id: int, reason: str | None, as_user: str | None) -> None:
        with store() as session:
            cancel_post(session, post_id, acting_user(session, as_user), reason)
        click.echo(f"投稿 {post_id} の公開を取り消しました")

    @post.command("list", help="投稿一覧 / list posts")
    @as_option
    @json_option
    def list_(as_user: str | None, as_json: bool) -> None:
        with store() as session:
            views = [post_view(p, detail=False) for p in list_posts(
                session, viewer=acting_user(session, as_user))]
        if as_json:
            emit_json(views)
            return
        for v in views:
            snippet = v["text"].replace("\n", " ")[:30]
            click.echo(f"{v['id']}\t{v['publication_ja']}\t{v['due_at']}\t"
                       f"{','.join(v['accounts'])}\t{snippet}")

    @post.command("show", help="投稿の状況（配信ごとの状態・公開ID・試行回数・判定）/ show")
    @click.argument("post_id", type=int)
    @as_option
    @json_option
    def show(post_id: int, as_user: str | None, as_json: bool) -> None:
        with store() as session:
            view = post_view(get_post(session, post_id, viewer=acting_user(session, as_user)))
        if as_json:
            emit_json(view)
        else:
            click.echo(post_text(view))
