"""Templates over lemmas and parts of speech, as the policy YAML writes them.

A template is a list of alternative sequences; a sequence is a list of token conditions,
each within ``within`` tokens of the one before. Matching is greedy (the first token that
fits each condition, no backtracking), so it is linear in the tokens for a fixed template:
a long text cannot make it explode.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from policy_gate.detectors.base import Context, Finding, Target
from policy_gate.normalize import Normalized
from policy_gate.scan import Cover
from policy_gate.stage2.morph import Token, tokenize

if TYPE_CHECKING:
    from policy_gate.policy import Template, TokenCondition

SENTENCE_END = re.compile(r"[。！？!?\n]")


def _fits(token: Token, condition: TokenCondition, cues: dict[str, Cover]) -> bool:
    if condition.lemma and not ({token.lemma, token.norm, token.surface} & condition.lemma):
        return False
    if condition.surface and token.surface not in condition.surface:
        return False
    if condition.pos and not token.pos.startswith(condition.pos):
        return False
    if condition.form and condition.form not in token.form:
        return False
    if condition.cue:
        cover = cues.get(condition.cue)
        if cover is None or not cover.covers(token.start, token.end):
            return False  # the token is not (inside) one of the cue set's words
    return True


class Positions:
    """Where each token condition holds in one window of tokens, found once per condition:
    a condition naming its words is looked up in an index of lemmas, norms and surfaces, any
    other is tested on each token once. Matching then jumps between these positions, so a
    long repetitive text costs a template a few lookups per start, not a test of every
    token in reach of every start."""

    def __init__(self, tokens: Sequence[Token], cues: dict[str, Cover]) -> None:
        self.tokens = tokens
        self.cues = cues
        self._words: dict[str, list[int]] | None = None
        self._found: dict[TokenCondition, list[int]] = {}

    def _by_word(self) -> dict[str, list[int]]:
        if self._words is None:
            self._words = {}
            for position, token in enumerate(self.tokens):
                for word in {token.lemma, token.norm, token.surface}:
                    self._words.setdefault(word, []).append(position)
        return self._words

    def of(self, condition: TokenCondition) -> list[int]:
        found = self._found.get(condition)
        if found is None:
            words = condition.lemma or condition.surface
            candidates: Iterable[int] = (
                sorted({p for w in words for p in self._by_word().get(w, ())}) if words
                else range(len(self.tokens)))
            found = [p for p in candidates if _fits(self.tokens[p], condition, self.cues)]
            self._found[condition] = found
        return found


def match(sequence: Sequence[TokenCondition], table: Positions) -> tuple[int, int] | None:
    """(original start, end) of the first match of ``sequence``, or None: from each token
    that fits the first condition, the nearest token after that fits the next, within its
    reach."""
    starts = table.of(sequence[0])
    if not starts:
        return None
    rest = [(table.of(condition), condition.within) for condition in sequence[1:]]
    for start in starts:
        position = start
        for fitting, within in rest:
            nearest = bisect_right(fitting, position)
            if nearest == len(fitting) or fitting[nearest] > position + within:
                break
            position = fitting[nearest]
        else:
            return table.tokens[start].start, table.tokens[position].end
    return None


def windows(views: Normalized, spans: list[tuple[int, int]], budget: int
            ) -> list[tuple[int, int]]:
    """The sentences (in the NFKC view) around stage 1's hits, merged, at most ``budget``
    characters in all: stage 2 reads what is suspect, not the whole text."""
    view = views.nfkc
    if not view.text:
        return []
    origin, text = view.origin, view.text
    result: list[tuple[int, int]] = []
    used = 0
    for start, end in sorted(spans):
        a = bisect_left(origin, start)
        b = bisect_left(origin, end)
        if result and a < result[-1][1]:
            continue  # inside the window already taken
        left = max(0, a - 80)
        cut = [m.end() for m in SENTENCE_END.finditer(text, left, a)]
        left = cut[-1] if cut else left
        stop = SENTENCE_END.search(text, b, min(len(text), b + 80))
        right = stop.end() if stop else min(len(text), b + 80)
        if result and left <= result[-1][1]:
            used += right - result[-1][1]
            result[-1] = (result[-1][0], max(result[-1][1], right))
        else:
            used += right - left
            result.append((left, right))
        if used >= budget:
            break
    return result


class Templates:
    """Stage 2: every template whose cues stage 1 found, on the sentences around them."""

    name = "templates"
    grounds = frozenset({"discrimination", "illegal", "rumor", "social_advocacy", "privacy",
                         "religious_political", "public_order", "defamation", "obscene"})
    targets: frozenset[Target] = frozenset({"comment", "post"})
    stage = 2

    def wanted(self, context: Context) -> list[Template]:
        cues = context.scan.cues
        return [t for t in context.policy.templates
                if context.target in t.applies_to and all(cues.get(n) for n in t.needs)
                and not any(cues.get(n) for n in t.unless_cues)]

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        templates = self.wanted(context)
        if not templates:
            return []
        spans = [s for name in {n for t in templates for n in t.needs}
                 for s in context.scan.cues.get(name, ())]
        spans += [(f.start, f.end) for f in context.extra.get("stage1", [])  # type: ignore[attr-defined]
                  if isinstance(f, Finding) and f.end > f.start]
        budget = context.policy.limit("stage2_max_chars", 1500)
        tokens = [t for a, b in windows(views, spans, budget)
                  for t in tokenize(views.neologdn_span(a, b))]
        covers = {name: Cover(list(spans)) for name, spans in context.scan.cues.items()}
        positions = Positions(tokens, covers)
        found = []
        for template in templates:
            for sequence in template.sequences:
                where = match(sequence, positions)
                if where is not None and template.same_sentence and not _needs_in_sentence(
                        template, views.original, where, context.scan.cues):
                    where = None
                if where is not None:
                    found.append(Finding(template.ground, f"template.{template.name}",
                                         where[0], where[1], template.confidence,
                                         "語の組み合わせ（形態素解析）", template.action,
                                         template.severe))
                    break
        return found


def _needs_in_sentence(template: Template, text: str, where: tuple[int, int],
                       cues: dict[str, list[tuple[int, int]]]) -> bool:
    """Whether every cue set the template needs hit in the sentence (or sentences) of its
    match, offsets in the original text."""
    ends = [m.end() for m in SENTENCE_END.finditer(text, 0, where[0])]
    start = ends[-1] if ends else 0
    stop = SENTENCE_END.search(text, where[1])
    end = stop.end() if stop else len(text)
    return all(any(a < end and b > start for a, b in cues.get(name, ()))
               for name in template.needs)
