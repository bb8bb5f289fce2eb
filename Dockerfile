# Chaser in a container: `docker build -t chaser .` then see compose.yaml (PostgreSQL, two replicas, Caddy).
# Two stages: the first installs Chaser and its dependencies into a virtual environment (every dependency ships a
# manylinux wheel, so no compiler is needed even there); the second copies only that environment onto a clean slim
# image and runs it as an unprivileged user.

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/chaser
WORKDIR /src
COPY pyproject.toml README.md app.py ./
COPY bot ./bot
COPY cards ./cards
COPY dialogs ./dialogs
COPY manifest ./manifest
COPY scheduler ./scheduler
# A regular (not editable) install: the image runs what was installed, not the source tree.
RUN /opt/chaser/bin/pip install --no-cache-dir .

FROM python:3.11-slim-bookworm
RUN groupadd --system --gid 10001 chaser \
    && useradd --system --uid 10001 --gid chaser --home-dir /app --no-create-home --shell /usr/sbin/nologin chaser \
    && mkdir -p /app /data \
    && chown chaser:chaser /data
COPY --from=build /opt/chaser /opt/chaser
WORKDIR /app
# gunicorn reads its settings from the working directory.
COPY gunicorn.conf.py ./
ENV PATH=/opt/chaser/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=3978 \
    DATABASE_URL=sqlite:////data/chaser.db \
    CHASER_LOG_FORMAT=json
# The SQLite register (the embedded default) lives here; with PostgreSQL nothing is written to disk.
VOLUME ["/data"]
USER 10001:10001
EXPOSE 3978
# Liveness only (/healthz does not touch the database); orchestrators route traffic on /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3978'), timeout=4)"]
# SIGTERM (docker stop) drains within 10 s; compose.yaml gives it 15.
STOPSIGNAL SIGTERM
CMD ["gunicorn", "app:create_app"]
