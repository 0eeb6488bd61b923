"""The tokenizer, loaded lazily once per process; tokens carry ORIGINAL offsets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from policy_gate.normalize import View


@dataclass(frozen=True)
class Token:
    surface: str
    lemma: str  # dictionary form (書いた → 書く)
    norm: str  # normalised form (いく → 行く, 為る)
    pos: str  # "動詞,一般,*,*" (the first four fields, comma-joined)
    form: str  # conjugation form, e.g. 命令形, 意志推量形
    start: int  # ORIGINAL offsets
    end: int


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from sudachipy import Dictionary, SplitMode

    dictionary = Dictionary(dict="core")
    make = getattr(dictionary, "tokenizer", None) or dictionary.create
    return make(mode=SplitMode.C)


def loaded() -> bool:
    """Whether the dictionary is in memory (for the start-up bench and tests)."""
    return _tokenizer.cache_info().currsize > 0


def tokenize(view: View, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``view.text[start:end]``, each mapped back to the original text (the
    dictionary loads on the first call)."""
    end = len(view.text) if end is None else end
    if end <= start:
        return []
    tokens = []
    for morpheme in _tokenizer().tokenize(view.text[start:end]):
        a, b = morpheme.begin() + start, morpheme.end() + start
        if b <= a:
            continue
        first, last = view.span(a, b)
        pos = morpheme.part_of_speech()
        tokens.append(Token(morpheme.surface(), morpheme.dictionary_form(),
                            morpheme.normalized_form(), ",".join(pos[:4]), pos[5],
                            first, last))
    return tokens
