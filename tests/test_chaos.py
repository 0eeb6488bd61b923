"""The chaos check, small: a worker SIGKILL, a Redis FLUSHALL, Redis killed and restarted
and PostgreSQL crashed and restarted, while posts fall due — nothing lost, nothing
published twice. (bench/chaos.py runs the long plan and prints the stalls.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.daemon import postgres_bin

pytestmark = [pytest.mark.celery, pytest.mark.slow]


@pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL server binaries are missing")
def test_faults_lose_nothing_and_double_nothing(tmp_path: Path) -> None:
    from bench.chaos import Chaos, small_plan

    chaos = Chaos(tmp_path, accounts=3, concurrency=2)
    try:
        outcome = chaos.run(posts=240, spread=15.0, faults=small_plan(), timeout=180)
    finally:
        chaos.close()
    print(outcome.report())
    assert outcome.duplicated == 0, "a delivery was published twice"
    assert outcome.lost == 0 and outcome.published == 240, "a delivery was lost"
