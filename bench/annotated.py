"""The gate on comments that other people wrote and other people labelled.

Reads a CSV in the schema of the Inspection AI Japanese toxic dataset
(github.com/inspection-ai/japanese-toxic-dataset, Apache-2.0; not shipped here): one row per
comment, the count of annotators who chose each toxicity level (``Not Toxic``, ``Hard to
Say``, ``Toxic``, ``Very Toxic``), the count who chose each category
(``category_差別`` …) and ``annotation_num``. Prints, per category, how many comments a
majority called toxic and how many of them the gate flagged (hide or review), and how many
comments a majority called not toxic were auto-hidden or sent to review.

Majority means more than half of ``annotation_num``. A comment counts for a category when a
majority called it toxic and at least half of the annotators chose that category.

These comments are web chatter, not replies to a city: 第4.5 does not ask the city to hide
every rude word in them, so the figures show what the gate notices, not what it should do.

Run: uv run python bench/annotated.py PATH/TO/subset.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policy_gate import CommentContext, CommentInput, check_comment, default_policy  # noqa: E402

CATEGORIES = {"差別": "discrimination", "猥褻": "obscenity", "違法行為": "illegal activity",
              "卑語": "vulgar", "迷惑行為": "harassment",
              "出会い・プライバシー侵害": "dating / privacy", "偏向表現": "bias"}
WATCHED = ("差別", "猥褻", "違法行為")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--show", action="store_true", help="print each miss and each stop")
    args = parser.parse_args()
    policy = default_policy()
    with args.csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    toxic_by: Counter[str] = Counter()
    flagged_by: Counter[str] = Counter()
    benign: Counter[str] = Counter()
    misses: list[str] = []
    stops: list[str] = []
    for row in rows:
        votes = int(row["annotation_num"])
        toxic = int(row["Toxic"]) + int(row["Very Toxic"])
        verdict = check_comment(CommentInput(text=row["text"]), CommentContext(), policy)
        stopped = verdict.decision != "allow"
        if 2 * int(row["Not Toxic"]) > votes:
            benign["all"] += 1
            benign[verdict.decision] += 1
            if stopped:
                stops.append(f"{verdict.decision}: {row['text']} {list(verdict.grounds)}")
            continue
        if 2 * toxic <= votes:
            continue
        chosen = {c for c in CATEGORIES if 2 * int(row[f"category_{c}"]) >= votes}
        watched = bool(chosen & set(WATCHED))
        for key in (*chosen, "any", *(("watched",) if watched else ())):
            toxic_by[key] += 1
            flagged_by[key] += stopped
        if watched and not stopped:
            misses.append(row["text"])
    print(f"{len(rows)} rows; majority not toxic {benign['all']}: "
          f"hidden {benign['hide']} ({benign['hide'] / max(benign['all'], 1):.1%}), "
          f"review {benign['review']} ({benign['review'] / max(benign['all'], 1):.1%})")
    print("majority toxic, flagged (hide or review) by category:")
    for key in ("watched", *CATEGORIES, "any"):
        label = {"watched": "discrimination + obscenity + illegal", "any": "all toxic"}.get(
            key, f"{key} ({CATEGORIES.get(key, '')})")
        if toxic_by[key]:
            print(f"  {label:<40} {flagged_by[key]:>3}/{toxic_by[key]:<3} "
                  f"{flagged_by[key] / toxic_by[key]:.2f}")
    if args.show:
        print("missed (watched categories):", *misses, sep="\n  ")
        print("not toxic but stopped:", *stops, sep="\n  ")


if __name__ == "__main__":
    main()
