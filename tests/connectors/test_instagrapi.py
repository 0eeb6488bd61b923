"""instagrapi opt-in: a worker never waits on input(), and private-API failures map to ours."""

from __future__ import annotations

import pytest
from instagrapi import exceptions as ig

from connectors.base import AuthExpired, ConnectorContext, RateLimited, Rejected, Unsupported
from connectors.instagrapi_client import InstagrapiConnector, _refuse_challenge, _translate


def connector() -> InstagrapiConnector:
    return InstagrapiConnector(ConnectorContext(
        account="ig", credentials={"username": "mine_city", "password": "TEST-PASSWORD"}))


def test_the_challenge_prompt_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_input(*_args: object) -> str:
        raise AssertionError("input() was called: a worker would block forever")

    monkeypatch.setattr("builtins.input", no_input)
    client = connector().client
    assert client.challenge_code_handler is _refuse_challenge
    with pytest.raises(ig.ChallengeRequired):
        client.challenge_code_handler("mine_city", 1)


@pytest.mark.parametrize(("exc", "error"), [
    (ig.ChallengeRequired, AuthExpired), (ig.TwoFactorRequired, AuthExpired),
    (ig.LoginRequired, AuthExpired), (ig.PleaseWaitFewMinutes, RateLimited),
    (ig.RateLimitError, RateLimited), (ig.FeedbackRequired, RateLimited),
    (ig.MediaNotFound, Rejected)])
def test_private_api_failures_map_to_our_errors(exc: type, error: type) -> None:
    translated = _translate(exc("said by instagram"), writing=True)
    assert isinstance(translated, error)
    assert translated.operator_message


def test_it_cannot_hide_so_the_sweep_falls_back() -> None:
    from connectors.base import Author, RemoteComment

    assert "hide" not in InstagrapiConnector.moderation
    with pytest.raises(Unsupported):
        connector().hide(RemoteComment("1", "2", Author("3"), "t"))


def test_without_a_password_it_says_what_to_register() -> None:
    with pytest.raises(AuthExpired) as caught:
        InstagrapiConnector(ConnectorContext(account="ig", credentials={}))
    assert "password" in caught.value.operator_message


def test_the_timeout_option_reaches_the_client() -> None:
    assert connector().client.request_timeout == 15.0
    configured = InstagrapiConnector(ConnectorContext(
        account="ig", options={"timeout": 7},
        credentials={"username": "mine_city", "password": "TEST-PASSWORD"}))
    assert configured.client.request_timeout == 7.0
