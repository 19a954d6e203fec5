"""At DEBUG, no credential reaches any log output: our loggers, slack_sdk's, uvicorn's, tracebacks included."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from slack_sdk.webhook import WebhookClient
from uvicorn.logging import AccessFormatter

from bot.slack.redact import install_log_redaction
from bot.testing.fake_slack import FakeSlack
from tests.slack import slack_payloads as p

HOOK = "https://hooks.slack.com/commands/T0AAAA/1234567890/AbCdEfGhIjKlMnOp"


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    """Everything logged at DEBUG through a plain root handler, with redaction installed as at start-up."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    undo = install_log_redaction([p.SIGNING_SECRET])
    try:
        yield stream
    finally:
        undo()
        root.removeHandler(handler)
        root.setLevel(level)


def test_webhook_client_debug_lines_never_show_the_response_url(output: io.StringIO) -> None:
    with FakeSlack() as slack:
        url = slack.response_url("secret-r1")
        response = WebhookClient(url=url).send_dict({"text": "hello"})

    assert response.status_code == 200
    assert slack.responses["secret-r1"]
    text = output.getvalue()
    assert "Sending a request" in text
    assert url not in text
    assert "secret-r1" not in text


def test_library_loggers_with_their_own_handlers_are_cleaned_too() -> None:
    stream = io.StringIO()
    uvicorn_error = logging.getLogger("uvicorn.error.test")
    handler = logging.StreamHandler(stream)
    uvicorn_error.addHandler(handler)
    uvicorn_error.propagate = False
    undo = install_log_redaction()
    try:
        uvicorn_error.warning("bad request %s from %s", f"token={p.BOT_TOKEN}", HOOK)
        logging.getLogger("urllib3.connectionpool").warning(
            "POST %s", HOOK.replace("/", "%2F").replace(":", "%3A")
        )
    finally:
        undo()
        uvicorn_error.removeHandler(handler)

    assert stream.getvalue() == "bad request token=[redacted] from [redacted]\n"


def test_bodies_and_tracebacks_are_cleaned(output: io.StringIO) -> None:
    body = f'{{"token": "legacy-verification", "response_url": "{HOOK}", "secret": "{p.SIGNING_SECRET}"}}'
    logging.getLogger("slack_bolt.App").debug("Received request body: %s", body)
    try:
        raise RuntimeError(f"auth failed for {p.BOT_TOKEN}")
    except RuntimeError:
        logging.getLogger("httpx").exception("call failed")

    text = output.getvalue()
    for secret in (HOOK, "legacy-verification", p.SIGNING_SECRET, p.BOT_TOKEN):
        assert secret not in text
    assert "RuntimeError: auth failed for [redacted]" in text


def test_placeholders_and_structured_arguments_still_format(output: io.StringIO) -> None:
    logging.getLogger("bot.test").info("response_url=%s", HOOK)
    access = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4:5", "GET", f"/readyz?token={p.BOT_TOKEN}", "1.1", 200),
        None,
    )

    assert "response_url=[redacted]" in output.getvalue()
    assert (
        AccessFormatter(use_colors=False)
        .format(access)
        .endswith('"GET /readyz?token=[redacted] HTTP/1.1" 200')
    )
