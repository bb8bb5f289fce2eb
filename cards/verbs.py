"""Verbs carried in card answers (`data.verb`), shared by the card builders and the handler that receives them."""

from __future__ import annotations

LOG_ACTION = "log_action"
DONE = "done"
EDIT = "edit"
SAVE_EDIT = "save_edit"
CANCEL_EDIT = "cancel_edit"
REFRESH_LIST = "list"
# The logged card's own fixes: set the missing owner or date in one tap; remove (soft delete) with a reason.
FIX = "fix"
REMOVE = "remove"
REMOVE_CONFIRM = "remove_confirm"
# The message action's command id (manifest composeExtensions): "Log as action" on any message.
LOG_AS_ACTION_COMMAND = "logAsAction"

# Matters arising (the chair's review at the start of a meeting).
REVIEW_DONE = "review_done"
CARRY_FORWARD = "carry_forward"
DROP = "drop"
REVIEW = frozenset({REVIEW_DONE, CARRY_FORWARD, DROP})

# Answers to a reminder (sent 1:1, so the action is found by id, not by the chat it was answered in).
CHASER_DONE = "chaser_done"
CHASER_UPDATE = "chaser_update"
CHASER_SNOOZE = "chaser_snooze"
CHASER_HAND_BACK = "chaser_hand_back"
CHASER = frozenset({CHASER_DONE, CHASER_UPDATE, CHASER_SNOOZE, CHASER_HAND_BACK})

# Answers to an escalation (sent 1:1 to the Secretariat and the organiser).
ESCALATION_REASSIGN = "escalation_reassign"
ESCALATION_NUDGE = "escalation_nudge"
ESCALATION_CLOSE = "escalation_close"
ESCALATION = frozenset({ESCALATION_REASSIGN, ESCALATION_NUDGE, ESCALATION_CLOSE})

# Naming holders of a role nobody holds, from the Summary of Actions.
ROLE_ASSIGN = "role_assign"

# Importing minutes pasted into a card.
IMPORT_PREVIEW = "import_preview"
IMPORT_CREATE = "import_create"
INPUT_MINUTES = "minutes"
INPUT_MEETING_DATE = "meeting_date"

ALL = (
    frozenset(
        {LOG_ACTION, DONE, EDIT, SAVE_EDIT, CANCEL_EDIT, REFRESH_LIST, IMPORT_PREVIEW, IMPORT_CREATE, ROLE_ASSIGN}
    )
    | frozenset({FIX, REMOVE, REMOVE_CONFIRM})
    | REVIEW
    | CHASER
    | ESCALATION
)

# Input ids, shared by the form builders and the handler that reads the answers.
INPUT_TEXT = "text"
INPUT_OWNER_PERSON = "owner_person"
INPUT_OWNER_ROLE = "owner_role"
INPUT_DEADLINE_TEXT = "deadline_text"
INPUT_DEADLINE_DATE = "deadline_date"
INPUT_REMOVE_REASON = "remove_reason"
# The data of a review answer names its own input (input ids must be unique across a card).
FIELD = "field"
