"""Normalisation that keeps a map back to the original text.

People disguise words: full-width letters, katakana for hiragana, dots or zero-width
characters between letters, 袮 for 祢, 0 for o, 〇九〇 for 090. Every detector matches on
a normalised *view* of the text, and every view keeps, for each of its characters, the
index of the original character it came from, so evidence always points into the text
the gate was given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import itemgetter

#: characters people put between letters to break up a word; dropped in compact views
SEPARATORS = frozenset(
    " \t\r\n\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad"
    ".,、。・･:;_*~|/\\'\"`^-‐‑‒–—―ｰ=+()[]{}<>「」『』【】〔〕（）［］｛｝〈〉《》\u30fb"
)
#: the long-vowel mark and its look-alikes, stretched for emphasis (しねーーー)
LONG_VOWELS = frozenset("ーｰ〜～")
#: small kana written full size, in either script (the folded views have no katakana left;
#: the guard compares its folded words with the NFKC text, where ガチャ keeps its ャ)
SMALL_KANA = str.maketrans("ぁぃぅぇぉゃゅょゎゕゖァィゥェォャュョヮヵヶ",
                           "あいうえおやゆよわかけアイウエオヤユヨワカケ")
#: look-alike kanji seen in evasions of place names and official titles; the circles
#: people type for a name left out (○○さん, ◯◯商店) are the kanji zero the rules write (〇〇)
LOOKALIKE_KANJI = str.maketrans({"袮": "祢", "禰": "祢", "彌": "弥", "濱": "浜", "邊": "辺",
                                 "○": "〇", "◯": "〇"})
#: kanji numerals written digit by digit (〇九〇-一二三四…)
KANJI_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
#: Latin look-alikes folded for word matching (never for digit matching)
LEET = str.maketrans({"0": "o", "1": "i", "!": "i", "|": "i", "3": "e", "4": "a",
                      "@": "a", "5": "s", "$": "s", "7": "t", "l": "i"})
DASHES = str.maketrans({c: "-" for c in "ー－‐‑‒–—―ｰ−﹣"})
#: characters people use to mask a letter of a word (伏せ字); one canonical mark in the
#: masked view, so ち●こ and ち×こ meet the same masked lexicon key
MASKS = "●○〇×＊*◯■□◎☆★※"
MASK = "＊"
_MASK_SET = frozenset(MASKS)
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_DIGITISH = frozenset("0123456789０１２３４５６７８９〇零一二三四五六七八九")


def _seion_table() -> dict[int, str]:
    """Hiragana with dakuten or handakuten → the plain kana (が → か, ぱ → は)."""
    table: dict[int, str] = {}
    for code in range(0x3041, 0x3097):
        char = chr(code)
        plain = unicodedata.normalize("NFD", char)[0]
        if plain != char:
            table[code] = plain
    return table


SEION = _seion_table()
#: what a URL or a digit string looks like in the NFKC view; these are cut out before
#: neologdn, which would turn the hyphen in 090-1234 or a-b.example into ー
PROTECTED = re.compile(
    r"(?:https?|hxxps?)://[!-~]+|www\.[!-~]+|[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}(?:/[!-~]*)?"
    r"|[+]?\d[\d\s().-]{4,}\d"
)
_VOICE_MARKS = {"\u3099": "\u3099", "\u309a": "\u309a", "゛": "\u3099", "゜": "\u309a"}
_SKIPPABLE = frozenset(" \t\r\n\u3000~〜～")


@dataclass(frozen=True)
class View:
    """A normalised string and, per character, the original index it came from."""

    text: str
    origin: tuple[int, ...]
    source_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) covered by view[start:end] (end > start)."""
        if not self.origin or start >= end:
            return (0, 0)
        first = self.origin[start]
        last = self.origin[end - 1]
        return first, min(self.source_length, last + 1)


def _view(pairs: list[tuple[str, int]], length: int) -> View:
    return View("".join(map(_FIRST, pairs)), tuple(map(_SECOND, pairs)), length)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """NFKC, lower case, katakana to hiragana, small kana to full size, look-alike kanji."""
    folded = unicodedata.normalize("NFKC", char).lower()
    import jaconv  # on the first character folded, not at import (start-up time)

    folded = jaconv.kata2hira(folded).translate(SMALL_KANA).translate(LOOKALIKE_KANJI)
    return folded


#: a line break right after a comma (車いすは邪魔になるけぇ、⏎混む週末は…): a casual post breaks
#: its lines mid-sentence, and the sentence goes on; the break is read as a space
_COMMA_BREAK = re.compile(r"(?<=[、，,])[ \t\u3000]*\r?\n")


class Normalized:
    """The views detectors use, built once per text and only when first asked for."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._length = len(original)

    @classmethod
    def of(cls, text: str) -> Normalized:
        return cls(text)

    @cached_property
    def _read(self) -> str:
        """The text every view starts from: the original, with a line broken right after a
        comma read as a space (the same length, so offsets are the original's)."""
        original = self.original
        if "\n" not in original:
            return original
        return _COMMA_BREAK.sub(lambda m: " " * len(m.group()), original)

    @cached_property
    def _base_pairs(self) -> list[tuple[str, int]]:
        pieces = list(map(_fold_char, self._read))
        folded = "".join(pieces)
        if len(folded) == len(pieces) and "" not in pieces:
            # every letter folds to exactly one (most texts): offsets are the identity
            return list(zip(folded, range(len(folded)), strict=True))
        return [(letter, index) for index, piece in enumerate(pieces) for letter in piece]

    @cached_property
    def base(self) -> View:
        """Folded character by character; separators kept."""
        return _view(self._base_pairs, self._length)

    @cached_property
    def _compact_pairs(self) -> list[tuple[str, int]]:
        return _squeeze(self._base_pairs, keep_spaces=False)

    @cached_property
    def compact(self) -> View:
        """Without separators, long-vowel marks and repeated letters."""
        return _view(self._compact_pairs, self._length)

    @cached_property
    def leet(self) -> View:
        """Compact, with Latin look-alikes folded (0→o, 1→i, @→a …)."""
        return _view([(c.translate(LEET), i) for c, i in self._compact_pairs], self._length)

    @cached_property
    def words(self) -> View:
        """Like leet, but one space kept between words, so Latin words keep boundaries."""
        pairs = _join_spelled_out(_squeeze(self._base_pairs, keep_spaces=True))
        return _view([(c.translate(LEET), i) for c, i in pairs], self._length)

    @cached_property
    def seion(self) -> View:
        """Compact, hiragana without dakuten (ガイジ → かいし), so ｶﾞｲｼﾞ, カイジ-like
        evasions by dropping the marks meet the same key. 1:1 with compact."""
        compact = self.compact
        return View(compact.text.translate(SEION), compact.origin, self._length)

    @cached_property
    def has_digits(self) -> bool:
        """Whether any digit (ASCII, full-width or kanji numeral) is in the text: without
        one, the detectors of numbers have nothing to read."""
        return not _DIGITISH.isdisjoint(self.original)

    @cached_property
    def has_masks(self) -> bool:
        return not _MASK_SET.isdisjoint(self.original)

    @cached_property
    def masked(self) -> View:
        """Compact, but every mask mark (●○×＊ …) kept as one ＊ (ち●こ → ち＊こ)."""
        pairs = [(MASK if c in _MASK_SET else c, i) for c, i in self._base_pairs]
        return _view(_squeeze(pairs, keep_spaces=False, keep=MASK), self._length)

    @cached_property
    def raw(self) -> View:
        """The text as given (katakana, ー and width kept): for the few patterns where
        folding would erase the difference (ヤる is not やる, ブス is not ブース)."""
        return View(self._read, tuple(range(len(self.original))), self._length)

    @cached_property
    def nfkc(self) -> View:
        """NFKC only, character by character (case and kana kept): where URLs, phone
        numbers and other digit strings are read, and what neologdn starts from."""
        original = self._read
        plain_text = "".join(map(_nfkc_char, original))
        if len(plain_text) == len(original) and _VOICING.isdisjoint(plain_text):
            # NFKC never maps a character to nothing, so the same length means one to one;
            # with no voicing mark to merge, offsets are the identity (most texts)
            return View(plain_text, tuple(range(len(original))), self._length)
        pairs: list[tuple[str, int]] = []
        for index, char in enumerate(original):
            for plain in _nfkc_char(char):
                merged = (unicodedata.normalize("NFC", pairs[-1][0] + plain)
                          if plain in _VOICING and pairs else "")
                if len(merged) == 1:
                    # half-width ｶﾞ is two characters: the view reads one ガ, as people do
                    # (a mark that composes with nothing, as after ゛'s space, stays apart so
                    # every character keeps its own origin)
                    pairs[-1] = (merged, pairs[-1][1])
                else:
                    pairs.append((plain, index))
        return _view(pairs, self._length)

    @cached_property
    def protected(self) -> tuple[tuple[int, int], ...]:
        """[start, end) in the NFKC view of every URL and digit string."""
        return tuple(m.span() for m in PROTECTED.finditer(self.nfkc.text))

    @cached_property
    def neo(self) -> View:
        """NFKC, then neologdn on everything but URLs and digit strings (which stay as
        they are); what stage 2 tokenises. Offsets are re-aligned after neologdn."""
        return self.neologdn_span(0, len(self.nfkc.text))

    def neologdn_span(self, start: int, end: int) -> View:
        """The neo view of ``nfkc.text[start:end]`` only (stage 2 reads windows)."""
        import neologdn  # stage 2 only

        nfkc = self.nfkc
        text, origin = nfkc.text, nfkc.origin
        out_text: list[str] = []
        out_origin: list[int] = []
        cursor = start
        spans = [(max(a, start), min(b, end)) for a, b in self.protected if a < end and b > start]
        for a, b in (*spans, (end, end)):
            if a > cursor:
                segment = text[cursor:a]
                normal = neologdn.normalize(segment)
                out_text.append(normal)
                out_origin.extend(origin[cursor + k] for k in align(segment, normal))
            out_text.append(text[a:b])
            out_origin.extend(origin[a:b])
            cursor = max(cursor, b)
        return View("".join(out_text), tuple(out_origin), self._length)

    @cached_property
    def digits(self) -> View:
        """NFKC with kanji numerals as digits and every dash as "-"; zero-width dropped."""
        return _view([(plain, index) for index, char in enumerate(self._read)
                      for plain in _digit_char(char)], self._length)


@lru_cache(maxsize=4096)
def _digit_char(char: str) -> str:
    if unicodedata.category(char) == "Cf":
        return ""  # zero-width and other format characters vanish
    return unicodedata.normalize("NFKC", char).translate(KANJI_DIGITS).translate(DASHES)


#: combining (han)dakuten, what NFKC makes of half-width ﾞ and ﾟ
_VOICING = frozenset("\u3099\u309a")


@lru_cache(maxsize=4096)
def _nfkc_char(char: str) -> str:
    return unicodedata.normalize("NFKC", char)


def align(source: str, target: str) -> list[int]:
    """For each character of ``target`` (neologdn of ``source``), an index into ``source``.

    neologdn deletes (spaces between Japanese words, tildes, stretched ー) and merges
    (ｶﾞ → ガ) but never reorders, so one greedy walk with a short look-ahead is enough;
    the result is monotone and always inside ``source``, linear in the length."""
    result: list[int] = []
    i, size = 0, len(source)
    for char in target:
        while i < size and source[i] != char and (
                source[i] in _SKIPPABLE or (i > 0 and source[i] == source[i - 1])):
            i += 1
        if i < size and source[i] != char:
            for k in range(i + 1, min(size, i + 4)):
                if source[k] == char:
                    i = k
                    break
        result.append(min(i, size - 1))
        if i < size - 1:
            i += 1
    return result


def _squeeze(base: list[tuple[str, int]], *, keep_spaces: bool,
             keep: str = "") -> list[tuple[str, int]]:
    """Drop separators, long-vowel marks and format characters; collapse stretched letters
    (しねええ → しね, fuuuck → fuck). With ``keep_spaces`` whitespace stays, one at a time;
    characters in ``keep`` stay even if they are separators (the mask mark)."""
    out: list[tuple[str, int]] = []
    append = out.append
    dropped = _dropped
    last = ""
    for char, index in base:
        if keep_spaces and char.isspace():
            if out and last != " ":
                append((" ", index))
                last = " "
            continue
        if char in keep:
            append((char, index))
            last = char
            continue
        if char in _VOICE_MARKS and out:
            composed = unicodedata.normalize("NFC", last + _VOICE_MARKS[char])
            if len(composed) == 1:  # ｶﾞ arrives as か + a combining mark: make it が
                if len(out) > 1 and out[-2][0] == composed:
                    out.pop()  # ｼﾞｼﾞ is a doubled じ, collapsed like ジジ
                else:
                    out[-1] = (composed, out[-1][1])
                last = composed
                continue
        if dropped(char) or (char == last and not char.isdigit()):
            continue
        append((char, index))
        last = char
    return out


def _join_spelled_out(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``f u c k`` → ``fuck``: three or more single letters in a row become one word."""
    tokens: list[list[tuple[str, int]]] = [[]]
    for pair in pairs:
        if pair[0] == " ":
            tokens.append([])
        else:
            tokens[-1].append(pair)
    tokens = [t for t in tokens if t]

    def single(token: list[tuple[str, int]]) -> bool:
        return len(token) == 1 and token[0][0].isascii() and token[0][0].isalnum()

    merged: list[list[tuple[str, int]]] = []
    index = 0
    while index < len(tokens):
        end = index
        while end < len(tokens) and single(tokens[end]):
            end += 1
        if end - index >= 3:
            merged.append([pair for token in tokens[index:end] for pair in token])
            index = end
        else:
            merged.append(tokens[index])
            index += 1
    out: list[tuple[str, int]] = []
    for token in merged:
        if out:
            out.append((" ", token[0][1]))
        out.extend(token)
    return out


@lru_cache(maxsize=8192)
def _dropped(char: str) -> bool:
    return char in SEPARATORS or char in LONG_VOWELS or unicodedata.category(char) == "Cf"


def fold(text: str) -> str:
    """The compact form of a lexicon term, so terms and texts meet in the same view: the
    compact view's rules on a plain string (no offsets), fast enough for thousands of
    terms at load."""
    out: list[str] = []
    for piece in text:
        for char in _fold_char(piece):
            if char in _VOICE_MARKS and out:
                composed = unicodedata.normalize("NFC", out[-1] + _VOICE_MARKS[char])
                if len(composed) == 1:
                    if len(out) > 1 and out[-2] == composed:
                        out.pop()
                    else:
                        out[-1] = composed
                    continue
            if _dropped(char):
                continue
            if out and out[-1] == char and not char.isdigit():
                continue
            out.append(char)
    return "".join(out)


def is_katakana(char: str) -> bool:
    """A katakana letter, full- or half-width, or the long-vowel mark ー: the script of a
    loanword, which is a word of its own beside kanji and hiragana."""
    return "ァ" <= char <= "ヺ" or char == "ー" or "ｦ" <= char <= "ﾟ"


#: what stands in a view for a word the original did not write in katakana
BLANK = "\u3013"


def blanked_unless_katakana(view: View, original: str, words: frozenset[str]) -> str:
    """The view's text with each of ``words`` (folded) blanked wherever the original does
    not write it in katakana: for the patterns whose cue sets hold short loanwords that
    folding turns into grammar (レズ read in 手を触れず). Separators and marks inside the
    word (レ・ズ) do not count; the length stays, so matches still map to the original."""
    text = view.text
    spans = []
    for word in words:
        start = text.find(word)
        while start != -1:
            first, last = view.span(start, start + len(word))
            letters = [c for c in original[first:last] if c.isalpha()]
            if not letters or not all(is_katakana(c) for c in letters):
                spans.append((start, start + len(word)))
            start = text.find(word, start + 1)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = BLANK * (end - start)
    return "".join(chars)


def fold_letters(text: str) -> str:
    """Folded like :func:`fold` but with a doubled letter kept (ジジイ → じじい, not じい):
    what the writer actually typed, letter by letter."""
    kept = "".join(c for char in text for c in _fold_char(char) if not _dropped(c))
    return unicodedata.normalize("NFC", kept)


#: a cue set named in a pattern (<<en_hearsay>>), read by the policy to fill it in
CUE_REF = re.compile(r"<<(\w+)>>")


def fold_pattern(pattern: str, *, squeeze: bool = True) -> str:
    """A regular expression written as people write (katakana, long vowels, doubled
    letters) folded like the compact view it runs on: each literal non-ASCII character
    is folded (NFKC, katakana → hiragana, small kana), long-vowel marks and separators
    outside character classes are dropped, and a doubled letter becomes one (いい → い,
    deeply → deply),
    so the pattern meets the text as the view shows it. Regex syntax is ASCII and is
    left alone. ``squeeze=False`` only folds the letters (for the base view, which keeps
    separators and doubled letters)."""
    return _fold_pattern(pattern, squeeze)[0]


def fold_compact_pattern(pattern: str) -> tuple[str, str]:
    """:func:`fold_pattern` for the compact view, with the separators it had to drop (see
    :func:`_fold_pattern`), so the policy can refuse the pattern in the same pass."""
    return _fold_pattern(pattern, True)


def _fold_pattern(pattern: str, squeeze: bool) -> tuple[str, str]:
    """The folded pattern, and the separators it wrote outside a character class (「, 、, ：).
    The compact view never holds those, so a squeezed pattern drops them and silently means
    something looser (店「…」 became 店 and any twelve letters; (?:は|、) became optional).
    A cue set's name (<<accusation>>) is a name, not text, and is kept as written."""
    out: list[str] = []
    dropped: list[str] = []
    at = 0
    for cue in (*CUE_REF.finditer(pattern), None):
        folded, lost = _fold_piece(pattern[at:cue.start() if cue else len(pattern)], squeeze)
        out.append(folded + (cue.group() if cue else ""))
        dropped.append(lost)
        at = cue.end() if cue else at
    return "".join(out), "".join(dropped)


def _fold_piece(pattern: str, squeeze: bool) -> tuple[str, str]:
    out: list[str] = []
    dropped: list[str] = []
    in_class = False
    escaped = False
    previous = ""
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
            previous = ""
            continue
        if char == "\\":
            out.append(char)
            escaped = True
            continue
        if char.isascii():
            if char == " " and squeeze and not in_class:
                dropped.append(char)  # the compact view holds no space: "go home" never met
                continue
            if char == "[" and not in_class:
                in_class = True
            elif char == "]" and in_class:
                in_class = False
            elif squeeze and not in_class and char.isalpha():
                # a doubled Latin letter is squeezed in the view as a doubled kana is
                # (committee → comite): written as spelled, "deeply" or "is it true" in a
                # pattern would never have met a comment
                if char.lower() == previous:
                    continue
                out.append(char)
                previous = char.lower()
                continue
            out.append(char)
            previous = ""
            continue
        folded = _fold_char(char)
        if in_class or not squeeze:
            out.append(folded)
            continue
        if folded in SEPARATORS:
            dropped.append(char)
            continue
        if folded in LONG_VOWELS or folded == previous:
            continue
        out.append(folded)
        previous = folded
    return "".join(out), "".join(dropped)


def fold_seion(text: str) -> str:
    return Normalized.of(text).seion.text


def fold_masked(text: str) -> str:
    return Normalized.of(text).masked.text


def fold_leet(text: str) -> str:
    return Normalized.of(text).leet.text


def fold_words(text: str) -> str:
    return Normalized.of(text).words.text.strip()


#: a letter of Japanese script (kana, kanji): the router and the romaji reading ask how much
#: of a text is Japanese
JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々〆]")
#: a run of words in Latin letters, and a gap of two or more spaces between them
_LATIN_TOKEN = re.compile(r"[a-z]+")
_WIDE_GAP = re.compile(r" {2,}|[^a-z ]+")
#: what transliteration leaves when the letters were not Japanese (english → えんgぃsh)
_NOT_ROMAJI = re.compile(r"[a-zゔ]|^っ|っ$|っ[あいうえおぁぃぅぇぉんっ]")
#: laughter (www) is no word to read
_LAUGHTER = re.compile(r"w+")
#: below this many letters a Latin text is a word or a name, not a sentence to read
ROMAJI_MIN_LETTERS = 8
#: the share of its words that must read as Japanese for a text to be romaji
ROMAJI_MIN_SHARE = 0.8
#: romaji comments are short; a longer Latin text is English or junk (a.a@a.a@…), and
#: reading it would run every rule a second time over thousands of letters
ROMAJI_MAX_CHARS = 400


_DOUBLE_N = re.compile(r"n(?=n[aiueoy])")


def romaji_reading(text: str) -> str | None:
    """The kana a text written in romaji reads as (gaijin wa kaere → ガイジン ワ カエレ;
    o p p a i → オッパイ), or None when it is not romaji: English and names do not read
    as whole Japanese syllables (this → てぃs), and a text with Japanese script is read as
    it is. Letters spelled out one by one are joined first."""
    if len(text) > ROMAJI_MAX_CHARS:
        return None
    folded = unicodedata.normalize("NFKC", text).lower()
    letters = sum("a" <= c <= "z" for c in folded)
    if letters < ROMAJI_MIN_LETTERS or len(JAPANESE_SCRIPT.findall(folded)) * 5 > letters:
        return None
    import jaconv

    words: list[str] = []
    for group in _WIDE_GAP.split(folded):
        tokens = _LATIN_TOKEN.findall(group)
        if len(tokens) >= 3 and all(len(t) == 1 for t in tokens):
            tokens = ["".join(tokens)]  # o p p a i
        words += [t for t in tokens if not _LAUGHTER.fullmatch(t)]
    if len(words) < 2 and letters < 12:
        return None
    # a doubled n before a vowel is ん and then a syllable of n (onna → おんな); the
    # converter reads nn as ん and loses the second n (おんあ)
    readings = [jaconv.alphabet2kana(_DOUBLE_N.sub("ん", word)) for word in words]
    romaji = sum(not _NOT_ROMAJI.search(r) for r in readings)
    if romaji < ROMAJI_MIN_SHARE * len(readings):
        return None
    # in katakana, as a word spelled in Latin letters is spelled on purpose: a term that
    # counts only in katakana (chon, not ちょんと触る) counts here
    return jaconv.hira2kata(" ".join(readings))

