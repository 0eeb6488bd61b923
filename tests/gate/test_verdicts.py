"""The gate's decisions on comments and posts, each citing its article with evidence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_gate import (
    AccountInfo,
    CommentContext,
    CommentInput,
    MediaInfo,
    PostDraft,
    check_comment,
    check_post,
    default_policy,
)

POLICY = default_policy()
MAIN = AccountInfo(name="main", kind="main")
CITY_POST = "秋吉台の山焼きは2月18日に行います。見学は展望台からお願いします。"


def comment(text: str, *, name: str | None = None, handle: str | None = None,
            post: str | None = None):  # type: ignore[no-untyped-def]
    return check_comment(CommentInput(text, name, handle), CommentContext(post), POLICY)


@pytest.mark.parametrize(
    ("text", "ground", "citation", "span"),
    [
        ("この人の携帯は０９０－１２３４－５６７８だよ", "privacy", "第4.5(8)",
         "０９０－１２３４－５６７８"),
        ("番号は〇九〇 一二三四 五六七八", "privacy", "第4.5(8)", "〇九〇 一二三四 五六七八"),
        ("+81 90 1234 5678 に電話して", "privacy", "第4.5(8)", "81 90 1234 5678"),
        ("連絡は taro(at)example(dot)com", "privacy", "第4.5(8)", "taro(at)example(dot)com"),
        ("連絡先 hanako＠example．ne．jp", "privacy", "第4.5(8)", "hanako＠example．ne．jp"),
        ("マイナンバー 1234 5678 9018", "privacy", "第4.5(8)", "1234 5678 9018"),
        ("カード番号 4111-1111-1111-1111 期限は", "privacy", "第4.5(8)", "4111-1111-1111-1111"),
        ("市長 死 ね", "defamation", "第4.5(1)", "死 ね"),
        ("外国人は出ていけ", "discrimination", "第4.5(2)", "外国人は出ていけ"),
        ("大麻売ります、連絡ください", "illegal", "第4.5(4)", "大麻売"),
        ("https://example.com/security-update.apk を入れて", "malware", "第4.5(10)",
         "https://example.com/security-update.apk"),
        ("ログインはこちら http://clty-mine-lg.jp.xyz/login", "impersonation", "第4.5(9)",
         "http://clty-mine-lg.jp.xyz/login"),
        ("セ ッ ク ス しよう", "obscene", "第4.5(11)", "セ ッ ク ス"),
        ("漫画村で全話無料で読めるよ", "ip_infringement", "第4.5(7)", "漫画村"),
    ],
)
def test_confident_matches_are_hidden_with_article_and_span(text: str, ground: str,
                                                             citation: str, span: str) -> None:
    verdict = comment(text)
    assert verdict.decision == "hide"
    assert ground in verdict.grounds
    assert citation in verdict.citations
    spans = [e.span for e in verdict.evidence if e.ground == ground]
    assert span in spans
    for evidence in verdict.evidence:
        assert text[evidence.start:evidence.end] == evidence.span


@pytest.mark.parametrize(
    "text",
    [
        "山焼きの駐車場が少なすぎる。市はもっと考えてほしい",
        "税金の無駄遣いだ。市長は責任を取って説明すべきだ",
        "市の対応が遅すぎる。去年も同じことを言った",
        "期日前投票はどこでできますか？",
        "市長選の投票日はいつですか",
        "赤郷八幡宮のお祭り、最高でした",
        "今日はクソ暑いけど秋芳洞は涼しい",
        "死ぬほど美味しいソフトクリームでした",
        "ヤバい、景色が神",
        "美祢市役所 0837-52-1110 に問い合わせました",
        "詳しくは https://www2.city.mine.lg.jp/ をご覧ください",
        "消防署（0837-52-0119）に確認しました",
        "Beautiful cave, highly recommend to anyone visiting Yamaguchi!",
        "「秋吉台の山焼きは2月18日に行います」とのこと、楽しみ！",
    ],
)
def test_criticism_questions_and_sightseeing_are_never_hidden(text: str) -> None:
    verdict = comment(text, post=CITY_POST)
    assert verdict.decision != "hide", verdict


def test_an_insult_of_a_named_person_goes_to_a_person_not_to_auto_hide() -> None:
    verdict = comment("観光協会の木下さんは無能だ")
    assert verdict.decision == "review"
    assert verdict.citations == ("第4.5(1)",)


@pytest.mark.parametrize("text", ["市長は無能だ", "税金泥棒の議員ども、仕事しろ",
                                  "市の対応はバカげている"])
def test_a_harsh_insult_of_the_city_itself_stays_up(text: str) -> None:
    assert comment(text).decision == "allow"


def test_spam_needs_two_signals_to_be_hidden() -> None:
    assert comment("副業に興味あります").decision == "allow"
    assert comment("副業で月収100万").decision == "review"
    assert comment("副業で月収100万！LINE追加してね").decision == "hide"


def test_an_author_posing_as_the_city_is_impersonation() -> None:
    verdict = comment("新しい補助金のお知らせです", name="美袮市公式", handle="mine_clty_offical")
    assert verdict.decision == "hide"
    assert verdict.grounds == ("impersonation",)
    assert verdict.citations == ("第4.5(9)",)
    assert comment("新しい補助金のお知らせです", name="美祢市公式",
                   handle="mine_city_official").decision == "allow"
    assert comment("いつも見てます", name="美祢市民").decision == "allow"


def test_a_copy_of_the_city_post_with_changed_facts_is_alteration() -> None:
    altered = "秋吉台の山焼きは2月25日に行います。見学は展望台からお願いします。"
    verdict = comment(altered, post=CITY_POST)
    assert verdict.decision == "hide"
    assert verdict.grounds == ("alteration",)
    assert verdict.evidence[0].span == "25"
    assert comment(CITY_POST, post=CITY_POST).decision == "allow"


def test_posts_with_prohibited_content_are_blocked() -> None:
    verdict = check_post(PostDraft("外国人は出ていけ", category="pr"), MAIN, POLICY)
    assert verdict.decision == "block"
    assert verdict.citations == ("第4.4(4)ア",)
    verdict = check_post(PostDraft("〇〇党を応援しよう", category="pr"), MAIN, POLICY)
    assert verdict.decision == "block"
    assert verdict.citations == ("第4.4(4)イ",)


@pytest.mark.parametrize("text", [
    "本市は国に対し、原発の再稼働に慎重な判断を求めます",
    "市の公式見解として、この計画に賛成します",
    "市として新しい観光振興の方針を決定しました",
])
def test_official_position_is_held_for_kessai(text: str) -> None:
    verdict = check_post(PostDraft(text, category="pr"), MAIN, POLICY)
    assert verdict.decision == "needs_approval"
    assert "approval_required" in verdict.grounds and "第4.6" in verdict.citations


def test_ordinary_posts_go_out() -> None:
    for text, category in [("秋芳洞の紅葉が見頃です", "pr"),
                           ("避難指示を発令しました", "emergency"),
                           ("市議会議員選挙の投票日は4月です（選挙管理委員会）", "other")]:
        assert check_post(PostDraft(text, category=category), MAIN, POLICY).decision == "allow"


def test_post_rules_of_article_4_2() -> None:
    field = AccountInfo(name="kanko", kind="field", categories=("pr", "event"))
    verdict = check_post(PostDraft("求人のお知らせ", category="jobs"), field, POLICY)
    assert (verdict.decision, verdict.citations) == ("block", ("第4.2(2)",))
    verdict = check_post(PostDraft("シェアします", category="share"), MAIN, POLICY)
    assert (verdict.decision, verdict.citations) == ("block", ("第4.2(4)",))
    verdict = check_post(PostDraft("県のお知らせ", category="share", share_source="public_body",
                                   share_url="https://www.pref.yamaguchi.lg.jp/x"), MAIN, POLICY)
    assert verdict.decision == "allow"
    verdict = check_post(PostDraft("ご意見ありがとうございます", is_reply=True), MAIN, POLICY)
    assert (verdict.decision, verdict.citations) == ("block", ("第4.2(5)",))
    verdict = check_post(PostDraft("来年度の方針", needs_approval=True), MAIN, POLICY)
    assert (verdict.decision, verdict.citations) == ("needs_approval", ("第4.6",))


def test_warnings_never_block() -> None:
    verdict = check_post(PostDraft("田中さんが優勝しました", category="event",
                                   media=(MediaInfo("image", faces=3),)), MAIN, POLICY)
    assert verdict.decision == "allow"
    assert {w.code for w in verdict.warnings} == {"personal_name", "people_in_image"}
    assert all(w.citation == "第4.4(2)" for w in verdict.warnings)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=10_000))
def test_any_text_is_classified_and_evidence_points_into_it(text: str) -> None:
    for verdict in (comment(text, post=CITY_POST),
                    check_post(PostDraft(text), MAIN, POLICY)):
        assert verdict.decision in ("allow", "review", "hide", "block", "needs_approval")
        for evidence in verdict.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(text)
            assert text[evidence.start:evidence.end] == evidence.span
