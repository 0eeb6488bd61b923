"""The Celery app: broker and store settings, queues and routes, the beat schedule.

Tasks carry ids only and call :mod:`scheduler`; all logic lives there. Queues, in priority
order: ``emergency`` (第4.2(2)イ, and the dispatcher itself, so that it is never stuck behind
publishing), ``publish``, ``sweep``. The broker's visibility timeout exceeds the hard time
limit, and nothing is sent with a far-ahead ``eta``: deliveries become due in the store.
"""

from __future__ import annotations

import fcntl

from celery import Celery, signals
from kombu import Exchange, Queue
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.exc import DBAPIError

from scheduler.broker import broker_epoch
from scheduler.dispatcher import run_dispatch
from scheduler.gate import warm
from scheduler.notifications import run_notifications
from scheduler.publishing import publish_batch, reconcile
from scheduler.settings import Settings, get_settings
from scheduler.sweep import account_ids, sweep_account
from scheduler.webhooks import Arrival, judge_arrival

#: a store or broker away for a moment: the task runs again shortly, with the same ids
#: and claim (which the store still shows, or has already handed to another message)
TRANSIENT = (DBAPIError, RedisConnectionError, OSError)
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": 1, "retry_backoff_max": 5,
         "retry_jitter": True, "max_retries": 20}


def broker_transport_options(settings: Settings) -> dict[str, object]:
    """Redis redelivers an unacknowledged message after ``visibility_timeout``; it must
    outlast any task. kombu's SQL transport polls its table (once a second unless told
    otherwise, which capped the embedded pipeline near 25 deliveries/s) and hands its
    other options to create_engine."""
    if settings.resolved_broker_url.startswith("sqla+"):
        # this transport passes every option to create_engine, so its polling interval
        # cannot travel as an option: it is set on the transport class instead
        from kombu.transport.sqlalchemy import Transport

        Transport.polling_interval = settings.broker_polling
        return {"connect_args": {"timeout": 30}}
    return {"visibility_timeout": settings.visibility_timeout,
            "polling_interval": settings.broker_polling}


settings = get_settings()
QUEUES = ("emergency", "publish", "sweep", "moderate")

app = Celery("kohogate", broker=settings.resolved_broker_url)
app.conf.update(
    task_queues=[Queue(name, Exchange(name, type="direct"), routing_key=name)
                 for name in QUEUES],
    task_default_queue="publish",
    task_routes={
        "kohogate.dispatch": {"queue": "emergency"},
        "kohogate.sweep_all": {"queue": "sweep"},
        "kohogate.sweep": {"queue": "sweep"},
        "kohogate.judge_comment": {"queue": "moderate"},
        # the lowest queue: telling people never takes a worker from publishing first
        "kohogate.notify": {"queue": "sweep"},
    },
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    task_time_limit=settings.task_time_limit,
    task_soft_time_limit=settings.task_time_limit * 0.9,
    broker_transport_options=broker_transport_options(settings),
    broker_connection_retry_on_startup=True,
    timezone="UTC",
    enable_utc=True,
    beat_schedule_filename=str(settings.resolved_data_dir / "celerybeat-schedule"),
    beat_schedule={
        "dispatch": {"task": "kohogate.dispatch", "schedule": settings.dispatch_interval,
                     "options": {"expires": max(5.0, settings.dispatch_interval * 5)}},
        "sweep-all": {"task": "kohogate.sweep_all", "schedule": settings.sweep_interval,
                      "options": {"expires": settings.sweep_interval}},
        "notify": {"task": "kohogate.notify", "schedule": settings.notify_interval,
                   "options": {"expires": settings.notify_interval}},
    },
    worker_hijack_root_logger=False,
)


def declare_queues() -> None:
    """A Redis that lost its memory lost kombu's routing tables too, and kombu declares a
    queue only once per connection: without this, every message would be dropped until
    the workers reconnect."""
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        for queue in app.conf.task_queues:
            queue(channel).declare()


@signals.worker_init.connect
@signals.beat_init.connect
def declare_embedded_queues(**_: object) -> None:
    """The embedded broker keeps its queues in a table kombu fills on first use by looking
    and then inserting. Lanes and beat starting together on a fresh file race for it; the
    loser's session stays broken, and a beat that lost never dispatches again. So each
    process declares the queues on start, one at a time, before any channel looks."""
    if not settings.resolved_broker_url.startswith("sqla+"):
        return
    settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
    with (settings.resolved_data_dir / "broker.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        declare_queues()


@signals.worker_init.connect
def load_the_gate(**_: object) -> None:
    """A lane loads the policy and the routers before its pool forks: every child starts
    with them, and no claimed delivery waits for them."""
    warm(settings.policy_path)


@app.task(name="kohogate.dispatch")
def dispatch() -> int:
    epoch = broker_epoch(settings.resolved_broker_url)
    if epoch is not None and epoch.fresh:
        declare_queues()
    jobs = run_dispatch(settings, epoch.marker if epoch else None)
    for job in jobs:
        if job.task == "publish":
            publish.apply_async((list(job.delivery_ids), job.token), queue=job.queue)
        else:
            reconcile_delivery.apply_async((list(job.delivery_ids),), queue=job.queue)
    return len(jobs)


@app.task(name="kohogate.publish", **RETRY)
def publish(delivery_ids: list[int], token: str | None = None) -> None:
    publish_batch(settings, delivery_ids, token)
    dispatch.apply_async(queue="emergency")  # the account is free: hand out its next batch


@app.task(name="kohogate.reconcile", **RETRY)
def reconcile_delivery(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        reconcile(settings, delivery_id)


@app.task(name="kohogate.sweep_all")
def sweep_all() -> None:
    for account_id in account_ids(settings):
        sweep.apply_async((account_id,), queue="sweep")


@app.task(name="kohogate.judge_comment", **RETRY)
def judge_comment(account_id: int, comment: dict[str, object]) -> str:
    return judge_arrival(settings, Arrival(account_id, comment))


@app.task(name="kohogate.sweep", **RETRY)
def sweep(account_id: int) -> None:
    sweep_account(settings, account_id)


@app.task(name="kohogate.notify")
def notify() -> None:
    """Queue what is to be told and send what waits (a missed pass is made up by the next)."""
    run_notifications(settings)
