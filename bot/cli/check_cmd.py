"""`insights-bot check`: lint a catalog in a team's CI: every problem as `path:line: message`, exit 1 if any;
overdue reviews as warnings (exit 0 unless `--strict`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from bot.cli.catalog_cmd import _display_path, _plural
from bot.cli.context import CliContext, content_folder, pass_cli, printable
from bot.clock import utc_now
from bot.core.catalog import Catalog, Problem, load_catalog, read_bytes
from bot.core.catalog.review import review_warnings, with_changed
from bot.core.digest import DECLARED_FILE, declared_problems
from bot.git_dates import last_commit_days


@click.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="github: workflow annotations that mark the lines in a pull request.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings (overdue reviews) too.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day reviews are judged on (default: today, UTC); a later day shows what falls due by then.",
)
@pass_cli
def check(
    cli: CliContext, directory: Path | None, output: str, strict: bool, today: dt.datetime | None
) -> None:
    """Lint a content folder for CI: print every problem, exit 1 if there is any.

    Overdue reviews are warnings: printed, exit 0 unless --strict. DIR defaults to the configured content folder.

    Example: insights-bot check content/ --strict
    """
    folder = content_folder(cli.settings, directory)
    catalog = load_catalog(folder)
    found = catalog.problems + _declared_file_problems(folder)
    warned = _review_warnings(catalog, folder, (today or utc_now()).date())
    summary = f"{_plural(len(catalog.articles), 'article')} in {_plural(len(catalog.categories), 'category')}"
    if output == "json":
        problems = [{"path": _display_path(p.path), "line": p.line, "message": p.message} for p in found]
        warnings = [{"path": _display_path(p.path), "line": p.line, "message": p.message} for p in warned]
        shown = {"articles": len(catalog.articles), "problems": problems, "warnings": warnings}
        click.echo(json.dumps(shown, ensure_ascii=False))
    else:
        _print_found(found, warned, output, summary)
    if found or (strict and warned):
        raise click.exceptions.Exit(1)


def _review_warnings(catalog: Catalog, folder: Path, today: dt.date) -> list[Problem]:
    """Due dates may count from each file's last commit, so git is read when the folder is a checkout."""
    changed = {path.resolve(): day for path, day in last_commit_days(folder).items()}
    resolved = {path: path.resolve() for path in (a.path for a in catalog.articles) if path is not None}
    by_path = {path: changed[real] for path, real in resolved.items() if real in changed}
    return review_warnings(with_changed(catalog, by_path), today)


def _print_found(found: tuple[Problem, ...], warned: list[Problem], output: str, summary: str) -> None:
    for problem in found:
        click.echo(_github_line(problem) if output == "github" else _text_line(problem))
    for warning in warned:
        click.echo(_github_line(warning, "warning") if output == "github" else _text_line(warning, "warning"))
    files = len({problem.path for problem in found})
    notes = f", {_plural(len(warned), 'review')} overdue" if warned else ""
    if found:
        counted = f"{_plural(len(found), 'problem')} in {_plural(files, 'file')}"
        click.echo(f"{counted}; {summary} loaded{notes}", err=True)
    else:
        click.echo(f"{summary}, no problems{notes}")


def _declared_file_problems(folder: Path) -> tuple[Problem, ...]:
    """`digests.yml` is read by the running bot too, so CI checks it with the same bounded reader."""
    path = folder / DECLARED_FILE
    return declared_problems(read_bytes(path), path) if path.is_file() else ()


def _text_line(problem: Problem, level: str = "") -> str:
    message = f"warning: {problem.message}" if level else problem.message
    return printable(str(Problem(Path(_display_path(problem.path)), problem.line, message)))


def _github_line(problem: Problem, level: str = "error") -> str:
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    location = f"file={escape(_display_path(problem.path)).replace(',', '%2C')}"
    if problem.line > 0:
        location += f",line={problem.line}"
    return f"::{level} {location}::{escape(problem.message)}"
