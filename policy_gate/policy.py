"""Loading a municipality's policy from YAML: grounds with their articles, categories,
lexicons, patterns, thresholds and the city's own names, domains and phone numbers.

A broken file is refused with the file, the line and the field at fault, because the
person editing it is a city's PR officer, not a programmer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from policy_gate.normalize import fold, fold_leet, fold_words

DEFAULT_POLICY = Path(__file__).resolve().parent / "policies" / "mine.yaml"


class PolicyError(ValueError):
    """The policy file cannot be used; the message names file, line and field."""


@dataclass(frozen=True)
class Ground:
    id: str
    article: str
    label: str


@dataclass(frozen=True)
class LexiconRule:
    """Terms (matched on the compact or leet view) or patterns (regex on the compact view)
    that point to one ground with one confidence."""

    ground: str
    confidence: float
    applies_to: frozenset[str]  # {"comment", "post"}
    terms: tuple[str, ...]  # already folded
    latin_terms: tuple[str, ...]  # folded with leet, matched on the leet view
    patterns: tuple[re.Pattern[str], ...]
    name: str
    term_regex: re.Pattern[str] | None = None  # every term in one alternation
    latin_regex: re.Pattern[str] | None = None
    #: words that contain a term innocently (ばかり contains ばか): a term match inside
    #: one of these is not a match
    unless_regex: re.Pattern[str] | None = None


def _alternation(terms: tuple[str, ...], latin: bool) -> re.Pattern[str] | None:
    """One pass over the text for all terms; longest first so the widest match wins.
    Latin terms must stand as words (``ass`` must not fire inside ``class``)."""
    if not terms:
        return None
    body = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{body})(?![a-z])" if latin else f"(?:{body})")


@dataclass(frozen=True)
class Policy:
    name: str
    path: str
    thresholds: dict[str, float]
    comment_grounds: dict[str, Ground]
    post_grounds: dict[str, Ground]
    rule_grounds: dict[str, Ground]
    categories: dict[str, str]
    main_categories: tuple[str, ...]
    share_sources: dict[str, str]
    share_sources_needing_review: frozenset[str]
    city_names: tuple[str, ...]  # folded
    official_handles: frozenset[str]  # exactly as the platforms show them, lower case
    official_handles_folded: frozenset[str]  # with look-alikes folded, to catch imitations
    city_domains: tuple[str, ...]
    public_phones: frozenset[str]  # digits only
    public_phone_context: tuple[str, ...]  # folded words that make a number public
    private_context: tuple[str, ...]  # folded words that make a number someone's
    allow_domain_suffixes: tuple[str, ...]
    shorteners: frozenset[str]
    blocked_domains: frozenset[str]
    executable_extensions: tuple[str, ...]
    lexicon: tuple[LexiconRule, ...]
    official_position: tuple[re.Pattern[str], ...]
    official_position_confidence: float
    criticism_markers: tuple[str, ...] = field(default=())

    def article(self, ground: str, kind: str = "comment") -> str:
        table = self.comment_grounds if kind == "comment" else self.post_grounds
        if ground in table:
            return table[ground].article
        return self.rule_grounds[ground].article


class _Located:
    """Line numbers of every mapping key and sequence item, for error messages."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines: dict[tuple[Any, ...], int] = {}
        try:
            node = yaml.compose(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 0
            raise PolicyError(f"{path}:{line}: YAML syntax: {exc}") from None
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, at: tuple[Any, ...]) -> None:
        self.lines[at] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.lines[(*at, key.value)] = key.start_mark.line + 1
                self._walk(value, (*at, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*at, index))

    def fail(self, at: tuple[Any, ...], message: str) -> PolicyError:
        probe = at
        while probe and probe not in self.lines:
            probe = probe[:-1]
        line = self.lines.get(probe, 0)
        field_name = ".".join(str(p) for p in at) or "(top)"
        return PolicyError(f"{self.path}:{line}: {field_name}: {message}")


def _get(data: Any, at: tuple[Any, ...], where: _Located, kind: type | tuple[type, ...],
         default: Any = ...) -> Any:
    value: Any = data
    for part in at:
        present = (part in value) if isinstance(value, dict) else (
            isinstance(value, list) and isinstance(part, int) and part < len(value))
        if not present:
            if default is not ...:
                return default
            raise where.fail(at, "is required")
        value = value[part]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise where.fail(at, f"must be {names}, not {type(value).__name__}")
    return value


def _grounds(data: Any, at: tuple[Any, ...], where: _Located) -> dict[str, Ground]:
    result = {}
    for ground_id in _get(data, at, where, dict):
        article = _get(data, (*at, ground_id, "article"), where, str)
        label = _get(data, (*at, ground_id, "label"), where, str, "")
        result[ground_id] = Ground(ground_id, article, label)
    return result


def _strings(data: Any, at: tuple[Any, ...], where: _Located) -> list[str]:
    items = _get(data, at, where, list, [])
    for index, item in enumerate(items):
        if not isinstance(item, str | int):
            raise where.fail((*at, index), "must be text")
    return [str(item) for item in items]


def _compile(pattern: str, at: tuple[Any, ...], where: _Located) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise where.fail(at, f"invalid pattern: {exc}") from None


def _lexicon(data: Any, where: _Located, known: dict[str, set[str]]
             ) -> tuple[LexiconRule, ...]:
    rules = []
    for index, _ in enumerate(_get(data, ("lexicon",), where, list)):
        at = ("lexicon", index)
        ground = _get(data, (*at, "ground"), where, str)
        if ground not in known["comment"] | known["post"]:
            raise where.fail((*at, "ground"), f"unknown ground {ground!r}")
        confidence = float(_get(data, (*at, "confidence"), where, (int, float)))
        if not 0 <= confidence <= 1:
            raise where.fail((*at, "confidence"), "must be between 0 and 1")
        applies = _strings(data, (*at, "applies_to"), where) or ["comment", "post"]
        for target in applies:
            if target not in ("comment", "post"):
                raise where.fail((*at, "applies_to"), f"unknown target {target!r}")
            if ground not in known[target]:
                raise where.fail((*at, "ground"), f"{ground!r} is not a {target} ground")
        terms = _strings(data, (*at, "terms"), where)
        latin = _strings(data, (*at, "latin_terms"), where)
        patterns = tuple(_compile(p, (*at, "patterns", n), where)
                         for n, p in enumerate(_strings(data, (*at, "patterns"), where)))
        if not (terms or latin or patterns):
            raise where.fail(at, "needs terms, latin_terms or patterns")
        folded = tuple(t for t in (fold(x) for x in terms) if t)
        unless = tuple(t for t in (fold(x) for x in _strings(data, (*at, "unless"), where)) if t)
        folded_latin = tuple(t for t in (fold_words(x) for x in latin) if t)
        rules.append(LexiconRule(
            ground=ground, confidence=confidence, applies_to=frozenset(applies),
            terms=folded, latin_terms=folded_latin, patterns=patterns,
            name=str(_get(data, (*at, "name"), where, str, f"{ground}.{index}")),
            term_regex=_alternation(folded, latin=False),
            latin_regex=_alternation(folded_latin, latin=True),
            unless_regex=_alternation(unless, latin=False),
        ))
    return tuple(rules)


def load_policy(path: str | Path) -> Policy:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}:0: cannot read: {exc.strerror}") from None
    where = _Located(path, text)
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise where.fail((), "the policy must be a mapping")
    comment_grounds = _grounds(data, ("grounds", "comment"), where)
    post_grounds = _grounds(data, ("grounds", "post"), where)
    rule_grounds = _grounds(data, ("grounds", "rules"), where)
    thresholds = {k: float(_get(data, ("thresholds", k), where, (int, float)))
                  for k in ("hide", "review", "post_block", "post_hold")}
    categories = {str(k): str(v) for k, v in _get(data, ("categories",), where, dict).items()}
    share = _get(data, ("share_sources",), where, dict)
    main_categories = _strings(data, ("main_account_categories",), where) or list(categories)
    for index, category in enumerate(main_categories):
        if category not in categories:
            raise where.fail(("main_account_categories", index), f"unknown category {category!r}")
    city = ("city",)
    links = ("links",)
    official = ("official_position",)
    return Policy(
        name=_get(data, ("name",), where, str),
        path=str(path),
        thresholds=thresholds,
        comment_grounds=comment_grounds,
        post_grounds=post_grounds,
        rule_grounds=rule_grounds,
        categories=categories,
        main_categories=tuple(main_categories),
        share_sources={str(k): str(_get(data, ("share_sources", k, "label"), where, str))
                       for k in share},
        share_sources_needing_review=frozenset(
            str(k) for k, v in share.items() if isinstance(v, dict) and v.get("needs_review")),
        city_names=tuple(fold_leet(n) for n in _strings(data, (*city, "names"), where)),
        official_handles=frozenset(h.strip().lower().lstrip("@") for h in _strings(
            data, (*city, "official_handles"), where)),
        official_handles_folded=frozenset(fold_leet(h) for h in _strings(
            data, (*city, "official_handles"), where)),
        city_domains=tuple(d.lower() for d in _strings(data, (*city, "domains"), where)),
        public_phones=frozenset(re.sub(r"\D", "", p) for p in _strings(
            data, (*city, "public_phones"), where)),
        public_phone_context=tuple(fold(w) for w in _strings(
            data, (*city, "public_phone_context"), where)),
        private_context=tuple(fold(w) for w in _strings(
            data, (*city, "private_context"), where)),
        allow_domain_suffixes=tuple(_strings(data, (*links, "allow_suffixes"), where)),
        shorteners=frozenset(_strings(data, (*links, "shorteners"), where)),
        blocked_domains=frozenset(_strings(data, (*links, "blocklist"), where)),
        executable_extensions=tuple(_strings(data, (*links, "executable_extensions"), where)),
        lexicon=_lexicon(data, where, {"comment": set(comment_grounds),
                                       "post": set(post_grounds)}),
        official_position=tuple(_compile(p, (*official, "patterns", n), where)
                                for n, p in enumerate(_strings(
                                    data, (*official, "patterns"), where))),
        official_position_confidence=float(_get(data, (*official, "confidence"), where,
                                                (int, float))),
        criticism_markers=tuple(fold(w) for w in _strings(data, ("criticism_markers",), where)),
    )


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    return load_policy(DEFAULT_POLICY)
