"""Reading the times operators type: ISO 8601, in Asia/Tokyo unless they say otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from scheduler.errors import InvalidField, InvalidInput


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


def parse_date(text: str | None, field: str, label: str = "日付", *,
               required: bool = False) -> date | None:
    """``2026-04-01`` → a calendar date; blank → None (or a message for the field when it
    is required). Every form and filter that takes a day reads it here."""
    value = (text or "").strip()
    if not value:
        if required:
            raise InvalidField(f"{label}を入力してください", f"{field} is required", field)
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidField(f"{label}「{value}」を日付として読み取れません（例: 2026-04-01）",
                           f"cannot read the date {value!r}", field) from None


def local(value: datetime | None, zone: str) -> str | None:
    return None if value is None else value.astimezone(ZoneInfo(zone)).isoformat()
