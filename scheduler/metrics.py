"""The daemon's figures, read from the store: for Prometheus (:func:`metrics_text`, which
the web app mounts at ``/metrics`` and ``kohogate metrics`` prints) and for a person at a
terminal (:func:`read_status`, ``kohogate status``). Both read one :class:`Figures`, so the
page and the graph never disagree.

The store is the only record, so the figures come from it at each scrape rather than from
counters kept in one process: they hold whichever worker did the work, and survive a
restart. The lateness histogram is therefore a window (deliveries published in the last
``metrics_window`` seconds), not a counter since start: read its buckets as they are
(``histogram_quantile`` without ``rate()``).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from scheduler.db import session_scope
from scheduler.enums import DeliveryState, HoldKind, NotificationState
from scheduler.models import Account, Comment, Delivery, Notification, Post, User, utcnow
from scheduler.notifications import hold_kinds
from scheduler.rights import Operation, require
from scheduler.settings import Settings

#: upper bounds of the lateness buckets, seconds
LATENESS_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)
#: most recent publications read for the lateness window
LATENESS_ROWS = 20_000
CONTENT_TYPE = CONTENT_TYPE_LATEST


@dataclass
class Lateness:
    """published_at − due_at of the deliveries published within the window."""

    window_seconds: float
    count: int = 0
    sum_seconds: float = 0.0
    median_seconds: float | None = None
    max_seconds: float | None = None
    #: cumulative counts by upper bound ("+Inf" last), as Prometheus reads them
    buckets: dict[str, int] = field(default_factory=dict)


@dataclass
class Figures:
    now: datetime
    #: every delivery state, with zero for the empty ones
    deliveries: dict[str, int]
    #: scheduled deliveries whose time has come and that have not been handed out
    due: int
    lateness: Lateness
    #: {"subject": comment|post, "decision": …, "ground": …, "count": n}
    gate: list[dict[str, Any]]
    #: account name → seconds since its last sweep (since it was added, if never swept)
    sweep_lag_seconds: dict[str, float]
    #: hold kind → accounts held for it
    holds: dict[str, int]
    held_accounts: list[dict[str, Any]]
    notifications: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["now"] = self.now.isoformat()
        return data


def read_figures(session: Session, settings: Settings, now: datetime | None = None) -> Figures:
    now = now or utcnow()
    by_state = dict.fromkeys((str(s) for s in DeliveryState), 0)
    for state, count in session.execute(select(Delivery.state, func.count(Delivery.id))
                                        .group_by(Delivery.state)):
        by_state[str(state)] = int(count)
    due = session.scalar(select(func.count(Delivery.id)).where(
        Delivery.state == DeliveryState.SCHEDULED, Delivery.next_attempt_at <= now)) or 0
    holds = dict.fromkeys((str(k) for k in HoldKind), 0)
    held, lag = [], {}
    for account in session.scalars(select(Account).order_by(Account.id)):
        kinds = hold_kinds(account, now)
        for kind in kinds:
            holds[kind] += 1
        if kinds:
            held.append({"account": account.name, "reasons": [str(k) for k in kinds]})
        since = account.last_swept_at or account.created_at
        lag[account.name] = max(0.0, (now - since).total_seconds())
    notified = dict.fromkeys((str(s) for s in NotificationState), 0)
    for told, count in session.execute(select(Notification.state, func.count(Notification.id))
                                       .group_by(Notification.state)):
        notified[str(told)] = int(count)
    return Figures(now=now, deliveries=by_state, due=int(due),
                   lateness=_lateness(session, now, settings.metrics_window),
                   gate=_gate(session), sweep_lag_seconds=lag, holds=holds,
                   held_accounts=held, notifications=notified)


def _lateness(session: Session, now: datetime, window: float) -> Lateness:
    rows = session.execute(
        select(Delivery.due_at, Delivery.published_at)
        .where(Delivery.state == DeliveryState.PUBLISHED,
               Delivery.published_at >= now - timedelta(seconds=window))
        .order_by(Delivery.published_at.desc()).limit(LATENESS_ROWS))
    values = sorted(max(0.0, (published - due).total_seconds()) for due, published in rows
                    if published is not None)
    result = Lateness(window_seconds=window, count=len(values), sum_seconds=sum(values))
    if values:
        result.median_seconds = statistics.median(values)
        result.max_seconds = values[-1]
    for bound in LATENESS_BUCKETS:
        result.buckets[str(bound)] = sum(1 for v in values if v <= bound)
    result.buckets["+Inf"] = len(values)
    return result


def _grounds(raw: str | None) -> list[str]:
    try:
        parsed = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [str(g) for g in parsed] if isinstance(parsed, list) else []


def _gate(session: Session) -> list[dict[str, Any]]:
    """Decisions by ground, from each comment's verdict and each post's latest one: a
    comment or post with two grounds counts under both; one with none under ``none``."""
    counts: dict[tuple[str, str, str], int] = {}

    def add(subject: str, decision: str | None, grounds: list[str], count: int) -> None:
        for ground in grounds or ["none"]:
            key = (subject, decision or "none", ground)
            counts[key] = counts.get(key, 0) + count

    comment_grounds = cast(Comment.grounds, Text)
    for decision, raw, count in session.execute(
            select(Comment.decision, comment_grounds, func.count(Comment.id))
            .group_by(Comment.decision, comment_grounds)):
        add("comment", decision, _grounds(raw), int(count))
    post_decision = Post.verdict["decision"].as_string()
    post_grounds = cast(Post.verdict["grounds"], Text)
    for decision, raw, count in session.execute(
            select(post_decision, post_grounds, func.count(Post.id))
            .where(Post.verdict.is_not(None)).group_by(post_decision, post_grounds)):
        add("post", decision, _grounds(raw), int(count))
    return [{"subject": s, "decision": d, "ground": g, "count": n}
            for (s, d, g), n in sorted(counts.items())]


def read_status(session: Session, settings: Settings, *, actor: User,
                now: datetime | None = None) -> Figures:
    """The figures for a person (``kohogate status``)."""
    require(actor, Operation.STATUS_VIEW)
    return read_figures(session, settings, now)


# -- Prometheus -------------------------------------------------------------------------------


def families(figures: Figures) -> Iterator[Metric]:
    deliveries = GaugeMetricFamily("kohogate_deliveries", "Deliveries by state.",
                                   labels=["state"])
    for state, count in figures.deliveries.items():
        deliveries.add_metric([state], count)
    yield deliveries
    yield GaugeMetricFamily(
        "kohogate_deliveries_due",
        "Scheduled deliveries whose time has come and that are not handed out yet.",
        value=figures.due)
    late = figures.lateness
    lateness = HistogramMetricFamily(
        "kohogate_publish_lateness_seconds",
        f"published_at - due_at of the deliveries published in the last "
        f"{late.window_seconds:g} seconds (a window, not a counter since start).")
    lateness.add_metric([], buckets=list(late.buckets.items()), sum_value=late.sum_seconds)
    yield lateness
    gate = GaugeMetricFamily("kohogate_gate_decisions",
                             "Stored gate decisions by subject (comment, post) and ground.",
                             labels=["subject", "decision", "ground"])
    for row in figures.gate:
        gate.add_metric([row["subject"], row["decision"], row["ground"]], row["count"])
    yield gate
    lag = GaugeMetricFamily("kohogate_sweep_lag_seconds",
                            "Seconds since each account's comments were last swept.",
                            labels=["account"])
    for account, seconds in figures.sweep_lag_seconds.items():
        lag.add_metric([account], seconds)
    yield lag
    holds = GaugeMetricFamily("kohogate_accounts_held",
                              "Accounts whose publishing is held, by reason.",
                              labels=["reason"])
    for reason, count in figures.holds.items():
        holds.add_metric([reason], count)
    yield holds
    notified = GaugeMetricFamily("kohogate_notifications", "Notifications by state.",
                                 labels=["state"])
    for state, count in figures.notifications.items():
        notified.add_metric([state], count)
    yield notified


class StoreCollector(Collector):
    """Reads the store at each scrape (one short unit of work)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def collect(self) -> Iterable[Metric]:
        with session_scope(self.settings.resolved_database_url) as session:
            figures = read_figures(session, self.settings)
        return list(families(figures))


def registry_for(settings: Settings) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(settings))
    return registry


def metrics_text(settings: Settings) -> str:
    """The Prometheus exposition text (serve it with :data:`CONTENT_TYPE`)."""
    return generate_latest(registry_for(settings)).decode()
