"""Gate tests keep their parsed-policy cache in a temporary directory, so test runs do not
leave copies of throw-away policies in the user's cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _policy_cache(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    directory: Path = tmp_path_factory.getbasetemp() / "policy-cache"
    monkeypatch.setenv("KOHOGATE_POLICY_CACHE", str(directory))
    yield
