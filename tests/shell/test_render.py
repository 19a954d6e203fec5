"""Block Kit rendered for a terminal: what a person would read in Slack, with buttons they can press."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.shell.render import RULE, Style, render_blocks, render_message, render_mrkdwn

ANSI = Style(ansi=True)
BLOCK_WORDS = (
    "section",
    "actions",
    "context",
    "header",
    "button",
    "mrkdwn",
    "plain_text",
    "image",
    "rich_text",
)
KEYS = (
    "type",
    "text",
    "elements",
    "fields",
    "accessory",
    "block_id",
    "action_id",
    "value",
    "url",
    "alt_text",
)


def test_bold_becomes_terminal_bold_with_ansi():
    assert render_mrkdwn("see *Refresh tokens* now", ANSI) == "see \x1b[1mRefresh tokens\x1b[22m now"


def test_plain_output_drops_the_asterisks_and_has_no_escape_codes():
    assert render_mrkdwn("see *Refresh tokens* now") == "see Refresh tokens now"


def test_multiplication_is_not_mistaken_for_bold():
    assert render_mrkdwn("2 * 3 * 4") == "2 * 3 * 4"


def test_labelled_link_shows_label_then_url():
    assert render_mrkdwn("<https://x.test/a|Token storage>") == "Token storage (https://x.test/a)"


def test_bare_link_shows_the_url():
    assert render_mrkdwn("<https://x.test/a>") == "https://x.test/a"


def test_mentions_and_channels_show_as_names():
    assert render_mrkdwn("<@U123> in <#C1|general>") == "@U123 in #general"


def test_special_mention_shows_as_at_name():
    assert render_mrkdwn("<!here>") == "@here"


def test_escaped_user_text_is_shown_as_typed_and_not_as_a_mention():
    assert render_mrkdwn("you searched &lt;!channel&gt; &amp; more") == "you searched <!channel> & more"


def test_entities_are_decoded_after_formatting_so_they_never_make_bold():
    assert render_mrkdwn("&amp;*x*") == "&x"
    assert render_mrkdwn("a &lt;b&gt;") == "a <b>"


def test_quote_lines_get_a_bar():
    assert render_mrkdwn("&gt; the passage") == "│ the passage"


def test_header_section_divider_and_context_in_order():
    rendered = render_blocks(
        [
            {"type": "header", "text": {"type": "plain_text", "text": "Security"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": "*Title*\nsummary"}},
            {"type": "divider"},
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": "5 min read"},
                    {"type": "plain_text", "text": "security"},
                ],
            },
        ]
    )
    assert rendered.text.split("\n") == ["Security", "Title", "summary", RULE, "5 min read  security"]


def test_context_is_dimmed_with_ansi():
    rendered = render_blocks(
        [{"type": "context", "elements": [{"type": "mrkdwn", "text": "5 min"}]}], style=ANSI
    )
    assert rendered.text == "\x1b[2m5 min\x1b[22m"


def test_buttons_are_numbered_in_brackets_and_returned_for_clicking():
    rendered = render_blocks(
        [
            {
                "type": "actions",
                "block_id": "b1",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Share in channel"},
                        "action_id": "share",
                        "value": "v1",
                    },
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "More results"},
                        "action_id": "more",
                        "value": "v2",
                    },
                ],
            }
        ],
        first_button=3,
    )
    assert rendered.text == "3:[Share in channel]  4:[More results]"
    assert [(b.number, b.action_id, b.value, b.block_id) for b in rendered.buttons] == [
        (3, "share", "v1", "b1"),
        (4, "more", "v2", "b1"),
    ]


def test_section_accessory_button_is_rendered_and_clickable():
    rendered = render_blocks(
        [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "An article"},
                "accessory": {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Open"},
                    "action_id": "open",
                    "url": "https://x.test",
                },
            }
        ]
    )
    assert rendered.text == "An article\n1:[Open] (https://x.test)"
    assert rendered.buttons[0].url == "https://x.test"


def test_section_fields_are_indented_under_the_text():
    rendered = render_blocks(
        [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "Top"},
                "fields": [{"type": "mrkdwn", "text": "*A*"}],
            }
        ]
    )
    assert rendered.text == "Top\n  A"


def test_plain_text_objects_are_not_parsed_as_mrkdwn():
    rendered = render_blocks([{"type": "section", "text": {"type": "plain_text", "text": "*literal*"}}])
    assert rendered.text == "*literal*"


def test_message_without_blocks_falls_back_to_its_text():
    assert render_message({"text": "No articles match *kubernetes*."}).text == "No articles match kubernetes."


def test_unknown_block_is_named_rather_than_dropped():
    assert render_blocks([{"type": "video"}]).text == "[video block]"


def test_malformed_blocks_do_not_raise():
    rendered = render_blocks([{"type": "section"}, "junk", {"type": "actions", "elements": "x"}])  # type: ignore[list-item]
    assert rendered.buttons == ()


def test_ids_without_labels_show_the_names_slack_would_show():
    style = Style(names={"C0GENERAL": "general", "U1": "ana"})
    assert render_mrkdwn("<#C0GENERAL> by <@U1> and <@U2>", style) == "#general by @ana and @U2"


def test_known_emoji_codes_become_emoji_and_unknown_ones_stay_as_typed():
    assert render_mrkdwn(":lock: Security :partyparrot:", Style(emoji=True)) == "🔒 Security :partyparrot:"


def test_emoji_codes_stay_as_text_by_default_for_scripts():
    assert render_mrkdwn(":lock: Security") == ":lock: Security"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.sampled_from(BLOCK_WORDS),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS), children, max_size=5)
    ),
    max_leaves=20,
)


@given(st.text(max_size=300))
def test_any_mrkdwn_renders_without_raising(text):
    assert isinstance(render_mrkdwn(text, ANSI), str)


@given(st.lists(json_values, max_size=6))
def test_any_json_shaped_blocks_render_without_raising(blocks):
    rendered = render_blocks(blocks)  # type: ignore[arg-type]
    assert isinstance(rendered.text, str)


def test_cards_are_separated_by_a_blank_line() -> None:
    card = {"type": "section", "text": {"type": "mrkdwn", "text": "*Title*"}}
    buttons = {
        "type": "actions",
        "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Read"}}],
    }
    rendered = render_blocks([card, buttons, card])
    assert rendered.text.split("\n") == ["Title", "1:[Read]", "", "Title"]
