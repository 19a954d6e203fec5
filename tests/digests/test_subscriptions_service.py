"""`/insights subscribe|unsubscribe|subscriptions|digest` as the Slack listener calls them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from bot.core import intents
from bot.core.catalog.model import Catalog
from bot.core.digest.replies import Change
from bot.core.search import SearchIndex
from bot.slack.slack_errors import plain
from bot.subscriptions import SubscriptionService

from .world import MONDAY_9, make_runner


@dataclass(frozen=True)
class View:
    catalog: Catalog
    index: SearchIndex


class Membership:
    def __init__(self, channels: set[str] | None) -> None:
        self.channels = channels

    def is_member(self, channel_id: str) -> bool | None:
        return None if self.channels is None else channel_id in self.channels


def service_for(store, catalog, runner, clock, *, members=None, admins=()) -> SubscriptionService:
    view = View(catalog, SearchIndex.build(catalog))
    return SubscriptionService(
        store, lambda: view, runner, channel_access=Membership(members), admins=admins, clock=clock,
        describe_error=plain,  # as bootstrap wires it: Slack's codes in words
    )  # fmt: skip


@pytest.fixture
def service(store, catalog, runner, clock):
    return service_for(store, catalog, runner, clock, members={"C1"})


def text_of(message: dict) -> str:
    return " ".join(str(block) for block in message["blocks"])


def test_subscribing_with_an_alias_subscribes_the_category(service, store):
    reply = service.subscribe("C1", "U1", "sec")
    assert (reply.change, reply.category) == (Change.SUBSCRIBED, "Security")
    assert [(s.channel_id, s.category, s.added_by) for s in store.subscriptions()] == [
        ("C1", "Security", "U1")
    ]


def test_subscribing_with_a_typo_is_matched_like_search(service):
    assert service.subscribe("C1", "U1", "securty").category == "Security"


def test_subscribing_twice_says_already_subscribed(service):
    service.subscribe("C1", "U1", "Security")
    assert service.subscribe("C1", "U2", "Security").change is Change.ALREADY_SUBSCRIBED


def test_unknown_category_lists_the_known_ones_escaped(service):
    message = service.handle(intents.Subscribe("<!channel> gardening"), user_id="U1", channel_id="C1")
    assert "&lt;!channel&gt; gardening" in text_of(message)
    assert "<!channel>" not in text_of(message)
    assert "`Security`" in text_of(message)


def test_bot_not_in_channel_is_told_how_to_invite_it(service, store):
    reply = service.subscribe("C2", "U1", "Security")
    assert reply.change is Change.BOT_NOT_IN_CHANNEL
    assert "/invite @insights" in text_of(
        service.handle(intents.Subscribe("Security"), user_id="U1", channel_id="C2")
    )
    assert store.subscriptions() == []


def test_only_digest_admins_may_change_subscriptions_when_set(store, catalog, runner, clock):
    service = service_for(store, catalog, runner, clock, admins=("UADMIN",))
    assert service.subscribe("C1", "U1", "Security").change is Change.NOT_ALLOWED
    assert service.subscribe("C1", "UADMIN", "Security").change is Change.SUBSCRIBED


def test_unsubscribe_removes_the_subscription(service, store):
    service.subscribe("C1", "U1", "Security")
    assert service.unsubscribe("C1", "U1", "sec").change is Change.UNSUBSCRIBED
    assert service.unsubscribe("C1", "U1", "sec").change is Change.NOT_SUBSCRIBED
    assert store.subscriptions() == []


def test_subscription_from_digests_yml_cannot_be_removed_in_slack(service, store):
    store.add_subscription("C1", "Security", added_by=None, now=MONDAY_9, source="file")
    reply = service.unsubscribe("C1", "U1", "Security")
    assert (reply.change, reply.source) == (Change.FILE_OWNED, "file")
    assert len(store.subscriptions()) == 1


def test_unsubscribing_a_file_subscription_says_what_to_edit_without_denying_it_exists(service, store):
    store.add_subscription("C1", "Security", added_by=None, now=MONDAY_9, source="file")
    text = text_of(service.handle(intents.Unsubscribe("sec"), user_id="U1", channel_id="C1"))
    assert "not subscribed" not in text
    assert "gets the :lock: *Security* digest through `content/digests.yml`" in text
    assert "remove `C1` from the `Security` entry" in text


def test_subscription_confirmation_is_shown_to_the_channel(service):
    message = service.handle(intents.Subscribe("Security"), user_id="U1", channel_id="C1")
    assert message["response_type"] == "in_channel"
    assert "Monday 30 Nov at 09:00 (UTC)" in text_of(message)


def test_subscriptions_list_shows_a_failing_subscription_in_plain_words(service, store):
    service.subscribe("C1", "U1", "Security")
    store.set_subscription_error(store.subscriptions()[0].id, "not_in_channel", now=MONDAY_9)
    message = service.handle(intents.Subscriptions(), user_id="U1", channel_id="C1")
    assert message["response_type"] == "ephemeral"
    assert "the bot is not in the channel" in text_of(message)
    assert "<@U1>" in text_of(message)


def test_empty_subscriptions_list_says_how_to_subscribe(service):
    assert "/insights subscribe" in text_of(
        service.handle(intents.Subscriptions(), user_id="U1", channel_id="C9")
    )


def test_empty_list_for_a_non_admin_names_the_admins_instead_of_suggesting_subscribe(
    store, catalog, runner, clock
):
    service = service_for(store, catalog, runner, clock, admins=("UADMIN",))
    text = text_of(service.handle(intents.Subscriptions(), user_id="U1", channel_id="C9"))
    assert "/insights subscribe" not in text
    assert "Digest admins can add one: <@UADMIN>" in text
    admin_text = text_of(service.handle(intents.Subscriptions(), user_id="UADMIN", channel_id="C9"))
    assert "/insights subscribe" in admin_text


def test_digest_preview_is_ephemeral_and_posts_nothing(service, poster, store):
    message = service.handle(intents.DigestPreview("sec"), user_id="U1", channel_id="C1")
    assert message["response_type"] == "ephemeral"
    assert "Preview, nothing was posted" in text_of(message)
    assert poster.posts == []
    assert store.runs() == []


def test_digest_preview_of_an_unknown_category_says_so(service):
    message = service.handle(intents.DigestPreview("gardening"), user_id="U1", channel_id="C1")
    assert "don't know a category" in text_of(message)


def test_next_run_is_given_in_the_digest_time_zone(store, catalog, poster, clock):
    runner = make_runner(store, poster, catalog, clock, tz="Europe/Paris")
    service = service_for(store, catalog, runner, clock)
    assert service.subscribe("C1", "U1", "Security").next_run == dt.datetime(
        2026, 11, 30, 8, 0, tzinfo=dt.UTC
    )
