"""Replies to `/insights subscribe|unsubscribe|subscriptions|digest`: confirmations in the channel, everything
else (mistakes, refusals, the list, previews) only to the person who asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.blocks.help import category_label
from bot.core.blocks.text import MAX_FALLBACK_TEXT, echo, escape, mrkdwn, truncate
from bot.core.digest.replies import Change, ChangeReply, ListReply, PreviewReply

ECHO_CHARS = 100
BOT_MENTION = "@insights"
MAX_LINES = 40


def _message(
    text: str, *, in_channel: bool = False, extra: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """`text` is mrkdwn we built (user parts already escaped)."""
    blocks = [{"type": "section", "text": mrkdwn(text)}, *(extra or [])]
    return {
        "response_type": "in_channel" if in_channel else "ephemeral",
        "replace_original": False,
        "text": truncate(text, MAX_FALLBACK_TEXT),
        "blocks": blocks,
    }


def _when(moment: dt.datetime | None, zone: str) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%A} {local.day} {local:%b} at {local:%H:%M} ({escape(zone)})"


def _mentions(users: tuple[str, ...]) -> str:
    return ", ".join(f"<@{escape(user)}>" for user in users)


def _unknown(typed: str, categories: tuple[str, ...]) -> dict[str, Any]:
    """Subscribe, unsubscribe and preview answer an unknown category alike, listing what does exist."""
    known = ", ".join(f"`{escape(name)}`" for name in categories) or "none yet"
    return _message(f"I don't know a category called “{echo(typed, ECHO_CHARS)}”. Categories: {known}.")


def change_message(reply: ChangeReply) -> dict[str, Any]:
    label = category_label(reply.category or "", reply.emoji)
    channel = f"<#{reply.channel_id}>"
    when = _when(reply.next_run, reply.zone)
    match reply.change:
        case Change.SUBSCRIBED:
            return _message(
                f":white_check_mark: {channel} now gets the weekly {label} digest. Next one: {when}.",
                in_channel=True,
            )
        case Change.ALREADY_SUBSCRIBED:
            return _message(f"{channel} is already subscribed to {label}. Next digest: {when}.")
        case Change.UNSUBSCRIBED:
            return _message(f"{channel} will no longer get the {label} digest.", in_channel=True)
        case Change.NOT_SUBSCRIBED:
            return _message(f"{channel} is not subscribed to {label}.")
        case Change.FILE_OWNED:
            return _message(
                f"{channel} gets the {label} digest through `content/digests.yml`, so it stays until that file "
                f"changes: remove `{escape(reply.channel_id)}` from the `{escape(reply.category or '')}` entry "
                "there (the bot applies the edit on its own)."
            )
        case Change.UNKNOWN_CATEGORY:
            return _unknown(reply.typed, reply.categories)
        case Change.NOT_ALLOWED:
            return _message(
                f"Only digest admins can change this channel's subscriptions: {_mentions(reply.admins)}."
            )
        case Change.BOT_NOT_IN_CHANNEL:
            return _message(
                f"I'm not in {channel}, so I couldn't post digests here. Invite me with "
                f"`/invite {BOT_MENTION}` (or mention me and choose *Invite*), then try again."
            )
    return _message(escape(reply.change.value))


def list_message(reply: ListReply) -> dict[str, Any]:
    channel = f"<#{reply.channel_id}>"
    if not reply.lines:
        if reply.can_change:
            how = "Add one with `/insights subscribe &lt;category&gt;`."
        else:
            how = f"Digest admins can add one: {_mentions(reply.admins)}."
        return _message(f"{channel} has no digest subscriptions. {how}")
    rows = []
    for line in reply.lines[:MAX_LINES]:
        label = category_label(line.category, line.emoji)
        who = f"added by <@{escape(line.added_by)}>" if line.added_by else "from `content/digests.yml`"
        row = f"• {label}, {who} on {line.added_at:%Y-%m-%d}"
        if line.error:
            row += f"\n    :warning: last digest failed: {escape(line.error)}"
        rows.append(row)
    if len(reply.lines) > MAX_LINES:
        rows.append(f"…and {len(reply.lines) - MAX_LINES} more")
    header = f"Digests for {channel} (next: {_when(reply.next_run, reply.zone)}):"
    return _message(truncate("\n".join([header, *rows]), 2900))


def preview_message(reply: PreviewReply) -> dict[str, Any]:
    if reply.message is None and reply.category is None:
        return _unknown(reply.typed, reply.categories)
    if reply.message is None:
        return _message(
            f"The *{escape(reply.category or '')}* digest would be empty this week: nothing to send."
        )
    return {"response_type": "ephemeral", "replace_original": False, **reply.message}
