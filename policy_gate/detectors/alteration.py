"""Alteration (第4.5(12)): a comment that restates the city's post with its facts changed.

Quoting the city correctly is fine and common; what matters is a restatement whose facts
(dates, times, prices, counts) differ from the post it replies to. Two readings, both
linear (difflib was quadratic on long, repetitive posts: 2.4 s for 10,000 characters):

- a copy (most of the post's character 4-grams are in the comment) whose numbers differ:
  sure;
- a restatement on the post's topic (shared content bigrams) with a number of the same
  unit (日, 時, 円 …) that the post does not have: a person looks;
- the city named as the source (cue set ``alteration_source``: 市によると, 公式が…と発表,
  訂正です→, "Mine City says") of a fact or a status (cue set ``alteration_change``: 中止,
  休館, 無料 …) the post does not state: a person looks. The topic need not be shared, as
  a claim passed on in the city's name is what 第4.5(12) is about. A restatement whose
  facts all agree with the post (市によると…11日まで) is a correct quote and stays up, and
  a question (…休館って長くない？) asks rather than restates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policy_gate.detectors.base import QUOTED, Context, Finding, Target
from policy_gate.normalize import Normalized, fold

#: a number with its unit, in the digits view (commas inside amounts removed first)
#: (a duration is no date or clock time: 断水が6時間って, 3日間)
FACT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s*(月(?!間)|日(?!間)|時(?!間)|分(?!間)"
                  r"|円|万円|万|人|名|歳|%|世帯|件|回|km|キロ"
                  r"|メートル|m|yen|pm|am)")
#: what follows a span of time the writer lived through (40分待っちょった, 1時間かかった, 2時間
#: 並んだ): their own experience, not a figure of the post restated
LIVED_THROUGH = re.compile(r"\s*(?:も|以上|近く|くらい|ぐらい|ほど)?"
                           r"(?:待|かか|掛か|並|立ちっぱなし)")
#: a figure the writer read in a document the post points to (片道50分〜1時間になる見込みと
#: 資料にありますが): the plan holds more than the post, and quoting it restates nothing
FROM_A_DOCUMENT = re.compile(r"[^。\n]{0,24}?(?:と|って)(?:資料|計画案|計画書|報告書|議事録"
                             r"|説明資料|答弁)(?:に|で|には)(?:あり|書|載|記載)")
#: a figure of the writer's own family or a guess of their own, just before the number
#: (うちの母は今年99歳; たぶん三日で泣くで): nothing of the post restated
OWN_OR_GUESSED = re.compile(r"(?:うちの|私の|僕の|俺の|わしの|自分の|母は|父は|祖母は|祖父は|娘は"
                            r"|息子は|たぶん|多分|きっと|せいぜい|どうせ)[^。、\n]{0,12}$")
#: a claim passed on in the city's name (a person compares it with the post)
CITED = re.compile(r"って市(?:が|の公式が|役所が)(?:言|書|発表|投稿|お知らせ|告知)"
                   r"|(?:市|市役所|公式)(?:は|が)「[^」]{1,80}」(?:って|と)(?:言|書|発表|投稿|告知)"
                   r"|市(?:の公式)?によると|市の投稿より|市からのお知らせ[:：]|市の告知|市が発表|公式が言って")
#: a restatement passed on as news (hearsay, attribution, exclamation) or as the post's
#: gist (まとめると, 要約, …に変更です, 延びました); って as a quotation ends (…なるって,
#: …って聞いた), not as the て of a verb (26日に持って行きます: the commenter's own plan)
RELAYED = re.compile(r"って(?:[聞言話書きいよねさな、。!?]|$)|だって|らしい|とのこと|市が"
                     r"|によると|公式|の投稿|お知らせ|!|拡散"
                     r"|そうです|まとめると|要約|要するに|つまり|に変更|変更です|変更になり"
                     r"|になりました|延びました|延長され|訂正")
#: the post agreed with in so many words (市の発表どおり, 投稿のとおり): the commenter's own
#: plans beside it (30日に出さんと) are no change
AGREES = re.compile(r"(?:発表|投稿|お知らせ|告知|案内|ホームページ)(?:の|に|にも)?"
                    r"(?:どおり|通り|とおり|ある通り)")
#: a comment that ends asking politely (…ですよね？, …ですか); a bare ？ ends complaints too
#: (…有料って書いてるんやけど、高すぎん？)
ENDS_ASKING = re.compile(r"(?:ですか|ますか|ですよね|でしょうか|合ってる|あってる)"
                         r"[\s。!！?？)）]*$")
AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
CONTENT = re.compile(r"[一-龥ァ-ヶー]{2,}")
GRAM = 4
#: a comment more of whose 4-grams than this are not the post's is the writer's own text
#: that names the post's topic: under a short English title ("Guided tours of Akiyoshido")
#: a visitor's question about the tour holds most of the title's letters and restates
#: nothing (the modified copies of the labelled sets add a third to a half)
MOSTLY_OWN = 0.6


def _grams(text: str, size: int = GRAM) -> set[str]:
    return {text[i:i + size] for i in range(max(0, len(text) - size + 1))}


def _content_bigrams(text: str) -> set[str]:
    return {g for run in CONTENT.findall(text) for g in _grams(run, 2)}


#: how far before a quotation its source may stand (市の投稿のコピペ→「…」)
SOURCE_REACH = 6
#: a sentence ends between the source and the quotation: the quotation is someone else's
SOURCE_BROKEN = re.compile(r"[。．!！?？]|って")
#: what the city keeps saying, quoted in scorn (「復旧作業中です」のコピペばっかり): no claim
#: that this post says it
QUOTE_SCORNED = re.compile(r"\s*(?:の(?:コピペ|繰り返し|一点張り)|ばっかり|ばかり|ばっか)")
#: a quotation given as what the post or the city says, after it (「…」って書いてある; not
#: 「…」って書いとる人, a person's words)
QUOTE_ATTRIBUTED = re.compile(r"\s*(?:って|と)(?:(?:書いて|書いと)"
                              r"(?![^。\n]{0,2}?(?:人|奴|やつ|ヤツ|連中))|市が|公式が|発表|お知らせ)"
                              r"|\s*(?:とのこと|やって|だって)")
#: one unit written two ways (500 yen in a translation is the post's 500円)
UNIT_ALIASES = {"yen": "円", "キロ": "km"}


#: an hour said the twelve-hour way (夜7時 is the post's 19時)
AFTERNOON = re.compile(r"(?:夜|午後|夕方|晩)の?\s*$")


def _not_the_posts(text: str, start: int, end: int) -> bool:
    """A figure that is the writer's and not the post's: a span lived through, a figure read
    in the document the post points to, the writer's own family or own guess."""
    return bool(LIVED_THROUGH.match(text, end) or FROM_A_DOCUMENT.match(text, end)
                or OWN_OR_GUESSED.search(text, max(0, start - 24), start))


def _facts(text: str) -> list[tuple[str, str, int, int]]:
    facts = []
    for m in FACT.finditer(text):
        number, unit = m.group(1).replace(",", ""), UNIT_ALIASES.get(m.group(2), m.group(2))
        if unit == "時" and number.isdigit() and int(number) < 12 and AFTERNOON.search(
                text, max(0, m.start() - 4), m.start()):
            number = str(int(number) + 12)
        facts.append((number, unit, m.start(), m.end()))
    return facts


def _numbers(text: str) -> set[str]:
    return {m.group().replace(",", "") for m in AMOUNT.finditer(text)}


def _quoted_faithfully(original: str, post_grams: frozenset[str]) -> bool:
    """The comment quotes the post word for word in brackets (「…400円→450円）」ですね。
    値上げは痛いけど): what it adds outside them is its own remark, not a change."""
    for match in QUOTED.finditer(original):
        grams = _grams(Normalized.of(match.group()[1:-1]).compact.text)
        if len(grams) >= 5 and len(grams & post_grams) >= 0.95 * len(grams):
            return True
    return False


def _comparable(said: str) -> bool:
    """Japanese as the post writes it, so its words can be looked for in the post: kanji, and
    kana beside them unless it is a name (大嶺地区). A quotation in やさしい日本語, English or
    Chinese rewrites every word, faithful or not: the facts checks read it instead."""
    kanji = any("\u4e00" <= c <= "\u9fff" for c in said)
    kana = any("\u3041" <= c <= "\u30ff" for c in said)
    return kanji and (kana or len(said) <= 6)


def _introduces(original: str, source_end: int, quote_start: int) -> bool:
    """The source stands just before the quotation, in the same sentence (市の投稿の
    コピペ→「…」), not in an earlier one (…って書いてあるのが大事。…『市役所です』って電話が)."""
    return (quote_start - SOURCE_REACH <= source_end <= quote_start
            and SOURCE_BROKEN.search(original, source_end, quote_start) is None)


def _misquoted(original: str, post: _Post, sources: list[tuple[int, int]]
               ) -> tuple[int, int] | None:
    """A bracketed quotation given as the post's or the city's words (元投稿の全文ね→「…」,
    正しくは「大嶺地区」です, 「…」って書いてある) that the post does not hold: words put in the
    city's mouth. A quotation of anyone else (「市役所です」って電話が, 「…」ってLINEで回って
    きた) is not the post's. A short one must appear whole; a long one must share most of
    its 4-grams with the post (a quote with a typo or a dropped particle is still faithful)."""
    for match in QUOTED.finditer(original):
        given_as_posts = any(_introduces(original, end, match.start())
                             for _, end in sources) or bool(
            QUOTE_ATTRIBUTED.match(original, match.end()))
        if not given_as_posts or QUOTE_SCORNED.match(original, match.end()):
            continue
        quoted = Normalized.of(match.group()[1:-1])
        said = quoted.compact.text
        if len(said) < 2 or not _comparable(said):
            continue
        facts = {(n, u) for n, u, _, _ in _facts(quoted.digits.text)}
        if len(facts) >= 2 and facts <= post.facts:
            continue  # a summary in its own words whose several facts are all the post's
        grams = _grams(said)
        faithful = (said in post.compact if len(grams) < 5
                    else len(grams & post.grams) >= 0.5 * len(grams))
        if not faithful:
            return match.start(), match.end()
    return None


@dataclass(frozen=True)
class _Post:
    """What a comment is compared with, worked out once per city post (a sweep judges
    many comments under the same post)."""

    compact: str
    grams: frozenset[str]
    numbers: frozenset[str]
    facts: frozenset[tuple[str, str]]
    units: frozenset[str]
    bigrams: frozenset[str]
    folded: str


@lru_cache(maxsize=256)
def _post(text: str) -> _Post:
    views = Normalized.of(text)
    compact, digits = views.compact.text, views.digits.text
    facts = frozenset((n, u) for n, u, _, _ in _facts(digits))
    return _Post(compact, frozenset(_grams(compact)), frozenset(_numbers(digits)), facts,
                 frozenset(u for _, u in facts), frozenset(_content_bigrams(compact)),
                 fold(text))


def repeats_post(views: Normalized, context: Context) -> bool:
    """The comment only repeats (part of) the post it answers: nothing in it is the
    commenter's own. Read from the same worked-out post as the alteration check."""
    if not context.city_post_text:
        return False
    said = views.compact.text
    limit = context.policy.limit("alteration_chars", 1500)
    return len(said) >= 8 and said in _post(context.city_post_text[:limit]).compact


class Alteration:
    name = "alteration"
    grounds = frozenset({"alteration"})
    targets: frozenset[Target] = frozenset({"comment"})
    stage = 1

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        city_post = context.city_post_text
        if not city_post:
            return []
        limit = context.policy.limit("alteration_chars", 1500)
        known = _post(city_post[:limit])
        post, comment = known.compact, views.compact.text[:limit]
        if len(post) < 10 or len(comment) < 6:
            return []
        post_grams, comment_grams = known.grams, _grams(comment)
        copied = len(post_grams & comment_grams) / len(post_grams) if post_grams else 0.0
        post_numbers = known.numbers
        if copied >= 0.5:
            comment_digits = views.digits.text
            # a fact (number and unit) the post does not state, else a bare number it
            # does not have: 9日 is a change even if 9時 is in the post
            changed = [(s, e) for n, u, s, e in _facts(comment_digits)
                       if u in known.units and (n, u) not in known.facts]
            changed += [m.span() for m in AMOUNT.finditer(comment_digits)
                        if m.group().replace(",", "") not in post_numbers]
            if changed and post_numbers:
                start, end = min(changed)
                return [Finding.in_view(views.digits, start, end,
                                        "alteration", "alteration.changed_number", 0.9,
                                        "市の投稿を写しつつ数字（日時・金額など）を変えています")]
            added = len(comment_grams - post_grams) / max(1, len(comment_grams))
            if (copied < 0.95 and 0.1 < added <= MOSTLY_OWN and copied >= 0.6
                    and not _quoted_faithfully(views.original, post_grams)):
                return [Finding("alteration", "alteration.modified_copy", 0, 0, 0.55,
                                "市の投稿を一部変えて写しています（確認が必要）", "review")]
            return []
        cues = context.scan.cues
        sourced = bool(cues.get("alteration_source")) or bool(CITED.search(views.base.text))
        # a question asks rather than restates; in the city's name only when it ends the
        # comment (…去年の話ですよね？), as a claim may carry a question inside it
        asks = bool(cues.get("question")) and (not sourced or bool(
            ENDS_ASKING.search(views.original)))
        if asks or AGREES.search(views.base.text) or not (
                sourced or RELAYED.search(views.compact.text)):
            return []
        shared = _content_bigrams(views.compact.text) & known.bigrams
        if len(shared) < (0 if sourced else 2):
            return []
        post_facts, post_units = known.facts, known.units
        # the digit view is built only for a comment with a digit in it (most have none)
        facts = _facts(views.digits.text) if views.has_digits else []
        for number, unit, start, end in facts:
            if _not_the_posts(views.digits.text, start, end):
                continue
            if (unit in post_units or sourced) and (number, unit) not in post_facts and (
                    sourced or number not in post_numbers):
                return [Finding.in_view(views.digits, start, end, "alteration",
                                        "alteration.changed_fact", 0.75,
                                        "市の投稿と同じ話題で、日時・金額などが投稿と違います",
                                        action="review")]
        if sourced:
            text = views.original
            quote = _misquoted(text, known, cues.get("alteration_source", []))
            if quote is not None:
                return [Finding("alteration", "alteration.misquoted", quote[0], quote[1], 0.7,
                                "市の投稿の引用・転載として、投稿にない文を示しています"
                                "（投稿と照合が必要）", "review")]
            for start, end in cues.get("alteration_change", []):
                if fold(text[start:end]) not in known.folded:
                    return [Finding("alteration", "alteration.changed_status", start, end,
                                    0.7, "市の発表として、投稿にない中止・休館・料金などを"
                                    "伝えています（投稿と照合が必要）", "review")]
        cited = CITED.search(views.base.text)
        agrees = any((n, u) in post_facts for n, u, _, _ in facts)
        if cited is not None and not agrees:
            return [Finding.in_view(views.base, cited.start(), cited.end(), "alteration",
                                    "alteration.cited_claim", 0.6,
                                    "市の投稿として伝えている内容（投稿と合っているか確認）",
                                    action="review")]
        return []
