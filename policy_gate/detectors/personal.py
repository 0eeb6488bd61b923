"""Personal information (第4.5(8)): phone numbers, My Number, card numbers, e-mail, and
addresses (with a postal code, or a place and a lot number in a private context).

Numbers are read from digit *runs*: digits (full-width and kanji numerals included) with
at most a few separators between them, so ``０９０ー１２３４ー５６７８``, ``〇九〇 1234 5678`` and
``0.9.0.1.2.3.4.5.6.7.8`` are the same number. Validators (My Number's check digit, Luhn)
keep ordinary long numbers, such as order or tracking numbers, from being taken as secrets.
A number is only someone's when nothing says it is a public office's.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from policy_gate.detectors.base import Context, Finding, Target
from policy_gate.detectors.links import split_host
from policy_gate.normalize import Normalized, View, fold

if TYPE_CHECKING:
    from policy_gate.policy import Policy

GROUND = "privacy"
RUN_SEPARATORS = frozenset(" -.()・,_/の\u3000\u200b\u200c\u200d\u2060\ufeff")
MY_NUMBER_WORDS = ("まいなんば", "個人番号", "mynumber")
MAX_GAP = 3
CONTEXT = 24  # characters before a number that say whose it is

MOBILE = re.compile(r"0[789]0\d{8}")
IP_PHONE = re.compile(r"050\d{8}")
TOLL_FREE = re.compile(r"0(?:120|800|570)\d{6,7}")
LANDLINE = re.compile(r"0[1-9]\d{8}")


@dataclass(frozen=True)
class DigitRun:
    digits: str
    start: int  # into the digits view
    end: int
    positions: tuple[int, ...]  # view index of each digit
    plus: bool  # written with a leading "+"


#: a bracket opened after a space begins an aside, not more of the number: 0837-00-2211 (24h)
#: is a phone number and an hour count, not twelve digits that pass the My Number check
ASIDE = "(（"


def digit_runs(view: View) -> list[DigitRun]:
    """Maximal runs of digits with short separator gaps; linear in the text."""
    runs: list[DigitRun] = []
    text = view.text
    index, length = 0, len(text)
    while index < length:
        if not text[index].isdigit() or not text[index].isascii():
            index += 1
            continue
        start = index
        positions: list[int] = []
        gap = 0
        while index < length:
            char = text[index]
            if char.isdigit() and char.isascii():
                positions.append(index)
                gap = 0
            elif char in RUN_SEPARATORS and gap < MAX_GAP and not (
                    char in ASIDE and index > 0 and text[index - 1].isspace()):
                gap += 1
            else:
                break
            index += 1
        back = start - 1
        while back >= 0 and text[back] in RUN_SEPARATORS and start - back <= MAX_GAP:
            back -= 1
        plus = back >= 0 and text[back] == "+"
        runs.append(DigitRun("".join(text[p] for p in positions), start, positions[-1] + 1,
                             tuple(positions), plus))
    return runs


def my_number_valid(digits: str) -> bool:
    """個人番号 check digit: weights 2..7, 2..6 from the right over the first 11 digits."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    body = [int(d) for d in digits[:11]]
    total = sum(body[11 - n] * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    remainder = total % 11
    check = 0 if remainder <= 1 else 11 - remainder
    return check == int(digits[11])


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _before(text: Normalized, view_start: int, view_end: int | None = None) -> str:
    """The compact text around a match (mostly before it): where 'この人の携帯' or
    '市役所' would stand."""
    origin = text.digits.origin
    original_start = origin[view_start] if origin else 0
    original_end = origin[view_end - 1] if origin and view_end else original_start
    compact = text.compact
    cut = bisect_left(compact.origin, original_start)
    after = bisect_right(compact.origin, original_end)
    return compact.text[max(0, cut - CONTEXT):cut] + "|" + compact.text[after:after + 12]


def _phone(run: DigitRun, text: Normalized, policy: Policy) -> Finding | None:
    number = "0" + run.digits[2:] if run.plus and run.digits.startswith("81") else run.digits
    if number in policy.public_phones or TOLL_FREE.fullmatch(number):
        return None
    mobile = bool(MOBILE.fullmatch(number) or IP_PHONE.fullmatch(number))
    if not mobile and not LANDLINE.fullmatch(number):
        return None
    around = _before(text, run.start, run.end)
    public = any(word in around for word in policy.public_phone_context)
    private = any(word in around for word in policy.private_context)
    if private:
        confidence, note = 0.97, "個人の電話番号（文脈から本人以外の番号と判断）"
    elif public and not mobile:
        return None  # a public office's landline, given as information
    elif mobile:
        confidence, note = (0.7, "公的機関の文脈にある携帯番号") if public else (
            0.92, "携帯電話番号")
    else:
        confidence, note = 0.6, "固定電話番号（公的機関のものか確認が必要）"
    return Finding.in_view(text.digits, run.start, run.end, GROUND, "privacy.phone",
                           confidence, note, severe=True)


def detect_numbers(text: Normalized, policy: Policy) -> list[Finding]:
    found: list[Finding] = []
    for run in digit_runs(text.digits):
        size = len(run.digits)
        finding: Finding | None = None
        if 10 <= size <= 12 and (run.digits.startswith("0") or run.plus):
            finding = _phone(run, text, policy)
        if finding is None and "," in text.digits.text[run.start:run.end]:
            # thousands grouped with commas are amounts (月給198,000–230,000円 joins into
            # twelve digits that may pass the check digit); no ID or card is written so
            continue
        if finding is None and size == 12 and my_number_valid(run.digits):
            finding = Finding.in_view(text.digits, run.start, run.end, GROUND,
                                      "privacy.my_number", 0.97, "個人番号（検査用数字が一致）",
                                      severe=True)
        elif finding is None and size == 12 and any(
                word in _before(text, run.start, run.end) for word in MY_NUMBER_WORDS):
            finding = Finding.in_view(text.digits, run.start, run.end, GROUND,
                                      "privacy.my_number", 0.9, "個人番号（文脈から）",
                                      severe=True)
        if finding is None and 13 <= size <= 19 and luhn_valid(run.digits):
            finding = Finding.in_view(text.digits, run.start, run.end, GROUND,
                                      "privacy.card", 0.95, "クレジットカード番号（Luhn一致）",
                                      severe=True)
        if finding is not None:
            found.append(finding)
    return found


#: the at: a sign (spaced on both sides or neither: "tag me @karst.walker.jp" is a handle,
#: set JP), written out in brackets or kana, or a bare English word (the group ``word_at``:
#: "Book at example.jp" may be a sentence, see SENTENCE_WORDS)
_AT = (r"(?:@|\s+@\s+|\s*[(\[<{]\s*at\s*[)\]>}]\s*|\s*あっとま[ーｰ-]?く\s*|\s*あっと\s*"
       r"|(?P<word_at>\s+at\s+))")
#: a dot: plain (example.com), spaced on both sides (example . com) or spelled out; never
#: a full stop with a space after it only, which ends a sentence (beautiful at sunset. Worth)
_DOT = r"(?:\.(?!\s)|\s+\.\s+|\s*[(\[<{]\s*dot\s*[)\]>}]\s*|\s*どっと\s*|\s+dot\s+)"
#: English words that end a clause pointing to a site (Book at example.jp; the list at …):
#: an address written "name at domain" with the bare word at never starts with one of these
SENTENCE_WORDS = frozenset({
    "application", "applications", "apply", "available", "book", "booking", "buy", "check",
    "details", "entries", "entry", "find", "form", "forms", "here", "info", "information",
    "learn", "list", "map", "maps", "more", "online", "open", "order", "page", "read",
    "register", "registration", "reservations", "reserve", "sale", "schedule", "see", "shop",
    "site", "sold", "tickets", "timetable", "up", "us", "visit", "website",
    # (set JI) what is watched or read at a site: livestream at minejc.example.net
    "agenda", "archive", "donate", "gallery", "guide", "live", "livestream", "menu", "minutes",
    "photos", "programme", "program", "replay", "results", "stream", "streamed", "streaming",
    "survey", "video", "videos", "watch"})
EMAIL = re.compile(
    rf"(?<![a-z0-9._%+-])(?P<local>[a-z0-9][a-z0-9._%+-]{{0,63}}){_AT}"
    rf"(?P<domain>(?:[a-z0-9-]{{1,63}}{_DOT}){{1,6}}[a-z]{{2,24}})(?![a-z0-9])"
)


#: the writer's own number or home, in so many words (私（大嶺町・西村）の携帯, 場所は私の家,
#: 私・吉村まで, 私の窓口, 私（…@…）), read on the folded text around a finding (| marks it);
#: never through someone else's name (うちの班長の吉岡さんの携帯)
#: (the nouns as the folded text spells them: メール is める, アドレス あどれす)
MINE = re.compile(r"(?:私|わたし|僕|ぼく|俺|うち)(?:(?!さん|くん|ちゃん|様|氏)[^|。]){0,12}?"
                  r"(?:の(?:" + "|".join(map(fold, ("携帯", "けいたい", "番号", "電話", "家",
                                                   "自宅", "住所", "窓口", "連絡先", "メール",
                                                   "アドレス"))) + r")|まで)"
                  r"|(?:私|わたし|僕|ぼく|俺)\|")
#: how much of the text before and after a finding says whose the data is
OWNER_BEFORE, OWNER_AFTER = 24, 12



#: what may follow a post's contact number: its hours or whose line it is, in brackets
CONTACT_TAIL = re.compile(r"[\s。．.!！]*(?:[（(][^（）()\n]{1,16}[）)])?[\s。．.!！]*")


def closes_post(original: str, start: int, end: int, policy: Policy) -> bool:
    """A number that ends a post (…時給1,000円。090-0000-6624, …ご予約は 090-…（担当 佐藤）)
    is the post's contact line: the shop or the farm that wrote it, unless the words before
    it point at someone else (この人, 犯人)."""
    before = fold(original[max(0, start - OWNER_BEFORE):start])
    return CONTACT_TAIL.fullmatch(original, end) is not None and not any(
        word in before for word in policy.third_party_context)


def given_as_own(original: str, start: int, end: int, policy: Policy) -> bool:
    """Whether the words around a number, an address or a home give it as the writer's own
    (見かけた方は私まで, ご依頼は私の窓口, Apply: …, お問い合わせは …) and nothing points at
    someone else (この人, 晒す, 犯人): read once here for the guard of comments and for a
    post's own mailbox."""
    around = (fold(original[max(0, start - OWNER_BEFORE):start]) + "|"
              + fold(original[end:end + OWNER_AFTER]))
    return not any(word in around for word in policy.third_party_context) and (
        any(word in around for word in policy.own_contact_context)
        or MINE.search(around) is not None)


def _named_in_text(local: str, text: str, start: int, end: int) -> bool:
    """Whether a mailbox carries a name the text gives elsewhere (Bar Echo … echo-mine@,
    Studio Akane … studio-akane@, Global Programs … globalprograms@): the advertiser's own
    address."""
    rest = text[:start] + " " + text[end:]
    words = re.findall(r"[a-z]+", rest)
    # the name run together (Office of Global Programs … globalprograms@)
    joined = {"".join(words[i:i + n]) for n in (2, 3) for i in range(len(words) - n + 1)}
    return "".join(re.findall(r"[a-z]+", local)) in joined or any(
        len(word) >= 4 and word in words for word in re.findall(r"[a-z]+", local))


def detect_email(text: Normalized, policy: Policy, post: bool = False) -> list[Finding]:
    """E-mail addresses, a person's private data (第4.5(8)). In a post, a mailbox named after
    what the post names, or given as where to apply or ask (Apply: …, お問い合わせは …), is
    the writer's shop or office, published to be written to."""
    found = []
    view = text.base
    for match in EMAIL.finditer(view.text):
        domain = re.sub(_DOT, ".", match.group("domain"))
        if domain.endswith(policy.allow_domain_suffixes) or any(
                domain == d or domain.endswith("." + d) for d in policy.city_domains):
            continue  # a public body's address, given as information
        local = match.group("local").lower()
        if local in policy.role_mailboxes:
            continue  # an organisation's mailbox (info@, recruit@), not a person's
        if match.group("word_at") and (local in SENTENCE_WORDS
                                       or view.text.startswith("/", match.end())):
            # "Book at example.jp", "the draft at city.example.jp/plan": a sentence
            # pointing to a site (an address never goes on into a path)
            continue
        if not split_host(domain)[2]:
            continue  # no public suffix (go at noon.see you): words, not an address
        if post and (_named_in_text(local, view.text, match.start(), match.end())
                     or given_as_own(text.original, *view.span(match.start(), match.end()),
                                     policy)):
            continue
        found.append(Finding.in_view(view, match.start(), match.end(), GROUND,
                                     "privacy.email", 0.9, "メールアドレス", severe=True))
    return found


POSTAL = re.compile(r"(?:〒\s*)?(?<!\d)\d{3}-\d{4}(?!\d)")
ADDRESS = re.compile(r"[都道府県市区町村]|丁目|番地|\d+-\d+")
#: a place written without prefecture or postal code: kanji or kana, then a lot number
#: (大嶺町東分1234-5, 秋芳町秋吉2345番地, 伊佐町伊佐の1234)
#: (110番, 119番: a number to dial, never a lot)
LOT = re.compile(
    r"[一-龥ぁ-んァ-ヶ]{2,14}?(?:\d{1,3}丁目)?(?!(?:110|119|118|171|189)番(?!地))"
    r"\d{1,5}(?:番地?(?:の?\d{1,4})?|-\d{1,5}(?:-\d{1,4})?)")
MAX_LOTS = 64  # lot-like strings read per text: a flood of them needs no more
PLACE_SUFFIX = re.compile(r"[市区町村郡]|大字|字|丁目")
#: a town (町, 村) and a bare lot number after it (美東町綾木の2345): with a private word
#: around, someone's home
TOWN_LOT = re.compile(r"[一-龥々]{1,6}[町村][一-龥ぁ-んァ-ヶ々]{0,6}?の?\d{2,5}"
                      r"(?!\d|円|人|年|件|台|個|m|km)")


def _private(text: Normalized, start: int, end: int, policy: Policy) -> tuple[bool, bool]:
    around = _before(text, start, end)
    return (any(word in around for word in policy.private_context),
            any(word in around for word in policy.public_phone_context))


def detect_address(text: Normalized, policy: Policy) -> list[Finding]:
    found = []
    view = text.digits
    for match in POSTAL.finditer(view.text):
        after = view.text[match.end():match.end() + 30]
        address = ADDRESS.search(after)
        if address is None:
            continue
        private, public = _private(text, match.start(), match.end(), policy)
        if public and not private:
            continue
        end = match.end() + (address.end() if private else 0)
        found.append(Finding.in_view(view, match.start(), end, GROUND, "privacy.address",
                                     0.9 if private else 0.6,
                                     "郵便番号と住所" + ("（個人宅）" if private else ""),
                                     severe=private))
    if not found:
        found += detect_lot(text, policy)
    return found


def detect_lot(text: Normalized, policy: Policy) -> list[Finding]:
    """A place and a lot number with nothing public around it and something private
    (家, 自宅, 住んでる, 犯人): someone's home. With a place suffix (町, 字 …) it is sure;
    without, a person looks (stage 2 may confirm a place name)."""
    found: list[Finding] = []
    view = text.digits
    if not any(c.isdigit() for c in view.text):
        return found
    public_addresses = policy.public_addresses
    matches = list(islice(LOT.finditer(view.text), MAX_LOTS))
    if not matches:
        matches = list(islice(TOWN_LOT.finditer(view.text), MAX_LOTS))
    for match in matches:
        written = re.sub(r"\s", "", match.group())
        if any(a in written or written in a for a in public_addresses):
            continue
        first, stop = view.span(match.start(), match.end())
        if not any(c.isdigit() for c in text.original[first:stop]) and "番地" not in written:
            continue  # 一番, 二番目 in kanji: "the most", "second", never a lot number
        private, public = _private(text, match.start(), match.end(), policy)
        inside = fold(match.group())
        private = private or any(word in inside for word in policy.private_context)
        public = public or any(word in inside for word in policy.public_phone_context)
        if not private or public:
            continue
        sure = bool(PLACE_SUFFIX.search(match.group()))
        found.append(Finding.in_view(view, match.start(), match.end(), GROUND,
                                     "privacy.lot_address", 0.9 if sure else 0.6,
                                     "個人宅とみられる所在地（地名と番地）",
                                     action="hide" if sure else "review", severe=sure))
    return found


class PersonalNumbers:
    name = "privacy.numbers"
    grounds = frozenset({GROUND})
    targets: frozenset[Target] = frozenset({"comment", "post"})
    stage = 1

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        return detect_numbers(views, context.policy) if views.has_digits else []


class Emails:
    name = "privacy.email"
    grounds = frozenset({GROUND})
    targets: frozenset[Target] = frozenset({"comment", "post"})
    stage = 1

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        if "@" not in views.base.text and "at" not in views.base.text and (
                "あっと" not in views.base.text):
            return []
        return detect_email(views, context.policy, post=context.target == "post")


class Addresses:
    name = "privacy.address"
    grounds = frozenset({GROUND})
    targets: frozenset[Target] = frozenset({"comment", "post"})
    stage = 1

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        return detect_address(views, context.policy) if views.has_digits else []


def detect(text: Normalized, policy: Policy) -> list[Finding]:
    return detect_numbers(text, policy) + detect_email(text, policy) + detect_address(
        text, policy)
