"""Credentials are encrypted at rest, rotatable, and never printed back."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from scheduler.vault import Vault, VaultError
from tests.daemon import KOHOGATE

SECRET = "EAAB-very-secret-token-0123456789"


def test_round_trip_and_rotation() -> None:
    old, new = Vault.generate_key(), Vault.generate_key()
    token = Vault([old]).encrypt({"access_token": SECRET})
    assert SECRET not in token
    both = Vault([new, old])
    assert both.decrypt(token)["access_token"] == SECRET
    rotated = both.rotate(token)
    assert Vault([new]).decrypt(rotated)["access_token"] == SECRET
    with pytest.raises(VaultError):
        Vault([old]).decrypt(rotated)


def test_a_wrong_key_fails_clearly_without_the_secret() -> None:
    token = Vault([Vault.generate_key()]).encrypt({"password": SECRET})
    with pytest.raises(VaultError) as caught:
        Vault([Vault.generate_key()]).decrypt(token)
    assert "復号できません" in str(caught.value) and SECRET not in str(caught.value)


def test_secrets_never_show_in_repr() -> None:
    vault = Vault([Vault.generate_key()])
    secrets = vault.decrypt(vault.encrypt({"password": SECRET}))
    assert SECRET not in repr(secrets) and SECRET not in str(secrets)
    assert "password" in repr(secrets)
    assert "keys hidden" in repr(vault)


def test_the_key_file_is_created_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.delenv("KOHOGATE_SECRET_KEYS", raising=False)
    monkeypatch.delenv("KOHOGATE_SECRET_KEY_FILE", raising=False)
    key_file = tmp_path / "secret.key"
    token = Vault.from_environment(key_file).encrypt({"a": "b"})
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert Vault.from_environment(key_file).decrypt(token) == {"a": "b"}


def test_set_credentials_reads_stdin_and_never_echoes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOHOGATE_")}
    env["KOHOGATE_DATA_DIR"] = str(tmp_path / "data")

    def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KOHOGATE, *args], env=env, capture_output=True, text=True,
                              input=stdin, timeout=60)

    assert cli("accounts", "add", "--name", "fb", "--platform", "facebook").returncode == 0
    result = cli("accounts", "set-credentials", "fb",
                 stdin=json.dumps({"page_access_token": SECRET}))
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    listed = cli("accounts", "list", "--json")
    assert SECRET not in listed.stdout
    assert json.loads(listed.stdout)[0]["has_credentials"] is True
    audit = cli("audit", "--json").stdout
    assert SECRET not in audit and "page_access_token" in audit
    for stored in (tmp_path / "data").glob("kohogate.sqlite*"):  # the WAL file too
        assert SECRET.encode() not in stored.read_bytes()
    assert cli("accounts", "rotate-keys").returncode == 0
    bad = cli("accounts", "set-credentials", "fb", stdin="not json")
    assert bad.returncode != 0 and "JSON" in bad.stderr
