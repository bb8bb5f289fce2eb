"""Hot statements, built once, and the /action turn's direct path on SQLite."""

from __future__ import annotations

from sqlalchemy import bindparam, case, insert, select, update
from sqlalchemy.engine import Dialect

from bot.store.direct import DirectStatement
from bot.store.schema import actions, audit_events, chasers, chats, occurrences, processed

# Hot statements are built once: SQLAlchemy then reuses their compiled form, where a statement built per call with
# .values(...) is re-keyed and re-compiled every time (most of a logged action's cost on SQLite).
# The chat is the series and its row the counter: the UPDATE takes the row's lock on PostgreSQL, and SQLite writes run
# one at a time, so two /action turns never share a No.
NEXT_NUMBER = (
    update(chats)
    .where(chats.c.id == bindparam("b_chat_id"))
    .values(next_number=chats.c.next_number + 1)
    .returning(chats.c.next_number)
)
# A kept No. (imported minutes): the counter moves past it, so actions without one never collide with it.
COUNT_PAST = (
    update(chats)
    .where(chats.c.id == bindparam("b_chat_id"))
    .values(next_number=case((chats.c.next_number > bindparam("kept"), chats.c.next_number), else_=bindparam("kept")))
)
NUMBER_TAKEN = select(actions.c.id).where(
    actions.c.chat_id == bindparam("chat_id"), actions.c.number == bindparam("number")
)
INSERT_ACTION = insert(actions)
# A new action's chaser row, to be planned (kind NULL) by the next sweep.
INSERT_TO_PLAN = insert(chasers)
INSERT_EVENT = insert(audit_events)
INSERT_PROCESSED = insert(processed)
ACTION_BY_ID = select(actions).where(actions.c.id == bindparam("action_id"))
CHAT_SETTINGS = select(chats.c.settings).where(chats.c.id == bindparam("chat_id"))
PROCESSED_BY_KEY = select(processed.c.result, processed.c.replied_at).where(processed.c.key == bindparam("key"))
MARK_REPLIED = update(processed).where(processed.c.key == bindparam("b_key")).values(replied_at=bindparam("replied"))
CURRENT_OCCURRENCE = (
    select(occurrences)
    .where(occurrences.c.chat_id == bindparam("chat_id"), occurrences.c.ended_at.is_(None))
    .order_by(occurrences.c.started_at.desc())
    .limit(1)
)
CURRENT_OCCURRENCE_ID = (
    select(occurrences.c.id)
    .where(occurrences.c.chat_id == bindparam("chat_id"), occurrences.c.ended_at.is_(None))
    .order_by(occurrences.c.started_at.desc())
    .limit(1)
)


TO_PLAN_COLUMNS = ("action_id", "chat_id", "escalate", "updated_at")


def to_plan_row(action_id: str, chat_id: str, at: object) -> dict[str, object]:
    return {"action_id": action_id, "chat_id": chat_id, "escalate": False, "updated_at": at}


class GeneralPath(Exception):
    """Raised by a direct statement path for a case it leaves to the general code (its transaction rolls back)."""


class DirectStatements:
    """A /action turn's statements, run on SQLite without SQLAlchemy's per-call work (bot/store/direct.py).

    Only the common case takes this path; anything unusual (a redelivered activity, a chat's first action, a
    constraint failing) is left to the general code in SqlStore, which handles it on every dialect."""

    def __init__(self, dialect: Dialect) -> None:
        self.chat_settings = DirectStatement(CHAT_SETTINGS, dialect, given=["chat_id"])
        self.next_number = DirectStatement(NEXT_NUMBER, dialect, given=["b_chat_id"])
        self.current_occurrence_id = DirectStatement(CURRENT_OCCURRENCE_ID, dialect, given=["chat_id"])
        self.insert_action = DirectStatement(INSERT_ACTION, dialect, given=[c.key for c in actions.c])
        self.insert_to_plan = DirectStatement(INSERT_TO_PLAN, dialect, given=list(TO_PLAN_COLUMNS))
        self.insert_event = DirectStatement(
            INSERT_EVENT, dialect, given=[c.key for c in audit_events.c if c is not audit_events.c.id]
        )
        self.insert_processed = DirectStatement(INSERT_PROCESSED, dialect, given=[c.key for c in processed.c])
        self.mark_replied = DirectStatement(MARK_REPLIED, dialect, given=["b_key", "replied"])
