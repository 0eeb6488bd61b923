"""Reading the times operators type: ISO 8601, in Asia/Tokyo unless they say otherwise."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from scheduler.errors import InvalidInput


def parse_local_time(text: str, zone: str) -> datetime:
    """``2026-12-01T09:00+09:00``, ``2026-12-01 09:00`` (read in ``zone``) → aware UTC."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"日時「{text}」を読み取れません。例: 2026-12-01T09:00+09:00",
            f"cannot read the time {text!r}; example: 2026-12-01T09:00+09:00",
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.astimezone(UTC)


def local(value: datetime | None, zone: str) -> str | None:
    return None if value is None else value.astimezone(ZoneInfo(zone)).isoformat()
