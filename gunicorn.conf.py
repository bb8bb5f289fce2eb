"""gunicorn's settings for Chaser, read from the working directory: `gunicorn app:create_app` is the whole command
(Azure App Service's start command and the container's). `chaser serve` does the same without gunicorn.

Address, port, log level and format come from Chaser's own settings, so both ways of starting read one
configuration. Workers: 1 by default (WEB_CONCURRENCY for more, PostgreSQL only: a SQLite file is served by one
process, and a second worker is refused).
"""

import os
import sys

from bot.config import Settings
from bot.logs import gunicorn_log_config

try:
    _settings = Settings.from_env(os.environ)
except ValueError as _error:
    print(f"chaser: configuration error: {_error}", file=sys.stderr)
    raise SystemExit(2) from None

wsgi_app = "app:create_app"
worker_class = "aiohttp.GunicornWebWorker"
bind = [f"{_settings.host}:{_settings.port}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
# On SIGTERM a worker stops taking turns and drains (app.DRAIN_SECONDS); gunicorn waits this long for it.
graceful_timeout = 10
# The aiohttp worker reports in every second; one silent this long is restarted.
timeout = 60
# gunicorn's control socket would be written under $HOME, which the container's user does not have.
control_socket_disable = True
logconfig_dict = gunicorn_log_config(_settings)
