"""Criticism is never hidden (GROUNDS.md): the rules that turn a hide into a review, or
drop a weak finding altogether.

- Counter-speech (「…」という意見には反対, 差別だ, 〜はやめよう): quoting hateful words in order
  to oppose them is not the thing itself, so on the grounds where that happens a person
  decides instead of the machine.
- Reporting and warning (逮捕された, ニュースで, 〜に気をつけて): a report names the crime it
  reports, so a finding that is not severe (a drug named, 闇バイト, a hearsay word) is
  dropped on the grounds where reports happen; a severe one (a slur, a threat, personal
  data) still goes to a person.
- A comment about the city, its officials, the mayor or a policy is never auto-hidden
  without a slur, a threat or personal data (``severe`` findings), however harsh; a mere
  insult of the city with nobody named (「市長は無能」「税金泥棒」) stays up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from policy_gate.detectors.base import Finding
from policy_gate.detectors.personal import closes_post, given_as_own
from policy_gate.normalize import SMALL_KANA, Normalized
from policy_gate.policy import Guard, Policy

#: a named person (surname and a title or honorific): an insult of them is not criticism
#: of the city
NAMED = re.compile(
    # (not ちゃんと, 様々, 様子, さんざん: 使い道ちゃんと説明しろ names nobody)
    # (a name written as placeholders, ○○さん, is a name as much as 田中さん is)
    r"(?:[一-龥]{1,3}|[〇○◯△□×]{2,3})(?:さん(?!ざん)|様(?![々子式相])|さま(?!ざま)|課長|部長|室長|係長|所長|園長|医師"
    r"|先生|氏|くん|君|ちゃん(?!と))"
    r"|(?:議員|市議|議長|課長|部長|課|室|係|職員|医師|園長|社長|店長|会長|窓口|受付)の"
    r"(?!対応|担当|職員|窓口|仕事|説明|方針|人|方|皆|事業|予算|計画|判断|態度|件|半分|全員|多く|大半|連中|人たち|やつ|奴|一部|中|上|下|皆さん|方々)[一-龥々]{2,4}"
    r"(?:[、,はがのっ]|$)"
    # a surname given with who they are (眼鏡の田中という職員の方は…)
    r"|[一-龥]{2,3}という(?:職員|担当|人|方|男|女|先生|看護師|医師|課長|係長|議員)"
    # a named business and its head (△△建設の社長, 〇〇カフェの店長): a private party
    r"|(?:〇〇|△△|□□|××|[一-龥ァ-ヶ]{1,8})(?:建設|商店|旅館|食堂|工務店|カフェ|医院|整骨院"
    r"|ホテル|運送|農園|不動産|工業|産業|亭|屋)(?:の(?:社長|店長|店主|女将|院長|オーナー))?"
    # a staff member named from the name tag (札に○○って書いてあった): a person, not the city
    r"|(?:名札|札)に[^。]{0,10}?(?:って|と)書いて"
    # a private person pointed at (あの町内会長, あの親父): not the city
    r"|(?:あの|この|その)(?:町内会長|自治会長|会長|店長|社長|店主|女将|医者|親父|おやじ|じじい"
    r"|ばばあ|じいさん|ばあさん)"
    # (stop 32) a person named in English, with a title (Mr Tanaka, Councillor Oshima)
    r"|\b(?:Mr|Mrs|Ms|Miss|Dr|Councill?or|Coach|Principal)\.? [A-Z][a-z]+")


#: a quotation: the words between the marks are mentioned, not used; English single quotes
#: count when they stand apart from letters, so an apostrophe (wasn't) opens or closes none
QUOTE = re.compile(r"「[^「」]{0,80}」|『[^『』]{0,80}』|“[^“”]{0,80}”|‘[^‘’]{0,80}’"
                   r"|\"[^\"]{0,80}\"|(?<![A-Za-z0-9])'[^'\n]{1,80}'(?![A-Za-z0-9])")
#: what follows a mention: 「…」って書く / とか言う / みたいなコメント / 呼ばわり / という言葉
MENTIONED_AFTER = re.compile(
    r"\s*(?:って|とか|みたいな|なんて|などと|という|っていう|と(?=言|書|呼|叫|投稿|コメ|あり|あっ|落書)"
    # said to the writer, however it was said (「…」とボソッと言われた)
    r"|と[^。「」『』]{1,6}?(?=言われ|言わ|言っ|言う|書か|呼ば|叫ば|怒鳴ら)"
    r"|は(?=完全に|明らかに|差別|偏見|間違|ヘイト)|呼ばわり|の(?:コメント|書き込み|投稿|言葉)"
    # the word itself named to object to its use (「部落」を悪口に使うな)
    r"|を(?=悪口|差別|侮辱|蔑称|馬鹿に|バカに|ネタに|笑いに)"
    # (stop 32, set ML) an English quotation named as someone's comment (the '…' comment above)
    r"|(?i:comments?|posts?|remarks?|repl(?:y|ies)|lines?)\b)")
#: an unquoted mention right after the word, its verb ending included: メンヘラって軽く言う,
#: 老害とか言う人, 町を乗っ取るっていうのは言い過ぎ
MENTION_VERB = re.compile(
    r"^\s*(?:呼ばわり|よばわり)|"  # 外国人をゴキブリ呼ばわりしてる人がいた
    r"^\s*[ぁ-ん]{0,3}?(?:って|とか|なんて|みたいに|という|っていう)(?:[^。]{0,6}?)"
    r"(?:言う|言っ|言わ|いう|書く|書い|書か|書き込|書き|投稿|呼ぶ|呼ん|呼ば|使う|使わ|使っ|言葉|表現"
    # dialect and the comparison a policy is damned by (年寄りに死ねって言いよるんと同じ)
    r"|言いよ|言いやが|言いおっ|言うとる|言うちょる"
    r"|コメント"
    r"|ひどい|酷い|最低|ありえな|あり得な|おかしい|許せ|悲しい|言い過ぎ|言いすぎ|大げさ"
    r"|噂|うわさ|デマ|嘘|うそ)")
#: whose words a quotation holds, said before it (あんたの言う「…」, 上の人が書いた「…」)
QUOTED_FROM = re.compile(r"(?:の|が)(?:言う|言った|言ってる|言っとる|書いた|書いてる|書いとる)\s*$")
#: someone else's words reported (「…」ってコメント, とか書く人, みたいな書き込み, なんてひどい):
#: the commenter relays or objects to them rather than saying them
ATTRIBUTED = re.compile(
    r"\s*(?:(?:って|とか|みたいな|なんて|などと|という|っていう|と)[^。]{0,10}?"
    # the words named as words (『チ●ン』『土人』みたいな言葉、…やめて) or a name someone is
    # called by (「ガ●ジ」って呼んでる奴)
    r"(?:コメント|書き込み|投稿|言葉|言い方|呼び方|呼ん(?:でる|でい|どる|じょる|だ)[^。、]{0,6}?"
    r"(?:人|やつ|奴|ヤツ|連中|コメント|リプ)"
    r"|(?:書|言|使)(?:く|う|って(?:る|い)|っている|っとる|いとる|いてる|うとる"
    r"|い出す|いだす|い出した|いちょる|っちょる|いよる|いよった|きよる|きよった|ってくる|ってきた"
    r"|き込んで(?:る|い)|き込んどる|き込む"
    r"|いている|いた|った)[^。、]{0,6}?"
    r"(?:人|やつ|奴|ヤツ|おじさん|おっさん|おばさん|じいさん|ばあさん|年寄り|男|女|客|連中|大人"
    r"|先生|教師|上司|同級生|子|コメ欄|コメント欄|スレ|掲示板|リプ|コメント|書き込み|投稿)"
    r"|ひどい|酷い|最低|ありえな|あり得な|許せ|悲しい|おかしい|ダサ|だせ"
    r"|恥ずかし"
    # a scam's words and how they came (「還付金があります」って電話、うちにも来た)
    r"|電話|メール|sms|SMS|ショートメール|はがき|ハガキ|手紙|dm|DM"
    # or whose voice said them (「母さん、会社の金を使い込んだ」って息子の声そっくりやった)
    r"|声"
    # or where it was seen posted (「外国人お断り」って貼り紙を出しとる店を見かけた)
    r"|貼り紙|張り紙|看板|ポスター|チラシ|落書き)"
    # a name someone was seen calling people (外国人をゴキブリ呼ばわりしてる人がいた)
    r"|(?:呼ばわり|よばわり)(?:して|する|しと|しちょ)[^。]{0,4}?(?:人|やつ|奴|連中|客|コメント"
    r"|書き込み|投稿|リプ)"
    # said to the writer (「迷惑じゃけぇ来んでええ」とボソッと言われた)
    r"|と[^。「」『』]{0,6}?(?:言われ|書かれ|呼ばれ|怒鳴られ)|とあり(?:ました|ます)"
    # or what someone once said (昔、ばあちゃんが「あの地区の人と付き合うな」と言いよった)
    r"|と(?:[^。「」『』]{1,8}?が)?(?:言いよった|言っとった|言うとった|言うてた|言ってた|言っていた"
    r"|言ってました|言っていました)"
    # what others still say, answered (「…」って祖母世代はまだ言うけど、…もう終わりにしよう)
    r"|って[^。「」]{0,10}?(?:言うけど|言うけれど|言ってるけど|言っとるけど|言いよるけど)"
    # laughed at with it (ネットで『糖質』って笑われてるの見るたび胸が痛い)
    r"|って(?:笑われ|馬鹿にされ|バカにされ|からかわれ|いじられ))")
#: agreement with the words reported (「…」ってコメントに同意): an endorsement, not a report
AGREEING = ("同意", "賛成", "その通り", "そのとおり", "正論", "言う通り", "ほんとそれ",
            "よく言った")
#: the same in English (someone painted "…" and I agree with them)
AGREEING_ENGLISH = re.compile(
    r"(?i)\b(?:i (?:totally |fully |kinda |kind of )?agree|agree with (?:them|him|her|that|this)"
    r"|(?:they|he|she)(?:'re|'s| are| is) (?:not wrong|right)|(?:is|are) right\b|so true"
    r"|well said|ha(?:s|ve) a point)")
#: both sides named (賛成も反対も自由に言える): no agreement with anything quoted
BOTH_SIDES = re.compile(r"賛成(?:派|の人|する人)?(?:も|か|・|と)反対"
                        r"|反対(?:派|の人|する人)?(?:も|か|・|と)賛成")
#: the hearsay rule that needs no alarm (噂, って聞いた alone); the others carry one
ALARMLESS_HEARSAY = ".rumor.hearsay"
#: a finding that ends in a permission (…燃やしていただいても差し支えありません): no warning
PERMITTED = re.compile(r"構いません|かまいません|差し支え(?:は)?(?:ありません|ない)"
                       r"|問題(?:は)?(?:ありません|ない)|大丈夫|ても(?:いい|良い|ok|OK)")
#: an offer in the writer's own voice (売ります, お譲りします, 販売しています)
OFFERED = re.compile(r"(?:売り|譲り|お分けし|販売し)ます|(?:売って|販売して|譲って)(?:い)?ます")
#: English reported speech: comments telling people to…, people who say …, someone wrote
#: "…" under the post
ENGLISH_REPORT = re.compile(
    r"(?i)\b(?:comments?|posts?|people|someone|somebody|whoever|trolls?|they|neighbou?rs?"
    # (stop 31, set KP, blind: To the guy who replied 'Koreans go home' on the jobs post: …)
    r"|(?:a|an|the|that) (?:(?:old|older|young|drunk|elderly|middle-aged) )?"
    r"(?:man|woman|guy|lady|kid|person|parent|commenter|one)"
    # (stop 32, set LP) a flyer or a sign and what it said (It literally said "…, go home")
    r"|(?:(?:a|the|that|this|one of those|some) )?(?:flyers|signs|posters|leaflets|banners"
    r"|stickers)|(?:a|the|that|this) (?:flyer|sign|poster|note|leaflet|banner|sticker|graffiti))"
    # a few words may say where they were (someone upthread said, somebody on the other city
    # thread wrote), never a wish or a duty (people here should all say it: …, someone should
    # tell them …)
    r"(?:\s+(?!(?:should|must|need|needs|ought|have|has|had|gotta|would|will|shall|to)\b)"
    r"[\w']+){0,5}?"
    r"\s+(?:who\s+)?(?:tell(?:ing|s)?|told|say(?:ing|s)?|said|call(?:ing|s)?|called"
    r"|writ(?:e|es|ing)|wrote|post(?:s|ed|ing)|comment(?:s|ed|ing)|shout(?:s|ed|ing)"
    r"|yell(?:s|ed|ing)?|repl(?:y|ies|ied|ying)"
    # (stop 32, set KY, blind) written on a wall: someone spray-painted "…" on the bus shelter
    r"|(?:spray[- ]?)?paint(?:s|ed|ing)|scrawl(?:s|ed|ing)?|scribbl(?:es|ed|ing)|graffitied)\b"
    # (stop 31, set KI) said to the writer or theirs (my kid was told '…' on the bus)
    r"|\b(?:was|were|been|got) (?:told|called|yelled at|shouted at)\b(?! to\b)"
    r"|\bit (?:literally |actually )?(?:said|says|read|reads)\b")


def _quotes_holding(finding: Finding, original: str) -> Iterator[re.Match[str]]:
    """The quotations the finding ends in, or begins in and runs on past (「部落」を悪口に
    使うな: the quoted word is what is talked about)."""
    for quote in QUOTE.finditer(original):
        if (quote.start() < finding.end <= quote.end()
                or quote.start() < finding.start < quote.end()):
            yield quote


#: the next quotation of a run (「チョン」「シナ」とか使う奴)
NEXT_QUOTE = re.compile(r"[、・,\s]*(?:" + QUOTE.pattern + ")")


def _past_quotes(original: str, at: int) -> int:
    """Where a run of quotations that begins at ``at`` ends: what is said of the words
    follows the last of them."""
    while (following := NEXT_QUOTE.match(original, at)) is not None:
        at = following.end()
    return at


#: how far before a finding its speaker may stand (somebody on the other city thread wrote
#: that '…'), and how far before a quotation the words that name it as words
REPORT_REACH = 80
NAMED_REACH = 24
#: English words that name what follows as words: a poster crossing out the words
#: 'Foreigners go home', a sign reading "…", slogans like "…"
NAMED_AS_WORDS = re.compile(r"(?i)\b(?:the (?:words?|phrases?|slogans?|slurs?|sign|banner)"
                            r"|(?:words|phrases|slogans|slurs) like|saying|reading"
                            r"|that (?:said|read|says|reads))\s*[:,]?\s*$")


def _quoted_from(original: str, quote: re.Match[str]) -> bool:
    """Whose words the quotation holds is said just before it (あんたの言う「…」), or that
    they are words at all (the words 'Foreigners go home')."""
    start = quote.start()
    return (QUOTED_FROM.search(original, max(0, start - 8), start) is not None
            or NAMED_AS_WORDS.search(original, max(0, start - NAMED_REACH), start) is not None)


def _reported_in_english(finding: Finding, original: str) -> bool:
    """Someone said to have said, written or shouted it, just before it (someone upthread
    said '…', my kid was told '…', somebody on the other city thread wrote that '…')."""
    return ENGLISH_REPORT.search(original, max(0, finding.start - REPORT_REACH),
                                 finding.start + 1) is not None


def mentioned(finding: Finding, text: Normalized) -> bool:
    """The finding's words are quoted or talked about (「死ね」とか書くのは違う, メンヘラって
    軽く言うけど, comments telling foreigners to go home), not addressed to anyone: the
    commenter mentions them, which is how people object to them."""
    original = text.original
    for quote in _quotes_holding(finding, original):
        if MENTIONED_AFTER.match(original, _past_quotes(original, quote.end())) or (
                _quoted_from(original, quote)):
            return True
    if MENTION_VERB.match(original[finding.end:finding.end + 16]):
        return True
    return _reported_in_english(finding, original)


def _agrees(original: str) -> bool:
    """The commenter sides with what they report (「…」ってコメントに同意, I agree with them)."""
    return any(word in BOTH_SIDES.sub("", original) for word in AGREEING) or (
        AGREEING_ENGLISH.search(original) is not None)


def attributed(finding: Finding, text: Normalized) -> bool:
    """The finding's words are someone else's, reported or objected to (「中国人は帰れ」
    みたいなコメントが上にある, 閉じ込めとけなんてひどい, comments telling foreigners to go
    home), and nothing in the comment agrees with them."""
    original = text.original
    if _agrees(original):
        return False
    for quote in _quotes_holding(finding, original):
        if ATTRIBUTED.match(original, _past_quotes(original, quote.end())) or _quoted_from(
                original, quote):
            return True
    if ATTRIBUTED.match(original, finding.end):
        return True
    return _reported_in_english(finding, original)


#: a short word of kana only, once folded (デマ → でま): across a word boundary it is an
#: everyday string (市内でマダニ → …でまだに…), so it must stand as written in the NFKC view;
#: one the policy wrote in katakana must stand in katakana (秋吉台でまた holds でま)
SHORT_KANA = re.compile(r"[ぁ-ゖ]{1,3}")


def _has(words: tuple[str, ...], text: Normalized, guard: Guard) -> bool:
    compact = text.compact.text
    written = ""  # the NFKC text as the folded words spell small kana, made on first need
    for word in words:
        if word not in compact:
            continue
        if not SHORT_KANA.fullmatch(word):
            return True
        # small kana full size, as the folded word spells them (ガチャ is がちや)
        written = written or text.nfkc.text.lower().translate(SMALL_KANA)
        katakana = "".join(chr(ord(c) + 0x60) for c in word)
        if katakana in written or (word in written and word not in guard.katakana_only):
            return True
    return False


def counter_speech(text: Normalized, policy: Policy) -> bool:
    return _has(policy.guard.counter_speech, text, policy.guard)


#: a report word negated (捕まったことない, 捕まらん): the speaker boasts, nobody reports
NEGATED = ("ことな", "ことがな", "ことは", "ためしがな")


def reporting(text: Normalized, policy: Policy) -> bool:
    compact = text.compact.text
    automaton = policy.guard.reporting_automaton
    if not compact or automaton is None:
        return False
    for last, _length in automaton.iter(compact):
        if not compact.startswith(NEGATED, last + 1):
            return True
    return False


def about_the_city(text: Normalized, policy: Policy) -> bool:
    return _has(policy.guard.city_targets, text, policy.guard)


def justified(findings: list[Finding], text: Normalized, policy: Policy) -> list[Finding]:
    """A restriction that states its reason (安全上の理由から…) goes to a person: for a post
    the 所属長, for a comment the review queue. Used for posts and comments alike."""
    if not any(f.ground == "discrimination" for f in findings) or not _has(
            policy.guard.justifications, text, policy.guard):
        return findings
    return [replace(f, action="review", severe=False, note="理由の記載された制限（人が判断）")
            if f.ground == "discrimination" else f for f in findings]


def corrected(findings: list[Finding], text: Normalized, policy: Policy) -> list[Finding]:
    """A correction repeats the rumour it denies (デマにご注意…そのような事実はありません):
    its rumour findings go."""
    if not any(f.ground == "rumor" for f in findings) or not _has(
            policy.guard.corrections, text, policy.guard):
        return findings
    return [f for f in findings if f.ground != "rumor"]


#: a quotation in a post: 「…」, 『…』 or "…" (bounded: a quote is a phrase, not a page)
_BRACKETED = r"「[^「」]{1,80}」|『[^『』]{1,80}』"
QUOTATION = re.compile(_BRACKETED + r"|“[^“”]{1,80}”|\"[^\"]{1,80}\"|‘[^‘’]{1,80}’"
                       r"|(?<![A-Za-z])'[^'\n]{1,80}'(?![A-Za-z])")


#: a post reporting what the city was told: a quotation, or a run of them, followed by
#: whose words they were (「税金泥棒か」といった厳しいご意見, 「遅すぎる」との指摘が相次ぎ),
#: or words named as words (「ガイジ」「池沼」——ネットで、こうした言葉を…)
REPORTED = re.compile(
    rf"(?:(?:{_BRACKETED})[、・や\s]*)+"
    r"(?=(?:(?:という|といった|との|などの|など|っていう|と|\s*[―—─]+[^。「」]{0,16}?(?:そんな|こんな"
    r"|こうした|このような))[^。「」]{0,8}?"
    r"(?:ご?意見|声|指摘|お便り|お手紙|ご?批判|苦情|お叱り|ご?要望|ご?質問|投稿|書き込み"
    r"|コメント|ご?感想|言葉|表現|呼び方|メッセージ|悪口|暴言|書き込み|働きかけ|誘い|勧誘"
    # or a threat the city received (「爆破する」との脅迫メールが届いた)
    r"|脅迫|犯行予告|予告|脅し"
    # or named as a prejudice (「障害者は働けない」——こうした思い込みが、誰かの可能性を奪って)
    r"|思い込み|決めつけ|偏見|先入観|固定観念|誤解"
    r"|呼びかけ|対応|行為|発言|振る舞い|ふるまい|落書き|お?電話|お問い合わせ"
    # (「外国人は出ていけ」と書かれたビラが見つかりました)
    r"|ビラ|チラシ|貼り紙|張り紙)"
    # or where they were found written (【「よそ者は出ていけ」――市内で見つかった落書きについて】)
    r"|\s*[―—─]+[^。「」]{0,20}?(?:落書き|貼り紙|張り紙|書き込み)"
    # or words people are said to hear (――店や施設で、障害のある方が今も受けている言葉です)
    r"|\s*[―—─]+[^。「」]{0,30}?(?:受けている|受けてきた|受けた|かけられ(?:た|ている)"
    r"|浴びせられ(?:た|ている)|言われ(?:た|ている|てきた))言葉"
    # or words someone was seen or heard saying (…」と吐き捨てる人を見かけました)
    # (not と言われています: "it is said" is hearsay the post passes on)
    r"|(?:と|って)(?:吐き捨て|言い放|怒鳴|叫|罵|言われ(?:まし|た)|書き込まれ|言う人|言っている人"
    r"|言ってる人)))")
#: the post takes the quoted words up as its own advice (…という声も…試してみてください)
ENDORSED = re.compile(r"試してみ|お試し|おすすめ|お勧め|ぜひ|参考にして|真似して|取り入れて")


def reported_speech(original: str) -> list[tuple[int, int]]:
    """The quotations a post attributes to others as opinions it received: the city
    publishing its critics' words (and its answer) is not saying them."""
    return [quote.span() for run in REPORTED.finditer(original)
            if not ENDORSED.search(original, run.end(), run.end() + 60)
            for quote in QUOTATION.finditer(original, run.start(), run.end())]


def unquoted(views: Normalized) -> Normalized:
    """The post as the router should read it: reported opinions blanked out (the same
    length, so its evidence still points into the original)."""
    spans = reported_speech(views.original)
    if not spans:
        return views
    letters = list(views.original)
    for start, end in spans:
        letters[start + 1:end - 1] = "・" * (end - start - 2)
    return Normalized.of("".join(letters))


def quoted(findings: list[Finding], text: Normalized, policy: Policy) -> list[Finding]:
    """A warning quotes the line it warns against (「誰にもバレずに稼げる」などの甘い言葉に
    ご注意ください; 「山の中なら大丈夫」と思っていませんか): for a post, a finding that reaches
    into a quotation is dropped when the post is a warning, or when the quotation is an
    opinion the city reports having received (:func:`reported_speech`). A severe one (a slur, an
    expulsion: 「〇〇人は出ていけ」などのヘイトスピーチは許されません) is not the city's own
    line either, but whether the quotation is needed is for the 所属長: it is marked
    ``quoted``, which holds the post rather than blocking it."""
    guard = policy.guard  # a warning frame (被害が多発, 乱用防止) is a warning word too
    if not findings:
        return findings
    received = reported_speech(text.original)
    # a human-rights notice quoting the prejudice it stands against (「〇〇人は出ていけ」などの
    # 言動はヘイトスピーチです; 「外国人はお断り」――こうした言葉が今も聞かれます): nothing
    # quoted in it is the city's
    condemned = _has(guard.human_rights_frames, text, guard)
    if condemned or _has(guard.quoted_warnings, text, guard) or _has(
            guard.post_warning_frames, text, guard):
        spans = [m.span() for m in QUOTATION.finditer(text.original)]
    else:  # no warning: only the opinions the post reports as received
        spans = received
    if not spans:
        return findings
    kept = []
    for f in findings:
        inside = any(a < f.end and f.start < b for a, b in spans)
        if f.ground == "approval_required":
            # the city's view is the city's words: one that begins inside a quotation is
            # the critic's (「市長は何も説明せん…」という厳しいご意見をいただきました)
            if not any(a < f.start < b for a, b in spans):
                kept.append(f)
        elif not inside:
            kept.append(f)
        elif f.severe and not condemned:
            kept.append(replace(f, action="review", severe=False, quoted=True,
                                note="引用（所属長が判断）"))
    return kept


def warned(findings: list[Finding], text: Normalized, policy: Policy) -> list[Finding]:
    """A city post that warns of a crime has to describe it (偽物が届く被害があります。
    購入前に販売元を確認しましょう): with a warning frame, a finding on the warning grounds
    that is not severe is dropped, a severe one held rather than blocked. A post that says a
    violation is fine does not warn of it; a finding on another ground (a slur) stays."""
    guard = policy.guard
    if not findings or not _has(guard.post_warning_frames, text, guard):
        return findings
    # a permission given in the same post (園内の火気は禁止です。ご注意ください。…林の中に
    # 置いていっていただいても構いません) is no description of what it warns against; a
    # severe one (危険ドラッグの成分が含まれていた例があります) may be the description, or a
    # sale with a warning pinned on: the 所属長 reads it, nothing is blocked on it
    # (危険ドラッグ売ります。乱用防止にご協力を): an offer in the post's own voice, outside
    # any quotation, is no description either; it waits for the 所属長
    quotations = [m.span() for m in QUOTATION.finditer(text.original)]
    kept = []
    for f in findings:
        if f.ground not in guard.post_warning_grounds or PERMITTED.search(
                text.original, f.start, f.end + 12) is not None:
            kept.append(f)
        elif f.severe or (OFFERED.search(text.original, f.start, f.end + 6) is not None
                          and not any(a <= f.start < b for a, b in quotations)):
            kept.append(replace(f, action="review", severe=False,
                                note="注意喚起の中の記述（所属長が判断）"))
    return kept


def public_data(findings: list[Finding], text: Normalized, policy: Policy) -> list[Finding]:
    """A public office's address (市役所の住所は大嶺町東分326-1) is never someone's home:
    a privacy finding whose words are part of one is dropped, whichever detector (a stage-2
    template reads place and lot number without knowing whose they are) raised it."""
    if not policy.public_addresses or not any(f.ground == "privacy" for f in findings):
        return findings
    kept = []
    for finding in findings:
        if finding.ground == "privacy" and finding.end > finding.start:
            written = re.sub(r"\s", "", Normalized.of(
                text.original[finding.start:finding.end]).digits.text)
            if len(written) >= 4 and any(written in a or a in written
                                         for a in policy.public_addresses):
                continue
        kept.append(finding)
    return kept


def writers_own(findings: list[Finding], text: Normalized, policy: Policy,
                post: bool = False) -> list[Finding]:
    """A number or a home the writer gives as their own (a lost pet, a sale, a garage sale,
    help offered: 見かけた方は私まで, 場所は私の家) is given with consent: a person looks, however
    many signs there are, and it is never hidden, whichever detector raised it (a stage-2
    template reads place and lot number without knowing whose they are). Nothing may point
    at someone else (この人, 晒す, 犯人)."""
    if not any(f.ground == "privacy" for f in findings):
        return findings
    result = []
    for finding in findings:
        if finding.ground == "privacy" and finding.end > finding.start and (given_as_own(
                text.original, finding.start, finding.end, policy) or (post and closes_post(
                    text.original, finding.start, finding.end, policy))):
            finding = replace(finding, action="review", severe=False,
                              confidence=min(finding.confidence, 0.6),
                              note="書き手本人の連絡先・所在地とみられる（人が判断）")
        result.append(finding)
    return result


#: a threat's object named in brackets right after it, and no person (しばくぞ（傘を）): the
#: net's way of cursing a thing
THING_NAMED = re.compile(r"[^。\n]{0,3}?[（(]"
                         r"(?!お前|おまえ|あんた|てめ|貴様|あいつ|こいつ|市長|職員)"
                         r"[^（）()\n]{1,10}?を[）)]")


def _aimed_at_a_thing(finding: Finding, text: Normalized) -> bool:
    return THING_NAMED.match(text.original, finding.end) is not None


def apply(findings: list[Finding], text: Normalized, policy: Policy) -> list[Finding]:
    if not findings:
        return findings
    findings = writers_own(public_data(corrected(justified(findings, text, policy), text,
                                                 policy), text, policy), text, policy)
    guard = policy.guard
    opposing = counter_speech(text, policy)
    strongly_opposing = opposing and _has(guard.counter_speech_strong, text, guard)
    reported = reporting(text, policy)
    # a report passed on by word of mouth, unless the commenter asks the city to confirm it
    hearsay = (_has(guard.hearsay_markers, text, guard)
               and not _has(guard.confirmation_requests, text, guard))
    city = about_the_city(text, policy)
    welcomed = _has(guard.good_news, text, guard)
    jesting = _has(guard.jest, text, guard)
    named = city and NAMED.search(text.original) is not None
    result = []
    for finding in findings:
        weak = finding.action == "review" and not finding.severe
        if finding.ground in guard.counter_speech_grounds and mentioned(finding, text):
            if finding.ground in guard.counter_speech_drop_grounds and (
                    (opposing and not finding.severe) or strongly_opposing
                    or attributed(finding, text)):
                # words quoted in order to oppose them, or someone else's words reported
                # (even a slur: the commenter names it to object): nothing to hide or review
                continue
            finding = replace(finding, action="review", severe=False,
                              note="引用・言及（人が判断）")
            weak = True
        elif weak and strongly_opposing and finding.ground in guard.counter_speech_drop_grounds:
            continue  # a weak finding in a comment that argues against it
        if weak and finding.detector.endswith(ALARMLESS_HEARSAY) and welcomed:
            continue  # hearsay with no alarm, welcomed: good news passed on
        passed_on = finding.ground == "rumor" and hearsay
        if (reported and not finding.severe and not passed_on
                and finding.ground in guard.reporting_drop_grounds):
            continue
        if weak and city and not named and finding.ground in guard.criticism_drop_grounds:
            continue
        framed = (((opposing or reported) and finding.ground in guard.counter_speech_grounds)
                  or (reported and finding.ground in guard.reporting_review_grounds))
        joked = (jesting or _aimed_at_a_thing(finding, text)) and (
            finding.ground in guard.jest_grounds)
        capped = finding.action == "hide" and (
            framed or joked or (city and not finding.severe)
            or (city and finding.ground in guard.soft_grounds and finding.confidence < 0.95))
        if capped:
            why = ("反対・報道の文脈" if framed else "冗談・ゲーム・怒りの誇張" if joked
                   else "市・市政への批判の文脈")
            explained = f"{finding.note}（{why}: 人が判断）" if finding.note else (
                f"{why}: 人が判断")
            finding = replace(finding, action="review", note=explained)
        result.append(finding)
    return result
