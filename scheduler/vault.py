"""The credentials vault: tokens, passwords and login sessions encrypted at rest.

Fernet (AES-128-CBC + HMAC-SHA256) with key rotation through MultiFernet: the first key
encrypts, every key decrypts, ``rotate`` re-encrypts under the first. Keys come from
``KOHOGATE_SECRET_KEYS`` (comma-separated, newest first) or a key file
(``KOHOGATE_SECRET_KEY_FILE``, or one created with mode 0600 in the data directory on first
use). Secrets never appear in a message, a repr or a log line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class VaultError(Exception):
    """A secret could not be read back; the message never contains the secret."""


class Secrets(dict[str, str]):
    """A dict of secrets whose printed form shows the keys only."""

    def __repr__(self) -> str:
        return f"Secrets({sorted(self)})"

    __str__ = __repr__


class Vault:
    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise VaultError("暗号鍵がありません / no encryption key")
        try:
            self._fernet = MultiFernet([Fernet(k) for k in keys])
        except (ValueError, TypeError):
            raise VaultError("暗号鍵の形式が正しくありません（Fernet鍵: 32バイトのurlsafe base64）"
                             " / a key is not a valid Fernet key") from None

    def __repr__(self) -> str:
        return "Vault(<keys hidden>)"

    @staticmethod
    def generate_key() -> bytes:
        return Fernet.generate_key()

    @classmethod
    def from_environment(cls, key_file_default: Path) -> Vault:
        listed = os.environ.get("KOHOGATE_SECRET_KEYS", "").strip()
        if listed:
            return cls([k.strip().encode() for k in listed.split(",") if k.strip()])
        path = Path(os.environ.get("KOHOGATE_SECRET_KEY_FILE") or key_file_default)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(cls.generate_key() + b"\n")
        keys = [line.strip() for line in path.read_bytes().splitlines() if line.strip()]
        return cls(keys)

    def encrypt(self, secrets: Mapping[str, str]) -> str:
        payload = json.dumps(dict(secrets), ensure_ascii=False).encode()
        return self._fernet.encrypt(payload).decode()

    def decrypt(self, token: str) -> Secrets:
        try:
            data = json.loads(self._fernet.decrypt(token.encode()))
        except InvalidToken:
            raise VaultError("認証情報を復号できません（暗号鍵が違うか、データが壊れています）"
                             " / cannot decrypt the credentials: wrong key or damaged data"
                             ) from None
        return Secrets({str(k): str(v) for k, v in data.items()})

    def rotate(self, token: str) -> str:
        """Re-encrypt under the newest key (after adding a key in front of the list)."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise VaultError("認証情報を復号できません / cannot decrypt the credentials") from None
