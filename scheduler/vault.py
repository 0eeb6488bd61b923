"""The credentials vault: tokens, passwords and login sessions encrypted at rest.

Fernet (AES-128-CBC + HMAC-SHA256) with key rotation through MultiFernet: the first key
encrypts, every key decrypts, ``rotate`` re-encrypts under the first. Secrets never appear
in a message, a repr or a log line.

The key must not sit beside the data it protects: a copy of the data folder must not
decrypt anything. Keys come, in this order, from ``KOHOGATE_SECRET_KEYS`` (comma-separated,
newest first), ``KOHOGATE_SECRET_KEY_FILE``, or a key file in the user's configuration
folder (``$XDG_CONFIG_HOME/kohogate/secret.key``), created with mode 0600 on first use. A
key file found in the data folder (where earlier versions created it) is still read, and
reported as a risk.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
        create_key_file(path)
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


def create_key_file(path: Path) -> bool:
    """A new key file readable by its owner only; False when one is already there."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(Vault.generate_key() + b"\n")
    return True


def default_key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "kohogate" / "secret.key"


@dataclass(frozen=True)
class KeySource:
    """Where the vault's keys come from, and whether that is a risk."""

    #: "environment" or "file"
    kind: str
    path: Path | None
    #: the key sits in the data folder or beside the SQLite store: one copy takes both
    beside_store: bool

    def describe(self) -> str:
        return "KOHOGATE_SECRET_KEYS" if self.path is None else str(self.path)

    def warning(self) -> str | None:
        if not self.beside_store:
            return None
        return (f"暗号鍵 {self.path} がデータと同じ場所にあります。データの複製で認証情報が"
                "復号できてしまいます。鍵をデータフォルダの外へ移し、KOHOGATE_SECRET_KEY_FILE"
                " で指定してください（README「鍵の保管とローテーション」）。"
                f" / the vault key {self.path} sits with the data it protects; move it out and"
                " point KOHOGATE_SECRET_KEY_FILE at it")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def key_source(data_dir: Path, store_path: Path | None) -> KeySource:
    """Resolve where keys come from without creating anything."""
    if os.environ.get("KOHOGATE_SECRET_KEYS", "").strip():
        return KeySource("environment", None, False)
    configured = os.environ.get("KOHOGATE_SECRET_KEY_FILE")
    legacy = data_dir / "secret.key"
    if configured:
        path = Path(configured).expanduser()
    elif legacy.exists():
        path = legacy
    else:
        path = default_key_file()
    folders = [data_dir] + ([store_path.parent] if store_path is not None else [])
    return KeySource("file", path, any(_inside(path, f) for f in folders))
