"""Errors an operator sees: Japanese first, English after, never a stack trace."""

from __future__ import annotations


class KohogateError(Exception):
    """A refused request. Nothing was changed when one of these is raised."""

    exit_code = 2

    def __init__(self, ja: str, en: str) -> None:
        super().__init__(f"{ja} / {en}")
        self.ja = ja
        self.en = en


class InvalidInput(KohogateError):
    """The request itself is malformed (empty text, unknown category, bad time...)."""


class NotFound(KohogateError):
    exit_code = 3


class Forbidden(KohogateError):
    """The person may not do this (第3, 第4.6)."""

    exit_code = 4


class InvalidState(KohogateError):
    """The request does not fit where the post is in its life."""

    exit_code = 5


class InvalidField(InvalidInput):
    """Bad input that belongs to one field of a form, so a face can put the message next
    to that field instead of at the top of the page."""

    def __init__(self, ja: str, en: str, field: str) -> None:
        super().__init__(ja, en)
        self.field = field

    @classmethod
    def of(cls, error: KohogateError, field: str) -> InvalidField:
        return cls(error.ja, error.en, field)
