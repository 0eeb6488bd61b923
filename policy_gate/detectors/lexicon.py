"""Lexicon rules of the policy: terms found by the shared automaton, and patterns."""

from __future__ import annotations

from policy_gate.detectors.base import Context, Finding, Target
from policy_gate.normalize import Normalized, View, blanked_unless_katakana, is_katakana

#: marks that belong to the letter before them (ｶﾞ, a stretched ガイジー): no other word
_MARKS = "ーｰﾞﾟ\u3099\u309a"


def _inside_longer_katakana(original: str, start: int, end: int) -> bool:
    """A katakana term written inside a longer katakana word (チンコ in パチンコ, フェラ in
    フェラーリ), or read across a space into one (バカ in バー カルスト, a bar's name), is
    another word that happens to hold it: never enough to hide."""
    letters = [c for c in original[start:end] if not c.isspace() and c not in _MARKS]
    if not letters or not all(is_katakana(c) for c in letters):
        return False
    after = original[end:].lstrip(_MARKS)
    return (start > 0 and is_katakana(original[start - 1])) or (
        bool(after) and is_katakana(after[0]))


#: small katakana: inside a loanword they only ever follow another letter of it
_SMALL_KATAKANA = frozenset("ァィゥェォャュョヮｧｨｩｪｫｬｭｮ")


def _nobody_wrote(original: str, start: int, end: int) -> bool:
    """A term the automaton reads where no writer put it: from a small katakana letter on
    (エロ in チェロ, read from ェロ: the middle of a loanword; a small っ begins words of
    grammar, って聞いた), or from the hiragana ending one word into the katakana starting the
    next (カス in なぜかスルメ). A disguise mixes scripts inside the term (カす) without its
    katakana running on into a longer word; a term that starts in kanji (反ワク in #反ワクチン)
    is written as itself."""
    if start > 0 and original[start] in _SMALL_KATAKANA and is_katakana(original[start - 1]):
        return True
    written = original[start:end]
    after = original[end:].lstrip(_MARKS)
    return (len(written) >= 2 and "ぁ" <= written[0] <= "ゖ" and is_katakana(written[-1])
            and bool(after) and is_katakana(after[0]))


class LexiconTerms:
    """Every term hit of stage 1's scan, as the rule that owns it says. A spelling that is
    only close (dakuten dropped, a letter masked) is never enough to hide: a person looks.
    A rule's ``unless_cues`` count here as for its patterns."""

    name = "lexicon.terms"
    grounds = frozenset({"defamation", "discrimination", "religious_political", "illegal",
                         "rumor", "social_advocacy", "ip_infringement", "obscene", "other",
                         "public_order"})
    targets: frozenset[Target] = frozenset({"comment", "post"})
    stage = 1

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        rules = context.policy.lexicon
        cues = context.scan.cues
        found = []
        for hit in context.scan.terms:
            rule = rules[hit.rule]
            if context.target not in rule.applies_to:
                continue
            if rule.unless_cues and not cues.keys().isdisjoint(rule.unless_cues):
                continue  # the rule's own exception (通報, 注意) is in the text
            if _nobody_wrote(views.original, hit.start, hit.end):
                continue
            inside = _inside_longer_katakana(views.original, hit.start, hit.end)
            if inside and context.target == "post":
                # a draft's writer is staff, not someone writing around a filter: アホ in
                # ケアホーム is the care home it advertises (set IW), nothing to hold
                continue
            action = rule.action if hit.exact and not inside else "review"
            note = ("長いカタカナ語の一部" if inside else None if hit.exact
                    else "伏せ字・濁点抜きなどの変形表記")
            found.append(Finding(rule.ground, f"lexicon.{rule.name}", hit.start, hit.end,
                                 rule.confidence, note, action, rule.severe))
        return found


#: matches kept per pattern and text
MAX_MATCHES = 32


class LexiconPatterns:
    """Regular expressions of the lexicon rules, over the compact view (bounded
    quantifiers only, so any input stays linear). Only the patterns whose necessary
    literals stage 1's automaton found are run (:mod:`policy_gate.anchors`)."""

    name = "lexicon.patterns"
    grounds = LexiconTerms.grounds
    targets: frozenset[Target] = frozenset({"comment", "post"})
    stage = 1

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        found = []
        names = context.scan.cues.keys()
        blanked: dict[tuple[str, frozenset[str]], str] = {}  # built on first need
        for entry in context.policy.patterns_to_run(context.target, context.scan.anchors):
            if (entry.all_of and not names >= entry.all_of) or (
                    entry.any_of and names.isdisjoint(entry.any_of)):
                continue  # a cue set it needs is not in the text
            rule = entry.rule
            if rule.unless_cues and not names.isdisjoint(rule.unless_cues):
                continue  # the rule's own exception (a news report) is in the text
            view: View = getattr(views, rule.view)
            text = view.text
            words = entry.pattern.katakana_words
            if words and rule.view in ("compact", "base"):
                key = (rule.view, words)
                if key not in blanked:
                    blanked[key] = blanked_unless_katakana(view, views.original, words)
                text = blanked[key]
            for count, match in enumerate(entry.pattern.finditer(text)):
                if count >= MAX_MATCHES:
                    break  # enough evidence of this pattern; a flood costs no more
                if match.end() > match.start():
                    found.append(Finding.in_view(
                        view, match.start(), match.end(), rule.ground,
                        f"lexicon.{rule.name}", rule.confidence, action=rule.action,
                        severe=rule.severe))
        return found
