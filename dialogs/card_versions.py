"""Which version of an action a card showed, and the key that makes its answer count once.

Every button on a card about an action carries the `version` the card was built from. An answer is applied only
to that version (the store's compare-and-set), so an old Save cannot overwrite a newer edit and a card from before
an edit cannot close the edited action. The answer's key is stored with the change, so a replay of the same answer
(Teams retries, a double click) finds it and is answered as before, recorded once. The key names the card (the
message it is in), the person, the action, the version and the verb: a second person answering the same card, or
the same person answering another card at that version, is a different answer and finds the version moved on.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from typing import Any

from bot.register.model import Action
from bot.teams.turn import TurnInfo

# Stored versions start at 1: a card without a version (sent before cards carried one, or forged) matches none.
NO_VERSION = 0


def seen_version(data: Mapping[str, Any]) -> int:
    version = data.get("version")
    if type(version) is not int or version < 1:
        return NO_VERSION
    return version


def as_seen(action: Action, data: Mapping[str, Any]) -> Action:
    """The action as it is now, at the version the card showed (the version its change must find)."""
    return dataclasses.replace(action, version=seen_version(data))


def answer_key(action: Action, data: Mapping[str, Any], verb: str, info: TurnInfo) -> str:
    who = info.actor.aad_id or info.actor.user_id or ""
    answer = "\x1f".join((info.card_message_id or "", who, verb))
    # Hashed: message and user ids are long, and the key column is bounded.
    return f"card:{action.id}:{seen_version(data)}:{hashlib.sha256(answer.encode()).hexdigest()[:32]}"
