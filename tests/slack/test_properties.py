"""Whatever people type after `/insights` or `@insights`: no exception, valid Block Kit, nothing unescaped."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import Bot
from bot.core.blocks import actions
from tests.core.blocks.blockkit_checks import assert_valid_message
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, wait_for

FRAGMENTS = st.sampled_from(
    [
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<@U123>",
        "<@U123|bob>",
        "<#C1|x>",
        "<!subteam^S1|team>",
        "&amp;",
        "&lt;",
        "&gt;",
        "&lt;!channel&gt;",
        "<https://x.test|x>",
        "*bold*",
        "_it_",
        "`code`",
        "> quote",
        "help",
        "latest",
        "categories",
        "security",
        "sec",
        "subscribe",
        "digest",
        "search",
        "kubernetes",
        "tokens",
        "🔐",
        "שלום עולם",
        "\u202e",
        "\n",
        "\t",
        "\x00",
        " ",
        "x" * 1200,
    ]
)
USER_TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=8).map(" ".join)
RELAXED = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@RELAXED
@given(text=USER_TEXT)
def test_any_slash_text_gets_a_valid_escaped_message(bot: Bot, text: str) -> None:
    message = bot.assistant.command(text, user_id=p.USER_ID, channel_id=p.CHANNEL_ID)
    assert_valid_message(message)


@RELAXED
@given(text=USER_TEXT)
def test_any_mention_text_gets_a_valid_escaped_answer(bot: Bot, text: str) -> None:
    message = bot.assistant.message(
        f"<@UINSIGHTS> {text}", user_id=p.USER_ID, channel_id=p.CHANNEL_ID, direct=False
    )
    assert_valid_message(message)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=USER_TEXT)
def test_any_slash_text_through_the_server_is_acked_with_valid_blocks(server: Server, text: str) -> None:
    response, _ = server.command(text)
    assert response.status_code == 200
    assert_valid_message(response.json())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=USER_TEXT)
def test_any_mention_through_the_server_is_answered_with_valid_blocks(server: Server, text: str) -> None:
    event = p.app_mention(f"<@UINSIGHTS> {text}")
    assert server.event(event).status_code == 200
    post = wait_for(
        lambda: [m for m in server.slack.posted(p.CHANNEL_ID) if m.get("thread_ts") == event["ts"]]
    )
    assert_valid_message(post[0])


BUTTON_STATES = st.builds(
    actions.ButtonState,
    kind=st.sampled_from([actions.KIND_SEARCH, actions.KIND_CATEGORY, actions.KIND_LATEST]),
    query=USER_TEXT,
    category=st.one_of(st.none(), st.sampled_from(["Security", "Nope", "<!channel>"]), st.text(max_size=30)),
    offset=st.integers(min_value=0, max_value=10_000),
    slug=st.one_of(st.none(), st.sampled_from(["securing-user-sessions", "gone"]), st.text(max_size=30)),
)


@RELAXED
@given(state=BUTTON_STATES)
def test_any_button_state_pages_to_a_valid_message(bot: Bot, state: actions.ButtonState) -> None:
    assert_valid_message(bot.assistant.page(state))
    assert_valid_message(bot.assistant.share(state.slug or "", p.USER_ID))
