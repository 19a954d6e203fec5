"""Ask an expert: on a "might help" or "nothing" reply, tag the owners of the question's category in the
thread, once per question however often the button is clicked (and on whichever replica)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from bot.core.blocks import actions, expert_tag, notices
from bot.core.catalog.model import Catalog

log = logging.getLogger(__name__)
Message = dict[str, Any]


class Claims(Protocol):
    def claim_event(self, key: str, now: dt.datetime) -> bool: ...


@dataclass(frozen=True, slots=True)
class ExpertReply:
    """Ask an expert's outcome: a message to post in the question's thread, and/or a private note to the clicker."""

    post: Message | None
    notice: Message | None


def ask_expert(
    store: Claims,
    catalog: Catalog,
    admins: tuple[str, ...],
    state: actions.ButtonState,
    user_id: str | None,
    key: str,
    now: dt.datetime,
) -> ExpertReply:
    """`key` names the question (its channel and the reply carrying the button); it is claimed in the database
    so a second click gets a private note instead of a second tag."""
    try:
        first = store.claim_event(f"expert:{key}", now)
    except Exception:
        log.exception("could not claim the Ask-an-expert click")
        return ExpertReply(None, notices.trouble("I couldn't ask the experts just now; please try again."))
    if not first:
        return ExpertReply(None, expert_tag.already_asked())
    category = catalog.category(state.category) if state.category else None
    message = expert_tag.expert_tag_message(
        state.query,
        category.name if category else None,
        owners=category.owners if category else (),
        admins=admins,
        asker=user_id,
    )
    return ExpertReply(message, None)
