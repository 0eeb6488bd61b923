"""A person's own settings in the consoles."""

from __future__ import annotations

from sqlalchemy.orm import Session

from scheduler import audit
from scheduler.errors import InvalidField
from scheduler.models import User

LANGUAGES = ("ja", "en")


def set_language(session: Session, *, actor: User, language: str) -> User:
    """Japanese is the default; English is there for whoever needs it (User.language)."""
    if language not in LANGUAGES:
        raise InvalidField(f"言語「{language}」は選べません（ja / en）",
                           f"unknown language {language!r}; ja or en", "language")
    if actor.language != language:
        actor.language = language
        audit.record(session, actor=actor.name, kind="user.language_set", subject_type="user",
                     subject_id=actor.id, language=language)
    return actor
