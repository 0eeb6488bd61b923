"""Necessary literals of a regular expression: strings of which every match contains at
least one. Stage 1's automaton looks for them with every lexicon term, so a pattern whose
literals are absent is not run at all: most comments meet none of the hundred patterns,
and a regex scan per pattern per comment was the largest cost of stage 1.

Read from the parse tree of Python's own ``re`` (conservative: whatever it cannot read
yields None, and the pattern always runs).
"""

from __future__ import annotations

import importlib
from typing import Any

# the parser of Python's own ``re`` (private modules, hence imported by name)
constants: Any = importlib.import_module("re._constants")
parser: Any = importlib.import_module("re._parser")

Literals = frozenset[str]


def _best(candidates: list[Literals]) -> Literals | None:
    """The most selective set: longest shortest member, then fewest members."""
    usable = [c for c in candidates if c and all(c)]
    if not usable:
        return None
    return max(usable, key=lambda c: (min(len(x) for x in c), -len(c)))


def _sequence(items: Any) -> Literals | None:
    candidates: list[Literals] = []
    run: list[str] = []
    for op, av in items:
        if op is constants.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        found = _item(op, av)
        if found is not None:
            candidates.append(found)
    if run:
        candidates.append(frozenset({"".join(run)}))
    return _best(candidates)


def _item(op: Any, av: Any) -> Literals | None:
    if op is constants.SUBPATTERN:
        return _sequence(av[-1])
    if op is constants.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _sequence(branch)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT) or (
            op is getattr(constants, "POSSESSIVE_REPEAT", None)):
        low, _, sub = av
        return _sequence(sub) if low >= 1 else None
    if op is constants.IN:
        chars = [chr(v) for o, v in av if o is constants.LITERAL]
        if chars and len(chars) == len(av) and len(chars) <= 8:
            return frozenset(chars)
        return None
    return None


def necessary_literals(pattern: str) -> Literals | None:
    """Strings at least one of which every match of ``pattern`` contains, or None."""
    try:
        tree = parser.parse(pattern)
    except Exception:  # an unreadable pattern just always runs
        return None
    return _sequence(tree)
