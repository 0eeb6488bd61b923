"""Running one detector alone, as the engine would, on the default policy."""

from __future__ import annotations

from policy_gate import default_policy
from policy_gate.detectors.base import Context, Detector, Finding, Target
from policy_gate.normalize import Normalized

POLICY = default_policy()


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
