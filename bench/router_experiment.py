"""Does a learned router earn its keep? (issue 7, deliverable 6)

A hashed character n-gram logistic regression (scikit-learn) that may only send a comment
the rules allowed to review, never hide it. Measured with 5-fold cross-validation on
labelled comment rows: the review threshold of each fold is chosen on out-of-fold
predictions of its training part (nested), so that the router adds at most BUDGET of the
benign rows to review; the figures are recall and benign review rate of rules alone
versus rules plus router on the held-out folds.

Run: uv run python bench/router_experiment.py FILE.jsonl [FILE.jsonl ...]
This is the round-1 measurement that first rejected the router; the gate now ships one
(policy_gate/router.py), trained with ``kohogate gate train`` and measured on set C, see the
README of policy_gate.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policy_gate import default_policy
from policy_gate.evaluation import verdict_for
from policy_gate.normalize import Normalized

FOLDS = 5


def _model() -> LogisticRegression:
    return LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)


def main(paths: list[str]) -> None:
    policy = replace(default_policy(), routers={})  # the rules alone, as in round 1
    rows = [json.loads(line) for path in paths
            for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("kind", "comment") == "comment"]
    random.Random(1).shuffle(rows)
    truth = np.array([bool(r.get("labels")) for r in rows])
    rules = np.array([verdict_for(r, policy).decision != "allow" for r in rows])
    vectors = HashingVectorizer(analyzer="char", ngram_range=(1, 3), n_features=2**18,
                                alternate_sign=False).transform(
        [Normalized.of(r["text"]).compact.text for r in rows])
    fold = np.arange(len(rows)) % FOLDS
    print(f"{len(rows)} comments, {truth.sum()} harmful")
    for budget in (0.01, 0.02, 0.03):
        flagged = rules.copy()
        for k in range(FOLDS):
            train, test = fold != k, fold == k
            inner = cross_val_predict(_model(), vectors[train], truth[train], cv=4,
                                      method="predict_proba")[:, 1]
            benign_allowed = inner[~truth[train] & ~rules[train]]
            share = budget * (~truth[train]).sum() / max(1, len(benign_allowed))
            threshold = np.quantile(benign_allowed, max(0.0, 1 - share))
            model = _model().fit(vectors[train], truth[train])
            flagged[test] = rules[test] | (model.predict_proba(vectors[test])[:, 1] >= threshold)

        def rate(mask: np.ndarray, of: np.ndarray) -> float:
            return float((mask & of).sum() / of.sum())

        print(f"router budget {budget:.0%}: recall {rate(rules, truth):.3f} -> "
              f"{rate(flagged, truth):.3f}; benign sent to review "
              f"{rate(rules, ~truth):.3f} -> {rate(flagged, ~truth):.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
