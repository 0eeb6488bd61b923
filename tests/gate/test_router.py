"""The learned router: a second opinion on what the rules let through, which may only ask
a person (a comment to 確認待ち, a post to the 所属長), never hide or block, and always
cites an article and the clause that weighed most."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_gate import PolicyError, check_comment, check_post, load_policy
from policy_gate.normalize import Normalized
from policy_gate.router import (
    SUBWORD,
    WORD,
    FeatureSet,
    RouterError,
    _features,
    load_router,
    ngram_counts,
)
from policy_gate.types import AccountInfo, CommentContext, CommentInput, PostDraft
from tests.gate.helpers import POLICY, edited_policy

#: no rule fires on it: the suspicion about a district is in the tone, not in a slur
SUSPICION = "あの地区の連中とは関わらない方がいいよ、昔からそういう土地だから"
ENDORSEMENT = "来週の市長選、今の市長が続けてくれたらうれしいですね"
DEFAULT_MODELS = Path(POLICY.path).parent / "router"
ROUTER_LINES = ("router:\n  comment: {model: router/comments.json}\n"
                "  post: {model: router/posts.json}\n")


def _post(text: str, policy=POLICY):  # type: ignore[no-untyped-def]
    return check_post(PostDraft(text=text, category="pr"), AccountInfo("main", "main"), policy)


def test_a_comment_the_rules_miss_goes_to_review_with_its_article_and_clause() -> None:
    verdict = check_comment(CommentInput(SUSPICION), CommentContext(), POLICY)
    assert verdict.decision == "review"
    [evidence] = verdict.evidence
    assert evidence.detector == "learned.router"
    assert verdict.grounds == ("discrimination",) and verdict.citations == ("第4.5(2)",)
    assert evidence.span and evidence.span in SUSPICION
    assert evidence.confidence < POLICY.thresholds["hide"]


def test_a_post_the_rules_miss_waits_for_the_shozokucho_and_is_never_blocked() -> None:
    verdict = _post(ENDORSEMENT)
    assert verdict.decision == "needs_approval"
    assert verdict.citations == ("第4.4(4)イ",)
    assert [e.detector for e in verdict.evidence] == ["learned.router"]


def test_an_english_post_is_read_with_a_threshold_of_its_own() -> None:
    # the city writes for visitors in English; one threshold for both scripts let English
    # benign posts through at three times the rate of Japanese ones
    router = POLICY.router("post")
    assert router is not None and router.threshold_latin is not None
    assert router.threshold_latin != router.threshold
    verdict = _post("Night drive tip: Route 435 is empty, so put your foot down and fly past "
                    "those signs.")
    assert verdict.decision == "needs_approval"
    assert [e.detector for e in verdict.evidence] == ["learned.router"]
    # English replies too (stop 31): the comment model was trained on about 1,600 of them
    comments = POLICY.router("comment")
    assert comments is not None and comments.threshold_latin is not None


@pytest.mark.parametrize("text", [
    "市長は辞めろ。こんな市政は終わってる",
    "市役所の窓口の対応が最悪。二度と行かない",
    "税金の無駄遣いもいい加減にしろ、議会は何をしてるんだ",
    "クソ暑いけど花火大会めっちゃ良かった！",
    "Muito bonito! Quero voltar ao Japão",  # not the model's language: rules alone judge
])
def test_harsh_criticism_and_everyday_words_stay_up(text: str) -> None:
    assert check_comment(CommentInput(text), CommentContext(), POLICY).decision == "allow"


@pytest.mark.parametrize("text", ["本日の花火大会は予定どおり開催します。",
                                  "燃やせるごみの収集日が年末年始は変わります。"])
def test_ordinary_notices_are_published_without_a_hold(text: str) -> None:
    assert _post(text).decision == "allow"


def test_what_the_rules_hide_is_still_hidden_by_the_rules() -> None:
    verdict = check_comment(CommentInput("在日は日本から出ていけ"), CommentContext(), POLICY)
    assert verdict.decision == "hide"
    assert "learned.router" not in {e.detector for e in verdict.evidence}


def test_without_a_router_in_the_policy_the_rules_alone_judge(tmp_path: Path) -> None:
    rules_only = load_policy(edited_policy(tmp_path, ROUTER_LINES, ""), cache=False)
    assert rules_only.router("comment") is None
    assert check_comment(CommentInput(SUSPICION), CommentContext(),
                         rules_only).decision == "allow"
    assert _post(ENDORSEMENT, rules_only).decision == "allow"


def test_a_missing_model_file_is_refused_with_the_line(tmp_path: Path) -> None:
    path = edited_policy(tmp_path, "router/comments.json", "router/none.json")
    with pytest.raises(PolicyError, match=r"policy\.yaml:\d+: router\.comment\.model"):
        load_policy(path, cache=False)


def test_a_broken_model_file_names_the_file(tmp_path: Path) -> None:
    model = tmp_path / "broken.json"
    model.write_text('{"target": "comment", "bias": 1}', encoding="utf-8")
    with pytest.raises(RouterError, match=r"broken\.json: not a router model"):
        load_router(str(model), "comment")
    posts = DEFAULT_MODELS / "posts.json"
    with pytest.raises(RouterError, match="not 'comment'"):
        load_router(str(posts), "comment")


def test_the_post_model_reads_english_words_as_it_was_trained_to() -> None:
    # the compact view drops spaces: 'say no to nuclear' and 'sayno tonuclear' are one string
    # of letters to character n-grams; the shipped post model also counts the words
    router = POLICY.router("post")
    assert router is not None and router.features.word_weight > 0
    assert any(gram.startswith(WORD) for gram in router.weights)
    spaced = Normalized.of("Say no to nuclear power, stand with us")
    run_on = Normalized.of("Sayno tonuclear power,standwith us")
    assert spaced.compact.text == run_on.compact.text
    assert router.score(_features(spaced, router.features)) != router.score(
        _features(run_on, router.features))


def test_a_model_file_without_word_features_is_read_by_characters_alone(tmp_path: Path
                                                                        ) -> None:
    data = json.loads((DEFAULT_MODELS / "posts.json").read_text(encoding="utf-8"))
    del data["word_weight"], data["subword_sizes"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    assert load_router(str(old), "post").features == FeatureSet()
    assert WORD + "nuclear" not in ngram_counts(Normalized.of("nuclear power"), FeatureSet())
    assert ngram_counts(Normalized.of("nuclear power"), FeatureSet(word_weight=2))[
        WORD + "nuclear_power"] == 2


def test_the_post_model_reads_a_new_writers_word_forms_by_the_letters_inside_words() -> None:
    # 'foreigners' and 'foreign-born' share no whole word with 'foreign', but they share
    # the n-grams inside it; both shipped models read them (the comment model since stop
    # 31, when it began to read visitors' English replies)
    counts = ngram_counts(Normalized.of("Foreigners welcome"), FeatureSet(subword_sizes=(4,)))
    assert counts[SUBWORD + "<for"] == 1 and counts[SUBWORD + "ers>"] == 1
    for target in ("post", "comment"):
        router = POLICY.router(target)
        assert router is not None and router.features.subword_sizes
        assert any(gram.startswith(SUBWORD) for gram in router.weights)
