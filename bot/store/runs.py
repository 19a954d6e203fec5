"""Digest runs: the unique claim per (subscription, period) that makes each digest exactly-once.

A claim is an INSERT that only one process can win. Two rows may be taken over, each by a compare-and-set
UPDATE on `attempts` so that only one contender wins again: a `failed` run whose error was transient (retried at
the next tick), and a `claimed` run older than the lease (its process died; the caller must look in Slack for
the tagged message before posting again, since the death may have come after Slack accepted the post).
A manual send may also take over a run that ended without a post (`skipped`, `missed`, `failed` for good):
nothing was posted, so it posts now. Only `posted` and a live `claimed` are never taken over.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from bot.store.database import insert_ignoring_conflicts, insert_returning_id
from bot.store.records import Claim, DigestRun, RunState
from bot.store.tables import MAX_ERROR_CHARS, DigestRunRow, table_of

_ENDED_UNPOSTED = frozenset({RunState.SKIPPED, RunState.MISSED, RunState.FAILED})
RELEASED_ERROR = "interrupted: the process stopped before recording a post"


def _to_run(row: Any) -> DigestRun:
    return DigestRun(
        id=row.id,
        subscription_id=row.subscription_id,
        period=row.period,
        sequence=row.sequence,
        state=RunState(row.state),
        owner=row.owner,
        attempts=row.attempts,
        claimed_at=row.claimed_at,
        finished_at=row.finished_at,
        message_ts=row.message_ts,
        error=row.error,
        permanent=row.permanent,
    )


class RunsMixin:
    engine: Engine

    def claim_run(
        self,
        subscription_id: int,
        period: str,
        *,
        owner: str,
        now: dt.datetime,
        lease: dt.timedelta,
        retry_unposted: bool = False,
    ) -> Claim | None:
        """The right to post this period's digest, or None when it is posted, in other hands, or (unless
        `retry_unposted`, which a manual send asks for) skipped, missed or failed for good."""
        values = {
            "subscription_id": subscription_id,
            "period": period,
            "sequence": 0,
            "state": RunState.CLAIMED.value,
            "owner": owner,
            "attempts": 1,
            "claimed_at": now,
            "permanent": False,
        }
        with self.engine.begin() as connection:
            run_id = insert_returning_id(connection, table_of(DigestRunRow), values)
        if run_id is not None:
            return Claim(run_id, subscription_id, period, 0, owner, 1, resumed=False)
        current = self.run(subscription_id, period)
        if current is None or not _may_take_over(current, now - lease, retry_unposted):
            return None
        return self._take_over(current, owner, now)

    def _take_over(self, current: DigestRun, owner: str, now: dt.datetime) -> Claim | None:
        """Claim a run another attempt left behind; only one of several racing processes wins."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(DigestRunRow)
                .where(
                    DigestRunRow.id == current.id,
                    DigestRunRow.attempts == current.attempts,
                    DigestRunRow.state == current.state.value,
                )
                .values(
                    state=RunState.CLAIMED.value,
                    owner=owner,
                    attempts=current.attempts + 1,
                    claimed_at=now,
                    finished_at=None,
                    error=None,
                )
            )
        if result.rowcount != 1:
            return None
        # Only an unfinished claim or a failed post can have reached Slack; the caller looks there first.
        resumed = current.state in {RunState.CLAIMED, RunState.FAILED}
        return Claim(
            current.id,
            current.subscription_id,
            current.period,
            0,
            owner,
            current.attempts + 1,
            resumed=resumed,
        )

    def claim_forced(self, subscription_id: int, period: str, *, owner: str, now: dt.datetime) -> Claim:
        """A new sequence number for an explicit re-send (`digest send --force`), recorded beside the original."""
        while True:
            with self.engine.begin() as connection:
                highest = connection.execute(
                    select(func.max(DigestRunRow.sequence)).where(
                        DigestRunRow.subscription_id == subscription_id, DigestRunRow.period == period
                    )
                ).scalar()
                sequence = 0 if highest is None else highest + 1
                values = {
                    "subscription_id": subscription_id,
                    "period": period,
                    "sequence": sequence,
                    "state": RunState.CLAIMED.value,
                    "owner": owner,
                    "attempts": 1,
                    "claimed_at": now,
                    "permanent": False,
                }
                won = insert_ignoring_conflicts(connection, table_of(DigestRunRow), [values]) == 1
            if won:
                run = self.run(subscription_id, period, sequence)
                assert run is not None
                return Claim(run.id, subscription_id, period, sequence, owner, 1, resumed=False)

    def finish_run(
        self,
        claim: Claim,
        state: RunState,
        *,
        now: dt.datetime,
        message_ts: str | None = None,
        error: str | None = None,
        permanent: bool = False,
    ) -> bool:
        """Record the outcome; False when the claim was lost meanwhile (another process took it over)."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(DigestRunRow)
                .where(
                    DigestRunRow.id == claim.run_id,
                    DigestRunRow.owner == claim.owner,
                    DigestRunRow.attempts == claim.attempt,
                    DigestRunRow.state == RunState.CLAIMED.value,
                )
                .values(
                    state=state.value,
                    finished_at=now,
                    message_ts=message_ts,
                    error=None if error is None else error[:MAX_ERROR_CHARS],
                    permanent=permanent,
                )
            )
            return result.rowcount == 1

    def release_claims(self, owner: str, *, now: dt.datetime) -> int:
        """At shutdown: hand this owner's unfinished claims back as transient failures, retried at once by the
        next run (with a look-up in Slack first) instead of after the lease."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(DigestRunRow)
                .where(DigestRunRow.owner == owner, DigestRunRow.state == RunState.CLAIMED.value)
                .values(state=RunState.FAILED.value, finished_at=now, error=RELEASED_ERROR, permanent=False)
            )
            return int(result.rowcount)

    def still_holds(self, claim: Claim) -> bool:
        """Checked just before posting, to narrow the window in which a slow owner and a take-over both post."""
        run = self.run(claim.subscription_id, claim.period, claim.sequence)
        return (
            run is not None
            and run.state is RunState.CLAIMED
            and run.owner == claim.owner
            and run.attempts == claim.attempt
        )

    def record_missed(self, subscription_id: int, period: str, *, now: dt.datetime) -> bool:
        """Past the grace window: record the period as missed, unless something is already recorded for it."""
        values = {
            "subscription_id": subscription_id,
            "period": period,
            "sequence": 0,
            "state": RunState.MISSED.value,
            "owner": None,
            "attempts": 0,
            "claimed_at": now,
            "finished_at": now,
            "permanent": False,
        }
        with self.engine.begin() as connection:
            return insert_ignoring_conflicts(connection, table_of(DigestRunRow), [values]) == 1

    def run(self, subscription_id: int, period: str, sequence: int = 0) -> DigestRun | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(DigestRunRow).where(
                    DigestRunRow.subscription_id == subscription_id,
                    DigestRunRow.period == period,
                    DigestRunRow.sequence == sequence,
                )
            ).first()
        return None if row is None else _to_run(row)

    def runs(self, *, subscription_id: int | None = None, period: str | None = None) -> list[DigestRun]:
        statement = select(DigestRunRow).order_by(DigestRunRow.id)
        if subscription_id is not None:
            statement = statement.where(DigestRunRow.subscription_id == subscription_id)
        if period is not None:
            statement = statement.where(DigestRunRow.period == period)
        with self.engine.connect() as connection:
            return [_to_run(row) for row in connection.execute(statement)]

    def last_posted_at(self, subscription_id: int) -> dt.datetime | None:
        """When the last digest posted to this subscription was composed: where "New this week" starts."""
        with self.engine.connect() as connection:
            return connection.execute(
                select(func.max(DigestRunRow.claimed_at)).where(
                    DigestRunRow.subscription_id == subscription_id,
                    DigestRunRow.state == RunState.POSTED.value,
                )
            ).scalar()


def _may_take_over(current: DigestRun, lease_expired_before: dt.datetime, retry_unposted: bool) -> bool:
    """A transient failure, a claim whose lease ran out, or (on a manual send) a run that ended unposted."""
    retryable = current.state is RunState.FAILED and not current.permanent
    abandoned = current.state is RunState.CLAIMED and current.claimed_at <= lease_expired_before
    return retryable or abandoned or (retry_unposted and current.state in _ENDED_UNPOSTED)
