"""Helpful / Not helpful through the real HTTP server: the clicked message is updated to show the recorded
choice, and clicking again changes the vote instead of adding one."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from bot.bootstrap import Bot
from bot.core.blocks import actions
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, wait_for

SLUG = "from-code-to-container"


def click_in_message(server: Server, action_id: str, blocks: list) -> dict:
    """A click on a button of a (non-ephemeral) bot message: Slack sends the message's blocks along."""
    url = server.slack.response_url()
    body, _ = p.block_actions(action_id, "", response_url=url)
    payload = json.loads(parse_qs(body.decode())["payload"][0])
    [button] = [
        e for b in blocks if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == action_id and actions.decode(e["value"]).slug == SLUG
    ]  # fmt: skip
    payload["actions"][0]["value"] = button["value"]
    payload["container"]["is_ephemeral"] = False
    payload["message"] = {"type": "message", "ts": payload["container"]["message_ts"], "blocks": blocks}
    response = server.post(*p.form({"payload": json.dumps(payload)}))
    assert response.status_code == 200
    [reply] = wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    return reply


def chosen(blocks: list) -> list[str]:
    return [
        e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]
        if e.get("style") == "primary"
    ]  # fmt: skip


def test_a_vote_marks_the_button_and_a_second_click_changes_it(server: Server, bot: Bot) -> None:
    answer = bot.assistant.message("docker image", user_id=p.USER_ID, channel_id=p.CHANNEL_ID, direct=True)

    first = click_in_message(server, actions.HELPFUL, answer["blocks"])
    assert first["replace_original"] is True
    assert chosen(first["blocks"]) == ["✓ Helpful"]

    second = click_in_message(server, actions.NOT_HELPFUL, first["blocks"])
    assert chosen(second["blocks"]) == ["✓ Not helpful"]
    assert bot.store.votes() == {SLUG: (0, 1)}
