"""What the scheduler needs to know about the broker itself: whether it forgot.

A Redis started without persistence, or flushed, silently drops every message it held.
The dispatcher keeps a marker key in it; when the marker is gone, the broker's memory is
gone too, and every batch handed out before and not yet started is handed out again at
once instead of waiting for its lease to run out. The SQL transport keeps its messages in
a file and needs no marker.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import redis

MARKER = "kohogate:broker-epoch"


@lru_cache(maxsize=4)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


@dataclass(frozen=True)
class Epoch:
    """The broker's marker, and whether it was missing (set just now): then the broker
    also forgot its routing tables, which kombu declares only once per connection."""

    marker: str
    fresh: bool


def broker_epoch(broker_url: str) -> Epoch | None:
    """The broker's current marker (set now if missing); None when there is no marker to
    keep (not Redis) or the broker does not answer (nothing can be dispatched anyway)."""
    if not broker_url.startswith(("redis://", "rediss://")):
        return None
    client = _client(broker_url)
    try:
        fresh = bool(client.set(MARKER, secrets.token_hex(8), nx=True))
        value = client.get(MARKER)
    except redis.RedisError:
        return None
    return Epoch(value.decode(), fresh) if isinstance(value, bytes) else None


@lru_cache(maxsize=4)
def _producer(broker_url: str) -> Any:
    """A Celery client that only sends, by task name: the faces hand work to the workers
    without importing the worker's app."""
    from celery import Celery

    return Celery("kohogate-producer", broker=broker_url)


def send(broker_url: str, task: str, args: Sequence[Any], queue: str) -> None:
    """Hand one task to the workers; raises when the broker cannot take it (the caller
    answers so that the sender tries again)."""
    _producer(broker_url).send_task(task, args=list(args), queue=queue,
                                    retry_policy={"max_retries": 2})
