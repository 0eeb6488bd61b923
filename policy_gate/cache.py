"""A parsed policy kept between processes, so the gate starts fast.

Parsing the YAML, folding a few thousand lexicon terms and checking a hundred patterns
costs more than all the rest of start-up; a CLI command or a worker that judges one
comment should not pay it each time. The copy is used only while every file it was made
from (the policy, each lexicon file, the spelling table) and the gate's own code are
exactly as they were (size and modification time), so editing the policy takes effect at
once. Where the cache cannot be written (a read-only home), the gate simply parses.

Location: ``$KOHOGATE_POLICY_CACHE`` (a directory), else ``$XDG_CACHE_HOME/kohogate``,
else ``~/.cache/kohogate``. ``KOHOGATE_POLICY_CACHE=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
FORMAT = 1


def _directory() -> Path | None:
    chosen = os.environ.get("KOHOGATE_POLICY_CACHE")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kohogate"


def _file(policy_path: Path) -> Path | None:
    directory = _directory()
    if directory is None:
        return None
    key = hashlib.sha1(str(policy_path.resolve()).encode("utf-8")).hexdigest()[:16]
    return directory / f"policy-{key}.pickle"


def _stamp(path: Path) -> tuple[str, int, int]:
    status = path.stat()
    return str(path.resolve()), status.st_size, status.st_mtime_ns


def _code() -> tuple[tuple[str, int, int], ...]:
    """The gate's own source files: a changed rule engine invalidates every copy."""
    return tuple(sorted(_stamp(p) for p in PACKAGE.rglob("*.py")))


def read(policy_path: Path) -> Any | None:
    """The cached policy for ``policy_path`` if it is still exact, else None."""
    target = _file(policy_path)
    if target is None:
        return None
    try:
        with target.open("rb") as handle:
            version, code, sources, policy = pickle.load(handle)
        if version != FORMAT or code != _code():
            return None
        if any(_stamp(Path(name)) != (name, size, mtime) for name, size, mtime in sources):
            return None
        return policy
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError,
            pickle.UnpicklingError):
        return None


def write(policy_path: Path, policy: Any, sources: list[Path]) -> None:
    """Keep ``policy`` for the next process; any failure just leaves no copy."""
    target = _file(policy_path)
    if target is None:
        return
    try:
        stamps = tuple(_stamp(p) for p in dict.fromkeys(sources))
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump((FORMAT, _code(), stamps, policy), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, target)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
