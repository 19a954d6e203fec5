"""The gap report from recorded traffic: grouping, ranking, windows, categories, closed gaps, closest article."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from conftest import NOW, Traffic

from bot.analytics.gaps import gaps
from bot.analytics.reports import Reports, parse_since
from bot.store import Store

MONTH_AGO = NOW - dt.timedelta(days=30)


def test_near_duplicate_wordings_are_one_gap_ranked_by_distinct_askers(
    store: Store, traffic: Traffic
) -> None:
    traffic.ask("How do I set up the VPN?", user="U1")
    traffic.ask("vpn setup", user="U2")
    traffic.ask("how to set up vpn", "tentative", user="U3")
    for _ in range(5):  # one person asking five times is still one asker
        traffic.ask("kubernetes backup", user="U9")
    traffic.ask("kubernetes rollback", user="U8")
    traffic.done()

    found = gaps(store, since=MONTH_AGO)

    assert [gap.askers for gap in found] == [3, 1, 1]
    vpn = found[0]
    assert sorted(vpn.wordings) == ["how do i set up the vpn", "how to set up vpn", "vpn setup"]
    assert vpn.times == 3
    assert vpn.tiers == {"none": 2, "tentative": 1}
    assert {gap.text for gap in found[1:]} == {"kubernetes backup", "kubernetes rollback"}
    assert next(g for g in found if g.text == "kubernetes backup").times == 5


def test_answered_questions_and_old_ones_are_not_gaps(store: Store, traffic: Traffic) -> None:
    traffic.ask("rotate api keys", "answer", top="securing-user-sessions")
    traffic.ask("ancient question", days_ago=40)
    traffic.ask("fresh question", days_ago=2)
    traffic.done()

    assert [gap.text for gap in gaps(store, since=MONTH_AGO)] == ["fresh question"]


def test_category_narrows_gaps_and_the_commonest_category_is_the_gaps(store: Store, traffic: Traffic) -> None:
    traffic.ask("terraform state locking", category="Cloud & DevOps", user="U1")
    traffic.ask("terraform state locking", category="Cloud & DevOps", user="U2")
    traffic.ask("terraform state locking", category="Architecture", user="U3")
    traffic.ask("hiring a staff engineer", category="Leadership")
    traffic.done()

    everything = gaps(store, since=MONTH_AGO)
    assert everything[0].category == "Cloud & DevOps"
    scoped = gaps(store, since=MONTH_AGO, category="Leadership")
    assert [gap.text for gap in scoped] == ["hiring a staff engineer"]


def test_a_gap_asked_again_and_answered_is_marked_answered_since(store: Store, traffic: Traffic) -> None:
    traffic.ask("sso with okta", days_ago=10)
    traffic.ask("SSO with Okta", "answer", days_ago=2, top="end-to-end-authentication")
    traffic.ask("still missing", days_ago=10)
    traffic.ask("still missing", "answer", days_ago=12)  # answered before, missed after: still a gap
    traffic.done()

    by_text = {gap.text: gap for gap in gaps(store, since=MONTH_AGO)}
    assert by_text["sso with okta"].answered_at == NOW - dt.timedelta(days=2)
    assert by_text["sso with okta"].advice == "answered since"
    assert by_text["still missing"].answered_at is None


def test_each_gap_names_the_closest_article_or_asks_for_a_new_one(store, traffic, catalog) -> None:
    traffic.ask("docker multi stage build cache")
    traffic.ask("zqxv blorf")
    traffic.done()

    found = {gap.text: gap for gap in Reports(store, catalog, clock=lambda: NOW).gaps()}

    docker = found["docker multi stage build cache"]
    assert docker.closest == "from-code-to-container"
    assert docker.advice.startswith("add this to “From Code to Container")
    assert docker.category == "Cloud & DevOps"
    assert found["zqxv blorf"].closest is None
    assert found["zqxv blorf"].advice == "write a new article"


def test_wordings_that_mean_the_same_are_merged_when_embeddings_exist(store: Store, traffic: Traffic) -> None:
    traffic.ask("reset my password", user="U1")
    traffic.ask("forgot login credentials", user="U2")
    traffic.ask("office parking", user="U3")
    traffic.done()
    meaning = {
        "reset my password": [1.0, 0.0],
        "forgot login credentials": [0.95, 0.1],
        "office parking": [0, 1],
    }

    def embed(texts):
        return np.array([meaning[text] for text in texts])

    found = gaps(store, since=MONTH_AGO, embed=embed)

    assert found[0].askers == 2
    assert sorted(found[0].wordings) == ["forgot login credentials", "reset my password"]
    assert len(found) == 2


def test_since_takes_days_or_weeks() -> None:
    assert parse_since("30d") == dt.timedelta(days=30)
    assert parse_since("4w") == dt.timedelta(days=28)


@pytest.mark.parametrize("bad", ["", "0d", "30", "-3d", "1y", "d30"])
def test_since_refuses_anything_else_in_one_line(bad: str) -> None:
    with pytest.raises(ValueError, match="--since takes a number of days or weeks"):
        parse_since(bad)
