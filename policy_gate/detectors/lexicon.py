"""Lexicons and patterns per ground, as the policy file lists them."""

from __future__ import annotations

from policy_gate.detectors.finding import Finding
from policy_gate.normalize import Normalized
from policy_gate.policy import Policy


def detect(text: Normalized, policy: Policy, target: str) -> list[Finding]:
    found: list[Finding] = []
    compact, words = text.compact, text.words
    for rule in policy.lexicon:
        if target not in rule.applies_to:
            continue
        detector = f"lexicon.{rule.name}"
        if rule.term_regex is not None:
            innocent = [m.span() for m in rule.unless_regex.finditer(compact.text)] if (
                rule.unless_regex is not None) else []
            for match in rule.term_regex.finditer(compact.text):
                if any(s <= match.start() and match.end() <= e for s, e in innocent):
                    continue
                found.append(Finding.in_view(compact, match.start(), match.end(), rule.ground,
                                             detector, rule.confidence))
        if rule.latin_regex is not None:
            for match in rule.latin_regex.finditer(words.text):
                found.append(Finding.in_view(words, match.start(), match.end(), rule.ground,
                                             detector, rule.confidence))
        for pattern in rule.patterns:
            for match in pattern.finditer(compact.text):
                if match.end() > match.start():
                    found.append(Finding.in_view(compact, match.start(), match.end(),
                                                 rule.ground, detector, rule.confidence))
    return found
