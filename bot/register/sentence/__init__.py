"""The one reader of action sentences (see ``reader``): ``read_action(sentence, ...)`` → ``ActionReading``."""

from bot.register.sentence.reader import ActionReading, read_action

__all__ = ["ActionReading", "read_action"]
