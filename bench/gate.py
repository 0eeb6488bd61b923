"""Policy gate benchmark (figures are printed, never asserted in tests).

- start-up: ``import policy_gate`` plus loading the policy, in a fresh process, and
  whether the stage-2 dictionary stayed unloaded (it loads when stage 2 first runs);
- stage 1 alone and the whole gate, comments per second on one core, realistic mix;
- the slowest 10,000-character inputs we can construct, for comments and posts: one per
  detector's worst case, including the two that used to be quadratic (「ばかり」 repeated,
  every term match scanning every innocent span; and difflib on a long repetitive city
  post against a copy of it).

Times are CPU time of this process (``time.process_time``): on a shared machine wall time
measures the neighbours too. ``--wall`` uses wall-clock time instead.

Run: uv run python bench/gate.py
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policy_gate import (  # noqa: E402
    AccountInfo,
    CommentContext,
    CommentInput,
    PostDraft,
    check_comment,
    check_post,
    default_policy,
    prepare,
)

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
    "外国人が増えると治安が悪くなる",
    "大麻手押しします 即日",
]
CITY_POST = "秋吉台の山焼きは2月18日に行います。見学は展望台からお願いします。"
LONG_POST = ("【お知らせ】秋吉台の山焼きは2月18日（日）9時30分点火です。" * 300)[:10_000]
N = 10_000
WORST: dict[str, str] = {
    "digits and separators": ("0-" * 5000)[:N],
    "digits with の between": ("090の" * 2500)[:N],
    "at signs and dots": ("a.a@" * 2500)[:N],
    "one long word": "a" * N,
    "url-like": ("http://a." * 1200)[:N],
    "urls under the city's name": ("https://mine-city.lg.jp.x7.top/ " * 400)[:N],
    "bare file names": ("kyufu.apk " * 1000)[:N],
    "kanji numerals": ("〇九〇 " * 2500)[:N],
    "random unicode": "".join(chr(random.Random(7).randrange(0x20, 0x3000)) for _ in range(N)),
    "repeated lexicon prefixes": "死" * N,
    "ばかり repeated (was quadratic)": ("ばかり" * 3334)[:N],
    "masked letters": ("ち●こ" * 3334)[:N],
    "protected group and commands (stage 2)": ("外国人は出ていけ。障害者は来るな。" * 600)[:N],
    "cue words everywhere (stage 2)": ("大麻 即日 外国人 噂 事故 署名 原発 偽造 免許証 "
                                       * 300)[:N],
    "hearsay and alarm": ("事故があったらしいよ。" * 1000)[:N],
    "names and private words": ("田中さんの住所は" * 1300)[:N],
    "lot numbers in private context": ("犯人の家は大嶺町東分1234-5 " * 500)[:N],
    "emoji flood": ("💰👉" * 5000)[:N],
    # posts: the 決裁 wording runs on every post; the voice nets pair topic and opinion
    "the city as subject in every clause": ("市は本市は美祢市としては市長が方針考え" * 500)[:N],
    "topics and opinions everywhere": ("神様党外国人家電おじさん原発地震ですよと思います評判です"
                                       * 400)[:N],
    "quotations and warnings": ("「誰にもバレない大丈夫」にご注意" * 700)[:N],
    # the classes of 2026-11-26: masks slipped between letters (a key per gap), the gaze,
    # impunity tips, a town's people, kana groups, warning frames around a recruited role
    "masks between letters": ("チ○ョ○ン○ザ○イ○ニ○チ" * 900)[:N],
    "town people summed up": ("美東町の人間は陰湿" * 1200)[:N],
    "impunity tips": ("鍾乳石を折って持ち帰ってもバレん。" * 700)[:N],
    "gaze words": ("浴衣の胸元もっと見せて制服の下" * 800)[:N],
    "kana groups and commands": ("ガイコクジンハ デテイケ　" * 900)[:N],
    "warning frames": ("被害が多発、ご注意ください。受け子募集。" * 600)[:N],
    # stop 23: English copy, one unbroken sentence of groups, causes and harm laughed at
    "english groups, causes and jokes": ("vietnamese residents especially since many chinese "
                                         "tourists typhoon roof fell lol we apologize "
                                         * 120)[:N],
}


CLOCK = time.perf_counter if "--wall" in sys.argv else time.process_time


def _rate(run: Callable[[], None], batch: int, seconds: float = 3.0) -> str:
    """Texts per second over ``seconds``, and in the best single pass over the batch: on a
    shared machine whose speed swings by half from one second to the next, the best pass is
    what the code costs and the mean is what the machine gave it (timeit reports the
    minimum for the same reason)."""
    run()
    count, start, best = 0, CLOCK(), float("inf")
    while CLOCK() - start < seconds:
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
        count += batch
    return f"{count / (CLOCK() - start):,.0f} (best pass {batch / best:,.0f})"


def startup() -> None:
    """Start-up in a fresh process, twice: with the bytecode an installed package has
    (pip and the image compile it; here into a scratch ``PYTHONPYCACHEPREFIX``), and with
    the project's own modules from source, as a checkout run with
    ``PYTHONDONTWRITEBYTECODE`` (this machine's setting) pays on every start."""
    clock = "perf_counter" if "--wall" in sys.argv else "process_time"
    code = (f"import time; t = time.{clock}(); import policy_gate; "
            "policy_gate.default_policy(); "
            f"print(round((time.{clock}() - t) * 1000, 1)); "
            "from policy_gate.stage2 import morph; print(morph.loaded())")
    with tempfile.TemporaryDirectory() as scratch:
        compiled = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        compiled["PYTHONPYCACHEPREFIX"] = scratch
        source = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}
        source["PYTHONDONTWRITEBYTECODE"] = "1"
        for label, env in (("with bytecode", compiled), ("from source", source)):
            times = []
            loaded = ""
            subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT,
                           check=True, env=env)
            for _ in range(5):
                out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                     text=True, cwd=ROOT, check=True, env=env).stdout.split()
                times.append(float(out[0]))
                loaded = out[1]
            print(f"import policy_gate + load the policy, {label}: {min(times):.0f} ms best "
                  f"of 5, median {sorted(times)[2]:.0f} ms, policy cached  (target <= 150 ms); "
                  f"dictionary loaded at start-up: {loaded}")


def worker_start() -> None:
    """What a worker builds before its pool forks (``policy_gate.prepare``: the automaton,
    the pattern tables, both routers, the link tables), and what the first comment costs
    after it."""
    code = ("import time; from policy_gate import CommentContext, CommentInput, "
            "check_comment, default_policy, prepare; p = default_policy(); "
            "t = time.perf_counter(); prepare(p); "
            "u = time.perf_counter(); "
            "check_comment(CommentInput('山焼き楽しみです'), CommentContext(), p); "
            "v = time.perf_counter(); "
            "print(round((u - t) * 1000, 1), round((v - u) * 1000, 1))")
    runs = [[float(x) for x in subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
        check=True).stdout.split()] for _ in range(3)]
    print("prepare (automaton, patterns, both routers, link tables): "
          f"{min(r[0] for r in runs):.0f} ms best of 3; the first comment after it: "
          f"{min(r[1] for r in runs):.1f} ms")


def main() -> None:
    startup()
    worker_start()
    policy = default_policy()
    prepare(policy)  # as a worker does before its pool forks
    context = CommentContext(city_post_text=CITY_POST)
    comments = [CommentInput(t) for t in MIX]

    def stage1() -> None:
        for item in comments:
            check_comment(item, context, policy, stage2=False)

    def whole() -> None:
        for item in comments:
            check_comment(item, context, policy)

    print(f"stage 1 comments/s on one core (mix of {len(MIX)}): "
          f"{_rate(stage1, len(comments))}  (target >= 5,000)")
    print(f"whole gate comments/s on one core (mix of {len(MIX)}): "
          f"{_rate(whole, len(comments))}  (target >= 2,000)")
    worst_name, worst_ms = "", 0.0
    main_account = AccountInfo(name="main")
    cases: list[tuple[str, Callable[[], object]]] = []
    for name, text in WORST.items():
        cases.append((f"comment: {name}",
                      lambda t=text: check_comment(CommentInput(t), context, policy)))
        cases.append((f"post: {name}",
                      lambda t=text: check_post(PostDraft(t), main_account, policy)))
    cases.append(("comment: copy of a long repetitive city post (was quadratic)",
                  lambda: check_comment(CommentInput(LONG_POST.replace("18", "25")),
                                        CommentContext(city_post_text=LONG_POST), policy)))
    print("10,000-character inputs, whole gate (ms: first run / best of 3 more):")
    for name, run in cases:
        timings = []
        for _ in range(4):
            start = CLOCK()
            run()
            timings.append((CLOCK() - start) * 1000)
        elapsed = min(timings[1:])
        if elapsed > worst_ms:
            worst_name, worst_ms = name, elapsed
        if name.startswith("comment") or elapsed > 20:
            print(f"  {name:62} {timings[0]:7.1f} / {elapsed:6.1f}")
    print(f"worst 10,000-character input: {worst_ms:.1f} ms ({worst_name})  (target < 50 ms)")


if __name__ == "__main__":
    main()
