"""Expiring named locks in the store (see :class:`scheduler.models.Lease`)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scheduler.models import Lease


def acquire(session: Session, name: str, seconds: float, now: datetime) -> str | None:
    """Take the lease if it is free or expired; returns a holder token, or None.
    Commits, so the lease is visible to others before the guarded work starts."""
    holder = secrets.token_hex(8)
    until = now + timedelta(seconds=seconds)
    taken = session.scalar(
        update(Lease).where(Lease.name == name, Lease.until < now)
        .values(holder=holder, until=until).returning(Lease.name))
    if not taken:
        try:
            with session.begin_nested():
                session.execute(insert(Lease).values(name=name, holder=holder, until=until))
        except IntegrityError:
            session.commit()
            return None
    session.commit()
    return holder


def release(session: Session, name: str, holder: str, now: datetime) -> None:
    session.execute(update(Lease).where(Lease.name == name, Lease.holder == holder)
                    .values(until=now))
    session.commit()
