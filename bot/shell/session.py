"""One shell session: a typed line in, what Slack would show out.

Each line becomes the request Slack would send (slash command, `app_mention` in #general, or a DM), signed
with this process's random signing secret and sent through the same edge and `App` that serve Slack. Its Web
API calls go to the in-process stand-in (`FakeSlack`); once the app says its background work is done, the
session reads back the ack and every new post, response_url message and App Home view, and renders them.
The shell keeps its own database (`SHELL_DATABASE_URL`, else `DATA_DIR/shell.db`), so what is tried here
(subscribing #general, say) never reaches the real bot.
Buttons get numbers; `:click N` sends the `block_actions` Slack would send for that button.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from bot.shell import requests as payloads
from bot.shell.render import PLAIN, Button, Style, render_message
from bot.slack.edge import Refused, SlackEdge
from bot.slack.manifest import COMMAND
from bot.testing.fake_slack import BOT_USER_ID, FakeSlack

if TYPE_CHECKING:
    from bot.bootstrap import Bot
    from bot.settings import Settings
    from bot.slack.app import SlackBot

SHELL_BOT_TOKEN = "xoxb-local-shell"  # noqa: S105 - a placeholder the local stand-in accepts, not a secret
SETTLE_SECONDS = 10.0
HELP = """\
Type what you would type in Slack:
  /insights <text>     the slash command (try: /insights help, /insights security, /insights kubernetes)
  @insights <question> a mention in #general; the answer comes in a thread
  <question>           a direct message to the bot
  :click N             press button N        :home   open the App Home tab
  :help                this help             :quit   leave (or Ctrl-D)"""

OpenBot = Callable[["Settings"], "Bot"]
_MENTION = re.compile(r"@insights\b", re.IGNORECASE)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shown:
    """One thing Slack would show: where it appears (`only you`, `#general · thread`, ...) and its text."""

    where: str
    text: str


@dataclass(frozen=True)
class _Target:
    button: Button
    container: dict[str, Any]
    message: dict[str, Any] | None
    has_response_url: bool


class ShellSession:
    """Sends lines through the bot's edge; `slack` is the running stand-in its client talks to."""

    def __init__(
        self, bot: Bot, slack_bot: SlackBot, slack: FakeSlack, signing_secret: str, *, style: Style = PLAIN
    ) -> None:
        self.bot = bot
        self._slack_bot = slack_bot
        self._edge = SlackEdge(slack_bot.app, signing_secret)
        self._slack = slack
        self._style = replace(style, names={**payloads.NAMES, **style.names})
        self._factory = payloads.PayloadFactory(signing_secret)
        self._targets: dict[int, _Target] = {}
        self._calls_seen = 0
        self._responses_seen: dict[str, int] = {}

    @classmethod
    @contextlib.contextmanager
    def open(cls, settings: Settings, open_bot: OpenBot, *, style: Style = PLAIN) -> Iterator[ShellSession]:
        """Start the stand-in, build the bot against it with a fresh signing secret and the shell's own
        database, and close everything after."""
        signing_secret = secrets.token_hex(32)
        with FakeSlack() as slack:
            local = settings.model_copy(
                update={
                    "slack_api_url": slack.api_url,
                    "slack_bot_token": SecretStr(SHELL_BOT_TOKEN),
                    "slack_signing_secret": SecretStr(signing_secret),
                    "slack_app_token": None,
                    "database_url": settings.effective_shell_database_url,
                }
            )
            bot = open_bot(local)
            try:
                bot.follow_catalog()
                bot.watch()
                yield cls(bot, bot.slack(), slack, signing_secret, style=style)
            finally:
                bot.close()

    def handle(self, line: str) -> list[Shown]:
        """Everything Slack would show for one typed line; never raises on what a person typed."""
        text = line.strip()
        if not text:
            return []
        if text.startswith(":"):
            return self._meta(text[1:].strip())
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            if command.lower() != COMMAND:
                return [Shown("Slackbot", f"{command} is not a valid command. Try {COMMAND} help.")]
            response_url = self._slack.response_url()
            request = self._factory.slash_command(COMMAND, rest.strip(), response_url)
            return self.send(request, ack_where="only you", ack_container=self._ephemeral())
        mention = _MENTION.match(text)
        if mention is not None:
            return self.send(self._factory.app_mention(text[mention.end() :].strip(), BOT_USER_ID))
        return self.send(self._factory.direct_message(text))

    def _meta(self, command: str) -> list[Shown]:
        name, _, argument = command.partition(" ")
        if name in ("help", "?", ""):
            return [Shown("shell", HELP)]
        if name == "home":
            return self.send(self._factory.app_home_opened())
        if name == "click":
            return self._click(argument.strip())
        return [Shown("shell", f"Unknown shell command :{name}. Type :help.")]

    def _click(self, argument: str) -> list[Shown]:
        target = self._targets.get(int(argument)) if argument.isascii() and argument.isdigit() else None
        if target is None:
            known = ", ".join(str(n) for n in sorted(self._targets)[-8:]) or "none yet"
            return [Shown("shell", f"No button {argument or '?'} (buttons shown so far: {known}).")]
        button = target.button
        if button.url and not button.action_id:
            return [Shown("shell", f"That button opens {button.url} in a browser.")]
        action = {
            "type": "button",
            "action_id": button.action_id,
            "block_id": button.block_id or "",
            "text": {"type": "plain_text", "text": button.label},
        }
        if button.value is not None:
            action["value"] = button.value
        response_url = self._slack.response_url() if target.has_response_url else None
        request = self._factory.block_actions(
            action, container=target.container, response_url=response_url, message=target.message
        )
        return self.send(request, ack_where="only you", ack_container=self._ephemeral())

    def send(
        self,
        request: payloads.SignedRequest,
        *,
        ack_where: str | None = None,
        ack_container: dict[str, Any] | None = None,
    ) -> list[Shown]:
        verdict = self._edge.admit(
            request.body.encode("utf-8"), {k.lower(): v for k, v in request.headers.items()}
        )
        if isinstance(verdict, Refused):
            return [Shown("error", f"Slack would show an error (the app answered HTTP {verdict.status}).")]
        try:
            response = self._edge.dispatch(verdict)
        except Exception as exc:
            log.exception("the app raised while handling a shell line")
            return [Shown("error", f"The app raised {exc.__class__.__name__}; Slack would show nothing.")]
        shown: list[Shown] = []
        if response.status != 200:
            shown.append(
                Shown("error", f"Slack would show an error (the app answered HTTP {response.status}).")
            )
        elif ack_where is not None and response.body:
            message = _json_object(response.body) or {"text": response.body}
            where = (
                _channel_name(payloads.CHANNEL_ID)
                if message.get("response_type") == "in_channel"
                else ack_where
            )
            shown.append(self._show(where, message, ack_container or self._ephemeral(), None, True))
        if not self._slack_bot.wait_idle(SETTLE_SECONDS):
            shown.append(Shown("shell", f"(the bot is still working after {SETTLE_SECONDS:.0f} s)"))
        shown.extend(self._new_responses())
        shown.extend(self._new_calls())
        return shown

    def _new_responses(self) -> list[Shown]:
        shown = []
        for name, bodies in list(self._slack.responses.items()):
            seen = self._responses_seen.get(name, 0)
            for body in bodies[seen:]:
                message = _decoded(body)
                where = (
                    _channel_name(payloads.CHANNEL_ID)
                    if message.get("response_type") == "in_channel"
                    else "only you"
                )
                if message.get("replace_original") in (True, "true"):
                    where += " · replaces the message"
                if message.get("delete_original") in (True, "true"):
                    shown.append(Shown(where, "(message deleted)"))
                    continue
                shown.append(self._show(where, message, self._ephemeral(), None, True))
            self._responses_seen[name] = len(bodies)
        return shown

    def _new_calls(self) -> list[Shown]:
        calls = self._slack.calls[self._calls_seen :]
        self._calls_seen += len(calls)
        shown = []
        for call in calls:
            params = _decoded(call.params)
            channel = str(params.get("channel", ""))
            if call.method == "chat.postMessage":
                posted = next(
                    (m for m in reversed(self._slack.posted(channel)) if _same_post(m, params)), params
                )
                thread = " · thread" if params.get("thread_ts") else ""
                where = ("DM" if channel.startswith("D") else _channel_name(channel)) + thread
                container = {"type": "message", "message_ts": posted.get("ts", ""), "channel_id": channel}
                shown.append(self._show(where, params, container, dict(posted), True))
            elif call.method == "chat.postEphemeral":
                shown.append(self._show("only you", params, self._ephemeral(), None, True))
            elif call.method == "chat.update":
                shown.append(
                    self._show(f"{_channel_name(channel)} · updated", params, self._ephemeral(), None, True)
                )
            elif call.method == "views.publish":
                found = params.get("view")
                view: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
                container = {"type": "view", "view_id": "VSHELLHOME"}
                shown.append(self._show("App Home", dict(view), container, None, False))
        return shown

    def _show(
        self,
        where: str,
        message: Mapping[str, Any],
        container: dict[str, Any],
        original: dict[str, Any] | None,
        has_response_url: bool,
    ) -> Shown:
        rendered = render_message(message, style=self._style, first_button=len(self._targets) + 1)
        for button in rendered.buttons:
            self._targets[button.number] = _Target(button, container, original, has_response_url)
        return Shown(where, rendered.text or "(empty message)")

    def _ephemeral(self) -> dict[str, Any]:
        return {"type": "message", "message_ts": "", "channel_id": payloads.CHANNEL_ID, "is_ephemeral": True}


def _channel_name(channel: str) -> str:
    return f"#{payloads.CHANNEL_NAME}" if channel == payloads.CHANNEL_ID else f"#{channel}"


def _same_post(posted: Mapping[str, Any], params: Mapping[str, Any]) -> bool:
    return posted.get("text") == params.get("text") and posted.get("thread_ts") == params.get("thread_ts")


def _decoded(params: Mapping[str, Any]) -> dict[str, Any]:
    """Form-encoded Web API calls carry `blocks` and `view` as JSON strings; undo that for rendering."""
    decoded = dict(params)
    for key in ("blocks", "view"):
        if isinstance(decoded.get(key), str):
            decoded[key] = _json_object(decoded[key]) if key == "view" else _json_any(decoded[key])
    return decoded


def _json_object(text: str | bytes) -> dict[str, Any] | None:
    value = _json_any(text)
    return value if isinstance(value, dict) else None


def _json_any(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None
