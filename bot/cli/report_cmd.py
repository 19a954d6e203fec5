"""`insights-bot report`: gaps, articles and usage from the recorded traffic, as text, JSON, CSV or HTML."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from bot.cli.context import CliContext, CliError, open_bot, pass_cli, printable, resolve_category

REPORT_STATEMENT_TIMEOUT = 120.0
"""Reports read a year of rows: they may take longer than the request-sized DATABASE_STATEMENT_TIMEOUT."""
GAP_COLUMNS = ("askers", "times", "question", "category", "advice", "answered_since")
ARTICLE_COLUMNS = ("article", "shown", "opened", "shared", "helpful", "not_helpful", "last_digest", "review")
USAGE_COLUMNS = ("week", "questions", "answered", "might_help", "nothing_found", "answer_rate", "active_askers",
                 "digests_posted")  # fmt: skip


@contextmanager
def _reports(cli: CliContext) -> Iterator[Any]:
    from bot.analytics.reports import Reports

    settings = cli.settings.model_copy(update={"database_statement_timeout": REPORT_STATEMENT_TIMEOUT})
    bot = open_bot(settings)
    try:
        yield bot, Reports(bot.store, bot.catalog, clock=bot.clock, embed=_embedder(bot))
    finally:
        bot.close()


def _embedder(bot: Any) -> Callable[[Any], Any] | None:
    """Gap wordings are embedded only when the catalog has embeddings (the model loaded for this bot)."""
    if bot.catalog.current.index.meaning is None:
        return None
    from bot.semantic import SemanticUnavailable, load_encoder

    settings = bot.settings
    encoder = load_encoder(settings.embedding_model, settings.data_dir / "models", settings.embedding_threads)
    if isinstance(encoder, SemanticUnavailable):
        return None
    return encoder.embed_documents


def _emit(
    rows: list[dict[str, Any]], columns: tuple[str, ...], *, as_json: bool, as_csv: bool, empty: str
) -> None:
    from bot.analytics import formats

    if as_json:
        click.echo(formats.as_json(rows))
    elif as_csv:
        click.echo(formats.as_csv(rows), nl=False)
    elif not rows:
        click.echo(empty)
    else:
        click.echo(printable(formats.as_table(rows, columns)))


def _formats(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")(function)
    return click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")(function)


@click.group(invoke_without_command=True)
@click.option(
    "--html", "html_file", type=click.Path(path_type=Path, dir_okay=False), help="Write the HTML page."
)
@pass_cli
@click.pass_context
def report(ctx: click.Context, cli: CliContext, html_file: Path | None) -> None:
    """What people ask and how the catalog answers: gaps, articles, usage.

    Example: insights-bot report gaps --since 30d
    """
    if ctx.invoked_subcommand is not None:
        return
    if html_file is None:
        click.echo(ctx.get_help())
        return
    from bot.analytics.html_page import report_page

    with _reports(cli) as (bot, reports):
        page = report_page(reports.usage(weeks=26), reports.gaps(), reports.articles(), now=bot.clock())
    try:
        html_file.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {html_file}: {exc.strerror}") from None
    click.echo(f"Wrote {html_file}")


@report.command()
@click.option("--since", default="30d", show_default=True, help="How far back: days (30d) or weeks (4w).")
@click.option("--category", default=None, help="Only questions in this category.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@_formats
@pass_cli
def gaps(cli: CliContext, since: str, category: str | None, limit: int, as_json: bool, as_csv: bool) -> None:
    """Unanswered and "might help" questions, near-duplicates as one, most distinct askers first.

    Example: insights-bot report gaps --since 4w --category Security --csv
    """
    from bot.analytics import formats
    from bot.analytics.reports import parse_since

    try:
        span = parse_since(since)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    with _reports(cli) as (bot, reports):
        scope = resolve_category(bot.catalog.current, category) if category else None
        rows = formats.gap_rows(reports.gaps(since=span, category=scope, limit=limit))
    _emit(rows, GAP_COLUMNS, as_json=as_json, as_csv=as_csv, empty=f"No gaps in the last {since}.")


@report.command()
@_formats
@pass_cli
def articles(cli: CliContext, as_json: bool, as_csv: bool) -> None:
    """Per article: shown, opened, shared, helpful / not helpful, last digest; most "not helpful" first.

    Example: insights-bot report articles --csv
    """
    from bot.analytics import formats

    with _reports(cli) as (_, reports):
        rows = formats.article_rows(reports.articles())
    _emit(rows, ARTICLE_COLUMNS, as_json=as_json, as_csv=as_csv, empty="No articles.")


@report.command()
@click.option("--weeks", type=click.IntRange(1, 260), default=12, show_default=True)
@_formats
@pass_cli
def usage(cli: CliContext, weeks: int, as_json: bool, as_csv: bool) -> None:
    """Questions per week, answer rate per tier, active askers, digests posted.

    Example: insights-bot report usage --weeks 26
    """
    from bot.analytics import formats

    with _reports(cli) as (_, reports):
        rows = formats.usage_rows(reports.usage(weeks=weeks))
    _emit(rows, USAGE_COLUMNS, as_json=as_json, as_csv=as_csv, empty="No weeks.")
