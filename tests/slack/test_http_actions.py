"""Buttons through the real HTTP server: share, more results, feedback; all acked, follow-ups via response_url."""

from __future__ import annotations

import json

from bot.core.blocks import actions
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, wait_for


def value(**fields: object) -> str:
    return actions.encode(actions.ButtonState(**fields))  # type: ignore[arg-type]


def more_button(message: dict) -> str:
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == actions.MORE:
                return element["value"]
    raise AssertionError("no More results button")


def test_share_posts_the_article_in_channel_attributed_to_the_sharer(server: Server) -> None:
    response, url = server.click(actions.SHARE, value(query="2fa", slug="adding-a-second-lock-on-the-door"))
    assert response.status_code == 200
    name = url.rsplit("/", 1)[1]
    [posted] = wait_for(lambda: server.slack.responses[name])
    assert posted["response_type"] == "in_channel"
    assert posted["replace_original"] is False
    assert f"Shared by <@{p.USER_ID}>" in json.dumps(posted["blocks"])
    assert "2FA" in json.dumps(posted["blocks"])


def test_share_of_an_article_no_longer_in_the_catalog_says_so(server: Server) -> None:
    _, url = server.click(actions.SHARE, value(slug="gone-article"))
    [posted] = wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    assert "no longer in the catalog" in posted["text"]


def test_more_results_replaces_the_message_with_the_next_page(server: Server) -> None:
    first, _ = server.command("latest")
    _, url = server.click(actions.MORE, more_button(first.json()))
    [page] = wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    assert page["replace_original"] is True
    assert page["blocks"][0]["text"]["text"].endswith("11–20 of 28")


def test_more_results_pages_through_a_search(server: Server) -> None:
    first, _ = server.command("production")
    state = actions.decode(more_button(first.json()))
    assert state is not None
    assert (state.kind, state.query, state.offset) == ("search", "production", 5)
    _, url = server.click(actions.MORE, more_button(first.json()))
    [page] = wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    assert "6–" in page["blocks"][0]["text"]["text"]


def test_more_results_with_a_tampered_value_explains_instead_of_failing(server: Server) -> None:
    response, url = server.click(actions.MORE, "<!channel> not json")
    assert response.status_code == 200
    [posted] = wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    assert "expired" in posted["text"]


def test_helpful_click_is_recorded_and_thanked(server: Server, sqlite_store) -> None:
    slug = "securing-user-sessions"
    _, url = server.click(actions.HELPFUL, value(query="refresh tokens", slug=slug))
    [thanks] = wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    assert "Thanks" in thanks["text"]
    assert sqlite_store.votes()[slug] == (1, 0)


def test_not_helpful_click_is_recorded(server: Server, sqlite_store) -> None:
    slug = "securing-user-sessions"
    _, url = server.click(actions.NOT_HELPFUL, value(query="refresh tokens", slug=slug))
    wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    assert sqlite_store.votes()[slug] == (0, 1)


def test_unknown_action_is_acked(server: Server) -> None:
    response, _ = server.click("someone_elses_button", "x")
    assert response.status_code == 200


def test_action_with_a_bad_signature_is_rejected(server: Server) -> None:
    body, headers = p.block_actions(actions.SHARE, value(slug="x"), response_url=server.slack.response_url())
    assert server.post(body, headers, signed=False).status_code == 401


def test_read_opens_the_article_in_a_modal_and_next_page_updates_it(server: Server) -> None:
    value = actions.encode(actions.ButtonState(slug="securing-user-sessions"))
    server.click(actions.READ, value)
    server.idle()
    [opened] = server.slack.calls_to("views.open")
    view_id, modal = next(iter(server.slack.modals.items()))
    assert modal["type"] == "modal"
    assert "Securing User Sessions" in str(modal["blocks"][0])
    assert opened.params["trigger_id"]
    assert view_id.startswith("VMODAL")


def test_read_of_an_article_that_left_the_catalog_says_so(server: Server) -> None:
    _, url = server.click(actions.READ, actions.encode(actions.ButtonState(slug="gone-article")))
    server.idle()
    [notice] = server.slack.responses[url.rsplit("/", 1)[1]]
    assert "no longer in the catalog" in notice["text"]
    assert server.slack.calls_to("views.open") == []
