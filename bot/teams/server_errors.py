"""aiohttp's own refusals of malformed HTTP (a header line over 8 KB, a bad method, a broken chunk) as one log line.

aiohttp answers those requests 400 itself, before any route runs, and logs each at ERROR with a full traceback: a
caller could fill the log with tracebacks by sending long headers. They are the caller's errors, so they are logged
once, as a warning, without the traceback. Errors in Chaser's own handlers keep theirs.
"""

from __future__ import annotations

import logging

from aiohttp.http_exceptions import HttpProcessingError

SERVER_LOGGER = "aiohttp.server"


class ClientErrorsInOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError) and 400 <= int(error.code or 0) < 500:
            record.msg = "%s: %s (HTTP %s)"
            record.args = (record.getMessage(), type(error).__name__, error.code)
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def install() -> None:
    logger = logging.getLogger(SERVER_LOGGER)
    if not any(isinstance(f, ClientErrorsInOneLine) for f in logger.filters):
        logger.addFilter(ClientErrorsInOneLine())
