"""Training the learned router (:mod:`policy_gate.router`) from labelled rows.

The router earns its place only on what the rules let through, so its threshold is set on
those rows: five-fold out-of-fold scores of the training rows, and the lowest threshold
at which the router adds at most ``budget`` of all benign rows to a person's queue. The
same rows then train the model that ships. Every choice that shapes the file (rows,
budget, regularisation, the out-of-fold figures) is written into it, so a city can tell
what it runs.

scikit-learn is needed here only (a development dependency); the gate reads the JSON.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from policy_gate.evaluation import verdict_for
from policy_gate.guard import unquoted
from policy_gate.normalize import Normalized
from policy_gate.policy import Policy
from policy_gate.router import (
    CHARACTERS_ONLY,
    MIN_JAPANESE,
    FeatureSet,
    japanese_share,
    ngram_counts,
)

#: inverse regularisation strength, chosen by leave-one-writer-out (train on the other
#: writers' sets, measure on set C, then on set D): 1, 4, 16, 32 and 64 were tried
C = 16.0
FOLDS = 5
#: weights smaller than these are dropped from the file (no measurable effect, half size)
PRUNE = 0.02
PRUNE_GROUND = 0.15
MIN_ROWS = 2
#: benign rows in Latin letters needed to set their own threshold: at a 2 % budget, a
#: hundred rows let two through, fewer would set the cut on one row's score
MIN_LATIN_BENIGN = 100


def _view(text: str, target: str) -> Normalized:
    """The text as the router reads it at run time: a post without the opinions it
    reports having received (:func:`policy_gate.guard.unquoted`)."""
    views = Normalized.of(text)
    return unquoted(views) if target == "post" else views


def _matrix(views: list[Normalized], features: FeatureSet) -> Any:
    """Rows of l2-normalised n-gram counts (the router's own features), over the n-grams
    that occur in at least MIN_ROWS rows: one row's oddities teach nothing and would
    triple the file. The norm is taken over every n-gram, as at run time."""
    from sklearn.feature_extraction import DictVectorizer

    counts = [ngram_counts(view, features) for view in views]
    rows_with: Counter[str] = Counter(gram for row in counts for gram in row)
    norms = [math.sqrt(sum(c * c for c in row.values())) or 1.0 for row in counts]
    kept = [{g: c / norm for g, c in row.items() if rows_with[g] >= MIN_ROWS}
            for row, norm in zip(counts, norms, strict=True)]
    vectorizer = DictVectorizer(dtype=float, sort=True)
    return vectorizer, vectorizer.fit_transform(kept)


def _model(balanced: bool = True) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced" if balanced else None,
                              max_iter=5000)


def train(rows: Iterable[dict[str, Any]], target: str, policy: Policy, budget: float,
          features: FeatureSet = CHARACTERS_ONLY, writers: Iterable[str] | None = None,
          budget_latin: float | None = None) -> dict[str, Any]:
    """The model file's content for one target (``comment`` or ``post``); ``features``
    adds Latin words, word pairs and in-word n-grams to the character n-grams
    (:func:`ngram_counts`). ``budget_latin`` is the budget for texts in Latin letters, when
    it differs from ``budget``: the English rules catch less than the Japanese ones, so the
    same share of benign rows buys more there.

    ``writers`` names each row's writer (its file). With five or more, the threshold is set
    on scores of writers each fold's model never read, as every writer the gate meets in
    use is new: with folds that mix every writer's rows, a writer's own benign rows in
    other folds made the model sure of theirs, and new writers' benign posts were held at
    two to six times the budget."""
    import numpy as np
    from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict

    rows = list(rows)
    named = list(writers) if writers is not None else [""] * len(rows)
    kept = [(row, writer) for row, writer in zip(rows, named, strict=True)  # one per row
            if row.get("kind", "comment") == target]
    rows, writer_of = [row for row, _ in kept], [writer for _, writer in kept]
    if not rows:
        raise ValueError(f"no {target} rows to train on")
    rules_only = replace(policy, routers={})
    truth = np.array([bool(r.get("labels")) for r in rows])
    if truth.all() or not truth.any():
        raise ValueError("training needs both harmful and benign rows")
    ruled = np.array([verdict_for(r, rules_only).decision != "allow" for r in rows])
    # each row read once, as the router reads it at run time (features, script)
    views = [_view(str(r["text"]), target) for r in rows]
    vectorizer, matrix = _matrix(views, features)
    by_writer = len(set(writer_of)) >= FOLDS
    folds: Any = GroupKFold(FOLDS) if by_writer else StratifiedKFold(FOLDS, shuffle=True,
                                                                     random_state=0)
    scores = cross_val_predict(_model(), matrix, truth, cv=folds, method="predict_proba",
                               groups=writer_of if by_writer else None)[:, 1]

    # texts in Latin letters (the city's English, its visitors' replies) get a threshold of
    # their own, by the same budget on their own benign rows; with too few such rows to
    # set one, they are left to the rules
    latin = np.array([japanese_share(view.compact.text) < MIN_JAPANESE for view in views])
    threshold = _threshold(scores, truth, ruled, ~latin, budget)
    threshold_latin = (_threshold(scores, truth, ruled, latin,
                                  budget if budget_latin is None else budget_latin)
                       if (~truth & latin).sum() >= MIN_LATIN_BENIGN else None)
    routed = ruled | (~latin & (scores >= threshold))
    if threshold_latin is not None:
        routed |= latin & (scores >= threshold_latin)

    model = _model().fit(matrix, truth)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)
               if abs(w) >= PRUNE}

    harmful = [r for r in rows if r.get("labels")]
    ground_of = [str(r["labels"][0]) for r in harmful]
    ground_vectorizer, ground_matrix = _matrix([v for v, r in zip(views, rows, strict=True)
                                                if r.get("labels")], features)
    grounds_model = _model(balanced=False).fit(ground_matrix, ground_of)
    grounds = [str(g) for g in grounds_model.classes_]
    coef = grounds_model.coef_ if len(grounds) > 2 else np.vstack(
        [-grounds_model.coef_[0], grounds_model.coef_[0]])
    bias = grounds_model.intercept_ if len(grounds) > 2 else np.array(
        [-grounds_model.intercept_[0], grounds_model.intercept_[0]])
    ground_names = ground_vectorizer.get_feature_names_out()
    ground_weights = {ground: {str(n): round(float(w), 3)
                               for n, w in zip(ground_names, coef[k], strict=True)
                               if abs(w) >= PRUNE_GROUND}
                      for k, ground in enumerate(grounds)}

    def share(mask: Any, of: Any) -> float:
        return round(float((mask & of).sum() / max(1, of.sum())), 4)

    def figures(among: Any) -> dict[str, float]:
        """What the rules and the router catch of the rows ``among``, out of fold."""
        return {"rules_recall": share(ruled, truth & among),
                "routed_recall": share(routed, truth & among),
                "rules_benign_flagged": share(ruled, ~truth & among),
                "routed_benign_flagged": share(routed, ~truth & among)}

    return {
        "target": target,
        "threshold": round(threshold, 6),
        "threshold_latin": None if threshold_latin is None else round(threshold_latin, 6),
        **features.to_model(),
        "bias": round(float(model.intercept_[0]), 6),
        "weights": weights,
        "grounds": grounds,
        "ground_bias": [round(float(b), 4) for b in bias],
        "ground_weights": ground_weights,
        "about": {
            "rows": len(rows), "harmful": int(truth.sum()), "benign": int((~truth).sum()),
            "budget": budget, **({} if budget_latin is None else {"budget_latin": budget_latin}),
            "C": C, "ngram_sizes": [1, 2, 3],
            "folds": "by writer" if by_writer else "stratified",
            "out_of_fold": figures(np.ones(len(rows), dtype=bool)),
            "out_of_fold_latin": {"rows": int(latin.sum()), **figures(latin)},
        },
    }


def _threshold(scores: Any, truth: Any, ruled: Any, among: Any, budget: float) -> float:
    """The score above which at most ``budget`` of the benign rows ``among`` are added to a
    person's queue (out-of-fold scores; rows the rules stop already are not counted)."""
    import numpy as np

    benign_open = np.sort(scores[~truth & ~ruled & among])[::-1]
    allowed = int(budget * (~truth & among).sum())
    return float(benign_open[allowed]) + 1e-6 if allowed < len(benign_open) else 0.5


def write_model(model: dict[str, Any], path: Path, sources: list[str]) -> None:
    model = {**model, "about": {**model["about"], "trained_on": sources}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                    encoding="utf-8")
