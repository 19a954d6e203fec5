"""Two `serve` replicas behind a real nginx on a fresh PostgreSQL database, one scheduler, the fake Slack:
a replica is SIGKILLed and restarted under signed traffic, then the scheduler is SIGKILLed mid-digest. Nothing
may be lost or doubled: no reply, no digest.

The short version of `bench/deploy_bench.py` (figures in docs/operations.md, "Kill drill").
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.live_catalog import LiveCatalog
from bot.testing.cluster import CHECKOUT_CONTENT, Cluster, drop_database, fresh_database, nginx_available
from bot.testing.fake_slack import FakeSlack
from bot.testing.kill_drill import (
    REPLICA_ENV,
    digest_through_kill,
    send_through_kill,
    settle,
    subscribe_digest,
    swept,
    tally,
)
from bot.testing.slack_traffic import Traffic
from tests.slack import slack_payloads as p

ADMIN_URL = os.environ.get("INSIGHTS_TEST_POSTGRES_URL")

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.postgres,
    pytest.mark.timeout(150),
    pytest.mark.skipif(not ADMIN_URL, reason="INSIGHTS_TEST_POSTGRES_URL is not set"),
    pytest.mark.skipif(not nginx_available(), reason="nginx is not installed (CI installs nginx-light)"),
]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    yield slack
    threading.Thread(target=slack.stop, daemon=True).start()


@pytest.fixture
def cluster(fake: FakeSlack, tmp_path: Path) -> Iterator[Cluster]:
    assert ADMIN_URL is not None
    url, name = fresh_database(ADMIN_URL)
    deployed = Cluster(tmp_path, url, fake.api_url, dict(os.environ))
    try:
        deployed.start(
            p.SIGNING_SECRET,
            scheduler_env={"DIGEST_SCHEDULE": "* * * * *", "DIGEST_POST_EMPTY": "true"},
            replica_env=REPLICA_ENV,
        )
        yield deployed
    finally:
        deployed.stop()
        drop_database(ADMIN_URL, name)


def test_a_killed_replica_and_a_killed_scheduler_lose_nothing_and_duplicate_nothing(
    cluster: Cluster, fake: FakeSlack, record_property: pytest.RecordProperty
) -> None:
    assert cluster.nginx is not None
    traffic = Traffic(cluster.nginx.url, p.SIGNING_SECRET, fake)
    send_through_kill(cluster, traffic, seconds=10, kill_at=3, down=2)
    settle(
        traffic
    )  # bounded: replies the killed replica owed come from the other one's sweeper, a lease later
    category = LiveCatalog(CHECKOUT_CONTENT).current.catalog.categories[0].name
    subscribe_digest(cluster.database_url, category)
    digest_through_kill(cluster, fake)
    result = tally(traffic)
    line = f"{result.line()}; sweepers: {swept(cluster)}"
    record_property("kill_drill", line)
    print(line)
    assert result.requests >= 20
    assert result.digests_posted >= 1
    # Mentions the killed replica claimed are answered from the reply outbox; commands it was handling are
    # re-sent by nginx to the other replica (docs/operations.md, "Kill drill").
    assert (result.lost_replies, result.duplicate_replies) == (0, 0), line
    assert (result.duplicate_digests, result.unacked) == (0, 0), line
