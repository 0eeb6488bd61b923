"""The README's walkthrough, as a new user types it: `kohogate up` with embedded defaults
(SQLite store, SQLite broker, mock platform), then the CLI from another terminal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from tests.daemon import KOHOGATE, free_port, wait_for

pytestmark = pytest.mark.slow


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOHOGATE_")}
    env["KOHOGATE_DATA_DIR"] = str(tmp_path / "data")
    env["KOHOGATE_SWEEP_INTERVAL"] = "2"
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # a new user's own key folder
    env["KOHOGATE_SESSION_KEY_FILE"] = str(tmp_path / "keys" / "session.key")
    return env


def _cli(env: dict[str, str], *args: str,
         stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KOHOGATE, *args], env=env, capture_output=True, text=True,
                          timeout=60, input=stdin)


def _answers(url: str) -> bool:
    import requests

    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_the_readme_walkthrough_on_embedded_defaults(tmp_path: Path) -> None:
    env = _env(tmp_path)
    log = (tmp_path / "up.log").open("wb")
    port = free_port()
    up = subprocess.Popen([KOHOGATE, "up", "--web-port", str(port)], env=env, stdout=log,
                          stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/login"), 60,
                 "the console, supervised by up, to answer")
        assert _cli(env, "accounts", "add", "--name", "main", "--platform", "mock",
                    "--kind", "main").returncode == 0
        created = _cli(env, "post", "create", "--account", "main", "--text",
                       "秋吉台の山焼きは2月に行います", "--category", "event", "--submit")
        assert created.returncode == 0, created.stderr
        post_id = created.stdout.strip()

        def published() -> bool:
            shown = json.loads(_cli(env, "post", "show", post_id, "--json").stdout)
            return shown["publication"] == "published"

        # generous: on a loaded 2-core machine the lanes take a while to boot (speed is
        # measured in bench/, not here)
        wait_for(published, 180, "the post to be published by the daemon", interval=1)
        doxx = "この人の電話は０９０ー１２３４ー５６７８です"
        assert _cli(env, "mock", "comment", "--account", "main", "--on", post_id,
                    "--text", doxx).returncode == 0
        assert _cli(env, "mock", "comment", "--account", "main", "--on", post_id,
                    "--text", "毎年楽しみにしています").returncode == 0

        def hidden() -> bool:
            state = json.loads(_cli(env, "mock", "state", "--json").stdout)
            return any(c["hidden"] for c in state["accounts"]["main"]["comments"])

        wait_for(hidden, 60, "the beat-driven sweep to hide the comment", interval=1)
        comments = json.loads(_cli(env, "mock", "state", "--json").stdout)[
            "accounts"]["main"]["comments"]
        assert {c["text"]: c["hidden"] for c in comments} == {
            doxx: True, "毎年楽しみにしています": False}
        events = json.loads(_cli(env, "audit", "--json").stdout)
        [hide] = [e for e in events if e["kind"] == "moderation.hide"]
        assert hide["data"]["citations"] == ["第4.5(8)"]
        assert any("１２３４" in e["span"] for e in hide["data"]["evidence"])
        listed = json.loads(_cli(env, "post", "list", "--json").stdout)
        assert [p["id"] for p in listed] == [int(post_id)]
    finally:
        children = psutil.Process(up.pid).children(recursive=True)
        up.send_signal(signal.SIGINT)
        code = up.wait(60)
    assert code == 0
    time.sleep(0.5)
    assert not [c for c in children if c.is_running() and c.status() != "zombie"], \
        "a worker or beat process outlived Ctrl-C"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["post", "create", "--account", "nowhere", "--text", "x"], "nowhere"),
        (["post", "create", "--account", "main", "--text", ""], "本文が空"),
        (["post", "create", "--account", "main", "--text", "x", "--at", "2001-01-01T00:00"],
         "過去"),
        (["post", "create", "--account", "main", "--text", "x", "--at", "tomorrow"],
         "読み取れません"),
        (["post", "create", "--account", "main", "--text", "x", "--category", "gossip"],
         "発信区分"),
        (["post", "approve", "999", "--as", "operator"], "999"),
    ],
)
def test_bad_input_prints_a_clear_error_and_changes_nothing(tmp_path: Path, args: list[str],
                                                            words: str) -> None:
    env = _env(tmp_path)
    assert _cli(env, "accounts", "add", "--name", "main", "--platform", "mock").returncode == 0
    result = _cli(env, *args)
    assert result.returncode != 0
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(_cli(env, "post", "list", "--json").stdout) == []


def test_english_messages_are_available(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "KOHOGATE_LANGUAGE": "en"}
    result = _cli(env, "post", "create", "--account", "nowhere", "--text", "x")
    assert result.returncode != 0
    assert "no account named 'nowhere'" in result.stderr


def test_accounts_check_reports_credentials_budget_cost_and_the_no_reply_notice(
        tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _cli(env, "accounts", "add", "--name", "main", "--platform", "mock").returncode == 0
    report = json.loads(_cli(env, "accounts", "check", "main", "--json").stdout)
    assert report["credentials"] == "ok"
    assert report["no_reply_notice"] is True
    assert report["cost_this_month_usd"] == 0
    assert _cli(env, "accounts", "add", "--name", "fb", "--platform", "facebook").returncode == 0
    broken = _cli(env, "accounts", "check", "fb")
    assert broken.returncode != 0 and "page_id" in broken.stdout


def _start_up(env: dict[str, str], tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen([KOHOGATE, "up", "--web-port", str(free_port())], env=env,
                            stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)


def test_a_killed_up_takes_its_workers_with_it_and_a_second_up_is_refused(
        tmp_path: Path) -> None:
    env = _env(tmp_path)
    first = _start_up(env, tmp_path, "first")
    try:
        # two worker lanes, beat and the web console
        wait_for(lambda: len(psutil.Process(first.pid).children()) == 4, 60,
                 "the worker lanes, beat and the console to start")
        lost = psutil.Process(first.pid).children()[0]
        lost.kill()  # the kernel's OOM killer, say: the supervisor starts it again
        wait_for(lambda: len(psutil.Process(first.pid).children()) == 4
                 and lost.pid not in {c.pid for c in psutil.Process(first.pid).children()},
                 60, "the lost child to be started again")
        assert first.poll() is None
        second = subprocess.run([KOHOGATE, "up"], env=env, capture_output=True, text=True,
                                timeout=60, cwd=tmp_path)
        assert second.returncode != 0
        assert "既に kohogate が動いています" in second.stderr
        assert f'"pid": {first.pid}' in second.stderr
        children = psutil.Process(first.pid).children(recursive=True)
    finally:
        first.kill()  # SIGKILL: no chance to stop its children itself
        first.wait(30)

    def all_gone() -> bool:
        return not [c for c in children if c.is_running() and c.status() != "zombie"]

    wait_for(all_gone, 30, "the workers and beat to end with their parent")
    log = (tmp_path / "first.log").read_text()
    assert "暗号鍵" in log and "secret.key" in log  # it says where the new key is


def test_a_key_kept_with_the_store_is_flagged(tmp_path: Path) -> None:
    env = _env(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "secret.key").write_bytes(b"ZmFrZS1rZXktZmFrZS1rZXktZmFrZS1rZXktZmFrZS0=\n")
    assert _cli(env, "accounts", "add", "--name", "main", "--platform", "mock").returncode == 0
    report = json.loads(_cli(env, "accounts", "check", "main", "--json").stdout)
    assert report["key_location"].endswith("data/secret.key")
    assert "データと同じ場所" in report["key_warning"]
    elsewhere = {**env, "KOHOGATE_SECRET_KEY_FILE": str(tmp_path / "keys" / "vault.key")}
    report = json.loads(_cli(elsewhere, "accounts", "check", "main", "--json").stdout)
    assert report["key_warning"] is None


def test_long_text_comes_from_a_file_or_stdin_and_bad_bytes_are_named(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _cli(env, "accounts", "add", "--name", "main", "--platform", "mock").returncode == 0
    body = tmp_path / "notice.txt"
    body.write_text("秋芳洞のお知らせ\n" + "詳細は市のホームページをご覧ください。\n" * 20)
    created = _cli(env, "post", "create", "--account", "main", "--text-file", str(body))
    assert created.returncode == 0, created.stderr
    piped = _cli(env, "post", "create", "--account", "main", "--text-file", "-",
                 stdin="標準入力からの本文です")
    assert piped.returncode == 0, piped.stderr
    texts = {p["text"] for p in json.loads(_cli(env, "post", "list", "--json").stdout)}
    assert "標準入力からの本文です" in texts and len(texts) == 2

    body.write_bytes("一行目\n".encode() + "二行目".encode("shift_jis"))
    refused = _cli(env, "post", "create", "--account", "main", "--text-file", str(body))
    assert refused.returncode != 0 and "UTF-8ではありません（2行目" in refused.stderr
    raw = subprocess.run([KOHOGATE.encode(), b"post", b"create", b"--account", b"main",
                          b"--text", "お知らせ".encode("euc_jp")], env=env,
                         capture_output=True, timeout=60)
    assert raw.returncode != 0
    message = raw.stderr.decode()
    assert "UTF-8ではありません" in message and "サロゲート" not in message
    assert len(json.loads(_cli(env, "post", "list", "--json").stdout)) == 2


def test_audit_verify_from_the_command_line(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _cli(env, "accounts", "add", "--name", "main", "--platform", "mock").returncode == 0
    result = _cli(env, "audit", "verify")
    assert result.returncode == 0 and "改ざんされていません" in result.stdout


def test_lanes_and_beat_starting_together_on_a_fresh_embedded_broker_all_see_every_queue(
        tmp_path: Path) -> None:
    """kombu fills the embedded broker's queue table by looking, then inserting: processes
    starting at once used to collide there, and a beat that lost never dispatched again."""
    import sqlite3
    import sys

    env = _env(tmp_path)
    go = tmp_path / "go"
    start = ("import pathlib, sys, time, worker\n"  # imported, each waits for the others
             "pathlib.Path(sys.argv[1]).touch()\n"
             f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.002)\n"
             "worker.declare_embedded_queues()\n")
    starting = [subprocess.Popen([sys.executable, "-c", start, str(tmp_path / f"ready-{n}")],
                                 env=env, stderr=subprocess.PIPE, text=True)
                for n in range(6)]
    wait_for(lambda: len(list(tmp_path.glob("ready-*"))) == 6, 120, "six processes to start")
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in starting]
    assert [p.returncode for p in starting] == [0] * 6, errors
    broker = sqlite3.connect(tmp_path / "data" / "broker.sqlite")
    names = sorted(name for (name,) in broker.execute("SELECT name FROM kombu_queue"))
    assert names == ["emergency", "moderate", "publish", "sweep"]


def test_a_lane_loads_the_gate_before_it_takes_work(tmp_path: Path) -> None:
    """The first delivery a worker claims must not wait, lease running, for the policy and
    the routers to load: a lane loads them as it starts, before its pool forks."""
    import sys

    probe = ("from celery import signals\n"
             "import worker\n"
             "from policy_gate.router import load_router\n"
             "assert worker.load_the_gate in [r() for _, r in signals.worker_init.receivers]\n"
             "assert load_router.cache_info().currsize == 0\n"
             "signals.worker_init.send(sender=None)\n"
             "assert load_router.cache_info().currsize == 2, load_router.cache_info()\n")
    done = subprocess.run([sys.executable, "-c", probe], env=_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
