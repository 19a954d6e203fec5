"""The edge's one reliance on Bolt: a `BoltRequest` over an already parsed body (its `socket_mode` request mode).

If a Bolt upgrade changes what that mode means (verifying again, re-parsing, dropping the body's context), these
fail loudly instead of requests quietly losing their user or channel.
"""

from __future__ import annotations

from bot.slack.edge import bolt_request


def test_a_parsed_body_reaches_bolt_with_its_context_and_no_second_check() -> None:
    body = {
        "command": "/insights",
        "text": "payload security",
        "user_id": "U1",
        "channel_id": "C1",
        "team_id": "T1",
    }
    request = bolt_request(body, {"x-slack-retry-num": "1"})
    assert request.body == body  # not re-parsed: Bolt's parser would turn text containing "payload" into {}
    assert (request.context.user_id, request.context.channel_id, request.context.team_id) == (
        "U1",
        "C1",
        "T1",
    )
    assert request.mode == "socket_mode"  # Bolt skips its own signature check in this mode; the edge checked
    assert request.headers["x-slack-retry-num"] == ["1"]
    assert request.to_copyable().body == body  # lazy listeners get the parsed body too


def test_slack_error_codes_are_classified_once() -> None:
    from bot.slack.slack_errors import Kind, channel_unreachable, is_permanent, kind, plain

    assert kind("not_in_channel") is Kind.CHANNEL
    assert is_permanent("invalid_blocks")
    assert not is_permanent("ratelimited")
    assert not is_permanent("http_503")
    assert channel_unreachable("token_revoked")
    assert not channel_unreachable("msg_too_long")
    assert plain("not_in_channel").startswith("the bot is not in the channel")
    assert plain("some_new_code") == "some_new_code"
