"""`/insights` through the real HTTP server: signing, acks with the answer, and bad input."""

from __future__ import annotations

import json
import time

import httpx

from bot.assistant import Assistant
from bot.bootstrap import build
from bot.slack.http import build_asgi
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, serve


def test_signed_slash_command_is_answered_in_the_ack_as_an_ephemeral_message(server: Server) -> None:
    response, _ = server.command("kubernetes gitops")
    assert response.status_code == 200
    message = response.json()
    assert message["response_type"] == "ephemeral"
    assert "Kubernetes" in json.dumps(message["blocks"])


def test_slash_command_with_a_bad_signature_is_rejected_with_401(server: Server) -> None:
    body, headers = p.slash_command("security", response_url=server.slack.response_url())
    forged = {**headers, **p.signed_headers(body, secret="not-the-secret")}
    response = server.post(body, forged, signed=False)
    assert response.status_code == 401


def test_slash_command_with_a_stale_timestamp_is_rejected_with_401(server: Server) -> None:
    body, headers = p.slash_command("security", response_url=server.slack.response_url())
    stale = {**headers, **p.signed_headers(body, timestamp=int(time.time()) - 6 * 60)}
    response = server.post(body, stale, signed=False)
    assert response.status_code == 401


def test_unsigned_slash_command_is_rejected_with_401(server: Server) -> None:
    body, headers = p.slash_command("security", response_url=server.slack.response_url())
    assert server.post(body, headers, signed=False).status_code == 401


def test_rejected_requests_never_reach_a_listener(server: Server, sqlite_store) -> None:
    body, headers = p.as_json(p.event_callback(p.app_mention("<@UINSIGHTS> tokens")))
    server.post(body, headers, signed=False)
    server.idle()
    assert server.slack.calls == []


def test_malformed_body_gets_400_not_500(server: Server) -> None:
    for body in (b"{not json", b"payload=%7Bbroken", b"[1, 2, 3]", b"\xff\xfe"):
        response = server.post(body, {"Content-Type": "application/json"})
        assert response.status_code == 400, body


def test_malformed_body_with_a_bad_signature_gets_401(server: Server) -> None:
    body = b"{not json"
    forged = {"Content-Type": "application/json", **p.signed_headers(body, secret="not-the-secret")}
    assert server.post(body, forged, signed=False).status_code == 401


def test_signed_json_without_a_known_shape_still_gets_a_2xx_or_4xx(server: Server) -> None:
    for payload in ({}, {"type": "event_callback"}, {"type": "event_callback", "event": "x"}):
        body, headers = p.as_json(payload)
        assert server.post(body, headers).status_code < 500, payload


def test_ssl_check_gets_200_after_verification(server: Server) -> None:
    body, headers = p.form({"ssl_check": "1", "token": "x"})
    assert server.post(body, headers).status_code == 200


def test_ssl_check_with_a_bad_signature_is_rejected_with_401(server: Server) -> None:
    body, headers = p.form({"ssl_check": "1", "token": "x"})
    forged = {**headers, **p.signed_headers(body, secret="not-the-secret")}
    assert server.post(body, forged, signed=False).status_code == 401


def test_url_verification_challenge_is_echoed(server: Server) -> None:
    body, headers = p.as_json({"type": "url_verification", "challenge": "abc123", "token": "x"})
    response = server.post(body, headers)
    assert response.status_code == 200
    assert "abc123" in response.text


def test_healthz_reports_catalog_size_and_last_reload(server: Server) -> None:
    health = server.client.get("/healthz").json()
    assert health["status"] == "ok"
    assert health["articles"] == 28
    assert health["last_reload"]


class RecordingSubscriptions:
    """Stands in for the subscriptions service: records each intent and answers with a plain message."""

    def __init__(self) -> None:
        self.received: list[tuple[object, str, str]] = []

    def handle(self, intent: object, *, user_id: str, channel_id: str) -> dict:
        self.received.append((intent, user_id, channel_id))
        return {"response_type": "ephemeral", "text": "Subscribed", "blocks": []}


def test_subscription_commands_are_routed_to_the_subscriptions_service(bot) -> None:
    service = RecordingSubscriptions()
    assistant = Assistant(bot.catalog, bot.store, subscriptions=service)
    for text in ("subscribe security", "unsubscribe sec", "subscriptions", "digest cloud"):
        assert assistant.command(text, user_id=p.USER_ID, channel_id=p.CHANNEL_ID)["text"] == "Subscribed"


def test_subscription_commands_without_the_service_say_it_is_not_available(bot) -> None:
    assistant = Assistant(bot.catalog, bot.store)
    reply = assistant.command("subscribe security", user_id=p.USER_ID, channel_id=p.CHANNEL_ID)
    assert "not available" in reply["text"]


def blocks_text(response: httpx.Response) -> str:
    return json.dumps(response.json()["blocks"], ensure_ascii=False)


def test_empty_text_gets_help_with_examples_and_categories(server: Server) -> None:
    response, _ = server.command("")
    assert "/insights kubernetes gitops" in blocks_text(response)
    assert "*Security* (4 articles)" in blocks_text(response)


def test_categories_lists_every_category_with_counts(server: Server) -> None:
    response, _ = server.command("categories")
    assert response.json()["text"] == "5 categories, 28 articles"


def test_category_name_alias_or_near_miss_lists_that_category(server: Server) -> None:
    for text in ("security", "appsec", "secruity"):
        response, _ = server.command(text)
        assert response.json()["blocks"][0]["text"]["text"].startswith("*Security*"), text


def test_slack_markup_in_the_query_is_echoed_escaped_and_never_pings(server: Server) -> None:
    response, _ = server.command("<!channel> <@U123> &amp; zzzqqq")
    text = blocks_text(response)
    assert "“&amp; zzzqqq”" in text  # mentions dropped, the rest echoed escaped
    assert "<!channel>" not in text
    assert "<@U123>" not in text


def test_four_thousand_characters_get_a_clear_message(server: Server) -> None:
    response, _ = server.command("kubernetes " * 400)
    assert response.status_code == 200
    assert "keep it under 1,000 characters" in response.json()["text"]


def test_ack_does_not_wait_for_a_slow_web_api(server: Server) -> None:
    server.slack.delay("chat.postMessage", 1.5)
    started = time.perf_counter()
    response = server.event(p.app_mention("<@UINSIGHTS> kubernetes"))
    assert response.status_code == 200
    assert time.perf_counter() - started < 1.0


def test_app_without_a_signing_secret_rejects_every_http_request(settings, live_catalog, fake_slack) -> None:
    socket_only = build(settings.model_copy(update={"slack_signing_secret": None}), catalog=live_catalog)
    for url in serve(build_asgi(socket_only.edge(socket_only.slack()), socket_only.catalog)):
        body, headers = p.slash_command("security", response_url=fake_slack.response_url())
        for secret in ("", p.SIGNING_SECRET):
            signed = {**headers, **p.signed_headers(body, secret=secret)}
            assert httpx.post(url + "/slack/events", content=body, headers=signed).status_code == 401
