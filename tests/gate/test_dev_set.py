"""The development set as a regression guard (its figures are not a measure of quality:
see tests/data/README.md)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from policy_gate import default_policy
from policy_gate.evaluation import evaluate

DEV = Path(__file__).resolve().parents[1] / "data" / "gate_dev.jsonl"
COMMENT_GROUNDS = {"defamation", "discrimination", "religious_political", "illegal", "rumor",
                   "social_advocacy", "ip_infringement", "privacy", "impersonation", "malware",
                   "obscene", "alteration", "other"}


def _rows() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]


def test_the_set_covers_every_ground_and_enough_hard_benign_rows() -> None:
    rows = _rows()
    assert len(rows) >= 400
    assert len({r["id"] for r in rows}) == len(rows)
    labels = Counter(label for r in rows if r["kind"] == "comment" for label in r["labels"])
    assert set(labels) == COMMENT_GROUNDS
    assert sum(1 for r in rows if not r["labels"]) >= 150


def test_the_gate_meets_the_targets_on_the_dev_set() -> None:
    figures = evaluate(_rows(), default_policy()).figures()
    assert figures["benign_comments_hidden"] == 0
    assert (figures["comment_hide_precision"] or 0) >= 0.97
    assert (figures["comment_flag_recall"] or 0) >= 0.90
    assert (figures["post_prohibited_recall"] or 0) >= 0.90
    assert (figures["approval_recall"] or 0) >= 0.90


def test_a_prohibited_post_held_only_for_kessai_is_stopped_but_not_recalled() -> None:
    """Held for the 所属長 under 第4.6 it is not published without a person (stopped), yet
    the gate did not say which prohibited content it was (not recalled): the report keeps
    the two apart so that neither hides the other."""
    row = {"id": "x", "kind": "post", "category": "pr", "labels": ["discrimination"],
           "text": "市の方針として、来年度から市営プールの料金を改定することを決定しました。"}
    report = evaluate([row], default_policy())
    figures = report.figures()
    assert report.misses and report.misses[0]["decision"] == "needs_approval"
    assert "discrimination" not in report.misses[0]["grounds"]
    assert figures["post_prohibited_stopped"] == 1.0
    assert figures["post_prohibited_recall"] == 0.0
