"""Incoming JSON into botbuilder's Activity, without msrest's generic Deserializer on the common path.

msrest deserialises field by field through a chain of key extractors and type dispatchers: an eighth of the event
loop's time per /action turn (benchmarks/turns.py). This reader builds exactly what `Activity().deserialize(body)`
builds (the same model classes, the same values, unknown keys in `additional_properties`, 'object' fields copied)
by walking each model's `_attribute_map` once. Anything it is not sure of (a value of an unexpected type, a
polymorphic model) goes to msrest for the whole activity, so odd input gets the SDK's own behaviour and errors.
tests/teams/test_activity_reader.py compares the two on every real payload.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import botbuilder.schema as schema
from botbuilder.schema import Activity
from msrest.exceptions import DeserializationError
from msrest.serialization import Deserializer, Model


class _Unsure(Exception):
    """The fast path met something msrest would coerce or reject: let msrest read the whole activity."""


_SCALARS: dict[str, type] = {"str": str, "bool": bool, "int": int}
# The shape Teams sends (7 fractional digits, Z or an offset); msrest reads anything else.
_TEAMS_TIME = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})")
_FIELDS: dict[type[Model], dict[str, tuple[str, str]]] = {}


def _fields(cls: type[Model]) -> dict[str, tuple[str, str]]:
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = _fields_of(cls)
    return found


def _fields_of(cls: type[Model]) -> dict[str, tuple[str, str]]:
    if getattr(cls, "_subtype_map", None) or any(rule for rule in getattr(cls, "_validation", {}).values()):
        raise _Unsure(cls.__name__)
    fields = {}
    for attribute, spec in cls._attribute_map.items():
        key = spec["key"]
        if not key or "." in key:  # flattened or catch-all keys: msrest's business
            raise _Unsure(cls.__name__)
        fields[key] = (attribute, spec["type"])
    return fields


def _model(kind: str) -> type[Model] | None:
    found = getattr(schema, kind, None)
    return found if isinstance(found, type) and issubclass(found, Model) else None


def _copied(value: Any) -> Any:
    # msrest hands 'object' fields over as fresh dicts and lists; the raw body stays the route's own.
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def _value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    scalar = _SCALARS.get(kind)
    if scalar is not None:
        # bool is an int in Python; msrest would coerce a bool given for an int (and vice versa) differently.
        if type(value) is not scalar:
            raise _Unsure(kind)
        return value
    if kind == "object":
        return _copied(value)
    if kind == "iso-8601":
        if not isinstance(value, str):
            raise _Unsure(kind)
        return _timestamp(value)
    if kind.startswith("[") and kind.endswith("]"):
        if not isinstance(value, list):
            raise _Unsure(kind)
        inner = kind[1:-1]
        return [_value(inner, item) for item in value]
    if kind.startswith("{") and kind.endswith("}"):
        if not isinstance(value, dict):
            raise _Unsure(kind)
        inner = kind[1:-1]
        return {key: _value(inner, item) for key, item in value.items()}
    model = _model(kind)
    if model is None:
        raise _Unsure(kind)
    return _instance(model, value)


def _timestamp(value: str) -> datetime:
    # msrest goes through isodate and a regex per timestamp; two per activity were a twentieth of a turn's reading.
    match = _TEAMS_TIME.fullmatch(value)
    if match is None or value.startswith(("0001", "9999")):  # the year bounds msrest checks in UTC
        return Deserializer.deserialize_iso(value)
    whole, fraction, zone = match.groups()
    # msrest keeps six digits, cut (not rounded); an unknown date or time raises ValueError: msrest reads it all
    microseconds = (fraction or "")[:6].ljust(6, "0")
    return datetime.fromisoformat(f"{whole}.{microseconds}{'+00:00' if zone == 'Z' else zone}")


def _instance(cls: type[Model], data: Any) -> Model:
    if not isinstance(data, dict):
        raise _Unsure(cls.__name__)
    fields = _fields(cls)
    # msrest passes every attribute, None when absent, overriding any default in the model's constructor.
    known: dict[str, Any] = {attribute: None for attribute, _kind in fields.values()}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        field = fields.get(key)
        if field is None:
            extra[key] = value
        else:
            attribute, kind = field
            known[attribute] = _value(kind, value)
    instance = cls(**known)
    if extra:
        instance.additional_properties = extra
    return instance


def read_activity(body: dict[str, Any]) -> Activity:
    """The Activity msrest would make of `body` (raises what msrest raises when it cannot)."""
    try:
        activity = _instance(Activity, body)
    except (_Unsure, ValueError, TypeError, DeserializationError):
        activity = Activity().deserialize(body)
    assert isinstance(activity, Activity)
    return activity
