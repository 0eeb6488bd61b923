"""Kept for imports of the first version: findings live in :mod:`policy_gate.detectors.base`."""

from policy_gate.detectors.base import Finding

__all__ = ["Finding"]
