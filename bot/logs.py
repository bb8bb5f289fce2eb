"""Where log lines go and in what shape: plain text for a terminal, one JSON object per line for a log pipeline.

What is logged is decided where it is logged; the rule that matters here is the bot's: a meeting chat may show the
bot every message, so nothing logs message text that is not a command (the handler drops those unseen), and the
access log records paths without their query strings (export links carry signatures in theirs).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

from bot.config import Settings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Fields a caller may attach with `extra=` that the JSON lines carry as their own keys.
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "activity_id")
QUIET_PATHS = frozenset({"/healthz", "/readyz"})
# An answer-page address carries its token: a capability, never written to a log.
SECRET_PATH_PREFIXES = ("/a/",)


class JsonLines(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, and any known extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in EXTRA_FIELDS:
            if name in record.__dict__:
                line[name] = record.__dict__[name]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(settings: Settings, *, stream: TextIO | None = None) -> None:
    """Replace the root logger's handlers with one to stderr, in the configured format and level."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines() if settings.log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    # Noise unless debugging: APScheduler announces every job it adds, and warns of every tick skipped while a long
    # sweep runs (expected: sweeps never overlap); Alembic names every plugin it loads.
    debugging = settings.log_level == "DEBUG"
    logging.getLogger("apscheduler").setLevel("DEBUG" if debugging else "ERROR")
    logging.getLogger("alembic.runtime.plugins").setLevel("DEBUG" if debugging else "WARNING")


class AccessLog(AbstractAccessLogger):
    """One line per request: method, path (never the query string), status, duration."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        if request.path in QUIET_PATHS and response.status < 400:
            return  # probes every few seconds would drown everything else
        path = loggable_path(request.path)
        self.logger.info(
            "%s %s %s %.1f ms",
            request.method,
            path,
            response.status,
            time * 1000,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status,
                "duration_ms": round(time * 1000, 1),
            },
        )


def loggable_path(path: str) -> str:
    for prefix in SECRET_PATH_PREFIXES:
        if path.startswith(prefix):
            return prefix + "…"
    return path


def gunicorn_log_config(settings: Settings) -> dict[str, Any]:
    """gunicorn's own lines (master and workers) in the same shape as Chaser's (gunicorn.conf.py uses it)."""
    formatter: dict[str, Any] = {"()": JsonLines} if settings.log_format == "json" else {"format": TEXT_FORMAT}
    handler = {"class": "logging.StreamHandler", "formatter": "chaser", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"chaser": formatter},
        "handlers": {"console": handler, "error_console": handler},
        "root": {"level": settings.log_level, "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": settings.log_level, "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": settings.log_level, "handlers": ["console"], "propagate": False},
        },
    }
