"""Detector families. Each is a small function ``(Normalized, ...) -> list[Finding]`` with
one job; the engine composes them and turns findings into a verdict."""
