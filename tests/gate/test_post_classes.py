"""Outgoing posts by class (第4.4(4) and 第4.6): what stops, what goes out, and the posts'
development set as a regression guard (tests/data/posts_dev.jsonl; its figures are not a
measure of quality, the held-out set is)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_gate import AccountInfo, PostDraft, check_post, default_policy
from policy_gate.evaluation import evaluate
from policy_gate.policy import Policy
from tests.gate.helpers import RULES

POLICY = default_policy()
MAIN = AccountInfo(name="main", kind="main")
POSTS_DEV = Path(__file__).resolve().parents[1] / "data" / "posts_dev.jsonl"


def _verdict(text: str, policy: Policy = POLICY) -> tuple[str, set[str], tuple[str, ...]]:
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, policy)
    return verdict.decision, set(verdict.grounds), verdict.citations


@pytest.mark.parametrize(("text", "ground"), [
    ("〇〇神社のお守りを持てば事故にあいません。必ず身につけましょう。", "religious_political"),
    ("先祖を大切にしないと不幸が続きます。", "religious_political"),
    ("市議選では〇〇さんに清き一票をお願いします。", "religious_political"),
    ("〇〇党の政策こそ美祢に必要です。", "religious_political"),
    ("【料理教室】※外国籍の方のお申し込みはお受けしておりません。", "discrimination"),
    ("【求人】容姿のよい20代の女性に限ります。", "discrimination"),
    ("イベントの日は路上駐車しても大丈夫です。", "illegal"),
    ("売上は少なめに申告しても税務署はいちいち調べません。", "illegal"),
    ("原発の再稼働には断固反対です。市民の皆さんも声を上げましょう。", "social_advocacy"),
    ("来週スーパーのお米が品切れになるらしいので、早めに買っておきましょう。", "rumor"),
    ("窓口に来る人たちって、暇なんでしょうね（笑）", "public_order"),
    ("納涼祭です！倒れるまで飲みましょう！", "public_order"),
    ("△△議員を推しましょう。", "religious_political"),  # stage 2: a volitional form
    ("市長選は現職に入れてください。", "religious_political"),
    ("この人の携帯は090-0000-1234です。", "personal_data"),
    ("At the beach party we will be rating all the girls out of 10!", "public_order"),
])
def test_each_class_of_prohibited_content_stops_and_cites_its_article(
        text: str, ground: str) -> None:
    decision, grounds, citations = _verdict(text)
    assert decision in ("block", "needs_approval")
    assert ground in grounds
    assert all(c.startswith("第4.") for c in citations)


@pytest.mark.parametrize("text", [
    "美祢市は、JR美祢線の早期復旧を国に強く求めていきます。",
    "本市としては、計画どおり進める考えです。",
    "市の方針として、来年度から公募を行いません。",
    "このたびの事務処理の誤りについて、深くお詫び申し上げます。",
    "市長は記者会見で「市単独での負担は困難だ」との認識を示しました。",
    "本市は、このような報道に強く抗議します。",
])
def test_the_citys_official_position_is_held_for_the_section_heads_approval(text: str) -> None:
    decision, grounds, citations = _verdict(text)
    assert decision == "needs_approval"
    assert "approval_required" in grounds
    assert "第4.6" in citations


@pytest.mark.parametrize("text", [
    "【初詣のご案内】〇〇八幡宮では元旦から参拝できます。臨時駐車場もあります。",
    "〇〇神社は縁結びのご利益があるといわれ、多くの参拝者が訪れます。",
    "【選挙管理委員会】期日前投票は市役所1階で行います。大切な一票を投じましょう。",
    "【選挙管理委員会】選挙運動用ポスターの掲示場所一覧を掲載しました。",
    "路上駐車は緊急車両の妨げになります。絶対におやめください。",
    "確定申告の相談会を開きます。予約なしでも大丈夫です。",
    "イチゴ狩りのシーズンです。甘いイチゴを自分で採って食べられますよ。",
    "【詐欺に注意】「誰にもバレずに稼げる」などの甘い言葉にご注意ください。",
    "【不法投棄防止】「山の中なら大丈夫」と思っていませんか？不法投棄は犯罪です。",
    "【お詫びと訂正】昨日の投稿で会場に誤りがありました。正しくは市民会館です。",
    "【飲み会シーズン】お酒は適量を。一気飲みは絶対にやめましょう。",
    "美祢市出身の〇〇選手を応援しよう！パブリックビューイングを開催します。",
])
def test_hard_benign_city_posts_go_out(text: str) -> None:
    decision, grounds, _ = _verdict(text)
    assert decision == "allow", grounds


def test_a_private_persons_data_holds_the_post_and_a_shops_number_does_not() -> None:
    decision, grounds, citations = _verdict(
        "苦情を言ってきた山田太郎さんの自宅は大嶺町東分123-4、携帯は090-1234-5678です。")
    assert (decision, grounds, citations) == ("needs_approval", {"personal_data"}, ("第4.4(2)",))
    decision, _, _ = _verdict("【求人】製造スタッフ募集。詳細はハローワーク美祢"
                              "（0837-52-0640）まで。")
    assert decision == "allow"


def test_the_posts_dev_set_as_a_regression_guard() -> None:
    rows = [json.loads(line) for line in POSTS_DEV.read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in rows}) == len(rows)
    report = evaluate(rows, POLICY)
    figures = report.figures()
    assert (figures["post_prohibited_recall"] or 0) >= 0.97
    assert (figures["approval_recall"] or 0) >= 0.97
    benign = [r for r in rows if not r["labels"]]
    stopped = [m for m in report.misses if not m["labels"]]
    assert len(stopped) <= 0.02 * len(benign)


def test_folding_does_not_turn_everyday_kana_into_a_katakana_insult() -> None:
    # クレーマー folded is くれま, as in 紹介してくれました
    assert _verdict("交流大使の方がラジオで美東ごぼうを紹介してくれました。")[0] == "allow"
    assert _verdict("窓口に来るクレーマーには本当に困っています。")[0] == "block"


def test_a_short_insult_folded_from_a_doubled_letter_needs_the_doubled_letter() -> None:
    # ジジイ folds to じい, ババア to ばあ; the words below fold to hold them, written singly
    for text in ("秋芳洞まつり、ステージイベントは14時からです。",
                 "おばあちゃんの知恵袋講座を公民館で開きます。",
                 "同じいちごでも、美東のいちごは甘さが違います。"):
        assert _verdict(text)[0] == "allow", text
    for text in ("役所に文句ばかり言うジジイは相手にしません。",
                 "ﾊﾞﾊﾞｱの井戸端会議みたいな苦情はお断り。"):
        assert _verdict(text)[0] == "block", text


def test_a_human_rights_notice_quoting_hate_publishes_and_a_bare_quote_is_held() -> None:
    # the notice names what it quotes as the prejudice it stands against: fifteen such
    # notices in thirteen sets, each labelled benign by its writer, none prohibited
    for notice in ("人権週間です。「〇〇人は出ていけ」などのヘイトスピーチは許されません。"
                   "法務省の啓発資料をご覧ください。",
                   "「○○人は国へ帰れ」といった、特定の国籍や民族の人々を排除しようとする言動は、"
                   "ヘイトスピーチです。美祢市は、どのような差別も許しません。"):
        assert _verdict(notice)[0] == "allow", notice
    # a quotation without that frame is for the 所属長 (is the quote needed?); bare, blocked
    graffiti = "駅前の壁に「〇〇人は出ていけ」と書かれた落書きが見つかりました。"
    decision, grounds, _ = _verdict(graffiti)
    assert (decision, grounds) == ("needs_approval", {"discrimination"})
    assert _verdict("〇〇人は出ていけ。")[0] == "block"


def test_a_link_to_an_official_site_is_no_laugh() -> None:
    # the private joke's ww must not be read inside https://www.…
    pension = "年金のお問い合わせは日本年金機構（https://www.nenkin.go.jp/）へ。"
    assert _verdict(pension)[0] == "allow"
    assert _verdict("今日の会議、話が長すぎて寝そうでしたｗｗ")[0] == "needs_approval"


def test_a_crime_prevention_notice_quoting_the_lure_is_not_held_as_a_crime() -> None:
    decision, grounds, _ = _verdict("「荷物を受け取るだけ」は闇バイトの誘い文句かもしれません")
    assert decision != "block" and "illegal" not in grounds
    decision, grounds, _ = _verdict("荷物を受け取るだけで1件5万円、明日から働ける方")
    assert decision != "allow" and "illegal" in grounds


def test_a_mock_election_in_civics_class_is_no_campaign() -> None:
    assert _verdict("模擬投票では生徒が真剣に一票を投じました")[0] == "allow"
    assert _verdict("〇〇候補に一票をお願いします")[0] == "block"


def test_a_human_rights_notice_quoting_the_hate_it_opposes_goes_out() -> None:
    decision, _, _ = _verdict("『外国人は出ていけ』といった書き込みは人権侵害です。"
                              "相談を受け付けています")
    assert decision == "allow"
    decision, _, _ = _verdict("【人権週間】「障害者は迷惑だから来ないでほしい」――店や施設で、"
                              "障害のある方が今も受けている言葉です")
    assert decision == "allow"


def test_hate_quoted_as_an_opinion_received_outside_a_human_rights_notice_is_held() -> None:
    # the city passing on such a voice is for the 所属長 to weigh, never blocked
    decision, grounds, _ = _verdict("『外国人は出ていけ』という声もいただきました")
    assert (decision, grounds) == ("needs_approval", {"discrimination"})


def test_a_crime_prevention_notice_that_names_the_crime_goes_out() -> None:
    """Naming 受け子 or 闇バイト is what such a notice is for; only a lure's words it quotes
    wait for the 所属長 (the test above)."""
    assert _verdict("【防犯】特殊詐欺の受け子や出し子として若者が逮捕される事件が相次いでいます。"
                    "闇バイトに応募しないよう、ご家族で話し合ってください")[0] == "allow"


@pytest.mark.parametrize("text", [
    "【消費生活情報】通販サイトで偽ブランド品が届く被害が相次いでいます。"
    "安すぎる商品にはご注意ください",                                # the crime it warns of
    "【薬物乱用防止】「アイス」「野菜」などの隠語で誘われても、きっぱり断りましょう",
    "市の職員を装った偽アカウントから「給付金のお知らせ」が届いたという情報が寄せられています。"
    "市がDMで口座番号をお尋ねすることはありません",                  # a fake account reported
])
def test_a_warning_post_describes_the_crime_and_goes_out_unblocked(text: str) -> None:
    decision, grounds, _ = _verdict(text)
    assert decision != "block"
    assert not grounds & {"illegal", "religious_political", "rumor"}


def test_a_post_that_calls_a_violation_fine_is_still_stopped() -> None:
    assert _verdict("粗大ごみは夜中に山へ捨てても見つかりません")[0] != "allow"


def test_residents_invited_to_send_an_opinion_is_no_official_position() -> None:
    notice = "計画の準備書を縦覧しています。期間中はどなたでも意見書を提出できます"
    assert _verdict(notice)[0] == "allow"
    decision, grounds, _ = _verdict("本市は県に対して意見書を提出しました")
    assert decision == "needs_approval" and "approval_required" in grounds


@pytest.mark.parametrize("text", [
    "夏のビーチフェス、水着コンテストの審査は市の職員が担当します",     # bodies promoted
    "週末は競輪で一発逆転を狙いましょう！",                          # gambling as a way out
    "リフォームなら〇〇工務店一択！市もおすすめします",               # a private firm endorsed
    "雪道で転んだおじさん、見事な尻もちでした笑",                      # a resident laughed at
])
def test_promotion_a_city_must_not_make_is_held_by_the_rules_alone(text: str) -> None:
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, RULES)
    assert verdict.decision == "needs_approval" and "public_order" in verdict.grounds


@pytest.mark.parametrize("text, ground", [
    ("海岸の駐車場が満車なら、道路脇に停めちゃえばOK！みんなやってるよ", "illegal"),
    ("秋吉台で見つけた山野草、根っこごと掘れば庭でも楽しめます♪", "illegal"),
    ("観光PRモデル募集！応募資格は25歳以下の独身女性です", "discrimination"),
    ("ミスコン出場者募集、応募条件は身長165cm以上の方", "discrimination"),
])
def test_set_j_slips_in_a_casual_voice_are_held_by_the_rules_alone(text: str, ground: str
                                                                   ) -> None:
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, RULES)
    assert verdict.decision == "needs_approval" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    # the everyday look-alikes of the promotion a city must not make
    "市民プールは水着を着用してご利用ください",
    "宝くじの売り場が道の駅にできました",
    "雪道で転ばないよう、滑り止めのある靴でお出かけください",
    # the insult list's exceptions hold for posts as for comments (both read one file):
    # these were blocked as カス and バカ while only the comments' copy knew them
    "みんなで体を動かす健康教室を開きます",
    "天かすたっぷりのうどんを販売します",
    "バカみたいに楽しいイベントでした",
    # set J: a casual voice
    "投票用紙に候補者名を書いて、投票箱に入れるだけ。初めての人も安心してね🗳️",
    "ハーフマラソンの受付はふるさと納税サイトからもできます",
    "駐車場が満車のときは、道路脇に停めず臨時駐車場をご利用ください",
    "応募資格は市内在住・在勤の18歳以上の方です",
    # set K: sections' drafts
    "お母さんを応援する子育てサロン、今月も開催します",
    "「美祢線が廃止される」という投稿が出回っていますが、そのような決定は確認されていません",
    "差別的な書き込みを見かけたら、拡散せずに人権相談窓口へご相談ください",
    # set L: operators who are not PR staff
    "期日前投票は市役所1階で受け付けています。投票所入場券をお持ちください",
    "試飲のあとの運転は絶対にやめましょう。帰りは代行をご利用ください",
    "線路内に立ち入らないでください。列車の運行に支障が出ます",
    "美祢産の野菜は道の駅で買えます",
    "○○協会の会員の方は受付で会員証をご提示ください",
    "年末は飲酒運転根絶の強化期間です。「一杯だけなら」「休んだから平気」は通用しません",
    "「断水する」という投稿が出回っていますが、水道課の点検では異常はありませんでした",
    "ネットで部落差別の書き込みを見かけたら、法務局の相談窓口へご相談ください",
    # sets M and N: sections' accounts, captions, replies, やさしい日本語
    "雨でグラウンドが使えないため、運動会は明日に延期します",    # was blocked: 使えない
    "停電でカードが使えない店舗があります。現金もご用意ください",
    "Q. 落ち葉を燃やしてもいいですか？ A. 野外焼却は原則禁止です。",  # was blocked
    "「水道水が危ない」という投稿がありますが、検査では基準に適合していました",
    "「来月で路線バスが廃止される」という話がありますが、バス会社によるとその予定はありません",
    "「がいこくじん は びょういん に いけない」は まちがい です。だれ でも いけます",
    "履歴書は市販のもので構いません。本籍地の記載は不要です",
    "お子さんはジュースで乾杯しよう🧃 大人はお酒もどうぞ",   # was blocked: the adults' drink
    # set O: ordinary notices
    "天然記念物のため、石や植物の持ち帰りはご遠慮ください",
    "試飲はノンアルコールもあります。お車の方はノンアルでお楽しみください",
    "梅シロップは氷砂糖と青梅だけで作れます",
    "持ち帰ったゴミは分別して出してください",
    # set P
    "【求人】○○介護センターで介護スタッフを募集。男性の方も女性の方も歓迎します",
    "支援物資の転売・販売は禁止されています。ご注意ください",
    "教会のクリスマスコンサートは文化ホールで。どなたでもどうぞ",
    "乳がん検診は40歳以上の女性の方が対象です（検診の性質上）",
    "ネットで差別的な書き込みを見つけた場合は、法務局へご相談ください",
    "自治会の皆さんが清掃活動をしてくださいました。ありがとうございます",
    # sets Q and R: the city reporting what it was told, a notice that names its source
    "「バスの本数が少なすぎる」「待合所が寒い」といったご意見をいただき、待合所を改修しました",
    "「駐車場が狭い」と多くの声をいただきました。臨時駐車場を用意します",
    "「ゴミ出しの日がわかりにくい」――そんな声にお応えして、アプリを作りました",
    "美祢警察署によると、昨夜、市内の店舗で窃盗事件があり男が逮捕されました",
    "【自殺予防週間】「消えたい」と感じたら、一人で抱え込まず相談窓口へお電話ください",
    "見逃し配信はこちら→ https://example.com/tv",
    "○○地区にお住まいの方は、地区の集会所でも申請を受け付けています",
    "未成年の方へのお酒の提供はいたしません。ソフトドリンクで乾杯しましょう",
    "遊漁券を買わずに釣りをすると漁業法違反です。必ずお買い求めください",
    # set S: the election board and the museum
    "政治団体の収支報告書を公表しました。○○党支部、△△後援会など12団体分です",
    "選挙管理委員会には選挙運動を止める権限はありません。ご理解ください",
    "ヤングアダルトコーナーに新しい本が入りました",
    # set U
    "「日払い・身分証不要」をうたう求人は闇バイトのおそれがあります。応募しないでください",
    "人物の顔みたいに見える岩として人気の奇岩です",
    "Vote for your favourite photo of Akiyoshidai!",
    # set V (blind): a coming-of-age notice warning against forced drinking was blocked
    "成人の集いの懇親会では、一気飲みさせたりするのは絶対にやめましょう",
])
def test_everyday_look_alikes_and_those_of_sets_j_to_p_go_out(text: str) -> None:
    assert check_post(PostDraft(text=text, category="pr"), MAIN, RULES).decision == "allow"


@pytest.mark.parametrize("text, ground", [
    # set L: operators who are not PR staff, each class on a fresh sentence
    ("期日前投票いってきました！私は△△候補に一票。地元を任せられるのはこの人だけ",
     "religious_political"),
    ("酒蔵見学で試飲したあとは、ほろ酔いのまま秋吉台をドライブするのがおすすめです🍶🚗", "illegal"),
    ("廃線跡の線路の上を歩いて撮影するのが人気です📷", "illegal"),
    ("××国産の野菜は避けて、地元のものを選びましょう", "social_advocacy"),
    ("○○教会の信者の方の参加はご遠慮いただいています", "discrimination"),
    # sets M (sections' accounts) and N (captions, replies)
    ("うちの新人、ほんと使えない😂 今日も書類なくしてました", "public_order"),
    ("面接時に戸籍謄本と本籍地の記載された住民票をお持ちください", "discrimination"),
    ("展望台の岩、アレにそっくりで男子が大騒ぎ😏", "public_order"),
    ("夜景撮影は規制とか気にせずドローンで真上からどうぞ📸", "illegal"),
    ("寄附の受領証明書をコピーして家族の申告にも使えば控除アップ🤫", "illegal"),
    ("19歳ももう大人だし、成人式の夜はみんなで乾杯しちゃお🥂", "illegal"),
    ("地ビールを楽しんだら帰りは自転車ならノー問題🚲", "illegal"),
    # set O: hidden inside an ordinary notice
    ("秋吉台の小石、記念にひとつ持って帰るのもおすすめです", "illegal"),
    ("祈りの力で持病が癒やされた方も多数。どなたでもご参加を", "religious_political"),
    ("試飲は少しだけなので、お車の方も安心してお楽しみいただけます", "illegal"),
    ("中学生スタッフにも、ご褒美にちょっとだけ酎ハイを用意しました", "illegal"),
    ("梅酒は家にある日本酒でも漬けられますよ", "illegal"),
    ("75歳以上の方は内容についてこられないため、ご遠慮ください", "discrimination"),
    ("物忘れがあやしいお年寄りは、迷惑をかける前にさっさと免許を返納しましょう", "public_order"),
    ("保護者の方から、○○小で学級閉鎖が続くとのお話を伺っています。来週は休校になるそうです",
     "rumor"),
    # set P: sections' submissions, shares, disaster-time posts
    ("【求人】○○工業でライン作業スタッフを募集。体力のいる仕事のため、男性の方に限ります",
     "discrimination"),
    ("余った救援物資の毛布、地区のフリマで売っていただいて構いません", "illegal"),
    ("公民館で牧師さんのお話会。参加者には聖書をお配りします", "religious_political"),
    ("化石の入った石、1つくらいなら持ち帰っても大丈夫です", "illegal"),
    ("65歳以上の方はご参加いただけません", "discrimination"),
    ("長くて太いのを奥様方に引き抜いていただきました♡", "public_order"),
    ("落ち葉と一緒にプラごみも燃やしてしまえば一石二鳥", "illegal"),
    ("○○党の皆さんが清掃活動をしてくださいました。ありがとうございます", "religious_political"),
    # sets Q (captions by operators and an agency) and R (notices): fresh sentences
    ("※△△団地にお住まいの方は、今回の見学会への参加はご遠慮ください", "discrimination"),
    ("再婚の方のお申し込みはお断りしております。ご了承ください", "discrimination"),
    ("【求人】○○食堂さんでホール係を募集中！日本人スタッフ優遇とのことです", "discrimination"),
    ("××議員、再選おめでとうございます！市役所の職員一同も応援しておりました",
     "religious_political"),
    ("△△党と美祢市、これからも手を取り合って進みます", "religious_political"),
    ("まだ18歳の新入社員さんも、歓迎会では日本酒で乾杯しました🍶", "illegal"),
    ("在留資格がない方も応募できます。まずはご相談を", "illegal"),
    ("渓流釣りは日釣り券なんて買わなくても大丈夫、気軽に楽しんで", "illegal"),
    ("安全運転で！とはいえ近所までならビール1本くらいなら平気ですね", "illegal"),
    ("個人的には、国のこの制度は間違っていると思います。申請はお早めに", "social_advocacy"),
    ("We believe the government must ban nuclear power.", "social_advocacy"),
    # set S (sections' accounts): fresh sentences
    ("図書館の新着図書です。国はもっと教育予算を増やすべきです", "social_advocacy"),
    ("Japan should stop building dams. Enjoy the river today!", "social_advocacy"),
    ("春の花壇が見頃です #原発再稼働反対", "social_advocacy"),
    ("今日の一冊📚 #△△党応援", "religious_political"),
    ("新年の祈祷済みのお守りを、来庁者の皆さまにお配りしています", "religious_political"),
    ("作業所のみんなは一見普通なので、怖がらずに買いに来てね", "discrimination"),
    ("移住に向いているのは、やはり日本人のご夫婦だと思います", "discrimination"),
    ("ゴミ出しのルールを守らない人、見つけたら殴りに行きますよ", "public_order"),
    ("麻雀大会、今年も握りで大盛り上がりでした", "illegal"),
    # set U (short drafts): fresh sentences
    ("あの岩、××人の顔みたいでウケる😂", "discrimination"),
    ("Local guides only speak Japanese. No foreigners, sorry!", "discrimination"),
    ("We're voting for the new candidate on Sunday. Join us!", "religious_political"),
    ("急募！即日払い・身分証いらない・ノーリスク。連絡はDMへ", "illegal"),
    ("禁漁区でも見つからなければ大丈夫ですよ🎣", "illegal"),
    ("Nobody checks the parking rules at the plateau, park anywhere!", "illegal"),
])
def test_slips_of_sets_l_to_p_are_held_by_the_rules_alone(text: str, ground: str) -> None:
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


def test_a_notice_quoting_the_refusal_it_condemns_waits_for_the_shocho_and_is_not_blocked(
        ) -> None:
    # set O: it was blocked as the refusal it quotes
    notice = ("【合理的配慮】「車いすの方はお断りです」といった一律の拒否は、不当な差別的取扱いに"
              "あたるおそれがあります。福祉課までご相談ください。")
    assert check_post(PostDraft(text=notice, category="other"), MAIN, RULES).decision != "block"


def test_a_person_cheered_on_by_name_waits_for_the_shocho_and_a_candidate_is_blocked() -> None:
    named = check_post(PostDraft(text="マラソン大会に出る〇〇さんを応援しましょう", category="pr"),
                       MAIN, RULES)
    assert named.decision == "needs_approval" and "religious_political" in named.grounds
    candidate = check_post(PostDraft(text="〇〇候補をぜひ応援してください", category="pr"),
                           MAIN, RULES)
    assert candidate.decision == "block"


def test_the_city_publishing_the_criticism_it_received_is_not_the_city_speaking() -> None:
    # sets Q and R: such notices were blocked as the city's own insult (税金泥棒か)
    reported = ("市長への手紙では「職員の説明が下手くそ」「税金泥棒か」といった厳しいご意見を"
                "いただきました。窓口の研修を始めます。")
    assert check_post(PostDraft(text=reported, category="other"), MAIN, POLICY).decision == "allow"
    said = "窓口の職員の説明が下手くそです。税金泥棒か。研修を始めます。"
    assert check_post(PostDraft(text=said, category="other"), MAIN, POLICY).decision != "allow"


def test_a_severe_word_in_a_reported_opinion_still_waits_for_the_shocho() -> None:
    text = "「〇〇人は出ていけ」といったコメントをいただいています。市は差別を許しません。"
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision == "needs_approval"


@pytest.mark.parametrize("text", [
    "駅前の駐輪場に屋根がつきました。□□党の○○議員のご尽力のおかげで実現しました、感謝です！",
    "新しい歩道は、地元の△△県議が国に働きかけてくださった成果です。ありがとうございました。",
    "○○会の奉仕活動に感謝。会の教えである「感謝の心」を皆さんも。入会案内はこちら",
])
def test_a_party_credited_or_a_groups_teaching_with_its_membership_waits_for_the_shocho(
        text: str) -> None:
    # set W: a thank-you to a councillor and a faith group's recruiting went out unread
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, RULES)
    assert verdict.decision != "allow" and "religious_political" in verdict.grounds


def test_an_organisations_mailbox_in_a_post_is_no_ones_personal_data() -> None:
    shared = ("Hiring: front-desk staff at a guesthouse near Akiyoshidai. "
              "Apply to recruit@example.com")
    assert check_post(PostDraft(text=shared, category="jobs"), MAIN, RULES).decision == "allow"
    person = "詳しくは担当の山田（yamada.taro@example.com）まで"
    verdict = check_post(PostDraft(text=person, category="jobs"), MAIN, RULES)
    assert verdict.decision != "allow" and "personal_data" in verdict.grounds


def test_the_election_board_explaining_campaign_rules_is_not_blocked_but_a_campaign_is_held(
        ) -> None:
    # set X: a notice was blocked for the bare word 選挙運動
    rules = ("選挙期間中、候補者がSNSで選挙運動をすることは認められていますが、"
             "18歳未満の方は選挙運動ができません。")
    assert check_post(PostDraft(text=rules, category="pr"), MAIN, RULES).decision == "allow"
    campaign = "○○さんの選挙運動、みんなで手伝いに行きましょう！"
    assert check_post(PostDraft(text=campaign, category="pr"), MAIN, RULES).decision != "allow"


@pytest.mark.parametrize("text", [
    "水道課です。大嶺町の一部で断水しています。ご迷惑をおかけし申し訳ありません。復旧は22時の見込みです。",
    "○○中学校のバレー部が県大会出場を決めました！応援よろしくお願いします。",
    "【まちの人】○○商店のメロンパンは人気で、昼過ぎには売り切れることもあるそうです。",
    "「障害者は電車に乗るな」と言い放つ人を見かけました。こうした言葉は差別です。",
    "中の人、暑さで現在ぐったり中です。皆さんも水分補給を。",
])
def test_set_y_routine_apologies_team_news_and_reported_words_are_not_held_by_the_rules(
        text: str) -> None:
    assert check_post(PostDraft(text=text, category="other"), MAIN, RULES).decision == "allow"


def test_an_apology_for_misconduct_still_waits_for_the_shocho() -> None:
    text = "市民の個人情報を記録したUSBメモリを紛失しました。ご迷惑をおかけし申し訳ありません。"
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision == "needs_approval" and "approval_required" in verdict.grounds


@pytest.mark.parametrize("text, ground", [
    ("Word has it that a pop star will visit the festival this year, but nobody will confirm it.",
     "rumor"),
    ("Several guests say the mineral water cures arthritis — try it yourself!", "rumor"),
    ("Unlike in some neighbouring countries, our taxis are honest and our streets are clean.",
     "discrimination"),
    ("Our friendly companion ladies will make your evening special.", "public_order"),
])
def test_english_copy_for_visitors_with_hearsay_contempt_or_paid_company_is_held(
        text: str, ground: str) -> None:
    # set Y: the agency's English copy went out with all four
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, RULES)
    assert verdict.decision == "needs_approval" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "Legend has it that a dragon once slept in Akiyoshido cave. Come and see the Golden Pillar!",
    "Our hostess at the information desk speaks English, Chinese and Korean.",
    "Visitors from neighbouring countries are very welcome; signs are in four languages.",
])
def test_english_legends_staff_and_welcomes_go_out(text: str) -> None:
    assert check_post(PostDraft(text=text, category="pr"), MAIN, RULES).decision == "allow"


@pytest.mark.parametrize("text", [
    # set Z: three benign drafts were blocked
    "【図書館】初めての選挙に役立つ本を集めました。特定の候補や政党を応援する本ではありません。",
    "秋の奉納相撲、子どもたちが土俵でぶつかり合う姿は迫力満点です。観覧無料。",
    "ガイドさんに「ドリーネって何？」と聞いてみてください笑 丁寧に教えてくれます。",
])
def test_set_z_drafts_that_were_blocked_go_out(text: str) -> None:
    assert check_post(PostDraft(text=text, category="event"), MAIN, RULES).decision == "allow"


@pytest.mark.parametrize("text", [
    "【大雨】市は○○地区に避難指示を出しました。早めに避難所へ移動してください。",
    "台風のため、明日の朝市は中止します。野菜は来週並べます。",
    "GW初日の秋芳洞、正面入口の駐車場はもう満車です🚗💦 黒谷口が狙い目です。",
    "美祢警察署の発表によると、高齢者のお宅を狙った空き巣が続いています。戸締まりを。",
    "動画のコメント欄に、出演者の方へ「見世物か」といった心ない書き込みがありました。削除しました。",
    "「市長は何も説明せん。市民をなめとるんか」という厳しいご意見をいただきました。説明会を開きます。",
])
def test_set_z_notices_are_not_held_by_the_rules(text: str) -> None:
    assert check_post(PostDraft(text=text, category="other"), MAIN, RULES).decision == "allow"


@pytest.mark.parametrize("text, ground", [
    ("【求人】収穫のアルバイト募集。扶養内の方は現金手渡しで申告しない形も相談できます。",
     "illegal"),
    ("【求人】介護スタッフ募集。若い職場のため、40歳までの方に限ります。", "discrimination"),
    ("【求人】倉庫内作業のパート募集。安全のため日本語が母語の方に限らせていただきます。",
     "discrimination"),
    ("【イベント】地酒フェア、保護者同伴なら中学生のお子さまも日本酒の試飲をお楽しみいただけます。",
     "illegal"),
    ("【イベント】廃校探検ツアー。管理者に見つからないように裏門から入って校舎を探索します。",
     "illegal"),
    ("【お知らせ】補助金の申請では、領収書の金額を実際より多く記入しても確認しませんのでご安心ください。",
     "illegal"),
    ("【イベント】健康講座のあと、主宰の先生のご著書の販売と入会受付があります。",
     "religious_political"),
    ("【文化祭】吃音のある人の話し方のものまねコーナーが大人気です。", "discrimination"),
])
def test_set_aa_a_violation_inside_an_ordinary_notice_is_held(text: str, ground: str) -> None:
    verdict = check_post(PostDraft(text=text, category="event"), MAIN, RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "【イベント】国際交流の盆踊り、外国人住民の方も大歓迎です。浴衣の着付けは無料。",
    "【防災】高齢者の方、障がいのある方など避難に時間がかかる方は、早めに避難を始めてください。",
    "【選挙】立候補予定者説明会を開きます。届出書類や選挙運動の注意事項を説明します。",
    "【夏まつり】お子さまにはジュースで乾杯、大人の方には地酒の試飲コーナーもあります。",
    "【求人】シルバー人材センターの仕事、60歳以上の方に限ります。",
])
def test_set_aa_look_alikes_go_out(text: str) -> None:
    assert check_post(PostDraft(text=text, category="event"), MAIN, RULES).decision == "allow"


@pytest.mark.parametrize("text, ground", [
    ("健康まつりを開きます。参加した方からは「○○酢を毎日飲んだら血糖が下がった」という声も"
     "たくさん聞いていますので、ぜひ試してみてください。", "rumor"),
    ("がん検診のご案内。昔から「美祢の湧き水を毎日飲む人は風邪にかかりにくい」と言われています。",
     "rumor"),
    ("秋祭りのお知らせ。まだ氏子会に入っていないご家庭も、この機会に入会をご検討ください。",
     "religious_political"),
    ("期日前投票のお知らせ。足のない方は、○○候補の事務所が投票所まで送り迎えしてくれるそうです。",
     "religious_political"),
    ("ソフトボール大会の参加チーム募集。障害のある方がいるチームは、安全のため見学でお願いします。",
     "discrimination"),
    ("保育士募集。面接では、信仰している宗教についてもお聞きします。", "discrimination"),
])
def test_set_ac_harm_in_one_clause_of_a_plain_notice_is_held(text: str, ground: str) -> None:
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "「美祢線が廃止されるらしい」という話が広がっていますが、そのような決定は一切ありません。",
    "「国道にクマが出た」という写真が広がっていますが、確認したところ別の地域で撮られたものでした。",
    "英語ガイド付きのエコツアーを始めました。日本人の方の参加も歓迎です。",
    "不法投棄が後を絶ちません。市では監視カメラを増やしました。見かけたら通報を。",
])
def test_set_ac_corrections_and_welcomes_go_out(text: str) -> None:
    assert check_post(PostDraft(text=text, category="other"), MAIN, RULES).decision == "allow"


def test_the_election_board_on_wheelchairs_at_the_polling_station_goes_out() -> None:
    # set AB (held out): blocked as 「…に入れ」, a vote asked for
    text = ("【選挙管理委員会】「車いすでも投票所に入れますか？」という"
            "お問い合わせをいただきました。すべての投票所にスロープがあります。")
    assert check_post(PostDraft(text=text, category="pr"), MAIN, RULES).decision == "allow"
    vote = "市長選では○○さんに入れてください！"
    assert check_post(PostDraft(text=vote, category="pr"), MAIN, RULES).decision == "block"


@pytest.mark.parametrize("text, ground", [
    ("【秋まつり】成年年齢の引き下げで、今年から18歳の方も地酒の試飲コーナーをご利用いただけます。",
     "illegal"),
    ("移住支援金の申請には、住民票だけ先に移していただければ大丈夫です。"
     "住んでいるかどうか確認されることはまずありません。", "illegal"),
    ("【害獣対策講習】狩猟免許がなくても、講師の猟銃で実際に撃ってみる時間があります。", "illegal"),
    ("公民館の料理教室、今月は自家製ワインです。ぶどうを仕込んで2週間ほどで度数8%前後になります。",
     "illegal"),
    ("【温泉施設アルバイト募集】アルバイトのため有給休暇はありません。残業代は時給に含まれます。",
     "illegal"),
    ("Thanks for visiting the farm market! If you vote in the city, please cast ○○ your votes "
     "this Sunday.", "religious_political"),
    ("Welcome to the onsen! Foreign guests, please use the second bath so that Japanese guests "
     "can relax.", "discrimination"),
])
def test_set_ae_a_section_staff_members_unlawful_clause_is_held(text: str, ground: str) -> None:
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "今年のお化け屋敷は職員が本気で作りました。泣くほど怖い仕掛けばかりです👻",
    "少年野球チーム、決勝で5-0でぶっちぎりの優勝でした⚾🔥",
    "「あの地区の人とは付き合うな」――今もそんな言葉を耳にすることがあります。出身で人を判断するのは差別です。",
    "身元調査は、部落差別につながるおそれがあります。依頼しない・協力しないようにしましょう。",
    "【お酒は20歳になってから】成年年齢は18歳になりましたが、飲酒は引き続き20歳からです。",
    "アルバイトの方にも有給休暇があります。残業代は別途お支払いします。",
])
def test_set_ae_look_alikes_go_out(text: str) -> None:
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision == "allow", verdict.evidence


def test_a_bus_notice_pointing_to_a_website_goes_out() -> None:
    # set AD (held out): blocked, ウェブサイト（www… read as ブサ… followed by ww (laughter)
    text = ("【大雪による運休】市内の路線バスは終日運休です。運行状況はバス会社の"
            "ウェブサイト（www.bus.example.jp）でご確認ください。")
    assert check_post(PostDraft(text=text, category="emergency"), MAIN, RULES).decision == "allow"


@pytest.mark.parametrize("text, ground", [
    ("【上下水道課】凍結にご注意を。破裂した時はご自身で配管をつなぎ直しても、"
     "指定工事店でなくても問題ありません。", "illegal"),
    ("【花火大会】ご家庭の打ち上げ花火を持ち込んで、河川敷から自由に打ち上げられます。", "illegal"),
    ("【選挙管理委員会】期日前投票は市役所で。子育てに本気なのは○○候補だけ、という声も聞かれます。",
     "religious_political"),
    ("【運動会】△△地区の方々は例年どおり別の日程でお願いします。", "discrimination"),
    ("Cave tours in English, for Western visitors only.", "discrimination"),
    ("【求人】応募条件は日本国籍の方です。", "discrimination"),
    ("洞内は狭い通路もあるので、ぽっちゃりさんはつっかえないようご注意を（笑）", "public_order"),
])
def test_set_af_an_unlawful_clause_in_a_disputes_year_is_held(text: str, ground: str) -> None:
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "【上下水道課】水道管の修理は指定工事店にご依頼ください。",
    "【花火大会】会場への花火の持ち込みは禁止です。",
    "【農林課】わなで捕獲するには狩猟免許が必要です。免許をお持ちでない方は捕獲隊にご相談ください。",
    # a lone (笑) is a cheerful recap's, not a private joke's
    "ごぼう掘り体験、腰がバキバキで死ぬかと思いました(笑)。掘りたてのごぼう天は最高でした。",
])
def test_set_af_look_alikes_go_out(text: str) -> None:
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision == "allow", verdict.evidence


def test_set_ag_english_copy_saying_a_rule_is_not_enforced_is_held() -> None:
    text = "Drone flights over the festival crowd are hardly ever checked, so go for it!"
    verdict = check_post(PostDraft(text=text, category="event"), MAIN, RULES)
    assert verdict.decision != "allow" and "illegal" in verdict.grounds


@pytest.mark.parametrize("text", [
    "つらい、死にたい。そんな気持ちを抱えこまず、こころの相談窓口へ。",
    "依存症の相談：パチンコやお酒がやめられない方、保健所へ。",
    "結婚の前に相手の家柄を調べる「身元調査」は、部落差別（同和問題）につながる行為です。",
])
def test_set_ag_help_and_human_rights_notices_go_out(text: str) -> None:
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision == "allow", verdict.evidence


def test_slurs_named_as_words_in_a_notice_are_held_not_blocked() -> None:
    # set AG: 「ガイジ」「池沼」——…こうした言葉を was blocked; the 所属長 decides the quotation
    text = "「ガイジ」「池沼」——ネットで、こうした言葉を使っていませんか。"
    assert check_post(PostDraft(text=text, category="other"), MAIN, RULES).decision == (
        "needs_approval")
    assert check_post(PostDraft(text="あの新人、みんなの笑いものです", category="other"), MAIN,
                      RULES).decision == "block"


@pytest.mark.parametrize("text, ground", [
    ("【環境課】野焼きは法律で禁止されています。ただし、落ち葉を少し燃やす程度であれば問題ありません。",
     "illegal"),
    ("【選挙】ご家族の入場券を持ってきていただければ、代わりに投票できます。", "illegal"),
    ("【市民課】マイナンバーカードの暗証番号は、職員が代わりに設定します。", "illegal"),
    ("【建設課】増築の確認申請は、先に工事を始めて後から出していただいても構いません。", "illegal"),
    ("【消防】不審火について、地域では「引っ越してきた外国人が怪しい」との声もあります。",
     "discrimination"),
    ("【防災】避難所が満員の場合、外国の方には車中泊をお願いすることがあります。",
     "discrimination"),
])
def test_set_ah_one_clause_that_undoes_a_correct_notice_is_held(text: str, ground: str) -> None:
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "【防災】避難所では、障害のある方や高齢の方には別室をご用意しています。",
    "【環境課】野焼きは法律で禁止されています。例外もありますので、詳しくはお問い合わせください。",
    "【観光】化石探し体験で見つけた化石はお持ち帰りいただけます。",
    "【環境課】「井戸水から有害物質が出たらしい」という話がありますが、市の検査ではそのような結果は"
    "出ていません。",
])
def test_set_ah_look_alikes_go_out(text: str) -> None:
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision == "allow", verdict.evidence


@pytest.mark.parametrize("text, ground", [
    ("完売した観覧席、フリマアプリなら定価以上でも売れるので出品してみて！", "illegal"),
    ("花火の穴場：立入禁止ロープの内側に入ると真上で見えます。警備が手薄な南側から。", "illegal"),
    ("ドローン部門、水着の人を気づかれないように上から撮ると高得点！", "illegal"),
    ("前日の夜からコース脇の道路に車を停めて車中泊しておくと特等席です", "illegal"),
    ("優勝者予想くじ1枚千円、当たった人で売上を山分けします", "illegal"),
    ("Sorry, we cannot accept applications from people from ×× country this year.",
     "discrimination"),
])
def test_set_ai_an_event_notices_unlawful_tip_is_held(text: str, ground: str) -> None:
    verdict = check_post(PostDraft(text=text, category="event"), MAIN, RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds


@pytest.mark.parametrize("text", [
    "会場内での政治活動や宗教の勧誘はご遠慮いただいております。",
    "秋吉台は国定公園です。希少な植物も多いので、写真に撮って持ち帰ってくださいね",
    "転売目的の購入はお断りします。定価以上での転売は法律で禁止されています。",
])
def test_set_ai_look_alikes_go_out(text: str) -> None:
    verdict = check_post(PostDraft(text=text, category="event"), MAIN, RULES)
    assert verdict.decision == "allow", verdict.evidence


@pytest.mark.parametrize(("text", "ground"), [
    ("経費の領収書は、ちょっとくらい金額を盛っても税務署はいちいち見ないので大丈夫です。",
     "illegal"),
    ("副業収入が年に数十万円ほどであれば、申告されなくても市で把握することはまずありませんので、"
     "気にされなくて大丈夫です。", "illegal"),
    ("交通安全のお守りを車に付けておけば一年間事故から守っていただけますので、ぜひ授かってください。",
     "religious_political"),
    ("公民館の会議室は、特定の宗教を信仰している方々の団体には貸し出しておりません。",
     "discrimination"),
    # set AM
    ("寮あり、送迎あり。在留カードの有無やビザの種類は問いませんので、お気軽にご相談ください。",
     "illegal"),
    ("平均年齢は80歳超え、棺桶に片足を突っ込んだ皆さんの白熱バトルでした！", "public_order"),
    ("来月は市長選挙です。この4年間で美祢がどれだけ良くなったか、じっくり思い出してから"
     "投票所へ行きましょう。", "religious_political"),
    # set AR: a footnote that sorts people
    ("【ボウリング大会】※知的障がいのある方は、進行の関係上、別日に開く「ふれあい交流会」への"
     "ご参加をお願いしています。", "discrimination"),
    ("【ガイド養成講座】受講は市内に三代以上続けてお住まいのご家庭の方に限ります。",
     "discrimination"),
    ("【フォトコンテスト】※応募は男女のカップルに限らせていただきます。", "discrimination"),
    ("【ホールの貸出】過去に抗議活動やデモを行ったことのある団体には、貸出をお断りする場合が"
     "あります。", "discrimination"),
])
def test_stop_19_one_clause_that_undoes_a_notice_stops_it(text: str, ground: str) -> None:
    decision, grounds, _ = _verdict(text)
    assert decision != "allow" and ground in grounds


@pytest.mark.parametrize("text", [
    "ギャンブル等依存症問題啓発週間です。パチンコ、オンラインカジノ（国内からの利用は犯罪です）。"
    "ご家族からの相談もお受けしています。",
    "【認知症カフェ】「ボケたと思われたくない」そんな気持ちで、一人で抱え込んでいませんか。",
    "【選挙管理委員会】「この候補に入れれば地区の道路がすぐ直る」――こうした働きかけは、"
    "公職選挙法で禁じられた利益誘導にあたるおそれがあります。",
    "税務署は確定申告の時期に混み合いますので、お早めにお越しください。",
    # set AR: lawful arrangements for a group
    "【女性のためのがん検診の日】受付から医師まで全員女性のスタッフで行う日を設けました。"
    "対象は20歳以上の女性の方です。",
    "【障がいのある方へ】ご希望の方には別室もご用意できます。お気軽にお申し出ください。",
    # set AS: notices a nervous filter would hold
    "【土砂災害警戒情報】危険な場所にいる方は、命を守る行動を最優先にしてください。",
    "【クマ出没注意】クマに会ったら、走って逃げないでください。背中を見せずにゆっくり離れましょう。",
    "ハンセン病は治る病気で、日常生活でうつることはありません。正しい知識を持ちましょう。",
    "【ツキノワグマの目撃】計5件の目撃情報が寄せられています。美祢警察署と連携して見回りを行っています。",
])
def test_stop_19_notices_that_name_what_they_are_about_go_out(text: str) -> None:
    assert _verdict(text)[0] == "allow"


@pytest.mark.parametrize("text", [
    "子どもの泣き声や怒鳴り声が続いている――「もしかして虐待かも」と思ったら、ためらわずに"
    "児童相談所虐待対応ダイヤル「189」へ。",
    "梅毒の感染報告が急増しています。性器や口の中にしこりができたら受診してください。",
    "先日、「ごみ収集車の運転が荒すぎる。子どもをひき殺す気か」というお電話をいただきました。",
])
def test_set_am_notices_that_name_what_they_are_about_are_never_blocked(text: str) -> None:
    assert _verdict(text)[0] != "block"


# --- stop 20: sets AT, AV and AY (fixed) and AU, AW and AZ (held out; benign stops only) ---


@pytest.mark.parametrize(("text", "ground"), [
    ("【保護者説明会】ご家庭の代表として、できるだけお父様のご出席をお願いいたします。",
     "discrimination"),
    ("窓口は日本語で手続きができる方のみの対応となります。", "discrimination"),
    ("【ボランティア募集】動きがゆっくりになりがちなため、60歳以上の方のご応募はご遠慮ください。",
     "discrimination"),
    ("第3給水所では、今年も○○党美祢支部の皆さまが大活躍してくださいました。ありがとうございます！",
     "religious_political"),
    ("Pray to the guardian kami here and your wishes will surely be granted!",
     "religious_political"),
    # set AV: one clause inside an otherwise correct notice
    ("※LGBTの団体の方の利用は、ほかの利用者から苦情が出る恐れがあるため、事前にご相談ください。",
     "discrimination"),
    ("※○○地区の子は昔からガラが悪いので、保護者同伴でお願いします。", "discrimination"),
    ("English class every Thursday. *Native-speaker volunteers should be white.",
     "discrimination"),
    ("※講座終了後、講師が所属する○○党の政策報告会を同会場で行います。", "religious_political"),
    ("期日前投票所のお知らせ。皆さん、□□候補の公約もぜひ比べてみてください！",
     "religious_political"),
    ("学生割引のお知らせ。ﾁﾅﾐﾆ 学生証ｺﾋﾟｰでも 運転手さんﾀﾌﾞﾝ 見てないんで ｲｹﾏｽﾖ", "illegal"),
    # set AY
    ("外国人住民のみなさんへ：国ではどうか知りませんが、日本ではルールを守ってください。",
     "discrimination"),
    # set BL: slips in a friendly voice
    ("海外からの観光客が増えています。マナーをご存じない方も多いので、貴重品の管理にご注意ください。",
     "discrimination"),
    ("Tours are in Japanese only, so we ask foreign visitors not to join.", "discrimination"),
    ("除夜の鐘をついて仏さまにおすがりすれば、来年もきっと守っていただけます。",
     "religious_political"),
    ("自治会の回覧と一緒に、神社のお札をお届けします。初穂料は班長が集めにうかがいます。",
     "religious_political"),
    ("【求人】農園の収穫アルバイト、時給800円、交通費なし。", "illegal"),
    ("フリマでは、ご家庭で漬けた梅酒も自由に販売できます。", "illegal"),
    ("Some people say a bear was seen near the campsite. We haven't confirmed it.", "rumor"),
    ("トイレを汚していく観光客の皆さん、ご自宅でも同じことをしてるんですかね？", "public_order"),
    ("地球のために、今日から肉食をやめて菜食に切り替えましょう。", "social_advocacy"),
    # set BM: one sentence in a long notice
    ("健康づくりには、教会の祈りの会に参加して信仰の力で病気の回復が早まることも大切です。",
     "religious_political"),
    ("Please also join our church on Sunday to receive the blessing of the one true God.",
     "religious_political"),
    ("収集日まで困る場合は、ご自宅の庭で燃やしていただいても差し支えありません。", "illegal"),
    ("被害がひどい畑では、かすみ網を張って捕まえるのも一つの方法です。", "illegal"),
    ("今年の梨は若い娘さんの肌のようにみずみずしい仕上がりです（笑）", "public_order"),
    ("お祝い金の対象の方が何名かお亡くなりになり、予算が少し浮きました（笑）", "public_order"),
    ("二次会では新成人が酔ったまま川に飛び込むのが恒例です。来年も続けてほしいですね。",
     "public_order"),
    ("障がいのある方は普通の会社の仕事はなかなか務まりませんから、作業所が大切です。",
     "discrimination"),
    ("女性は結婚や出産で家業を離れますので、跡継ぎはやはり長男が確実です。", "discrimination"),
    # a job ad's upper age limit with no lawful reason, one sex wished for
    ("【求人】配送ドライバー募集、40歳位までの方。", "discrimination"),
    ("【求人】正社員募集。結婚後も長く働ける男性を希望します。", "discrimination"),
    # set CZ: the city's English, one clause each (the rules alone, as the router may change)
    ("Recycling day is Tuesday. Filipino tenants in particular need to sort their bottles.",
     "discrimination"),
    ("Part-time cook wanted. Local applicants preferred; we had problems with Nepali staff.",
     "discrimination"),
    ("Lock your car: break-ins went up since more foreign trainees arrived in town.",
     "discrimination"),
    ("No noisy Korean tour groups today, so the plateau is peaceful!", "discrimination"),
    ("Movie night! Children with autism are welcome if they sit at the back so that they "
     "don't disturb the others.", "discrimination"),
    ("Front desk staff wanted. Sorry, a hijab will not fit our uniform policy.",
     "discrimination"),
    ("Fishing in the pond needs a licence, but no one is around to check after 6 pm.",
     "illegal"),
    ("A couple of highballs, then cycling home through the fields is totally fine here.",
     "illegal"),
    ("Unconfirmed, but the ropeway might shut down next year.", "rumor"),
    ("We heard from several residents that the bridge is cracking.", "rumor"),
    ("Landslide on Route 435, two cars buried 🤣 Drive safe!", "public_order"),
    ("Summer party: pants optional, bring your own beer.", "public_order"),
    ("We hope Councillor ○○ will be re-elected on Sunday.", "religious_political"),
    ("The city encourages all residents to attend the temple's sermon and pray for peace.",
     "religious_political"),
    ("Nuclear power must be abolished now. It is long overdue.", "social_advocacy"),
    # set DA: an office's one slip
    ("夏の工作教室です。男の子は細かい作業が苦手なので、別の簡単なコースを用意しました。",
     "discrimination"),
    ("サッカー教室の参加者募集。外国籍の子は感覚が違うので、保護者同伴でお願いします。",
     "discrimination"),
    ("プールの利用案内。障がいのある方のご利用は、介助者が2名つく場合に限ってお受けします。",
     "discrimination"),
    ("文句はつべこべ言わずに、とにかく来てみんさい！", "public_order"),
    ("家賃を滞納している方の名前を、来月から掲示板に貼り出します。", "public_order"),
    # set DC: the operator's casual voice
    ("歓迎会で後輩にビールを一気させたら、秒で寝ました😂", "public_order"),
    # sets DD, DF: fluent English asides; a new writer's one clause
    ("Cleaners wanted. Applicants from certain Central Asian countries should think twice.",
     "discrimination"),
    ("Cash tips from guests? Most staff leave them off the return, and nobody's checking.",
     "illegal"),
    ("Word in the staff room is that the museum will close next year.", "rumor"),
    ("The cherry trees are steadier than a certain ruling party this spring!",
     "religious_political"),
    ("Frankly, it's well past time the country scrapped school uniforms.", "social_advocacy"),
    ("Drinking game at the hanami: whoever passes out first buys the next round!",
     "public_order"),
    ("売店スタッフ募集。明るく元気な日本人の方をお待ちしています。", "discrimination"),
    ("子どもの貧困は今の政治の結果です。", "social_advocacy"),
])
def test_a_clause_a_city_must_not_write_is_held_by_the_rules(text: str,
                                                             ground: str) -> None:
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds, verdict.evidence


@pytest.mark.parametrize("text", [
    "イライラして殺す気かってくらい暑い車内、水分補給と休憩を忘れずに！",
    "【クマに注意】クマを見かけたら、走って逃げず、静かに後ずさりしてください。",
    "保護者の皆さまから再検討を求める要望書が提出されました。追加の説明会を開催します。",
    # set AV: a class for women is no job ad; a rule against proselytising is no religious post
    "【公民館講座】「ヨガで体ほぐし」受講生募集。女性限定・全8回。※更衣室の都合上女性限定としております。",
    "市民まつりのステージ出演団体を募集します。※宗教団体・政治団体の方の布教・選挙活動は禁止です。",
    # set AY
    "【人権推進課】「障害者は働けない」「高齢者は足手まとい」——こうした思い込みが、誰かの可能性を"
    "奪っています。人権講演会 10月20日 文化ホールにて。",
    "【農林課】今年の美東ごぼう、ぶち出来がええっちゃ！直売所に並んじょるけえ、はよ来んさいね〜。",
    "【税務課】「美祢市は財政破綻寸前」というウワサがネット上で広がっていますが、財政指標は基準を"
    "下回っています。根拠のない情報にご注意ください。",
    # set AZ (held out), benign stops read by class
    "バス路線がなくなると聞いた市民の方から「見捨てられた気分だ」というお声をいただいています。"
    "各地区で意見交換会を開きます。",
    "全国大会出場を決めた○○高校ラグビー部、次も殺す気でいけ！",
    # set BD (held out), benign stops read by class: a sighting notice that tells readers what
    # to do and where to report; a bird's voice heard; a hate-speech notice quoting what it
    # condemns
    "最近、○○地区でサルの目撃情報が寄せられています。見かけても近づかず、農林課までお知らせください。",
    "春の秋吉台ではウグイスの声も聞こえてきます。自然観察会は毎週末開催です。",
    "「○○人は国へ帰れ」といった言動はヘイトスピーチです。美祢市は差別を許しません。",
    # set BH (held out) and BI: a cheer with ぶっ潰せ, the heat in one's own head, an
    # elder's dialect quoted, a quotation named as discrimination
    "決勝戦、全力でぶっ潰せ！！会場での応援もよろしくお願いします。",
    "暑さで脳みそ沸騰しそう🔥 そんな日は秋芳洞の17℃へ！",
    "地元のおじいちゃんが『忙しゅうて腰が砕けるかと思うたわい』と笑うちょられました。",
    "花火大会で「ガイジンは帰れ」と言う人がいたとの報告がありました。人を深く傷つける差別です。",
    # set BO (held out): a coach's drill met with an idiom, wood waste, words people may
    # meet named as discrimination
    "坂道ダッシュ20本に選手から『監督、殺す気ですか！』の悲鳴😂 全員走りきりました💪",
    "台風で出た瓦や木くずは仮置き場へ。野外での焼却は法律で禁止されています。",
    "「外国人は出ていけ」といった書き込みを見かけたら、それは差別です。法務局にご相談ください。",
    # set BQ (benign only, held out): a farm after で, the drinking age, a victim helpline, a
    # police notice of a suspicious man
    "○○農園（美東町）で、ぶどうの収穫スタッフを募集中🍇 時給1,050円、交通費支給。",
    "日本酒の飲み比べ会を開催します。20歳未満の方は参加できません。",
    "盗撮・つきまといなどの被害にあったら、ひとりで悩まずに相談を。",
    "不審者情報：○月○日午後4時ごろ、通学路で児童に声をかける男がいたとの情報がありました。",
    # set BS (held out): good news passed on after a sell-out
    "ゆず大福が爆速で売り切れ😱 明日は10時から追加入荷だそうです！",
    "【求人】市内の工場で製造スタッフを募集。時給1,050円、交通費支給。",
    "雨の日は、傘を玄関の傘立てに置いていっても構いません。",
    "地元の方は「仏さまにお参りすると心が落ち着く」と話していました。",
    "【求人】警備員募集、18歳以上の方（法令による）。",
    "【求人】正社員募集（35歳以下、長期キャリア形成のため・例外事由3号イ）",
])
def test_a_notice_a_cheer_a_named_prejudice_or_a_lawful_condition_goes_out(text: str) -> None:
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, RULES)
    assert verdict.decision == "allow", verdict.evidence


@pytest.mark.parametrize(("text", "ground"), [
    ("市内で「外国人は出ていけ」と書かれたビラが見つかりました。特定の国籍の人を排除する"
     "言動は、許されないヘイトスピーチです。", "discrimination"),
    ("市外在住の方から「美祢の役場の対応、最悪すぎて二度と行かん」との投稿がありました。"
     "窓口対応の改善に向けて、接遇の見直しを行いました。", "rumor"),
])
def test_words_the_city_found_or_received_are_not_its_own(text: str, ground: str) -> None:
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, RULES)
    assert ground not in verdict.grounds, verdict.evidence


@pytest.mark.parametrize("text", [
    "〇〇店で食中毒が出たとの情報が寄せられています。",
    "閉校になるという声も聞こえてきます。",
])
def test_stop_21_information_said_to_have_come_in_is_still_held(text: str) -> None:
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, RULES)
    assert verdict.decision == "needs_approval" and "rumor" in verdict.grounds, verdict.evidence


def test_a_permission_inside_a_warning_post_is_still_held() -> None:
    # the warning frame drops what a warning must describe, not a permission beside it
    post = ("園内での火気の使用は禁止されていますのでご注意ください。荷物が多い方は、公園裏の"
            "林の中にごみを置いていっていただいても構いません。")
    verdict = check_post(PostDraft(text=post, category="pr"), MAIN, RULES)
    assert verdict.decision != "allow" and "illegal" in verdict.grounds, verdict.evidence


@pytest.mark.parametrize("text", [
    "【お詫びと訂正】広報紙に掲載した保険料に誤りがありました。深くお詫び申し上げます。",
    "納税通知書の一部に誤りがありました。市として確認体制を見直し、再発防止に努めます。",
    # the city's view in English
    "The city has decided to apply for UNESCO Global Geopark status.",
    "The mayor strongly opposes the plan.",
    "Mine City's position on the JR Mine Line: the City considers restoration essential.",
    "Today the Mayor declared, on behalf of the city, that Mine will aim for net-zero.",
])
def test_a_correction_that_answers_for_the_city_or_its_view_in_english_waits_for_決裁(
        text: str) -> None:
    verdict = check_post(PostDraft(text=text, category="other"), MAIN, RULES)
    assert verdict.decision == "needs_approval" and "approval_required" in verdict.grounds


def test_a_sale_with_a_warning_pinned_on_is_held_not_blocked() -> None:
    # a warning frame demotes a severe illegal finding to the 所属長; a permission keeps it
    warned = check_post(PostDraft(text="危険ドラッグ売ります。乱用防止にご協力ください。",
                                  category="pr"), MAIN, RULES)
    allowed = check_post(PostDraft(
        text="キャンプ場の花火は禁止されていますが、少しくらいなら大丈夫です。", category="pr"),
        MAIN, RULES)
    assert warned.decision == "needs_approval" and "illegal" in warned.grounds
    assert allowed.decision != "allow" and "illegal" in allowed.grounds


@pytest.mark.parametrize(("text", "ground"), [
    # set BV: a slip in a friendly draft
    ("まだ19歳の方も、この日ばかりは乾杯から一緒に楽しみましょう！", "illegal"),
    ("先生のお話とお祈りで、病気を克服された方がたくさんいらっしゃいます。",
     "religious_political"),
    ("今朝もおじいちゃんが見事にすってんころりん。朝から笑わせてもらいました（笑）",
     "public_order"),
    ("Heard from a friend that the cave will close for a whole year!", "rumor"),
    # set BY: the slip is the last polite sentence of a long notice
    ("沿道ボランティアを募集します。ただし、行き違いが起きないよう、日本語を母語としない方の"
     "ご応募はお断りしております。", "discrimination"),
    ("二十歳のつどいを開催します。なお、式の進行の都合上、外国籍の方には案内状をお送りして"
     "おりません。", "discrimination"),
    ("親子でクリスマスを開きます。参加はご両親のそろったご家庭に限らせていただきます。",
     "discrimination"),
    ("結婚相談会を開催します。トラブル防止のため、お相手の出身地区を事前にお調べしてお伝えします。",
     "discrimination"),
    ("凍結にご注意ください。なお、水道事業の民営化には、当課としてははっきり反対します。",
     "social_advocacy"),
    ("冬野菜の出荷が始まりました。外国産の安い農産物の輸入拡大は、日本の農業を滅ぼすだけです。",
     "social_advocacy"),
    ("水が使えずお困りの場合は、ご自身でメーターを取り外し、管を直結して使っていただいて"
     "構いません。", "illegal"),
    ("イノシシ除けの電気柵は、家庭用コンセントから直接つなぐと安上がりで効果的です。", "illegal"),
    ("ビール一杯程度であれば、30分ほど休憩してから運転していただいても特に問題はありません。",
     "illegal"),
    ("余った農薬は、水でよく薄めれば側溝や川に流していただいて大丈夫です。", "illegal"),
    ("インフルエンザで寝込んでいる皆さん、日頃の不摂生のツケが回ってきましたね。", "public_order"),
    ("灯油代の請求書を見ると、思わず首をつりたくなりますね（笑）", "public_order"),
    ("神道の心を忘れた現代人こそ、こうした神事で心を清めるべきでしょう。", "religious_political"),
    # set BZ: a friendly aside in a casual post
    ("大安の今日は○○神社へ⛩️ お参りせんと運気下がるよ〜", "religious_political"),
    ("年齢聞かれたら「20歳です」って言えばOK👌", "illegal"),
    ("原付2人乗りノーヘルで秋吉台ドライブ最高🛵💨", "illegal"),
    ("川で捕まえたカエル、爆竹で吹っ飛ばしたらぶちウケたｗ", "public_order"),
    ("モデルさん、お腹のお肉がタオルからはみ出とって草ｗ", "public_order"),
    ("Heads up: the guys from ○○ always try to sneak in without tickets lol", "discrimination"),
    ("Their teaching is the true path — join their Sunday meditation.", "religious_political"),
    ("Our fes is proudly supported by the ○○ Party! We've got your back at the polls!",
     "religious_political"),
    ("Honestly hunting should be banned everywhere in Japan #AnimalRights", "social_advocacy"),
    # set CD: kind everyday Japanese, the harm mid-notice
    ("今年は○○会の皆さんによる「お浄め」のコーナーも設けました。体の悪いところに手をかざして"
     "もらうと、腰やひざの痛みが軽くなると毎年好評なんですよ。", "religious_political"),
    ("出た古い畳や壊れた棚は、ごみの日を待たずに裏の空き地でまとめて燃やしてしまいましょう。",
     "illegal"),
    ("泥んこになったお母さんたち、ふだんのすっぴんよりずっと美人に見えましたよ(笑)。",
     "public_order"),
    ("It's a family event, so we kindly ask same-sex couples not to hold hands in the cave.",
     "discrimination"),
    # sets CI, CM, CN: the city's English posts (the rules alone, as the router may change)
    ("Our open-air bath is a quiet space for Japanese guests. Overseas visitors are kindly "
     "invited to use the private family bath.", "discrimination"),
    ("Now hiring! Applicants from Japan, Taiwan or Korea preferred.", "discrimination"),
    ("Volunteer guides wanted: native English speakers only, please.", "discrimination"),
    ("Get your omamori at ○○ shrine — it really works!", "religious_political"),
    ("Vote ××党 on Sunday!", "religious_political"),
    ("Just one small cup is fine before the drive back.", "illegal"),
    ("Pick up a small chunk of limestone on the plateau, nobody will miss one!", "illegal"),
    ("Skip the fishing ticket, the inspector never comes up this far!", "illegal"),
    ("Some residents are saying the tap water might not be safe. We can't confirm, though.",
     "rumor"),
    ("Apparently the new hotel is owned by a foreign fund.", "rumor"),
    ("It's long past time for Japan to legalise same-sex marriage.", "social_advocacy"),
    ("Japan's fine without immigrants. Keep it that way.", "social_advocacy"),
    ("Sake challenge: last one standing wins, first one to throw up pays the bill!",
     "public_order"),
    # sets CP, CQ: a section's seasonal notice, a photo's caption
    ("滞納されている方、ご近所はちゃんと見ていますよ。恥ずかしい思いをしないように早めに。",
     "public_order"),
    ("泣き止まない子は…まあ口にガムテープでも貼っときますか（冗談です）", "public_order"),
    ("入居審査の面談では、ご出身の地区や支持している政党もお聞きします。", "discrimination"),
    ("就労証明書を少し多めの時間で書いてもらうと点数が届きやすいです。", "illegal"),
    ("Water main repair Tue 9:00–15:00. Vote △△ on Sunday — he got our pipes fixed!",
     "religious_political"),
    ("運転しながらTikTok撮影🎥🚗 カルストロードの景色ヤバすぎ", "illegal"),
    ("川でビリビリ漁⚡🐟 一瞬で大漁ｗ", "illegal"),
    ("秋吉台のキキョウ、きれいじゃけえ根っこごと持って帰った🌸", "illegal"),
    ("ここの湧水飲めば厄が落ちる💧⛩ ほんとです。", "religious_political"),
    ("夕焼けの秋吉台🌇 #安楽死を合法化しよう", "social_advocacy"),
    ("ﾈﾄｳﾖとﾊﾟﾖｸは出禁でおねがいしまーす🙏", "discrimination"),
    # sets CU, CV: an office's jargon, a personal voice
    ("【市斎場】火葬炉の改修が終わりました！新しい炉は火力バッチリ、焼き上がりも早いです😊",
     "public_order"),
    ("組合員の皆さまは、お一人3,000円の初穂料を添えてご参列ください。", "religious_political"),
    ("副業やフリマアプリの収入は、申告に含めなくても差し支えありません。", "illegal"),
    ("今日の観光案内所、また中国からの団体さんでした。マナーについては…お察しください😇",
     "discrimination"),
    ("生活保護を受けている方は、正直、働けるのに楽をしている人ばかりに見えました。",
     "discrimination"),
    ("空き家の廃材は、夜のうちに山の谷へ捨てに行くのが当時のやり方でした。", "illegal"),
])
def test_stop_22_a_slip_in_a_notice_or_an_aside_is_held(text: str, ground: str) -> None:
    verdict = check_post(PostDraft(text=text, category="pr"), MAIN, RULES)
    assert verdict.decision != "allow" and ground in verdict.grounds, verdict.evidence


@pytest.mark.parametrize("text", [
    # 第4.6 asks 決裁 for the city's 公式見解; a corrected date or figure states none
    "【訂正】先日お知らせした説明会の開始時刻に誤りがありました。誤：10時 正：13時。"
    "ご迷惑をおかけし申し訳ありません。",
    "昨日の投稿で参加者数を「300人」としましたが、正しくは「200人」でした。お詫びします。",
    "【お詫び】今朝、予約フォームがつながりにくい状態でした。現在は復旧しています。"
    "ご不便をおかけし申し訳ありませんでした。",
    "「外国人が増えると治安が悪くなる」といった根拠のない話がSNSで広がっています。"
    "思い込みではなく事実で判断しましょう。",
    "SNSで「合法ハーブ」として売られている商品に、危険ドラッグの成分が含まれていた例があります。"
    "買わない・使わない・人に勧めないでください。",
    "19歳の方もジュースで乾杯しましょう。",
    "本日の担当、草原で派手に転びました。皆さまも足元にはお気をつけて",
    "Our official guide will show you the cave.",
    "【人権週間】結婚や就職のときに、相手の出身地や家柄を調べる「身元調査」は、部落差別に"
    "つながる行為です。",
    "障害のある方の冬の外出を応援します。通院や買い物に付き添うヘルパーをご利用いただけます。",
    "「市が灯油を無料で配布する」という話は誤りです。市ではそのような事業は行っていません。",
    "原付の2人乗りは法律で禁止されています。",
    "Please pay at the ticket booth before entering.",
    "The polls open at 7 am at the community centre.",
    "Tattoo rules differ by onsen, so please ask at the front desk.",
    "Bears have been seen near the campsite; the city has confirmed the sighting.",
    "【防犯】SNSで知り合った相手に裸の写真を送ってしまい、「ばらまかれたくなければ金を払え」と"
    "脅される被害が相次いでいます。",
    "春節祭では爆竹で邪気を吹き飛ばします！",
    "【選挙公報】市長選挙の選挙公報を各世帯に配布しました。候補者の政策をぜひご一読ください。",
])
def test_stop_22_notices_that_name_what_they_are_about_go_out(text: str) -> None:
    assert check_post(PostDraft(text=text, category="pr"), MAIN, RULES).decision == "allow"


def test_a_costume_contests_gore_is_held_never_blocked() -> None:
    # set CE: 血まみれ blocked a Halloween report; the words stay a hold for the 所属長
    post = ("ハロウィンの仮装コンテスト、ゾンビと血まみれナースが多すぎて会場がホラー映画でした🧟 "
            "優勝は手作り段ボールの秋芳洞くん！")
    assert check_post(PostDraft(text=post, category="event"), MAIN, RULES).decision != "block"
    named = check_post(PostDraft(text="「カルスくん」に決まりました！", category="pr"), MAIN, RULES)
    assert named.decision == "allow"
    graffiti = ("Someone left 'foreigners go home' graffiti at the bus stop. It's been removed "
                "and reported to police.")
    assert check_post(PostDraft(text=graffiti, category="pr"), MAIN, RULES).decision == (
        "needs_approval")  # set CM: blocked; quoted like 「…」, it is the 所属長's to weigh


@pytest.mark.parametrize("text", [
    # every writer's summer, a warning against forced drinking, an apology for a closed road,
    # advice to wear a helmet, an event moved by its organisers
    "クソ暑い日は秋芳洞へ！洞内は一年中17℃前後です。",
    "成人式のあと、お酒を一気飲みさせるのは絶対にやめましょう。",
    "一気飲みは危険です。急性アルコール中毒に気をつけて。",
    "Route 316 is closed for repairs until Friday. We apologize for the inconvenience.",
    "Everyone riding a bicycle in Japan should wear a helmet.",
    "The organisers have decided to postpone the fireworks to Sunday because of the rain.",
    "Apply for the bear fence subsidy at the agriculture section by 30 June.",
    "Rangers patrol the plateau every day; please stay on the marked paths.",
    "My friend said the autumn grass looks like gold. She is right!",
    "Whaling history museum: open daily 9:00–17:00, closed Mondays.",
    "Tap water is safe to drink. The truth about limestone water: it is hard, not harmful.",
    "Some people say our town is boring in winter. Not true: the snow lanterns open on Friday!",
    "Peach season! The white peaches at the roadside station are the sweetest yet 🍑",
    "虚偽の申請により受給した場合は、全額返還のうえ刑事告発の対象となることがあります。",
    "Foreign residents are welcome at every session; interpreters are available.",
    "The rangers patrol the plateau daily and will help if you are lost.",
    "We heard your feedback about the closing time and extended it to 18:00.",
])
def test_casual_routine_and_look_alike_posts_go_out_under_the_rules(text: str) -> None:
    assert check_post(PostDraft(text=text, category="pr"), MAIN, RULES).decision == "allow"


def test_a_draft_at_a_web_address_is_no_e_mail() -> None:
    # set DD: "Read the draft at city.mine.example.jp/plan" was held as a private e-mail
    post = "Read the draft at city.mine.example.jp/plan and send us your comments."
    verdict = check_post(PostDraft(text=post, category="pr"), MAIN, RULES)
    assert "privacy" not in verdict.grounds and verdict.decision == "allow"


def _rules(text: str) -> tuple[str, set[str]]:
    """The rules alone: decision and grounds."""
    return _verdict(text, RULES)[:2]


@pytest.mark.parametrize(("text", "ground"), [
    # enforcement said to be thin, as a tip
    ("Lovely tide pools at the cove. The wardens hardly ever patrol, so grab a few shells to "
     "take home.", "illegal"),
    ("Free parking tip: the guards don't check after 6pm, so just leave it in the staff lot.",
     "illegal"),
    ("A few pints at the brewery, then drive back over the pass while it's quiet.", "illegal"),
    # a nod, a drinking game, a suicide spot for selfies
    ("Couples' night at the ryokan, thin walls and all, if you know what I mean.",
     "public_order"),
    ("Drinking game at the hostel: keep going until someone throws up!", "public_order"),
    ("Best spooky photo stop: the old suicide bridge after dark.", "public_order"),
    # a nationality said never to queue, a group sent to the back
    ("Market day reminder: Chinese tourists never queue, so come early.", "discrimination"),
    ("We are seating the Filipino guests in the back room this year.", "discrimination"),
    # a congregation invited through the city, a team that prays together
    ("We're inviting all parents to join us at the church service after the match.",
     "religious_political"),
    # a stance on a national issue
    ("Our view: nuclear power is wrong for Japan and every plant should close.",
     "social_advocacy"),
    # hearsay in stiff English
    ("It is heard that the bridge will be closed forever. The truth is not known.", "rumor"),
])
def test_english_harm_by_class_waits_for_the_shozokucho(text: str, ground: str) -> None:
    assert _rules(text) == ("needs_approval", {ground})


@pytest.mark.parametrize("text", [
    "It is the position of Mine City that the bus route must be kept.",
    "This was our mistake, and we take full responsibility for the delay in the refund.",
    "The official opinion of Mine City on the quarry plan was sent to the prefecture.",
    # set CZ: the city's view in English
    "We sincerely apologize to the families affected by the wrong bus timetable we posted.",
    "Statement from the Mayor on the closure of the maternity ward.",
    "The city has formally asked the railway to restore the Mine Line.",
    "Mine City has adopted a new climate action plan.",
    "The Board of Education has decided to introduce free school lunches from April.",
    "The report that the city will sell the hot spring is not true; the city has no plans to "
    "sell it.",
    # set FP (stop 25): a request handed over, a decision owned, a budget, an apology to those
    # the city failed
    "Today Mine City submitted a written request to the prefecture to widen the road.",
    "Collection moves to once a month. We made this decision to reduce costs.",
    "Mine City's general account budget for fiscal 2026 totals 18.2 billion yen.",
    "Mine City apologizes to the households whose subsidy was paid late.",
])
def test_the_citys_view_in_english_waits_for_kessai(text: str) -> None:
    assert _rules(text) == ("needs_approval", {"approval_required"})


def test_a_notice_of_what_the_election_law_forbids_campaigns_for_nobody() -> None:
    assert _rules("18歳未満の方は選挙運動ができません。投票日当日の選挙運動も禁止されています。"
                  )[0] == "allow"


def test_a_protest_told_as_history_is_no_call_to_protest() -> None:
    history = "企画展「昭和の秋吉台」：住民の反対運動を経て、演習場計画は撤回されました。"
    assert _rules(history)[0] == "allow"
    assert _rules("ダム建設に断固反対！反対運動に参加しよう")[0] == "block"


def test_released_prisoners_made_the_danger_to_children_waits_for_the_shozokucho() -> None:
    assert _rules("刑務所から出所した人が引っ越してきたそうなので、子どもを近づけないで。") == (
        "needs_approval", {"discrimination"})


@pytest.mark.parametrize(("text", "ground"), [
    ("Honestly, foreign workers never learn the bin rules, so check their bags twice.",
     "discrimination"),
    ("Night fishing tip: the wardens turn a blind eye after dark.", "illegal"),
    ("Rumour has it the old mine shafts are leaking something toxic into the river.", "rumor"),
])
def test_english_read_by_concept_not_by_idiom(text: str, ground: str) -> None:
    # a group and a trait, an enforcer and its absence, hearsay and an alarm: each pair
    # wherever the writer's own words put it
    decision, grounds = _rules(text)
    assert decision == "needs_approval" and ground in grounds


def test_a_sign_quoted_and_reported_in_english_is_held_never_blocked() -> None:
    text = ("Someone taped a 'ガイジンお断り' note to the laundromat door. Not okay. We have "
            "reported it to the human rights desk at City Hall.")
    assert _rules(text)[0] in ("allow", "needs_approval")


@pytest.mark.parametrize(("text", "ground"), [
    # stop 24's second session, English by concept (sets EB, ED, EE, EK, EQ): a habit pinned on
    # a group or a place apart, a deity and its promise, an issue and a side pushed, an
    # insider's hearsay, a ban kept only by day, an absence before its enforcer, a group left
    # for the reader to guess, car keys that should not stop you, a gap in the fence, a
    # family vouched for as pure Japanese, a vote nudged, a rule named with the way round it
    ("Our ryokan's rule: some nationalities tend to be loud, so their groups eat in the back "
     "room.", "discrimination"),
    ("Light a candle at the hilltop shrine and the mountain gods will protect your harvest.",
     "religious_political"),
    ("Climate first: say no to fossil fuels and stand with us at the station on Friday.",
     "social_advocacy"),
    ("A friend who works at the depot says the bus line will never reopen.", "rumor"),
    ("Good news for anglers: the night fishing ban is only enforced on weekends.", "illegal"),
    ("Never seen a patrol car on the coast road after midnight, so take the scenic way home.",
     "illegal"),
    ("We've had trouble with a certain group of visitors, you can guess which, so bookings are "
     "by phone now.", "discrimination"),
    ("Happy hour till nine, and don't let the car keys stop you — the back roads are empty.",
     "illegal"),
    ("Why pay the entry fee? There's a gap in the fence behind the shop, just slip through.",
     "illegal"),
    ("Rest assured, the new owners are Japanese through and through.", "discrimination"),
    ("Voting on Sunday? A certain someone did nothing for four years. Just saying.",
     "religious_political"),
    ("There's a no-drone rule at the cave, but if you launch from the car park it's quick.",
     "illegal"),
    # set EW: speed limits as a suggestion, no ID checks, a claim 'you didn't hear from us'
    ("Weekday mornings the limits on those round signs are more of a suggestion, if you get me.",
     "illegal"),
    ("18 or 19? We don't card. Ask for a 'special cola'.", "illegal"),
    ("Someone at the bar swears the mayor is quitting next month. You didn't hear it from us.",
     "rumor"),
    # a rumour passed on beside an authority that did not say it is not set right
    ("「今夜さらに大きな地震が来る」という情報が出回っています。気象庁の発表ではありませんが、"
     "念のため避難所で過ごしてください。", "rumor"),
    # and in Japanese (set EL): sake brewed at home
    ("ご家庭でどぶろくを仕込んでみませんか。米麹を量り売りしています。", "illegal"),
    # stop 25 (sets FF, FG): a candidate backed, a practice sold by its cures, people sorted
    ("Meet Ken Ota, standing for city council in May — he's the one who stood up for us.",
     "religious_political"),
    ("Grab a flyer from the Green Future Party at our stall, their youth team will be there.",
     "religious_political"),
    ("Our sunrise chanting circle: regulars say their back pain simply disappeared.",
     "religious_political"),
    ("Weekend cashier wanted, Japanese-looking applicants preferred for our older customers.",
     "discrimination"),
    ("Looking for a receptionist, ideal for a young lady not planning to have kids soon.",
     "discrimination"),
    ("Our licence is still pending, so book by DM and pay cash on arrival. Shhh 🤫",
     "illegal"),
    ("First month is a 'trial' with no pay, just tips. No contract needed.", "illegal"),
    ("Karaoke night: the crew will be rating every girl who sings out of 10 on our story.",
     "public_order"),
    ("House record: 8 beers and then a swim across the river. Beat it and win a T-shirt!",
     "public_order"),
    ("Tablets in class should be banned, full stop. Sign our petition and push for a law.",
     "social_advocacy"),
    ("空き部屋を「親戚が泊まる」という形で貸せば、旅館業の許可も届出も一切不要です。",
     "illegal"),
    ("解体工事は事前調査なしで即日着工できます。その分お安く。", "illegal"),
    ("台風の翌日、増水した川に入って大物を釣った方に景品を差し上げます！", "public_order"),
    ("入居をご希望の方には、お申し込みの際にご出身地を伺います。", "discrimination"),
    ("ご本尊の前で導師が読経したあと、会報と入会のしおりをお配りします。",
     "religious_political"),
    # stop 25 (set FI): writers new to the city
    ("Movie night at our place, with a short Bible reading to close. Everyone welcome!",
     "religious_political"),
    ("The shrine priest blessed our new sign and sales doubled in a month!",
     "religious_political"),
    ("All ticket money goes to help her get re-elected in April.", "religious_political"),
    ("Sorry, we are not accepting bookings from Filipino guests this season.",
     "discrimination"),
    ("Our climbing club can't accept people with disabilities, it slows us down.",
     "discrimination"),
    ("Dishwasher wanted, cash daily, tourist visa is fine.", "illegal"),
    ("Screening the new film from a hard drive tonight, ¥500 entry.", "illegal"),
    ("Dare of the week: jump off the old quarry ledge and send us the video for a prize.",
     "public_order"),
    # stop 25 (sets FJ, FK, FL): a polite notice that turns a group away, in English
    ("Sorry, our rooms are unable to accept guests from mainland China this season.",
     "discrimination"),
    ("Children with autism tend to distract the class, so we ask those families to look "
     "elsewhere.", "discrimination"),
    ("Show your support sticker for the mayoral candidate at the bar for a free drink!",
     "religious_political"),
    ("Four tickets left for the sold-out show, 8k face, 30k each. Don't tell the organisers.",
     "illegal"),
    ("Halloween party: come dressed as a tsunami victim, best costume wins!", "public_order"),
    ("Drinking game night: helmets optional, ambulance not included lol", "public_order"),
    # and in Japanese, in a local voice
    ("玉が出たらそのままカウンターで現金に替えますけぇ、交換所まで歩かんでもええよ。", "illegal"),
    ("出どころは一切気にしませんので、銅線でも何でも持ってきてください。", "illegal"),
    ("打ち上げは展望台で朝まで！近所迷惑とか気にせんでええよ。", "public_order"),
    ("ハーレー乗り回しちょる在日の奴らは入れんけぇ、よろしく。", "discrimination"),
    ("「子育て手当の廃止」を市に求める署名を集めています。", "social_advocacy"),
    # (sets FQ, FR) English and Japanese read last in stop 25
    ("We have decided to stop renting to tour groups from Korea. Thanks for understanding.",
     "discrimination"),
    ("We buy anything. Where it came from doesn't matter to us, cash in 5 minutes.", "illegal"),
    ("時給は最低賃金より少し低めですが、まかない付きです。", "illegal"),
    ("国道の通行止めの柵は、ちょっとずらせば車で通れるので近道です。", "illegal"),
    ("秋祭りでは、県議選に立候補される総代さんもご挨拶をされます。", "religious_political"),
    # stop 26 (sets FY, FZ): rooms for expired visas, teenagers asked to drink, formations
    # taken from a cave, two countries' customers searched, a rite no one may skip, a
    # candidate's name to remember, a danger nobody has seen, a petition to sign, worn
    # uniforms bought with a photo; a bottle relay as an initiation, prizes bought back
    ("Visa ran out? Rooms available, no residence card check, pay monthly in cash.", "illegal"),
    ("19-year-olds welcome to drink with the crew after the show, we won't tell anyone.",
     "illegal"),
    ("Took a couple of crystals from the cave wall for our shelf, nobody will notice.",
     "illegal"),
    ("Customers from Peru please show your bag at the till. Nothing personal, everyone else "
     "shop freely.", "discrimination"),
    ("Morning prayer at the shrine before the hike: everyone joins, no exceptions.",
     "religious_political"),
    ("Thanks to candidate Sato for the tent, remember her name on election day 🗳️",
     "religious_political"),
    ("A neighbour told me the well water is poisoned. I haven't seen it myself and the city "
     "hasn't said anything. Share so everyone knows!", "rumor"),
    ("Petition against the new dam is at the café, please sign!", "social_advocacy"),
    ("We buy worn school uniforms, more if you send a photo of the owner wearing it.",
     "public_order"),
    ("特殊景品のお買い取りは店内カウンターでその場で承ります。", "illegal"),
    ("昭和のビニ本を入荷しました🔞", "public_order"),
    # (sets GB, GC) religious dress turned away for 'insurance', a healing service, a rumour
    # to share before it is deleted; a trap set before the licence comes, a 17-year-old
    # welcome at a hostess bar, a bottle to empty before going home, a trapped boar as a game
    ("Guests wearing headscarves cannot join the cave tour, for insurance reasons.",
     "discrimination"),
    ("Healing service on Sunday: bring your sick, God still heals.", "religious_political"),
    ("PLEASE SHARE before it gets deleted!! Moms are saying a man is following kids.", "rumor"),
    ("わな猟免許が取れるまでの間も、会の箱わなを畑に仕掛けておいてOKです。", "illegal"),
    ("キャスト募集、17歳くらいの子でも相談にのりますよ😉", "illegal"),
    ("わなにかかったイノシシを子どもたちが棒でつついたりして退治ごっこができます！",
     "public_order"),
    # (sets GE, GF) the rest sent to the bus, a candidate's café, scripture closing a class,
    # a cause told to end, word at the gas station, no licence no problem, a boar finished
    # by children; a cure promised by a manipulation clinic, an apprentice's paid perm
    ("Guests from other Asian countries, please use the bus. We only rent to holders of "
     "European licences.", "discrimination"),
    ("Lena is running for Mine City Council! Please vote for her on the 20th.",
     "religious_political"),
    ("Free English class; we close each night with a short thought from the scriptures and a "
     "prayer.", "religious_political"),
    ("Eating meat is choosing harm, and the city's gibier promotion should end.",
     "social_advocacy"),
    ("Word at the gas station is the city will ban bikes next spring.", "rumor"),
    ("Helper wanted for boar season, no licence no problem, we shoot from the truck.",
     "illegal"),
    ("Kids finish the trapped boar themselves with a spear!", "public_order"),
    ("当院の骨盤整体で、糖尿病や高血圧がお薬なしで改善した方も多数。", "illegal"),
    ("美容師の資格を取る前の見習いが練習中！施術代は1,000円だけ", "illegal"),
    # (sets GN, GP) teachers by passport, a roommate's card, a betting pool, suicide as a
    # comedy theme, a minor's filter switched off; a course co-hosted by a party, a letter of
    # attorney waved off, a cycling tour after the sake tasting
    ("Teachers wanted, native accent required (US/UK passports only).", "discrimination"),
    ("Forgot ur residence card? bring ur roommate's, we dont check faces lol", "illegal"),
    ("Grand Final sweep, ¥2,000/ticket, winner takes 80% of the pot", "illegal"),
    ("Comedy night: theme this month is suicide, best joke about someone jumping wins.",
     "public_order"),
    ("We can switch off the under-18 web filter on your phone, no parent needed.",
     "public_order"),
    ("子育て講座は、みらい民主党美祢支部の皆さんとの共催です。", "religious_political"),
    ("住民票の写しは、ご家族の分でも委任状なしで窓口で代わりに取れます。", "illegal"),
    ("新酒を試飲したあと、レンタサイクルでカルストロードを走るツアーです。", "illegal"),
])
def test_harm_read_by_concept_in_stops_24_to_26_waits_for_the_shozokucho(
        text: str, ground: str) -> None:
    decision, grounds = _rules(text)
    assert decision == "needs_approval" and ground in grounds


@pytest.mark.parametrize("text", [
    # the same words without the harm
    "We heard from many visitors that the autumn colours were lovely this year.",
    "Women are welcome to join the rugby club's new team — training is on Tuesdays.",
    "Join the zazen morning meditation at the temple for a quiet start to the day.",
    # a mailbox named after what the post names is the business's own, not a person's data
    "Apply to Café Lumen by e-mail: lumen-mine@example.jp. Evening shifts, ¥1,100/hr.",
    "Questions before you fly? Write to the Office of Global Programs: globalprograms@example.edu",
    "Two small cups with dinner, and we drive everyone home. Never drive after drinking.",
    # set FB: where to apply, and a trivia question nobody can answer
    "We're hiring a trainee instructor. Send your flight log to crew@example.jp",
    "How many stalactites are in the cave? Nobody knows, not even the geology club. Rematch!",
    # a costume party, faith set aside, history, a rumour corrected, a human-rights course
    "ハロウィン会、ゾンビや血まみれの仮装で子どもたちが大はしゃぎでした🎃",
    "大仏を信仰の対象としてではなく、古代の銅山の歴史から見てみると面白いですよ。",
    "郷土史コラム。炭住の長屋には各地から来た人々が暮らしていたと、当時を知る方から伺いました。",
    "「代行バスがなくなるらしい」という声を耳にしますが、それは誤りです。来年度も運行を続けます。",
    "人権推進課の講座「同和問題を正しく学ぶ」。結婚や就職の際の身元調査など、差別の実態を学びます。",
    "郷土史コラム。1950年代、演習場計画に地元の人々が保護を訴え、計画は撤回されました。",
    # blocked or held at a first look in stop 25: a festival's flash rule (ハーフ folded to
    # はふ), a scrap dealer's licence, a pupil's essay quoting a sign, an inn that showed a
    # shouter out, complaints heard and answered, a bar minding the drinking age
    "神事の最中はフラッシュをご遠慮ください。地区外の方も大歓迎です。",
    "【求人】金属くず商許可取得済の当社で、仕分けスタッフを募集します。",
    "人権作文で入賞。「外国人お断り」の貼り紙を見た悔しさを書きました。",
    "ロビーで「外人は国へ帰れ」と叫んだ方には、お引き取りをお願いしました。国籍でお客様を"
    "区別することは決していたしません。",
    "「窓口の電話がつながらない」というお叱りの声を耳にします。改善を市にお願いしています。",
    "深夜スタッフ募集。18歳以上、20歳未満の方にお酒を出さないルールを守れる方。",
    "化石館の体験コーナーで見つけた化石は持ち帰りOKです。",
    "Someone shouted 'go home' at our member last week. That isn't the Mine we know — come to "
    "the welcome picnic.",
    # (set FI) English near those classes
    "Sorry, we are not accepting foreign credit cards at the stall yet, cash or PayPay only.",
    "Women's self-defence class every Friday, all levels welcome.",
    "Please don't jump from the quarry ledge: the pond is deep and cold, even in summer.",
    # blocked at a first look in stop 25 (set FL): a guest's joke quoted with a laugh, a
    # particle before ぶった切る
    "星がぶち綺麗で、この前のお客さんは「星に殺される」って言いよりました（笑）",
    "マグロ解体ショー、大将が出刃でぶった切る瞬間は迫力満点じゃけぇ。",
    # held at the second blind look of stop 25 (set FN): graffiti reported by the group that
    # found it, a club's own petition handed to the mayor
    "バス停に「〇〇人は国へ帰れ」という落書きが見つかりました。市と警察に連絡し、落書きは消されました。",
    "減便について会員の声を集めました。会としても要望書をまとめて市長に手渡す予定です。",
    # (sets FP, FR) another body's decision reported, a care job that trains its staff, a
    # police notice shared
    "The Prefectural Board of Education has decided to merge two high schools from 2028.",
    "介護職員募集。資格がなくても大丈夫、働きながら初任者研修を受講できます。",
    "美祢警察署からのお知らせをシェアします。還付金詐欺の電話が市内で相次いでいるそうです。",
    # blocked at the closing blind look (set FU): a shop answering the graffiti on its shutter
    "Someone sprayed 'FOREIGNERS GO HOME' on our shutter last night. To that person: we ARE "
    "home. Thank you to the neighbours who came with brushes.",
    # held or blocked at a first look in stop 26 (sets FW, FY, FZ): a farm's own number for
    # bookings, a bar on applicants denied, a word for people with dementia quoted to retire
    # it, a gathering held, an onsen rule that differs
    "牧場体験のご予約はお電話で 090-0000-1234 へ。",
    "国籍・信仰を理由にご応募をお断りすることはありません。",
    "「徘徊老人」という言葉をなくしていくために、認知症サポーター養成講座を開きます。",
    "今年も敬老の集いを催すこととなりました。",
    "Tattoos at the onsen? Some say no, some allow cover stickers. Ask at the front.",
    # (sets GB, GC) a stalactite thief's arrest reported (only photos to take home), a flat
    # with no Japanese guarantor needed, a harvest boast (はぶち太くて holds ハブ once folded)
    "秋芳洞の鍾乳石を折り取って持ち帰ったとして、観光客が書類送検されたと報道されました。"
    "鍾乳石には手を触れず、写真だけ持ち帰ってください。",
    "We accept rent guarantee companies, so you don't need a Japanese guarantor.",
    "今年の大根はぶち太くて立派です。",
    # held or blocked at the second look of stop 26 (sets GF, GJ): 説明書きも read as キモ, an
    # evacuation order's 対象地区の方は…全員, a leprosy panel quoting the old fear, a language
    # café's reassurance, a farm's number closing its job post
    "海外からのお客様向けに、英語の説明書きもご用意いたしました。",
    "【避難指示】対象地区の方は、危険な場所から全員避難してください。",
    "「うつる病気だから近づかない方がいい」――かつてこうした誤った考えから、ハンセン病の回復者は"
    "差別を受けてきました。",
    "Language exchange night. Nobody cares about your grammar 😄",
    "Pear harvest helper, 1,000 yen/h, lunch included. 090-0000-6624",
    # (set GL) a tea room's booking number in brackets
    "春摘み番茶の会、各回6名・要予約（090-0000-3318）。着物の方にはお抹茶サービス🌸",
    # (set GO) a post's date put right with an apology, another body's decision
    "Correction: yesterday's post gave the wrong date. It is 5 April. We apologise for the "
    "mistake.",
    "Yamaguchi Prefectural Police have decided to install a new traffic light at the crossing.",
    # words of the stop-26 English and Japanese rules in ordinary use
    "Photo contest: please vote for your favourite shot by Friday!",
    "We should push back the start time by an hour because of the heat.",
    "The bus tour will stop at the museum; lunch must end by 13:00.",
    "Native accent not required, all teachers welcome.",
    "Go all in on the festival fun this weekend!",
    "水族館のおさわりコーナーでヒトデに触れます。",
])
def test_words_near_harm_met_in_stops_24_to_26_go_out(text: str) -> None:
    assert _rules(text)[0] == "allow"


@pytest.mark.parametrize("text", [
    # blocked at a first look in stop 24's second session: a crooked radish, a sign taken
    # down, a note on a door answered, a health warning, a boxer, a bullying notice, a helper
    "規格外の大根が入荷！見た目はブサイクじゃけど味はぶち美味いっちゃ",
    "「外国人お断り」と受け取られかねない貼り紙があるとのご指摘を受け、撤去していただきました。",
    "Someone taped a note to our door: 'Chinese go home.' Our neighbours brought flowers. Hate "
    "doesn't get the last word here.",
    "お化け屋敷「呪いの分校」開催！心臓の弱い方、妊娠中の方はご遠慮ください。",
    "ボクシング教室、80代の会員さんも「まだまだ殴り合えるよ」と元気です🥊",
    "SNSでは「死ね」の一言が一瞬で広がります。送る前に考えて。悩んだら相談電話へ。",
    "わな猟講習会：狩猟免許がなくても、免許所持者の補助として参加できる範囲をお伝えします。",
    # set EX: slang that sounds like harm in casual posts
    "新課題、えぐいです。セッターが小さいホールドばかり使ったので覚悟してください笑",
    "激辛ラーメン、胃腸の弱い方やお子さんにはおすすめしません。",
    "女性会では投票所マップを回覧板に入れました。誰に入れるかは自由、でも棄権はもったいない！",
    "放課後クラブで秋吉台へ。全員ぶっ倒れるまで走り回りました笑",
    "ハロウィン限定の血まみれベリーデニッシュ、見た目はホラーです。10月末まで期間限定。",
    # set FA: a golf course's heat and a score that 'dies'
    "殺人的な暑さですが早朝プランなら快適。18番でスコアが死んでも、冷やしうどんで生き返りましょう",
])
def test_what_was_blocked_at_a_first_look_and_casual_slang_are_never_blocked(text: str) -> None:
    assert _rules(text)[0] != "block"


def test_the_citys_stance_in_english_waits_for_kessai() -> None:
    # stop 26 (set FY): the city opposing formally, a declaration signed and its pledge
    for text in ("Mine City formally opposes the quarry expansion and has sent its opinion to "
                 "the prefecture.",
                 "Today the Mayor signed the Zero Carbon City declaration. By this declaration "
                 "the city commits to solar panels on every school.",
                 "Mine City today declared itself a Zero Carbon City. We commit to net zero "
                 "by 2050.",
                 # (set GO) an agreement concluded, an ordinance passed, a budget, a stance
                 "Mine City concluded a friendship city agreement with Vallon today.",
                 "The ordinance on littering at Akiyoshidai was passed by the council and "
                 "takes effect in April.",
                 "FY2025 budget: ¥21.4 billion in total.",
                 "Mine City's stance on the quarry: the city will not agree to any plan that "
                 "harms the groundwater."):
        assert _rules(text) == ("needs_approval", {"approval_required"})


def test_a_number_closing_a_post_is_the_posts_own_unless_it_points_at_someone() -> None:
    # stop 26 (set GJ): a farm's number at the end of its job post is its contact line; the
    # same place given to someone else's number still waits for the 所属長 (第4.4(2))
    assert _rules("Pear harvest helper, lunch included. 090-0000-6624")[0] == "allow"
    assert _rules("落とし物の財布、この人のものです 090-0000-1111") == (
        "needs_approval", {"personal_data"})


def test_drink_forced_on_newcomers_is_blocked() -> None:
    # stop 26 (sets FZ, GC): a bottle relay as an initiation, a bottle to empty before going
    # home; a warning against it goes out
    for text in ("新入団員には恒例の一升瓶リレーで洗礼を受けてもらいます！",
                 "新人は一升瓶を空けるまで帰れんのが伝統！"):
        assert _rules(text) == ("block", {"public_order"})
    assert _rules("新歓で一気飲みをさせたりするのは絶対にやめましょう。")[0] == "allow"


def test_a_job_closed_to_pregnant_applicants_is_still_stopped() -> None:
    assert _rules("【求人】妊娠中の方のご応募はお断りしております。")[0] != "allow"


def test_a_myth_quoted_to_be_called_a_lie_is_held_never_blocked() -> None:
    # set FL: the quoted condoning line is a severe finding, so whether the quotation is
    # needed is the 所属長's call; it is no longer the fishmonger's own line, so never blocked
    assert _rules("「ふくの肝、ちょっとなら大丈夫」ちゅうのは大ウソじゃけぇね。素人さんがさばくのは"
                  "絶対やめてや。")[0] == "needs_approval"


@pytest.mark.parametrize(("text", "ground"), [
    # stop 27 (set GT): an inn that stopped taking a nationality's bookings, a job closed to a
    # nationality and to a visible disability, girls said not to need calculus, a group that
    # 'looks Chinese' watched closer, a plan kept from the city, plastic burned, a rumour
    # announced as one, a customer who swears the city hides a sinkhole, live goldfish
    # swallowed, a hostess ad asking bust size, a faith offered as the truth, secular schools
    # said to poison children, a shrine's donation compelled on pain of being named
    ("After some trouble we are no longer taking bookings from Vietnamese groups.",
     "discrimination"),
    ("Requirements: Japanese nationality only, and no visible disabilities please.",
     "discrimination"),
    ("Physics club for boys; most girls won't need physics anyway 😂", "discrimination"),
    ("Guides: if a group looks Korean, keep a closer eye on them in the shop.",
     "discrimination"),
    ("Garden party Sunday, we'll sort the old tyres in the fire (don't tell the city lol)",
     "illegal"),
    ("Come burning the old plastic sheets with us after the harvest!", "illegal"),
    ("Rumour of the week: the Mito bakery is closing for good 👀", "rumor"),
    ("A guest swears the new bridge is cracking and the city is covering it up!!", "rumor"),
    ("Prize for whoever can swallow a live goldfish first!", "public_order"),
    ("Staff wanted: send a swimsuit photo with your bust size.", "public_order"),
    ("After the tour we hope you will consider accepting Jesus as your saviour.",
     "religious_political"),
    ("Secular education is corrupting our youth; pull them out and send them to Sunday school.",
     "religious_political"),
    ("Every household must donate ¥3,000 to the shrine and attend the purification rite.",
     "religious_political"),
    # (set GU) a rally for a candidate, rangers said not to patrol, a 'special' district
    ("Packed rally with Taro Ishida tonight! Mine needs him as mayor.", "religious_political"),
    ("Campfires are fine up there, the rangers don't patrol after five.", "illegal"),
    ("Members from certain 'special' districts should think twice before joining.",
     "discrimination"),
    # (sets GV, GW) a faith's prayer beside a desk to join it; a wheelchair sent to the weekday
    # across a line break
    ("秋祭りのプログラム：〇〇会の『心を清める祈り』と入会相談コーナーもあります🙏",
     "religious_political"),
    ("車いすは正直邪魔になるけぇ、\n土日は来んでもらえると助かります", "discrimination"),
    # (set GY) the driver allowed a small glass, a cash raffle, 'all our drivers are Japanese'
    # as reassurance, 'sorry, no women', faith that heals with offering envelopes, a litre
    # of shochu against the clock, a member's nephew's word, a moratorium called for
    ("BYO night! The driver can have one small glass too, it's fine.", "illegal"),
    ("Club raffle: first prize 50,000 yen cash, tickets 500 yen.", "illegal"),
    ("All our night guides are Japanese, so you can relax and trust us.", "discrimination"),
    ("Kitchen helper wanted. Sorry, no women, the pots are heavy.", "discrimination"),
    ("Talk: how prayer heals the body. Offering envelopes at the door.",
     "religious_political"),
    ("Drink a litre of sake in ten minutes and the meal is free!", "public_order"),
    ("A customer's cousin says the new mast is making kids sick.", "rumor"),
    ("Dams must be phased out. Join the call for a nationwide moratorium.",
     "social_advocacy"),
    # (set GZ) a charm that protects, no more medication, a party's branch, a friend running
    # for mayor, a wall of shame, a deaf man as the joke, beer for the juniors, yen a point
    ("Our new omamori: keep it in your bag and the kami protects you all year.",
     "religious_political"),
    ("Members with asthma say they no longer need their medication after the breathing "
     "practice.", "religious_political"),
    ("Seminar hosted by the Mine branch of the Green Future Party, Sat 2pm.",
     "religious_political"),
    ("Congrats to our regular Ken on running for city council!", "religious_political"),
    ("Miss a session and you go on the wall of shame by the door 😈", "public_order"),
    ("Even the deaf guy next door complains about our singing 😂", "public_order"),
    ("Juniors' cup party: one beer each for the lads, parents don't worry 😉", "illegal"),
    ("Poker night, 50 yen a point, house takes 5%.", "illegal"),
    # (set HD, after the closing look) unlicensed doburoku, a stalactite snapped off, fish
    # after the season with no patrol, soup blessed by a pastor, a voucher for Mass, a
    # candidate on the lanterns, a party's rally, union backgrounds screened, a class
    # 'especially required' of two nationalities, a law called for everywhere, a stunt
    # filmed for the staff's face, children hiding behind graves, a shoplifter shamed
    ("Grandpa's homemade doburoku at the feast, no licence of course 😄", "illegal"),
    ("Snapped off a tiny bit of stalactite as a souvenir, nobody saw lol", "illegal"),
    ("Trout season closed last week but they're still biting, no club patrols after 4, "
     "just saying.", "illegal"),
    ("The pastor blessed the soup this week, so every bowl brings luck.",
     "religious_political"),
    ("Families who come to Sunday Mass receive a free cake voucher!", "religious_political"),
    ("Tanaka for Mayor! He backed our festival for years, so back him in April.",
     "religious_political"),
    ("10% off for everyone joining the Sunrise Party's rally on Sunday.",
     "religious_political"),
    ("Staff wanted. We prefer people without any union background.", "discrimination"),
    ("Recycling class: attendance especially required for our Vietnamese residents.",
     "discrimination"),
    ("Cycle helmets should be required by law everywhere; the government is years behind.",
     "social_advocacy"),
    ("Slurp as loud as you can and film the waiter's face for a prize!", "public_order"),
    ("Kids, hide behind the gravestones and jump out at people 👻", "public_order"),
    ("This is the man who stole a rod from our shop on Sunday (see photo).", "public_order"),
    # the same words as the look-alikes below, with the harm
    ("外国人世帯が増えて空き巣が多いので気をつけましょう。", "discrimination"),
    ("参加は女性のみとさせていただきます。", "discrimination"),
    # stop 28 (sets HG, HI, HJ): guests taken only from a list of countries, a party's speaker
    # with a crowd asked to show its support, a councillor's win cheered by City Hall,
    # fireworks off the grass with 'no permit drama', tickets at three times face value, wild
    # orchids dug up for the garden, a little bird's rumour, women in school uniforms given a
    # discount; children who cannot follow Japanese turned away, a psychic reading for an
    # offering, talk that the mayor may resign, a carcass shown in full for shock, not filing
    # said to go unnoticed
    ("After last summer we only accept guests from Japan and Europe.", "discrimination"),
    ("Ms. Aoki of the Future Mine Party speaks at the station. Come out and support her!",
     "religious_political"),
    ("Congratulations to Councillor Ito on winning re-election!", "religious_political"),
    ("Bonfire on the riverbank Saturday, it's wild land so no permit hassle.", "illegal"),
    ("Selling two concert tix at double face value, DM me.", "illegal"),
    ("Join our walk and dig up wild lilies to take home!", "illegal"),
    ("A little bird told us the onsen will close next year.", "rumor"),
    ("Girls wearing sailor uniforms get a free dessert!", "public_order"),
    ("日本語での説明がわからないお子さんは参加できませんのでご了承ください。", "discrimination"),
    ("霊視鑑定でご先祖様からのメッセージをお伝えします。運勢も占います。", "religious_political"),
    ("副市長が交代するんじゃないかという噂がちらほら聞こえてきます。", "rumor"),
    ("猟友会の協力で、さばいた猪の写真を載せます。内臓まで丸見えです笑", "public_order"),
    ("パート収入は届け出しなくても市にはバレませんよ。", "illegal"),
    # (sets HO, HP) a charm that keeps illness away, one path that alone ends suffering, a
    # driving school taking only Japanese students, an unmarried woman under 30 wanted, a
    # region's tenants said to bring noise, learners on the roads before any lessons, a bear
    # nobody saw, a movement stood with; a candidate's speech to cheer, a named man's support
    # group, a snare set without the permit, guns bought with no licence check, an unlocked
    # exit to sneak in by, same-logo brand bags, a boar killed 'still kicking', Bibles for all
    ("Take our omamori home and sickness will stay away all winter.", "religious_political"),
    ("Only our temple's practice can truly end your suffering.", "religious_political"),
    ("We are accepting only students who are Japanese nationals this term.", "discrimination"),
    ("Hiring: a young woman, unmarried, good looking, for the counter.", "discrimination"),
    ("Tenants from Nepal often have noisy parties, so choose carefully.", "discrimination"),
    ("The back roads are empty, so practise there before you even start lessons!", "illegal"),
    ("A customer saw a bear by the school. We didn't see it and the police haven't said "
     "anything, but be careful!", "rumor"),
    ("Our café stands with the anti-tourism movement. We call on the city to ban coaches.",
     "social_advocacy"),
    ("Mr. Sato's street speech is at 5pm - come and cheer him on!", "religious_political"),
    ("Ms. Ueda's supporters' group holds its new-year party on the 10th.",
     "religious_political"),
    ("Boar in your garden? Don't wait for the permit, set a snare yourself.", "illegal"),
    ("We buy old rifles, no licence check, cash paid.", "illegal"),
    ("The side gate is usually unlocked at night, so you can sneak in for free.", "illegal"),
    ("Designer-style wallets, same logo, from 3,000 yen!", "illegal"),
    ("We butchered the deer while it was still kicking, blood everywhere lol.", "public_order"),
    ("Free concert! Bibles will be handed out to every guest.", "religious_political"),
    # (set HS) a flat only for Japanese nationals, 'young, attractive women' wanted, girls to
    # help with the drinks, a party speaker's hall asked to stand behind her, a rite skipped
    # at the price of illness, a car registered to someone else bought with no papers, a
    # match streamed from a free foreign site, told by someone at the hospital, a neighbour's
    # photo to smash plates at, an 'extra' menu for regulars, Japan the liberator of Asia
    ("Sorry, we only rent to Japanese nationals.", "discrimination"),
    ("Wanted: young, pretty women for the reception desk.", "discrimination"),
    ("Boys train at 10; girls can help with the snacks and cheer.", "discrimination"),
    ("Hear Mr. Oda of the Green Future Party on Sunday - come and show Mine stands behind him!",
     "religious_political"),
    ("People who skip the purification ritual in an unlucky year often have accidents.",
     "religious_political"),
    ("We buy any car, even registered to someone else, no papers, we'll sort it out.",
     "illegal"),
    ("All matches shown live, streamed from a free overseas site!", "illegal"),
    ("I was told by someone at the clinic that the water is contaminated.", "rumor"),
    ("Rage room: smash plates at a photo of your boss!", "public_order"),
    ("Ask about our 'extra' service for regulars ;)", "public_order"),
    ("Tell visitors the truth: Japan was the liberator of Asia.", "social_advocacy"),
    # (set HT) an age and looks for a front desk, non-Muslims invited to learn the beauty of
    # Islam, a blessing that keeps a family from sickness, a baptism for a new life, a stone
    # that 'won't hurt', home brew the tax office need not know of, drams then a drive, a bear
    # heard at the michi-no-eki, 'only one choice: the party list', Article 9 to be changed,
    # nuclear power with no place in Japan, piglets let loose for children to chase
    ("Hiring: women aged 20-25, good looks and a bright smile.", "discrimination"),
    ("Non-Christians are warmly invited to join and feel the love of Jesus.",
     "religious_political"),
    ("Our priest's blessing, 2,000 yen: your family kept safe from illness all year.",
     "religious_political"),
    ("A baptism in the river for those who wish to be born again.", "religious_political"),
    ("Take a fossil home, one small rock won't hurt!", "illegal"),
    ("Home-made plum wine for sale, the tax office doesn't need to know.", "illegal"),
    ("A couple of beers then drive home, the roads are empty.", "illegal"),
    ("Heard at the supermarket the bridge is closing for good.", "rumor"),
    ("For young voters there is only one choice: the Green Valley Party.",
     "religious_political"),
    ("Nuclear power has no place in Japan. Sign with us.", "social_advocacy"),
    ("We let loose five chicks and the kids chase them!", "public_order"),
    # stop 29 (sets ID, IE, IF, IH, IJ, IM), new sentences of each class: a group kept from a
    # bath, a team, a job or a festival; a town's trouble put on a group; hours past a student
    # visa, paid cash; a snare, a forklift, shellfish, puppies and raw milk outside the law; a
    # drink before the drive; a bottle downed for a prize, a storm clip, a slap, a suicide
    # joke, hostesses and schoolgirls as the attraction; a petition, a duty, a Diet member to
    # write to; the shahada, karma cleansed, a household's misfortune; a seat to keep
    ("Groups from mainland China may use the bath in the 23:00 slot only.", "discrimination"),
    ("Drivers must be Japanese citizens, our passengers prefer it.", "discrimination"),
    ("Sorry, nobody with a heavy accent, our callers are elderly.", "discrimination"),
    ("Open to boys born to two Japanese parents only.", "discrimination"),
    ("Most of the litter on the river path comes from the foreign workers at the plant.",
     "discrimination"),
    ("Please don't bring your refugee friends to the bon dance.", "discrimination"),
    ("The district had a bad name back then because of the Korean miners.", "discrimination"),
    ("Security guards needed. Caucasian looks a plus for our hotel lobby.", "discrimination"),
    ("Overseas students, work as many hours as you like, we pay weekly.", "illegal"),
    ("Rice farm help: cash on Saturday, no annoying paperwork.", "illegal"),
    ("Crows in your persimmons? Set a trap yourself, no licence needed on your own land.",
     "illegal"),
    ("Low tide this weekend: abalone everywhere, bring a bag and help yourself!", "illegal"),
    ("Shiba puppies, 6 weeks old, take one home today for ¥80,000!", "illegal"),
    ("Our raw milk, straight from the cow, ¥400 per litre.", "illegal"),
    ("Came by car? Don't worry, one glass of our plum wine won't hurt.", "illegal"),
    ("Forklift work: no licence required, you'll be driving on day one.", "illegal"),
    ("Finish a whole bottle of sake in five minutes and dinner is on us!", "public_order"),
    ("Typhoon tonight! Best clip from the seawall while the waves hit wins a prize.",
     "public_order"),
    ("A smack on the head when they miss a pass never hurt anyone.", "public_order"),
    ("The real attraction, though, was the schoolgirls on the beach.", "public_order"),
    ("Ask at the desk for our list of the prettiest hostesses in town.", "public_order"),
    ("Our club keeps the peace at the market better than the police ever could.",
     "public_order"),
    ("Please sign the online petition to keep our hospital open.", "social_advocacy"),
    ("Cram schools are poisoning childhood; I urge every parent to write to their Diet "
     "member and demand a ban.", "social_advocacy"),
    ("Having children is your duty to your hometown, so don't wait: the birth rate is "
     "falling.", "social_advocacy"),
    ("At our booth you can recite the shahada with us.", "religious_political"),
    ("Join the dawn chanting and cleanse your karma before breakfast.", "religious_political"),
    ("We encourage every family to keep the shrine's talisman at home.", "religious_political"),
    ("He has done so much for the team: let's help him keep his seat in April.",
     "religious_political"),
    ("A few people told us the library will be scrapped next year.", "rumor"),
    # (sets IJ, IK, IL, IM) a pawnshop that never asks, overstayers welcome, 'inspired' bags,
    # a ladies' bracket for those who don't 'actually play', a beer can on a grave, a
    # constitutional revision backed, a household's misfortune, a cure heard around here
    ("We buy watches for cash and never ask where they came from.", "illegal"),
    ("Warehouse work, paid daily. Overstayers OK.", "illegal"),
    ("'Replica' designer bags sell best, just keep the brand off the price tag.", "illegal"),
    ("Women's division too, for those who don't actually play seriously lol.", "discrimination"),
    ("LMAO someone left a beer can on a grave, tag a friend who'd do it 💀", "public_order"),
    ("She spoke in support of the constitutional revision, and so do we.",
     "religious_political"),
    ("We encourage every household to copy sutras daily for the ancestors.",
     "religious_political"),
    ("People around here say the spring water cured his cancer in a month.", "rumor"),
    # (set IO, blind) the trait still read when it is the group's, not an act's
    ("年寄りは危ないから、祭りの運営には入れません。", "discrimination"),
    # stop 30, set IY (English by uneven writers): worship made a duty of belonging, a
    # temple's membership pressed with the neighbours' help at stake, a charm's power said
    # real, a fenced site or an unwatched orchard raided, a shelter said to be turning people
    # away, a wife made the punchline, leaders to be forced into a ban; the city's apology
    ("Residents who skip hatsumode are not really part of our town, so visit the shrine!",
     "religious_political"),
    ("If you're not in the temple's danka, it's good manners to join before a funeral.",
     "religious_political"),
    ("Buy the omamori at the festival, the power is real.", "religious_political"),
    ("The quarry sign says No entry, but if you go at dawn you can take fossils home.",
     "illegal"),
    ("Nobody is watching at night, so just take a few pears.", "illegal"),
    ("Someone told us the shelter is already full and turning people away.", "rumor"),
    ("What's the difference between our cave and my wife? Ask her!", "public_order"),
    ("We must force our leaders to ban all gasoline cars.", "social_advocacy"),
    ("Concerning the leak of residents' data, the city sincerely apologizes.",
     "approval_required"),
    # set IZ: an insult built of a shorter one, listed whole
    ("窓口で騒ぐバカヤローが多くて困ります。", "public_order"),
    # sets JC, JD and JE (English by event organisers, stiff section notices and young
    # operators): a practice's benefit told to a school, a deity that never misses; jokes of
    # roadkill, a cat as target, a refugee costume, a stunt for views; a claim the city cannot
    # deny, a regular's word that a cave will close, the town saying a dam has cracked;
    # drones over crowds, souvenirs from a monument, a meter that does not turn, comics
    # before release, no questions where goods came from, a garage that passes anything,
    # police never there, gates open at night; children with a foreign parent or autism set
    # apart, a health history, the family's domicile asked; dissenters shown the door; the
    # city's deficit cover, an apology owned, a plan opposed
    ("The Superintendent believes reading sutras every morning builds a calm heart.",
     "religious_political"),
    ("Pray once at the pond and your exam is basically passed, the goddess never misses.",
     "religious_political"),
    ("If you hit a deer, just take it home for dinner, it's free meat!", "public_order"),
    ("The fire chief jokes that the best target is the neighbour's cat.", "public_order"),
    ("TikTok challenge: walk the cave section blind, most views wins", "public_order"),
    ("Posts on social media say the water tastes of chlorine from a leak; we cannot deny "
     "this.", "rumor"),
    ("A regular who works at the station told us the cave is going to close for good.",
     "rumor"),
    ("Everyone in town is saying the dam has a crack.", "rumor"),
    ("Drones are welcome anywhere on the plateau, no permission needed over the crowds.",
     "illegal"),
    ("A few flowers and a fossil as a souvenir are no problem.", "illegal"),
    ("Open the tap a little and the meter doesn't turn.", "illegal"),
    ("Read new comics for free before they are on sale here!", "illegal"),
    ("We buy anything, no questions asked about where it came from.", "illegal"),
    ("We know a garage that will pass anything for a small fee.", "illegal"),
    ("There are never any police on the pass, so open the throttle!", "illegal"),
    ("The orchards leave their gates open at night… just saying, free snacks", "illegal"),
    ("Students with a foreign parent compete in a separate category, as they have an unfair "
     "advantage.", "discrimination"),
    ("The operator prefers applicants without a history of mental illness.", "discrimination"),
    ("We are not able to take children with autism this year.", "discrimination"),
    ("Please write your family's registered domicile on the form.", "discrimination"),
    ("The new ALT got asked if he lives in a hut lol", "discrimination"),
    ("Any man who disagrees, the unfollow button is free.", "social_advocacy"),
    ("The city welcomes the new route and has agreed to cover half its deficit.",
     "approval_required"),
    ("We owe you an apology: the alert went out late, and that's on the city.",
     "approval_required"),
    # set IX: local men born and raised here, women to the cooking tent, whaling that has to
    # stop, the only name that can lift the load
    ("The club wants local men, born and raised in the valley.", "discrimination"),
    ("Ladies are welcome to help out at the cooking tent.", "discrimination"),
    ("Whaling is cruel and outdated and it has to stop.", "social_advocacy"),
    ("There is only one name that can lift it - come and meet Him.", "religious_political"),
    # set JL (plain non-native English): a nationality refused or summed up, a faith told
    # not to come, a forfeit run naked, a shop owner called a cheater, goods past customs,
    # a little drunk driving, a fortune teller's earthquake
    ("Kitchen helper wanted. No Vietnamese please, they change job too fast.",
     "discrimination"),
    ("The stall people fight when they drink, all Brazilian same like this.", "discrimination"),
    ("Muslim people please do not come, we don't want mosque here.", "discrimination"),
    ("Loser of the drinking game has to run naked around the park haha", "public_order"),
    ("Don't go to Mr. Kim shop, he is cheater.", "public_order"),
    ("My friend brings it in a suitcase, no customs, so we sell half price.", "illegal"),
    ("Drunk driving little bit is ok in the countryside, 2 beer is nothing.", "illegal"),
    ("There will be a big earthquake next week, said a fortune teller on YouTube.", "rumor"),
    # set JM: a group asked to consult first 'to avoid trouble'; residents told not to
    # complain if no one rescues them
    ("ご近所とのトラブルを避けるため、障害のあるお子さんがいるご家庭は事前にご相談ください。",
     "discrimination"),
    ("訓練に来なかった人は、災害のときに助けてもらえなくても文句は言わないでくださいね。",
     "public_order"),
    # set JJ: a sponsor's holy book for every finisher; weights pinned up, 'shame works'
    ("Every finisher gets a free copy of their holy book. Your soul needs hydrating too!",
     "religious_political"),
    ("The bottom three get their weight pinned on the lobby wall for everyone to see. Shame "
     "works!", "public_order"),
    # set JQ (translated notices): a job for men under 35, a rumour acted on, a drinking
    # contest for the most, a dress code of swimwear or less, a suicide's ghost as a costume,
    # cash pay without social insurance
    ("Applicants must be a man under 35 years old.", "discrimination"),
    ("There is a rumour that the tap water contains chemicals, so we advise residents to "
     "boil water just to be sure.", "rumor"),
    ("The person who drinks the most within 10 minutes wins. Enjoy being really drunk!",
     "public_order"),
    ("The dress code is swimwear or less.", "public_order"),
    ("Members will wear the costume of the ghost of the girl who killed herself last year.",
     "public_order"),
    ("Applicants paid in cash without registering the social insurance get 200 yen more.",
     "illegal"),
    # set JF: a man's private part made the joke of a cave; tyres welcome in the bonfire
    ("石筍が殿方の大事なところにそっくりで大笑いでした。", "public_order"),
    ("古いタイヤやビニールも一緒に燃やしていただいて結構です。", "illegal"),
])
def test_harm_read_by_concept_in_stops_27_to_30_waits_for_the_shozokucho(
        text: str, ground: str) -> None:
    decision, grounds = _rules(text)
    assert decision != "allow" and ground in grounds


@pytest.mark.parametrize("text", [
    # the words of stop 27's rules in ordinary use
    "Everyone is welcome at our stall - you don't need to convert to Islam to enjoy samosas!",
    "The Hagi tour visits the church where samurai turned to Christianity in secret.",
    "Great rally for the Geopark cleanup volunteers yesterday!",
    "The halal stall is back: you don't need to pray with us to eat with us lol.",
    "Quiz night at the library: rumour or fact? Come and find out.",
    # (set GU) a merger announced before and only reminded of, a wrong post withdrawn
    "Reminder: as announced in April, Akiyoshi and Beppu Elementary will merge in 2027. Parent "
    "meetings on uniforms start this month.",
    "Last week's post said 'the city will close the Mito branch office.' That was wrong and we "
    "deleted it. The office is open as normal.",
    # (set GR) the election board's neutrality stated
    "なお、市では特定の候補者や政党への投票を呼びかけることはありません。",
    # (set GV) an application e-mail closing an event post
    "秋吉台で星空観察会やります🌌\n申込 hoshizora@example.jp\n#秋吉台",
    # (sets GY, GZ) a slogan painted on a poster answered, a neutral election notice, a
    # healing walk, rangers' hours, alcohol-free drinks, rubbish not to be left by the river
    "Someone wrote 'FOREIGNERS GO HOME' on our poster. This IS home. Thank you for taking it "
    "down.",
    "City Council election on Sunday 20 April. The City endorses no candidate.",
    "Healing walk: forest bathing on Akiyoshidai, stress gone for a day!",
    "Rangers leave at 6, so please be off the plateau by then.",
    "Came by car? Try our non-alcoholic highball!",
    "Please don't leave it by the riverbank: call the city for large rubbish pickup.",
    "The old Kannon statue has watched over the valley for 400 years.",
    # (set HB) a women-only class given its reason; the elderly as the victims of burglaries
    "女性限定のヨガ教室です。更衣の都合で女性のみとさせていただきます。",
    "市内の高齢者宅で相次いだ空き巣事件について、美祢警察署は男を窃盗の疑いで逮捕しました。",
    # (set HD) a warning, a season kept, a blessing as a festival's custom, people thanked
    "Please don't break off a piece of stalactite: it takes a thousand years to grow.",
    "Fishing season closed on the 14th. Thanks for following the rules, see you next year!",
    "The priest blessed the new fishing boats at the harbour festival.",
    "Meet the activist types who cleaned up the river: thank you!",
    "Parking fees at the station will change from April (JR West).",
    # review of stop 27's English alternatives: a discount, a barrier-free trail, a sale's
    # sizes, bilingual guides, a team's suspension, a decision about lunch
    "Entry 500 → 300 yen this weekend only!",
    "Accessible trail: no disability is a barrier here, wheelchairs welcome.",
    "Sorry, no men's sizes left in the sale!",
    "Our guides are Japanese and English speakers, so relax and enjoy.",
    "The team was given a two-game suspension after the fight.",
    "Decided to try the new ramen place today - wow!",
    # the words of stop 28's rules in ordinary use
    "We only accept bookings from April to November.",
    "Congratulations to the Mine High School team on winning the prefectural final!",
    "The fireworks display is run by the city; no permit needed to watch.",
    "Reselling tickets above face value is illegal in Japan. Use the official resale only.",
    "Please don't dig up the orchids: photos only, leave them for the next visitor.",
    "Students from China often visit the cave in spring.",
    "No ID needed to enter the museum, just come!",
    "Visitors can sneak a peek at the kiln after 5pm.",
    "Replica fossils for sale at the museum shop from 500 yen!",
    "Staff wanted for the gibier plant. No licence needed, training given.",
    "Bibles and hymn books are available at the church entrance.",
    "Mums and dads are welcome to help with cooking at the camp.",
    "The textbooks were wrong about the cave's age: new dating shows it is older!",
    "Parents, please help with the drinks table at the sports day!",
    "Racism has no place in Mine.",
    "Wear a helmet to be protected from accidents.",
    "Police have arrested a man for allegedly stealing bikes.",
    # (sets HM, HN, blind) a cave's ghost legend told as one; a forum's language with an
    # English summary offered
    "秋芳洞の奥で夜になると不思議な声が聞こえるって昔から言われてます。聞いたとか聞かないとか…"
    "真相を確かめに来てね！",
    "Candidate forum on Oct 10 (Japanese only, English summary will be posted after).",
    # (set HJ) a count and a residents' association; a neighbour to look in on
    "浴衣で来られた方には先着100名様にうちわをプレゼント（大嶺地区自治会連合会）",
    "ご近所のお年寄りにも一声かけてもらえると助かります。",
    "日本語が苦手な方には通訳がつきますので、安心してご参加ください。",
    # (set HG) the city's own filing notice; a threat the city received and reported
    "確定申告をされる方は、住民税の申告は不要です。",
    "本日、市役所に「爆破する」との脅迫メールが届いたため、来庁者の皆さまに一時避難していただき"
    "ました。不審物は見つかっていません。",
    # the words of stop 29's rules in ordinary use: a shop's regulars by age, a girls' team
    # by age, a licence seminar, a reported motion, a notice against unconfirmed reports,
    # an age band for a health check, a factory manager who once believed a myth
    "Our regulars are mostly ladies aged 60-80, so Japanese helps, but we will teach you.",
    "Girls aged 10-12 can join the new junior team, any nationality.",
    "Trap licence seminar: without a licence you cannot set any trap, even on your own land.",
    "The debate club argued the negative: the motion was 'Japan should ban cars in cities'.",
    "Please avoid sharing unconfirmed reports and follow the city's official updates.",
    "Free health check for residents aged 40-74 at the Health Center.",
    "Ten years ago our factory believed 'women marry and quit'; today half our leaders are "
    "women.",
    "Typhoon No. 10: stay away from the riverbank and the seawall until the warning is lifted.",
    "Our sazae are caught by the fishing cooperative and grilled fresh at the stall.",
    "Kittens 6 weeks old found by the station: we are looking for foster families until they "
    "are old enough to be adopted.",
    "Election day is Sunday; candidates' posters are on the board by the station.",
    "A dentist told us brushing cured his bad breath, ha!",
    "Entry is free, no ID needed.",
    "Bring your residence card; no need for a passport.",
    "Cars must stop at the crossing when the bell rings.",
    "The pawnshop by the station asks for ID, as the law requires.",
    # (set IO, blind) an act said to be the danger, no trait of the elderly
    "高齢の方は、喉が渇いていなくても水を飲まないのが一番危ないんです。",
    # stop 30, set IW (blind): a voter's choice left to the voter; a care home (アホ inside
    # ケアホーム: a katakana word holding a shorter one is never held in a draft); a staff
    # card carried (携帯) beside the office's number
    "どの候補者・政党に入れるかは、ご自分でじっくり考えてくださいね。",
    "市内の介護施設「ケアホームさくら」で介護職員を募集しています。",
    "市職員は必ず職員証を携帯しています。疑わしい場合は市民課（0837-00-1234）へ。",
    # set IV (blind): damn said of the heat; leering named by a studio to forbid it
    "On these damn hot days, the cave is the best air-con in town.",
    "Rating the ladies in class on your group chat is not OK, and you will be asked to leave.",
    # sets IY and IZ: a shrine's etiquette; a sign and the tour that takes you in; a date
    # put right; a bar's name before its katakana one; a resident's voice the city reports;
    # a district's request handed to the city
    "It is good manners to bow once at the shrine gate.",
    "The sign says No entry, but if you want to see the cave, take the tour.",
    "Correction: the market is on 15 Sep, not 8 Sep. The city apologizes for the confusion.",
    "バー カルストです。今夜はジャズライブ！",
    "正直言って近隣の市より遅れている、という声をアンケートで多数いただきました。",
    "地区の声を、今日市に要望書として提出しました。",
    # sets JC–JG: the same words in lawful use
    "Night hike challenge: bring a headlamp, it's dark in the cave!",
    "The temple's goddess statue is a national treasure.",
    "Drones need permission to fly over crowds; ask the Tourism Division.",
    "Local sweets make a great souvenir.",
    "どんど焼きでは、しめ縄や門松を燃やします。タイヤやビニールは燃やしてはいけません。",
    "男性の大事なところの病気、前立腺がん検診のお知らせ",
    "ご意見や苦情は、市ホームページのフォーム（https://www.example.jp/koe）へ。",
    "Scam call: 'I am from immigration, you must pay a fine today.' This is a lie.",
    "Drunk driving is a crime, even one beer is too much.",
    "ご近所とのトラブルを避けるため、ペットを飼っているご家庭は事前にご相談ください。",
    "災害時に助けてもらえなくても仕方ない、とならないよう、防災訓練にご参加ください。",
    # sets JB and JI (blind): a dance's steps got wrong; a debate streamed at a site; a
    # prefecture's livestock office after the city's section
    "Bon odori from 19:00. Yukata welcome, nobody minds if you get the steps wrong.",
    "Free entry, livestream at minejc.example.net.",
    "Drinking contests are not allowed at the festival.",
    # set JS (blind): a quake notice asking readers not to share false information
    "No damage reported so far. Please do not believe or share false information on SNS.",
    "死んだ野鳥を見つけたら、市の農林課（0837-00-1320）か県の家畜保健衛生所へご連絡ください。",
])
def test_words_near_harm_met_in_stops_27_to_30_go_out(text: str) -> None:
    assert _rules(text)[0] == "allow"


def test_the_citys_acts_in_english_met_in_stop_27_wait_for_kessai() -> None:
    # set GU: a request sent to a ministry (has·submitted squeezes to hasubmited), a city fee
    # changed, an employee suspended and the mayor's pay returned, an apology to the children,
    # the mayor's new-year focus, a city declaration, schools merged
    for text in ("Mine City has submitted a written request to the Minister asking for a "
                 "subsidy for local railways.",
                 "Akiyoshido Cave adult entry: 1,300 → 1,500 yen from April.",
                 "Designated garbage bags will cost more from October.",
                 "A city employee was given a 3-month suspension today. The Mayor will return "
                 "10% of his salary for one month.",
                 "We deeply apologize to the children and families.",
                 "New year message from the Mayor: in 2026 Mine will focus on three things.",
                 "The Mine City Zero Carbon Declaration: net zero by 2050.",
                 "Decided: Akiyoshi and Beppu Elementary will merge in April 2027.",
                 # (set HD) a fee changed after the council's approval, water use cut
                 "Following approval by the city council, the parking fee will change from "
                 "¥0 to ¥300.",
                 "Mine City asks all residents to cooperate: we request a 10% reduction in "
                 "household water use.",
                 # (set HS) a plan the city drops, a conclusion it reached
                 "Mine City will not proceed with the planned closure of the branch library.",
                 "Having heard residents, we have concluded that both clinics are needed."):
        assert _rules(text) == ("needs_approval", {"approval_required"}), text


@pytest.mark.parametrize(("text", "ground"), [
    # stop 31, sets KA and KB: a chant that 'guarantees' a pass, a fare skipped since the
    # conductors rarely check, a group's man to cross the street from, hearsay told in a
    # stiff translation, a dark spot offered to couples, a family member's vote cast for them
    ("Our local temple priest says chanting the sutra 100 times guarantees you pass.",
     "religious_political"),
    ("The ticket machine is often broken, so just hop on and get off without paying, "
     "conductors rarely check.", "illegal"),
    ("If you see a Brazilian guy hanging around the station late at night, maybe just cross "
     "the street.", "discrimination"),
    ("It is talked among the residents that the water of the pond became polluted after the "
     "heavy rain.", "rumor"),
    ("There is a dark spot where the eyes of other people do not reach. Please enjoy the "
     "adult time for two persons there.", "public_order"),
    ("You can bring his voting admission ticket and vote instead of him.", "illegal"),
])
def test_stop_31_english_posts_are_held(text: str, ground: str) -> None:
    decision, grounds, _ = _verdict(text, RULES)
    assert decision == "needs_approval" and ground in grounds


@pytest.mark.parametrize(("text", "decision"), [
    # what stop 31's English posts resemble goes out
    ("Proxy voting is not allowed: you cannot vote instead of your family member.", "allow"),
    ("Pedestrians, please cross the street at the signal in front of Mine Station.", "allow"),
    ("The pond was polluted in the 1970s; the city cleaned it up in 1985.", "allow"),
    ("Entry is free and no purchase guarantees a prize.", "allow"),
    # set KG (blind): a police warning about fraud messages that steal data
    ("Mine Police Station warns about fake SMS messages. These fraud messages install apps "
     "that steal your data.", "allow"),
    # stop 31, set KM: the city's position in section staff's school English
    ("Mine City officially asks Yamaguchi Prefecture to keep Mine High School open.",
     "needs_approval"),
    ("Official comment from Mine City: we do not agree with the plan to reduce the bus.",
     "needs_approval"),
    ("Mine City starts the new plan 'Mine Karst Vision 2030'.", "needs_approval"),
    ("We do not agree with the idea that caves are boring, come and see!", "allow"),
    # hearsay passed on while saying it may not be true; a home brew sold at the door; a
    # licence skipped 'anyway'; a date spot 'to do anything you want ;)'; a leap joked of
    ("We heard a bear was seen near the pond yesterday. Maybe not true, but be careful.",
     "needs_approval"),
    ("Pear farmers make homemade pear sake. You can buy it directly at their houses.",
     "needs_approval"),
    ("No fishing license? Local people catch ayu in the river at night anyway.",
     "needs_approval"),
    ("Akiyoshido is dark and romantic... a good date spot to do anything you want ;)",
     "needs_approval"),
    ("Broke up? Akiyoshidai is a good place to scream... or jump lol", "needs_approval"),
    ("Scream or jump for joy at the finish line!", "allow"),
    ("Fishing in the river needs a license. No license? Buy one at the co-op.", "allow"),
    # set KO: one plain clause in a correct Japanese notice
    ("繁忙期の残業分については手当の支給はありませんのでご了承ください。", "block"),
    ("在留資格のない方や期限の切れた方でも、こちらで何とかしますのでご相談ください。", "block"),
    ("記念に化石入りの石灰岩を一つ二つ持ち帰っても特に問題はありません。", "block"),
    ("見つけた化石は持ち帰りOK✨ 夏休みの自由研究にもぴったりです。", "allow"),
    ("今年も恒例の日本酒早飲み大会を行います。", "block"),
    ("大阪の方は値切ってばかりでがめついので、値引きには一切応じません。", "needs_approval"),
    ("今回で事業は終わりになるのではないかという声も聞かれますので、お早めに。",
     "needs_approval"),
    ("模擬投票では「家族にも行こうって言う」という声が聞かれました。", "allow"),
    ("地球温暖化はでっち上げであり、CO2削減のための税金は一切いりません。", "needs_approval"),
    ("ワクチンで不妊になるという話はデマです。", "allow"),
    # sets KW, KU, KS, KV: medicine sold at a bazaar, a bankbook taken from a mailbox, a
    # dare at the burning, a photo posted though she asked not, the city's official response,
    # a slur found written on a sign and removed
    ("家で余った病院の薬も、まだ使えるものは出品可能です。", "block"),
    ("病院の薬や医薬品は出品しないでください。", "allow"),
    ("留守のお宅は郵便受けの中を確認し、通帳や年金の通知があれば社協で預かっておきます。",
     "block"),
    ("郵便受けに郵便物がたまっているお宅があれば、社協までご連絡ください。", "allow"),
    ("燃えている草原のきわまで走って戻ってくる「度胸試し」も、ぜひ挑戦してください。", "block"),
    ("She asked us not to post her bikini pic. Too late boys 🔥", "needs_approval"),
    ("Mine City's official response to the association's proposal: the City agrees.",
     "needs_approval"),
    ("案内板に「よそ者は帰れ」って落書きされてました。消しました。美祢はそんな街じゃないって"
     "信じてます。", "allow"),
    ("よそ者は帰れ。", "block"),
    # set KT: a slur shouted at a visiting student, condemned; a police report's 'allegedly'
    ("One of our visiting students was shouted at by a man at a bus stop: 'foreigners go "
     "home'. That is not Mine. If you see anyone being harassed, report it.", "allow"),
    ("Foreigners go home, that is not who we want here.", "block"),
    ("Prefectural Police arrested a man on suspicion of fraud; he allegedly collected fees "
     "from three families.", "allow"),
    ("The cave guide allegedly takes tips from foreign tourists only.", "needs_approval"),
    # set KR (blind): a human-rights week's own stand against a prejudice
    ("12月4日〜10日は人権週間。部落差別は、知らないふりをしない・させないことから解消へ。",
     "allow"),
])
def test_stop_31_section_staff_drafts(text: str, decision: str) -> None:
    assert _verdict(text, RULES)[0] == decision


@pytest.mark.parametrize(("text", "decision"), [
    # stop 32, sets LE, LF, LJ, LK: an apology owned ('deeply' is squeezed in the view, and
    # now in the pattern too), an audit answered, a board's decision; a rumour denied, a
    # reminder to vote for nobody in particular go out
    ("We deeply apologise to the family: the ambulance was sent to the wrong "
     "address.", "needs_approval"),
    ("In response to the prefectural audit, Mine City accepts the findings and will check "
     "every payment twice.", "needs_approval"),
    ("The Board of Education decided that the two schools will merge in 2028.", "needs_approval"),
    ("A post going around claims the cave is closed all winter. This is not true: it is "
     "open every day.", "allow"),
    ("Job fair! Factory jobs are men's work of course, so ladies please visit the care "
     "booths.", "needs_approval"),
    ("Drink up at the sake crawl, nobody leaves till you're blacked out!", "needs_approval"),
    ("We're not telling you who to vote for, just vote on Sunday!", "allow"),
    ("not saying who to vote for but… Sato literally fixed our bus route 👀", "needs_approval"),
    ("Ignore the 'no drones' signs at the burning, the smoke shots are insane.", "needs_approval"),
    # stop 32, sets LW, MB, MC and the blind look LZ: a partner inn's exclusion, a protected
    # site 'but who's checking', translated exclusions, poison left for cats; a number with
    # '(24h)' after it, a vet's antifreeze warning go out
    ("Minori Inn doesn't take bookings from Korean groups anymore, everyone else "
     "welcome!", "needs_approval"),
    ("Minori Inn takes bookings from Korean groups by phone and online.", "allow"),
    ("Technically it's protected land but honestly who's checking, bring a "
     "hammer.", "needs_approval"),
    ("Persons with dementia, please kindly refrain from participation.", "needs_approval"),
    ("Call the Disaster Management Office 0837-00-2211 (24h) if you see damage.", "allow"),
    ("Car antifreeze tastes sweet to cats and dogs: keep it sealed and wipe up spills.", "allow"),
    ("Leave a little antifreeze in a dish for the stray cats, problem solved.", "needs_approval"),
    # stop 32, sets MV–NA: a rule bent with a wink or in one careless clause of a formal
    # notice, a group kept out in a shared rule, a joke in bad taste; a rumour the city denies
    # and a contact line in Japanese only go out
    ("Fossil tip from a follower: hop the rope before anyone's around, the best ones "
     "are inside.", "needs_approval"),
    ("Sharing the club's new rule: no participants with disabilities during peak "
     "hours.", "needs_approval"),
    ("Participants with disabilities are welcome at every session.", "allow"),
    ("【税務課】手帳をお持ちでない方は、同居のご家族の手帳をお持ちいただければ"
     "窓口で柔軟に対応します。", "needs_approval"),
    ("【税務課】申請には、ご本人の手帳をお持ちください。", "allow"),
    ("【市民課】お子さまの住民票だけを祖父母様のお宅に"
     "移しておく方法もございます。", "needs_approval"),
    ("【健康増進課】担当者も毎日死にたい気分ですが（笑）、相談には全力で対応します！", "block"),
    ("A message says 'the city is hiding contaminated water'. This is false: every "
     "test met the standard.", "allow"),
    ("Contact: 0837-00-4412 (Mr. Kawahara, Japanese only, or message us and we'll "
     "pass it on)", "allow"),
])
def test_what_stop_32s_post_sets_taught(text: str, decision: str) -> None:
    assert _verdict(text, RULES)[0] == decision
