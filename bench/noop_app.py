"""A bare Celery app with one no-op task: the ceiling kohogate's pipeline is compared to.
Same broker settings as worker.py (acks late, prefetch 1), so the comparison is fair."""

from __future__ import annotations

import os

import redis
from celery import Celery

BROKER = os.environ["BENCH_BROKER_URL"]
app = Celery("noop", broker=BROKER)
app.conf.update(task_acks_late=True, worker_prefetch_multiplier=1, task_ignore_result=True,
                worker_hijack_root_logger=False)
_counter = redis.Redis.from_url(BROKER)


@app.task(name="bench.noop")
def noop() -> None:
    _counter.incr("bench:done")
