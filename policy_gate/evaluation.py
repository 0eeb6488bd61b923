"""Running the gate over labelled rows: ``kohogate gate check`` and ``kohogate gate eval``.

A row: ``{"id", "kind": "post"|"comment", "text", "author"?, "reply_to"?, "account"?,
"category"?, "labels": [ground ids]}``; empty labels mean benign; ``approval_required``
marks a post that needs 決裁. A comment counts as caught when it is hidden or queued for
review; the figures that matter for a city are reported on their own: how precise the
automatic hides are, and whether any benign comment was hidden.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from policy_gate.engine import check_comment, check_post
from policy_gate.policy import Policy
from policy_gate.types import AccountInfo, CommentContext, CommentInput, PostDraft, Verdict

POST_CONTENT_GROUNDS = frozenset({"discrimination", "religious_political", "illegal", "rumor",
                                  "social_advocacy", "public_order"})


def verdict_for(row: dict[str, Any], policy: Policy) -> Verdict:
    text = str(row.get("text", ""))
    if row.get("kind") == "post":
        account = AccountInfo(name=str(row.get("account") or "main"), kind="main")
        category = str(row.get("category") or "other")
        # evaluation rows judge content: a share without a stated source is taken as a
        # public body's, so the 第4.2(4) form check does not hide what the content does
        source = row.get("share_source") or ("public_body" if category == "share" else None)
        return check_post(PostDraft(text=text, category=category, share_source=source),
                          account, policy)
    author = row.get("author") or {}
    return check_comment(
        CommentInput(text=text, author_name=author.get("name"), author_handle=author.get(
            "handle")),
        CommentContext(city_post_text=row.get("reply_to")), policy)


def check_rows(rows: Iterable[dict[str, Any]], policy: Policy) -> Iterator[dict[str, Any]]:
    for row in rows:
        verdict = verdict_for(row, policy)
        yield {"id": row.get("id"), "decision": verdict.decision,
               "grounds": list(verdict.grounds), "citations": list(verdict.citations),
               "evidence": [{"ground": e.ground, "citation": e.citation, "detector": e.detector,
                             "start": e.start, "end": e.end, "span": e.span,
                             "confidence": e.confidence} for e in verdict.evidence]}


@dataclass
class EvalReport:
    rows: int = 0
    per_ground: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    confusion: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)
    hides: int = 0
    correct_hides: int = 0
    flagged_harmful: int = 0
    harmful_comments: int = 0
    benign_hidden: list[str] = field(default_factory=list)
    per_detector: dict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter))
    detector_grounds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labelled_rows: Counter[str] = field(default_factory=Counter)
    post_prohibited: int = 0
    post_prohibited_caught: int = 0
    post_prohibited_stopped: int = 0
    post_prohibited_blocked: int = 0
    approval_cases: int = 0
    approval_caught: int = 0

    def add(self, row: dict[str, Any], verdict: Verdict) -> None:
        self.rows += 1
        kind = str(row.get("kind", "comment"))
        labels = set(row.get("labels") or [])
        predicted = set(verdict.grounds)
        truth = "harmful" if labels else "benign"
        self.confusion[(kind, truth, verdict.decision)] += 1
        for ground in labels | predicted:
            counts = self.per_ground[f"{kind}:{ground}"]
            counts["tp" if ground in labels and ground in predicted else
                   "fn" if ground in labels else "fp"] += 1
        for ground in labels:
            self.labelled_rows[f"{kind}:{ground}"] += 1
        fired: dict[str, bool] = {}
        for item in verdict.evidence:
            name = f"{kind}:{item.detector}"
            self.detector_grounds[name].add(f"{kind}:{item.ground}")
            fired[name] = fired.get(name, False) or item.ground in labels
        for name, right in fired.items():
            self.per_detector[name]["tp" if right else "fp"] += 1
        if kind == "comment":
            if verdict.decision == "hide":
                self.hides += 1
                self.correct_hides += bool(labels)
                if not labels:
                    self.benign_hidden.append(str(row.get("id")))
            if labels:
                self.harmful_comments += 1
                self.flagged_harmful += verdict.decision in ("hide", "review")
            missed = bool(labels) != (verdict.decision != "allow")
        else:
            content = labels & POST_CONTENT_GROUNDS
            if content:
                self.post_prohibited += 1
                held = verdict.decision in ("block", "needs_approval")
                self.post_prohibited_caught += held and bool(content & predicted)
                self.post_prohibited_stopped += held
                self.post_prohibited_blocked += verdict.decision == "block"
            if "approval_required" in labels:
                self.approval_cases += 1
                self.approval_caught += verdict.decision in ("needs_approval", "block")
            if content:
                missed = verdict.decision == "allow" or not content & predicted
            else:
                missed = verdict.decision != ("needs_approval" if labels else "allow")
        if missed or (labels and not labels & predicted):
            self.misses.append({"id": row.get("id"), "kind": kind, "labels": sorted(labels),
                                "decision": verdict.decision, "grounds": sorted(predicted),
                                "text": str(row.get("text", ""))[:120]})

    def detectors(self) -> dict[str, dict[str, Any]]:
        """Each detector's precision (rows it fired on whose labels hold its ground) and
        recall (of the rows labelled with the grounds it raises, those it caught)."""
        table = {}
        for name, c in sorted(self.per_detector.items()):
            fired = c["tp"] + c["fp"]
            labelled = sum(self.labelled_rows[g] for g in self.detector_grounds[name])
            table[name] = {"tp": c["tp"], "fp": c["fp"], "labelled": labelled,
                           "precision": c["tp"] / fired if fired else None,
                           "recall": c["tp"] / labelled if labelled else None}
        return table

    def figures(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "comment_hide_precision": ratio(self.correct_hides, self.hides),
            "comment_flag_recall": ratio(self.flagged_harmful, self.harmful_comments),
            "benign_comments_hidden": float(len(self.benign_hidden)),
            # stopped = not published without a person: blocked, or held for the 所属長
            "post_prohibited_stopped": ratio(self.post_prohibited_stopped, self.post_prohibited),
            # recall = stopped AND citing one of the row's own grounds (the stricter figure:
            # a post held only for 決裁 or under another article counts as missed)
            "post_prohibited_recall": ratio(self.post_prohibited_caught, self.post_prohibited),
            "post_prohibited_blocked": ratio(self.post_prohibited_blocked, self.post_prohibited),
            "approval_recall": ratio(self.approval_caught, self.approval_cases),
        }

    def to_dict(self) -> dict[str, Any]:
        grounds = {}
        for name, c in sorted(self.per_ground.items()):
            precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
            recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
            grounds[name] = {"tp": c["tp"], "fp": c["fp"], "fn": c["fn"],
                             "precision": precision, "recall": recall}
        return {"rows": self.rows, "figures": self.figures(), "grounds": grounds,
                "detectors": self.detectors(),
                "confusion": [{"kind": k, "truth": t, "decision": d, "count": n}
                              for (k, t, d), n in sorted(self.confusion.items())],
                "benign_hidden": self.benign_hidden, "misses": self.misses}

    def format(self) -> str:
        data = self.to_dict()
        lines = [f"rows: {self.rows}", "", "figures:"]
        for name, value in data["figures"].items():
            lines.append(f"  {name:28} {'-' if value is None else value}")
        lines += ["", f"{'ground':34} {'prec':>6} {'recall':>6}   tp   fp   fn"]
        for name, g in data["grounds"].items():
            p = "-" if g["precision"] is None else f"{g['precision']:.3f}"
            r = "-" if g["recall"] is None else f"{g['recall']:.3f}"
            lines.append(f"{name:34} {p:>6} {r:>6} {g['tp']:4} {g['fp']:4} {g['fn']:4}")
        lines += ["", f"{'detector':52} {'prec':>6} {'recall':>6}   tp   fp"]
        for name, d in data["detectors"].items():
            p = "-" if d["precision"] is None else f"{d['precision']:.3f}"
            r = "-" if d["recall"] is None else f"{d['recall']:.3f}"
            lines.append(f"{name:52} {p:>6} {r:>6} {d['tp']:4} {d['fp']:4}")
        lines += ["", "decisions (kind, truth → decision: count):"]
        for item in data["confusion"]:
            lines.append(f"  {item['kind']:8} {item['truth']:8} → {item['decision']:15} "
                         f"{item['count']}")
        lines += ["", f"misses ({len(self.misses)}):"]
        for miss in self.misses:
            lines.append(f"  {miss['id']}: labels {miss['labels'] or ['benign']} → "
                         f"{miss['decision']} {miss['grounds']}  {miss['text']}")
        return "\n".join(lines)


def evaluate(rows: Iterable[dict[str, Any]], policy: Policy) -> EvalReport:
    report = EvalReport()
    for row in rows:
        report.add(row, verdict_for(row, policy))
    return report
