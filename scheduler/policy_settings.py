"""How hard to chase: the policy's settings, from the environment (``CHASER_<SETTING>``) and per chat."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import timedelta

ENV_PREFIX = "CHASER_"

_WORKING_YEAR = 260
_INTEGER = re.compile(r"[+-]?[0-9]+")


class PolicyConfigError(ValueError):
    """A chase policy setting that cannot be used; the message names the variable or setting."""


# (least, most) for each setting. Zero lateness would drop a chaser swept a second after it fell.
_BOUNDS: dict[str, tuple[int, int]] = {
    "remind_before_days": (0, _WORKING_YEAR),
    "overdue_every_days": (1, _WORKING_YEAR),
    "escalate_after": (0, 50),
    "asap_first_days": (1, _WORKING_YEAR),
    "asap_every_days": (1, _WORKING_YEAR),
    "next_meeting_before_days": (1, _WORKING_YEAR),
    "next_meeting_every_days": (1, _WORKING_YEAR),
    "checkin_every_days": (1, _WORKING_YEAR),
    "unknown_every_days": (1, _WORKING_YEAR),
    "max_lateness_hours": (1, 24 * 366),
}


def _setting(name: str, raw: object) -> int:
    # bool is an int to Python, but a per-chat form that sends True for a number of days has a bug worth seeing.
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
        return int(raw.strip())
    raise PolicyConfigError(f"{name}: expected a whole number, got {raw!r}")


@dataclass(frozen=True)
class ChasePolicy:
    """How hard to chase. Defaults here; ``from_env`` for the deployment, ``with_overrides`` for one chat."""

    remind_before_days: int = 3
    overdue_every_days: int = 5
    escalate_after: int = 2
    asap_first_days: int = 2
    asap_every_days: int = 5
    next_meeting_before_days: int = 5
    next_meeting_every_days: int = 5
    checkin_every_days: int = 20
    unknown_every_days: int = 5
    max_lateness_hours: int = 72

    def __post_init__(self) -> None:
        for item in fields(self):
            self._check(item.name, item.name, getattr(self, item.name))

    @staticmethod
    def _check(label: str, field_name: str, raw: object) -> int:
        value = _setting(label, raw)
        least, most = _BOUNDS[field_name]
        if not least <= value <= most:
            raise PolicyConfigError(f"{label}: must be between {least} and {most}, got {value}")
        return value

    @staticmethod
    def env_name(field_name: str) -> str:
        return ENV_PREFIX + field_name.upper()

    @property
    def max_lateness(self) -> timedelta:
        return timedelta(hours=self.max_lateness_hours)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ChasePolicy:
        """Read ``CHASER_<SETTING>`` variables (e.g. ``CHASER_REMIND_BEFORE_DAYS=3``); unset or empty keeps the
        default."""
        values: dict[str, int] = {}
        for item in fields(cls):
            variable = cls.env_name(item.name)
            raw = env.get(variable)
            if raw is None or not raw.strip():
                continue
            values[item.name] = cls._check(variable, item.name, raw)
        return cls(**values)

    def with_overrides(self, overrides: Mapping[str, object]) -> ChasePolicy:
        """This policy with one chat's settings on top. Keys are setting names (``remind_before_days``) or their
        variables (``CHASER_REMIND_BEFORE_DAYS``); a None value leaves the setting as it is. Unknown keys are errors,
        so a misspelt setting is not silently ignored."""
        by_key = {item.name: item.name for item in fields(self)}
        by_key.update({self.env_name(item.name): item.name for item in fields(self)})
        values: dict[str, int] = {}
        for key, raw in overrides.items():
            field_name = by_key.get(key)
            if field_name is None:
                raise PolicyConfigError(f"{key}: not a chase policy setting")
            if raw is None:
                continue
            values[field_name] = self._check(key, field_name, raw)
        return replace(self, **values)
