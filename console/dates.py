"""Dates as the city writes them: Japan Standard Time, and the 令和 era on its forms.

The store keeps UTC; every face shows Asia/Tokyo. Forms of the policy (様式第1号, 様式第2号)
are dated 令和N年M月D日, and the first year of an era is 元年, not 1年.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")
WEEKDAYS_JA = ("月", "火", "水", "木", "金", "土", "日")
#: (first day, name) newest first
ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"), (date(1989, 1, 8), "平成"), (date(1926, 12, 25), "昭和"),
)


def to_jst(value: datetime) -> datetime:
    return value.astimezone(JST)


def jst_text(value: datetime | None, *, seconds: bool = False) -> str:
    if value is None:
        return ""
    return to_jst(value).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def jst_input(value: datetime | None) -> str:
    """The value an ``<input type="datetime-local">`` shows, read back as JST."""
    return "" if value is None else to_jst(value).strftime("%Y-%m-%dT%H:%M")


def era_year(day: date) -> tuple[str, int]:
    for start, name in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    return "", day.year


def wareki(day: date | datetime | None) -> str:
    """令和8年4月1日 (and 令和元年5月1日 for the era's first year)."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = to_jst(day).date()
    name, year = era_year(day)
    if not name:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def today_jst(now: datetime | None = None) -> date:
    return to_jst(now or datetime.now(JST)).date()
