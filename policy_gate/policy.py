"""Loading a municipality's policy from YAML: grounds with their articles, categories,
lexicons (inline and in data files), cues and templates for stage 2, thresholds, actions,
limits, and the city's own names, domains and phone numbers.

A broken file is refused with the file, the line and the field at fault, because the
person editing it is a city's PR officer, not a programmer. Line numbers are worked out
only when something is wrong, so a good file loads at the speed of the YAML parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import ahocorasick

from policy_gate.anchors import necessary_sets
from policy_gate.detectors.base import Action
from policy_gate.normalize import (
    CUE_REF,
    Normalized,
    fold,
    fold_compact_pattern,
    fold_leet,
    fold_pattern,
    fold_words,
)
from policy_gate.scan import Scanner, Spelling, TermSource
from policy_gate.trie import alternation, literal_groups_as_tries, tokens_with_depth

if TYPE_CHECKING:
    from policy_gate.router import Router

DEFAULT_POLICY = Path(__file__).resolve().parent / "policies" / "mine.yaml"


def _yaml() -> Any:
    """PyYAML, imported when a policy file is parsed (not when it comes from the cache:
    importing it is a third of the gate's start-up)."""
    import yaml

    return yaml


def _loader() -> Any:
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PostAction = Literal["block", "needs_approval"]


class PolicyError(ValueError):
    """The policy file cannot be used; the message names file, line and field."""


@dataclass(frozen=True)
class Ground:
    id: str
    article: str
    label: str


class LazyPattern:
    """A lexicon pattern. At load it is checked on a stand-in where each ``<<cue>>`` is one
    placeholder character (syntax errors and empty matches are refused then, with the
    line); the full regex, with every cue word spelled out, is compiled the first time a
    text needs it, so loading the policy stays fast."""

    __slots__ = ("_compiled", "_cues", "katakana_words", "source")

    def __init__(self, source: str, cues: dict[str, str],
                 katakana_words: frozenset[str] = frozenset()) -> None:
        self.source = source
        self._cues = cues
        self._compiled: re.Pattern[str] | None = None
        #: the short words of its cue sets that count only in katakana (see
        #: :func:`katakana_only_words`): it runs on a text where other spellings of these
        #: (and only these: タダ's ただ is still read in いただけません) are blanked
        self.katakana_words = katakana_words

    @property
    def pattern(self) -> str:
        if not self._cues:
            return self.source
        return CUE_REF.sub(lambda m: self._cues[m.group(1)], self.source)

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(literal_groups_as_tries(self.pattern))
        return self._compiled

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)


@dataclass(frozen=True)
class LexiconRule:
    """Terms (matched by the automaton on every view) or patterns (regex on the compact
    view) that point to one ground with one confidence and one action."""

    ground: str
    confidence: float
    applies_to: frozenset[str]  # {"comment", "post"}
    terms: tuple[str, ...]  # as written; the scanner folds them
    latin_terms: tuple[str, ...]
    patterns: tuple[LazyPattern, ...]
    name: str
    unless: tuple[str, ...] = ()
    action: Action = "hide"  # review: never hides, however sure
    severe: bool = False  # a slur or a threat: may hide even a comment about the city
    post_action: PostAction | None = None  # None: by thresholds.post_block / post_hold
    #: the view patterns run on: compact (default), base (repeats and separators kept),
    #: nfkc (katakana kept: ヤる is not やる), raw (the text as given, cheapest)
    view: Literal["compact", "base", "nfkc", "raw"] = "compact"
    #: per pattern, the cue sets it cannot match without (all of the first, any of the
    #: second): stage 1's automaton already knows, so the regex is skipped when absent
    pattern_needs: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    #: per pattern, the ids of its necessary literal sets among the policy's anchors, the
    #: rarest first (empty: it always runs); it runs only when stage 1 found every one
    pattern_ids: tuple[tuple[int, ...], ...] = ()
    #: cue sets that silence this rule (terms and patterns: a news report of an arrest names the
    #: crime it reports: 逮捕されたってニュースで), as templates' ``unless_cues``
    unless_cues: tuple[str, ...] = ()


def cue_requirements(pattern: str) -> tuple[frozenset[str], frozenset[str]]:
    """Cue sets a pattern needs: ``<<x>>`` outside every group and with no top-level
    ``|`` (all of them), and a leading group made only of cue alternatives (any of
    them). Conservative: anything it cannot read needs nothing."""
    top = [token for _, token, depth in tokens_with_depth(pattern) if depth == 0]
    top_bar = "|" in top
    outside = re.findall(r"<<(\w+)>>", "".join(top))
    all_of = frozenset() if top_bar else frozenset(outside)
    lead = re.match(r"\(\?:((?:<<\w+>>\|?)+)\)", pattern)
    any_of = frozenset(re.findall(r"<<(\w+)>>", lead.group(1))) if lead and not top_bar \
        else frozenset()
    return all_of, any_of


@dataclass(frozen=True)
class PatternEntry:
    rule: LexiconRule
    pattern: LazyPattern
    all_of: frozenset[str]
    any_of: frozenset[str]
    also: tuple[int, ...] = ()  # anchors needed besides the one it is filed under


@dataclass(frozen=True)
class TokenCondition:
    """One token of a stage-2 template: every given field must hold."""

    lemma: frozenset[str] = frozenset()
    surface: frozenset[str] = frozenset()
    pos: tuple[str, ...] = ()  # prefixes of "名詞,固有名詞,地名,一般"
    form: str = ""  # a substring of the conjugation form, e.g. 命令形
    cue: str = ""  # the token overlaps a stage-1 hit of this cue set
    within: int = 8  # tokens after the previous condition


@dataclass(frozen=True)
class Template:
    name: str
    ground: str
    confidence: float
    action: Action
    applies_to: frozenset[str]
    needs: tuple[str, ...]  # cue sets that must all have hit for the template to run
    sequences: tuple[tuple[TokenCondition, ...], ...]
    severe: bool = False
    post_action: PostAction | None = None
    unless_cues: tuple[str, ...] = ()
    #: every cue set of ``needs`` must hit in the sentence of the match, not anywhere in the
    #: text: a post's good news told as heard (受付中だそうです) is no rumour because another
    #: sentence holds an alarm word (コンバインが入れない)
    same_sentence: bool = False


#: a guard word short enough to run across a word boundary once folded to hiragana
SHORT_KATAKANA = re.compile(r"[ァ-ヶー]{1,4}")


@dataclass(frozen=True)
class Guard:
    """What keeps criticism up (GROUNDS.md: hiding a complaint is worse than a miss)."""

    soft_grounds: frozenset[str]
    city_targets: tuple[str, ...]  # folded
    counter_speech: tuple[str, ...]  # folded
    counter_speech_grounds: frozenset[str]
    #: a weak finding on these grounds in a comment that argues against it is dropped
    #: (「ガイジ」って言葉は傷つく); calls to act (やめましょう) are not counter-speech there
    counter_speech_drop_grounds: frozenset[str] = frozenset()
    #: words that name what is argued against (差別だ, 偏見, 傷つく): only these drop a weak
    #: finding that is not quoted (許せない, 悲しい also end complaints about a group)
    counter_speech_strong: tuple[str, ...] = ()  # folded
    #: hearsay is no report: with one of these, a report does not drop rumour findings
    hearsay_markers: tuple[str, ...] = ()  # folded
    #: hearsay brought to the city to confirm is a question: the markers do not count
    confirmation_requests: tuple[str, ...] = ()  # folded
    reporting: tuple[str, ...] = ()  # folded
    reporting_drop_grounds: frozenset[str] = frozenset()
    #: reported, yet still harmful to every reader (a phishing link asked about): review
    reporting_review_grounds: frozenset[str] = frozenset()
    criticism_drop_grounds: frozenset[str] = frozenset()
    justifications: tuple[str, ...] = ()  # folded
    corrections: tuple[str, ...] = ()  # folded
    #: a threat not meant as one: said in jest (しばくぞ（冗談）), in a game, as a measure of
    #: anger, at a faceless trade; on jest_grounds a hide becomes a review
    jest: tuple[str, ...] = ()  # folded
    jest_grounds: frozenset[str] = frozenset()
    #: words that make a post a warning about what it quotes (「誰にもバレない」にご注意)
    quoted_warnings: tuple[str, ...] = ()  # folded
    #: a human-rights notice (人権週間, 人権講演会): the prejudice it quotes as words people
    #: hear is what it stands against, a slur included
    human_rights_frames: tuple[str, ...] = ()  # folded
    #: a post framed as a warning of a crime (被害が多発, 警察に相談): its findings on
    #: post_warning_grounds that are not severe are dropped
    post_warning_frames: tuple[str, ...] = ()  # folded
    post_warning_grounds: frozenset[str] = frozenset()
    #: good news looked forward to (パン屋ができるって聞いた！楽しみ): hearsay with no alarm
    #: that the commenter welcomes is no rumour to weigh
    good_news: tuple[str, ...] = ()  # folded
    #: the short words above that the policy wrote in katakana (デマ, ヘイト), folded: they
    #: count only where the text writes them in katakana too
    katakana_only: frozenset[str] = frozenset()

    @cached_property
    def reporting_automaton(self) -> ahocorasick.Automaton | None:
        """The report words in one automaton: one pass over a comment instead of a
        substring search per word (that was half of the guard's time). Built by
        :meth:`Policy.prepare`."""
        words = [word for word in self.reporting if word]
        if not words:
            return None
        automaton = ahocorasick.Automaton()
        for word in words:
            automaton.add_word(word, len(word))
        automaton.make_automaton()
        return automaton


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
    city_brands: tuple[str, ...]  # labels that name the city in a domain (mine, minecity)
    lookalike_exceptions: frozenset[str]  # dnstwist look-alikes that are ordinary words
    public_phones: frozenset[str]  # digits only
    public_addresses: tuple[str, ...]  # NFKC, digits as digits, no spaces
    public_phone_context: tuple[str, ...]  # folded words that make a number public
    role_mailboxes: frozenset[str]  # info@, recruit@: an organisation's, not a person's
    #: folded words that make a number or a lot someone's (third_party_context included)
    private_context: tuple[str, ...]
    own_contact_context: tuple[str, ...]  # folded words that make one the writer's own
    third_party_context: tuple[str, ...]  # folded words that point at someone else
    allow_domain_suffixes: tuple[str, ...]
    allow_domains: tuple[str, ...]  # registrable domains of public bodies outside go/lg.jp
    shorteners: frozenset[str]
    blocked_domains: frozenset[str]
    executable_extensions: tuple[str, ...]
    lexicon: tuple[LexiconRule, ...]
    official_position: tuple[LazyPattern, ...]
    official_position_confidence: float
    criticism_markers: tuple[str, ...] = field(default=())
    limits: dict[str, int] = field(default_factory=dict)
    boost_excluded: frozenset[str] = frozenset()
    guard: Guard = field(default_factory=lambda: Guard(frozenset(), (), (), frozenset()))
    cues: tuple[tuple[str, tuple[str, ...]], ...] = ()
    templates: tuple[Template, ...] = ()
    stage2_triggers: tuple[str, ...] = ()
    spelling: Spelling = field(default_factory=Spelling)
    anchors: tuple[frozenset[str], ...] = ()  # necessary literals of anchored patterns
    #: target (comment, post) → the learned router's model file; none means rules only
    routers: dict[str, str] = field(default_factory=dict)

    def article(self, ground: str, kind: str = "comment") -> str:
        table = self.comment_grounds if kind == "comment" else self.post_grounds
        if ground in table:
            return table[ground].article
        return self.rule_grounds[ground].article

    @cached_property
    def scanner(self) -> Scanner:
        """The automata (one per view) over every lexicon term, cue word and pattern
        anchor, built on first use (or by :meth:`prepare`)."""
        return Scanner([TermSource(r.terms, r.latin_terms, r.unless) for r in self.lexicon],
                       self.cues, self.spelling, self.anchors)

    @cached_property
    def post_actions(self) -> dict[str, PostAction]:
        """Detector name → what it does to a post, where the YAML says (post_action)."""
        actions: dict[str, PostAction] = {}
        for rule in self.lexicon:
            if rule.post_action is not None:
                actions[f"lexicon.{rule.name}"] = rule.post_action
        for template in self.templates:
            if template.post_action is not None:
                actions[f"template.{template.name}"] = template.post_action
        return actions

    @cached_property
    def _patterns(self) -> dict[str, tuple[dict[int, list[PatternEntry]], list[PatternEntry]]]:
        table: dict[str, tuple[dict[int, list[PatternEntry]], list[PatternEntry]]] = {}
        for target in ("comment", "post"):
            anchored: dict[int, list[PatternEntry]] = {}
            always: list[PatternEntry] = []
            for rule in self.lexicon:
                if target not in rule.applies_to:
                    continue
                for pattern, needs, anchor in zip(rule.patterns, rule.pattern_needs,
                                                  rule.pattern_ids, strict=True):
                    entry = PatternEntry(rule, pattern, needs[0], needs[1], anchor[1:])
                    if not anchor:
                        always.append(entry)
                    else:
                        anchored.setdefault(anchor[0], []).append(entry)
            table[target] = (anchored, always)
        return table

    def patterns_to_run(self, target: str, anchors: set[int]) -> list[PatternEntry]:
        """The patterns worth running on a text: those whose necessary literals stage 1
        found (and those without any), in the policy's order."""
        anchored, always = self._patterns[target]
        chosen = [e for a in anchors for e in anchored.get(a, ())
                  if anchors.issuperset(e.also)] + always
        order = self._pattern_order
        return sorted(chosen, key=lambda e: order[id(e.pattern)])

    @cached_property
    def _pattern_order(self) -> dict[int, int]:
        return {id(p): n for n, p in enumerate(p for r in self.lexicon for p in r.patterns)}

    def limit(self, name: str, default: int) -> int:
        return self.limits.get(name, default)

    def router(self, target: str) -> Router | None:
        """The learned router for comments or posts, loaded on first use."""
        path = self.routers.get(target)
        if path is None:
            return None
        from policy_gate.router import load_router

        return load_router(path, target)

    def prepare(self) -> None:
        """Build now what is otherwise built on first use (the automaton, the pattern
        tables, both routers), so that a long-running process answers its first comment
        as fast as its thousandth; a worker calls this before its pool forks, and the
        children share what it built. The stage-2 dictionary stays lazy: a worker whose
        texts never call for it never pays for it."""
        _ = self.scanner, self._patterns, self._pattern_order, self.post_actions
        _ = self.guard.reporting_automaton
        for target in self.routers:
            self.router(target)


class _Located:
    """Line numbers of every mapping key and sequence item, for error messages, and the
    keys written twice in one mapping (composed once, when a file is parsed: a cached
    policy never composes)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.sources: list[Path] = [path]  # every file read, for the cache to check
        self._repeated: list[tuple[Any, ...]] = []  # keys met twice, filled with lines

    @cached_property
    def lines(self) -> dict[tuple[Any, ...], int]:
        lines: dict[tuple[Any, ...], int] = {}
        node = _yaml().compose(self.text, Loader=_loader())
        if node is not None:
            self._walk(node, (), lines)
        return lines

    def _walk(self, node: Any, at: tuple[Any, ...], lines: dict[tuple[Any, ...], int]
              ) -> None:
        yaml = _yaml()
        lines[at] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if (*at, key.value) in lines:
                    self._repeated.append((*at, key.value))
                lines[(*at, key.value)] = key.start_mark.line + 1
                self._walk(value, (*at, key.value), lines)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*at, index), lines)

    @property
    def repeated(self) -> list[tuple[Any, ...]]:
        """Keys written twice in one mapping (each at the line of its second writing)."""
        _ = self.lines
        return self._repeated

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
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in (
            kind if isinstance(kind, tuple) else (kind,))):
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
        if not isinstance(item, str | int) or isinstance(item, bool):
            raise where.fail((*at, index), "must be text")
    return [str(item) for item in items]


def _compile(pattern: str, at: tuple[Any, ...], where: _Located) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise where.fail(at, f"invalid pattern: {exc}") from None
    if compiled.fullmatch(""):
        # e.g. an alternative that was only a separator (。) and folded away
        raise where.fail(at, "pattern matches empty text (an empty alternative?)")
    return compiled


def _lazy(pattern: str, at: tuple[Any, ...], where: _Located) -> LazyPattern:
    """Checked now, compiled on first use: a cached policy unpickles its compiled patterns
    by compiling them again, and the 決裁 patterns alone cost 45 ms of every start-up."""
    _compile(pattern, at, where)
    return LazyPattern(pattern, {})


def _confidence(data: Any, at: tuple[Any, ...], where: _Located) -> float:
    value = float(_get(data, at, where, (int, float)))
    if not 0 <= value <= 1:
        raise where.fail(at, "must be between 0 and 1")
    return value


def _choice(data: Any, at: tuple[Any, ...], where: _Located, choices: tuple[str, ...],
            default: str | None) -> str | None:
    value = _get(data, at, where, str, default)
    if value is not None and value not in choices:
        raise where.fail(at, f"must be one of {', '.join(choices)}, not {value!r}")
    return cast(str | None, value)


def read_terms(path: Path, sources: list[Path] | None = None) -> list[str]:
    """A lexicon file: one term a line; ``#`` starts a comment; blank lines ignored."""
    if sources is not None:
        sources.append(path)
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            terms.append(term)
    return terms


def _is_latin(term: str) -> bool:
    """A term of ASCII letters (and spaces, apostrophes, hyphens) stands as a word."""
    return term.isascii() and any(c.isalpha() for c in term) and all(
        c.isalpha() or c in " '-" for c in term)


def _files(data: Any, at: tuple[Any, ...], where: _Located, base: Path) -> list[str]:
    terms: list[str] = []
    for index, name in enumerate(_strings(data, at, where)):
        path = base / name
        try:
            terms += read_terms(path, where.sources)
        except OSError as exc:
            raise where.fail((*at, index), f"cannot read {path}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise where.fail((*at, index), f"{path} is not UTF-8") from None
    return terms


def _applies(data: Any, at: tuple[Any, ...], where: _Located, ground: str,
             known: dict[str, set[str]]) -> list[str]:
    if ground not in known["comment"] | known["post"]:
        raise where.fail((*at, "ground"), f"unknown ground {ground!r}")
    applies = _strings(data, (*at, "applies_to"), where) or [
        t for t in ("comment", "post") if ground in known[t]]
    for target in applies:
        if target not in ("comment", "post"):
            raise where.fail((*at, "applies_to"), f"unknown target {target!r}")
        if ground not in known[target]:
            raise where.fail((*at, "ground"), f"{ground!r} is not a {target} ground")
    return applies


_PLACEHOLDER = 0xE000  # private-use characters stand for cue sets in the stand-in


def katakana_only_words(cues: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, frozenset[str]]:
    """Per cue set, the words it writes only in katakana that fold to two letters, as the
    folded views spell them. Folding reads katakana as hiragana, and a loanword that short
    is, folded, a piece of everyday grammar: レズ is れず as in 手を触れず, テロ is てろ as in
    見てろ, カレー is かれ (he), ハーフ is はふ as in 神事の最中はフラッシュ. A word also written in
    hiragana or kanji anywhere among the cues (オカマ and おかま) is meant in every script and
    stays; longer words (ザイニチ) are read in any script, as hiragana is a disguise too."""
    other = {fold(w) for _, words in cues for w in words if not SHORT_KATAKANA.fullmatch(w)}
    result = {}
    for name, words in cues:
        only = frozenset(fold(w) for w in words if SHORT_KATAKANA.fullmatch(w)
                         and len(fold(w)) == 2) - other - {""}
        if only:
            result[name] = only
    return result


def _cue_alternations(cues: tuple[tuple[str, tuple[str, ...]], ...],
                      spelling: Spelling) -> dict[str, str]:
    """Each cue set as one regex alternation of its folded words, longest first, written
    as a trie (:mod:`policy_gate.trie`). A word is
    spelled as the compact view shows it and as the base view does (which keeps ー and
    separators: シートベルト is しーとべると there), so a cue set serves patterns on both;
    its kanji words are also read in kana (:meth:`Spelling.alternatives_in_kana`)."""
    result = {}
    for name, words in cues:
        spellings = {fold(w) for w in words} | {Normalized.of(w).base.text for w in words}
        folded = sorted(spellings - {""}, key=len, reverse=True)
        result[name] = alternation(atoms for word in folded
                                   for atoms in spelling.alternatives_in_kana(word))
    return result


def _pattern(source: str, at: tuple[Any, ...], where: _Located,
             cues: tuple[tuple[str, tuple[str, ...]], ...], alternations: dict[str, str],
             katakana_sets: dict[str, frozenset[str]] | None = None
             ) -> tuple[LazyPattern, tuple[frozenset[str], ...]]:
    """The lazy pattern and its necessary literal sets (none: it always runs), as the words
    stage 1's automaton looks for: a cue set's place holder stands for its words."""
    names = [name for name, _ in cues]
    for match in CUE_REF.finditer(source):
        if match.group(1) not in alternations:
            raise where.fail(at, f"unknown cue set <<{match.group(1)}>>")
    stand_in = CUE_REF.sub(lambda m: chr(_PLACEHOLDER + names.index(m.group(1))), source)
    _compile(stand_in, at, where)
    words = dict(cues)
    anchors: list[frozenset[str]] = []
    for literals in necessary_sets(stand_in, _findable):
        found: set[str] = set()
        for literal in literals:
            pieces = [p for p in re.split("[\ue000-\uf8ff]", literal) if p]
            if pieces:
                found.add(max(pieces, key=len))  # a substring of a necessary literal
            else:
                found |= set(words[names[ord(literal[0]) - _PLACEHOLDER]])
        folded = frozenset(fold(x) for x in found)
        if not (folded and all(folded)):
            break  # the first set unusable: the pattern always runs; a second: one set
        anchors.append(folded)
    katakana = frozenset().union(*((katakana_sets or {}).get(m.group(1), frozenset())
                                   for m in CUE_REF.finditer(source)))
    return LazyPattern(source, alternations, katakana), tuple(anchors)


def _findable(literal: str) -> bool:
    """Whether stage 1's automaton can find a necessary literal: its longest piece between
    cue sets must keep a letter once folded for the compact view."""
    pieces = [p for p in re.split("[\ue000-\uf8ff]", literal) if p]
    return not pieces or bool(fold(max(pieces, key=len)))


def _folded(pattern: str, view: str, at: tuple[Any, ...], where: _Located) -> str:
    """A pattern as its view holds text: nfkc and raw as written, base with its letters
    folded, compact squeezed too, refused if it needs a separator compact drops."""
    if view in ("nfkc", "raw"):
        return pattern
    if view != "compact":
        return fold_pattern(pattern, squeeze=False)
    folded, lost = fold_compact_pattern(pattern)
    if lost:
        raise where.fail(at, (f"the compact view holds no {lost[0]!r} (separators are "
                              "dropped): make that part optional or give the rule view: nfkc"))
    return folded


def _lexicon(data: Any, where: _Located, known: dict[str, set[str]], base: Path,
             cues: tuple[tuple[str, tuple[str, ...]], ...], anchors: list[frozenset[str]],
             spelling: Spelling) -> tuple[LexiconRule, ...]:
    rules = []
    alternations = _cue_alternations(cues, spelling)
    katakana_sets = katakana_only_words(cues)
    names: set[str] = set()
    for index, _ in enumerate(_get(data, ("lexicon",), where, list)):
        at = ("lexicon", index)
        ground = _get(data, (*at, "ground"), where, str)
        confidence = _confidence(data, (*at, "confidence"), where)
        applies = _applies(data, at, where, ground, known)
        written = _strings(data, (*at, "terms"), where) + _files(data, (*at, "files"), where,
                                                                 base)
        latin = _strings(data, (*at, "latin_terms"), where) + [t for t in written
                                                               if _is_latin(t)]
        terms = [t for t in written if not _is_latin(t) and fold(t)]
        view_name = _get(data, (*at, "view"), where, str, "compact")
        written_patterns = _strings(data, (*at, "patterns"), where)
        needs = tuple(cue_requirements(p) for p in written_patterns)

        built = [_pattern(spelling.pattern_in_kana(
                              _folded(p, view_name, (*at, "patterns", n), where)),
                          (*at, "patterns", n), where, cues, alternations, katakana_sets)
                 for n, p in enumerate(written_patterns)]
        patterns = tuple(pattern for pattern, _ in built)
        if not (terms or latin or patterns):
            raise where.fail(at, "needs terms, files, latin_terms or patterns")
        ids: list[tuple[int, ...]] = []
        for _, sets in built:
            ids.append(tuple(range(len(anchors), len(anchors) + len(sets))))
            anchors += sets
        # the name is the detector's id in evidence and in `gate eval`: two rules under one
        # name would be read, and weighed, as one
        name = str(_get(data, (*at, "name"), where, str, f"{ground}.{index}"))
        if name in names:
            raise where.fail((*at, "name"), f"{name!r} is already the name of another rule")
        names.add(name)
        rules.append(LexiconRule(
            ground=ground, confidence=confidence, applies_to=frozenset(applies),
            terms=tuple(terms), latin_terms=tuple(t for t in latin if fold_words(t)),
            patterns=patterns,
            name=name,
            unless=tuple(_strings(data, (*at, "unless"), where)
                         + _files(data, (*at, "unless_files"), where, base)),
            action=cast(Action, _choice(data, (*at, "action"), where, ("hide", "review"),
                                        "hide")),
            severe=bool(_get(data, (*at, "severe"), where, bool, False)),
            post_action=cast(PostAction | None, _choice(
                data, (*at, "post_action"), where, ("block", "needs_approval"), None)),
            view=cast(Literal["compact", "base", "nfkc", "raw"], _choice(
                data, (*at, "view"), where, ("compact", "base", "nfkc", "raw"), "compact")),
            pattern_needs=needs,
            pattern_ids=tuple(ids),
            unless_cues=_known_cues(data, (*at, "unless_cues"), where, cues),
        ))
    return tuple(rules)


def _known_cues(data: Any, at: tuple[Any, ...], where: _Located,
                cues: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    names = _strings(data, at, where)
    known = {name for name, _ in cues}
    for n, name in enumerate(names):
        if name not in known:
            raise where.fail((*at, n), f"unknown cue set {name!r}")
    return tuple(names)


_CONDITION_KEYS = frozenset({"lemma", "surface", "pos", "form", "cue", "within"})


def _condition(data: Any, at: tuple[Any, ...], where: _Located, cues: set[str]
               ) -> TokenCondition:
    item = _get(data, at, where, dict)
    unknown = set(item) - _CONDITION_KEYS
    if unknown:
        raise where.fail(at, f"unknown key {sorted(unknown)[0]!r}")

    def words(key: str) -> list[str]:
        value = item.get(key)
        if isinstance(value, str):
            return [value]
        return _strings(data, (*at, key), where)

    cue = str(item.get("cue", ""))
    if cue and cue not in cues:
        raise where.fail((*at, "cue"), f"unknown cue set {cue!r}")
    condition = TokenCondition(
        lemma=frozenset(words("lemma")), surface=frozenset(words("surface")),
        pos=tuple(words("pos")), form=str(item.get("form", "")), cue=cue,
        within=int(_get(data, (*at, "within"), where, int, 8)))
    if not (condition.lemma or condition.surface or condition.pos or condition.form
            or condition.cue):
        raise where.fail(at, "a token condition needs lemma, surface, pos, form or cue")
    return condition


def _templates(data: Any, where: _Located, known: dict[str, set[str]], cues: set[str]
               ) -> tuple[Template, ...]:
    result = []
    for index, _ in enumerate(_get(data, ("stage2", "templates"), where, list, [])):
        at = ("stage2", "templates", index)
        ground = _get(data, (*at, "ground"), where, str)
        applies = _applies(data, at, where, ground, known)
        sequences = []
        for n, _seq in enumerate(_get(data, (*at, "sequences"), where, list)):
            conditions = tuple(
                _condition(data, (*at, "sequences", n, k), where, cues)
                for k, _ in enumerate(_get(data, (*at, "sequences", n), where, list)))
            if not conditions:
                raise where.fail((*at, "sequences", n), "is empty")
            sequences.append(conditions)
        needs = _strings(data, (*at, "needs"), where)
        unless_cues = _strings(data, (*at, "unless_cues"), where)
        for k, name in enumerate(needs + unless_cues):
            if name not in cues:
                raise where.fail((*at, "needs" if k < len(needs) else "unless_cues"),
                                 f"unknown cue set {name!r}")
        result.append(Template(
            name=str(_get(data, (*at, "name"), where, str)), ground=ground,
            confidence=_confidence(data, (*at, "confidence"), where),
            action=cast(Action, _choice(data, (*at, "action"), where, ("hide", "review"),
                                        "review")),
            applies_to=frozenset(applies), needs=tuple(needs), sequences=tuple(sequences),
            severe=bool(_get(data, (*at, "severe"), where, bool, False)),
            post_action=cast(PostAction | None, _choice(
                data, (*at, "post_action"), where, ("block", "needs_approval"), None)),
            unless_cues=tuple(unless_cues),
            same_sentence=bool(_get(data, (*at, "same_sentence"), where, bool, False))))
    return tuple(result)


def _cues(data: Any, where: _Located, base: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    result = []
    for name in _get(data, ("cues",), where, dict, {}):
        at = ("cues", name)
        words = _strings(data, (*at, "terms"), where) + _files(data, (*at, "files"), where,
                                                               base)
        if not words:
            raise where.fail(at, "needs terms or files")
        result.append((str(name), tuple(words)))
    return tuple(result)


def _spelling(data: Any, where: _Located, base: Path) -> Spelling:
    name = _get(data, ("spelling", "file"), where, str, None)
    if name is None:
        return Spelling()
    path = base / name
    try:
        where.sources.append(path)
        table = _yaml().load(path.read_text(encoding="utf-8"), Loader=_loader()) or {}
    except (OSError, _yaml().YAMLError) as exc:
        raise where.fail(("spelling", "file"), f"cannot read {path}: {exc}") from None
    tables = {}
    for key in ("substitutions", "readings"):
        table_part = table.get(key) or {}
        if not isinstance(table_part, dict) or not all(
                isinstance(v, list) for v in table_part.values()):
            raise where.fail(("spelling", "file"),
                             f"{path}: {key} must map a spelling to a list")
        tables[key] = table_part
    return Spelling(
        substitutions=tuple((fold(str(k)), tuple(str(x) for x in v))
                            for k, v in tables["substitutions"].items()),
        readings=tuple((fold(str(k)), tuple(str(x) for x in v))
                       for k, v in tables["readings"].items()),
        mask_min_length=int(table.get("mask_min_length", 3)),
        seion_min_length=int(table.get("seion_min_length", 3)),
        katakana_only=frozenset(str(x) for x in table.get("katakana_only") or ()))


def load_policy(path: str | Path, *, cache: bool = True) -> Policy:
    """The policy in ``path`` (and the lexicon files it names). With ``cache``, a parsed
    copy is kept in the user's cache directory and used while the policy file, every
    lexicon file and the gate's own code are unchanged (checked by size and mtime): a
    cached load skips YAML and folding, so the gate starts in a fraction of the time."""
    from policy_gate import cache as policy_cache

    path = Path(path)
    if cache:
        cached = policy_cache.read(path)
        if cached is not None:
            return cast(Policy, cached)
    policy, sources = _parse(path)
    if cache:
        policy_cache.write(path, policy, sources)
    return policy


def _parse(path: Path) -> tuple[Policy, list[Path]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}:0: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise PolicyError(f"{path}:0: not UTF-8 (byte {exc.start})") from None
    where = _Located(path, text)
    yaml = _yaml()
    try:
        data = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise PolicyError(f"{path}:{line}: YAML syntax: {exc}") from None
    if not isinstance(data, dict):
        raise where.fail((), "the policy must be a mapping")
    # YAML keeps the last of two equal keys without a word: a rule's second unless_cues
    # silently dropped its first (stop 29)
    if where.repeated:
        raise where.fail(where.repeated[0], "written twice in one mapping; the second would "
                                            "silently replace the first")
    base = path.parent / str(_get(data, ("lexicon_dir",), where, str, "lexicons"))
    comment_grounds = _grounds(data, ("grounds", "comment"), where)
    post_grounds = _grounds(data, ("grounds", "post"), where)
    rule_grounds = _grounds(data, ("grounds", "rules"), where)
    known = {"comment": set(comment_grounds), "post": set(post_grounds)}
    thresholds = {k: float(_get(data, ("thresholds", k), where, (int, float)))
                  for k in ("hide", "review", "post_block", "post_hold")}
    categories = {str(k): str(v) for k, v in _get(data, ("categories",), where, dict).items()}
    share = _get(data, ("share_sources",), where, dict)
    main_categories = _strings(data, ("main_account_categories",), where) or list(categories)
    for index, category in enumerate(main_categories):
        if category not in categories:
            raise where.fail(("main_account_categories", index), f"unknown category {category!r}")
    limits = {str(k): int(_get(data, ("limits", k), where, int))
              for k in _get(data, ("limits",), where, dict, {})}
    cues = _cues(data, where, base)
    anchors: list[frozenset[str]] = []
    spelling = _spelling(data, where, base)
    lexicon = _lexicon(data, where, known, base, cues, anchors, spelling)
    city = ("city",)
    links = ("links",)
    official = ("official_position",)
    guard = ("guard",)
    katakana_only: set[str] = set()

    def words(key: str) -> tuple[str, ...]:
        """A guard list, folded; its short katakana words noted (see Guard.katakana_only)."""
        written = _strings(data, (*guard, key), where)
        katakana_only.update(fold(w) for w in written if SHORT_KATAKANA.fullmatch(w))
        return tuple(fold(w) for w in written)

    policy = Policy(
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
        city_brands=tuple(b.lower() for b in _strings(data, (*city, "brands"), where)),
        lookalike_exceptions=frozenset(w.lower() for w in _strings(
            data, (*city, "lookalike_exceptions"), where)),
        public_phones=frozenset(re.sub(r"\D", "", p) for p in _strings(
            data, (*city, "public_phones"), where)),
        public_addresses=tuple(re.sub(r"\s", "", Normalized.of(a).digits.text) for a in
                               _strings(data, (*city, "public_addresses"), where)),
        public_phone_context=tuple(fold(w) for w in _strings(
            data, (*city, "public_phone_context"), where)),
        role_mailboxes=frozenset(w.lower() for w in _strings(
            data, (*city, "role_mailboxes"), where)),
        private_context=tuple(fold(w) for w in (
            _strings(data, (*city, "private_context"), where)
            + _strings(data, (*city, "third_party_context"), where))),
        own_contact_context=tuple(fold(w) for w in _strings(
            data, (*city, "own_contact_context"), where)),
        third_party_context=tuple(fold(w) for w in _strings(
            data, (*city, "third_party_context"), where)),
        allow_domain_suffixes=tuple(_strings(data, (*links, "allow_suffixes"), where)),
        allow_domains=tuple(d.lower() for d in _strings(data, (*links, "allow_domains"), where)),
        shorteners=frozenset(_strings(data, (*links, "shorteners"), where)),
        blocked_domains=frozenset(_strings(data, (*links, "blocklist"), where)),
        executable_extensions=tuple(_strings(data, (*links, "executable_extensions"), where)),
        lexicon=lexicon,
        anchors=tuple(anchors),
        official_position=tuple(_lazy(fold_pattern(p), (*official, "patterns", n), where)
                                for n, p in enumerate(_strings(
                                    data, (*official, "patterns"), where))),
        official_position_confidence=_confidence(data, (*official, "confidence"), where),
        criticism_markers=tuple(fold(w) for w in _strings(data, ("criticism_markers",), where)),
        limits=limits,
        boost_excluded=frozenset(_strings(data, ("combine", "boost_excluded"), where)),
        guard=Guard(
            soft_grounds=frozenset(_strings(data, (*guard, "soft_grounds"), where)),
            city_targets=words("city_targets"),
            counter_speech=words("counter_speech"),
            counter_speech_grounds=frozenset(_strings(
                data, (*guard, "counter_speech_grounds"), where)),
            counter_speech_drop_grounds=frozenset(_strings(
                data, (*guard, "counter_speech_drop_grounds"), where)),
            counter_speech_strong=words("counter_speech_strong"),
            hearsay_markers=words("hearsay_markers"),
            confirmation_requests=words("confirmation_requests"),
            reporting=words("reporting"),
            reporting_drop_grounds=frozenset(_strings(
                data, (*guard, "reporting_drop_grounds"), where)),
            reporting_review_grounds=frozenset(_strings(
                data, (*guard, "reporting_review_grounds"), where)),
            criticism_drop_grounds=frozenset(_strings(
                data, (*guard, "criticism_drop_grounds"), where)),
            justifications=words("justifications"),
            corrections=words("corrections"),
            jest=words("jest"),
            jest_grounds=frozenset(_strings(data, (*guard, "jest_grounds"), where)),
            quoted_warnings=words("quoted_warnings"),
            human_rights_frames=words("human_rights_frames"),
            post_warning_frames=words("post_warning_frames"),
            post_warning_grounds=frozenset(_strings(
                data, (*guard, "post_warning_grounds"), where)),
            good_news=words("good_news"),
            katakana_only=frozenset(katakana_only)),
        cues=cues,
        templates=_templates(data, where, known, {name for name, _ in cues}),
        stage2_triggers=tuple(_strings(data, ("stage2", "triggers"), where)),
        spelling=spelling,
        routers=_routers(data, where, path.parent),
    )
    return policy, where.sources


def _routers(data: Any, where: _Located, base: Path) -> dict[str, str]:
    routers = {}
    for target in _get(data, ("router",), where, dict, {}):
        at = ("router", target)
        if target not in ("comment", "post"):
            raise where.fail(at, f"the router is for comment or post, not {target!r}")
        model = base / str(_get(data, (*at, "model"), where, str))
        if not model.is_file():
            raise where.fail((*at, "model"), f"no model file {model}")
        where.sources.append(model)
        routers[str(target)] = str(model)
    return routers


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    return load_policy(DEFAULT_POLICY)
