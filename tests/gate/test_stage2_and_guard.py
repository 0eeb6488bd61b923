"""Stage 2 (templates over lemmas), the criticism guard, and the engine's promises:
lazy dictionary, actions as data, a cached policy that follows its files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policy_gate import (
    AccountInfo,
    CommentContext,
    CommentInput,
    PostDraft,
    check_comment,
    check_post,
    load_policy,
)
from policy_gate.policy import TokenCondition
from policy_gate.stage2.morph import Token
from policy_gate.stage2.templates import Positions, Templates, match
from tests.gate.helpers import POLICY, edited_policy, names, run

MAIN = AccountInfo(name="main")


def comment(text: str) -> str:
    return check_comment(CommentInput(text), CommentContext(), POLICY).decision


# --- stage 2 -------------------------------------------------------------------------

def test_an_expulsion_split_across_tokens_is_read_from_lemmas() -> None:
    found = run(Templates(), "在日の連中は日本から早く出て行け")
    assert "template.discrimination.expulsion" in names(found)


def test_hearsay_rashii_is_told_from_subarashii_by_its_part_of_speech() -> None:
    assert "template.rumor.rashii" in names(run(Templates(), "駅前で事故があったらしい"))
    assert run(Templates(), "事故もなく素晴らしい花火大会でした") == []


def test_drug_slang_with_a_deal_and_forgery_worded_as_a_service() -> None:
    found = run(Templates(), "野菜あります テレグラムで")
    assert "template.illegal.drug_slang_deal" in names(found)
    assert "template.illegal.forgery" in names(run(Templates(), "診断書すぐ作れます"))
    assert run(Templates(), "マイナンバーカードってどこで作れますか？") == []


def test_a_place_name_and_a_lot_number_in_a_private_context() -> None:
    found = run(Templates(), "あいつの家は美東町大田1234番地")
    assert "template.privacy.place_and_lot" in names(found)


def test_the_dictionary_loads_only_when_stage_2_first_runs() -> None:
    code = ("import policy_gate as g; p = g.default_policy(); "
            "from policy_gate.stage2 import morph; "
            "g.check_comment(g.CommentInput('山焼き楽しみ'), g.CommentContext(), p); "
            "print(morph.loaded()); "
            "g.check_comment(g.CommentInput('外国人は出ていけ'), g.CommentContext(), p); "
            "print(morph.loaded())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True"]


def test_a_prepared_gate_has_its_automaton_and_link_tables_built_and_no_dictionary(
) -> None:
    code = ("import policy_gate as g; p = g.default_policy(); "
            "from policy_gate.stage2 import morph; "
            "from policy_gate.detectors import links; "
            "print('scanner' in vars(p), links._lookalikes.cache_info().currsize); "
            "g.prepare(p); "
            "print('scanner' in vars(p), links._lookalikes.cache_info().currsize, "
            "morph.loaded(), 'reporting_automaton' in vars(p.guard))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "0", "True", "1", "False", "True"]


# --- the guard: criticism stays up ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "市長は無能。何ひとつ公約守ってない",
    "税金の無駄遣い。議会は何をしとるんか",
    "市の対応が遅すぎる、担当者は仕事しろ",
    "ダム建設は中止すべきだ、市の説明は不十分",
])
def test_harsh_criticism_of_the_city_is_never_hidden(text: str) -> None:
    assert comment(text) != "hide"


def test_counter_speech_turns_a_hide_into_a_review() -> None:
    assert comment("外国人は出ていけ") == "hide"
    assert comment("外国人は出ていけ。差別だと言われても構わない") == "review"
    # quoted to name it as prejudice: nothing for a person to look at
    assert comment("「外国人は出ていけ」という意見には反対です。差別だと思う") == "allow"


@pytest.mark.parametrize("text", [
    "職員さんの名前出して「死ね」とか書くのはさすがに違う。批判するなら組織にしなよ",
    "難民を「入れるな」って簡単に言うけど、戦争から逃げてきた人たちなんよ",
    "Saw some comments telling foreigners to go home. Most locals I met were kind.",
    "認知症の人を閉じ込めとけなんてひどい。認知症カフェもあるのに",
])
def test_words_quoted_or_talked_about_are_never_hidden(text: str) -> None:
    """A mention is how people object to words: a person may look, the machine never hides."""
    assert comment(text) != "hide"


def test_a_weak_word_quoted_to_oppose_it_stays_up() -> None:
    assert comment("「老害」って言葉、軽く使われすぎ。誰だって年を取る") == "allow"
    assert comment("老害は免許返納しろ") == "review"


def test_katakana_only_words_are_read_in_katakana() -> None:
    """ニガー folds to にが and ノーパン to のぱん: everyday strings once folded."""
    assert comment("通学路にガードレール付けてくれ") == "allow"
    assert comment("道の駅のパン工房で働き始めました") == "allow"
    assert comment("ﾆｶﾞｰは出ていけ") == "hide"


def test_a_public_office_address_is_never_private_data() -> None:
    assert comment("市役所の住所は大嶺町東分326-1です。駐車場は裏にあります") == "allow"


def test_a_document_offer_hides_only_when_it_passes_as_real() -> None:
    assert comment("住民票はコンビニでも作れますよ") == "allow"
    assert comment("住民票いるならこっちで作ったるよ。本物と見分けつかんけえ") == "hide"


def test_a_report_is_not_the_crime_it_reports() -> None:
    assert comment("闇バイトの受け子が逮捕されたってニュースで見た。怖い") == "allow"
    assert comment("受け子募集、日給5万") == "hide"


def test_a_threat_at_the_mayor_is_still_hidden() -> None:
    assert comment("市長、夜道には気をつけろよ") == "hide"


# --- actions are data ----------------------------------------------------------------


def test_a_weak_rule_is_demoted_by_data_not_code(tmp_path: Path) -> None:
    text = "口座売ります、1つ3万"
    path = edited_policy(tmp_path, "  - name: illegal.crime\n    ground: illegal\n"
                                  "    confidence: 0.93\n",
                        "  - name: illegal.crime\n    ground: illegal\n"
                        "    confidence: 0.93\n    action: review\n")
    demoted = load_policy(path, cache=False)
    verdict = check_comment(CommentInput(text), CommentContext(), demoted)
    assert verdict.decision == "review"
    assert check_comment(CommentInput(text), CommentContext(), POLICY).decision == "hide"


def test_a_cached_policy_follows_an_edited_lexicon_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOHOGATE_POLICY_CACHE", str(tmp_path / "cache"))
    path = edited_policy(tmp_path, "name: 美祢市", "name: 美祢市")
    first = load_policy(path)
    assert list((tmp_path / "cache").glob("policy-*.pickle"))
    again = load_policy(path)  # from the cache
    assert again is not first and again.lexicon[0].terms == first.lexicon[0].terms
    lexicon = tmp_path / "lexicons" / "obscene.explicit.txt"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "ぽんぽこりん\n", encoding="utf-8")
    edited = load_policy(path)
    decision = check_comment(CommentInput("ぽんぽこりん"), CommentContext(), edited).decision
    assert decision == "hide"


# --- posts: a strong signal blocks, a weaker one waits for the 所属長 ----------------------

def test_post_decisions_cite_their_article() -> None:
    cases = [
        ("外国籍の方はこの祭りにご参加いただけません。", "block", "第4.4(4)ア"),
        ("〇〇党の△△候補を応援しましょう！", "block", "第4.4(4)イ"),
        ("ゴミの不法投棄もバレなければ大丈夫です。", "block", "第4.4(4)ウ"),
        ("ダムが決壊寸前という話を聞きました（未確認）。", "needs_approval", "第4.4(4)エ"),
        ("原発の再稼働には反対です。皆さんも声を上げましょう。", "needs_approval", "第4.4(4)オ"),
        ("今夜は一気飲みで潰れるまで飲もう！", "block", "第4.4(4)カ"),
    ]
    for text, decision, article in cases:
        verdict = check_post(PostDraft(text, category="other"), MAIN, POLICY)
        assert verdict.decision == decision, (text, verdict)
        assert article in verdict.citations
        assert all(text[e.start:e.end] == e.span for e in verdict.evidence)


@pytest.mark.parametrize("text", [
    "元旦は〇〇八幡宮で初詣はいかがですか。甘酒の振る舞いもあります。",
    "期日前投票は市役所1階で行えます（選挙管理委員会）。",
    "二十歳未満の飲酒は法律で禁止されています。年齢確認にご協力ください。",
    "ちびっこ広場の遊具を新しくしました。",
])
def test_ordinary_posts_go_out(text: str) -> None:
    assert check_post(PostDraft(text, category="pr"), MAIN, POLICY).decision == "allow"


@pytest.mark.parametrize("text", [
    "朝どれ野菜、道の駅で即日完売でした",
    "大麻（おおあさ）のしめ縄、神社で見ると立派ですね",
    "Muito bonito! Quero voltar ao Japão",
    "候補者の演説会はどこでやってますか",
    "ハッパかけられて、やる気出ました",
    "トイレに「盗撮防止」のステッカーが貼ってありました",
    "住民を馬鹿にしとるとしか思えん説明会だった",
])
def test_everyday_words_that_look_like_harm_are_left_alone(text: str) -> None:
    assert comment(text) == "allow"


def test_a_rumour_correction_in_a_post_goes_out() -> None:
    text = ("【デマにご注意】「明日全域で断水する」という投稿がありますが、"
            "そのような事実はありません。")
    assert check_post(PostDraft(text, category="emergency"), MAIN, POLICY).decision == "allow"


def test_a_restriction_with_its_reason_waits_for_a_person_instead_of_a_block() -> None:
    text = ("冒険コースは安全上の理由から車椅子の方はご遠慮ください。"
            "通常コースはご利用いただけます。")
    verdict = check_post(PostDraft(text, category="pr"), MAIN, POLICY)
    assert verdict.decision == "needs_approval" and "第4.4(4)ア" in verdict.citations


def test_xs_that_mask_digits_are_not_obscene() -> None:
    told = "休日の急患は休日夜間急病診療所（0836-xx-xxxx）へって書いてありました"
    assert comment(told) == "allow"


def test_a_template_sequence_takes_the_nearest_fitting_token_within_its_reach() -> None:
    def token(word: str, at: int) -> Token:
        return Token(word, word, word, "名詞,一般,*,*", "", at, at + 1)

    words = ["外国人", "は", "町", "に", "要ら", "ない", "外国人", "要ら"]
    tokens = [token(w, n) for n, w in enumerate(words)]
    group = TokenCondition(lemma=frozenset({"外国人"}))
    # from the first group word, 要ら is four tokens on: within 4 it matches, within 3 the
    # first start fails and the second group word, one token before 要ら, matches instead
    assert match([group, TokenCondition(lemma=frozenset({"要ら"}), within=4)],
                 Positions(tokens, {})) == (0, 5)
    assert match([group, TokenCondition(lemma=frozenset({"要ら"}), within=3)],
                 Positions(tokens, {})) == (6, 8)
    assert match([group, TokenCondition(lemma=frozenset({"出る"}))], Positions(tokens, {})) is None


def _templates_found(text: str) -> set[str]:
    verdict = check_comment(CommentInput(text), CommentContext(), POLICY)
    return {e.detector for e in verdict.evidence if e.detector.startswith("template.rumor")}


@pytest.mark.parametrize(("text", "found"), [
    # rumor.hearsay and rumor.rashii read their hearsay marker and their alarm word in one
    # sentence: good news told as heard beside an alarm word of another sentence is no rumour
    ("コンバインが入れない田んぼは今も手刈りです。新米の予約も受付中だそうです。", set()),
    ("熊さん、ツアーに申し込んだら入れてもらえるんかな。それくらい堂々と歩きよるらしい", set()),
    ("駅前の店、入れないって聞いたよ", {"template.rumor.hearsay"}),
    ("予約も受付中って聞いた。コンバインが入れない田んぼらしい", {"template.rumor.rashii"}),
])
def test_hearsay_and_its_alarm_are_read_in_one_sentence(text: str, found: set[str]) -> None:
    assert _templates_found(text) == found


def test_a_template_reads_its_cues_in_one_sentence_only_when_the_policy_says_so(
        tmp_path: Path) -> None:
    # rumor.hearsay told to read the whole text pairs its cues across sentences again
    text = "コンバインが入れない田んぼは今も手刈りです。新米の予約も受付中だそうです。"
    path = edited_policy(tmp_path, "      same_sentence: true\n", "")
    policy = load_policy(path)
    assert check_comment(CommentInput(text), CommentContext(), policy).decision == "review"
    assert comment(text) == "allow"
