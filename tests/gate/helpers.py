"""Running one detector alone, as the engine would, on the default policy; and an edited
copy of the policy with every file it names."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from policy_gate import default_policy
from policy_gate.detectors.base import Context, Detector, Finding, Target
from policy_gate.normalize import Normalized
from policy_gate.policy import DEFAULT_POLICY

POLICY = default_policy()
#: the same policy without its learned router: what the rules alone decide
RULES = replace(POLICY, routers={})


def run(detector: Detector, text: str, target: Target = "comment", *,
        author_name: str | None = None, author_handle: str | None = None,
        city_post: str | None = None) -> list[Finding]:
    views = Normalized.of(text)
    context = Context(target, POLICY, POLICY.scanner.run(views), author_name, author_handle,
                      city_post)
    return detector.detect(views, context)


def names(findings: list[Finding]) -> set[str]:
    return {f.detector for f in findings}


def grounds(findings: list[Finding]) -> set[str]:
    return {f.ground for f in findings}


def edited_policy(tmp_path: Path, old: str, new: str, name: str = "policy.yaml") -> Path:
    """The default policy with ``old`` replaced by ``new``, beside copies of its lexicons
    and router models, so the copy loads exactly like the original."""
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for folder in ("lexicons", "router"):
        shutil.copytree(DEFAULT_POLICY.parent / folder, tmp_path / folder)
    return path
