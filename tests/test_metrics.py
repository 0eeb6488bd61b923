"""The figures after a small day's work: one post out late, one failed, one waiting on a
held account, one for tomorrow, one awaiting 決裁, a comment hidden and one queued for a
person — as Prometheus reads them and as ``kohogate status`` shows them."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from scheduler.db import session_scope
from scheduler.metrics import metrics_text
from scheduler.models import Account, utcnow
from scheduler.registry import add_account, default_operator
from scheduler.settings import Settings
from scheduler.sweep import sweep_account
from scheduler.vault import Vault
from tests.daemon import KOHOGATE
from tests.pipeline import deliveries, drain, platform, post_now


@pytest.fixture
def day(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("KOHOGATE_SECRET_KEYS", Vault.generate_key().decode())
    settings = settings.model_copy(update={"past_tolerance": 3600.0})
    with session_scope(settings.resolved_database_url) as session:
        office = default_operator(session)
        add_account(session, name="main", platform="mock", actor=office)
        add_account(session, name="kankou", platform="mock", kind="field", section="観光課",
                    actor=office)
    mock = platform(settings)
    ninety_ago = (utcnow() - timedelta(seconds=90)).isoformat()
    late = post_now(settings, ["main"], "秋吉台の山焼きは2月18日に行います。", at=ninety_ago)
    drain(settings)
    mock.inject_fault(account="main", operation="publish", kind="rejected")
    post_now(settings, ["main"], "週末のイベント情報です。")
    mock.inject_fault(account="kankou", operation="publish", kind="auth_expired")
    post_now(settings, ["kankou"], "紅葉の見頃をお知らせします。")
    tomorrow = (utcnow() + timedelta(days=1)).isoformat()
    post_now(settings, ["main"], "明日のお知らせです。", at=tomorrow)
    post_now(settings, ["main"], "市の方針として利用料を改定します。", needs_approval=True)
    drain(settings)

    [out] = deliveries(settings, late)
    mock.add_comment(account="main", post_remote_id=out.remote_id or "",
                     text="この人の携帯は０９０－１２３４－５６７８だよ")
    mock.add_comment(account="main", post_remote_id=out.remote_id or "", text="担当の佐藤はバカ")
    with session_scope(settings.resolved_database_url) as session:
        main = session.query(Account).filter_by(name="main").one()
        main_id = main.id
    report = sweep_account(settings, main_id)
    assert (report.hidden, report.review) == (1, 1)
    return settings


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_the_metrics_text_has_every_family_with_the_days_figures(day: Settings) -> None:
    text = metrics_text(day)
    samples = _samples(text)

    def value(name: str, **labels: str) -> float:
        return samples[(name, frozenset(labels.items()))]

    assert value("kohogate_deliveries", state="published") == 1
    assert value("kohogate_deliveries", state="failed") == 1
    assert value("kohogate_deliveries", state="scheduled") == 2  # tomorrow's, and the held one
    assert value("kohogate_deliveries", state="pending") == 1  # awaiting 決裁
    assert value("kohogate_deliveries", state="unknown") == 0
    assert value("kohogate_deliveries_due") == 1  # the held account's

    assert value("kohogate_publish_lateness_seconds_count") == 1
    assert value("kohogate_publish_lateness_seconds_bucket", le="60.0") == 0
    assert value("kohogate_publish_lateness_seconds_bucket", le="120.0") == 1
    assert 90 <= value("kohogate_publish_lateness_seconds_sum") < 120

    assert value("kohogate_gate_decisions", subject="comment", decision="hide",
                 ground="privacy") == 1
    assert value("kohogate_gate_decisions", subject="comment", decision="review",
                 ground="defamation") == 1
    assert value("kohogate_gate_decisions", subject="post", decision="needs_approval",
                 ground="approval_required") == 1

    assert value("kohogate_sweep_lag_seconds", account="main") < 60
    assert value("kohogate_accounts_held", reason="auth_expired") == 1
    assert value("kohogate_accounts_held", reason="rate_limit") == 0
    # the failed delivery, the held account and the 決裁 request, told in their own
    # units of work
    assert value("kohogate_notifications", state="pending") == 3


def test_kohogate_status_prints_the_same_figures(day: Settings) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOHOGATE_")}
    env.update(KOHOGATE_DATABASE_URL=day.resolved_database_url,
               KOHOGATE_DATA_DIR=str(day.resolved_data_dir),
               KOHOGATE_SECRET_KEYS=os.environ["KOHOGATE_SECRET_KEYS"])

    def cli(*args: str) -> str:
        done = subprocess.run([KOHOGATE, *args], env=env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    shown = json.loads(cli("status", "--json"))
    assert shown["deliveries"]["published"] == 1 and shown["deliveries"]["failed"] == 1
    assert shown["due"] == 1
    assert shown["lateness"]["count"] == 1 and 90 <= shown["lateness"]["max_seconds"] < 120
    assert shown["holds"] == {"rate_limit": 0, "auth_expired": 1, "held": 0}
    assert shown["held_accounts"] == [{"account": "kankou", "reasons": ["auth_expired"]}]
    assert {"subject": "comment", "decision": "hide", "ground": "privacy",
            "count": 1} in shown["gate"]
    assert shown["notifications"]["pending"] == 3

    text = cli("status")
    assert "公開保留中のアカウント: kankou（認証失効）" in text
    assert "公開済み 1" in text and "失敗 1" in text
    assert "予定時刻を過ぎて送信を待つ配信: 1件" in text
    assert "kohogate_deliveries_due 1.0" in cli("metrics")
