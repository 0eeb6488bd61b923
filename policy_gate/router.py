"""The learned router: a second opinion that may only ask a person, never act alone.

The rules catch what they were written for; fresh wording of the same harm slips past
them (each new batch of rows showed it). A logistic regression over character 1–3-grams
of the compact view (for posts, also the English words and the letters inside them: see
:class:`FeatureSet`) reads what the rules allowed and, above its threshold, sends a
comment to review or holds a post for the 所属長. It never hides a comment or blocks a
post, so a wrong guess costs a person's glance, not a citizen's voice.

The model is data: a JSON file of n-gram weights named in the policy YAML (``router``),
trained by :mod:`policy_gate.training` from labelled rows (``kohogate gate train``). Its
threshold was chosen at training so that it sends at most a stated share of the benign
training rows to a person (the file says which share and on what rows). Inference is
plain Python: no scikit-learn or numpy at run time.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from policy_gate.detectors.base import Finding
from policy_gate.normalize import JAPANESE_SCRIPT, Normalized

DETECTOR = "learned.router"
NGRAM_SIZES = (1, 2, 3)
#: clauses of the original text: the evidence is the clause that weighs most
_CLAUSE = re.compile(r"[^。．.!！?？\n]+[。．.!！?？]?")


#: a text with less Japanese than this is in Latin letters (or emoji). Both models read
#: English with a threshold of their own, set on their English training rows (the city's
#: English posts; since stop 31, visitors' English replies); a model trained without
#: enough such rows has none and leaves these texts to the rules
MIN_JAPANESE = 0.3
#: below this many characters (うーん微妙…) a handful of n-grams decide, which is no
#: evidence; short slurs and threats are the rules' to catch
MIN_CHARS = 12


def japanese_share(text: str) -> float:
    letters = sum(map(str.isalnum, text))
    return len(JAPANESE_SCRIPT.findall(text)) / letters if letters else 0.0


#: a word in Latin letters, as the base view spells it (lowercased, spaces kept)
LATIN_WORD = re.compile(r"[a-z][a-z']*")
#: the prefix that keeps a word feature apart from a character n-gram of the same letters
WORD = "w:"


#: the prefix of a character n-gram inside one Latin word (``s:<nucl``)
SUBWORD = "s:"


@dataclass(frozen=True)
class FeatureSet:
    """What a model counts besides the character n-grams of the compact view, as it was
    trained: the file says, and a file that says nothing is read by characters alone."""

    #: how many times a Latin word or word pair counts (0: not at all)
    word_weight: int = 0
    #: sizes of the character n-grams read inside each Latin word, its ends marked
    #: (``<foreign>`` gives ``<for``, ``orei``, ``ign>``…): a new writer's 'foreigner',
    #: 'foreign-born' and 'foreigners' share them where whole words share nothing
    subword_sizes: tuple[int, ...] = ()

    @classmethod
    def of_model(cls, data: dict[str, Any]) -> FeatureSet:
        return cls(word_weight=int(data.get("word_weight", 0)),
                   subword_sizes=tuple(int(n) for n in data.get("subword_sizes", ())))

    def to_model(self) -> dict[str, Any]:
        return {"word_weight": self.word_weight, "subword_sizes": list(self.subword_sizes)}


CHARACTERS_ONLY = FeatureSet()


def ngram_counts(views: Normalized, features: FeatureSet = CHARACTERS_ONLY) -> Counter[str]:
    """The features of training and of run time, from this one function so the two never
    drift apart: character n-grams of the compact view and, as the model was trained
    (:class:`FeatureSet`), the words, word pairs and in-word n-grams of Latin letters.
    English needs the words: the compact view drops the spaces, so 'say no to' and 'sayno'
    are one string of letters, and with its n-grams alone a new English writer's harm met
    the model at a third of the rate of the writers it had read."""
    text = views.compact.text
    counts: Counter[str] = Counter()
    length = len(text)
    for size in NGRAM_SIZES:  # Counter.update counts an iterable in C
        counts.update(text[start:start + size] for start in range(length - size + 1))
    if features.word_weight or features.subword_sizes:
        words = LATIN_WORD.findall(views.base.text)
        if features.word_weight:
            for gram in (*words, *map("_".join, pairwise(words))):
                counts[WORD + gram] += features.word_weight
        for word in words:
            marked = f"<{word}>"
            for size in features.subword_sizes:
                counts.update(SUBWORD + marked[start:start + size]
                              for start in range(len(marked) - size + 1))
    return counts


def _features(views: Normalized, features: FeatureSet) -> tuple[Counter[str], float]:
    """The feature counts and their l2 norm, as the model was trained on them."""
    counts = ngram_counts(views, features)
    return counts, math.sqrt(sum(c * c for c in counts.values())) or 1.0


class RouterError(ValueError):
    """A model file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Router:
    """One target's model: a harm score and, for the citation, the likeliest ground."""

    target: str
    bias: float
    weights: dict[str, float]
    threshold: float
    grounds: tuple[str, ...]
    ground_bias: tuple[float, ...]
    ground_weights: tuple[dict[str, float], ...]  # per ground, in the order of grounds
    about: dict[str, Any]
    #: the threshold for a text in Latin letters (a post in English), set at training by
    #: the same budget on the English rows alone: one threshold for both let English
    #: benign posts through the Japanese rows' cut at three times the rate
    threshold_latin: float | None = None
    #: what it counts besides character n-grams, as trained
    features: FeatureSet = CHARACTERS_ONLY

    def score(self, features: tuple[Counter[str], float]) -> float:
        counts, norm = features
        weights = self.weights
        total = self.bias + sum(weights.get(g, 0.0) * c for g, c in counts.items()) / norm
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, total))))

    def ground(self, features: tuple[Counter[str], float]) -> str:
        counts, norm = features
        totals = [bias + sum(weights.get(g, 0.0) * c for g, c in counts.items()) / norm
                  for bias, weights in zip(self.ground_bias, self.ground_weights, strict=True)]
        return self.grounds[max(range(len(totals)), key=totals.__getitem__)]

    def evidence(self, views: Normalized) -> tuple[int, int]:
        """The clause of the original text whose n-grams weigh most towards harm."""
        view = views.compact
        weight_at = [0.0] * (len(views.original) + 1)
        for size in NGRAM_SIZES:
            for start in range(len(view.text) - size + 1):
                weight = self.weights.get(view.text[start:start + size], 0.0)
                if weight > 0:
                    weight_at[view.origin[start]] += weight
        best, best_span = -1.0, (0, len(views.original))
        for clause in _CLAUSE.finditer(views.original):
            weight = sum(weight_at[clause.start():clause.end()])
            if weight > best:
                best, best_span = weight, clause.span()
        start, end = best_span
        while start < end and views.original[start].isspace():
            start += 1
        while end > start and views.original[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else (0, len(views.original))

    def finding(self, views: Normalized, review: float, hide: float) -> Finding | None:
        """A review-only finding when the score reaches the threshold, else None. Its
        confidence stays below the hide threshold, so nothing downstream mistakes it for a
        sure one."""
        text = views.compact.text
        # a city writes in Japanese and English and is answered in both, and the models have
        # read both; a model with no English threshold leaves such a text to the rules
        threshold: float | None = self.threshold
        if japanese_share(text) < MIN_JAPANESE:
            threshold = self.threshold_latin
        if len(text) < MIN_CHARS or threshold is None:
            return None
        counted = _features(views, self.features)  # once for the score and the ground
        score = self.score(counted)
        if score < threshold:
            return None
        start, end = self.evidence(views)
        return Finding(self.ground(counted), DETECTOR, start, end,
                       confidence=round(min(max(score, review), hide - 0.01), 3),
                       note=f"学習モデルの判定（スコア {score:.2f}）: 人の確認のみ",
                       action="review")


@lru_cache(maxsize=8)
def load_router(path: str, target: str) -> Router:
    """The model of one file, parsed once per process (the gate loads it on first use)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        grounds = tuple(str(g) for g in data["grounds"])
        ground_weights = tuple({str(k): float(w) for k, w in data["ground_weights"][g].items()}
                               for g in grounds)
        if len(data["ground_bias"]) != len(grounds):
            raise ValueError("ground_bias needs one value per ground")
        if data.get("target") != target:
            raise ValueError(f"the model is for {data.get('target')!r}, not {target!r}")
        return Router(target=target, bias=float(data["bias"]),
                      weights={str(k): float(v) for k, v in data["weights"].items()},
                      threshold=float(data["threshold"]), grounds=grounds,
                      ground_bias=tuple(float(b) for b in data["ground_bias"]),
                      ground_weights=ground_weights, about=dict(data.get("about", {})),
                      threshold_latin=(None if data.get("threshold_latin") is None
                                       else float(data["threshold_latin"])),
                      features=FeatureSet.of_model(data))
    except OSError as exc:
        raise RouterError(f"{path}: cannot read the router model: {exc.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RouterError(f"{path}: not a router model: {exc}") from None
