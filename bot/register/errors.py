"""Errors the user caused. Each carries a catalogue key and parameters; the edge renders it in the reader's language."""

from __future__ import annotations


class ChaserError(Exception):
    """A refusal the user should see, with what to do next."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, {self.params!r})"


class InvalidInput(ChaserError):
    """Malformed or oversized input: nothing was changed."""


class NotFound(ChaserError):
    """The action (or number) does not exist in this chat."""


class NotAllowed(ChaserError):
    """The person may not do this to this action."""


class Conflict(ChaserError):
    """Someone changed the action first; the user should look again."""
