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

from bot.cli.context import CliContext, CliError, content_folder, open_bot, pass_cli
from bot.errors import ManifestError

if TYPE_CHECKING:
    from bot.bootstrap import Bot
    from bot.settings import Settings
    from bot.slack.app import SlackBot

log = logging.getLogger("bot.cli.slack")
DRAIN_SECONDS = 20
"""How long a stopping process keeps sending replies already accepted (Kubernetes allows 30 s by default)."""

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

    with _running(settings, scheduler=not no_scheduler) as (bot, slack), _probes(settings, bot, slack):
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        click.echo("insights-bot: connecting to Slack in Socket Mode (Ctrl-C to stop)", err=True)
        try:
            run_socket_mode(slack.app, settings.slack_app_token.get_secret_value(), stop, bot.metrics)
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
    from bot.slack.manifest import manifest_yaml

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

    from bot.readiness import readiness
    from bot.slack.http import build_asgi
    from bot.slack.http_server import server_config

    with _running(settings, scheduler=scheduler) as (bot, slack):
        asgi = build_asgi(
            bot.edge(slack),
            bot.catalog,
            readiness=readiness(bot.store, lambda: bot.catalog.current, slack.workers),
            metrics=bot.metrics,
        )
        config = server_config(asgi, host=host, port=port, log_level=settings.log_level)
        click.echo(f"insights-bot: serving /slack/events on http://{host}:{port} (Ctrl-C to stop)", err=True)
        with _sigterm_returns():
            uvicorn.Server(config).run()
        log.info("stopped accepting requests; finishing replies in progress")


@contextlib.contextmanager
def _probes(settings: Settings, bot: Bot, slack: SlackBot) -> Iterator[None]:
    """Socket Mode with METRICS_PORT: /healthz, /readyz and /metrics on a side port, in a thread."""
    if settings.metrics_port is None:
        yield
        return
    import uvicorn

    from bot.readiness import readiness
    from bot.slack.http import build_probe_app
    from bot.slack.http_server import server_config

    app = build_probe_app(
        bot.catalog, readiness(bot.store, lambda: bot.catalog.current, slack.workers), bot.metrics
    )
    server = uvicorn.Server(server_config(app, host=settings.host, port=settings.metrics_port))
    thread = threading.Thread(target=server.run, name="probes", daemon=True)
    thread.start()
    log.info("probes and metrics on http://%s:%d", settings.host, settings.metrics_port)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@contextlib.contextmanager
def _sigterm_returns() -> Iterator[None]:
    """uvicorn drains in-flight requests on SIGTERM, then raises the signal again under the handler it found.
    With the default handler that kills the process before the replies still queued in the listener threads
    are sent and before the scheduler releases its claims; with this one, `serve` returns and cleans up."""
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _running(settings: Settings, *, scheduler: bool) -> Iterator[tuple[Bot, SlackBot]]:
    """The bot for a real workspace, following and watching its catalog; the bot token is checked first."""
    from bot.logging_setup import configure_logging

    debug = logging.getLogger().isEnabledFor(logging.DEBUG)  # --debug wins over LOG_LEVEL
    configure_logging(logging.DEBUG if debug else settings.log_level, settings.log_format)
    bot = open_bot(settings)
    try:
        slack = bot.slack(verify_token=True)
    except Exception as exc:
        bot.close()
        raise CliError(_refused("SLACK_BOT_TOKEN", exc)) from None
    bot.follow_catalog()
    bot.watch()
    slack.start_sweeping()
    digest_scheduler = bot.scheduler() if scheduler else None
    if digest_scheduler is not None:
        digest_scheduler.start()
    else:
        log.info("digest scheduler not started in this process")
    try:
        yield bot, slack
    finally:
        if not slack.wait_idle(DRAIN_SECONDS):
            log.warning("replies still being sent after %d s; stopping anyway", DRAIN_SECONDS)
        if digest_scheduler is not None:
            digest_scheduler.stop()
        bot.close()


def _shell(settings: Settings) -> None:
    """The shell has no scheduler: digests are previewed with `/insights digest <category>`, never posted."""
    from bot.shell import ShellSession, Style, run_loop, terminal_lines

    content_folder(settings)
    interactive = sys.stdin.isatty()
    on_terminal = sys.stdout.isatty()
    style = Style(ansi=on_terminal, emoji=True)  # Slack shows emoji, not shortcodes, piped or not
    with ShellSession.open(settings, open_bot, style=style) as session:
        if interactive:
            articles = len(session.bot.catalog.current.catalog.articles)
            click.echo(f"{articles} articles loaded. Type :help for help, :quit to leave.")
            lines = terminal_lines(settings.data_dir / "shell_history")
        else:
            lines = iter(sys.stdin)
        run_loop(session, lines, sys.stdout, style, echo=not interactive)


def _refused(name: str, exc: Exception) -> str:
    """Slack's answer in one line (an error code such as invalid_auth), never the token itself."""
    detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return f"{name}: Slack did not accept it ({detail}); check {WHERE[name]} and SLACK_API_URL"
