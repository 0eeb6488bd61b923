"""``kohogate gate``: run the policy gate on a file of rows, or evaluate it on labels.

A row the gate cannot judge faithfully is an error that names the file and the line,
never a silent allow: a line that is not UTF-8 or not JSON, a row that is not an object,
whose ``text`` is missing or not a string, whose ``kind`` is neither comment nor post, or
whose ``labels`` name no ground of the policy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from console.context import emit_json
from scheduler.errors import InvalidInput
from scheduler.gate import policy_for
from scheduler.settings import get_settings

KINDS = ("comment", "post")
#: what each decision means to the person who reads it (post show says the same)
DECISION_JA = {
    "allow": "許可", "hide": "非表示（自動）", "review": "確認待ち（担当者が判断）",
    "block": "差し戻し（発信禁止事項）", "needs_approval": "所属長の決裁待ち（第4.6）",
}


def _bad(path: Path, number: int, ja: str, en: str) -> InvalidInput:
    return InvalidInput(f"{path}:{number}: {ja}", f"{path}:{number}: {en}")


def _row(path: Path, number: int, raw: bytes, labels: set[str] | None) -> dict[str, Any]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad(path, number, f"UTF-8 として読めません（{exc.start + 1}バイト目）",
                   f"not UTF-8 (byte {exc.start + 1} of the line)") from None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _bad(path, number, f"JSONが読めません: {exc.msg}",
                   f"invalid JSON: {exc.msg}") from None
    if not isinstance(row, dict):
        raise _bad(path, number, "行がJSONオブジェクトではありません", "a row must be an object")
    if not isinstance(row.get("text"), str):
        raise _bad(path, number, "text（文字列）がありません",
                   "a row needs a text that is a string")
    kind = row.setdefault("kind", "comment")
    if kind not in KINDS:
        raise _bad(path, number, f"kind は comment か post です（{kind!r}）",
                   f"kind must be comment or post, not {kind!r}")
    if labels is not None:
        given = row.get("labels", [])
        if not isinstance(given, list) or not all(isinstance(x, str) for x in given):
            raise _bad(path, number, "labels は文字列のリストです", "labels must be a list of text")
        unknown = sorted(set(given) - labels)
        if unknown:
            raise _bad(path, number, f"未知のラベル {unknown[0]!r}",
                       f"unknown label {unknown[0]!r}")
    return row


def read_rows(path: Path, labels: set[str] | None = None) -> list[dict[str, Any]]:
    """Every row of a JSONL file, checked; the first bad line stops with its number."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path} を読めません: {exc.strerror}",
                           f"{path}: cannot read: {exc.strerror}") from None
    rows = []
    for number, raw in enumerate(data.splitlines(), 1):
        if raw.strip():
            rows.append(_row(path, number, raw, labels))
    return rows


def register(root: click.Group) -> None:
    @root.group(help="ポリシーゲートの判定と評価 / the policy gate")
    def gate() -> None:
        pass

    @gate.command("check", help="JSONLの各行を判定し、1行ずつJSONで出力 / check rows")
    @click.option("--jsonl", "path", required=True,
                  type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def check(path: Path) -> None:
        from policy_gate.evaluation import check_rows

        policy = policy_for(get_settings().policy_path)
        for result in check_rows(read_rows(path), policy):
            result["decision_ja"] = DECISION_JA[result["decision"]]
            click.echo(json.dumps(result, ensure_ascii=False))

    @gate.command("eval", help="ラベル付きJSONLで精度・再現率を評価 / evaluate on labels")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--json", "as_json", is_flag=True)
    def evaluate_(path: Path, as_json: bool) -> None:
        from policy_gate.evaluation import evaluate

        policy = policy_for(get_settings().policy_path)
        known = {*policy.comment_grounds, *policy.post_grounds, *policy.rule_grounds}
        report = evaluate(read_rows(path, known), policy)
        if as_json:
            emit_json(report.to_dict())
        else:
            click.echo(report.format())

    @gate.command("train", help="学習ルーター（確認・保留のみ）を学習 / train the learned router")
    @click.argument("paths", nargs=-1, required=True,
                    type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--target", type=click.Choice(KINDS), required=True,
                  help="comment（確認待ちへ）か post（所属長の決裁待ちへ）")
    @click.option("--budget", type=float, default=0.02, show_default=True,
                  help="ルーターが人の確認へ回してよい無害な行の割合 / share of benign rows")
    @click.option("--budget-latin", type=float, default=None,
                  help="英語など欧文の行の割合（省略時は --budget）/ the share for rows in Latin "
                       "letters (default: --budget)")
    @click.option("--word-weight", type=click.IntRange(min=0), default=0, show_default=True,
                  help="英単語・単語対を数える回数（0 で文字 n-gram のみ）/ how many times a "
                       "Latin word or word pair counts (0: character n-grams only)")
    @click.option("--subword-size", "subword_sizes", type=click.IntRange(min=2, max=8),
                  multiple=True, help="英単語の中の文字 n-gram の長さ（複数可）/ sizes of the "
                                      "character n-grams read inside each Latin word")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
    def train_(paths: tuple[Path, ...], target: str, budget: float, budget_latin: float | None,
               word_weight: int, subword_sizes: tuple[int, ...], out: Path) -> None:
        try:
            from policy_gate.router import FeatureSet
            from policy_gate.training import train, write_model
        except ImportError:  # pragma: no cover - depends on the installation
            raise InvalidInput("学習には scikit-learn が必要です（uv sync で開発用依存を入れます）",
                               "training needs scikit-learn (a development dependency)"
                               ) from None
        for name, share in (("--budget", budget), ("--budget-latin", budget_latin)):
            if share is not None and not 0 <= share < 1:
                raise InvalidInput(f"{name} は 0 以上 1 未満です", f"{name} must be in [0, 1)")
        policy = policy_for(get_settings().policy_path)
        known = {*policy.comment_grounds, *policy.post_grounds, *policy.rule_grounds}
        read = [(path.name, row) for path in paths for row in read_rows(path, known)]
        try:
            model = train([row for _, row in read], target, policy, budget,
                          FeatureSet(word_weight, tuple(sorted(set(subword_sizes)))),
                          writers=[name for name, _ in read], budget_latin=budget_latin)
        except ValueError as exc:
            raise InvalidInput(f"学習できません: {exc}", f"cannot train: {exc}") from None
        write_model(model, out, [path.name for path in paths])
        about = model["about"]["out_of_fold"]
        click.echo(f"{out}: {len(model['weights'])} n-grams, threshold "
                   f"{model['threshold']:.3f}; out-of-fold recall {about['rules_recall']:.3f}"
                   f" -> {about['routed_recall']:.3f}, benign flagged "
                   f"{about['rules_benign_flagged']:.3f} -> {about['routed_benign_flagged']:.3f}")
