"""A broken policy file is refused with the file, the line and the field at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_gate import PolicyError, load_policy
from policy_gate.policy import DEFAULT_POLICY
from tests.gate.helpers import edited_policy


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    return edited_policy(tmp_path, old, new, "broken.yaml")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_every_ground_of_grounds_md_has_its_article() -> None:
    policy = load_policy(DEFAULT_POLICY)
    assert policy.article("privacy") == "第4.5(8)"
    assert policy.article("other") == "第4.5(13)"
    assert policy.article("public_order", "post") == "第4.4(4)カ"
    assert policy.article("approval_required", "post") == "第4.6"
    assert len(policy.comment_grounds) == 13 and len(policy.post_grounds) == 6


@pytest.mark.parametrize(
    ("old", "new", "field", "needle"),
    [
        ("  - name: defamation.threat\n    ground: defamation",
         "  - name: defamation.threat\n    ground: slander", "lexicon.0.ground", "slander"),
        ("    confidence: 0.95\n    severe: true\n    files: [defamation.threat.txt]",
         "    confidence: 9.5\n    severe: true\n    files: [defamation.threat.txt]",
         "lexicon.0.confidence", "9.5"),
        ('    - "公式見解"', '    - "公式見解("', "official_position.patterns.1", '"公式見解("'),
        ("  hide: 0.85", "  hide: high", "thresholds.hide", "hide: high"),
    ],
)
def test_a_broken_policy_names_file_line_and_field(tmp_path: Path, old: str, new: str,
                                                   field: str, needle: str) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert str(path) in message and field in message
    assert f":{_line_of(path, needle)}:" in message


def test_a_missing_lexicon_file_is_named(tmp_path: Path) -> None:
    path = _broken(tmp_path, "files: [obscene.explicit.txt]", "files: [obscene.missing.txt]")
    with pytest.raises(PolicyError, match=r"broken\.yaml:\d+: lexicon\.\d+\.files\.0: "
                                          r"cannot read .*obscene\.missing\.txt"):
        load_policy(path)


def test_an_unknown_cue_in_a_template_is_named(tmp_path: Path) -> None:
    path = _broken(tmp_path, "needs: [drug_slang, deal]", "needs: [drug_slang, dealing]")
    with pytest.raises(PolicyError, match=r"stage2\.templates\.\d+\.needs: unknown cue set"):
        load_policy(path)


def test_a_key_written_twice_in_one_rule_is_refused_with_its_line(tmp_path: Path) -> None:
    # YAML keeps the second of two equal keys: a rule's first exceptions would be lost
    path = _broken(tmp_path, "    unless_cues: [popularity_idiom, rumour_come_true]\n",
                   "    unless_cues: [popularity_idiom]\n    unless_cues: [rumour_come_true]\n")
    with pytest.raises(PolicyError, match=r"broken\.yaml:\d+: lexicon\.\d+\.unless_cues: written "
                                          "twice"):
        load_policy(path)


def test_a_pattern_that_needs_a_separator_the_compact_view_drops_is_refused(
        tmp_path: Path) -> None:
    # 店「…」 folded to 店 and any twelve letters, which named every shop a defendant
    path = _broken(tmp_path, "(?:居酒屋|喫茶店?|カフェ", "(?:居酒屋「|喫茶店?|カフェ")
    with pytest.raises(PolicyError, match="compact view holds no '「'"):
        load_policy(path)
    # an English phrase in a compact rule ("go home") can never meet the text, which has
    # no spaces there: refused rather than silently dead
    (tmp_path / "spaced").mkdir()
    spaced = _broken(tmp_path / "spaced", "(?:居酒屋|喫茶店?|カフェ",
                     "(?:go home|居酒屋|喫茶店?|カフェ")
    with pytest.raises(PolicyError, match="compact view holds no ' '"):
        load_policy(spaced)


def test_an_unknown_action_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, "    action: review\n    files: [defamation.insult.txt]",
                   "    action: delete\n    files: [defamation.insult.txt]")
    with pytest.raises(PolicyError, match=r"lexicon\.1\.action: must be one of hide, review"):
        load_policy(path)


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nthresholds: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"bad\.yaml:\d+: YAML syntax"):
        load_policy(path)


def test_a_readings_table_that_is_not_a_list_per_word_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, "name: 美祢市", "name: 美祢市")
    variants = tmp_path / "lexicons" / "variants.yaml"
    text = variants.read_text(encoding="utf-8")
    variants.write_text(text.replace("  大麻: [たいま]", "  大麻: たいま"), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"readings must map a spelling to a list"):
        load_policy(path, cache=False)


def test_two_rules_under_one_name_are_refused(tmp_path: Path) -> None:
    # the name is the detector's id in evidence and in `gate eval`
    path = _broken(tmp_path, "  - name: obscene.chatter_gaze\n", "  - name: obscene.chatter\n")
    with pytest.raises(PolicyError, match=r"'obscene\.chatter' is already the name of another"):
        load_policy(path)


@pytest.mark.parametrize("name", ["own_contact_context", "third_party_context"])
def test_a_context_word_read_inside_another_is_written_once(name: str) -> None:
    # the words are looked for as substrings: ご連絡ください adds nothing to 連絡ください, and a
    # list that grows by copies hides what it really reads
    words = getattr(load_policy(DEFAULT_POLICY), name)
    assert not [(a, b) for a in words for b in words if a != b and b in a]
