"""Policy gate benchmark: comments per second on one core for a realistic mix, and the
slowest 10,000-character input we can construct (pathological for each detector).

Run: uv run python bench/gate.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policy_gate import CommentContext, CommentInput, check_comment, default_policy

MIX = [
    "山焼き楽しみです！去年も見に行きました",
    "駐車場が少なすぎる。市はもっと考えてほしい",
    "秋芳洞、涼しくて最高でした。また行きます😊",
    "期日前投票はどこでできますか？",
    "この人の携帯は090-1234-5678だよ",
    "副業で月収100万！LINE追加してね https://bit.ly/xyz",
    "市長は無能",
    "Great view from Akiyoshidai, thanks for sharing!",
    "詳しくは https://www2.city.mine.lg.jp/ をご覧ください",
    "今日はクソ暑いけどソフトクリームが死ぬほど美味しい",
    "連絡は taro(at)example(dot)com まで",
    "別府弁天池の水、本当にきれいですね。写真撮りに行きたいです。" * 3,
]
CITY_POST = "秋吉台の山焼きは2月18日に行います。見学は展望台からお願いします。"
WORST = {
    "digits and separators": ("0-" * 5000)[:10_000],
    "at signs and dots": ("a.a@" * 2500)[:10_000],
    "one long word": "a" * 10_000,
    "url-like": ("http://a." * 1200)[:10_000],
    "kanji numerals": ("〇九〇 " * 2500)[:10_000],
    "near copy of the city post": (CITY_POST * 400)[:10_000],
    "random unicode": "".join(chr(random.Random(7).randrange(0x20, 0x3000))
                              for _ in range(10_000)),
    "repeated lexicon prefixes": ("死" * 10_000),
}


def main() -> None:
    policy = default_policy()
    context = CommentContext(city_post_text=CITY_POST)
    comments = [CommentInput(t) for t in MIX]
    for item in comments:  # warm caches
        check_comment(item, context, policy)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < 3.0:
        for item in comments:
            check_comment(item, context, policy)
        count += len(comments)
    rate = count / (time.perf_counter() - start)
    print(f"comments/s on one core (realistic mix of {len(MIX)}): {rate:,.0f}  (target >= 5,000)")
    worst_name, worst_ms = "", 0.0
    for name, text in WORST.items():
        start = time.perf_counter()
        check_comment(CommentInput(text), context, policy)
        elapsed = (time.perf_counter() - start) * 1000
        print(f"  10,000 chars, {name:28} {elapsed:7.1f} ms")
        if elapsed > worst_ms:
            worst_name, worst_ms = name, elapsed
    print(f"worst 10,000-character input: {worst_ms:.1f} ms ({worst_name})  (target < 50 ms)")


if __name__ == "__main__":
    main()
