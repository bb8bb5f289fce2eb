"""The fast activity reader makes exactly what msrest makes, on every real payload and on odd input."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest
from botbuilder.schema import Activity
from msrest.exceptions import DeserializationError
from msrest.serialization import Deserializer, Model

from bot.teams.activity_reader import read_activity
from tests.support.activities import ALEX, PAYLOADS, Teams, payload

INBOUND = sorted(
    path.name
    for path in PAYLOADS.glob("*.json")
    if not any(word in path.name for word in ("SCHEMA", "response", "request", "outgoing"))
)


def same(a: Any, b: Any, where: str = "activity") -> list[str]:
    """Every difference between two msrest-made values: types, attributes, additional properties."""
    if type(a) is not type(b):
        return [f"{where}: {type(a).__name__} != {type(b).__name__}"]
    if isinstance(a, Model):
        keys = set(vars(a)) | set(vars(b))
        return [d for key in sorted(keys) for d in same(vars(a).get(key), vars(b).get(key), f"{where}.{key}")]
    if isinstance(a, dict):
        if set(a) != set(b):
            return [f"{where}: keys {sorted(a)} != {sorted(b)}"]
        return [d for key in a for d in same(a[key], b[key], f"{where}[{key!r}]")]
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in same(x, y, f"{where}[{i}]")]
    if isinstance(a, datetime) and a.utcoffset() != b.utcoffset():
        return [f"{where}: offset {a.utcoffset()} != {b.utcoffset()}"]  # == alone compares instants
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def by_msrest(body: dict[str, Any]) -> Activity:
    made = Activity().deserialize(copy.deepcopy(body))
    assert isinstance(made, Activity)
    return made


def builder_activities() -> list[tuple[str, dict[str, Any]]]:
    teams = Teams("https://smba.trafficmanager.net/uk/")
    return [
        ("meeting message with mention", teams.meeting_message("/action Share the toolkit", mention_bot=True)),
        ("group message", teams.group_message("/actions")),
        ("personal message", teams.personal_message("/help", user=ALEX, locale="cy-GB")),
        ("card invoke", teams.card_invoke({"verb": "done", "action_id": "x"})),
        ("card submit", teams.card_submit({"verb": "done", "action_id": "x"})),
        ("bot added", teams.bot_added()),
    ]


def assert_read_as_msrest_reads(body: dict[str, Any]) -> None:
    try:
        expected = by_msrest(body)
    except DeserializationError as error:
        with pytest.raises(DeserializationError) as raised:
            read_activity(body)
        assert str(raised.value) == str(error)
        return
    assert same(read_activity(body), expected) == []


@pytest.mark.parametrize("name", INBOUND)
def test_real_payloads_read_as_msrest_reads_them(name: str) -> None:
    # meeting_start/end_event.json are MS Learn's verbatim examples, whose localTimestamp "…-8" msrest refuses.
    assert_read_as_msrest_reads(payload(name))


BUILT = builder_activities()


@pytest.mark.parametrize(("label", "body"), BUILT, ids=[label for label, _ in BUILT])
def test_the_test_suites_activities_read_as_msrest_reads_them(label: str, body: dict[str, Any]) -> None:
    assert_read_as_msrest_reads(body)


def test_fields_are_typed_and_unknown_keys_kept() -> None:
    body = {
        "type": "message",
        "id": "1",
        "timestamp": "2025-03-17T12:04:05.1234567Z",
        "text": "/action x",
        "from": {"id": "29:1", "name": "Alex", "aadObjectId": "aad-1", "futureField": {"a": 1}},
        "entities": [{"type": "mention", "mentioned": {"id": "28:bot", "name": "Chaser"}, "text": "<at>Chaser</at>"}],
        "channelData": {"tenant": {"id": "t"}, "meeting": {"id": "m"}},
        "newTopLevelThing": [1, 2],
    }
    activity = read_activity(body)
    assert isinstance(activity.timestamp, datetime)
    assert activity.from_property.aad_object_id == "aad-1"
    assert activity.from_property.additional_properties == {"futureField": {"a": 1}}
    assert activity.entities[0].additional_properties["mentioned"]["id"] == "28:bot"
    assert activity.additional_properties == {"newTopLevelThing": [1, 2]}
    assert same(activity, by_msrest(body)) == []
    # 'object' fields are copies, as msrest makes them: changing one never changes the raw body the route keeps.
    activity.channel_data["tenant"]["id"] = "changed"
    assert body["channelData"]["tenant"]["id"] == "t"


@pytest.mark.parametrize(
    "odd",
    [
        {"type": "message", "text": 12},  # msrest turns it into "12"
        {"type": "message", "id": True},
        {"type": "message", "membersAdded": {"id": "x"}},  # not a list
        {"type": "message", "from": "someone"},  # not an object
        {"type": "message", "timestamp": 5},
        {"type": "message", "timestamp": "yesterday"},  # msrest refuses it
        {"type": "message", "attachments": [{"contentType": "x", "content": {"a": [1, {"b": None}]}}]},
    ],
)
def test_odd_input_gets_exactly_what_msrest_gives(odd: dict[str, Any]) -> None:
    assert_read_as_msrest_reads(odd)


@pytest.mark.parametrize(
    "stamp",
    [
        "2025-03-17T12:30:00.1234567Z",  # Teams' own: seven digits, cut to six as msrest cuts them
        "2025-03-17T12:30:00.1239999Z",
        "2025-03-17T12:30:00.5Z",
        "2025-03-17T12:30:00Z",
        "2025-03-17T12:30:00.123+01:00",
        "2025-03-17T04:30:00.000-08:00",
        "2025-03-17T12:30:00.000z",  # lower case: msrest's
        "2025-03-17T12:30:00",  # no zone: msrest's (naive)
        "2025-02-30T12:30:00Z",  # no such day: msrest refuses it
        "2025-03-17T12:30:00.000-8",  # MS Learn's examples: msrest refuses it
        "0001-01-01T00:30:00+01:00",  # before year 1 in UTC: msrest refuses it
        "9999-12-31T23:30:00-01:00",
    ],
)
def test_timestamps_read_as_msrest_reads_them(stamp: str) -> None:
    assert_read_as_msrest_reads({"type": "message", "timestamp": stamp, "localTimestamp": stamp})


def test_the_fast_path_is_taken_for_a_normal_message(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without this the reader could quietly fall back to msrest every time and every test above would still pass.
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("msrest was asked")

    monkeypatch.setattr(Activity, "deserialize", refuse)
    monkeypatch.setattr(Deserializer, "deserialize_iso", refuse)
    body = Teams("https://smba.trafficmanager.net/uk/").meeting_message("/action Share the toolkit", mention_bot=True)
    assert read_activity(body).text == body["text"]
