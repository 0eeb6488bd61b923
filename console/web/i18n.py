"""The console's words: written in Japanese in the templates, with English beside them for
people who chose it (User.language). A phrase without an English entry stays Japanese,
which is the safe side for a Japanese city's console."""

from __future__ import annotations

from collections.abc import Callable

from scheduler.errors import KohogateError

EN: dict[str, str] = {
    "広報ゲート": "Kohogate",
    "美祢市公式アカウント運用コンソール": "Mine City official accounts console",
    "カレンダー": "Calendar", "投稿一覧": "Posts", "投稿作成": "Compose", "決裁": "Approvals",
    "コメント確認": "Review", "情報提供": "Submissions", "アカウント": "Accounts",
    "開設届・報告": "Filings", "監査ログ": "Audit log", "稼働状況": "Status",
    "設定": "Settings", "ログアウト": "Sign out", "ログイン": "Sign in",
    "利用者名": "User name", "パスワード": "Password",
    "決裁待ち": "awaiting approval", "確認待ち": "awaiting review",
    "未処理の情報提供": "submissions",
    "週": "Week", "月": "Month", "前へ": "Previous", "次へ": "Next", "今日": "Today",
    "すべてのアカウント": "All accounts", "すべての所属": "All sections", "絞り込み": "Filter",
    "下書き": "draft", "差し戻し": "rejected", "予約済み": "scheduled", "保留中": "held",
    "公開済み": "published", "失敗": "failed",
    "投稿先": "Accounts", "発信区分": "Category", "シェア元の区分": "Share source",
    "シェア元URL": "Share URL", "本文": "Text", "画像": "Image", "画像URL": "Image URL",
    "公開日時": "Publish at", "空欄なら今すぐ": "empty: now",
    "所属長の決裁を求める（第4.6）": "Ask the section head for approval (第4.6)",
    "提出する": "Submit", "下書き保存": "Save draft", "判定": "Verdict",
    "入力すると判定します": "The verdict appears as you type",
    "公開できます": "May be published", "決裁が必要です": "Needs approval",
    "発信できません": "Blocked", "文字数": "Length", "確認事項": "Check",
    "承認する": "Approve", "却下する": "Decline", "理由": "Reason",
    "日時を変更": "Reschedule", "編集": "Edit", "保存": "Save", "取消": "Cancel post",
    "再提出": "Resubmit", "配信": "Deliveries", "状態": "State", "試行": "Attempts",
    "決裁待ちの投稿はありません": "Nothing awaits your approval",
    "確認待ちのコメントはありません": "No comment awaits review",
    "根拠": "Ground", "条項": "Article", "非表示": "Hide", "削除": "Delete",
    "ブロック": "Block", "ミュート": "Mute", "問題なし": "Clear", "再表示": "Unhide",
    "最近の対応": "Recent actions", "件名": "Title", "内容": "Body", "リンク": "Link",
    "希望日時": "Desired time", "提供する": "Send", "投稿にする": "Make a post",
    "差し戻す": "Return", "取り下げる": "Withdraw", "経過": "Age",
    "種類": "Platform", "所属": "Section", "権限": "Granted to", "認証": "Credentials",
    "トークン期限": "Token expiry", "今月の費用": "Cost this month", "利用枠": "Rate budget",
    "様式第1号を作成": "File form 1", "第5の報告": "Report (第5)", "印刷": "Print",
    "承認（様式第2号）": "Approve (form 2)", "不承認": "Decline",
    "操作した人": "Actor", "種別": "Kind", "期間": "Period", "CSVで出力": "Export CSV",
    "改ざんなし": "Chain intact", "改ざんの疑い": "Chain broken",
    "配信待ち": "Queue depth", "遅延": "Late", "保留中のアカウント": "Held accounts",
    "期限が近いトークン": "Tokens expiring", "巡回の遅れ": "Sweep lag",
    "言語": "Language", "APIトークン": "API tokens", "発行": "Issue", "失効させる": "Revoke",
    "パスワード変更": "Change password", "変更": "Change",
    "入力内容を確認してください": "Please check the highlighted fields",
    "もう一度お試しください": "Please try again", "戻る": "Back",
    "地方創生推進室長": "head of the office", "地方創生推進室 担当者": "office staff",
    "所属長": "section head", "担当者": "section staff", "運営受託事業者": "contractor",
    "未処理（古い順・出来るだけ速やかに）": "Waiting, oldest first (as fast as possible, 第4.2(3))",
    "提供した情報": "What your section sent", "地方創生推進室へ情報を提供する":
    "Send information to the office", "提供済み（推進室の確認待ち）": "sent (awaiting the office)",
    "投稿済み": "posted", "取り下げ": "withdrawn",
    "批判・苦情・質問は削除の理由になりません。根拠に当たる場合だけ対応してください。":
    "Criticism, complaints and questions are never grounds for removal; act only on a ground "
    "of 第4.5.",
    "決裁の記録": "Approval record", "投稿者": "Author", "24時間の失敗": "Failed in 24 h",
    "予定の投稿は別の日へドラッグすると、同じ時刻のまま公開日を移せます。":
    "Drag a planned post to another day to move it; it keeps its time.",
    "パスワードを変更しました": "Password changed",
    "投稿を提出しました。公開予定に入りました。": "Submitted; the post is scheduled.",
    "投稿を提出しました。所属長の決裁を待っています（第4.6）。":
    "Submitted; it waits for the section head's approval (第4.6).",
    "投稿は発信禁止事項に当たるため差し戻されました。内容を確認してください。":
    "The post was rejected as prohibited content (第4.4(4)); please check it.",
    "下書きを保存しました。": "Draft saved.", "公開日時を変更しました": "Rescheduled",
    "投稿を編集し、再提出しました": "Edited and resubmitted", "公開を取り消しました": "Cancelled",
    "決裁しました。公開予定に入りました。": "Approved; the post is scheduled.",
    "却下しました。投稿者に理由が伝わります。": "Declined; the author sees your reason.",
}


def translator(language: str) -> Callable[[str], str]:
    if language != "en":
        return lambda text: text
    return lambda text: EN.get(text, text)


def message(error: KohogateError, language: str) -> str:
    return error.en if language == "en" else error.ja
