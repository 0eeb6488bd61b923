"""``kohogate status`` (the daemon's figures for a person, Japanese first) and ``kohogate
metrics`` (the same figures as Prometheus reads them)."""

from __future__ import annotations

from typing import Any

import click

from console.context import acting_user, as_option, emit_json, json_option, ready_settings, store
from scheduler.enums import HOLD_LABELS_JA, HoldKind, NotificationState
from scheduler.metrics import metrics_text, read_status
from scheduler.notify_text import when
from scheduler.states import DELIVERY_LABELS_JA

DECISION_LABELS_JA = {"allow": "許可", "review": "確認待ち", "hide": "非表示", "block": "差し戻し",
                      "needs_approval": "決裁待ち", "none": "-"}
NOTIFICATION_LABELS_JA = {
    NotificationState.PENDING: "未送信", NotificationState.SENT: "送信済み",
    NotificationState.FAILED: "失敗", NotificationState.NO_RECIPIENT: "宛先なし",
    NotificationState.WITHDRAWN: "取り下げ",
}


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 60:
        return f"{seconds:.1f}秒"
    minutes, rest = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes}分{rest:02d}秒"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}時間{minutes:02d}分"


def status_text(figures: dict[str, Any], zone: str, now_text: str) -> str:
    deliveries = figures["deliveries"]
    lines = [f"広報ゲートの稼働状況（{now_text} {zone}）",
             "配信: " + " / ".join(f"{DELIVERY_LABELS_JA.get(s, s)} {n}"
                                  for s, n in deliveries.items()),
             f"  予定時刻を過ぎて送信を待つ配信: {figures['due']}件"]
    late = figures["lateness"]
    window = _duration(late["window_seconds"])
    if late["count"]:
        lines.append(f"公開の遅れ（直近{window}、{late['count']}件）: 中央値 "
                     f"{_duration(late['median_seconds'])} / 最大 {_duration(late['max_seconds'])}")
    else:
        lines.append(f"公開の遅れ（直近{window}）: 公開なし")
    lines.append("ゲート判定:")
    subjects = {"comment": "コメント", "post": "投稿"}
    for row in figures["gate"]:
        lines.append(f"  {subjects[row['subject']]} "
                     f"{DECISION_LABELS_JA.get(row['decision'], row['decision'])} "
                     f"{row['ground']}: {row['count']}件")
    if not figures["gate"]:
        lines.append("  （まだありません）")
    lags = figures["sweep_lag_seconds"]
    lines.append("コメント巡回の遅れ: " + (", ".join(
        f"{name} {_duration(seconds)}" for name, seconds in lags.items()) or "アカウントなし"))
    held = figures["held_accounts"]
    lines.append("公開保留中のアカウント: " + (", ".join(
        f"{h['account']}（{'、'.join(HOLD_LABELS_JA[HoldKind(r)] for r in h['reasons'])}）"
        for h in held) or "なし"))
    lines.append("通知: " + " / ".join(
        f"{NOTIFICATION_LABELS_JA.get(NotificationState(s), s)} {n}"
        for s, n in figures["notifications"].items()))
    return "\n".join(lines)


def register(root: click.Group) -> None:
    @root.command(help="稼働状況（配信・遅れ・判定・巡回・保留・通知）/ the daemon's figures")
    @as_option
    @json_option
    def status(as_user: str | None, as_json: bool) -> None:
        settings = ready_settings()
        with store() as session:
            figures = read_status(session, settings, actor=acting_user(session, as_user))
        data = figures.to_dict()
        if as_json:
            emit_json(data)
            return
        click.echo(status_text(data, settings.timezone, when(figures.now, settings.timezone)))

    @root.command(help="Prometheus形式の指標を表示 / print the metrics as Prometheus reads them")
    def metrics() -> None:
        click.echo(metrics_text(ready_settings()), nl=False)
