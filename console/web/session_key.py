"""The key that signs the console's session cookies.

Like the vault's key, it must not sit in the data folder: a copy of the data would let
anyone mint a session for any person. It comes from ``KOHOGATE_SESSION_SECRET``, else a
file (``KOHOGATE_SESSION_KEY_FILE``, default ``$XDG_CONFIG_HOME/kohogate/session.key``)
made once with mode 0600 and kept across restarts, so signing in survives them.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.settings import Settings
from scheduler.vault import create_key_file, default_key_file


def session_key_file(settings: Settings) -> Path:
    return (settings.session_key_file or default_key_file().with_name("session.key")).expanduser()


def session_secret(settings: Settings) -> str:
    if settings.session_secret:
        return settings.session_secret
    path = session_key_file(settings)
    create_key_file(path)
    return path.read_text().strip()
