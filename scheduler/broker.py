"""What the scheduler needs to know about the broker itself: whether it forgot.

A Redis started without persistence, or flushed, silently drops every message it held.
The dispatcher keeps a marker key in it; when the marker is gone, the broker's memory is
gone too, and every batch handed out before and not yet started is handed out again at
once instead of waiting for its lease to run out. The SQL transport keeps its messages in
a file and needs no marker.
"""

from __future__ import annotations

import secrets
from functools import lru_cache

import redis

MARKER = "kohogate:broker-epoch"


@lru_cache(maxsize=4)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def broker_epoch(broker_url: str) -> str | None:
    """The broker's current marker (set now if missing); None when there is no marker to
    keep (not Redis) or the broker does not answer (nothing can be dispatched anyway)."""
    if not broker_url.startswith(("redis://", "rediss://")):
        return None
    client = _client(broker_url)
    try:
        client.set(MARKER, secrets.token_hex(8), nx=True)
        value = client.get(MARKER)
    except redis.RedisError:
        return None
    return value.decode() if isinstance(value, bytes) else None
