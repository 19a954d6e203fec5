"""`insights-bot digest preview|send`, `subscriptions`, `db upgrade` and `scheduler`: digests from a terminal.

Every command goes through the same objects the running bot uses (bootstrap), so `digest send` takes the same
exactly-once path as the scheduler. Errors are one line on stderr with exit code 2 (setup or input), 1
(some digests failed) or 3 (some are held by another process, not posted yet), never a traceback.
"""

from __future__ import annotations

import json
import signal
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

import click

from bot.cli.context import CliContext, CliError, open_bot, open_store, pass_cli, resolve_category
from bot.digests import Outcome, RunReport
from bot.settings import Settings
from bot.store import Store

if TYPE_CHECKING:
    from bot.bootstrap import Bot


def _bot_for(
    settings: Settings, *, need_token: bool, what: str, attach: bool = True
) -> tuple[Bot, Any, Store]:
    if need_token and settings.slack_bot_token is None:
        raise CliError(f"SLACK_BOT_TOKEN is not set; {what} posts to Slack and needs it (see .env.example)")
    bot = open_bot(settings)
    if attach:
        bot.follow_catalog()
    return bot, bot.catalog, bot.store


@click.group()
def digest() -> None:
    """Weekly digests: preview one, or post the current period's digests now."""


@digest.command()
@click.argument("category")
@click.option("--channel", metavar="ID", help="Preview as this channel would get it (its history decides).")
@click.option("--json", "as_json", is_flag=True, help="Print the Block Kit message as JSON.")
@pass_cli
def preview(cli: CliContext, category: str, channel: str | None, as_json: bool) -> None:
    """Print the digest that would be posted now, posting and recording nothing.

    Example: insights-bot digest preview security --channel C0123ABCD
    """
    from bot.shell.render import Style, render_message

    digests, live, store = _bot_for(cli.settings, need_token=False, what="preview", attach=False)
    try:
        name = resolve_category(live.current, category)
        reply = digests.subscriptions.preview(channel, name)
    finally:
        store.close()
    if reply.message is None:
        click.echo(f"The {name} digest would be empty now: nothing new and nothing left in the archive.")
        return
    if as_json:
        click.echo(json.dumps(reply.message, indent=2, ensure_ascii=False))
        return
    click.echo(render_message(reply.message, style=Style(ansi=sys.stdout.isatty())).text)


_LABELS = {
    Outcome.POSTED: "posted",
    Outcome.RECOVERED: "posted",  # by an earlier attempt whose record was lost; found in Slack
    Outcome.ALREADY_POSTED: "already posted",
    Outcome.IN_PROGRESS: "NOT POSTED YET",
    Outcome.SKIPPED: "skipped",
    Outcome.FAILED: "FAILED",
    Outcome.MISSED: "missed",
}


def _report_lines(report: RunReport) -> list[str]:
    """One line per subscription that never calls a digest delivered unless a Slack message holds it."""
    lines = []
    for result in report.results:
        sub = result.subscription
        note = " (forced: posted again)" if result.forced and result.outcome is Outcome.POSTED else ""
        note += (
            " (found in Slack: an earlier attempt had posted it)"
            if result.outcome is Outcome.RECOVERED
            else ""
        )
        note += " (recorded earlier)" if result.earlier and not result.delivered else ""
        detail = f" ts={result.message_ts}" if result.message_ts else ""
        if result.outcome is Outcome.IN_PROGRESS:
            detail += f" in progress elsewhere: {result.error or 'claimed by another process'}"
        elif result.error:
            detail += f" error={result.error}"
        lines.append(f"{_LABELS[result.outcome]:<14} {sub.channel_id:<12} {sub.category}{detail}{note}")
    counts = Counter(_LABELS[result.outcome] for result in report.results)
    summary = ", ".join(f"{count} {label}" for label, count in sorted(counts.items()))
    lines.append(f"period {report.period.key}: {summary or 'no subscriptions matched'}")
    if any(result.outcome is Outcome.IN_PROGRESS for result in report.results):
        lines.append(
            "Not posted yet: another process holds those digests (or held them and was killed, in which case "
            "they are taken over when its lease ends). Run `insights-bot digest send` again then."
        )
    return lines


@digest.command()
@click.option("--channel", metavar="ID", help="Only this channel's subscriptions.")
@click.option("--category", metavar="NAME", help="Only this category (name or alias).")
@click.option("--force", is_flag=True, help="Post again even if this period's digest was already posted.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome per subscription as JSON.")
@pass_cli
def send(cli: CliContext, channel: str | None, category: str | None, force: bool, as_json: bool) -> None:
    """Post the current period's digests now wherever they have not been posted, exactly once.

    Any day of the period (the grace window only limits the scheduler's catch-up); a digest skipped, missed
    or failed earlier is tried again. Without --force, a digest already posted, or being posted by another
    process, is left alone. Exit 1: some failed; 3: some are still held by another process.

    Example: insights-bot digest send --category security
    """
    digests, live, store = _bot_for(cli.settings, need_token=True, what="digest send")
    try:
        name = resolve_category(live.current, category) if category else None
        report = digests.runner.send(channel_id=channel, category=name, force=force)
    finally:
        store.close()
    if as_json:
        rows = [
            {
                "channel": r.subscription.channel_id,
                "category": r.subscription.category,
                "period": r.period,
                "outcome": r.outcome.value,
                "ts": r.message_ts,
                "error": r.error,
                "forced": r.forced,
                "delivered": r.delivered,
                "earlier": r.earlier,
            }
            for r in report.results
        ]
        click.echo(json.dumps({"period": report.period.key, "results": rows}, indent=2))
    else:
        for line in _report_lines(report):
            click.echo(line)
    if any(result.outcome is Outcome.FAILED for result in report.results):
        raise click.exceptions.Exit(1)
    if any(result.outcome is Outcome.IN_PROGRESS for result in report.results):
        raise click.exceptions.Exit(3)


def _declared_waiting(settings: Settings, store: Store) -> list[tuple[str, str]]:
    """`digests.yml` entries no bot has applied yet (none has started since they were written)."""
    from bot.declared_subscriptions import not_yet_applied
    from bot.live_catalog import LiveCatalog

    if not settings.content_dir.is_dir():
        return []
    live = LiveCatalog(settings.content_dir)
    return not_yet_applied(settings.content_dir, store, live.current.index.resolve_category)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_cli
def subscriptions(cli: CliContext, as_json: bool) -> None:
    """List every channel's digest subscriptions, and which are failing.

    Entries of content/digests.yml that no running bot has applied yet are listed too, marked as such.

    Example: insights-bot subscriptions --json
    """
    store = open_store(cli.settings)
    try:
        rows = store.subscriptions()
        waiting = _declared_waiting(cli.settings, store)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(_subscriptions_json(rows, waiting), indent=2))
    else:
        for line in _subscription_lines(rows, waiting):
            click.echo(line)


def _subscriptions_json(rows: list[Any], waiting: list[tuple[str, str]]) -> list[dict[str, Any]]:
    applied = [
        {"channel": s.channel_id, "category": s.category, "added_by": s.added_by, "added_at": s.added_at.isoformat(),
         "source": s.source, "error": s.last_error, "applied": True}
        for s in rows
    ]  # fmt: skip
    pending = [
        {"channel": channel, "category": name, "added_by": None, "added_at": None, "source": "file",
         "error": None, "applied": False}
        for channel, name in waiting
    ]  # fmt: skip
    return applied + pending


def _subscription_lines(rows: list[Any], waiting: list[tuple[str, str]]) -> list[str]:
    if not rows and not waiting:
        return [
            "No subscriptions yet: `/insights subscribe <category>` in a channel, or content/digests.yml."
        ]
    lines = []
    for s in rows:
        status = f"FAILING: {s.last_error}" if s.last_error else "ok"
        lines.append(
            f"{s.channel_id:<12} {s.category:<24} {s.added_by or s.source:<12} {s.added_at:%Y-%m-%d} {status}"
        )
    lines += [
        f"{channel:<12} {name:<24} {'digests.yml':<12} {'-':<10} not applied yet" for channel, name in waiting
    ]
    if waiting:
        lines.append(
            f"{len(waiting)} subscription(s) in content/digests.yml are applied when the bot (or "
            "`insights-bot scheduler`) starts; none has since they were added."
        )
    return lines


@click.group()
def db() -> None:
    """The database: create or upgrade its schema."""


@db.command()
@pass_cli
def upgrade(cli: CliContext) -> None:
    """Create or upgrade the schema (Alembic); existing subscriptions and history are kept.

    Example: insights-bot db upgrade
    """
    from bot.store import Store

    settings = cli.settings
    store = Store.connect(settings.effective_database_url, connect_timeout=settings.database_connect_timeout)
    where = store.location()
    try:
        before, after = store.upgrade()
    except Exception as exc:
        raise CliError(
            f"DATABASE_URL: cannot upgrade the {where} ({exc.__class__.__name__}); check DATABASE_URL or DATA_DIR"
        ) from None
    finally:
        store.close()
    if before == after:
        click.echo(f"{where}: already at schema revision {after} (the newest); nothing to do")
    elif before is None:
        click.echo(f"{where}: created the schema (revision {after})")
    else:
        click.echo(f"{where}: upgraded the schema from revision {before} to {after}; existing data kept")


@click.command()
@pass_cli
def scheduler(cli: CliContext) -> None:
    """Run only the digest scheduler (no Slack listener), until Ctrl-C or SIGTERM.

    Example: insights-bot scheduler
    """
    from bot import bootstrap

    settings = cli.settings
    digests, live, store = _bot_for(settings, need_token=True, what="the scheduler")
    scheduler_ = digests.scheduler(blocking=True)
    signal.signal(signal.SIGTERM, lambda *_: scheduler_.stop())  # finishes or releases the digest in flight
    live.start(settings.content_poll_seconds)
    schedule = bootstrap.digest_schedule(settings)
    click.echo(
        f"insights-bot: digest scheduler running ({schedule.expression}, {settings.digest_timezone})",
        err=True,
    )
    try:
        scheduler_.start()
    except KeyboardInterrupt:
        scheduler_.stop()
    finally:
        live.stop()
        store.close()
