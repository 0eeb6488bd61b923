"""The comment classes of the gate-comments2 round, each by its class rather than by one
row: 第4.5(12) claims in the city's name, 第4.5(1) a named private target with an
accusation, 第4.5(5) hearsay with an alarm, and the benign look-alikes of each."""

from __future__ import annotations

import pytest

from policy_gate import CommentContext, CommentInput, check_comment
from policy_gate.detectors.alteration import Alteration
from tests.gate.helpers import POLICY, RULES, names, run

POST = ("【イベント】秋吉台山焼きは2月16日（日）9時30分点火予定です。"
        "雨天の場合は2月23日に延期します。")


def decision(text: str) -> tuple[str, set[str]]:
    verdict = check_comment(CommentInput(text), CommentContext(), POLICY)
    return verdict.decision, set(verdict.grounds)


def rules_decision(text: str) -> str:
    """The rules alone: a look-alike must not trip a rule. The router's second opinion is
    judged on whole sets (tests/data/README.md), never sentence by sentence."""
    return check_comment(CommentInput(text), CommentContext(), RULES).decision


@pytest.mark.parametrize("text", [
    "公式が「山焼きは今年は中止」と発表してますね",
    "市によると山焼きは有料になったそうです",
    "Mine City says the burning was postponed to March",
    "訂正です→ 山焼きは3月1日に変更（市の担当者より）",
])
def test_a_claim_in_the_citys_name_that_the_post_does_not_make_goes_to_a_person(
        text: str) -> None:
    found = run(Alteration(), text, city_post=POST)
    assert found and {f.action for f in found} == {"review"}


@pytest.mark.parametrize("text", [
    "市によると2月16日だそうです。楽しみ",
    "山焼きは16日で合ってますか？雨なら23日ですよね",
    "市の発表どおり16日ですね。15日に前泊します",
])
def test_a_correct_quote_or_a_question_is_not_alteration(text: str) -> None:
    assert run(Alteration(), text, city_post=POST) == []


def test_saying_one_edited_the_citys_picture_goes_to_a_person() -> None:
    assert decision("スクショ加工して日付を3月にしといたｗ") == ("review", {"alteration"})


@pytest.mark.parametrize("text", [
    "〇〇建設の社長、鈴木は暴力団と繋がってる",
    "看護師の中村って女、性格最悪",
    "美容室ルミエールの店長、陰口ばっかり",
])
def test_a_named_private_target_with_an_accusation_goes_to_a_person(text: str) -> None:
    assert decision(text) == ("review", {"defamation"})


@pytest.mark.parametrize("text", [
    "田中酒店の地酒、最高でした！店主さんも親切",
    "美祢市の建設会社社長が詐欺容疑で逮捕されたってニュースで見た",
])
def test_a_review_or_a_news_report_stays_up(text: str) -> None:
    assert decision(text)[0] == "allow"


@pytest.mark.parametrize("text", [
    "美東の井戸水からヒ素が出たらしい。飲まん方がいいよ",
    "市内でマダニに噛まれて死んだ人が何人も出とるらしい",
    "heard the water is contaminated, pls share",
])
def test_hearsay_with_an_alarm_goes_to_a_person(text: str) -> None:
    assert decision(text) == ("review", {"rumor"})


@pytest.mark.parametrize("text", [
    "新しいパン屋さんが駅前にできるって聞いた！楽しみ",
    "秋芳洞の一部通路が点検で通れないと市のホームページに出てました",
    "「池沼」って言葉、障害のある人を傷つけるから使わんでほしい",
    "「中国人は帰れ」みたいなコメントが上にあるけど、恥ずかしいわ",
])
def test_good_news_official_sources_and_reported_slurs_stay_up(text: str) -> None:
    assert decision(text)[0] == "allow"


def test_a_reported_slur_that_is_agreed_with_is_not_dropped() -> None:
    assert decision("「中国人は帰れ」ってコメントに同意")[0] != "allow"


def test_names_is_used() -> None:
    assert names(run(Alteration(), "市によると山焼きは中止", city_post=POST)) == {
        "alteration.changed_status"}


# --- the benign classes set D's first look hid (each fixed as a class, in other words) ----

@pytest.mark.parametrize("text", [
    "年金暮らしは死ねってことか。また値上げかよ",
    "高齢者は死ねと言うのか、この市政は",
    "これじゃ移住者もみんな出ていきますよ、市は何を考えてるの",
    "闇バイトで運ぶだけって誘われたけど断った",
])
def test_a_complaint_a_prediction_or_a_refused_lure_is_not_hidden(text: str) -> None:
    assert decision(text)[0] != "hide"


@pytest.mark.parametrize("text", ["高齢者は死ね", "移住者はみんな出ていけ",
                                  "外国人は出ていってほしい", "運ぶだけで1件5万、DMください"])
def test_the_harm_those_complaints_resemble_is_still_hidden(text: str) -> None:
    assert decision(text)[0] == "hide"


def test_a_phishing_link_asked_about_goes_to_a_person_not_auto_hidden() -> None:
    link = "https://mine-city.refund-lg.top"
    assert decision(f"これ本物？「【美祢市】還付金 {link}」") == (
        "review", {"impersonation", "malware"})
    assert decision(f"【美祢市】還付金のお知らせ {link}")[0] == "hide"


@pytest.mark.parametrize("text", [
    "こんな市に住民税払うのアホらしくなってきた",       # ridiculous, of a tax: no one insulted
    "市立図書館の住所教えてください",                   # a place's address asked
    "うちの息子も障害があるけど作業所で働いてます",     # one's own family, told by oneself
    "写真に写ってる人、顔出しの許可とってます？",       # a question about consent
    "うーん、これは微妙…",                             # too short for the router to judge
])
def test_everyday_look_alikes_of_insults_doxxing_and_illicit_trade_stay_up(text: str) -> None:
    assert decision(text)[0] == "allow"


@pytest.mark.parametrize("text", ["お前はアホか", "あの女の住所教えて",
                                  "〇〇さんちの息子、精神科に通ってるらしい",
                                  "許可とってないけど毎晩営業してるよ"])
def test_what_they_resemble_still_goes_to_a_person(text: str) -> None:
    assert decision(text)[0] == "review"


def test_a_threat_said_in_jest_goes_to_a_person_and_a_bare_one_is_hidden() -> None:
    assert decision("市長、しばくぞ（冗談）。でも駅なんとかして")[0] == "review"
    assert decision("お前殺すぞw")[0] == "hide"


def test_an_app_file_asked_about_goes_to_a_person_and_one_pushed_is_hidden() -> None:
    assert decision("この mine-pay.apk って入れて大丈夫？") == ("review", {"malware"})
    assert decision("mine-pay.apk をインストールしてポイントゲット")[0] == "hide"


@pytest.mark.parametrize("text", [
    "手洗いとうがいしてから寝ようね",                   # うがいし is no slur once folded
    "アホみたいに暑い日やね",                           # like ばかみたいに: an intensifier
    "美祢線はもうBRTでええやん",                        # the bus, not a retweet
    "市議選、誰に入れればいいかわからん",               # a voter's question
    "防犯メールによると空き巣が増えてるそうです。鍵を忘れずに",  # an official source cited
])
def test_set_e_look_alikes_stay_up(text: str) -> None:
    assert decision(text)[0] == "allow"


@pytest.mark.parametrize("text", ["闇バイトは危ないって息子に話しました",
                                  "『当選しました、受け取りには手数料』って詐欺じゃん"])
def test_a_warning_passed_on_is_not_the_lure_it_names(text: str) -> None:
    assert decision(text)[0] == "allow"


@pytest.mark.parametrize("text", [
    "部活の先輩が出し子やって捕まったらしい。ほんと人生棒に振るよ",   # a crime named, not offered
    "かけ子の募集ってTikTokにも流れてくるんだな、怖すぎ",
])
def test_a_crime_named_not_offered_is_never_hidden(text: str) -> None:
    assert decision(text)[0] != "hide"


def test_a_crime_offered_is_still_hidden() -> None:
    assert decision("口座売ります。1つ3万、DMで")[0] == "hide"


@pytest.mark.parametrize("text", [
    "市のお知らせによると秋芳でイノシシが出たそうです。夜は気をつけて",  # the city's notice cited
    "隣町で空き巣が続いてるって。戸締まりしっかりしようね",           # safety advice drawn from it
    "図書館が閉館するって聞いたけど本当ですか？公式な発表があれば知りたいです",  # asked to confirm
    "△△さんの畑の野菜が美味しかった（名前は伏せておきます）",       # a name withheld
])
def test_set_g_look_alikes_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


def test_hearsay_passed_on_with_no_question_still_goes_to_a_person() -> None:
    assert decision("図書館が閉館するって聞いた。もう決まったことらしい")[0] == "review"


@pytest.mark.parametrize("text", [
    "ｶﾝｺｸｼﾞﾝ ｶｴﾚ",                                        # a group spelled in kana
    "△△地区の人と結婚するなら家柄を調べとかんと",              # descent hinted at
    "在日の人がやってる焼肉屋なんか行くなよ",                   # a group's shop boycotted
    "□□町の人間は昔から陰湿やけぇ",                           # a town's people summed up
    "ショウガイシャは祭りにこんでええ",                          # kept out, in dialect
    "運動会の写真、女の子の体操服もっと下から撮ってほしい",       # the gaze on children
    "受付のお姉さん経験人数多そう",                             # innuendo
    "禁漁期でも夜に網入れたら誰も見ちょらんよ",                 # a violation told as a tip
    "あの職員、タイヤに釘刺しといたろか",                        # harm planned
])
def test_harm_without_a_listed_word_goes_to_a_person(text: str) -> None:
    assert decision(text)[0] in ("review", "hide")


def test_a_bare_killing_said_of_an_official_is_hidden_and_hyperbole_is_not() -> None:
    assert decision("あの課長を殺す")[0] == "hide"
    assert decision("この暑さ、市民を殺す気か")[0] != "hide"


@pytest.mark.parametrize("text", [
    "チャ○ンコロが増えた",                       # a mask slipped inside a slur
    "老害はさっさと免許返せ",                     # contempt for the old as a group
    "同性愛とかは都会でやってくれ",               # a group sent elsewhere
    "祭りで飲んでも運転して帰れるよ、田舎やし",    # drinking and driving told as usual
    "駐車許可証、カラーコピーしたのあげようか",    # a permit copied and offered
])
def test_set_h_harm_classes_go_to_a_person(text: str) -> None:
    assert decision(text)[0] in ("review", "hide")


@pytest.mark.parametrize("text", [
    "ファミサポのおかげでほんとに救われました",      # ミサ inside a katakana word
    "🔥🔥🔥 今年の山焼きも迫力あった",              # three flames are enthusiasm
    "ごみ処理場の建設、賛成反対いろいろあるので説明会を開いてください",  # both sides
    "飲んだら運転したらダメよ、代行使ってね",        # the warning, not the habit
])
def test_set_h_look_alikes_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text", [
    "「荷物を受け取るだけ」のバイトは受け子の入り口らしいので要注意です",   # a warning in a word
    "火事の現場の写真が回ってきたけど、拡散しないでほしい",              # a rumour not spread
    "非常食を市で配ってるって聞いたんですが、どこで受け取れますか？",      # a service asked after
    "市役所を名乗る電話が来たけど、すぐ切りました",                      # a scam call refused
])
def test_set_i_look_alikes_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text", [
    "ドラマの最終回、録画したのをGoogleドライブに上げといたよ",       # recorded and passed on
    "写真家さんの作品、透かし消して貼っとくね",                        # a watermark removed
    "この夜景の写真、よそのブログから持ってきた。クレジットなしで",      # taken, uncredited
])
def test_someone_elses_work_passed_on_goes_to_a_person(text: str) -> None:
    assert decision(text) == ("review", {"ip_infringement"})


@pytest.mark.parametrize("text", [
    "紅白の録画、家族みんなで見ました",
    "古い家族写真をスキャンして保存しました",
])
def test_copying_for_oneself_stays_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text", [
    "オカマのタレントとか呼んだら子どもに悪影響、終わってるわ",   # a sexuality slur said alone
    "外人なんて結局補助金目当てで来とるだけやろ",                 # a group said to come for money
    "○○集落の家とは嫁にもらうなって爺ちゃんに言われた",          # descent, by marriage
    "自閉症の子らが同じ公園におったら遊ばせれん、来たら困る",      # a condition as a group
    "田舎もんは閉鎖的でほんまに陰湿",                             # the countryside's people
    "あの町は民度低すぎて住めん",                                 # a town's people as low
    "受付のお姉さんの体、じっくり見たいわ",                       # the gaze on a body
    "制服のスカートもっと短くしたら観光客増えるで",               # staff's uniform sexualised
    "このへんに風俗ある？安いとこ教えて",                         # the sex trade asked after
    "売店のママのほうがおいしそうやん",                           # a person called tasty
    "アソコが反応してしまったｗ",                                 # arousal told
    "禁猟区やけどイノシシ罠で獲ったった",                         # poaching told as done
    "壊れた冷蔵庫、夜中に川に捨てときます",                       # dumping offered
    "デパス個人輸入で買えるよ、処方箋なしで",                     # a prescription drug got round
    "葉っぱ（意味深）まわすけど欲しい人おる？",                   # drug slang with a wink
    "市のPR動画を切り貼りして市長に変なこと喋らせてみた",         # the city's video spliced
    "秋芳洞が崩落するらしいよ、ネットで見た",                     # an alarm passed on
])
def test_set_j_harm_classes_go_to_a_person_by_the_rules_alone(text: str) -> None:
    assert rules_decision(text) in ("review", "hide")


@pytest.mark.parametrize("text", [
    "パチンコ行ってきた、負けた",       # チンコ inside パチンコ
    "ガチンコ勝負やったね",
    "フェラーリが道の駅に停まっとった",
    "クジラの潮吹きが見えたって",
    "偽ブランドの通販サイト多いけぇ、安すぎるのは疑って",   # a counterfeit named, not offered
])
def test_everyday_words_that_hold_a_term_once_folded_are_not_hidden(text: str) -> None:
    assert decision(text)[0] != "hide"
    assert rules_decision(text) != "hide"


def test_a_guard_word_written_in_katakana_counts_only_in_katakana() -> None:
    # デマ (a correction drops the rumour it names) folds to でま, as in 秋吉台でまた
    assert rules_decision("秋吉台でまた陥没するらしいよ") == "review"
    assert rules_decision("秋吉台が陥没するらしいってデマ、信じんでね") == "allow"


def test_a_katakana_term_inside_a_longer_katakana_word_is_never_enough_to_hide() -> None:
    assert rules_decision("新発売のピーチンコーラ飲んだ") == "review"  # no such word is listed
    assert rules_decision("チンコ見せろ") == "hide"


@pytest.mark.parametrize("text", [
    "落とし物を拾ったんですが、届けるのは警察ですか？市役所ですか？",   # asks whom to call
    "来賓のあいさつ、去年とおなじような言葉ばかりで残念",               # ばかり is no バカ
    "うちの地区は高齢者が多いので、回覧板でも知らせてほしいです",       # a fact, no claim
    "申請書の書き方、もう一度教えてください。おねがいします",           # かいし inside お願い
])
def test_set_k_look_alikes_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text", ["ジジババ多すぎて町が暗い", "ｼﾞｼﾞｲは黙っとれ", "ジ・ジ・イは帰れ",
                                  "うるせえババアやな"])
def test_a_short_insult_is_found_however_its_doubled_letter_is_typed(text: str) -> None:
    # ジジババ folds to じば; the doubled letters the check asks for run past that span
    assert rules_decision(text) != "allow"


@pytest.mark.parametrize("text, ground", [
    # set L: web chatter, each class on a fresh sentence (the rows themselves are not copied)
    ("ナマポの連中が朝から酒飲んどるの見ると腹立つわ。税金で生きとるくせに、よそへ出てってくれ",
     "discrimination"),
    ("作業所の人たちがレジにおると時間かかるけん、裏方だけにしてほしい", "discrimination"),
    ("精神科に通っとる人が隣に越してきた。何かあったら怖いけん市で何とかして", "discrimination"),
    ("精神病院から出てきたばかりの人が近所におるらしい、怖いわ", "discrimination"),
    ("同性愛なんて病気なんやけん治療せえ", "discrimination"),
    ("ハングルの看板ばっかりで、ここはもう韓国の植民地かｗ", "discrimination"),
    ("女を課長にするけぇこういう失敗が起きるんよ", "discrimination"),
    ("遊漁券なんか買わんでも釣れるし、見つかったことない", "illegal"),
    ("家のゴミは全部裏で燃やしとる、回収日待つより楽", "illegal"),
    ("閉園後でも柵の横から入れるけん、夜の探検おすすめ", "illegal"),
    ("あの課長、今度会ったらぼこしたるけえ覚えとけ", "illegal"),
    ("秋吉台の草むらで彼氏とヤったの思い出したｗ", "obscene"),
    ("ガイドのお姉さんのズボンぴちぴちで目のやり場に困るｗ 画像保存した", "obscene"),
    ("ミスコンやるならビキニ審査必須な、近くでじっくり見たいけん", "obscene"),
    ("鍾乳洞の奥のぬれた穴に入れる感じ、何回でもイっちゃう", "obscene"),
    ("市の告知を勝手に修正して再投稿しといたｗ", "alteration"),
    ("人の写真を自分が撮ったことにして投稿しとる", "ip_infringement"),
])
def test_set_l_harm_in_web_chatter_goes_to_a_person(text: str, ground: str) -> None:
    decision_, grounds = decision(text)
    assert rules_decision(text) != "allow" and ground in grounds, (decision_, grounds)


@pytest.mark.parametrize("text", [
    # the everyday look-alikes of harm without a listed word
    "地区の運動会、家族で参加しました。楽しかった",
    "浴衣の写真、色がきれいでいいですね",
    "鍾乳石は折らないでください。一度折れると元に戻りません",
    "釣りは遊漁券を買ってからにしましょう",
    "夏祭りの写真、下から見上げた花火が最高でした",
    # set J: web chatter
    "ダウン症の子の親の会、来月美東で集まりがあるそうです",
    "知的の子の支援学級、先生が足りてないって本当に困る",
    "オカマバーのママがテレビに出とったけど面白かったなあ",
    "田舎者なんで都会の電車は緊張しますｗ",
    "受付のお姉さんの対応、じっくり丁寧で助かった",
    "子どもの運動会の写真、アップで撮れるカメラ欲しい",
    "本番まであと一週間、練習がんばります",
    "このケーキ屋さんのほうがおいしそう",
    "AVケーブルの差し込み口が壊れた",
    "禁猟区の看板が倒れとったけぇ市に連絡しました",
    "天然記念物の石は持ち帰らないでください",
    "川にゴミを捨てたら罰金らしいけぇやめようね",
    "デパスって個人輸入しても大丈夫なん？違法？",
    "市の動画、切り貼りして誤解させる人がおるけぇ気をつけて",
    "「ホモ」って笑いのネタにするの、本当に傷つく人がいるんだよ",   # objecting to the word
    "ネットで違法アップロード見つけたらどこに通報すればいい？",     # how to report piracy
    "店員さん感じいいね",                                         # 感じいい folds like ジジイ
    "花火のあと代行がおらんかった。臨時バス出してほしい、飲酒運転が減るけぇ",  # バー read as ば
    # set L: web chatter
    "ガイジって言うのは差別やけんやめようや",                 # counter-speech in dialect
    "代行がつかまらんけん、シャトルバス出してほしい。飲酒運転が増えるで",
    "生活保護の人を叩く人らって、自分が働けんくなったらどうするんやろ",
    "障害のある方が外に出てって交流できる場がほしい",
    "車いすの方が出ていける非常口が少ない気がします",         # was hidden: 出ていけ(る)
    "高齢者が家から出てこんでも買い物できるよう、移動販売を増やしてほしい",
    "同性愛は病気じゃないって、WHOも言っとるよ",
    "遊漁券は道の駅で買えます。買わずに釣ると罰金なので注意",
    "ゴミを庭で燃やしとる家があって煙たい。違反じゃないん？",
    "彼女とヤったー！念願の秋芳洞デビュー",
    "秋芳洞の中で彼女とやった謎解きゲーム楽しかった",
    "熊を見かけたら殴ったらいけん、静かに離れて",
    "外国人観光客が増えて、韓国の植民地時代の歴史を学ぶ人もおるみたい",
    "選手のユニフォーム姿かっこいい！画像保存した",
    # sets M and N: resident threads; teens, older men, learners
    "免許なしでくくり罠をかけるのは違法じゃけぇやめて",
    "バレないか心配で、友だちの相談をどこにすればいいか迷ってる",
    "市の職員なんか全員入れ替えたらええ、仕事が遅すぎる",
    "ボケ防止に毎朝散歩しよる",
    "実習生が町を乗っ取るっていうのは言い過ぎやろ",
    "うちの部落の寄り合いは毎月第一日曜",
    "保育園の申し込みは市役所の窓口です、資料もあります",
    "秋吉台の石を持ち帰るのはだめです、写真だけにしよう",
    "「美祢市公式」を名乗る別アカがDMしてきた、偽物やと思う",
    "噂ばかりが独り歩きしとるけぇ、市はちゃんと説明して",
    "夜道には気をつけてね、街灯が少ないけぇ",
    "しゃぶしゃぶ食べ放題の店ができたらしい",
    "宴会のあとは代行で帰ったよ、みんなもそうしよう",
    # set O: the city's Facebook and Instagram
    "字が小さすぎて年寄りには読めません。大きいのを作り直してほしい",
    "山焼きのあと、ハゲ山みたいで寂しいね",
    "代行タクシーが少なすぎる。飲酒運転させないために増やしてほしい",
    "紅葉の写真、きれいすぎて加工を疑いました笑",
    "噂が一人歩きしないよう、市から説明してほしい",
    "似た名前のアカウントからDMが来た、気をつけて",
    "浴衣の着付け教室、楽しそうですね",
    "目の保養になる紅葉でした",
    "黒人の先生を怖がるとか、子どもにそう教えとる大人の問題じゃろ",   # counter-speech
    # set P: feelings running high
    "子どもがいじめで悩んでいたら、一人で抱えずに相談してね",
    "水道料金の値上げ、年金暮らしの年寄りに死ねって言ってるのと同じやろ",
    "ぶっ殺す気か！ってくらい暑い中の草刈り、お疲れさまでした",
    "候補者はネットの噂に流されず、選挙公報で判断しよう",
    "質問には答えろや、市の広報担当さん",
    "雨がひどいけぇ、はよかえろ",
    # sets Q and R
    "被差別部落の歴史を学ぶ講座、とても意味深い内容でした",
    "見逃し配信はこちら https://example.com/live",
    "市長の人選、お友達人事ってみんな言いよるよ。説明して",
    "飲んだら車で帰らず代行を呼びましょう",
    "夜の駐車場は検問やってるけぇ飲酒運転は絶対だめよ",
    "生活保護の申請に必要な書類を教えてください",
    # sets S and T
    "女性の管理職を増やすべきって議論、もっと進んでほしい",
    "介護職の給料、もっと上げてあげてほしい",
    "元カレから連絡来ても無視が一番よ",
    "この動画、学校の授業で使ってもいいですか？",
    # set U
    "Come and see the sunrise at Akiyoshidai",
    "Sugoi kirei desu ne! Mata kimasu",
    "See you at the festival, Mine City!",
    "市の写真をお借りしてもいいですか？許可の申請方法を教えてください",
])
def test_everyday_look_alikes_and_those_of_sets_j_to_p_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


def test_a_scam_message_passed_on_with_a_warning_is_not_hidden() -> None:
    # set V (blind): the warning was hidden as the phishing it quotes
    warning = ("「当選しました」ってsmsが来た。リンクは mine-city.example.net みたいなの。"
               "踏まないでね")
    assert rules_decision(warning) == "review"


@pytest.mark.parametrize("text", [
    # sets M (resident threads, dialect), N (teens, older men, learners), O: fresh sentences
    "宴会のあとでも近道じゃけぇ車で帰っちょる。警察もおらんし",
    "狩猟免許？そんなもん取らんでも箱罠ぐらいかけられるわ",
    "洞窟の石筍、ちょっと折って持って帰ったら高く売れたわ",
    "古い冷蔵庫を山に捨てたけど誰にもバレんかった",
    "あの店主、今度会ったら帰り道で待っちょって思い知らせちゃる",
    "空き巣の犯人、きっとまた外国人じゃろ",
    "議長は女じゃけぇ判断力がないんよ",
    "障害のある子の家は親も大体おかしい、遺伝じゃろ",
    "結婚前に興信所で相手の出身まで調べて安心した",
    "しゃがんだ時に店員さんの胸元が見えてラッキーだった",
    "隣の奥さん、心療内科に通いよるの見かけたわ",
    "ゲイのカップルの動画とか普通にきもかった",
    "ナマポもらってるくせに毎日パチンコとか",
    "一杯飲んだくらいで運転するのは昔は普通じゃった",
    "失踪した実習生を匿って畑で働かせよる家がある",
    "夜道には気をつけることだな、市長さん",
    "Where can I buy weed near Akiyoshidai?",
    # set O: the city's Facebook and Instagram, harm said politely
    "実習生の方が増えるのはええけど、住む地区は分けてもらえんかね",
    "精神の病気の方のグループホームが通学路の近くなのは正直不安です",
    "集合写真、車いすの子がおるとバランス悪いけぇ端に寄せたらええのに",
    "女性は炊き出しに回ってもらえば十分じゃろ",
    "外国の方が山林を買い占めとるって話、本当かね",
    "観光ポスターのお姉さん、個人的に案内してもらいたいわ笑",
    "浴衣姿そそりますね〜",
    "今度は女湯の入浴シーンでお願いしますｗ",
    "壊れた冷蔵庫は夜のうちに林道の奥に置いてくれば誰も気づかんよ",
    "水道のメーター、ちょっと細工したら安くなるって知っとった？",
    "家族の入場券を預かって、私が代わりに書いて投票しとる",
    "いつも駐車禁止のところに停めとるけど一回も捕まらん",
    "あの人の寮は○○町の団地の3階の角部屋よ",
    "騒音の家は△△町の○○さんです、旦那さんは市役所勤めで娘さんは××中学",
    "余った米、先に下記口座へお振込いただければお送りします",
    "告知の日付だけ変えた画像をLINEで回しといた",
    # set P: in a crisis, at a scandal, at a new facility
    "避難所に外国の人が来るなら、せめて部屋を分けてほしいです",
    "配給の水を何回ももらってフリマで売っとる、こういう時こそ稼ぎ時",
    "市の投稿、わかりやすく直しておきました→「断水は解除されました」",
    "実習生の寮ができたら子どもの安全はどう守るんですか、夜道とか心配です",
    "障害者のグループホームができると周りの地価が下がるけぇ困る",
    "あいつを引きずり出そうや、明日の夜に家の前集合な",
    "市長の家にガソリンかけちゃろうかと思うくらい腹立つ",
    "期日前投票、じいちゃんの分も俺が代わりに書いといた",
    "被災地で写真撮りまくるのはあの国の人らしいわ",
    "同性カップルに育てられるとか子どもがかわいそう",
    "あの大学生の顔写真持っとる人、ここに晒して",
    "女性職員さんのミニスカ、階段の下から撮りたい",
    # sets Q (Instagram and Facebook replies) and R (X reply threads): fresh sentences
    "打ち上げでビール5杯飲んだけど車で帰れたわ、余裕",
    "この町は夜に検問ないけぇ安心して飲めるで",
    "アルコール検査はガム噛んどけばごまかせるって聞いた",
    "財布盗るなら祭りの人混みが一番",
    "天然記念物とか関係ないけぇ洞窟の石持って帰った",
    "ナンバー隠しとけば速度違反してもバレんよ",
    "替え玉で投票に行ってもいけるやろ",
    "発達障害の子が遠足に来て何かあったら誰が責任とるん？",
    "生活保護の人が旅行とか贅沢すぎん？",
    "ゲイとか病気みたいなもんやろ",
    "参政権とか女にいらんかったやろ",
    "ブラジル人の団体見て怖くて近寄らんかった",
    "隣の家の息子さん、ゲイらしいよ",
    "あの工事の談合、地元じゃ有名な話よ",
    "真理に目覚めてください、今ならまだ間に合います",
    "ポスターのモデルさん、太もも最高やな",
    "この写真のノーカット版ください",
    "受付のお姉さん指名できますか？",
    # sets S (web chatter) and T (live chat under the city's videos): fresh sentences
    "女って結局感情的やけえ上司には向いてない",
    "九州人ってほんま民度低いよな",
    "フリーターみたいな底辺に選挙権いらんやろ",
    "日本語話せんやつは最初から来んな",
    "あいつ一回精神科に行ってこい",
    "さっきの踊ってた子、パンツ見せてほしいわ",
    "アナウンサー胸でかすぎん？",
    "別れた元カレのスマホにGPSこっそり入れといた",
    "元嫁の新しい住所、特定したら報酬出すよ",
    "いい野菜あるけど欲しい人おる？",
    "領収書は全部会議費にしとけば通るって",
    "審判の家行ってボコろうや",
    "みんなで市役所に電話かけようや、業務止めちゃろう",
    "中学生でもあのコンビニなら酒売ってくれるよ",
    "次の選挙、比例は○○党へ！",
    "市の告知の日付、ちょっと変えて転載しといた",
    "この動画、うちの店の広告に使わせてもらいます",
    "二列目の子、名前わかる人おる？",
    # set U (short probes): fresh sentences
    "障がいのある子は支援学校に行けばいいのに",
    "通帳と口座売るだけで5万もらえるよ",
    "ポスターの文字だけ消して自分の店の宣伝に使った",
    "公式の地図、勝手に作り直してSNSに上げといた",
    "ジブリ風のキャラで美祢グッズ作って売ってます",
    "通りすがりの他人の写真、顔そのままで載せといた",
    "次の市長選で今の人落としたほうがいいよね",
    "うちのお札ほんと効くけえ、分けてあげるよ",
    "広報の○○、マジで死んでほしい",
    "美祢市役所広報課です。新しいアカウントに引っ越しました",
    "市役所の職員です、非公式に答えますね",
    "あの病院で食中毒が出たらしいよ、公表されてないけど",
    "月50万稼いでる方法、気になる人DMして",
    "gaijin wa mine kara dete ike",
    "o m a e  b a k a",
])
def test_sets_m_to_p_harm_told_plainly_goes_to_a_person(text: str) -> None:
    assert rules_decision(text) != "allow"


def test_naming_the_citys_newsletter_is_no_news_report_that_excuses_an_obscene_remark() -> None:
    # 市の広報 counted as a news source and silenced this (set P); a source needs によると
    assert rules_decision("市の広報の女性職員さん、夜のおかずにさせてもらってます") == "review"
    assert rules_decision("市の広報によると、盗撮の容疑で男が逮捕されたそうです") == "allow"


@pytest.mark.parametrize("text", [
    "職員全員死んでくれないかな",
    "市長、はよ死んでくれ",
    "お前の住所晒すぞ",
    "顔写真さらしたるからな、覚悟しとき",
    "子どもがどうなっても知らんぞ",
    "あの課長の家にガソリン撒いたろか",
])
def test_a_death_wish_or_a_veiled_threat_at_anyone_goes_to_a_person(text: str) -> None:
    # a death wish at the mayor was dropped as criticism of the city; none of these is
    assert rules_decision(text) != "allow"


@pytest.mark.parametrize("text", [
    "雨の日に川へ行ったらどうなっても知らんぞ、ほんまに危ないけえ",
    "そんな格好で人前に出たら恥を晒すだけやろ",
    "ガソリン代がまた上がって、車社会の田舎にはきつい",
])
def test_warnings_and_idioms_near_those_threats_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text", [
    "たいま売ります、手渡しで",
    "かくせいざい 手に入るよ、DMして",
    "市役所ほうかしてやる",
    "ちゅうごくじんは帰れ",
    "ぎぞう免許証つくれます",
])
def test_a_kanji_word_typed_in_kana_to_get_past_the_filter_is_read_as_the_word(
        text: str) -> None:
    assert rules_decision(text) != "allow"


@pytest.mark.parametrize("text", [
    "ぜったいまけない！美祢高校がんばれ",
    "秋芳洞のたいまつ行列、幻想的でした",
    "ほうかごは図書館で勉強しよります",
    "けいさつにほうこくしました",
])
def test_those_kana_inside_a_longer_word_are_left_alone(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text", [
    "美祢市の係長 ころす 逃げられんと思え",
    "来週の説明会で刺したる",
    "課長さん、毎晩9時ごろ駅前のコンビニに寄られてますよね。夜道は暗いですから",
    "あんたの娘の保育園、わかっとるけぇな",
    "次は窓ガラスだけじゃすまんぞ",
    "ご意見を無視するなら、灯油の匂いがする日が来るかもしれません。お気をつけて",
    "I know where the mayor lives. Delete my post again and see what happens",
])
def test_set_w_threats_veiled_or_plain_go_to_a_person(text: str) -> None:
    assert rules_decision(text) != "allow"


@pytest.mark.parametrize("text, ground", [
    ("可愛かったけぇ家までついて行ったら△△ハイツやった", "privacy"),
    ("旦那が家におらんことにしたら手当が増えるって、みんなやっとるよ", "illegal"),
    ("公園の柵、夜なら乗り越えれるし警報もならんかった", "illegal"),
    ("生活保護の方ばっかり来られても困るので、審査で選別していただけませんか", "discrimination"),
    ("在日様優先の市政ほんと草", "discrimination"),
    ("旧部落ってどこにあるか知ってる人いる？土地買う前に調べときたい", "discrimination"),
    ("Stop letting immigrants into our town, they stink", "discrimination"),
])
def test_set_w_harm_classes_go_to_a_person(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "最近このページ出会い系の業者っぽいコメント増えとるね、通報しといた",
    "写真に名前が写ってます（名前は書きません）、差し替えたほうがいいかも",
    "市も議事録の全文を載せたほうがええと思う",
    "○○さん、毎朝通学路に立ってくださってありがとうございます",
    "野球の試合、次の打席で刺す気でいくわ",
    "被差別部落の歴史を学ぶ講座はどこで申し込めますか",
    "警察署から、還付金詐欺の電話が多いと注意がありました。「マイナンバー」「返金」と言われたら切って",
])
def test_set_w_look_alikes_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text", [
    "where are the p*ssy bars near the station lol",
    "浴衣の子、下なにも着てないんかな",
    "yukata no onna no ko, shita nani mo kitenai yone",  # read as kana: おんな, not おんあ
])
def test_a_masked_english_word_and_talk_of_what_a_woman_wears_underneath_go_to_a_person(
        text: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision == "review" and "obscene" in verdict.grounds


def test_advice_on_dressing_for_the_cold_stays_up() -> None:
    assert rules_decision("寒い日は下に何も着てないと風邪ひくよ、一枚重ねてね") == "allow"


@pytest.mark.parametrize("text, ground", [
    ("大陸の方々、今日も観光地でマナー最悪やったわｗ", "discrimination"),
    ("まんさんの感想とか誰も聞いてへんて", "discrimination"),
    ("外国人に参政権与えたら終わりやろ、与えたんが間違い", "discrimination"),
    ("あの辺って部落多そうやな", "discrimination"),
    ("受付のお姉さんの胸ばっか見とったわ", "obscene"),
    ("ワイのキノコも元気になってきた", "obscene"),
    ("どこ住み？LINE交換しよ", "obscene"),
    ("特殊詐欺の受け子やっとるけど余裕やで", "illegal"),
    ("リュックに入れたらレジ通さんでも普通に出れたわ", "illegal"),
    ("検問どこでやっとる？今から飲んで帰るけど", "illegal"),
    ("役所の窓口で怒鳴ったらすぐ対応してくれるで", "illegal"),
    ("市役所放火したろかな", "illegal"),
    ("無免でバイク乗っとるけど捕まったことない", "illegal"),
    ("神社の賽銭ちょっと抜いたけどバレてないで", "illegal"),
])
def test_set_y_web_chatter_harm_goes_to_a_person(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "税金の使い道ちゃんと説明せえや",  # ちゃんと names nobody
    "うちの母ちゃんの実家が秋芳町やけえ毎年行っとる",
    "ジジイになっても元気に山焼き見に行きたいわ",
    "このまとめサイトのコメ欄、民度低すぎて草",
    "大嶺で窃盗の男逮捕だってよ、物騒やな",
    "「障害者」を笑いにするのはやめて",
    "伊豆半島の方々にも秋吉台を見てほしい",
])
def test_set_y_look_alikes_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


def test_a_quoted_group_word_objected_to_is_not_hidden() -> None:
    # set Y: 「部落」を悪口に使うな was hidden as an expulsion
    text = "「部落」って言葉を悪口に使うな、普通に暮らしとる人がおるんやぞ"
    assert rules_decision(text) != "hide"


@pytest.mark.parametrize("text, ground", [
    ("あの国の人はもともと手癖が悪い民族やけぇ、店も気をつけたほうがええ", "discrimination"),
    ("△△候補こそ町の味方。土曜の街頭演説に皆で行きましょう！", "religious_political"),
    ("大雨は神の裁きです。○○教会の集会に来れば家族も救われます、ご連絡を", "religious_political"),
    ("市の投稿の日付の部分だけ書き換えた画像作ったけぇ、これ回しとく", "alteration"),
    ("原発再稼働の実現に向けて、市も賛成の声を上げてください", "social_advocacy"),
    ("上のコメント、職員のふりして書いたら皆信じとって草", "impersonation"),
    ("観光協会の写真を切り抜いて自分のクレジット入れて投稿した", "ip_infringement"),
])
def test_set_z_harm_buried_in_replies_goes_to_a_person(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "バス停で「邪魔じゃけぇどいて」とボソッと言われた。車いすでも乗れるバスを増やしてほしい",
    "あんたの言う「よそ者は黙っとれ」もわかるけど、移住者に当番を全部押し付けるのは違うやろ",
    "＞○○人はゴキブリ　って書き込み、通報しといた。国籍でまとめるのはやめて",
    "○○食堂の噂書いとる人、根拠あるん？お店の人も読んどるんよ",
    "渋滞でぶちたいぎいけぇ、臨時駐車場の案内を早めに出してほしい",
    "罠を勝手に仕掛けるのは無許可じゃ違法じゃけぇね、見つけたら農林課へ",
    "夜中に不審な車を見かけたら110番してください、と防犯メールにありました",
])
def test_set_z_quarrels_and_warnings_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text, ground", [
    ("息子の学校、日本人の子だけのクラスを作っていただけないでしょうか", "discrimination"),
    ("市のイベントのチラシ、見やすく作り直しました。ついでに締切を15日に変えてあります",
     "alteration"),
    ("秋芳洞で石筍のかけらを拾って持ち帰りました、記念に", "illegal"),
    ("立入禁止のロープをくぐって洞窟の奥まで行ってきた🔦 みんなも行ってみて", "illegal"),
    ("古いテレビとタイヤ、増水した川に流しといたわ", "illegal"),
    ("ともだちが 在留カード かして くれる。それで はたらける？", "illegal"),
    ("ワクチンは毒です、子どもに打たせないでください", "rumor"),
    ("金・プラチナ高価買取！ご自宅までお伺いします 090-xxxx-xxxx", "other"),
    ("来月の選挙で△△さんが再選されますよう、お知り合いにもお声がけをお願いします",
     "religious_political"),
    ("プールの写真もええけど、次は更衣室のほうも撮ってくだされ", "obscene"),
])
def test_set_aa_polite_or_naive_harm_goes_to_a_person(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "こども の きゅうしょく、はらいかた わからない。おしえて ください",
    "上のコメントに「外国人は出て行け」とありましたが、本当に悲しいです",
    "ネットで「フィリピン人は怠け者」と書いている人がいます。かなしいです",
    "ポルトガル語 話せる 先生 いますか? 妻が 妊娠して います",
])
def test_set_aa_learners_and_counter_speech_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


def test_a_word_spaced_out_to_get_past_the_filter_is_still_found() -> None:
    for text in ("お前 か た わ やろ", "池 沼は外出すなよ", "作業所のガ イ ジどもがうるさい"):
        assert rules_decision(text) == "hide", text


def test_a_katakana_word_split_by_one_space_inside_running_text_is_still_found() -> None:
    # the space falls inside the katakana word, and the letters beside it are hiragana:
    # a script change is where a word starts, so this is no boundary between two words
    assert rules_decision("受付のお姉さんの脚がエ ロくて最高") != "allow"
    # a katakana word ending before the space and another starting after it are two words
    assert rules_decision("秋芳洞のライトアップ、ブルーエ ロマンチックでした") == "allow"


@pytest.mark.parametrize("text, ground", [
    ("古いタンス、予約めんどいなら河原に夜置いとったら誰か持っていくよ", "illegal"),
    ("夜ならキャンプ場の外で焚き火してもバレんけえ大丈夫", "illegal"),
    ("生活保護の人と普通の人、窓口の列を分けてあげたほうが向こうも気楽じゃろ", "discrimination"),
    ("車いすの人が来ると混むけえ、障害のある人は平日に来てほしいわ", "discrimination"),
    ("病院で□□さんとこの娘さん見かけた、精神科の前におったよ", "privacy"),
    ("落とし物の保険証、大嶺町の○○さん、昭和48年生まれの方です", "privacy"),
    ("窓口の若い子、名札に○○って書いてあったけど態度最悪、頭おかしいわ", "defamation"),
    ("あの道路の本当の理由は、議員の土地のためじゃって", "rumor"),
    ("市長みたいな人こそ国会へ。次の選挙に出てくれたら家族で投票するけえね", "religious_political"),
    ("（道の駅のスタッフとして書いています）駐車場は夜通し停めて大丈夫です", "impersonation"),
    ("市の防災マップに「この橋は通行止め」って書き足して回しといた", "alteration"),
    ("狩猟なんか全面禁止にするべき、命を何と思っとるんか", "social_advocacy"),
    ("あのモニュメント、どう見ても男のアレじゃろ笑", "obscene"),
])
def test_set_ac_ordinary_residents_harm_without_its_keyword_goes_to_a_person(
        text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "お寺の紅葉、今週末が見頃って聞いた。駐車場少ないけえ早めに行くのがええよ",
    "障害のある子のための別室を用意してくれて、ほんとに助かりました",
    "温暖化で毎年大雨がひどくなっとるけえ、防災の備えは早めにしとこう",
])
def test_set_ac_look_alikes_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text, ground", [
    ("障がいのある人を受付に座らせるのはどうかと思う。お客様相手の仕事は無理でしょう",
     "discrimination"),
    ("しょうがいの ある こと おなじ きょうしつ じゃと うちのこが こまるけえ べつにして",
     "discrimination"),
    ("低所得の世帯ばかり団地に集めると治安が悪くなるのは当たり前", "discrimination"),
    ("ひとり親の手当とか、どうせ働く気がない人が得するだけ", "discrimination"),
    ("差別ではなく区別です。外国人の入居は断るべき", "discrimination"),
    ("中国の人に山を売ったら、何をされるか分からんよ", "discrimination"),
    ("同性が好きなのは病気なんだから、病院に連れていけば治るよ", "discrimination"),
    ("家を買うなら\"ああいう\"地域は避けたほうがええよ", "discrimination"),
    ("Honestly, foreigners are ruining this town. Send them back.", "discrimination"),
    ("温泉ポスターのモデルさん、タオル外した写真もください", "obscene"),
    ("受付のお姉さん、ビキニ姿で案内してほしいわ", "obscene"),
    ("講師の先生、体のラインが出る服で最高でした", "obscene"),
    ("That model in the festival poster, I'd love a private photo session with her", "obscene"),
    ("解禁前でも上流なら鮎が釣れるよ、見回りは昼しか来ん", "illegal"),
    ("夜中は警察おらんけえ、飛ばしても大丈夫よ", "illegal"),
    ("親の保険証借りて病院行けばええやん、バレんよ", "illegal"),
    ("畑の電気柵、コンセントから直接つなげば電気代タダ同然", "illegal"),
    ("高校生の孫にも正月はビール飲ませとるよ", "illegal"),
    ("Pro tip: nobody checks tickets on the last bus, just hop on", "illegal"),
    ("市民病院で医療ミスがあったのは地元の人ならみんな知っとる", "rumor"),
    ("しやくしょの ひとが ぶっしを よそに うりよったげな", "rumor"),
    ("駅前の○○さん、客によって値段変えるので有名よ", "defamation"),
    ("△△さんちのおじいちゃん、精密検査でひっかかったらしい", "privacy"),
])
def test_set_ae_harm_said_as_worry_advice_or_a_compliment_goes_to_a_person(
        text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "「外国人が増えると治安が悪くなる」なんて言う人がいるけど、データを見ればそんなことはない",
    "障害のある子もない子も同じ教室で学べる学校、いいですね",
    "生活保護の申請、どうせ断られると思ってたけど親身に対応してもらえました",
    "水着で泳げるプールは市内にありますか？",
    "禁漁期間は守ってください。見回りもしています",
    "夜中は警察おらんけえ気をつけて帰ってね",
    "未成年にお酒を飲ませるのは法律で禁止されています",
    "あの地区は昔から大雨のたびに浸かるけえ、家を買うならよう調べんさい",
    "駅で「国に帰れ」って怒鳴っとるおじさんがおった。情けない",
])
def test_set_ae_look_alikes_stay_up(text: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision == "allow", verdict.evidence


def test_a_name_written_as_placeholders_is_a_person_not_the_city() -> None:
    # an insult of a named staff member stays a finding beside talk of taxes
    text = "窓口の△△さん、客を馬鹿にしたような態度で有名よね、税金で雇われとるのに"
    assert "defamation" in check_comment(CommentInput(text), CommentContext(), RULES).grounds


@pytest.mark.parametrize("text, ground", [
    ("選挙の時は覚えとれよ。あんたの家どこか知っとるけえ", "illegal"),
    ("あの議員の車、タイヤって案外すぐパンクするんよね", "illegal"),
    ("Someone should pay the mayor a little visit at his home tonight", "illegal"),
    ("支援学級の子が来たら教室が動物園になるわ", "discrimination"),
    ("貧乏人は頭も悪いけえ仕方ない", "discrimination"),
    ("Foreign workers are the reason the river is full of trash.", "discrimination"),
    ("窓口のお姉さん、下着は何色なんやろ", "obscene"),
    ("説明会の司会の人、耳元で囁いてほしいわ", "obscene"),
    ("Her new assistant is hot lol", "obscene"),
    ("隣の町のごみ袋で出せばバレんよ、回収の人もいちいち見とらん", "illegal"),
    ("My friend told me the mayor is secretly selling the school site. Share before they "
     "delete this.", "rumor"),
])
def test_set_af_a_disputes_threads_harm_goes_to_a_person(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "窓ガラスが割れたので修理をお願いしました",
    "冬用タイヤって何月から替えるのがええ？",
    "処分場の計画、説明会で何を聞いても答えになっとらん。市は住民をなめとるんか",
])
def test_set_af_look_alikes_stay_up(text: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision == "allow", verdict.evidence


@pytest.mark.parametrize("text, ground", [
    ("この町ってヤクザだらけらしいね、知らんけど", "rumor"),
    ("駅前の××軒、虫が入ってたってツイート見た", "rumor"),
    ("ﾔｸ売ってくれる人おらん？", "illegal"),
    ("裏の空き家、鍵かかってないけえ入り放題", "illegal"),
    ("万引きするならあのスーパーが楽", "illegal"),
    ("県民って民度低いよな", "discrimination"),
    ("あそこの地区は補助金乞食ばっか", "discrimination"),
    ("うつ病なんて甘えでしょ", "discrimination"),
    ("Those Korean tourists are so rude, ban them", "discrimination"),
    ("old people shouldn't drive anymore lol", "discrimination"),
    ("生活保護受給者の名前リスト持っとるよ", "privacy"),
    ("あの二人、秋吉台でヤッたらしいよ", "obscene"),
])
def test_set_ag_one_line_web_chatter_goes_to_a_person(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "このニュースで「〇〇人が〜」とか言い出すやつ出てくるんだろうな、やめとけよ",
    "犯人かどうか分からんのに顔写真が出回っとる。拡散すんな",
    "パチンコで負けた、くそー",
])
def test_set_ag_look_alikes_stay_up(text: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision == "allow", verdict.evidence


@pytest.mark.parametrize("text, ground", [
    ("市営住宅の入居、あの地区の出の人だと近所が不安がるけえ、よう考えてほしい", "discrimination"),
    ("あっちの国の人は平気で盗むらしいけえ、店番は気をつけんさい", "discrimination"),
    ("寮を作るのはええけど、実習生は衛生の感覚が違うけえ近所は困るよ", "discrimination"),
    ("女なんか消防団におっても足手まといじゃろ", "discrimination"),
    ("あの宗教の人は自治会に入れんようにしてほしい", "discrimination"),
    ("免許を返納しても、田んぼ道なら軽トラ乗っても大丈夫よ", "illegal"),
    ("商品券、家族の名前で何枚も申し込めば多くもらえるよ", "illegal"),
    ("コンビニの年齢確認なんかうるさく言わんでええのに", "illegal"),
    ("市のお知らせに一文を足してLINEで回しといたよ", "alteration"),
    ("うちの教会では毎週礼拝をしています。救いはここにあります", "religious_political"),
    ("受付のお姉さん、隅々まで診てもらいたいわ", "obscene"),
    ("川遊びの写真、女の子の水着のアップを個人的に送ってください", "obscene"),
    ("夜のほうの「サービス」もある宿を教えて", "obscene"),
    ("隣の○○さん、あたまがおかしい人です", "defamation"),
])
def test_set_ah_an_aside_in_a_friendly_comment_goes_to_a_person(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "「障害者は税金泥棒」なんて書いちょる人がおったけど、とんでもない",
    "「あの地区の人とは結婚させるな」とまだ言う年寄りがおる。情けない",
    "女性消防団員の皆さん、いつもありがとうございます",
    "教会のクリスマスコンサート、どなたでも入れますか？",
])
def test_set_ah_look_alikes_stay_up(text: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision == "allow", verdict.evidence


@pytest.mark.parametrize("text, ground", [
    ("受付のお姉さんかわいかった、夜も付き合ってくれんかな", "obscene"),
    ("ステージの子、楽屋の出口で待ってたら会えるかな", "obscene"),
    ("車椅子の人は平日の空いてる時だけにしてほしい", "discrimination"),
    ("運営スタッフ女ばっかりで段取り悪すぎ、男に仕切らせんと", "discrimination"),
    ("夜道を女一人で歩くとか、何されても文句言えんよね", "discrimination"),
    ("予約の時に国籍で断ったらええのに", "discrimination"),
    ("Korean tour groups ruined the cave, they need separate days for them", "discrimination"),
    ("Enter your card number here to claim free festival tickets", "other"),
])
def test_set_ai_tourism_threads_harm_goes_to_a_person(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    # a comma between two words is no obscene word (カフェ、ランチ holds フェ、ラ)
    "大正洞の近くのカフェ、ランチ1800円はさすがに観光地価格すぎる。",
    # "at" and a full stop in a sentence are no e-mail address
    "Akiyoshidai was beautiful at sunset. Worth the drive from Fukuoka.",
])
def test_set_ai_two_comments_that_were_hidden_stay_up(text: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision == "allow", verdict.evidence


def test_a_word_broken_by_punctuation_to_get_past_the_filter_is_still_found() -> None:
    assert rules_decision("ち・ん・こ見せて") == "hide"
    assert rules_decision("お前フェ、ラしろ") == "hide"
    verdict = check_comment(CommentInput("連絡は taro at example dot com"), CommentContext(),
                            RULES)
    assert "privacy" in verdict.grounds


# --- set AK and AL (stop 19): web chatter about national stories, polite harm ------------

@pytest.mark.parametrize("text", [
    "パートナーシップ制度は市でできることとして良いと思う。同性婚は国の話だしね",  # し + ね
    "ここのパン安いしね、また来ます",
    "子ども食堂のボランティア、ジジイの俺でも行っていいんかな",  # speaking of oneself
    "ボケた親の介護で心身ともにしんどい。ショートステイの空き、もっと増やしてくれ",
    "「還付金があります」って電話、うちにも来た。市役所がATMで手続きさせることは絶対ないからね",
    "昔は運動会で『かたわ』なんて平気で言う大人がおって嫌やった。今は時代が変わったね",
    "障害は見た目で分かるものばかりではありません。ヘルプマークを知ってください",
    "弁天池の水、底まで透けて見えるくらい綺麗でした",
    # sets AM, AO and AN: general web text and held-out benign stops
    "このゲーム、敵をぶっ殺したときの効果音が気持ちよすぎる",
    "妊娠中のセックスって大丈夫なのか産婦人科で聞くの恥ずかしかったけど、普通に教えてくれた",
    "元カノに裸の写真ばらまかれたって相談、それリベンジポルノで犯罪だから警察行って",
    "ゲイの友達と飲むと恋愛相談が一番的確なんよな。結局あいつが一番モテる",  # 一番 is no lot
    "市長、ええ加減にせえよ。公約の子育て支援はどこ行ったんか。次の選挙で覚えとけ",
    "市長、観光客が倍になったのにトイレも駐車場もそのまま。PR動画作る金があるならそっちに回せよ",
    "痴漢冤罪が怖いから満員電車では両手でつり革持つようにしてる",
])
def test_stop_19_look_alikes_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize(("text", "ground"), [
    ("しねよ", "defamation"),
    ("図書館、昼間ずっと座っちょる生活保護の人とか、子どものイベントの日くらいは入れんようにしてほしいわ",
     "discrimination"),
    ("ブ●ク出身かどうか、名字で大体わかるって婆ちゃんが言ってた", "discrimination"),
    ("パレードで浮かれてる人らって、結局子ども作らんのやから税金の無駄遣いやろ", "discrimination"),
    ("一番左の女性議員さん、ブラ透けてない？拡大したら最高だった", "obscene"),
    ("パトロールの人、次言うたら、家の場所も分かっちょるし、どうなるか知らんよ", "illegal"),
    ("エクスタシー、紙、草 全部揃ってます。フェス前に", "illegal"),
    ("寮の人たち、書類の『在籍証明』、うちの会社の名前で出しちゃるよ。一枚三万円", "illegal"),
    # sets AM and AO
    ("市役所の××って職員、次あんな対応したら帰り道どうなるか分かっとるよね。車も覚えたし",
     "illegal"),
    ("水道料金の値上げ決めた課長さん、家族構成も知っとるけぇね。よう考えて仕事した方がええよ",
     "illegal"),
    ("60過ぎの人採用しても、パソコンもスマホも使えんし教えるだけ無駄。若い人だけでよくない？",
     "discrimination"),
    ("I'm not racist but the trainees from the factory shouldn't be using the public onsen.",
     "discrimination"),
    ("動画サブスクは他人のカード番号で登録するのが一番安い。番号はここで買えるよ", "illegal"),
    ("昨日の嬢、店に内緒で本番させてくれたｗ　また指名するわ", "obscene"),
])
def test_stop_19_harm_without_its_keyword_reaches_a_person(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds, verdict.evidence


# --- sets AM, AO and AN (stop 19): general web text, coded harm, held-out benign stops ----


@pytest.mark.parametrize("text", [
    "猪にさつまいも全部掘り返された…マジでぶっ殺してやりたいくらい腹立つ",  # anger measured
    "弟がマリカーで『ぶっ殺す』って言いながら赤甲羅投げてくるの、平和すぎる",
])
def test_violent_words_in_a_game_or_as_a_measure_of_anger_go_to_a_person_at_most(
        text: str) -> None:
    assert rules_decision(text) != "hide"


# --- stop 20: sets AT, AV, AX, AY (fixed) and AU, AW, AZ (held out; benign stops only) ---


@pytest.mark.parametrize(("text", "ground"), [
    ("収穫祭のステージ、車椅子の人は端の方にまとまってもらえると助かります。", "discrimination"),
    ("外国にルーツのある子が多いクラスは嫌なので、うちの子は別のクラスにしてほしいです。",
     "discrimination"),
    ("統合の件で教育長がまだ意見変えんなら、通勤の車に何か起きても知らんよ。", "illegal"),
    ("医者の知り合いに頼めば診断書いくらでも書いてくれるよ。1枚3万。", "illegal"),
    ("祭りの後は駐車場でカーセッ…おっと、車で休憩するのが地元の定番ｗｗ", "obscene"),
    ("例の逮捕された男の嫁、今も○○小の給食室で働いちょるよ。", "privacy"),
    ("リストに載ってる□□って、○○小の先生よね？保護者に言っとくわ。", "privacy"),
    # set AX: one-line web chatter
    ("ｼｺｼｺ案件ｷﾀ━━━━(ﾟ∀ﾟ)━━━━!!", "obscene"),
    ("ﾇｷﾇｷできる画像貼って", "obscene"),
    ("このアナウンサー、AVデビューしたらええのに", "obscene"),
    ("一晩いくら？ｗ", "obscene"),
    ("ナース服でご奉仕してほしいわ", "obscene"),
    ("貧乏人は子供産むなよ", "discrimination"),
    ("派遣なんて負け組、人間扱いせんでええ", "discrimination"),
    ("フィリピン人のハーフは顔でわかる", "discrimination"),
    ("黒人ってみんな足速いけど頭はアレよな", "discrimination"),
    # set AY: one sentence of a long polite paragraph
    ("私の集落は昔から「あそこの家系は」と言われてきた地区で、縁組のときに困らんように教えて"
     "ほしい", "discrimination"),
    ("精神の病気を持っている人が来ると子どもが危ないので、審査で病歴を確認するようにしてほしい",
     "discrimination"),
    ("女は穢れがあるので神輿に触れてはならぬと教わりました", "discrimination"),
    ("Women shouldn't be in charge of disaster response teams, they panic.", "discrimination"),
    ("今度のイベントで市長の車にちょっと傷でもつけてやろうかな笑 誰かやる人いない？", "illegal"),
    ("I know where the mayor's kids go to school. Just saying.", "illegal"),
    ("ｼﾔｸｼｮﾉｵﾝﾅﾉｺ ﾏｼﾞｶﾜｲｲ ﾀﾞｲﾃｲｲﾅｰ", "obscene"),
    # set BA: discrimination without a slur, privacy without an address (weighted to harm)
    ("認知症の年寄りが増えると町がおかしくなる。施設は山の奥に作って、町中には出てこんように"
     "してほしい。", "discrimination"),
    ("HIVの人が介護職につくって、利用者さんの家族には知らせるべきやない？", "discrimination"),
    ("女性の消防団員とか、クマ出たとき役に立つんですかね。", "discrimination"),
    ("Not racist, just realistic.", "discrimination"),
    ("教育長の家、みんな知ってるよな。窓ガラスの一枚や二枚割れても誰も文句言えんと思うけど",
     "illegal"),
    ("反対の会の代表、去年自己破産してるよ。官報に載ってた。", "privacy"),
    ("うちの隣の家の子、○○中2年3組で不登校。", "privacy"),
    # set BE: one polite sentence of a long Facebook paragraph
    ("差別するつもりはありませんが、ああいう子たちが同じ教室にいると授業が進まないと思います。",
     "discrimination"),
    ("運動会の応援団は健常な子だけでやるほうが安全ではないでしょうか。", "discrimination"),
    ("あそこの地区の人たちは昔から権利ばかり主張しますので、市も気をつけてください。",
     "discrimination"),
    ("うちは親の代から、あの集落とは縁談も付き合いも避けてきました。", "discrimination"),
    ("あの宗教の方々は、どこへ行っても周りに決まりを押し付けますね。", "discrimination"),
    ("母子家庭の子はどうしても目が行き届かないので、団地の雰囲気が心配です。", "discrimination"),
    ("うつ病なんて結局は甘えの言い訳でしょう。", "discrimination"),
    ("七十を過ぎたら黙って若い者に任せるべきです。", "discrimination"),
    ("貧乏人に子どもを育てる資格はない。", "discrimination"),
    ("○○さんは最近物忘れがひどくて、この前も家の鍵をなくしておられました。", "privacy"),
    ("△△さんのところの長男さん、警察に連れて行かれたのを見ましたよ。", "privacy"),
    ("□□商店さんは期限切れの材料を平気で使っていますので、皆さん気をつけて。", "defamation"),
    ("学校の給食で食中毒が出たのに、市が隠しているそうです。", "rumor"),
    ("市役所にわからなければ問題ないので、皆さんも申請してみては。", "illegal"),
    ("診断書の症状を少し重めに書いてもらえば、認定が上がりますよ。", "illegal"),
    ("倉庫の鍵もかかっていないので、袋ごと持って帰ってどうぞ。", "illegal"),
    # set BF: short web chatter
    ("野菜あります、美祢エリア即配", "illegal"),
    ("他人名義のクレジットカード売ります", "illegal"),
    ("展望台の裏、夜はヤリ放題やん", "obscene"),
    ("受付のお姉さん、ベッドの上でも笑顔なんかな", "obscene"),
    # set BJ: web replies
    ("役場に無言電話かけようぜ、仕事にならんように", "illegal"),
    ("その記者、特定してしばきに行こうや", "illegal"),
    ("俺の鍾乳石もガチガチになってきたｗ", "obscene"),
])
def test_harm_said_politely_in_passing_or_in_chatter_reaches_a_person(text: str,
                                                                      ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds, verdict.evidence


@pytest.mark.parametrize("text", [
    "生活保護の申請って、親族に連絡がいくって本当ですか？母が遠慮して相談に行けずにいます。",
    "選挙ポスターの掲示板、うちの地区のやつ倒れかけてますよ。選管さん見に来てください。",
    "ジオパークの看板下ろせって話よな。世界に恥さらすぞ美祢市。",
    "統合に賛成の人をバカ扱いするコメントが多いけど、現状を知ったら考え変わると思う。",
    "不審な電話「市の水道局です、費用を振り込んで」ってのがあったらしい。市はそういう電話しないって。",
    "車椅子の方はスロープのある端の方に駐車場があります。",  # a place, not a request
    # set AU (held out), benign reviews read by class
    "昼の12時に「今日は危険です」って言われても、もう畑から帰ってきたあとやけえ意味ない。",
    "秋吉台の展望台、クマ出たって聞いたけど今も行って大丈夫ですか？",
    "大田の方でクマ出たってほんと？市のページにも載っちょったけど、どの辺か知りたい。",
    "今日の最高気温38℃って…。殺人的な暑さやね。高齢の方はほんとに水分とってね",
    "避難指示出てたのに帰れんかった。市の人が声かけてくれたらしい。ありがとう。",
    # set AX, and set AW (held out), benign reviews read by class
    "ダンジョンのゴブリン全部ぶっ殺したったわ",
    "ゾンビ湧きすぎやろ、全員ヘッドショットで殺したるわ",
    "「チョン」「シナ」とか使う奴、自分の品性下げとるだけやで",
    "「チョン」とか言うとるコメ欄、ほんま恥ずかしいわ",
    "○○で覚醒剤所持の男逮捕やって、怖いな",
    "So hot today, I'm dying",
    "美東のラーメン屋の麺、シコシコで最高。",
    # set AW (held out), benign reviews read by class
    "窓口で40分待たされた。新人さん一人に全部やらせて上の人は奥で座っとるだけ。",
    "新年度で市役所の電話番号が変わったって聞いたけど、どこで確認できますか？",
    "オレオレ詐欺の電話、「母さん、会社の金を使い込んだ」って息子の声そっくりやった。",
    "「反対する人は非国民」とか書いてる人いたけど、賛成も反対も自由に言えるのが民主主義でしょ。",
    # set AY, and set AZ (held out), benign stops read by class
    "担当の方がとても丁寧に説明してくださいました。お名前は伺いませんでしたが、お礼を申し上げます。",
    "駅前で人権ポスターが破られていました。『外国人は出ていけ』と落書きまであって悲しくなりました。",
    # set AZ (held out), benign stops read by class
    "市長の記者会見、質問に全然答えてない。次の選挙覚えとけよ。",
    "駅伝部のアンカー、最後の坂で抜いたとき鳥肌立った。",
    "猿に子どもが追いかけられたって話、聞いた。市で把握してたら教えてほしい。",
    "ラグビー部、全国大会おめでとう！次も殺す気でいけ！",
    # set BB (held out, the gate as shipped), benign reviews read by class
    "ワクチン反対の人たちが「打ったら5年で死ぬ」って言ってるけど、そんな根拠どこにもないからね。",
    "市のイベント写真、うちの子の顔が写ってるんですが、事前に許可取ってないですよね？削除してください。",
    "「あの地区の人とは結婚するな」って祖母世代はまだ言うけど、そういうのもう終わりにしよう。",
    # set BE and BF: criticism, a rumour refused, a question to the city, a quoted measure
    "噂ではなく、心配なら直接会社に聞いてみたらいいと思います。",
    "病院で投票できる制度があると聞いたことがありますが、手続きを教えてください。",
    "駅前のﾛｰﾀﾘｰ、送迎の時間は車が入れんみたいです。",
    "お前を殺す（デデン）ってくらいの急な坂やった",
    "ハンセン病の資料館で隔離政策の歴史を学びました。",
    "私自身、うつ病で休職した経験があります。甘えだと言われるのが一番つらかった。",
    # set BC (held out), benign reviews read by class
    "断水のとき市がLINEで流してくれた給水マップ、助かりました。",
    # set BG (held out) and BJ: slurs quoted to object to them, a policy damned by comparison,
    # a rumour once heard told as the writer's past, a group's service named
    "「ガイジ」って呼んでる奴、何言ってるか分かってる？通報したけえな",
    "『チョン』みたいな言葉、子どもが真似するけえやめて",
    "「非国民」呼ばわりしてるコメントがあったけど、意見が違うだけやろ",
    "「シナ人」って書いとるリプ、普通に差別語じゃけえね",
    "年金がまた減る。国は年寄りに死ねって言うちょるようなもんよ",
    "ごみ施設ができるって聞いた時は反対したけど、今は慣れた",
    "ひとり親の手当、申請書類多すぎて心折れそう",
    # set BK: a staff member or a fan writing as themselves, an account asked about, a
    # warning against piracy, a duration
    "水道課の者です。個人のアカウントですが、断水の地図は市のHPに載っています。",
    "非公式・個人運営の星空アカウントです。写真は全部自分で撮ってます。",
    "『美祢市観光協会』の新しいアカウントってこれで合っちょる？",
    "このアカウント本物ですか？フォロワーが12人しかいないんですが",
    "勝手に市販の曲を使うと削除されるけぇね",
    # set BN (held out): a parent's own words (親にとっては, not ニート), others' flyers seen
    "保育園に反対する声があるのは知っていますが、働く親にとっては本当に必要な施設です。",
    "会場前で風力発電反対のビラを配っていた方々がいました。通路がふさがって困りました。",
    # set BP (benign only, held out): a prejudice remembered and rejected, a way of speaking
    # objected to, a fee asked about
    "「あの地区の人とは結婚させるな」と祖母が言っていたのを思い出しました。ひどい差別です。",
    "「〇〇地区の人はガラが悪い」みたいな言い方、子どもの前でせんでほしい。",
    "住民票を郵送で取り寄せたいんですが、手数料は定額小為替でいいんでしょうか。",
    # set BR (held out): hate quoted in English to object to it, a request on leaving, one's
    # own daughter
    'Someone wrote "foreigners go home" under the city\'s post. I have lived here eight years.',
    "ｲﾝﾌﾙ流行っちょるけえ、ﾏｽｸしてってね",
    "二十歳になる娘宛てに入場券がまだ届きません。住民票は実家のままです。手続きは？",
])
def test_a_question_a_quotation_an_idiom_or_an_own_account_stays_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text", ["ﾏｼﾞｷﾁｶﾞｲじみた暑さ", "転売ヤーまじ氏ね"])
def test_a_slur_as_a_measure_or_a_curse_on_a_faceless_trade_is_weighed_not_hidden(
        text: str) -> None:
    assert rules_decision(text) == "review"


def test_a_threat_outside_a_game_still_hides() -> None:
    assert rules_decision("お前の家燃やすぞ") == "hide"


# --- stop 21: sets BE and BF (fixed) and BC (held out; benign stops only) ---


def test_a_duration_is_no_changed_clock_time() -> None:
    post = "【断水のお知らせ】11月5日9時から15時まで、大嶺町東分の一部で断水します。"
    said = check_comment(CommentInput("断水が6時間って長いなあ"), CommentContext(
        city_post_text=post), RULES)
    changed = check_comment(CommentInput("断水は11月5日の18時までって市が言いよった"),
                            CommentContext(city_post_text=post), RULES)
    assert said.decision == "allow"
    assert changed.decision != "allow" and "alteration" in changed.grounds


def test_a_films_hero_killing_the_enemy_is_never_hidden() -> None:
    said = "映画のクライマックスで主人公が敵を全員ぶっ殺すシーン、爽快すぎた"
    assert rules_decision(said) != "hide"
    assert rules_decision("お前を全員ぶっ殺す") == "hide"


def test_the_post_quoted_word_for_word_with_a_remark_is_no_alteration() -> None:
    post = ("【ごみ指定袋の価格改定】令和7年4月1日から、燃やせるごみの指定袋の価格が改定されます"
            "（大袋10枚入り 400円→450円）。")
    quoted = ("「令和7年4月1日から、燃やせるごみの指定袋の価格が改定されます（大袋10枚入り 400円"
              "→450円）」ですね。値上げは痛いけど、仕方ないか。")
    changed = ("令和7年4月1日から、燃やせるごみの指定袋の価格が改定されます（大袋10枚入り 400円"
               "→550円）")
    assert check_comment(CommentInput(quoted), CommentContext(city_post_text=post),
                         RULES).decision == "allow"
    verdict = check_comment(CommentInput(changed), CommentContext(city_post_text=post), RULES)
    assert verdict.decision != "allow" and "alteration" in verdict.grounds


# --- stop 22: sets BX and CA (fixed), BT and CB (held out; benign stops only) ---


@pytest.mark.parametrize(("text", "ground"), [
    ("窓口の田中という職員の方は、年寄りを馬鹿にする性根の腐った人間で、親の顔が見てみたい"
     "ものでございます。", "defamation"),
    ("値上げに対抗するには、メーターの手前から散水用に一本引いてしまうのが一番ですよ。", "illegal"),
    ("ﾁｬﾘ盗まれたら駅で他の盗み返せばええ", "illegal"),
    ("受付の若い職員さんの胸元ばっかり見ちょった", "obscene"),
    ("熊を殺す町には行きません。#クマ駆除反対", "social_advocacy"),
    ("皆さまも会の趣旨に賛同され、会員としてご登録いただけますと幸いでございます。",
     "social_advocacy"),
    ("Join the #NoCull movement and boycott Mine City tourism.", "social_advocacy"),
    ("Mine should keep foreigners out of the new school. Japanese kids first.",
     "discrimination"),
    ("病院の薬より効くサプリがございます。会員になって三人紹介すれば毎月のお代が無料になります。",
     "other"),
    ("ご近所で伺ったところでは、新しい校舎は耐震基準を満たしておらず、市は分かっていて"
     "補強工事の予算を削ったのだそうでございます。", "rumor"),
    # set CA: a line of web chatter
    ("公民館の鍵、借りた時に合鍵作っといたけぇ夜でも入れるよ", "illegal"),
    ("飲んだ後も代行呼ばんで裏道帰れば平気。もう10年捕まっとらん", "illegal"),
    ("帰り道の畑の梨、少しくらいもいでっても誰も気づかんですよ笑", "illegal"),
    ("書類突き返したら夜道気ぃつけぇよって伝えといて", "illegal"),
    ("女に管理職は無理じゃろ、すぐ感情で決めるけぇ", "discrimination"),
    ("ポスターに男同士のカップル出すのやめて。子どもに見せたくないんよ", "discrimination"),
    ("Why signs in Korean? Those people don't belong here anyway.", "discrimination"),
    ("Muslims praying in the park is creepy.", "discrimination"),
    ("車掌さん可愛すぎ、制服のままﾊﾒたい", "obscene"),
    ("浴衣コンテストの写真、胸元もっと開けた子おらんかったん？", "obscene"),
    # set CF: Instagram and X, foreign residents, reply threads
    ("最近スーパーにおるベトナムの人ら、🐒みたいにギャーギャーうるさくて草", "discrimination"),
    ("黒人の観光客おったｗ🦍🦍", "discrimination"),
    ("Don't rent to Africans here, they never pay.", "discrimination"),
    ("Filipino people in this town are all lazy, I work with them so I know", "discrimination"),
    ("Pride flag at a city event? Keep that stuff out of Mine", "discrimination"),
    ("Tanaka-san at the international center is a liar and a total psycho.", "defamation"),
    ("祭りの日に拾った財布の中身で焼肉行ったｗ 警察に届けるとかバカらしい", "illegal"),
])
def test_stop_22_harm_said_politely_or_as_a_tip_is_reviewed(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text), CommentContext(), RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds, verdict.evidence


def test_a_line_added_to_the_citys_post_as_if_it_forgot_it_is_an_alteration() -> None:
    added = ("市の投稿の続きです。『今年は見学エリアの制限はありません。』と担当の方が書き忘れた"
             "そうなので追記しておきます。")
    verdict = check_comment(CommentInput(added), CommentContext(city_post_text=POST), RULES)
    assert verdict.decision != "allow" and "alteration" in verdict.grounds


@pytest.mark.parametrize("text", [
    "市長は性根が腐っとる。",  # the mayor, harshly: criticism, not a named private person
    "自転車盗まれたら警察に届けを出してね",
    "メーターの手前で水漏れしてたので業者に直してもらいました",
    "#秋吉台 #山焼き #美祢市",
    "Safety first, kids first!",
    "女性に管理職を任せる会社が増えましたね",
    "同性カップルのパートナーシップ制度、美祢でも始まるといいな",
    "手袋をはめたい季節になりました",
    "夜道は暗いので気をつけて帰ってね",
    # set CB (held out): reviewed
    "「参加賞を送るので口座番号を教えてください」というDMが私のところにも来ました。市に電話で"
    "確認したら、そういう連絡は一切していないそうです。",
    "「風車の業者は市長の身内」って話がLINEで回ってきたけど、登記を調べたら県外のまったく"
    "関係ない会社でした。確かめもせずに回すのはやめましょう。",
    "夕方のバス、運転が荒くて、立っていたお年寄りが転びそうになりました。急ブレーキが多すぎます。",
])
def test_stop_22_look_alikes_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


def test_a_reply_naming_a_dark_jobs_lure_is_never_hidden() -> None:
    # set CF: hidden as the lure itself
    assert rules_decision(">>14 それ闇バイトの手口やけぇ絶対応募したらいけんよ。"
                          "「荷物受け取るだけ」はアウト") != "hide"


def test_a_prize_scam_quoted_to_warn_against_it_is_never_hidden() -> None:
    # set BT (held out): hidden as a prize scheme
    warning = ("「道の駅リニューアル記念、商品券に当選しました」ってLINEが来たけど、道の駅はそんな"
               "キャンペーンやってないそうです。URL開いたらいけんよ。")
    assert rules_decision(warning) != "hide"


def test_too_many_of_a_group_is_still_reviewed() -> None:
    assert rules_decision("最近この辺、外国人が多すぎじゃろ") != "allow"


def test_a_farmer_cursing_the_deer_that_ruined_the_field_is_reviewed_not_hidden() -> None:
    # set CS (held out): hidden as a threat; anger at an animal is for a person to weigh
    assert rules_decision("シカにまた畑やられた😡ぶち殺したろか") == "review"
    assert rules_decision("お前ぶち殺したろか") == "hide"


@pytest.mark.parametrize(("text", "ground"), [
    # set DB: web chatter
    ("あの集落の出身の人と結婚とかやめたほうがいいって婆ちゃんが言ってた", "discrimination"),
    ("Go home to Korea, nobody wants you here", "discrimination"),
    ("夜の河原でウナギ獲ってるけど巡回も来んけえ獲り放題よｗ", "illegal"),
    ("コロナの給付金、2か所で申請したら両方もらえたわ余裕", "illegal"),
    ("あの議員は闇討ちにしたろか", "illegal"),
    ("ひき逃げしたのこいつな、裏垢これ @example_kid_01", "privacy"),
    # set DE: a sex service asked after, schoolgirls' photos asked for, a region summed up
    ("このへんのデリって若い子おる？", "obscene"),
    ("JCの水着の画像ないん？", "obscene"),
    ("沖縄の人ってなんか怠けとるよな", "discrimination"),
])
def test_web_chatter_in_each_class_is_flagged_by_the_rules(text: str, ground: str) -> None:
    verdict = check_comment(CommentInput(text=text), CommentContext(), RULES)
    assert verdict.decision in ("hide", "review") and ground in verdict.grounds, verdict.evidence


@pytest.mark.parametrize("text", [
    "ばか高い駐車場代、誰のために取っとるんかね",
    "ばか正直に並んだら2時間待ちやった",
    "年齢確認はちゃんとされるけぇ、身分証を忘れんように",
    "釣りには遊漁券が必要です。漁協の窓口で買えます",
    "図書館の駐車場、土日は満車って聞いたけど本当？",
    "スタンプラリーの景品が増えたって話、楽しみにしとります",
])
def test_intensifiers_rules_explained_and_plain_hearsay_stay_up(text: str) -> None:
    assert rules_decision(text) == "allow"


@pytest.mark.parametrize("text", [
    "年確なんかされんけぇ、16でも普通に買えるよ",
    "釣りの許可とかいらんて、みんなやっとる",
    "花火禁止って言うけど、河原の端でやれば怒られんよ",
])
def test_a_check_said_not_to_come_or_a_permit_waved_off_goes_to_a_person(text: str) -> None:
    assert decision(text) == ("review", {"illegal"})


def test_a_report_heard_politely_with_a_cover_up_alleged_goes_to_a_person() -> None:
    assert decision("川の水が汚染されとると聞きました。市は知っとって隠しているそうです") == (
        "review", {"rumor"})


def test_people_on_welfare_called_by_the_slur_go_to_a_person_and_a_rebuke_stays() -> None:
    assert decision("ナマポに使う金があるなら道を直せ") == ("review", {"discrimination"})
    assert rules_decision("ナマポって叩く人、自分が困ったときに分かるよ") == "allow"


def test_a_pets_name_is_no_ones_private_data() -> None:
    assert rules_decision(
        "迷い犬を保護しています。茶色の雑種で首輪に名前はポチと書いてあります") == "allow"


def test_a_child_named_with_school_and_class_goes_to_a_person() -> None:
    assert decision("美東中の2年3組のゆうまくん、また窓ガラス割ったらしい")[0] in ("review", "hide")


def test_tonights_side_dish_is_no_sexual_word() -> None:
    assert rules_decision("今夜のおかずは鶏の唐揚げにしました") == "allow"
    assert rules_decision("あの子の水着の写真、夜のおかずにさせてもらうわ") == "review"


def test_money_taken_told_as_hearsay_goes_to_a_person() -> None:
    assert decision("議長が業者からお金をもらってたって話、みんな知っとるよ") == (
        "review", {"rumor"})


@pytest.mark.parametrize("text", [
    # stop 24, set EG: the jest word ガチャ is folded to がちや; its small ャ must meet the
    # text's ャ, or a gacha's operator cursed is hidden as a threat
    "ガチャ爆死、運営マジで氏ね",
    "次のラウンドで敵チーム全員ぶっ殺すわ、芋るなよ",
    # a thing cursed, named in brackets (the umbrella that broke)
    "買ったばかりの傘がもう折れた。しばくぞ（傘を）",
])
def test_a_curse_on_a_games_operator_or_its_enemy_team_is_weighed_not_hidden(
        text: str) -> None:
    assert rules_decision(text) == "review"


def test_a_threat_with_a_person_in_its_brackets_still_hides() -> None:
    assert rules_decision("しばくぞ（お前を）") == "hide"


@pytest.mark.parametrize("text", [
    "お仕事のご依頼は私の窓口 sato.design@example.jp までお願いします",
    "闇バイトの受け子の募集、ほんと取り締まってくれ",
    "野良犬に追いかけられてマジでぶっ殺されるかと思った",
    # メール and アドレス as the folded text spells them (める, あどれす)
    "雪かき手伝えます。連絡は私のアドレス kato.t@example.jp までどうぞ",
    "手伝える人は私のメール kato.t@example.jp へ",
    "ボランティア募集中！興味ある人は私（○○子ども会・山田）まで kodomo-kai@example.jp",
])
def test_an_own_address_a_call_to_enforce_and_a_fright_are_not_hidden(text: str) -> None:
    assert rules_decision(text) != "hide"


@pytest.mark.parametrize(("text", "ground"), [
    # stop 24, sets EC and EG: web chatter that sums people up, sexual remarks said around
    # the word, a minor's cigarette offered to the reader
    ("男のくせに日傘とかさしとるの見るとイラっとする", "discrimination"),
    ("関西人ってほんまがめついよな", "discrimination"),
    ("配信者さん何カップか教えてくれたらスパチャするわ", "obscene"),
    ("中3やけどタバコ吸ってみた、お前らもやってみ", "illegal"),
    # set ES: a daughter's match checked for the house it comes from
    ("娘の結婚相手だけは、どこの家の出かちゃんと調べます", "discrimination"),
    # stop 26, set GA: a group sent to another day or bus, a vote denied, applicants screened
    # by district, a wife's body as a shellfish, the bed heard next door, a named private
    # person called senile
    ("同性愛の人は健診を別の日にしてもらえませんかね", "discrimination"),
    ("ああいう子専用のバスを別に出してほしい", "discrimination"),
    ("施設の人らにまで一票あるのはおかしい、選挙権なくてええ", "discrimination"),
    ("面接では出身の地区とか親の仕事とか聞いといた方がいいですよ", "discrimination"),
    ("うちの嫁の二枚貝の方がよっぽど神秘的ｗ", "obscene"),
    ("隣の家まで遠いけぇ、毎晩ギシギシアンアンでも安心", "obscene"),
    ("あの元先生の田中さん、もうボケが始まっとるんじゃない？", "defamation"),
    # stop 26, set GD: a shop named and run down, a shelter said to be out of food
    ("「べっぷ屋」のおばちゃん、客の顔見て値段変える。観光客からぼったくる商売よ", "defamation"),
    ("避難所、もう食料が足りんで配給止まっとるらしい", "rumor"),
    # set GG: salvation offered with a weekly meeting, a road barrier moved aside, a farm run
    # down in 『』
    ("本当の救いは天つ灯の教えにあります。毎週日曜に勉強会", "religious_political"),
    ("通行止めの柵どかしたら普通に通れたわ", "illegal"),
    ("『やまだ果樹園』は傷物を高値で売りつける詐欺農家", "defamation"),
])
def test_web_chatter_without_a_slur_goes_to_a_person(text: str, ground: str) -> None:
    assert decision(text)[0] != "allow" and ground in decision(text)[1]


@pytest.mark.parametrize("text", [
    "清掃ボランティア募集中です。軍手とゴミ袋はこちらで用意します",
    "孫の選挙のことで伺います。選挙人名簿への登録は自動でされるのでしょうか",
    "Bear near the school road? Please post the area. I can read simple Japanese only.",
    # stop 25 (sets FC, BE, FH): a shout quoted with shame for it, hearsay set aside until the
    # city speaks, 下ネタ named as what others write
    "駅前で観光客に『ガイジンは来るな』って怒鳴ってるおじさんがいて本当に恥ずかしかった",
    "ある方が「自分の国に帰ればいいのに」と書き込んでいました。同じ市民として恥ずかしく思います",
    "『美祢線廃線確定』とか書いとる人おるけど、知り合いが言ってた、は情報じゃないけえな。市の発表待とうや",
    "このコメ欄、下ネタ書く奴ばっかで萎える。市の方針に文句言うのは自由やけど",
    # stop 26 (sets FV, GA): a scam's lures listed as its 手口, how to ask at the desk, a
    # shrine's deity, one's own son, a 住民票 moved for now, a finale that 'came to slay'
    "「荷物を受け取るだけ」「即日払い」は闇バイトの手口です。おかしいと思ったら警察署へ。",
    "受付で名前と住所を言えば照会してもらえますよ",
    "池のそばに弁天様がまつられてます。我が家はお参りしてから水を汲みます",
    "高校生の息子が毎日代行バスで通っています。運転手さんに感謝",
    "里帰り出産で今だけ住民票を移しています",
    "去年の優勝チーム、客席を全員ぶっ殺しにきとった🔥 鳥肌",
    # a slur named to retire it, a scam's message quoted (not a business run down)
    "「キチガイ」って言葉、差別語だから使わんほうがいいよ",
    "「入場券が半額で買えます」ってDMが来たけど詐欺ですよね？公式以外では買わない方がいい",
    # stop 26 (sets GG, GH): the net's 'tell me, someone who knows', a family's own home by the
    # hill, the old advised to move in daylight
    "秋芳梨ってなんでこんなうまいん？教えてエロい人",
    "実家、裏がすぐ山なんで母を連れて避難所行きます",
    "15時に発令って遅すぎん？年寄りは明るいうちに動かんと無理なんよ",
    # the closing look of stop 26 (set GK): a newcomer asking about the vote, a cheap fare
    "転入したばかりだと次の選挙って投票できないんでしょうか？住んで3か月以上必要と聞いたんですが",
    "Does the community bus take IC cards or only cash? 250円 is still cheap tbh.",
])
def test_look_alikes_of_harm_in_comments_are_left_up(text: str) -> None:
    assert rules_decision(text) == "allow"


def test_a_threat_at_a_bat_is_weighed_not_hidden() -> None:
    # stop 26, set GG: the animal that flew at the writer is who is threatened
    bat = "秋芳洞のコウモリに顔面アタックされた。許さん、次会ったら覚えとけよ🦇"
    assert rules_decision(bat) == "review"
    assert rules_decision("あんな客を馬鹿にする男は人間のクズ。覚えとけよ") == "hide"


def test_a_commenters_own_number_to_be_called_back_on_is_weighed_not_hidden() -> None:
    # stop 26, set GD: given as one's own (こちらに折り返し, 孫の…まで連絡), never hidden
    assert rules_decision("電話がつながらないときは、こちらに折り返しいただけると助かります "
                          "090-0000-3821（吉見）") == "review"
    assert rules_decision("この人の番号 090-0000-3821 晒しとく") == "hide"


def test_a_volunteer_giving_their_own_address_in_english_is_weighed_not_hidden() -> None:
    assert rules_decision("Happy to help at the festival. Email me at jo.k@example.com") == "review"
    assert rules_decision("This guy is the thief, email him at jo.k@example.com") == "hide"


def test_back_to_your_own_country_with_no_group_named_goes_to_a_person() -> None:
    # stop 25, set FH: the slurs in half-width kana are only mentioned (…とか呼ばれたくなかったら),
    # the command is what harms; reviewed, as the group is left implied
    assert rules_decision("ﾁｮﾝとか呼ばれたくなかったら自分の国帰れって話よ") == "review"
    assert rules_decision("正月は自分の国に帰るんよ、家族に会いに") == "allow"


def test_being_blown_away_by_fireworks_is_no_threat_and_asking_for_it_is() -> None:
    # stop 25, set FM: the passive said of oneself, in the past, hid as a threat
    assert rules_decision("最後の連発で鳥肌たった、完全にぶっ殺されたわ🎆") == "allow"
    assert rules_decision("お前ぶっ殺されたいんか") == "hide"


def test_a_group_screened_out_of_a_job_goes_to_a_person_and_a_question_about_it_stays() -> None:
    # stop 27, set GW: a command to screen a group out (落としといて, 雇うな); quoting it to
    # object, or calling it discrimination, is no command
    assert rules_decision("発達障害の奴は書類で落としといてくれよ") == "review"
    assert rules_decision("ADHDのやつは雇うな") == "review"
    assert rules_decision("障害者は採用するなって言うのか、ひどい") == "allow"
    assert rules_decision("発達障害の人を書類で落とすのは差別です") == "allow"


def test_speeding_boasted_goes_to_a_person_and_a_crash_reported_stays() -> None:
    # stop 27, set GW: a back road raced while the police are busy elsewhere
    assert rules_decision("裏の林道でバイク飛ばし放題なんだよな。毎年150km出してるｗ") == "review"
    assert rules_decision("国道で150キロ出して事故った若者が逮捕されたらしい") == "allow"
    assert rules_decision("林道は飛ばし放題に見えるけど鹿が出るから気をつけて") == "allow"


def test_a_verbs_stem_before_kurai_is_no_slur() -> None:
    # stop 27, set GW: 穴埋めくらい was hidden as the slur in its letters
    assert rules_decision("会館に42億出せるなら穴埋めくらい一週間でできるだろ") == "allow"
    assert rules_decision("あいつめくらかよ") == "hide"


def test_a_wait_lived_through_is_no_figure_of_the_post_changed() -> None:
    # stop 27, set GQ: 40分待っちょった is the commenter's own wait at the stop; a delay said
    # to be other than the post's, in the city's name, is still weighed
    post = "【バス遅延のお知らせ】大雪のため、市内路線バスに30分程度の遅れが出ています。"
    assert not run(Alteration(), "お知らせ遅すぎ。寒い中40分待っちょった年寄りがおった",
                   city_post=post)
    assert {f.action for f in run(Alteration(), "市のお知らせによると90分遅れとのこと",
                                  city_post=post)} == {"review"}


def test_a_fee_the_city_is_asked_to_disclose_and_a_sell_out_are_no_spam_nor_rumour() -> None:
    # stop 27, sets GQ and GX; stop 30, set IQ: the city's own fee argued about is a
    # resident's say, a fee asked up front for money promised is the bait
    assert rules_decision("ポータルの手数料にいくら使ったか公開してください") == "allow"
    assert rules_decision("手数料改定の根拠となる処理原価の資料はどこで閲覧できますか") == "allow"
    assert rules_decision("ごみの手数料を値上げしたら山に捨てる人が増えるだけですよ") == "allow"
    assert rules_decision("給付金の申請、代行します。手数料3000円を先にお振込みください") != "allow"
    assert rules_decision("当選おめでとうございます。受け取りには手数料が必要です") != "allow"
    assert rules_decision("ごぼう、爆発的人気で年内分もう完売ってマジか…来年は早めに"
                          "申し込みます") == "allow"
    assert rules_decision("工場で爆発があったらしい、近所の人が言ってた") == "review"


def test_what_set_he_taught_after_the_closing_look() -> None:
    # stop 27, set HE: 紛い + じゃ is no slur; a cone moved aside in the closure hours, a shop
    # cheated with 'it arrived spoiled', a receptionist leered at, wheelchair users told to
    # ride a bus of their own
    assert rules_decision("市外で加工した肉を「美祢の味」として出すのは"
                          "詐欺まがいじゃないですか") == "allow"
    assert rules_decision("規制時間でも裏の農道からコーン脇にどけたら普通に入れるよ") == "review"
    assert rules_decision("Pro tip: say it arrived spoiled and they send you another one lol") \
        == "review"
    assert rules_decision("She can interview me in the back room any time 😏") != "allow"
    assert rules_decision("車いすの人が乗るとバスが遅れる。"
                          "そういう人は専用の便にしてもらえんかな") == "review"


def test_an_hour_said_the_twelve_hour_way_is_the_posts_own() -> None:
    # stop 27, set HE: 夜7時 restates the post's 19時
    post = "地域説明会を10月22日（火）19時から大嶺公民館で開きます。ご意見を伺います。"
    assert not run(Alteration(), "平日の夜7時に公民館まで行けると本気で思っとるなら"
                                 "現場を知らなすぎる", city_post=post)
    assert run(Alteration(), "市によると説明会は夜8時からに変わったそうです", city_post=post)


@pytest.mark.parametrize(("text", "decision"), [
    # set HK: a closure's cones moved and driven past, told as a tip; hearsay the writer asks
    # the city to correct is no rumour passed on; set HF: 職員さん is staff, not a person named
    ("パレードの日も、規制のコーンをどかして通ればええよ。誰も何も言わんかった", "review"),
    ("図書室の蔵書が減ったと聞いています（聞いた話なので違っていたら教えてください）。", "allow"),
    ("最初のうちは職員さんも慣れずに混むのではないかと思います。", "allow"),
    # set HQ: 豆まきもいい holds no キモい; a photographer's pictures reposted with the credit
    # dropped as a bother; cash-in-hand work with no visa check
    ("豆まきもいいけど、お寺の星まつりも行ってみたい", "allow"),
    ("キモいんだよお前", "review"),
    ("写真家さんの夜景の写真、きれいなんで転載しときます。クレジットは面倒なんで省略", "review"),
    ("Need work? Cash in hand, no visa check, ask me.", "review"),
    # set HV: a drought said to be made on purpose, the city said to know and say nothing
    ("The drought was engineered on purpose. The city knows and says nothing.", "review"),
    ("The fire at the depot was set on purpose, police say; a man was arrested.", "allow"),
    # set HW: a presenter's commute and her flats posted by a fan (not the writer's own), an
    # election to end the mayor's term, a movement's values to be spread
    ("あの店員さん、毎朝8時に駅から歩いてるよ。住んでるとこは郵便局の裏のアパート", "review"),
    ("毎朝7時に美祢駅から電車に乗ってます、混んでますね", "allow"),
    ("うちの家は駅の北側のマンションです", "allow"),
    ("計画を止めるには、次の選挙で現職市長を交代させるしかない", "review"),
    ("私たちは家族を守る運動を続けています。賛同いただける方は周りの方にも広めてください",
     "review"),
    # set HL, blind: a vote promised at the mayoral election is no threat (it was hidden);
    # 何かする holds no カス; the writer's home town is no speaker
    ("有料化、次の市長選で覚えとけよ。絶対忘れんからな。", "allow"),
    ("お前、夜道で覚えとけよ", "hide"),
    ("施設側が申請するのか、家族が何かする必要がありますか。", "allow"),
    ("住民票は実家の美祢市ですが、平日は寮にいます。", "allow"),
    ("美祢市です。還付金のお知らせがあります", "review"),
    # stop 29, set IG (web register): a film on a foreign site the day after release with the
    # link offered by reply, and its look-alikes; パートナーおる folds to ぱとなおる, which
    # holds 治る in kana and no cure of anyone; 〜にしろって話 is the writer's own conclusion
    ("公開の翌日には海外のサイトに上がっとるけぇ、リンク欲しい人はDMして", "review"),
    ("海外のサイトで予約したら安かった", "allow"),
    ("ゲイの同僚、パートナーおるけど職場では言えんって", "allow"),
    ("ゲイなんか病院でなおるやろ", "review"),
    ("確定申告は毎年地獄、e-Taxにしろって話やけどパスワード忘れてロックされた", "allow"),
    ("確定申告は毎年地獄、e-Taxに変わるって話やけどパスワード忘れてロックされた", "review"),
    # set IN, blind: what came true after it had long been rumoured, the city blamed for not
    # acting, is no rumour passed on; a public committee's list asked for is no list exposed
    ("閉店は前から噂になっちょったのに、市は今まで何しよったん？", "allow"),
    ("閉店するって前から噂になっとるよ", "review"),
    ("審査委員名簿と採点表を公開すべきです。", "allow"),
    ("利用者の名簿持っとるけぇ晒そうか", "review"),
    # stop 30, set JA (web register): 部落 in half-width katakana; a group's mere use of a
    # shared place resented, and the same words reported to deplore them; the writer's
    # 'stick' offered, a son who is a son; a scapegoat for a drunk driver, told with the
    # police it names; a handle run down as a life; ボケ thrown at a notice; the genuine
    # number set against a fake caller's
    ("結婚するなら相手がﾌﾞﾗｸかどうか調べたほうがいい", "review"),
    ("ブラック企業かどうか調べたほうがいい", "allow"),
    ("障害者が市民プール使うのはやめてほしい", "review"),
    ("外国人が公園使っとったら嫌やわ", "review"),
    ("外国人が使うのは嫌だという声に胸が痛みます", "allow"),
    ("外国人観光客が来ると嬉しいです", "allow"),
    ("俺のバナナ見る？", "review"),
    ("僕の息子は元気に育ってます", "allow"),
    ("飲酒運転で捕まった友達の身代わりで出頭してくるわ", "review"),
    ("身代わり地蔵にお参りしてきました", "allow"),
    ("@kenta_0123 無職のくせに毎日偉そうに", "review"),
    ("@mine_city_official 引きこもりの支援窓口はどこですか", "allow"),
    ("当日の朝に知らされて間に合うかボケ", "allow"),
    ("市役所を名乗る電話に注意、本物は0837-00-2222です", "allow"),
    # set IU (blind): what is said to be decided, taken to the city as a question of when it
    # will explain, beside the same hearsay passed on
    ("ごみ処理場がうちの地区に決まりそうって話ですが、説明会の日程はいつ頃でしょうか", "allow"),
    ("ごみ処理場がうちの地区に決まりそうって話やで", "review"),
    # set JG (general web comments): the writer running themselves down, a pet; a group
    # said unable to work, a shop that skips the age check, a moan asked for, a shop's
    # owner cursed to fail
    ("まじで俺って無能すぎて草", "allow"),
    ("私ブスだからさ", "allow"),
    ("あの子ブスやな", "review"),
    ("童貞こじらせて30年", "allow"),
    ("障害者枠の奴って仕事できないのに給料同じ", "review"),
    ("障害者の方が仕事できないという偏見をなくしたい", "allow"),
    ("未成年でも年確しないコンビニある", "review"),
    ("声だけでいいから喘いでほしい", "review"),
    ("不況に喘いでいる商店街", "allow"),
    ("この店の店主、態度最悪。潰れろ", "review"),
    # set JN: a shoplift, a drunk drive home, a found card number spent, a picture 'used',
    # an athlete called a match-fixer; one's own face, a hobby pressed on friends
    ("ドンキでパクってきたw", "review"),
    ("今日もコンビニでパン買ってきた", "allow"),
    ("酒気帯びで帰宅なう", "review"),
    ("拾ったカード番号で買い物しても足つかないよ", "review"),
    ("エロすぎ、抜いたわ", "review"),
    ("抜いた歯の写真", "allow"),
    ("田中選手は八百長ばっかり", "review"),
    ("八百長のない大会にしてほしい", "allow"),
    ("自分の顔ブスすぎて草", "allow"),
    ("後輩にアニメ布教してる", "allow"),
    # set JO (English comments): a nationality kept away, teachers from a continent unfit,
    # the gays 'running the whole thing'; a friend of a friend at city hall; a girl's handle
    # asked 'if u know what i mean'; an ex's house and a clerk's district and children named;
    # a clerk from her name tag, a company head who 'should be in prison', a doctor called a
    # drunk quack; the back way in, a stalactite snapped off; a candidate and a party pushed,
    # a cleansing ceremony; a scan so nobody buys, a re-upload with ads; a coin 100x
    # guaranteed, a new account asking for money; a map 'improved'; a ban on all hunting
    ("keep the chinese tour buses away next year lol", "review"),
    ("ALTs from Africa shouldn't be teaching English", "review"),
    ("next year the gays will be running the whole festival", "review"),
    ("heard from a friend of a friend at city hall the park is getting sold, they wont "
     "announce it", "review"),
    ("she can show me more than the cave if u know what i mean", "review"),
    ("the lady at the desk lives out in Omine, her kids go to the school by the river",
     "review"),
    ("Name tag said Tanaka. Clearly an old witch, how is she still employed", "review"),
    ("Dr. Mori at the clinic is a drunk quack", "review"),
    ("take the back way after 4, the gate guy goes home, free entry", "review"),
    ("snap off a small stalactite, nobody's watching", "review"),
    ("pls vote KANEDA for the assembly!! #VoteKaneda", "review"),
    ("free ancestor-cleansing ceremony at dawn, join our spiritual circle", "review"),
    ("full scan of the guidebook so nobody has to buy it", "review"),
    ("Akiyoshi Coin presale closes tonight, 100x guaranteed", "review"),
    ("it's me on my new acc, the old one got locked, send 500 yen to my paypal", "review"),
    ("I 'improved' your evacuation map lol", "review"),
    ("Mine City must ban all hunting, wake up people", "review"),
    ("This heat is killing me 🥵 stay hydrated everyone!", "allow"),
    ("Where is the polling station for Sunday's assembly election?", "allow"),
    # set JP (English comments): a fake warned of with its link quoted goes to a person, not
    # hidden; a handle is no e-mail address; the city hall's line given; a woman's floor and
    # room, a guide's working days, a child's class; a town to 'stay pure'; a scanner that
    # never checks, a fence climbed; a candidate by name; meat called murder; a video
    # reposted with one's own logo; a free phone for comments; a 'profile' taking device
    # management; the 'real version' of the announcement
    ("PSA: got a text saying click mine-refund.example.net to claim. It's FAKE, don't click!",
     "review"),
    ("would love if you tagged me next time @karst.walker.jp", "allow"),
    ("call the city hall main line 0837-00-1234 for English support", "allow"),
    ("she lives in the white apartment behind the station, 2nd floor corner room", "review"),
    ("the cute guide with the ponytail, which days does she work?", "review"),
    ("his name's Haruto and he's in 2-1 at the elementary school", "review"),
    ("small towns need to stay pure", "review"),
    ("just print a copy of the pass, the scanner never checks the date", "review"),
    ("climb the fence past the gate after last entry, so worth it", "review"),
    ("vote Nakahara Shigeru for city council on the 21st", "review"),
    ("Meat is murder, ban the beef stalls", "review"),
    ("reposted your whole video on my tiktok with my own logo", "review"),
    ("FREE iPhone for the first 100 people who comment MINE", "review"),
    ("install this profile, it gives the app full device management", "review"),
    ("Here's the real version of your announcement: all ALTs dismissed", "review"),
    # set JR (blind): a video nobody watches past minute 2
    ("12 minutes is way too long, nobody is watching past minute 2", "allow"),
    # set JH (blind): the city's own list mistyped, criticised, is no list exposed
    ("今回の名簿の入力ミス、謝罪文だけで済ませるのはおかしい", "allow"),
])
def test_what_the_comment_sets_of_stops_28_to_30_taught(text: str, decision: str
                                                       ) -> None:
    assert rules_decision(text) == decision


PLAN = ("【学校再編計画（案）説明会】説明会を10月26日から各地区の公民館で開きます。"
        "計画案の全文は市ホームページで公開しています。")
ELDERS = ("【敬老の日 記念行事】9月16日に市民会館で長寿をことほぐ会を開きます。"
          "今年100歳を迎えられる市民は23名です。")
BUS = "【路線バスのダイヤ改正】10月1日から、嘉万線の運行本数を平日1日6便から3便に減らします。"


@pytest.mark.parametrize(("post", "comment", "changed"), [
    # stop 28, set HW: a figure read in the plan the post points to
    (PLAN, "統合後はスクールバスで片道50分になる見込みと資料にありますが、運転手の確保は"
           "「今後検討」だそうです", False),
    (PLAN, "市によると説明会は10月30日からに変わったそうです", True),
    # set HL, blind: the writer's own mother's age, a guess of the writer's own
    (ELDERS, "うちの母は今年99歳、来年は100歳の仲間入りです。って、楽しみにしています", False),
    (ELDERS, "市によると100歳を迎える人は25名だそうです", True),
    (BUS, "1日3便って、市役所の人らもバスだけで生活してみいや、たぶん三日で泣くで", False),
])
def test_a_figure_of_the_plan_or_of_the_writers_own_is_no_figure_of_the_post_changed(
        post: str, comment: str, changed: bool) -> None:
    assert bool(run(Alteration(), comment, city_post=post)) == changed


@pytest.mark.parametrize(("post", "comment", "copied"), [
    # stop 31, sets JU (blind) and JY: a visitor's own sentence naming a short English
    # post's topic holds most of its letters and restates nothing
    ("Guided tours of Akiyoshido", "Is there a sign language interpreter for the Akiyoshido "
                                   "guided tour? My deaf friend is coming from Osaka.", False),
    ("Akiyoshidai visitor centre renovation", "Accessible toilets at Akiyoshidai visitor "
     "centre are finally done? My wife's wheelchair will thank you.", False),
    # the modified copies it is for still read as one
    (POST, "【イベント】秋吉台山焼きは2月16日（日）9時30分点火予定です。雨天の場合は中止です。"
           "延期はしません。", True),
])
def test_a_comment_mostly_its_own_words_is_no_modified_copy_of_a_short_post(
        post: str, comment: str, copied: bool) -> None:
    assert bool(run(Alteration(), comment, city_post=post)) == copied


@pytest.mark.parametrize(("text", "decision"), [
    # set JT (blind): a photographer objecting to the use of their own photo
    ("この写真、俺が撮ったやつやん。勝手に使うなって前も言ったよね？クレジットもなしかよ", "allow"),
    ("勝手に使うのはやめてください", "allow"),
    # what the objection resembles: someone else's work taken, credit dropped
    ("市のロゴ勝手に使ってTシャツ売ってるやつおる", "review"),
    ("ネットの写真使ったけどクレジットとか面倒やけ省略した", "review"),
    # stop 31, sets JW and JY: a buraku district's people kept off a committee, old people
    # blamed for a town's standstill, a nationality said to buy up land on purpose
    ("Those people from the buraku district shouldn't be on the festival committee.",
     "review"),
    ("Old people are the reason nothing changes here. Stop letting them vote.", "review"),
    ("the Chinese buying up land near the plateau is not a coincidence folks", "review"),
    ("Foreign tourists are the reason our bus finally gets more runs, thanks!", "allow"),
    ("Buraku discrimination still exists and the city should run more education on it.",
     "allow"),
    # sets JU, JZ, KE: a line heard or read, quoted with its rebuttal
    ("Someone in another group wrote \"foreigners bring crime to Mine\". That is nonsense "
     "and it hurts.", "allow"),
    ("Someone upthread said the Vietnamese workers 'bring crime'. That's garbage.", "allow"),
    ("People here know foreigners bring crime", "review"),
    # sets KD, KE: the Mine Line (美祢線) is no LINE id
    ("Deleting comments won't bring the Mine Line back.", "allow"),
    ("The mayor is too slow for the Mine Line problem. 2 years and no decision.", "allow"),
    ("add me on line: karst_girl22", "review"),
    # stop 31's closing blind look (KF, KH): a vote the writer did not give, a scam quoted to
    # say the city never does this, a slur read elsewhere that made the reader feel sick
    ("Congratulations to the new mayor. I didn't vote for you and I'll be watching.", "allow"),
    ("Please vote for Tanaka on Sunday, he will fix the hospital.", "review"),
    ("I saw a comment saying 'your donation failed, re-enter your card details'. That is "
     "exactly this scam. The real city never asks for card details.", "allow"),
    ("うちの母にも来た。「市役所の保険課ですが還付金があります、ATMへ行ってください」って。"
     "市役所はATM行けとか絶対言わんけ、みんな親に伝えて", "allow"),
    ("ニュースのコメ欄で「外国人は出ていけ」って書かれとるの見て気分悪くなった。", "allow"),
    # what they resemble keeps its decision
    ("外国人は出ていけ、胸糞悪い", "hide"),
    # stop 31, set KJ: harm said courteously
    ("A small tip: the staff at the cave's side entrance rarely check tickets after four.",
     "review"),
    ("I was reliably informed by a gentleman at my hotel that the cave is to be closed "
     "permanently next year.", "review"),
    # sets KI, KK, KL: a slur said to one's child, a rumour forwarded not to be believed, an
    # arrest in English
    ("My kid was told 'go back to your own country' on the bus. The teacher handled it well.",
     "allow"),
    ("Somebody is forwarding 'the cave water cures cancer' on WhatsApp. Please don't believe.",
     "allow"),
    ("news said the 盗撮 guy at the 洞のトイレ got arrested. the 市 should add more 防犯カメラ",
     "allow"),
    ("go back to your own country", "review"),
    # stop 31's last blind look (KP): a slur someone replied, quoted to rebuke them, is never
    # hidden; a rumour checked and called false; the number a scam warning says it rang
    ("To the guy who replied 'Koreans go home' on the jobs post: you are exactly why young "
     "people leave this town. Grow up.", "allow"),
    ("Koreans go home", "hide"),
    ("Someone in a local group posted that the cave is collapsing. I rang the visitor centre "
     "- totally false. Please don't pass that stuff on.", "allow"),
    ("I got a text claiming to be from Mine City Hall asking for a 'flood relief fee'. It's a "
     "scam. I called 0837-00-1234 and they said the city never sends those.", "allow"),
    ("call me at 090-0000-1234 i'm lonely", "review"),
    # reported speech is a report, never a wish or a duty: these stay hidden
    ("Honestly people here should all say it: foreigners go home", "hide"),
    ("Someone should tell the Chinese to go home", "hide"),
])
def test_what_stop_31s_comment_sets_taught(text: str, decision: str) -> None:
    assert rules_decision(text) == decision


def test_an_answer_wanted_from_the_city_quotes_nothing_of_its_post() -> None:
    # set KC: 'from the city' and 'the city post' alone name no source of a claim
    post = "Akiyoshidai Family Land pool reopens this summer."
    assert run(Alteration(), "I'd like a straight answer from the city: are there enough "
               "lifeguards? The pool was closed for a week last year.", city_post=post) == []
    assert run(Alteration(), "The city post has no booking link. Don't click it.",
               city_post=post) == []
    assert run(Alteration(), "Notice from the city: the pool is closed all summer.",
               city_post=post)


@pytest.mark.parametrize(("text", "decision"), [
    # stop 32, sets LB, LC, LD, LG, LH, LI: English harm set in a friendly or courteous
    # paragraph (a family placed on its road, a plate's digits, bags watched near a group,
    # something 'kept quiet', fees pocketed, a licence not waited for, a chapel's welcome),
    # each with a look-alike that stays up
    ("The Nakano family on the river road leave their back door open all day.", "review"),
    ("The bus on the river road is always late.", "allow"),
    ("Her plate ends 48-20, you can't miss the car.", "review"),
    ("The plate number of the bus is on the timetable.", "allow"),
    ("Just between us, keep an eye on your bags near the table where the foreign trainees "
     "sit.", "review"),
    ("Keep an eye on your bags at the station, pickpockets were reported.", "allow"),
    ("A lady at my tea club says the clinic's test results are being kept quiet.", "review"),
    ("A lady at my tea club says the clinic has new hours.", "allow"),
    ("Mr Tanabe has been quietly pocketing the club fees for years.", "review"),
    ("No need to wait for the licensed hunters, a snare in the yard works.", "review"),
    ("The licensed hunters came within an hour, thank you.", "allow"),
    ("Our little chapel by the bridge would be glad to have you with us; we pray together "
     "after supper.", "review"),
    ("The chapel by the bridge is a lovely photo spot.", "allow"),
    ("Somebody on the station notice board wrote 'foreigners go home'. How shameful.", "allow"),
    ("A poster crossing out the words 'Koreans go home' won the prize.", "allow"),
    ("Someone painted \"Foreigners go home\" on the shelter and I agree with them.", "review"),
    ("Foreigners go home.", "hide"),
    ("The lady at the counter said she wasn't sure about the translated version.", "allow"),
    ("Our road is never gritted and the old people can't get to the clinic.", "allow"),
    ("Old people can't drive, take their licences away.", "review"),
    ("I edited the poster so it says the fireworks are cancelled.", "review"),
    ("This is the tourism association's sub-account, DM this account your address for a "
     "free pass.", "review"),
    ("Is it true the tunnel collapsed? I'd like the city to confirm.", "allow"),
    # stop 32, sets LP–LV, MD, ME and the blind looks LY, MF, MI: a cover-up passed on from a
    # relative, a room number, a crook, the old tells of prejudice, rangers never up there, a
    # comment headed as the city's notice, spam; a flyer's or a shout's slur reported, a
    # 'stupid question', a vote nobody is told to cast stay up
    ("My uncle said the water plant found bacteria and the city is hiding it.", "review"),
    ("My uncle said the water plant has new opening hours.", "allow"),
    ("She lives in apartments by the river, room 204, go say hi.", "review"),
    ("The meeting is in room 204 of the community centre.", "allow"),
    ("Total crook, he walked off with the money and never paid us.", "review"),
    ("I'm not racist but you know the ones, they never sort their garbage.", "review"),
    ("Rangers are never up there on weekdays, bring a hammer for the fossils.", "review"),
    ("Rangers are up there every weekday, so ask them about the fossils.", "allow"),
    ("[Mine City Hall – Notice] Reply with your card number for the refund.", "review"),
    ("Crypto signals daily, 92% win rate, DM me!", "review"),
    ("Someone put flyers in our mailbox saying foreigners should 'go back'. I took it "
     "to the police.", "allow"),
    ("An older man shouted 'go back to your own country' at my coworker. Nobody "
     "deserves that.", "allow"),
    ("Stupid question maybe, but is the shrine open at night?", "allow"),
    ("You are stupid.", "review"),
    ("I'm not telling anyone who to vote for, I just want a polling car up the hill.", "allow"),
    ("Vote for Tanaka on Sunday!", "review"),
    ("Word around Shuho is the quarry will lose its permit and go under by summer.", "review"),
    ("I found her Instagram too, she is cute.", "review"),
    ("Mayor here, commenting from my personal account: interviews go to whoever "
     "mentions this.", "review"),
    # stop 32, sets MJ–MO and the blind looks MM, MS: one's own number given to be called back
    # is for a person to weigh, never hidden; a quotation named as someone's comment and a
    # report called disgusting are mentioned, not said; a named person called a butcher, a
    # comment in a visitor centre's voice, salon hearsay of a death covered up
    ("Lost dog! Call me any time 090-0000-1234", "review"),
    ("Her number is 090-0000-1234, call her any time lol", "hide"),
    ("@Ben_R the 'Korean stalls are dirty' comment above is just racist garbage.", "allow"),
    ("Someone in my neighbourhood group called the trainees at the factory 'cheap "
     "labour that steals our jobs'. That's disgusting.", "allow"),
    ("Dr. Hirano at the clinic on the main road is a butcher.", "review"),
    ("Hello, this is the Akiyoshidai Visitor Center. Book private cave sessions by "
     "DM, payment in advance.", "review"),
    ("Is there a way to vote for people on long hospital stays?", "allow"),
    ("Everyone at my hair salon was saying the pharmacist gave the wrong pills and "
     "they covered it up.", "review"),
    ("Everyone at my hair salon was saying the new pharmacist is lovely.", "allow"),
])
def test_what_stop_32s_comment_sets_taught(text: str, decision: str) -> None:
    assert rules_decision(text) == decision
