"""``kohogate gate``: run the policy gate on a file of rows, or evaluate it on labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from console.context import emit_json
from scheduler.errors import InvalidInput
from scheduler.gate import policy_for
from scheduler.settings import get_settings


def _rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{path}:{number} のJSONが読めません: {exc.msg}",
                               f"{path}:{number}: invalid JSON: {exc.msg}") from None
        if not isinstance(row, dict) or "text" not in row:
            raise InvalidInput(f"{path}:{number} に text がありません",
                               f"{path}:{number}: a row needs a text") from None
        rows.append(row)
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
        for result in check_rows(_rows(path), policy):
            click.echo(json.dumps(result, ensure_ascii=False))

    @gate.command("eval", help="ラベル付きJSONLで精度・再現率を評価 / evaluate on labels")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--json", "as_json", is_flag=True)
    def evaluate_(path: Path, as_json: bool) -> None:
        from policy_gate.evaluation import evaluate

        report = evaluate(_rows(path), policy_for(get_settings().policy_path))
        if as_json:
            emit_json(report.to_dict())
        else:
            click.echo(report.format())
