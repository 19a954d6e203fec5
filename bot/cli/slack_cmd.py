"""`run`, `serve`, `shell` and `manifest`: the ways to put the bot in front of people.

`run` picks the mode from the settings: Socket Mode with an app-level token, HTTP mode with a signing secret,
and the local shell when no Slack setting is present at all (so `make run` on a fresh checkout shows the bot
working). A setting that is missing or refused for the chosen mode stops start-up with one line that names it
and says where to get it.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from bot.cli.context import CliContext, CliError, content_folder, open_store, pass_cli

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.live_catalog import LiveCatalog
    from bot.settings import Settings
    from bot.store import Store

log = logging.getLogger("bot.cli.slack")

HOW_TO_CONNECT = (
    "No Slack settings found, so this is the local shell. To connect a workspace, create the app from "
    "manifest.yml and set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (see docs/running.md)."
)
WHERE = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) under OAuth & Permissions",
    "SLACK_SIGNING_SECRET": "the Signing Secret under Basic Information > App Credentials",
    "SLACK_APP_TOKEN": "an app-level token (xapp-...) with connections:write under Basic Information",
}


def missing(name: str, needed_for: str) -> CliError:
    """One line naming the setting, what needs it and where in the Slack app settings to find it."""
    return CliError(f"{name} is not set; {needed_for} needs {WHERE[name]} (set it in .env; see .env.example)")


@click.command()
@click.option("--no-scheduler", is_flag=True, help="Do not post digests from this process.")
@pass_cli
def run(cli: CliContext, no_scheduler: bool) -> None:
    """Run the bot: Socket Mode if SLACK_APP_TOKEN is set, else HTTP mode; the local shell without Slack.

    Example: insights-bot run
    """
    settings = cli.settings
    if not any((settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token)):
        click.echo(HOW_TO_CONNECT, err=True)
        _shell(settings)
        return
    if settings.slack_app_token is None:
        _serve(settings, settings.host, settings.port, scheduler=not no_scheduler)
        return
    if settings.slack_bot_token is None:
        raise missing("SLACK_BOT_TOKEN", "Socket Mode")
    from bot.slack.socket_mode import run_socket_mode

    with _wired(settings, scheduler=not no_scheduler) as (app, _):
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        click.echo("insights-bot: connecting to Slack in Socket Mode (Ctrl-C to stop)", err=True)
        try:
            run_socket_mode(app, settings.slack_app_token.get_secret_value(), stop)
        except Exception as exc:
            raise CliError(_refused("SLACK_APP_TOKEN", exc)) from None


@click.command()
@click.option("--host", default=None, help="Interface to listen on (default: HOST, 0.0.0.0).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default: PORT, 3000).")
@pass_cli
def serve(cli: CliContext, host: str | None, port: int | None) -> None:
    """Serve HTTP mode with uvicorn: POST /slack/events for Slack, GET /healthz for probes.

    Example: insights-bot serve --port 3000
    """
    settings = cli.settings
    _serve(settings, host or settings.host, port or settings.port, scheduler=False)


@click.command()
@pass_cli
def shell(cli: CliContext) -> None:
    """Talk to the bot without Slack: /insights ..., @insights ..., or a plain line as a DM.

    Example: printf '/insights security\\n' | insights-bot shell
    """
    _shell(cli.settings)


@click.command()
@click.option("--url", default=None, help="Public https URL of `serve`; omit for Socket Mode.")
def manifest(url: str | None) -> None:
    """Print the Slack app manifest (paste it into api.slack.com/apps > Create New App > From a manifest).

    Example: insights-bot manifest --url https://insights.example.com
    """
    from bot.slack.manifest import ManifestError, manifest_yaml

    try:
        click.echo(manifest_yaml(url), nl=False)
    except ManifestError as exc:
        raise click.BadParameter(str(exc), param_hint="--url") from None


def _serve(settings: Settings, host: str, port: int, *, scheduler: bool) -> None:
    if settings.slack_bot_token is None:
        raise missing("SLACK_BOT_TOKEN", "HTTP mode")
    if settings.slack_signing_secret is None:
        raise missing("SLACK_SIGNING_SECRET", "HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)")
    import uvicorn

    from bot.slack.http import build_asgi

    with _wired(settings, scheduler=scheduler) as (app, live_catalog):
        asgi = build_asgi(app, live_catalog, signing_secret=settings.slack_signing_secret.get_secret_value())
        click.echo(f"insights-bot: serving /slack/events on http://{host}:{port} (Ctrl-C to stop)", err=True)
        uvicorn.run(asgi, host=host, port=port, log_level=settings.log_level.lower(), access_log=False)


@contextlib.contextmanager
def _wired(settings: Settings, *, scheduler: bool) -> Iterator[tuple[App, LiveCatalog]]:
    """Catalog (watched), store, digests and app for a real workspace; the bot token is checked first."""
    from bot import bootstrap

    if not logging.getLogger().isEnabledFor(logging.DEBUG):  # --debug wins over LOG_LEVEL
        logging.getLogger().setLevel(settings.log_level)
    live_catalog, store = _catalog_and_store(settings)
    try:
        digests = bootstrap.build_digests(settings, store, live_catalog)
        deps = bootstrap.build_slack_deps(
            settings, live_catalog, store, verify_token=True, subscriptions=digests.service
        )
        app = bootstrap.build_slack_app(deps)
    except Exception as exc:
        store.close()
        raise CliError(_refused("SLACK_BOT_TOKEN", exc)) from None
    digests.attach(live_catalog)
    live_catalog.start(settings.content_poll_seconds)
    digest_scheduler = bootstrap.build_digest_scheduler(settings, digests) if scheduler else None
    if digest_scheduler is not None:
        digest_scheduler.start()
    else:
        log.info("digest scheduler not started in this process")
    try:
        yield app, live_catalog
    finally:
        if digest_scheduler is not None:
            digest_scheduler.stop()
        live_catalog.stop()
        store.close()


def _shell(settings: Settings) -> None:
    """The shell has no scheduler: digests are previewed with `/insights digest <category>`, never posted."""
    from bot import bootstrap
    from bot.shell import ShellSession, Style, run_loop, terminal_lines
    from bot.shell.session import SHELL_BOT_TOKEN

    settings = settings.for_shell()  # its own database: nothing typed here reaches the real bot
    live_catalog, store = _catalog_and_store(settings)

    def build(api_url: str, signing_secret: str) -> App:
        digests = bootstrap.build_digests(
            settings, store, live_catalog, bot_token=SHELL_BOT_TOKEN, api_url=api_url
        )
        digests.attach(live_catalog)
        deps = bootstrap.build_slack_deps(
            settings,
            live_catalog,
            store,
            bot_token=SHELL_BOT_TOKEN,
            api_url=api_url,
            signing_secret=signing_secret,
            subscriptions=digests.service,
        )
        return bootstrap.build_slack_app(deps)

    interactive = sys.stdin.isatty()
    on_terminal = sys.stdout.isatty()
    style = Style(ansi=on_terminal, emoji=on_terminal)
    live_catalog.start(settings.content_poll_seconds)
    try:
        with ShellSession.open(build, style=style) as session:
            if interactive:
                articles = len(live_catalog.current.catalog.articles)
                click.echo(f"{articles} articles loaded. Type :help for help, :quit to leave.")
                lines = terminal_lines(settings.data_dir / "shell_history")
            else:
                lines = iter(sys.stdin)
            run_loop(session, lines, sys.stdout, style, echo=not interactive)
    finally:
        live_catalog.stop()
        store.close()


def _catalog_and_store(settings: Settings) -> tuple[LiveCatalog, Store]:
    from bot import bootstrap

    content_folder(settings)
    store = open_store(settings)
    return bootstrap.build_live_catalog(settings), store


def _refused(name: str, exc: Exception) -> str:
    """Slack's answer in one line (an error code such as invalid_auth), never the token itself."""
    detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return f"{name}: Slack did not accept it ({detail}); check {WHERE[name]} and SLACK_API_URL"
