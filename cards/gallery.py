"""Every card Chaser can send, built from representative data: short and long texts, 1 and 50 rows, each language.

The card checks (the Adaptive Cards 1.5 schema and Microsoft's JavaScript renderer) and the screenshots in
docs/screenshots/ run over this list, so a new card builder belongs here too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.register.chasing import ChaserItem
from bot.register.model import (
    Action,
    ActionStatus,
    Deadline,
    DeadlineKind,
    Occurrence,
    Owner,
    Person,
)
from bot.register.recipients import LOGGED, NOBODY, ROLE, Recipients
from bot.register.report import CARRIED, DONE, DROPPED, HANDED_BACK, NOT_REVIEWED, ReportItem
from cards.action_cards import action_card, action_form_card, edit_form_card, remove_form_card
from cards.catalogue import BILINGUAL, t
from cards.chaser_cards import chat_note, reminder_card
from cards.chasers_view_card import PlannedRow, ReachRow, chasers_view_card
from cards.export_card import export_card
from cards.help_card import help_card
from cards.import_cards import import_form_card, import_preview_card
from cards.list_cards import actions_list_card
from cards.review_cards import review_cards
from cards.summary_cards import owner_digest_card, summary_cards
from cards.welcome_card import welcome_card

TZ = ZoneInfo("Europe/London")
MEETING = datetime(2025, 3, 17, 12, 0, tzinfo=UTC)
LONG_TEXT = (
    "Share the Diversity & Inclusion Section 30 guidance with Forum members once available, with a note on "
    "**what changed** since the consultation, [links](https://example.org) to the summary of responses, and "
    "the timetable for the 2026 election <at>nobody</at> _ # | "
) * 3

SEED = [
    ("Share the Misinformation Toolkit with Forum members.", "Secretariat", "As soon as possible", DeadlineKind.ASAP),
    (
        "Share Diversity & Inclusion Section 30 guidance with Forum members once available.",
        "Secretariat",
        "When published (Spring 2025)",
        DeadlineKind.EVENT,
    ),
    (
        "Share details about the new Equality & Inclusion grant schemes more widely with the group.",
        "Welsh Government Officials",
        "Ahead of grant launch (by May 2025)",
        DeadlineKind.EVENT,
    ),
    (
        "Regional Convenor for North Wales to follow up with Forum member regarding support.",
        "Regional Convenor (North Wales)",
        "In due course",
        DeadlineKind.ONGOING,
    ),
    (
        "Forum member to contact Head of Sanctuary Policy regarding social media-related experiences.",
        "Appointed Forum Member",
        "As soon as possible",
        DeadlineKind.ASAP,
    ),
    (
        "Invite a Diversity and Anti-Racism Professional Learning (DARPL) representative to the next Wales Race "
        "Forum meeting.",
        "Secretariat",
        "Before next meeting",
        DeadlineKind.NEXT_MEETING,
    ),
    (
        "Arrange next Wales Race Forum meeting in June and send diary marker.",
        "Secretariat",
        "By June 2025",
        DeadlineKind.DATE,
    ),
]

OCCURRENCE = Occurrence(
    id="occ-1", chat_id="19:meeting@thread.v2", meeting_id="m", title="Wales Race Forum", started_at=MEETING
)
LOGGER = Person("Alex Jones", aad_id="aad-alex", user_id="29:alex")
BETH = Person("Beth Evans", aad_id="aad-beth", user_id="29:beth")


def sample_action(number: int, text: str, role: str, words: str, kind: DeadlineKind, **changes: Any) -> Action:
    due = datetime(2025, 5, 31, tzinfo=TZ) if kind in (DeadlineKind.DATE, DeadlineKind.EVENT) else None
    fields: dict[str, Any] = {
        "id": f"{number:032x}",
        "tenant_id": "t",
        "chat_id": OCCURRENCE.chat_id,
        "occurrence_id": OCCURRENCE.id,
        "number": number,
        "text": text,
        "owner": Owner.role(role),
        "deadline": Deadline(words, kind, due=due, latest=due),
        "status": ActionStatus.OPEN,
        "created_at": MEETING + timedelta(minutes=number),
        "created_by": LOGGER,
        "updated_at": MEETING + timedelta(minutes=number),
    }
    fields.update(changes)
    return Action(**fields)


JUNE = Occurrence(
    id="occ-2",
    chat_id=OCCURRENCE.chat_id,
    meeting_id="m",
    title="Wales Race Forum",
    started_at=datetime(2025, 6, 16, 11, tzinfo=UTC),
)


def report_sample(seed: list[Action], updated: Action) -> list[ReportItem]:
    """What became of March's actions by June: one of each outcome, two with a progress update."""
    april, june = datetime(2025, 4, 2, 10, tzinfo=UTC), datetime(2025, 6, 16, 11, 20, tzinfo=UTC)
    return [
        ReportItem(replace(seed[1], status=ActionStatus.DONE), DONE, by="Beth Evans", at=april),
        ReportItem(
            replace(seed[3], status=ActionStatus.DROPPED),
            DROPPED,
            by="Carys Owen",
            at=june,
            reason="The member no longer needs support",
        ),
        ReportItem(
            replace(seed[2], owner=None),
            HANDED_BACK,
            by="Gwen Price",
            at=april,
            reason="On leave until July",
            suggested="Rhys Jones",
        ),
        ReportItem(
            seed[0],
            CARRIED,
            by="Carys Owen",
            at=june,
            deadline_was="As soon as possible",
            update="Drafting the covering note",
            update_by="Alex Jones",
            update_at=april,
        ),
        ReportItem(updated, CARRIED, by="Carys Owen", at=june),
        ReportItem(seed[4], NOT_REVIEWED),
    ]


def seed_actions() -> list[Action]:
    return [sample_action(n, *row) for n, row in enumerate(SEED, start=1)]


def many_actions(count: int) -> list[Action]:
    return [
        sample_action(n, f"{n}: {LONG_TEXT[: 80 + (n % 5) * 60]}", "Secretariat", "By June 2025", DeadlineKind.DATE)
        for n in range(1, count + 1)
    ]


def samples(locales: tuple[str, ...] = ("en", "cy", BILINGUAL)) -> list[tuple[str, dict[str, Any]]]:
    seed = seed_actions()
    long_one = sample_action(9, LONG_TEXT[:1000], "Regional Convenor (North Wales)", "31/03/25", DeadlineKind.DATE)
    done = sample_action(8, "Book the room", "Secretariat", "By June 2025", DeadlineKind.DATE, status=ActionStatus.DONE)
    updated = sample_action(
        10,
        "Send the deck",
        "Secretariat",
        "",
        DeadlineKind.UNKNOWN,
        latest_update="Draft is with legal, due back Friday",
    )
    beth = Owner.person("Beth Evans", aad_id="b")
    person_owned = sample_action(
        11, "Write the note", "Secretariat", "As soon as possible", DeadlineKind.ASAP, owner=beth
    )
    invited = sample_action(12, "DARPL to be invited to the next meeting", "x", "", DeadlineKind.UNKNOWN, owner=None)
    unowned_tbc = sample_action(13, "Book the venue for the AGM", "x", "TBC", DeadlineKind.UNKNOWN, owner=None)
    removed = sample_action(
        14, "Share the toolkit", "Secretariat", "ASAP", DeadlineKind.ASAP, status=ActionStatus.REMOVED
    )
    items = [
        ChaserItem(seed[0], "overdue:1", "overdue", OCCURRENCE.title, MEETING, name_owner=True),
        ChaserItem(updated, "overdue:1", "overdue", OCCURRENCE.title, MEETING),
    ]
    result: list[tuple[str, dict[str, Any]]] = []
    for locale in locales:
        cards: dict[str, dict[str, Any]] = {
            "action-logged": action_card(seed[0], locale=locale, tz=TZ),
            "action-logged-long": action_card(long_one, locale=locale, tz=TZ),
            "action-done": action_card(done, locale=locale, tz=TZ, heading="done"),
            "action-person": action_card(person_owned, locale=locale, tz=TZ),
            "action-ask-who": action_card(invited, locale=locale, tz=TZ, ask_who=True),
            "action-needs-owner-and-date": action_card(unowned_tbc, locale=locale, tz=TZ),
            "action-remove": remove_form_card(seed[0], locale=locale),
            "action-remove-problem": remove_form_card(seed[0], locale=locale, problem=t("error.remove.reason", locale)),
            "action-removed": action_card(removed, locale=locale, tz=TZ, heading="removed"),
            "action-form": action_form_card(locale=locale, form_id="f1"),
            "action-form-problem": action_form_card(
                locale=locale,
                form_id="f1",
                values={"owner_role": "Secretariat"},
                problem=t("card.form.action_required", locale),
            ),
            "action-edit": edit_form_card(seed[1], locale=locale),
            "list-seed": actions_list_card(seed, locale=locale, tz=TZ),
            "list-empty": actions_list_card([], locale=locale, tz=TZ),
            "list-50": actions_list_card(many_actions(50), locale=locale, tz=TZ),
            "help-group": help_card(locale=locale, scope="groupChat"),
            "help-personal": help_card(locale=locale, scope="personal"),
            "welcome": welcome_card(locale=locale, scope="groupChat"),
            "summary-seed": summary_cards(OCCURRENCE, seed, locale=locale, tz=TZ, ask_next_meeting=True)[0],
            "summary-next-meeting": summary_cards(
                OCCURRENCE, seed[:3], locale=locale, tz=TZ, next_meeting=MEETING + timedelta(days=91)
            )[0],
            "summary-none": summary_cards(OCCURRENCE, [], locale=locale, tz=TZ)[0],
            "summary-report-back": summary_cards(
                JUNE,
                [sample_action(12, "Circulate the June minutes", "Secretariat", "", DeadlineKind.UNKNOWN)],
                locale=locale,
                tz=TZ,
                previous=OCCURRENCE,
                report=report_sample(seed, updated),
                more_report=3,
                meetings={OCCURRENCE.id: MEETING, JUNE.id: JUNE.started_at},
            )[0],
            "summary-unheld-roles": summary_cards(
                OCCURRENCE,
                seed,
                locale=locale,
                tz=TZ,
                unheld=["Regional Convenor (North Wales)", "Welsh Government Officials"],
            )[-1],
            "summary-200-page1": summary_cards(OCCURRENCE, many_actions(200), locale=locale, tz=TZ)[0],
            "owner-digest": owner_digest_card(OCCURRENCE, seed[:2], locale=locale, tz=TZ),
            "review-seed": review_cards(OCCURRENCE, OCCURRENCE, [*seed, done, updated], locale=locale, tz=TZ)[0],
            "review-none": review_cards(OCCURRENCE, None, [], locale=locale, tz=TZ)[0],
            "reminder-one": reminder_card(items[:1], locale=locale, tz=TZ),
            "reminder-two": reminder_card(items, locale=locale, tz=TZ),
            "reminder-escalation": reminder_card(items[:1], locale=locale, tz=TZ, escalation=True),
            "reminder-escalated-owner": reminder_card(
                [ChaserItem(updated, "escalate:asap:1", "escalated", OCCURRENCE.title, MEETING)], locale=locale, tz=TZ
            ),
            "reminder-nudge": reminder_card(
                [ChaserItem(updated, "nudge", "nudge", OCCURRENCE.title, MEETING)], locale=locale, tz=TZ
            ),
            "chasers-view": chasers_view_card(
                [
                    PlannedRow(seed[0], "reminder", MEETING + timedelta(days=2), Recipients((LOGGER, BETH), ROLE)),
                    PlannedRow(long_one, "overdue", MEETING + timedelta(days=9), Recipients((LOGGER,), LOGGED)),
                    PlannedRow(seed[2], "escalation", MEETING + timedelta(days=10), Recipients((), NOBODY)),
                ],
                [
                    ReachRow("Beth Evans", "personal"),
                    ReachRow("Carys Owen", "mention"),
                    ReachRow(
                        "jo@example.org",
                        "unreachable",
                        mail_failure=(MEETING + timedelta(days=2), "550 5.1.1 <jo@example.org>: mailbox unavailable"),
                    ),
                    ReachRow("Dafydd Rees", "email", install_failure=(MEETING, "403 Forbidden: the app is blocked")),
                ],
                unheld=["Regional Convenor (North Wales)"],
                total=75,
                locale=locale,
                tz=TZ,
                days=14,
            ),
            "chasers-view-empty": chasers_view_card([], [], locale=locale, tz=TZ, days=14),
            "chat-note": chat_note("chaser.note.done", locale, name="Beth Evans", number=3),
            "import-form": import_form_card(locale=locale, form_id="f1"),
            "import-preview": import_preview_card(
                [(a.number, a.text, a.owner.name if a.owner else "", a.deadline.text) for a in seed],
                title="Wales Race Forum",
                meeting_date="2025-03-17",
                locale=locale,
                form_id="f1",
            ),
            "export": export_card(
                {f: f"https://chaser.example.org/exports?format={f}" for f in ("docx", "csv", "md", "ics")},
                locale=locale,
                minutes=15,
            ),
        }
        result += [(f"{name}.{locale}", card) for name, card in cards.items()]
    return result
