"""What a detector reports: a ground, where in the original text, and how sure."""

from __future__ import annotations

from dataclasses import dataclass

from policy_gate.normalize import View


@dataclass(frozen=True)
class Finding:
    ground: str
    detector: str
    start: int  # into the ORIGINAL text
    end: int
    confidence: float
    note: str | None = None

    @classmethod
    def in_view(cls, view: View, start: int, end: int, ground: str, detector: str,
                confidence: float, note: str | None = None) -> Finding:
        first, last = view.span(start, end)
        return cls(ground, detector, first, last, confidence, note)
