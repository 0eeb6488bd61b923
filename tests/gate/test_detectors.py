"""Each detector alone: what it finds, what it leaves, and where its evidence points."""

from __future__ import annotations

import pytest

from policy_gate import CommentContext, CommentInput, check_comment, default_policy, guard
from policy_gate.anchors import necessary_literals, necessary_sets
from policy_gate.detectors.alteration import Alteration
from policy_gate.detectors.identity import AuthorImitation, SpeaksAsCity
from policy_gate.detectors.lexicon import LexiconPatterns, LexiconTerms
from policy_gate.detectors.links import Links
from policy_gate.detectors.personal import Addresses, Emails, PersonalNumbers
from policy_gate.detectors.posting import OfficialPosition
from policy_gate.normalize import Normalized
from policy_gate.registry import REGISTRY
from tests.gate.helpers import POLICY, RULES, grounds, names, run


def test_every_detector_declares_its_name_grounds_targets_and_stage() -> None:
    assert len({d.name for d in REGISTRY}) == len(REGISTRY)
    for detector in REGISTRY:
        assert detector.grounds and detector.targets <= {"comment", "post"}
        assert detector.stage in (1, 2)  # type: ignore[attr-defined]


# --- lexicon terms (one automaton on every view) -------------------------------------

def test_an_exact_threat_may_hide_and_points_at_the_original_letters() -> None:
    text = "おまえ　タ　ヒ　ね"
    found = [f for f in run(LexiconTerms(), text) if f.ground == "defamation"]
    assert found and found[0].action == "hide" and found[0].severe
    assert text[found[0].start:found[0].end] == "タ　ヒ　ね"


def test_a_masked_or_dakuten_free_spelling_only_goes_to_a_person() -> None:
    masked = run(LexiconTerms(), "ち●こ見せて")
    assert "obscene" in grounds(masked) and all(f.action == "review" for f in masked)
    bare = run(LexiconTerms(), "あいつはキチカイだろ")  # キチガイ without its dakuten
    assert "discrimination" in grounds(bare) and all(f.action == "review" for f in bare)


def test_a_three_letter_term_is_matched_only_with_its_dakuten() -> None:
    # ガイジ without dakuten is かいし, which おねがいします and 会社 written in kana hold
    assert run(LexiconTerms(), "給食の揚げパン復活してほしい、市長おねがいします") == []
    assert "discrimination" in grounds(run(LexiconTerms(), "あいつガイジやろ"))


def test_innocent_words_that_contain_a_term_are_not_matches() -> None:
    assert run(LexiconTerms(), "ばかり" * 3334) == []
    assert run(LexiconTerms(), "おばあちゃんと手押し車で散歩") == []
    assert run(LexiconTerms(), "糖質制限中です") == []
    assert "defamation" in grounds(run(LexiconTerms(), "ばかじゃないの"))


@pytest.mark.parametrize(("everyday", "term"), [
    ("田中くんにお願いしました", "クンニしたい"),
    ("ちょんと触るだけで大丈夫", "チョンは国に帰れ"),
    ("はっぱがきれいに色づいた", "ハッパ売ります"),
])
def test_a_term_whose_hiragana_is_everyday_counts_only_in_katakana(everyday: str,
                                                                  term: str) -> None:
    assert run(LexiconTerms(), everyday) == []
    assert run(LexiconTerms(), term) != []


def test_latin_terms_stand_as_words() -> None:
    assert run(LexiconTerms(), "this class is great") == []
    assert "obscene" in grounds(run(LexiconTerms(), "free porn here"))


@pytest.mark.parametrize("text", [
    "見逃し配信はこちら→ https://example.com/tv",  # compact: htpsexample holds "sex"
    "万博の公式サイト https://expo.example.jp をご覧ください",
    "ちんkawaii",  # not ちんk (a Latin spelling ends inside a Latin word)
])
def test_a_latin_variant_spelling_is_never_the_inside_of_a_word_or_link(text: str) -> None:
    assert run(LexiconTerms(), text) == []
    assert run(LexiconTerms(), text, "post") == []


@pytest.mark.parametrize("text", ["sex video あります", "お前本当にbakaだな", "ちんkでかい"])
def test_a_latin_variant_spelling_standing_alone_is_still_read(text: str) -> None:
    assert run(LexiconTerms(), text)


# --- lexicon patterns ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ベトナム人なんかこの町から出て行け",
    "移民は国へ帰れ",
    "障害者は来んな",
    "よそ者はいらん",
])
def test_expulsion_commands_without_a_slur(text: str) -> None:
    found = run(LexiconPatterns(), text)
    assert "discrimination" in grounds(found)


@pytest.mark.parametrize("text", [
    "外国人観光客が来るなら案内板を増やしてほしい",
    "障害のある方も来やすいようにスロープができました",
    "外国人の方も帰れるように終バスを延ばして",
])
def test_group_words_in_ordinary_sentences_are_left_alone(text: str) -> None:
    assert "discrimination" not in grounds(run(LexiconPatterns(), text))


def test_a_pattern_runs_only_when_its_literals_are_in_the_text() -> None:
    # the automaton found none of the literals every match needs: nothing to run
    assert run(LexiconPatterns(), "今日はいい天気ですね") == []


def test_a_patterns_anchor_is_its_rarest_necessary_set_not_its_particle() -> None:
    # every match holds の and one of five first-person words: a text without any of the
    # five need not run it, however many の it holds
    assert necessary_literals("(?:俺|おれ|僕|ぼく|わし)の(?:を|も)握") == frozenset({"握"})
    assert necessary_literals("(?:俺|おれ|僕|ぼく|わし)の(?:を|も)") == frozenset(
        {"俺", "おれ", "僕", "ぼく", "わし"})
    # a digit class is a set of ten literals; a separator the compact view drops is none
    assert necessary_literals("[一-龥]{1,4}[0-9]{3}") == frozenset("0123456789")
    assert necessary_literals("(?:/|ドット)x?", usable=lambda s: s != "/") is None


def test_a_pattern_runs_only_when_both_its_rare_parts_are_in_the_text() -> None:
    # a group word, then within forty letters one of a hundred claims: the claim is a
    # necessary set too, so a flood of group words with no claim runs no regex
    assert necessary_sets("(?:外国人|障害者)(?!用).{0,40}?(?:無理|荒れ|さすが)") == (
        frozenset({"外国人", "障害者"}), frozenset({"無理", "荒れ", "さすが"}))
    # a particle is too common to gate anything: the pattern keeps its one set
    assert necessary_sets("(?:俺|おれ)の(?:を|も)") == (frozenset({"俺", "おれ"}),)
    policy = default_policy()

    def ran(text: str) -> bool:
        scan = policy.scanner.run(Normalized.of(text))
        return any("税金で養" in e.pattern.source
                   for e in policy.patterns_to_run("comment", scan.anchors))

    assert not ran("外国人は出ていけ。" * 50)
    assert ran("外国人は税金で養われとる")


def test_a_plate_number_pattern_runs_only_on_a_text_with_a_digit() -> None:
    policy = default_policy()
    scan = policy.scanner.run(Normalized.of("今日はいい天気ですね、山口の方へ行きます"))
    ran = {e.rule.name for e in policy.patterns_to_run("comment", scan.anchors)}
    assert "privacy.plate_or_spelled_number" not in ran
    scan = policy.scanner.run(Normalized.of("山口300あ1234の車"))
    ran = {e.rule.name for e in policy.patterns_to_run("comment", scan.anchors)}
    assert "privacy.plate_or_spelled_number" in ran


# --- personal information ------------------------------------------------------------

def test_phone_numbers_in_kanji_with_no_between_are_read() -> None:
    text = "あいつの番号は〇九〇の一一二二の三三四四"
    found = run(PersonalNumbers(), text)
    assert names(found) == {"privacy.phone"}
    assert text[found[0].start:found[0].end] == "〇九〇の一一二二の三三四四"


def test_the_city_halls_number_is_public() -> None:
    assert run(PersonalNumbers(), "市役所（0837-52-1110）に電話しました") == []


def test_my_number_without_a_valid_check_digit_counts_when_named() -> None:
    assert names(run(PersonalNumbers(), "マイナンバーは 1234 5678 9012")) == {"privacy.my_number"}
    assert run(PersonalNumbers(), "注文番号 1234 5678 9012") == []


def test_an_address_with_no_prefecture_in_a_private_context() -> None:
    found = run(Addresses(), "犯人の家は秋芳町別府1234-5らしい")
    assert found and found[0].ground == "privacy" and found[0].action == "hide"
    assert run(Addresses(), "市役所は大嶺町東分326-1です") == []


def test_public_e_mail_addresses_are_information() -> None:
    assert run(Emails(), "問い合わせは kikaku@city.mine.lg.jp まで") == []
    assert names(run(Emails(), "連絡は hanako@example.com")) == {"privacy.email"}


# --- links ---------------------------------------------------------------------------

def test_the_citys_name_in_front_of_a_foreign_domain_is_phishing() -> None:
    found = run(Links(), "還付金はこちら https://city.mine.lg.jp.refund-check.top/form")
    assert grounds(found) == {"impersonation", "malware"}


def test_a_typo_look_alike_of_the_citys_domain_is_caught_offline() -> None:
    assert "impersonation" in grounds(run(Links(), "詳しくは https://www.clty.rnine.info/"))


def test_public_bodies_and_ordinary_sites_are_left_alone() -> None:
    for text in ("https://www.city.mine.lg.jp/soshiki/", "https://www.pref.yamaguchi.lg.jp/",
                 "https://www.jma.go.jp/", "LINEで https://line.me/R/ti/p/xyz",
                 "ninebot.com の電動キックボード"):
        assert run(Links(), text) == [], text


def test_executables_and_bare_file_names_are_harmful() -> None:
    assert grounds(run(Links(), "このアプリ入れて kyufu_shinsei.apk")) == {"malware"}
    assert grounds(run(Links(), "一覧は list.xlsm を開いてマクロを有効に")) == {"malware"}


def test_a_shortener_is_only_a_reason_to_look() -> None:
    found = run(Links(), "ここ見て https://bit.ly/3abc")
    assert [f.action for f in found] == ["review"]


# --- identity ------------------------------------------------------------------------

def test_an_author_imitating_the_city() -> None:
    assert run(AuthorImitation(), "お知らせ", author_name="美袮市公式",
               author_handle="mine_clty_official")
    assert run(AuthorImitation(), "お知らせ", author_name="美祢市公式",
               author_handle="mine_city_official") == []


def test_speaking_as_a_public_body_unless_quoting_a_scam_call() -> None:
    assert run(SpeaksAsCity(), "美祢市消防本部です。今すぐ避難してください")
    assert run(SpeaksAsCity(), "「市役所の保険課です」って電話がきた。詐欺です") == []


# --- alteration ----------------------------------------------------------------------

POST = ("【イベント】秋吉台山焼きは2月16日（日）9時30分点火予定です。"
        "雨天の場合は2月23日に延期します。")


def test_a_copy_with_a_changed_date_is_alteration() -> None:
    found = run(Alteration(), POST.replace("16日", "9日"), city_post=POST)
    assert names(found) == {"alteration.changed_number"}


def test_a_relayed_restatement_with_another_time_goes_to_a_person() -> None:
    found = run(Alteration(), "山焼きは2月16日の13時点火だって！", city_post=POST)
    assert [f.action for f in found] == ["review"]


def test_a_correct_quote_is_not_alteration() -> None:
    assert run(Alteration(), "山焼き、2月16日の9時30分点火なんですね。楽しみ", city_post=POST) == []


def test_a_long_repetitive_post_is_compared_in_linear_time() -> None:
    long_post = POST * 60
    found = run(Alteration(), long_post.replace("23日", "30日"), city_post=long_post)
    assert names(found) == {"alteration.changed_number"}


# --- posts ---------------------------------------------------------------------------

def test_official_position_wording_in_a_post() -> None:
    assert run(OfficialPosition(), "本市としては、この計画に反対する立場を表明します", "post")
    assert run(OfficialPosition(), "秋芳洞の紅葉が見頃です", "post") == []


@pytest.mark.parametrize("text", ["Book at example.jp", "Evacuation centres open at 3 pm — "
                                  "list at example.jp"])
def test_a_sentence_pointing_to_a_site_is_no_e_mail_address(text: str) -> None:
    # set CO: "Book at example.jp" was read as the address book@example.jp
    assert run(Emails(), text) == []
    assert run(Emails(), "Contact hanako at example.jp") != []


@pytest.mark.parametrize("text", [
    "迷子のインコを探しています。見つけた方は私の携帯 080-2468-1357 までご連絡ください",
    "ベビーカー譲ります。欲しい方は 090-1357-2468（山本）へ",
])
def test_a_writers_own_number_goes_to_a_person_and_is_never_hidden(text: str) -> None:
    # the detector reads a number; whose it is, the guard decides for every privacy finding
    found = guard.apply(run(PersonalNumbers(), text), Normalized.of(text), POLICY)
    assert found and {(f.action, f.severe) for f in found} == {("review", False)}


def test_someone_elses_number_is_still_hidden_beside_the_same_words() -> None:
    text = "こいつの携帯 090-1357-2468 や。みんな連絡ください"
    found = guard.apply(run(PersonalNumbers(), text), Normalized.of(text), POLICY)
    assert [(f.action, f.confidence >= 0.9) for f in found] == [("hide", True)]


def test_a_garage_sale_at_the_writers_own_address_goes_to_a_person() -> None:
    verdict = check_comment(CommentInput(
        "日曜にガレージセールします。場所は私の家、美東町赤郷2345番地です"), CommentContext(),
        RULES)
    assert verdict.decision == "review"


@pytest.mark.parametrize("text", ["月給198,000–230,000円、賞与年2回", "売上 1,234,567,890,123円"])
def test_amounts_grouped_by_commas_are_no_my_number_or_card(text: str) -> None:
    assert run(PersonalNumbers(), text) == []


def test_a_term_read_across_two_words_is_nobodys_word() -> None:
    # か ends one word and スルメ starts the next: カス was never written
    assert run(LexiconTerms(), "なぜかスルメが一番人気でした", "post") == []
    # a term that starts in kanji is written as itself, inside a longer word or not
    assert names(run(LexiconTerms(), "#反ワクチン で検索してね", "post"))


POSTED = "【ごみ収集】4月から大嶺地区の燃やせるごみは火曜と金曜です。"


@pytest.mark.parametrize("text", [
    "元投稿の全文→「4月から燃やせるごみは月曜だけになります」",
    "正しくは「秋芳地区」です。市の担当に聞きました",
    "よく見たら「大嶺地区は収集なし」って書いてあるやん",
])
def test_words_put_in_the_posts_mouth_go_to_a_person(text: str) -> None:
    found = run(Alteration(), text, city_post=POSTED)
    assert found and {f.action for f in found} == {"review"}


@pytest.mark.parametrize("text", [
    "元投稿のとおり「燃やせるごみは火曜と金曜です」ね。覚えとこ",
    "火曜と金曜って書いてある。近所で『市役所です』って電話が来たらしいけぇ注意してね",
    "English (my own translation): \"Burnable garbage: Tuesdays and Fridays\"",
])
def test_a_faithful_quote_or_someone_elses_words_are_no_alteration(text: str) -> None:
    assert run(Alteration(), text, city_post=POSTED) == []


def test_help_offered_with_ones_own_number_goes_to_a_person() -> None:
    text = "草刈り手伝います。090-2468-1357（タナカ）、昼なら出られます"
    found = guard.apply(run(PersonalNumbers(), text), Normalized.of(text), POLICY)
    assert found and {f.action for f in found} == {"review"}


def test_the_citys_refrain_quoted_in_scorn_is_no_alteration() -> None:
    text = "市の公式は「確認中です」のコピペばっかりで何も分からん"
    assert run(Alteration(), text, city_post=POSTED) == []


def test_a_term_read_from_a_small_katakana_letter_is_inside_a_loanword() -> None:
    # エロ read from チェロ: a cello concert
    assert run(LexiconTerms(), "洞内でチェロとソプラノのコンサートを開きます", "post") == []
