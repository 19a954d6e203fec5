"""`insights-bot search` and `categories`: the catalog from a terminal or a script (`check` is in check_cmd).

Human output and `--json` are produced side by side here so the two never drift apart; errors are one line on
stderr with exit code 2 (bad input or setup) or 1 (`check` found problems), never a traceback.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from bot.assistant import find
from bot.bootstrap import meaning_for
from bot.cli.context import (
    CliContext,
    CliError,
    content_folder,
    pass_cli,
    printable,
    resolve_category,
)
from bot.core.catalog import Catalog, load_catalog
from bot.core.search import QueryError, SearchResponse, clean_query
from bot.live_catalog import LiveCatalog

PROMPT = "search> "
QUIT_WORDS = frozenset({"quit", "exit", ":q"})


def _display_path(path: Path) -> str:
    """Paths relative to the working directory when inside it, as linters print them."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except (OSError, ValueError):
        return str(path)


_PLURALS = {"category": "categories", "match": "matches"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word if count == 1 else _PLURALS.get(word, word + 's')}"


@click.command()
@click.argument("query", nargs=-1)
@click.option("--category", "-c", metavar="NAME", help="Only search this category (name or alias).")
@click.option(
    "--limit", "-n", type=click.IntRange(1, 50), default=5, show_default=True, help="Results to show."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object (one per line when reading stdin)."
)
@pass_cli
def search(cli: CliContext, query: tuple[str, ...], category: str | None, limit: int, as_json: bool) -> None:
    """Find articles, as `/insights QUERY` does in Slack.

    Without QUERY: an interactive `search>` prompt on a terminal, or one query per line from a pipe.

    Example: insights-bot search kubernetes gitops --limit 3 --json
    """
    live = LiveCatalog(content_folder(cli.settings), meaning=meaning_for(cli.settings))
    _warn_problems(live.current.catalog)
    scope = None
    if category is not None:
        scope = resolve_category(live.current, category)
    if query:
        _answer(live, " ".join(query), scope, limit, as_json, strict=True)
        return
    interactive = sys.stdin.isatty()
    lines = _prompt_lines() if interactive else _piped_lines()
    failures = 0
    for line in lines:
        live.check_once()
        text = line.strip()
        if interactive and text.lower() in QUIT_WORDS:
            break
        if text and not _answer(live, text, scope, limit, as_json, strict=False):
            failures += 1
    if failures and not interactive:
        raise click.exceptions.Exit(1)


def _answer(
    live: LiveCatalog, text: str, scope: str | None, limit: int, as_json: bool, *, strict: bool
) -> bool:
    """Print the answer to one query; a bad query is an error (strict) or a message on stderr (a session)."""
    try:
        cleaned = clean_query(text)
    except QueryError as exc:
        if strict:
            raise CliError(str(exc)) from None
        click.echo(f"Error: {exc}", err=True)
        return False
    response = find(live.current.index, cleaned, category=scope, limit=limit)
    _show(response, as_json, filtered=scope is not None)
    return True


def _piped_lines() -> Iterator[str]:
    """Queries from a pipe, one per line; an empty input (`</dev/null`) is told what was wanted."""
    lines = iter(sys.stdin)
    first = next(lines, None)
    if first is None:
        raise CliError(
            "no query: give words (insights-bot search kubernetes gitops) or pipe one query per line"
        )
    return itertools.chain([first], lines)


def _prompt_lines() -> Iterator[str]:
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - importing it gives input() line editing and history
    click.echo("Type a search, or 'quit'. Articles edited meanwhile are picked up.", err=True)
    while True:
        try:
            yield input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            click.echo(err=True)
            return


def _warn_problems(catalog: Catalog) -> None:
    if catalog.problems:
        files = len({problem.path for problem in catalog.problems})
        click.echo(
            f"warning: {_plural(files, 'file')} with problems (run `insights-bot check` to see them)",
            err=True,
        )


def response_json(response: SearchResponse) -> dict[str, object]:
    """The `--json` contract: exactly these keys, snippets marked with `**`."""
    return {
        "query": response.query,
        "category": response.category,
        "confidence": response.confidence,
        "results": [
            {
                "title": hit.article.title,
                "slug": hit.article.slug,
                "category": hit.article.category,
                "url": hit.article.url,
                "read_time": hit.article.read_time,
                "summary": hit.article.summary,
                "score": hit.score,
                "snippet": hit.snippet.render("**", "**"),
            }
            for hit in response.results
        ],
        "suggestions": [
            {"kind": suggestion.kind, "name": suggestion.name, "slug": suggestion.slug}
            for suggestion in response.suggestions
        ],
    }


def _show(response: SearchResponse, as_json: bool, *, filtered: bool) -> None:
    if as_json:
        click.echo(json.dumps(response_json(response), ensure_ascii=False))
        return
    listing = response.category is not None and not filtered
    for line in _human_lines(response, listing=listing, bold=sys.stdout.isatty()):
        click.echo(line)


def _human_lines(response: SearchResponse, *, listing: bool, bold: bool) -> Iterable[str]:
    query = printable(response.query)
    if response.corrections:
        used = " ".join(right for _, right in response.corrections)
        typed = " ".join(wrong for wrong, _ in response.corrections)
        yield printable(f"Showing results for {used} (you typed {typed})")
    if not response.results and response.tentative:
        yield f'Not sure an article answers "{query}", but these may help:'
        for hit in response.tentative:
            yield f"  - {printable(hit.article.title)} ({hit.article.slug})"
        return
    if not response.results:
        where = f" in {response.category}" if response.category else ""
        yield f'No articles match "{query}"{where}.'
        if response.suggestions:
            yield "Not a match, but close:"
            for suggestion in response.suggestions:
                yield f"  - {printable(suggestion.name)} ({suggestion.kind})"
        return
    shown = len(response.results)
    if listing:
        yield f"{response.category}: {_plural(response.total, 'article')}" + (
            f", showing {shown}" if shown < response.total else ""
        )
    else:
        where = f" in {response.category}" if response.category else ""
        yield f'{_plural(response.total, "match")} for "{query}"{where}' + (
            f", showing {shown}" if shown < response.total else ""
        )
    marks = ("\x1b[1m", "\x1b[0m") if bold else ("**", "**")
    for number, hit in enumerate(response.results, 1):
        article = hit.article
        yield ""
        yield f"{number}. {printable(article.title)}"
        yield f"   {article.category} · {article.read_time} min read · {article.slug}"
        yield f"   {printable(hit.snippet.render(*marks))}"
        if article.url:
            yield f"   {printable(article.url)}"


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_cli
def categories(cli: CliContext, as_json: bool) -> None:
    """List the categories with their article counts, descriptions and aliases.

    Example: insights-bot categories --json
    """
    catalog = load_catalog(content_folder(cli.settings))
    _warn_problems(catalog)
    counts = catalog.counts()
    if as_json:
        entries = [
            {
                "name": category.name,
                "articles": counts.get(category.name, 0),
                "description": category.description,
                "emoji": category.emoji,
                "aliases": list(category.aliases),
            }
            for category in catalog.categories
        ]
        click.echo(json.dumps({"categories": entries}, ensure_ascii=False))
        return
    if not catalog.categories:
        click.echo("No categories: the content folder has no articles yet.")
    for category in catalog.categories:
        click.echo(f"{category.name} ({_plural(counts.get(category.name, 0), 'article')})")
        if category.description:
            click.echo(f"    {printable(category.description)}")
        if category.aliases:
            click.echo(f"    also: {', '.join(category.aliases)}")
