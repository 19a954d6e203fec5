"""Ask an expert through the real HTTP server: one tag in the question's thread, however often it is clicked."""

from __future__ import annotations

import json

from bot.core.blocks import actions
from bot.core.blocks.expert_tag import ASK_EXPERT
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, wait_for


def expert_value(question: str, category: str | None) -> str:
    return actions.encode(actions.ButtonState(query=question, category=category))


def test_two_clicks_post_one_message_in_the_thread_and_a_private_note(server: Server) -> None:
    value = expert_value("how do we rotate vpn certificates?", "Security")

    server.click(ASK_EXPERT, value)
    server.idle()
    _, second = server.click(ASK_EXPERT, value)
    server.idle()

    [posted] = server.slack.posted(p.CHANNEL_ID)
    assert posted["thread_ts"] == "1700000001.000100"
    assert "how do we rotate vpn certificates?" in json.dumps(posted["blocks"])
    assert f"<@{p.USER_ID}> asked" in json.dumps(posted["blocks"])
    [note] = wait_for(lambda: server.slack.responses[second.rsplit("/", 1)[1]])
    assert note["response_type"] == "ephemeral"
    assert "already asked" in note["text"]


def test_a_category_without_owners_says_nobody_owns_it(server: Server) -> None:
    server.click(ASK_EXPERT, expert_value("who runs the pager rota?", "Leadership"))
    server.idle()

    [posted] = server.slack.posted(p.CHANNEL_ID)
    assert "Nobody owns Leadership yet" in json.dumps(posted["blocks"])


def test_a_tampered_button_explains_and_posts_nothing(server: Server) -> None:
    _, url = server.click(ASK_EXPERT, "<!channel>")

    [note] = wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    assert "expired" in note["text"]
    assert server.slack.posted() == []
