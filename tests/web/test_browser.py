"""End to end in a real headless Chromium (Debian's, driven by Playwright; no browser is
downloaded) against the real ``kohogate web`` server: a section's staff member composes a
post the gate holds for 決裁 and watches the verdict appear while typing; the 所属長
approves it; it is published on the mock platform; a harmful comment is hidden by the
sweep, a borderline one waits in the review queue and a person hides it.

Screenshots are written under the test's tmp dir (and copied to $KOHOGATE_SCREENSHOTS
when set), to look at the Japanese layout."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, sync_playwright

from scheduler.db import engine_for, session_scope
from scheduler.migrate import upgrade
from scheduler.models import Comment
from scheduler.registry import get_account
from scheduler.settings import Settings
from scheduler.sweep import sweep_account
from tests.daemon import KOHOGATE, free_port, wait_for
from tests.pipeline import deliveries, drain, platform, post_now
from tests.web.people import PASSWORD, make_world

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed")]
OFFICIAL = "市の公式見解として、秋吉台の山焼きの実施方針をお知らせします。"
HARMFUL = "この人の電話は090-1234-5678です"
BORDERLINE = "あの店はつぶれるらしいよ"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Settings, str]]:
    """``kohogate web`` on a free port over a fresh SQLite store — the command
    docker-compose's ``web`` service runs."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    upgrade(url)
    settings = Settings(data_dir=tmp_path / "data", database_url=url,
                        mock_state_path=tmp_path / "mock.sqlite",
                        session_secret="browser-test-secret-" + "y" * 20,
                        dispatch_lookahead=0.0)
    make_world(settings)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOHOGATE_")}
    env.update({"KOHOGATE_DATABASE_URL": url, "KOHOGATE_DATA_DIR": str(settings.data_dir),
                "KOHOGATE_MOCK_STATE_PATH": str(settings.mock_state_path),
                "KOHOGATE_SESSION_SECRET": settings.session_secret or ""})
    log = (tmp_path / "web.log").open("wb")
    server = subprocess.Popen([KOHOGATE, "web", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return requests.get(f"{base}/login", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_for(answers, 30, "kohogate web to answer")
        yield settings, base
    finally:
        server.terminate()
        server.wait(10)
        engine_for(url).dispose()


def shoot(page: Page, tmp_path: Path, name: str) -> None:
    path = tmp_path / "screens" / f"{name}.png"
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    target = os.environ.get("KOHOGATE_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def sign_in(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/calendar")


def test_compose_approve_publish_sweep_and_review(served: tuple[Settings, str],
                                                  tmp_path: Path) -> None:
    settings, base = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True,
            locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1280, "height": 900},
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"])
        page = browser.new_page()
        page.set_default_timeout(10_000)

        page.goto(f"{base}/calendar")
        assert "/login" in page.url  # nobody is signed in yet
        shoot(page, tmp_path, "01-login")
        sign_in(page, base, "suzuki")

        # a planned post dragged to another day in the week view keeps its time
        planned = post_now(settings, ["kanko"], "紅葉まつりのお知らせ", author_name="suzuki",
                           at="2031-12-01T08:30")
        page.goto(f"{base}/calendar?view=week&day=2031-12-01")
        page.drag_and_drop(f"a[data-post='{planned}']", ".day[data-day='2031-12-03']")
        page.locator(f".day[data-day='2031-12-03'] a[data-post='{planned}']").wait_for()
        assert "08:30" in page.inner_text(f"a[data-post='{planned}']")
        shoot(page, tmp_path, "02-calendar-week")

        # section staff compose; the gate's verdict appears while typing, with its article
        page.goto(f"{base}/posts/new")
        assert page.is_checked("input[name=accounts][value=kanko]")
        page.select_option("#category", "pr")
        assert page.is_disabled("#category option[value=jobs]")  # not this account's (第4.2(2))
        page.locator("#text").press_sequentially(OFFICIAL[:10], delay=15)
        page.locator("#text").press_sequentially(OFFICIAL[10:])
        page.locator("#decision[data-decision=needs_approval]").wait_for()
        assert page.inner_text("#decision") == "決裁が必要です"
        assert page.inner_text("#marked mark") == "市の公式見解"
        assert "第4.6" in page.inner_text("#evidence")
        assert "決裁を受けてから公開されます" in page.inner_text("#explain")
        assert page.inner_text("#counts").count("kanko") == 1
        shoot(page, tmp_path, "03-compose-live-verdict")
        page.click("#submit")
        page.wait_for_url(f"{base}/posts/*")
        post_id = int(page.url.rsplit("/", 1)[1])
        assert page.inner_text("#post-state") == "決裁待ち"
        shoot(page, tmp_path, "04-awaiting-approval")
        page.click("header button.link")  # ログアウト
        page.wait_for_url(f"{base}/login")

        # the 所属長 sees that something waits, and approves
        sign_in(page, base, "tanaka")
        assert page.inner_text("#wait-approvals") == "1"
        page.click("a[href='/approvals']")
        assert OFFICIAL in page.inner_text(f"#approval-{post_id}")
        shoot(page, tmp_path, "05-approvals")
        page.click(f"#approval-{post_id} button.primary")
        page.wait_for_url(f"{base}/approvals")
        assert "決裁待ちの投稿はありません" in page.inner_text("main")

        # the dispatcher and publisher run as the worker runs them
        drain(settings)
        [delivery] = deliveries(settings, post_id)
        assert delivery.state == "published" and delivery.remote_id
        page.goto(f"{base}/posts/{post_id}")
        assert page.inner_text("#post-state") == "公開済み"
        shoot(page, tmp_path, "06-published")

        # comments arrive; the sweep hides the harmful one and queues the borderline one
        mock = platform(settings)
        harmful = mock.add_comment(account="kanko", post_remote_id=delivery.remote_id,
                                   text=HARMFUL, author_handle="doxxer")
        borderline = mock.add_comment(account="kanko", post_remote_id=delivery.remote_id,
                                      text=BORDERLINE, author_handle="gossip")
        with session_scope(settings.resolved_database_url) as session:
            kanko_id = get_account(session, "kanko").id
        report = sweep_account(settings, kanko_id)
        assert (report.hidden, report.review) == (1, 1), report
        hidden = {c["remote_id"]: c["hidden"] for c in
                  mock.snapshot()["accounts"]["kanko"]["comments"]}
        assert hidden == {harmful: True, borderline: False}

        page.goto(f"{base}/reviews")
        assert page.inner_text("#wait-reviews") == "1"
        with session_scope(settings.resolved_database_url) as session:
            waiting = session.query(Comment).filter_by(platform_id=borderline).one().id
        card = page.locator(f"#comment-{waiting}")
        assert card.locator("mark").inner_text() in BORDERLINE
        assert "第4.5(5)" in card.inner_text()
        shoot(page, tmp_path, "07-review-queue")
        card.locator("button[value=hide]").click()
        page.wait_for_url(f"{base}/reviews")
        assert page.is_visible("#queue-empty")
        assert "第4.5(5)" in page.inner_text(f"#decided-{waiting}")
        shoot(page, tmp_path, "08-reviewed")
        browser.close()
    hidden = {c["remote_id"]: c["hidden"] for c in
              mock.snapshot()["accounts"]["kanko"]["comments"]}
    assert hidden == {harmful: True, borderline: True}
    assert "Traceback" not in (tmp_path / "web.log").read_text(errors="replace")
