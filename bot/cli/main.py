"""Entry point of `insights-bot`: the global options and the list of command groups."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from bot.cli.context import CliContext


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--content-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of Markdown articles (overrides CONTENT_DIR).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, content_dir: Path | None, debug: bool) -> None:
    """Insights bot: your team's articles, findable in Slack.

    Example: insights-bot search kubernetes gitops
    """
    ctx.obj = CliContext(content_dir=content_dir)
    ctx.meta["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(message)s")


def main() -> None:
    """Run the CLI; an unexpected error is one line on stderr and exit 1, not a traceback."""
    debug = "--debug" in sys.argv
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"insights-bot: unexpected error: {exc.__class__.__name__}: {exc} (rerun with --debug)", err=True
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _register_commands() -> None:
    """Each command group lives in its own module and adds itself to `cli` here."""
    from bot.cli import catalog_cmd, check_cmd

    cli.add_command(catalog_cmd.search)
    cli.add_command(catalog_cmd.categories)
    cli.add_command(check_cmd.check)

    from bot.cli import eval_cmd

    cli.add_command(eval_cmd.eval_command)

    from bot.cli import slack_cmd

    for command in (slack_cmd.run, slack_cmd.serve, slack_cmd.shell, slack_cmd.manifest):
        cli.add_command(command)

    from bot.cli import digest_cmd

    for command in (digest_cmd.digest, digest_cmd.subscriptions, digest_cmd.db, digest_cmd.scheduler):
        cli.add_command(command)

    from bot.cli import report_cmd

    cli.add_command(report_cmd.report)


_register_commands()
