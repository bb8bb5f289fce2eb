"""Shapes seen in the second round of real minutes (charity boards, standards bodies, open-source notes, a foundation's
tracker, Welsh and English narrative): reviews of earlier actions with their status, owners named by the label,
speakers' own commitments, passive and enumerated actions; and the lines that only look like them."""

from __future__ import annotations

from datetime import date

from bot.register.minutes import Status, parse_minutes
from bot.register.minutes.status import cell_status, owner_marks, status_note


def rows(text: str) -> list[tuple[str, str | None, str]]:
    return [(a.text, a.owner, a.status.value) for a in parse_minutes(text, meeting_date=date(2024, 5, 1)).actions]


def test_carried_forward_actions_take_each_owners_status_from_the_closing_marker() -> None:
    # Wikimedia UK board, 12 May 2009 (charity): the marker under each item gives a status per owner.
    text = (
        "The following actions were carried forward:\n"
        "JS to send a token of our appreciation to the retiring Directors. AT will provide addresses.\n"
        "ACTION: AT Yes check.svg Done; JS Go-next-red.svg Carried forward\n"
        "MP to set up a private wiki for sharing documents.\n"
        "ACTION: MP Yes check.svg Done\n"
    )
    assert rows(text) == [
        ("JS to send a token of our appreciation to the retiring Directors.", "JS", "open"),
        ("AT will provide addresses.", "AT", "done"),
        ("MP to set up a private wiki for sharing documents.", "MP", "done"),
    ]


def test_a_review_of_open_action_items_reads_the_status_line_under_each() -> None:
    # OASIS Board (2006) and Technical Advisory Board (2015): references, bracketed status, "AI closed".
    board = (
        "Open Action Items:\n"
        "ACTION ITEM 2006-01-25.02: Patrick Gannon to track the IT issues list.\n"
        "[Status: Open. Ongoing.]\n"
        "ACTION ITEM 2006-01-25.04: The Strategy Committee to report with options for membership categories.\n"
        "[Status: Closed. Membership categories reviewed on 11 May.]\n"
        "RESOLUTION 2006-01-25:06: RESOLVED that OASIS staff is directed to investigate conference call hosting.\n"
        "[Status: Open. Staff surveyed TCs.]\n"
    )
    found = parse_minutes(board).actions
    assert [(a.ref, a.owner, a.status.value) for a in found] == [
        ("2006-01-25.02", "Patrick Gannon", "open"),
        ("2006-01-25.04", "The Strategy Committee", "done"),
        ("2006-01-25:06", "OASIS staff", "open"),
    ]
    assert found[2].text.startswith("OASIS staff is directed")
    tab = (
        "2) Status of open action items\n\n"
        "* Patrick to sum up referencing issues in specs.\n\nAI kept open.\n\n"
        "* Chet - send draft work plan to TAB to review.\n\nDraft to be reviewed in meeting. AI closed.\n\n"
        "* Chet/Patrick - prepare a mockup of the citations list document\n\nPatrick prepared mockup. AI closed.\n\n"
        "3) Review 2015/2016 work plan\n\nThe work plan was approved.\n"
    )
    assert rows(tab) == [
        ("Patrick to sum up referencing issues in specs.", "Patrick", "open"),
        ("send draft work plan to TAB to review.", "Chet", "done"),
        ("prepare a mockup of the citations list document", "Chet/Patrick", "done"),
    ]


def test_an_agenda_item_about_reviewing_actions_does_not_make_its_siblings_actions() -> None:
    agenda = (
        "1) Approval of agenda and minutes.\n\n2) Status of open action items\n\n3) Review 2015/2016 work plan\n\n"
        "4) Discuss next steps on publishing citation master list(s)\n"
    )
    assert rows(agenda) == []
    # An "Outstanding actions" agenda item followed by its minute: only list items there are actions.
    minute = "OUTSTANDING ACTIONS\n\nReport of the Town Clerk.\n\nThe Town Clerk undertook to make these changes.\n"
    assert rows(minute) == [("The Town Clerk undertook to make these changes.", "Town Clerk", "open")]


def test_labels_that_name_the_owner_and_status_notes_nested_under_them() -> None:
    # Kubernetes Steering Committee notes (2018) and Node.js TSC minutes (2017).
    notes = (
        "* AI Followup:\n"
        "    * AI Aaron: Move the SIG role stuff into the other governance doc\n"
        "    * AI Brendan Burns: Poke SIG Azure\n"
        "        * Charters Merged but needs another person to walk back and review\n"
        "    * AI Dims: SIG Architecture meeting discussion on KEP\n"
        "        * Done\n"
        "    * AI Dims/Aaron Review the Infra WG PR\n"
        "        * Not Done yet.\n"
        "Action Item for Michael: Land the PR.\n"
    )
    assert rows(notes) == [
        ("Move the SIG role stuff into the other governance doc", "Aaron", "open"),
        ("Poke SIG Azure", "Brendan Burns", "open"),
        ("SIG Architecture meeting discussion on KEP", "Dims", "done"),
        ("Review the Infra WG PR", "Dims/Aaron", "open"),
        ("Land the PR.", "Michael", "open"),
    ]


def test_topics_after_a_label_are_not_owners() -> None:
    assert rows("AI Safety: the group discussed the new policy.\nAction Plan: agreed at the last meeting.\n") == []


def test_a_speakers_own_commitment_in_notes() -> None:
    text = (
        "Myles: Would prefer it in one place to avoid deltas.\n\n"
        "Myles: I’ll add some language to make things clear.\n\n"
        "James: I will say that the Doodle data is outdated.\n"
    )
    assert rows(text) == [("I’ll add some language to make things clear.", "Myles", "open")]


def test_narrative_clauses_passives_and_numbered_actions() -> None:
    text = (
        "Possible front bench meeting: suggestions had been put to colleagues; agreed: secretary to contact JA "
        "directly.\n\n"
        "The draft response had been sent to all members; agreed, the final submission would be agreed at the next "
        "officers meeting.\n\n"
        "Updating of the website would be undertaken by the Chairman and Cllr Harries with the assistance of the "
        "website provider.\n\n"
        "The Council AGREED to ask the Lengthsman to tidy up the overgrown path.\n\n"
        "The IAB agreed to take three actions: 1) Determine whether terminology additions are needed. 2) propose "
        "documents the IAB might adopt 3) Create an externally visible webpage.\n\n"
        "The meeting will be held in the village hall. It would be useful to know more. Open to all members.\n"
    )
    assert rows(text) == [
        ("secretary to contact JA directly.", "Secretary", "open"),
        ("the final submission would be agreed.", None, "open"),  # the deadline words are read out of the text
        (
            "Updating of the website would be undertaken by the Chairman and Cllr Harries with the assistance of the "
            "website provider.",
            "Chairman and Cllr Harries",
            "open",
        ),
        ("The Council AGREED to ask the Lengthsman to tidy up the overgrown path.", None, "open"),
        ("Determine whether terminology additions are needed.", "IAB", "open"),
        ("propose documents the IAB might adopt", "IAB", "open"),
        ("Create an externally visible webpage.", "IAB", "open"),
    ]


def test_welsh_narrative_byddai_and_passive() -> None:
    # Chwaraeon Cymru board, July 2022.
    text = (
        "Byddai’r Prif Weithredwr yn siarad â Chadeirydd ac aelodau’r Panel. Awgrymwyd gofyn i'r Panel lunio "
        "prosiect. Byddai awgrymiadau ar sut i symud y Panel yn ei flaen yn cael eu cyflwyno i gyfarfod nesaf y "
        "Bwrdd ym mis Medi.\n"
    )
    found = parse_minutes(text, meeting_date=date(2022, 7, 29)).actions
    assert [(a.owner, a.status) for a in found] == [("Prif Weithredwr", Status.OPEN), (None, Status.OPEN)]
    assert found[1].deadline_text is not None and "Medi" in found[1].deadline_text


def test_a_tracker_with_who_and_the_date_raised_before_the_action() -> None:
    # OpenStreetMap Foundation board: "Name | Date | Action item and status", "Done" under a finished action.
    text = (
        "Name\tDate\tAction item and status\n"
        "Heather\t2018-09-20\tto draft an email to the working groups and share it with the board. Done\n"
        "Kate\t2018-01-18\tto update the etiquette and add a reporting plan.\n"
    )
    found = parse_minutes(text).actions
    assert [(a.text, a.owner, a.deadline_text, a.status.value) for a in found] == [
        ("to draft an email to the working groups and share it with the board.", "Heather", None, "done"),
        ("to update the etiquette and add a reporting plan.", "Kate", None, "open"),
    ]


def test_status_words_beside_an_action() -> None:
    assert status_note("[Status: Closed. Membership categories reviewed on 11 May.]") is True
    assert status_note("[Status: Open. Ongoing.]") is False
    assert status_note("Not yet done. AI kept open.") is False
    assert status_note("Patrick prepared mockup. Chet sent to TAB for review. AI closed.") is True
    assert status_note("    * Done") is True
    assert status_note("Have not done: will do this week") is False
    assert status_note("Open to all OSMF members who wish to attend the meeting and speak at the end of it.") is None
    assert status_note("The minutes were approved.") is None
    assert owner_marks("AT Yes check.svg Done; JS Go-next-red.svg Carried forward") == [("AT", True), ("JS", False)]
    assert owner_marks("PW Go-next-red.svg Carried forward SV, ZH") == [("PW", False)]
    assert owner_marks("Clerk") is None
    assert owner_marks("JB/MW") is None
    assert cell_status("to write to the Advisory Board members about microgrants. Done") == (
        "to write to the Advisory Board members about microgrants.",
        True,
    )
    assert cell_status("Get it done") == ("Get it done", False)


def test_a_terse_label_takes_the_fuller_sentence_it_restates() -> None:
    # Wikimedia UK board, 17 February 2009.
    text = (
        "AT to investigate and report back at next meeting.\n\nACTION: AT to investigate.\n\n"
        "AGM date will need to be postponed.\n\nACTION: AT to phone tellers.\n"
    )
    found = parse_minutes(text).actions
    assert [(a.text, a.owner, a.deadline_text) for a in found] == [
        ("AT to investigate and report back.", "AT", "at next meeting"),
        ("AT to phone tellers.", "AT", None),
    ]


def test_someone_taking_an_action_item_in_narrative_notes() -> None:
    # Node.js TSC, 25 October 2017.
    text = (
        "* Rod will take it as an action item to document the state of things.\n"
        "* Rich had action item to take pulse of TSC.\n"
        "* Rich will take a look at the numbers.\n"
    )
    assert [(a.owner, a.text) for a in parse_minutes(text).actions] == [
        ("Rod", "Rod will take it as an action item to document the state of things."),
        ("Rich", "Rich had action item to take pulse of TSC."),
    ]


def test_numbered_notes_under_a_trackers_action_are_not_part_of_it() -> None:
    text = (
        "Name\tDate\tAction item and status\n"
        "Heather\t2018-12-20\tto draft email to start off discussion. • Was Peter's. Assigned to Heather.\n"
        "Frederik\t2018-12-20\tto remind the call on mailing lists. 1. No takers in OSM.\n"
        "Paul\t2018-12-20\tto update the wiki page. • Done\n"
        "Kate\t2019-01-10\t1. Draft the policy 2. Consult the working groups\n"
    )
    assert [(a.text, a.owner, a.status.value) for a in parse_minutes(text).actions] == [
        ("to draft email to start off discussion.", "Heather", "open"),
        ("to remind the call on mailing lists.", "Frederik", "open"),
        ("to update the wiki page.", "Paul", "done"),
        ("1. Draft the policy 2. Consult the working groups", "Kate", "open"),
    ]
